"""Can this session show a window? Asked before Qt starts, because Qt cannot answer it and live.

On Linux, when none of Qt's platform plugins loads, ``QGuiApplication`` ends the process with ``abort()``
(exit 134, a core dump) and an English hint that names ``libxcb-cursor0`` whatever is actually missing. That
happens with no display at all (over SSH, in a cron job) and on desktops that lack a system library Qt's ``xcb``
plugin links to — ``libxcb-cursor0`` on a fresh Ubuntu, ``libxcb-icccm4``/``libxcb-keysyms1`` on a minimal
Debian. A user who double-clicked the menu entry saw nothing at all.

:func:`check_window` answers first, cheaply and with Qt's own loader: it ``dlopen``\\ s the platform plugins this
session can use (``wayland`` when ``WAYLAND_DISPLAY`` is set, ``xcb`` when ``DISPLAY`` is), as Qt itself would,
and on failure lists every missing library (``ldd`` on the plugin; the loader's message names only the first);
a plugin that loads must also reach its display server (a ``DISPLAY`` left over from an ended SSH session, an
X server that refuses this user), or Qt aborts just the same.
When one plugin loads and the other does not, Qt is pointed at the one that works. ``QT_QPA_PLATFORM`` set by the
user (or the tests' ``offscreen``) is left alone and nothing is checked; on Windows and macOS there is nothing to
check. A check that cannot find the plugin file lets Qt try: it never refuses a window Qt could have opened.

:func:`explain` says it in the user's language (Spanish or English; Qt's translators are not running yet) and
:func:`tell_desktop` shows it in a dialog of the desktop's own (zenity, kdialog, xmessage; else a notification;
macOS's and Windows' own message boxes for the app's other words on its way out) when the app was started from a
menu, where nobody reads stderr.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

NO_DISPLAY = "no_display"
MISSING_LIBRARIES = "missing_libraries"
PLUGIN_FAILED = "plugin_failed"
DISPLAY_UNREACHABLE = "display_unreachable"
CONNECT_SECONDS = 5.0

_MISSING_IN_MESSAGE = re.compile(r"^(?P<lib>[^\s:]+): cannot open shared object file")
_MISSING_IN_LDD = re.compile(r"^\s*(?P<lib>\S+)\s+=>\s+not found\s*$", re.M)
_SONAME = re.compile(r"^lib(?P<name>.+)\.so\.(?P<major>\d+)")


@dataclass(frozen=True)
class WindowCheck:
    """Whether Qt can open a window here, and if not why: ``reason`` is one of :data:`NO_DISPLAY`,
    :data:`MISSING_LIBRARIES` (``missing``: the libraries' file names) or :data:`PLUGIN_FAILED` (``detail``:
    the loader's message). ``use_platform`` is the ``QT_QPA_PLATFORM`` to set when only some plugins load;
    ``displays`` the session's variables tried (``DISPLAY=:0``); ``install_command`` what installs ``missing``
    with this system's package manager (:func:`install_hint`), when there is one."""

    ok: bool
    reason: str = ""
    platforms: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    detail: str = ""
    use_platform: str | None = None
    displays: tuple[str, ...] = ()
    install_command: str | None = None


def _dlopen(path: Path) -> str | None:
    """Load a shared object as Qt's plugin loader does; the loader's message on failure, else None."""
    try:
        ctypes.CDLL(str(path), mode=getattr(os, "RTLD_LAZY", 1) | getattr(os, "RTLD_LOCAL", 0))
    except OSError as exc:
        # A frozen app's ctypes (PyInstaller's) replaces the loader's message with its own guess ("not found
        # when the application was frozen") and keeps the loader's as the cause: that one names the library.
        cause = exc.__cause__
        return str(cause if isinstance(cause, OSError) else exc)
    return None


def ldd_missing(path: Path) -> list[str]:
    """Every library ``path`` needs and the system lacks (``ldd``), Qt's own library folder (and a frozen app's
    bundle) searched as the running app would; empty when ``ldd`` is absent or fails."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    folders = [folder for folder in (_qt_libraries(), getattr(sys, "_MEIPASS", None)) if folder]
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join([*folders, env.get("LD_LIBRARY_PATH", "")]).strip(os.pathsep)
    try:
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=10, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return [m["lib"] for m in _MISSING_IN_LDD.finditer(out.stdout)]


def _qt_libraries() -> str | None:
    try:
        from PySide6.QtCore import QLibraryInfo
    except ImportError:
        return None
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath) or None


def _plugin_folders(environ: Mapping[str, str]) -> list[Path]:
    """Where Qt looks for ``platforms/``: ``QT_PLUGIN_PATH`` (a frozen app's runtime hook sets it), then Qt's
    own plugin folder."""
    folders = [Path(p) for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    try:
        from PySide6.QtCore import QLibraryInfo

        folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    except ImportError:
        pass
    return folders


def _plugin_file(folders: list[Path], name: str) -> Path | None:
    """The plugin's file in the first folder that has it (Qt 6.8 renamed ``libqwayland-generic.so``)."""
    files = ("libqwayland.so", "libqwayland-generic.so") if name == "wayland" else (f"libq{name}.so",)
    return next((f / "platforms" / n for f in folders for n in files if (f / "platforms" / n).is_file()), None)


def _candidates(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins this session can use, in the order Qt 6 prefers them."""
    wayland = bool(environ.get("WAYLAND_DISPLAY"))
    x11 = bool(environ.get("DISPLAY"))
    order = ["wayland", "xcb"] if environ.get("XDG_SESSION_TYPE", "").lower() == "wayland" else ["xcb", "wayland"]
    return [name for name in order if (name == "wayland" and wayland) or (name == "xcb" and x11)]


def missing_from_message(message: str) -> str | None:
    """The library named by the dynamic loader's "…: cannot open shared object file" message, if any."""
    match = _MISSING_IN_MESSAGE.match(message.strip())
    return match["lib"] if match else None


def _connect(name: str, environ: Mapping[str, str]) -> str | None:
    """Open and close a connection to the session's display server as Qt's plugin would (libxcb's
    ``xcb_connect``, libwayland's ``wl_display_connect``): why it failed, or None. A server that does not answer
    within :data:`CONNECT_SECONDS` (a remote ``DISPLAY`` over a slow network) counts as reachable: Qt may wait
    longer than we do."""
    answer: list[str | None] = []

    def attempt() -> None:
        try:
            if name == "xcb":
                xcb = ctypes.CDLL("libxcb.so.1")
                xcb.xcb_connect.restype = ctypes.c_void_p
                xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
                xcb.xcb_connection_has_error.restype = ctypes.c_int
                xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
                xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
                connection = xcb.xcb_connect(os.fsencode(environ.get("DISPLAY", "")), None)
                error = xcb.xcb_connection_has_error(connection)
                xcb.xcb_disconnect(connection)
                answer.append(f"xcb_connect error {error}" if error else None)
            elif environ.get("WAYLAND_SOCKET") or os.environ.get("WAYLAND_SOCKET"):
                # a socket handed over by the compositor: libwayland takes it (and unsets the variable) whatever
                # name is asked for, so trying it here would leave Qt without one; Qt's to use, unchecked
                answer.append(None)
            else:
                # a name relative to XDG_RUNTIME_DIR is resolved by libwayland from this process's environment
                client = ctypes.CDLL("libwayland-client.so.0")
                client.wl_display_connect.restype = ctypes.c_void_p
                client.wl_display_connect.argtypes = [ctypes.c_char_p]
                client.wl_display_disconnect.argtypes = [ctypes.c_void_p]
                display = client.wl_display_connect(os.fsencode(environ.get("WAYLAND_DISPLAY", "")))
                if display:
                    client.wl_display_disconnect(display)
                answer.append(None if display else "wl_display_connect failed")
        except (OSError, AttributeError):  # the library itself: the plugin's load already judged it
            answer.append(None)

    worker = threading.Thread(target=attempt, name=f"display-{name}", daemon=True)
    worker.start()
    worker.join(CONNECT_SECONDS)
    return answer[0] if answer else None


def check_window(
    environ: Mapping[str, str] | None = None,
    *,
    platform: str = sys.platform,
    plugin_folders: list[Path] | None = None,
    load: Callable[[Path], str | None] = _dlopen,
    ldd: Callable[[Path], list[str]] = ldd_missing,
    connect: Callable[[str, Mapping[str, str]], str | None] = _connect,
) -> WindowCheck:
    """Whether Qt can open a window in this session (see the module's doc); loads nothing when there is no
    choice to make."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return WindowCheck(ok=True)
    names = _candidates(env)
    if not names:
        return WindowCheck(ok=False, reason=NO_DISPLAY)
    folders = _plugin_folders(env) if plugin_folders is None else plugin_folders
    working: list[str] = []
    unloadable: dict[str, tuple[Path, str]] = {}
    unreachable: dict[str, str] = {}
    for name in names:
        plugin = _plugin_file(folders, name)
        if plugin is None:  # not where we look: let Qt look for itself
            working.append(name)
            continue
        error = load(plugin)
        if error is not None:
            unloadable[name] = (plugin, error)
            continue
        refused = connect(name, env)
        if refused is None:
            working.append(name)
        else:
            unreachable[name] = refused
    platforms = tuple(names)
    if not unloadable and not unreachable:
        return WindowCheck(ok=True, platforms=platforms)
    if working:
        return WindowCheck(ok=True, platforms=platforms, use_platform=";".join(working))
    missing: list[str] = []
    for plugin, error in unloadable.values():
        first = missing_from_message(error)
        for lib in [*([first] if first else []), *(ldd(plugin) if first else [])]:
            if lib not in missing:
                missing.append(lib)
    detail = "; ".join([*(error for _plugin, error in unloadable.values()), *unreachable.values()])
    if missing:
        return WindowCheck(
            ok=False,
            reason=MISSING_LIBRARIES,
            platforms=platforms,
            missing=tuple(missing),
            detail=detail,
            install_command=install_hint(tuple(missing)),
        )
    if unreachable:
        variables = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}
        displays = tuple(f"{variables[name]}={env.get(variables[name], '')}" for name in unreachable)
        return WindowCheck(ok=False, reason=DISPLAY_UNREACHABLE, platforms=platforms, detail=detail, displays=displays)
    return WindowCheck(ok=False, reason=PLUGIN_FAILED, platforms=platforms, detail=detail)


def prepare_window(environ: MutableMapping[str, str] | None = None, **kwargs: object) -> WindowCheck:
    """:func:`check_window`, and Qt pointed at the plugins that load when only some do."""
    env = os.environ if environ is None else environ
    check = check_window(env, **kwargs)  # type: ignore[arg-type]
    if check.ok and check.use_platform:
        env["QT_QPA_PLATFORM"] = check.use_platform
    return check


def debian_package(soname: str) -> str | None:
    """Debian's (and Ubuntu's) package for a shared library, by Debian's naming policy: ``libxcb-icccm.so.4`` →
    ``libxcb-icccm4``, ``libxkbcommon-x11.so.0`` → ``libxkbcommon-x11-0``."""
    match = _SONAME.match(soname)
    if match is None:
        return None
    name = match["name"].lower()
    return f"lib{name}-{match['major']}" if name[-1].isdigit() else f"lib{name}{match['major']}"


def install_hint(missing: tuple[str, ...], which: Callable[[str], str | None] = shutil.which) -> str | None:
    """The command that installs ``missing`` with this system's package manager (apt, dnf, zypper), or None."""
    if which("apt-get") or which("apt"):
        packages = [p for p in (debian_package(lib) for lib in missing) if p]
        return "sudo apt install " + " ".join(dict.fromkeys(packages)) if packages else None
    suffix = "()(64bit)" if sys.maxsize > 2**32 else ""
    provides = " ".join(f"'{lib}{suffix}'" for lib in missing)
    for tool in ("dnf", "zypper"):
        if which(tool):
            return f"sudo {tool} install {provides}"
    return None


def explain(check: WindowCheck, language: str = "es") -> str:
    """What the user is told when the window cannot open: why, and what to do, in ``language`` (es/en)."""
    english = language == "en"
    plugins = ", ".join(check.platforms)
    if check.reason == NO_DISPLAY:
        if english:
            return (
                "The window cannot open: this session has no display (neither DISPLAY nor WAYLAND_DISPLAY is set, "
                "as over SSH). Open Descarga Masiva SAT from the desktop. The command line works here: "
                "descarga-masiva --help"
            )
        return (
            "No se puede abrir la ventana: esta sesión no tiene pantalla (no hay DISPLAY ni WAYLAND_DISPLAY, como "
            "en una conexión SSH). Abre Descarga Masiva SAT desde el escritorio. La línea de comandos sí funciona "
            "aquí: descarga-masiva --help"
        )
    if check.reason == MISSING_LIBRARIES:
        libs, hint = ", ".join(check.missing), check.install_command
        if english:
            text = (
                f"The window cannot open: this computer lacks system libraries that Qt needs to draw it ({plugins}): "
                f"{libs}. Install them and open the app again"
            )
            text += f"; on this system: {hint}." if hint else "."
            return text + " The command line works without them: descarga-masiva --help"
        text = (
            "No se puede abrir la ventana: a esta computadora le faltan bibliotecas del sistema que Qt necesita para "
            f"dibujarla ({plugins}): {libs}. Instálalas y vuelve a abrir la aplicación"
        )
        text += f"; en este sistema: {hint}." if hint else "."
        return text + " La línea de comandos funciona sin ellas: descarga-masiva --help"
    if check.reason == DISPLAY_UNREACHABLE:
        where = ", ".join(check.displays)
        if english:
            return (
                f"The window cannot open: the display ({where}) does not accept the connection. Over a remote "
                "connection, check that it forwards the display; otherwise open Descarga Masiva SAT from the "
                "desktop. The command line works here: descarga-masiva --help"
            )
        return (
            f"No se puede abrir la ventana: la pantalla ({where}) no acepta la conexión. Si usas una conexión "
            "remota, revisa que reenvíe la pantalla; si no, abre Descarga Masiva SAT desde el escritorio. La línea "
            "de comandos sí funciona aquí: descarga-masiva --help"
        )
    if english:
        return (
            f"The window cannot open: Qt could not load its display module ({plugins}): {check.detail}. Reinstall "
            "the app; meanwhile the command line works: descarga-masiva --help"
        )
    return (
        f"No se puede abrir la ventana: Qt no pudo cargar su módulo de pantalla ({plugins}): {check.detail}. "
        "Reinstala la aplicación; mientras tanto, la línea de comandos funciona: descarga-masiva --help"
    )


def saved_language() -> str:
    """The language the user chose in the window (Qt's settings file; no application object needed)."""
    try:
        from PySide6.QtCore import QSettings

        value = QSettings("DescargaMasivaSAT", "Descarga Masiva SAT").value("language", "es")
    except ImportError:
        return "es"
    return "en" if value == "en" else "es"


def tell_desktop(
    message: str,
    *,
    title: str = "Descarga Masiva SAT",
    which: Callable[[str], str | None] = shutil.which,
    start: Callable[[list[str]], object] | None = None,
    platform: str = sys.platform,
    message_box: Callable[[str, str], bool] | None = None,
) -> str | None:
    """Show ``message`` in a dialog of the desktop's own (the app's window is what cannot open, or need not):
    zenity, kdialog, xmessage, else a notification (notify-send); on macOS ``osascript``'s dialog; on Windows the
    system's message box (``MessageBoxW``, which waits for the user: the process is ending anyway). Returns the tool
    used, or None when there is none. Linux's and macOS's dialogs outlive this process."""
    if platform == "win32":
        return "MessageBoxW" if (message_box or _windows_message_box)(message, title) else None
    if platform == "darwin":
        commands = {
            "osascript": [
                "-e",
                f"display dialog {_applescript(message)} with title {_applescript(title)}"
                ' buttons {"OK"} default button 1 with icon caution',
            ]
        }
    else:
        commands = {
            "zenity": ["--error", "--no-markup", f"--title={title}", "--width=520", f"--text={message}"],
            "kdialog": ["--title", title, "--error", message],
            "xmessage": ["-center", message],
            "notify-send": ["--urgency=critical", f"--app-name={title}", title, message],  # a notification, at least
        }
    for tool, args in commands.items():
        path = which(tool)
        if path is None:
            continue
        argv = [path, *args]
        try:
            if start is not None:
                start(argv)
            else:
                subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
        except OSError:
            continue
        return tool
    return None


def _applescript(text: str) -> str:
    """``text`` as an AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_MB_OK_WARNING_FOREGROUND = 0x0 | 0x30 | 0x10000 | 0x40000  # MB_OK | MB_ICONWARNING | MB_SETFOREGROUND | MB_TOPMOST


def _windows_message_box(message: str, title: str) -> bool:  # pragma: no cover - Windows only
    try:
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        return bool(user32.MessageBoxW(None, message, title, _MB_OK_WARNING_FOREGROUND))
    except (AttributeError, OSError):
        return False
