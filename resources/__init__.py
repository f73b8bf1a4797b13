"""The app's data files: icons, SAT's test FIEL (demo/), the SAT catalogs and the translations.

This folder is the package ``desktop_app.resources`` (pyproject.toml maps it with
``[tool.setuptools.package-dir]``): in a checkout (editable install), an installed wheel and the frozen bundle
alike, code finds a file with ``importlib.resources.files("desktop_app.resources") / "icons" / "app.svg"``.
"""
