"""The top-level resources/ folder is the package ``desktop_app.resources``: pyproject.toml maps it, the code
finds every data file through it, and the wheel and the frozen bundle both put it in desktop_app/resources/."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_package_is_listed_for_the_wheel():
    # packages.find cannot name desktop_app.resources (its folder is outside desktop_app/), so the list is
    # explicit: a package added under desktop_app/ must be added to [tool.setuptools] packages too.
    found = set(find_packages(str(ROOT), include=["desktop_app", "desktop_app.*"]))
    listed = set(SETUPTOOLS["packages"])
    assert found - listed == set(), "add these to pyproject.toml [tool.setuptools] packages"
    assert listed - found == {"desktop_app.resources"}, "pyproject.toml lists packages that do not exist"


def test_resources_package_is_the_top_level_folder():
    assert SETUPTOOLS["package-dir"] == {"desktop_app.resources": "resources"}
    assert SETUPTOOLS["package-data"]["desktop_app.resources"] == ["**/*"]
    assert (ROOT / "resources" / "__init__.py").is_file()
    assert not (ROOT / "desktop_app" / "resources").exists()


def test_code_finds_resources_in_the_checkout():
    # The editable install (tasks.py) serves desktop_app.resources from resources/.
    base = resources.files("desktop_app.resources")
    assert Path(str(base)).resolve() == (ROOT / "resources").resolve()
    for relative in ("icons/app.svg", "demo/EKU9003173C9.cer", "catalogs/sat-catalogs.json"):
        assert base.joinpath(*relative.split("/")).is_file(), relative


def test_nothing_looks_for_the_old_place():
    old = ('files("desktop_app") / "resources"', '"desktop_app" / "resources"', 'PACKAGE / "resources"')
    places = [*(ROOT / "desktop_app").rglob("*.py"), *(ROOT / "build_scripts").rglob("*.py")]
    places += [ROOT / "build_scripts" / "descarga_masiva.spec", ROOT / "tasks.py"]
    offenders = [str(p.relative_to(ROOT)) for p in places for text in old if text in p.read_text(encoding="utf-8")]
    assert offenders == []
