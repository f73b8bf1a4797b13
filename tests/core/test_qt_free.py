"""DESIGN.md §1: the core imports nothing from Qt. Import every core module with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_every_core_module_imports_without_qt():
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
                    raise ImportError(f"core must not import {name}")
                return None

        sys.meta_path.insert(0, BlockQt())
        import desktop_app.core as core
        import desktop_app.sandbox as sandbox
        names = []
        for pkg in (core, sandbox):
            for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                importlib.import_module(info.name)
                names.append(info.name)
        print(len(names))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) >= 2
