"""Before Qt starts: can this session show a window, and if not, what does the user read instead of Qt's abort?

The check's decisions are driven here with the loader, the display connection and ldd given; the real loader,
ldd and X server are exercised at the end (the real plugin against ldd's own verdict, a socket that is not an X
server) and in tests/e2e/test_window_start.py (the real command, with and without a display)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.gui import display
from desktop_app.gui.display import (
    DISPLAY_UNREACHABLE,
    MISSING_LIBRARIES,
    NO_DISPLAY,
    PLUGIN_FAILED,
    WindowCheck,
    check_window,
    debian_package,
    explain,
    install_hint,
    missing_from_message,
    prepare_window,
    tell_desktop,
)

GLIBC_MISSING = "{}: cannot open shared object file: No such file or directory"


@pytest.fixture
def plugins(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "plugins" / "platforms"
    folder.mkdir(parents=True)
    for name in ("libqxcb.so", "libqwayland.so"):
        (folder / name).write_bytes(b"\x7fELF")
    return [tmp_path / "plugins"]


def loader(**errors: str | None):
    def load(path: Path) -> str | None:
        return errors.get(path.name.removeprefix("libq").removesuffix(".so"))

    return load


def connector(**errors: str | None):
    def connect(name: str, _env) -> str | None:
        return errors.get(name)

    return connect


def test_nothing_is_checked_when_qt_platform_is_chosen_or_not_linux(plugins):
    def explode(*_args):
        raise AssertionError("nothing may be loaded")

    assert check_window({"QT_QPA_PLATFORM": "offscreen"}, plugin_folders=plugins, load=explode).ok
    assert check_window({}, platform="win32", plugin_folders=plugins, load=explode).ok
    assert check_window({}, platform="darwin", plugin_folders=plugins, load=explode).ok


def test_no_display_at_all():
    check = check_window({"HOME": "/home/x"}, platform="linux", plugin_folders=[])
    assert check == WindowCheck(ok=False, reason=NO_DISPLAY)


def test_a_session_whose_plugins_load_and_connect_is_left_to_qt(plugins):
    check = check_window(
        {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"},
        platform="linux",
        plugin_folders=plugins,
        load=loader(),
        connect=connector(),
    )
    assert check.ok and check.use_platform is None and check.platforms == ("xcb", "wayland")


def test_a_wayland_session_tries_wayland_first(plugins):
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    check = check_window(env, platform="linux", plugin_folders=plugins, load=loader(), connect=connector())
    assert check.platforms == ("wayland", "xcb")


def test_xcb_missing_a_library_under_wayland_points_qt_at_wayland(plugins):
    env: dict[str, str] = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    check = prepare_window(
        env,
        platform="linux",
        plugin_folders=plugins,
        load=loader(xcb=GLIBC_MISSING.format("libxcb-cursor.so.0")),
        connect=connector(),
    )
    assert check.ok and check.use_platform == "wayland"
    assert env["QT_QPA_PLATFORM"] == "wayland"


def test_every_missing_library_is_listed(plugins):
    """The loader names the first library it misses; ldd names them all (the first one included once)."""
    check = check_window(
        {"DISPLAY": ":0"},
        platform="linux",
        plugin_folders=plugins,
        load=loader(xcb=GLIBC_MISSING.format("libxcb-icccm.so.4")),
        ldd=lambda _path: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"],
    )
    assert check.ok is False and check.reason == MISSING_LIBRARIES
    assert check.missing == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    assert check.platforms == ("xcb",)


def test_a_display_that_refuses_the_connection(plugins):
    env: dict[str, str] = {"DISPLAY": ":7"}
    check = prepare_window(
        env,
        platform="linux",
        plugin_folders=plugins,
        load=loader(),
        connect=connector(xcb="xcb_connect error 1"),
    )
    assert check.ok is False and check.reason == DISPLAY_UNREACHABLE
    assert "QT_QPA_PLATFORM" not in env
    assert check.displays == ("DISPLAY=:7",)
    assert "la pantalla (DISPLAY=:7) no acepta la conexión" in explain(check, "es")
    assert "the display (DISPLAY=:7) does not accept the connection" in explain(check, "en")


def test_a_plugin_that_is_not_a_library(plugins):
    check = check_window(
        {"DISPLAY": ":0"},
        platform="linux",
        plugin_folders=plugins,
        load=loader(xcb="libqxcb.so: invalid ELF header"),
        ldd=lambda _path: pytest.fail("ldd is for missing libraries only"),
    )
    assert check.reason == PLUGIN_FAILED and "invalid ELF header" in check.detail


def test_a_plugin_not_where_we_look_is_left_to_qt(tmp_path):
    check = check_window({"DISPLAY": ":0"}, platform="linux", plugin_folders=[tmp_path], load=loader(xcb="boom"))
    assert check.ok


def test_the_loaders_message_and_debian_names():
    assert missing_from_message(GLIBC_MISSING.format("libxcb-cursor.so.0")) == "libxcb-cursor.so.0"
    assert missing_from_message("libqxcb.so: invalid ELF header") is None
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libEGL.so.1") == "libegl1"
    assert debian_package("libdbus-1.so.3") == "libdbus-1-3"
    assert debian_package("not-a-library") is None


def test_the_install_command_follows_the_package_manager():
    missing = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    apt = install_hint(missing, which=lambda tool: "/usr/bin/apt-get" if tool == "apt-get" else None)
    assert apt == "sudo apt install libxcb-icccm4 libxcb-keysyms1"
    dnf = install_hint(missing, which=lambda tool: "/usr/bin/dnf" if tool == "dnf" else None)
    assert dnf == "sudo dnf install 'libxcb-icccm.so.4()(64bit)' 'libxcb-keysyms.so.1()(64bit)'"
    assert install_hint(missing, which=lambda _tool: None) is None


def test_what_the_user_reads():
    libs = WindowCheck(
        ok=False,
        reason=MISSING_LIBRARIES,
        platforms=("xcb",),
        missing=("libxcb-icccm.so.4",),
        install_command="sudo apt install libxcb-icccm4",
    )
    spanish = explain(libs, "es")
    assert spanish.startswith("No se puede abrir la ventana")
    assert "libxcb-icccm.so.4" in spanish and "sudo apt install libxcb-icccm4" in spanish
    assert "descarga-masiva --help" in spanish
    english = explain(replace(libs, install_command=None), "en")
    assert english.startswith("The window cannot open") and "libxcb-icccm.so.4" in english
    assert "sudo" not in english  # no package manager known: no command made up
    nothing = explain(WindowCheck(ok=False, reason=NO_DISPLAY), "es")
    assert "DISPLAY" in nothing and "SSH" in nothing
    assert explain(WindowCheck(ok=False, reason=NO_DISPLAY), "en").startswith("The window cannot open")


def test_the_desktops_own_dialog_is_used_when_there_is_one():
    started: list[list[str]] = []
    tools = {"kdialog": "/usr/bin/kdialog", "xmessage": "/usr/bin/xmessage"}
    used = tell_desktop("Faltan bibliotecas", which=tools.get, start=started.append)
    assert used == "kdialog"
    assert started == [["/usr/bin/kdialog", "--title", "Descarga Masiva SAT", "--error", "Faltan bibliotecas"]]
    assert tell_desktop("x", which={"notify-send": "/usr/bin/notify-send"}.get, start=started.append) == "notify-send"
    assert started[-1] == [
        "/usr/bin/notify-send",
        "--urgency=critical",
        "--app-name=Descarga Masiva SAT",
        "Descarga Masiva SAT",
        "x",
    ]
    assert tell_desktop("x", which=lambda _tool: None, start=started.append) is None


def test_macos_and_windows_show_their_own_message_box():
    """A window started from the Dock or the Start menu has no terminal: what it says on its way out (another
    copy that does not respond) is shown in the system's own dialog there too."""
    started: list[list[str]] = []
    used = tell_desktop(
        'La ventana "Descarga" no responde \\ espera',
        which={"osascript": "/usr/bin/osascript", "zenity": "/usr/bin/zenity"}.get,
        start=started.append,
        platform="darwin",
    )
    assert used == "osascript"
    assert started == [
        [
            "/usr/bin/osascript",
            "-e",
            'display dialog "La ventana \\"Descarga\\" no responde \\\\ espera" with title "Descarga Masiva SAT"'
            ' buttons {"OK"} default button 1 with icon caution',
        ]
    ]
    shown: list[tuple[str, str]] = []
    assert tell_desktop("no responde", platform="win32", message_box=lambda m, t: shown.append((m, t)) or True) == (
        "MessageBoxW"
    )
    assert shown == [("no responde", "Descarga Masiva SAT")]
    assert tell_desktop("x", platform="win32", message_box=lambda m, t: False) is None
    assert tell_desktop("x", platform="darwin", which=lambda _tool: None, start=started.append) is None


def test_the_real_plugin_against_ldd(monkeypatch):
    """On this machine, whatever it has: the check says the xcb plugin is missing libraries exactly when ldd
    finds some, and names them all."""
    monkeypatch.setenv("DISPLAY", ":0")
    folders = display._plugin_folders({})
    plugin = display._plugin_file(folders, "xcb")
    assert plugin is not None, folders
    lacking = display.ldd_missing(plugin)
    check = check_window({"DISPLAY": ":0"}, platform="linux", connect=connector())
    if lacking:
        assert check.reason == MISSING_LIBRARIES and set(check.missing) == set(lacking), (check, lacking)
    else:
        assert check.ok, check


def test_a_display_nobody_serves_is_unreachable():
    """libxcb's own connection to a display number with no server behind it (a DISPLAY left over from an ended
    SSH session): the check says so where Qt would have aborted."""
    error = display._connect("xcb", {"DISPLAY": ":987"})
    assert error is not None and error.startswith("xcb_connect error"), error


def test_a_frozen_apps_loader_message_is_read_from_its_cause(monkeypatch, tmp_path):
    """PyInstaller's ctypes raises its own OSError ("Failed to load dynlib/dll …") from the loader's: the
    missing library is named by the cause."""
    import ctypes

    def frozen_cdll(name, *args, **kwargs):
        try:
            raise OSError(GLIBC_MISSING.format("libxcb-icccm.so.4"))
        except OSError as loader:
            raise OSError(f"Failed to load dynlib/dll {name!r}. Most likely …") from loader

    monkeypatch.setattr(ctypes, "CDLL", frozen_cdll)
    assert display._dlopen(tmp_path / "libqxcb.so") == GLIBC_MISSING.format("libxcb-icccm.so.4")


def test_libwaylands_own_connection_both_ways(tmp_path, monkeypatch):
    """libwayland-client's real ``wl_display_connect``: a socket that listens is reachable (the protocol itself is
    spoken later, by Qt), a name with nothing behind it is not — what the check tells a dead WAYLAND_DISPLAY by."""
    import socket

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(runtime / "wl-test"))
    server.listen(1)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))  # libwayland reads it from the process
    monkeypatch.delenv("WAYLAND_SOCKET", raising=False)
    try:
        assert display._connect("wayland", {"WAYLAND_DISPLAY": "wl-test"}) is None
        assert display._connect("wayland", {"WAYLAND_DISPLAY": "wl-nobody"}) == "wl_display_connect failed"
        # a compositor's own socket (WAYLAND_SOCKET) is never taken from Qt by the check
        monkeypatch.setenv("WAYLAND_SOCKET", "9")
        assert display._connect("wayland", {"WAYLAND_DISPLAY": "wl-nobody"}) is None
        assert os.environ["WAYLAND_SOCKET"] == "9"
    finally:
        server.close()
