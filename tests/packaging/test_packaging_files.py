"""The installer recipes that cannot be built here (Windows, macOS) and the Linux ones: fast static checks,
plus the Linux install script run against a fake bundle."""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import desktop_app

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "build_scripts"
ICONS = ROOT / "resources" / "icons"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_script", SCRIPTS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_comes_from_the_package(build):
    assert build.version() == desktop_app.__version__
    parts = build.file_version().split(".")
    assert len(parts) == 4 and all(part.isdigit() for part in parts)


def test_build_venv_pins_pyinstaller_and_uses_the_apps_dependencies(build):
    requirements = build._requirements()
    assert any(r.startswith("pyinstaller==") for r in requirements)
    assert any(r.startswith("pyinstaller-hooks-contrib==") for r in requirements)
    assert any(r.startswith("PySide6-Essentials") and "<6.12" in r for r in requirements)


def test_spec_reads_what_build_py_produces():
    spec = (SCRIPTS / "descarga_masiva.spec").read_text(encoding="utf-8")
    assert 'BUNDLE_NAME = "descarga-masiva"' in spec
    assert 'GUI_NAME = "Descarga Masiva SAT"' in spec
    assert "console=False" in spec and "console=True" in spec
    assert '("X utf8", None, "OPTION")' in spec  # JSON on a Windows pipe whatever the code page
    assert (SCRIPTS / "pyi_rth_streams.py").is_file() and "pyi_rth_streams.py" in spec
    assert (SCRIPTS / "macos" / "Info.plist").is_file() and '"Info.plist"' in spec


def test_runtime_hook_gives_windowed_executables_streams():
    hook = SCRIPTS / "pyi_rth_streams.py"
    code = f"import sys\nsys.stdout = sys.stderr = None\nexec(open({str(hook)!r}).read())\nprint('ok')\n"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_desktop_entry(build):
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(SCRIPTS / "linux" / f"{build.APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Descarga Masiva SAT"
    assert section["Exec"] == build.BUNDLE_NAME
    assert section["Icon"] == build.APP_ID
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        subprocess.run([validator, str(SCRIPTS / "linux" / f"{build.APP_ID}.desktop")], check=True)


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell script")
def test_linux_install_script_installs_and_uninstalls(tmp_path, build):
    package = tmp_path / "pkg"
    bundle = package / build.BUNDLE_NAME
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / build.BUNDLE_NAME
    calls = tmp_path / "calls.txt"
    exe.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\necho frozen-app\n')
    exe.chmod(0o755)
    shutil.copy(SCRIPTS / "linux" / "install.sh", package / "install.sh")
    shutil.copy(SCRIPTS / "linux" / f"{build.APP_ID}.desktop", package / f"{build.APP_ID}.desktop")
    shutil.copy(ICONS / "app.png", package / f"{build.APP_ID}.png")
    shutil.copy(ICONS / "app.svg", package / f"{build.APP_ID}.svg")
    home = tmp_path / "home with space"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    done = subprocess.run(["sh", str(package / "install.sh")], env=env, check=True, capture_output=True, text=True)
    assert f"{home}/.local/bin is not in your PATH" in done.stdout  # the command's folder is not on this PATH
    assert calls.read_text().splitlines() == ["--check-window"]  # what the window lacks, said at install time
    on_path = dict(env, PATH=f"{home}/.local/bin:{env['PATH']}")
    again = subprocess.run(["sh", str(package / "install.sh")], env=on_path, check=True, capture_output=True, text=True)
    assert "not in your PATH" not in again.stdout
    data = home / ".local" / "share"
    installed = data / build.APP_ID / build.BUNDLE_NAME
    command = home / ".local" / "bin" / build.BUNDLE_NAME
    assert subprocess.run([str(command)], capture_output=True, text=True, check=True).stdout == "frozen-app\n"
    desktop = (data / "applications" / f"{build.APP_ID}.desktop").read_text()
    assert f'Exec="{installed}"' in desktop
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / f"{build.APP_ID}.png").is_file()
    subprocess.run(["sh", str(package / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True)
    assert not installed.exists() and not command.exists() and not command.is_symlink()
    assert not (data / "applications" / f"{build.APP_ID}.desktop").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_shell_scripts_parse():
    for script in (SCRIPTS / "linux" / "install.sh", SCRIPTS / "macos" / "make-dmg.sh"):
        subprocess.run(["bash", "-n", str(script)], check=True)


def test_macos_info_plist():
    with open(SCRIPTS / "macos" / "Info.plist", "rb") as handle:
        info = plistlib.load(handle)
    assert info["CFBundleIdentifier"] == "mx.descargamasiva.sat"
    assert info["CFBundleName"] == "Descarga Masiva SAT"
    assert info["NSHighResolutionCapable"] is True
    assert info["LSBackgroundOnly"] is False  # else no Dock icon: the bundle also holds a console executable
    assert info["LSMinimumSystemVersion"] >= "12.0"
    assert "CFBundleShortVersionString" not in info  # the spec sets it from the package


def test_inno_setup_script(build):
    text = (SCRIPTS / "windows" / "descarga-masiva.iss").read_text(encoding="utf-8")
    lines = {line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip() for line in text.splitlines() if "=" in line}
    assert lines["PrivilegesRequired"] == "lowest"  # per user, no administrator rights
    assert lines["DefaultDirName"].startswith("{autopf}")
    assert lines["VersionInfoVersion"] == "{#FileVersion}"
    assert lines["AppId"].startswith("{{")
    assert f'#define GuiExe "{build.GUI_NAME}.exe"' in text
    assert f'#define CliExe "{build.BUNDLE_NAME}.exe"' in text
    assert 'Name: "{autoprograms}\\{#AppName}"' in text
    assert 'Name: "{autodesktop}\\{#AppName}"' in text
    icon = (SCRIPTS / "windows" / lines["SetupIconFile"].replace("\\", "/")).resolve()
    assert icon == (ICONS / "app.ico").resolve() and icon.is_file()
    assert "schedule uninstall --kind schtasks" in text  # the uninstaller removes the OS task


def test_ci_workflow_builds_all_three():
    text = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    for runner in ("ubuntu-", "windows-", "macos-"):
        assert runner in text
    assert "build_scripts/build.py ci --package" in text
    assert "actions/upload-artifact" in text


def test_icons_are_well_formed():
    ico = (ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * i)
        assert ico[offset : offset + 8] == PNG and offset + length <= len(ico)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes
    icns = (ICONS / "app.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    kinds, at = set(), 8
    while at < len(icns):
        kind, length = icns[at : at + 4], struct.unpack_from(">I", icns, at + 4)[0]
        assert icns[at + 8 : at + 16] == PNG
        kinds.add(kind)
        at += length
    assert at == len(icns) and {b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds
    assert (ICONS / "app.png").read_bytes()[:8] == PNG


def test_icon_writers(build):
    pngs = {size: PNG + bytes([size % 256]) * size for size in build.ICON_SIZES}
    ico = build.ico_bytes(pngs)
    assert struct.unpack_from("<HHH", ico) == (0, 1, len(build.ICO_SIZES))
    icns = build.icns_bytes(pngs)
    assert struct.unpack_from(">I", icns, 4)[0] == len(icns)
