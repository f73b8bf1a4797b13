#!/usr/bin/env python3
"""Developer tasks that need nothing but Python 3.11.

    python3 tasks.py demo   create .venv, install the app, open the demo on the built-in SAT sandbox
                            (without a display it runs the same flow headless and prints it)
    python3 tasks.py test   create .venv, install the app + dev tools, run ruff, mypy and the whole test suite
                            (with the core's coverage and its floor; `tasks.py test <pytest args>` runs a subset);
                            the repository and server tests also run on a PostgreSQL that the tests start
                            (installed with apt-get when missing; DESCARGA_TEST_POSTGRES=postgresql://… to use yours),
                            and the window once on a real X server (Xvfb and Qt's xcb libraries, apt-get likewise)
    python3 tasks.py build-check   frozen build in build/venv (pinned PyInstaller): bundle, its --self-test,
                            size and cold start (build_scripts/README.md)

Each task creates (or reuses) its own virtual environment in `.venv` and reinstalls only when
`pyproject.toml` changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# Lines of desktop_app/core run by the test suite, in percent (93.8 measured on Linux, 2026-12-06): raise it as
# tests grow, never lower it quietly.
CORE_COVERAGE_FLOOR = 91


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), file=sys.stderr, flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if completed.returncode:
        raise SystemExit(completed.returncode)


def _ensure_venv(extras: str) -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    _run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)
    stamp.write_text(digest)


def _compile_translations() -> None:
    """Qt's .qm files are built from the committed .ts sources (they are not kept in git)."""
    _run(PYTHON, str(ROOT / "build_scripts" / "i18n.py"), "compile")


def demo() -> None:
    _ensure_venv("")
    _compile_translations()
    args = sys.argv[2:]
    headless_linux = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless_linux and "--headless" not in args:
        print("No display found: running the demo without a window (--headless).", file=sys.stderr)
        args = ["--headless", *args]
    _run(PYTHON, "-m", "desktop_app", "demo", *args)


_apt_updated = False


def _apt_install(*packages: str) -> None:
    """``apt-get install`` (as root on Debian/Ubuntu), the package lists refreshed once per run."""
    global _apt_updated
    apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _apt_updated:
        _run("apt-get", "update", "-qq", env=apt_env)
        _apt_updated = True
    _run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=apt_env)


def _postgres_for_tests(env: dict[str, str]) -> None:
    """The repository and server tests run on PostgreSQL too, against a real server that the tests start
    (tests/pg_support.py) from this machine's PostgreSQL binaries: install them when missing (Debian/Ubuntu as
    root: apt-get), and make the PostgreSQL tests fail, never skip, if no server can be started."""
    if env.get("DESCARGA_TEST_POSTGRES", "").startswith(("postgresql://", "postgres://")):
        return  # a server of the developer's own
    env["DESCARGA_TEST_POSTGRES"] = "required"
    sys.path.insert(0, str(ROOT))
    from tests.pg_support import server_bin_dir

    if server_bin_dir() is not None:
        return
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("PostgreSQL server binaries not found: installing the distribution's package.", file=sys.stderr)
        _apt_install("postgresql")
    if server_bin_dir() is None:
        print(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: the PostgreSQL tests will fail. Install "
            "PostgreSQL, or set DESCARGA_TEST_POSTGRES=postgresql://… to a server the tests may create databases on.",
            file=sys.stderr,
        )


def _x_server_for_tests(env: dict[str, str]) -> None:
    """tests/e2e/test_window_start.py opens the real window on a real X server (Xvfb) through Qt's xcb plugin:
    install Xvfb and the system libraries that plugin lacks (Debian/Ubuntu as root: apt-get, the packages named
    from the libraries ldd finds missing, as the app itself names them to its users), and make that test fail,
    never skip, when tasks.py runs it."""
    if not sys.platform.startswith("linux"):
        return
    env["DESCARGA_TEST_XSERVER"] = "required"
    sys.path.insert(0, str(ROOT))
    from desktop_app.gui.display import debian_package, ldd_missing

    plugin = next(VENV.glob("lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so"), None)
    missing = sorted(set(ldd_missing(plugin))) if plugin is not None else []
    packages = [p for p in (debian_package(lib) for lib in missing) if p]
    if shutil.which("Xvfb") is None:
        packages.insert(0, "xvfb")
    if not packages:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"For the window's test on a real X server, installing: {' '.join(packages)}", file=sys.stderr)
        _apt_install(*packages)
    else:
        print(f"The window's test on a real X server needs: {' '.join(packages)}; it will fail.", file=sys.stderr)


def test() -> None:
    _ensure_venv("dev")
    _compile_translations()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    _postgres_for_tests(env)
    _x_server_for_tests(env)
    _run(PYTHON, "-m", "ruff", "check", ".", env=env)
    _run(PYTHON, "-m", "ruff", "format", "--check", ".", env=env)
    _run(PYTHON, "-m", "mypy", env=env)  # desktop_app/core (strict) and desktop_app/cli: pyproject [tool.mypy]
    args = sys.argv[2:]
    if not args:
        # The whole suite also measures the core's coverage, prints it and holds its floor (pyproject
        # [tool.coverage]); a run of chosen tests does not (its figure would mean nothing).
        args = ["--cov=desktop_app.core", "--cov-report=term:skip-covered", f"--cov-fail-under={CORE_COVERAGE_FLOOR}"]
    _run(PYTHON, "-m", "pytest", *args, env=env)


def build_check() -> None:
    _run(sys.executable, ROOT / "build_scripts" / "build.py", "ci")


TASKS = {"demo": demo, "test": test, "build-check": build_check}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    TASKS[sys.argv[1]]()
