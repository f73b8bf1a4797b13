#!/usr/bin/env python3
"""Build the installers of Descarga Masiva SAT: one task runner for every OS (see build_scripts/README.md).

    python build_scripts/build.py icons      render resources/icons/app.svg to app.png, app.ico and app.icns
    python build_scripts/build.py bundle     compile translations, PyInstaller one-folder bundle in dist/
    python build_scripts/build.py selftest   run the frozen bundle's --self-test (offscreen)
    python build_scripts/build.py measure    bundle size (unpacked) and cold start to a shown window
    python build_scripts/build.py package    this OS's installer: Linux tar.gz, Windows Inno Setup, macOS DMG
    python build_scripts/build.py all        bundle + selftest + measure + package
    python build_scripts/build.py ci         create build/venv (app deps + pinned PyInstaller), then bundle +
                                             selftest + measure in it (what `python3 tasks.py build-check` runs)

Every command but ``ci`` uses the running interpreter, which needs the app's dependencies and PyInstaller.
Outputs: ``dist/descarga-masiva/`` (the bundle; on macOS also ``dist/Descarga Masiva SAT.app``) and
``dist/installers/``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import venv
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "build_scripts"
SPEC = SCRIPTS / "descarga_masiva.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUILD_VENV = ROOT / "build" / "venv"
ICONS = ROOT / "resources" / "icons"
BUNDLE_NAME = "descarga-masiva"  # dist/<BUNDLE_NAME>/ and the command-line executable's name
GUI_NAME = "Descarga Masiva SAT"  # the windowed executable on Windows/macOS, the .app's name
APP_ID = "descarga-masiva-sat"  # Linux .desktop/icon name, installer file names
# Pinned so that a build is reproducible; bump both together (the hooks follow PyInstaller's releases).
PYINSTALLER = ("pyinstaller==6.22.3", "pyinstaller-hooks-contrib==2026.9")
SIZE_TARGET_MB = 150
START_TARGET_S = 2.0


def version() -> str:
    """The package's ``__version__``, read without importing it (the spec does the same)."""
    text = (ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("desktop_app/__init__.py has no __version__")
    return match.group(1)


def file_version() -> str:
    """``major.minor.patch.0``: the numeric form Windows version resources and Inno Setup want."""
    numbers = [int(n) for n in re.findall(r"\d+", version())[:3]]
    return ".".join(str(n) for n in [*numbers, 0, 0, 0, 0][:4])


def _run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    print("+", " ".join(str(a) for a in args), file=sys.stderr, flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=cwd, env=env, check=False)
    if completed.returncode:
        raise SystemExit(completed.returncode)


def _exe(name: str = BUNDLE_NAME) -> Path:
    return DIST / BUNDLE_NAME / (name + (".exe" if os.name == "nt" else ""))


def _offscreen_env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


# ---------------------------------------------------------------------------------------------- icons
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
# ICNS element types holding PNG data, by pixel size (the @2x ones reuse the bigger renders).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_svg(svg: Path, sizes: tuple[int, ...] = ICON_SIZES) -> dict[int, bytes]:
    """PNG bytes of ``svg`` at each size, rendered with QtSvg (offscreen, no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["icons"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    pngs: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico with one PNG-compressed image per size (Vista and later read PNG entries)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns made of PNG elements (macOS 10.7 and later)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def cmd_icons(_args: argparse.Namespace) -> None:
    pngs = render_svg(ICONS / "app.svg")
    (ICONS / "app.png").write_bytes(pngs[256])
    (ICONS / "app.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "app.icns").write_bytes(icns_bytes(pngs))
    for name in ("app.png", "app.ico", "app.icns"):
        print(f"{ICONS / name}: {(ICONS / name).stat().st_size} bytes")


# ---------------------------------------------------------------------------------------------- bundle
def cmd_bundle(_args: argparse.Namespace) -> None:
    _run(sys.executable, SCRIPTS / "i18n.py", "compile")
    for name in ("app.png", "app.ico", "app.icns"):
        if not (ICONS / name).exists():
            raise SystemExit(f"{ICONS / name} is missing: run `python build_scripts/build.py icons`")
    started = time.monotonic()
    _run(
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        WORK,
        SPEC,
    )
    print(f"bundle: {DIST / BUNDLE_NAME} in {time.monotonic() - started:.0f} s", file=sys.stderr)


def cmd_selftest(_args: argparse.Namespace) -> None:
    exe = _exe()
    if not exe.exists():
        raise SystemExit(f"{exe} does not exist: run `build.py bundle` first")
    started = time.monotonic()
    completed = subprocess.run(
        [str(exe), "--self-test"], env=_offscreen_env(), capture_output=True, text=True, timeout=300, check=False
    )
    elapsed = time.monotonic() - started
    sys.stderr.write(completed.stderr)
    try:
        document = json.loads(completed.stdout)
    except json.JSONDecodeError:
        print(completed.stdout)
        raise SystemExit(f"frozen --self-test printed no JSON document (exit {completed.returncode})") from None
    if completed.returncode != 0 or not document.get("success"):
        print(json.dumps(document, indent=2, ensure_ascii=False))
        raise SystemExit(f"frozen --self-test failed (exit {completed.returncode})")
    checks = ", ".join(c["check"] for c in document["data"]["checks"])
    print(f"frozen --self-test passed in {elapsed:.1f} s: {checks}")


# ---------------------------------------------------------------------------------------------- measure
def _tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def cold_start(runs: int = 3) -> tuple[list[float], str]:
    """Seconds from launching the frozen app to its main window being shown (it quits right after).

    The app is told by ``DESCARGA_MASIVA_QUIT_WHEN_SHOWN=1`` to print ``shown <epoch seconds>`` on stderr once
    the window is shown and painted, and to quit; each run gets an empty data home (the first-run path). Also
    where the window opened: ``session`` (this session's display), ``xvfb`` or ``offscreen``.
    """

    exe = _exe()  # the console one everywhere: a windowed executable's stderr goes nowhere on Windows
    results = []
    with _display() as display:
        for _ in range(runs):
            results.append(_start_once(exe, display))
    kind = "xvfb" if "DISPLAY" in display else "offscreen" if display else "session"
    return results, kind


@contextlib.contextmanager
def _display() -> Iterator[dict[str, str]]:
    """Where the cold start's window opens: the session's display; on Linux without one, a real X server
    (Xvfb, when installed: ``tasks.py test`` installs it), so the bundle's xcb plugin and the libraries bundled
    for it open a real window as on a user's desktop; else Qt's offscreen platform."""
    if not sys.platform.startswith("linux") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        yield {}
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("cold start: no display and no Xvfb: measured offscreen", file=sys.stderr)
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    with xvfb_display(xvfb) as display:
        print(f"cold start: on a real X server (Xvfb {display}, Qt's xcb plugin)", file=sys.stderr)
        yield {"DISPLAY": display}


@contextlib.contextmanager
def xvfb_display(xvfb: str) -> Iterator[str]:
    """A virtual X server for the time of the block: its ``DISPLAY`` (a free number Xvfb picks and writes once
    it accepts connections: no waiting on a guess). Also used by tests/e2e/test_window_start.py."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read, "r") as ready:
            number = ready.readline().strip()
        if not number.isdigit():
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _start_once(exe: Path, display: dict[str, str]) -> float:
    """One cold start in an empty data home (the first-run path): seconds until the window was shown."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dm-start-") as home:
        env = dict(os.environ, DESCARGA_MASIVA_QUIT_WHEN_SHOWN="1", DESCARGA_MASIVA_HOME=home, **display)
        launched = time.time()
        completed = subprocess.run([str(exe)], env=env, capture_output=True, text=True, timeout=60, check=False)
        match = re.search(r"^shown ([0-9.]+)$", completed.stderr, re.M)
        if completed.returncode or not match:
            raise SystemExit(f"cold start run failed (exit {completed.returncode}):\n{completed.stderr}")
        return float(match.group(1)) - launched


def cmd_measure(_args: argparse.Namespace) -> None:
    bundle = DIST / BUNDLE_NAME
    size = _tree_size(bundle)
    starts, display = cold_start()
    report = {
        "version": version(),
        "platform": sys.platform,
        "bundle": str(bundle),
        "unpacked_mb": round(size / 1e6, 1),
        "files": sum(1 for p in bundle.rglob("*") if p.is_file()),
        "cold_start_s": [round(s, 3) for s in starts],
        "cold_start_display": display,
        "targets": {"unpacked_mb": SIZE_TARGET_MB, "cold_start_s": START_TARGET_S},
    }
    print(json.dumps(report, indent=2))
    if size / 1e6 > SIZE_TARGET_MB:
        print(f"WARNING: bundle is over {SIZE_TARGET_MB} MB", file=sys.stderr)
    if min(starts) > START_TARGET_S:
        print(f"WARNING: cold start over {START_TARGET_S} s", file=sys.stderr)


# ---------------------------------------------------------------------------------------------- package
def linux_tarball() -> Path:
    """``dist/installers/descarga-masiva-sat-<version>-linux-<arch>.tar.gz``: bundle + .desktop + icon."""
    import platform

    name = f"{APP_ID}-{version()}"
    out = DIST / "installers" / f"{name}-linux-{platform.machine()}.tar.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    linux = SCRIPTS / "linux"

    def reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz") as tar:
        tar.add(DIST / BUNDLE_NAME, arcname=f"{name}/{BUNDLE_NAME}", filter=reset)
        tar.add(linux / f"{APP_ID}.desktop", arcname=f"{name}/{APP_ID}.desktop", filter=reset)
        tar.add(ICONS / "app.png", arcname=f"{name}/{APP_ID}.png", filter=reset)
        tar.add(ICONS / "app.svg", arcname=f"{name}/{APP_ID}.svg", filter=reset)
        tar.add(linux / "install.sh", arcname=f"{name}/install.sh", filter=reset)
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
    return out


def windows_installer() -> None:
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    _run(
        iscc,
        f"/DAppVersion={version()}",
        f"/DFileVersion={file_version()}",
        f"/DSourceDir={DIST / BUNDLE_NAME}",
        f"/DOutputDir={DIST / 'installers'}",
        SCRIPTS / "windows" / "descarga-masiva.iss",
    )


def macos_dmg() -> None:
    _run("bash", SCRIPTS / "macos" / "make-dmg.sh", DIST / f"{GUI_NAME}.app", version(), DIST / "installers")


def cmd_package(_args: argparse.Namespace) -> None:
    if sys.platform.startswith("linux"):
        linux_tarball()
    elif sys.platform == "win32":
        windows_installer()
    elif sys.platform == "darwin":
        macos_dmg()
    else:
        raise SystemExit(f"no installer recipe for {sys.platform}")


def cmd_all(args: argparse.Namespace) -> None:
    cmd_bundle(args)
    cmd_selftest(args)
    cmd_measure(args)
    cmd_package(args)


# ---------------------------------------------------------------------------------------------- ci
def _requirements() -> list[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *PYINSTALLER]


def build_venv() -> Path:
    """``build/venv`` with the app's dependencies (not the app: PyInstaller reads it from the tree) and
    the pinned PyInstaller; reinstalled only when the requirements change."""
    python = BUILD_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(BUILD_VENV)
    requirements = _requirements()
    stamp = BUILD_VENV / ".installed"
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()
    if not (stamp.exists() and stamp.read_text() == digest):
        _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements)
        stamp.write_text(digest)
    return python


def cmd_ci(args: argparse.Namespace) -> None:
    started = time.monotonic()
    python = build_venv()
    script = Path(__file__).resolve()
    for step in ("bundle", "selftest", "measure", *(("package",) if args.package else ())):
        _run(python, script, step, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    print(f"build check passed in {time.monotonic() - started:.0f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler in (
        ("icons", cmd_icons),
        ("bundle", cmd_bundle),
        ("selftest", cmd_selftest),
        ("measure", cmd_measure),
        ("package", cmd_package),
        ("all", cmd_all),
        ("ci", cmd_ci),
    ):
        sub = commands.add_parser(name)
        sub.set_defaults(handler=handler)
        if name == "ci":
            sub.add_argument("--package", action="store_true", help="also build this OS's installer")
    args = parser.parse_args(argv)
    args.handler(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
