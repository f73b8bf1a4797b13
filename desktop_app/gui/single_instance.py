"""One window per data home: opening the app again brings the open window to the front.

The window lives on in the tray when minimised (its poller keeps the daily schedule), so an owner who opens the
app again from the menu started a second copy before: a second tray icon, a second poller asking SAT on the same
schedule (the per-RFC sync lock kept their syncs apart, not their confusion). Now the first window listens on a
local address named after the user and the data home (a Unix socket in a 0700 folder of this user's; a named pipe
on Windows), and a second start asks it to show itself and exits.

Stdlib only (``multiprocessing.connection``: Unix sockets and Windows named pipes), so the bundle needs no
QtNetwork. Only fixed byte strings cross it (never pickles: nothing a caller sends is ever run), every wait is
bounded (``ANSWER_SECONDS``; multiprocessing's authentication handshake is not used because it waits without
one), and anything else at the address counts as nobody. A listener that cannot start (a read-only temporary
folder) never stops the window: it only means a second start is not caught. A socket left by a copy that died is
found stale (refused) and replaced. The address is given back as soon as the event loop ends, so a start during
the closing window's shutdown opens a new window instead of asking one that is going away.

The answer "shown" comes from the GUI thread, not the listener's: a window whose event loop is stuck (or a process
stopped whole) answers "busy" or nothing, and the second start says the open window is not responding instead of
claiming it was shown (or opening a second copy beside a frozen one).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import sys
import tempfile
import threading
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

SHOW = b"descarga-masiva-sat/show/1"
SHOWN = b"descarga-masiva-sat/shown/1"
BUSY = b"descarga-masiva-sat/busy/1"
ANSWER_SECONDS = 5.0  # a second start waits this long for an answer
SHOW_SECONDS = 3.0  # the listener waits this long for the GUI thread to show the window
RETRY_SECONDS = 0.5

# What :meth:`InstanceGate.ask_running` found: the open window showed itself, or it did not answer in time.
SHOWN_STATE = "shown"
UNRESPONSIVE = "unresponsive"


def address_for(home: Path) -> str:
    """The local address of the window open on ``home`` for this user."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    key = hashlib.sha256(f"{user}\0{Path(home).absolute()}".encode()).hexdigest()[:16]
    if sys.platform == "win32":
        return rf"\\.\pipe\descarga-masiva-{key}"
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return str(Path(base) / f"descarga-masiva-{user}" / f"{key}.sock")


def already_open(language: str = "es") -> str:
    """What a second start says on its way out."""
    if language == "en":
        return "Descarga Masiva SAT is already open on this data folder: its window was brought to the front."
    return "Descarga Masiva SAT ya está abierta con esta carpeta de datos: se mostró su ventana."


def not_responding(language: str = "es") -> str:
    """What a second start says when the window open on the home does not answer."""
    if language == "en":
        return (
            "Descarga Masiva SAT is already open on this data folder, but its window is not responding. Wait a few "
            "seconds; if it does not appear, end the application from the task manager and open it again."
        )
    return (
        "Descarga Masiva SAT ya está abierta con esta carpeta de datos, pero su ventana no responde. Espera unos "
        "segundos; si no aparece, cierra la aplicación desde el administrador de tareas y vuelve a abrirla."
    )


def _ours(folder: Path) -> bool:
    """The socket's folder is this user's and nobody else may write in it (or it does not exist yet). In a shared
    /tmp another user could make it first and answer in our window's place."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    owner = info.st_uid == os.getuid() if hasattr(os, "getuid") else True
    return stat.S_ISDIR(info.st_mode) and owner and not info.st_mode & 0o077


def _family(address: str) -> str:
    return "AF_PIPE" if address.startswith("\\\\") else "AF_UNIX"


class InstanceGate(QObject):
    """Ask the window already open on a data home to show itself (:meth:`ask_running`), or become that window's
    listener (:meth:`listen`): ``activated`` is emitted (in the GUI thread) when a later start asks."""

    activated = Signal()
    _asked = Signal(object)  # from the listener's thread: a threading.Event to set once the window was shown

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address_for(home)
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._refused = False
        self._closing = threading.Event()
        self._asked.connect(self._show)  # queued: the gate lives in the GUI thread

    def ask_running(self) -> str | None:
        """:data:`SHOWN_STATE` when a window is open on this home and showed itself, :data:`UNRESPONSIVE` when one
        holds the address but did not show itself in time (its event loop stuck, or the process stopped), None
        when no window of ours is there. Never called from the GUI thread of a window that listens."""
        self._refused = False
        if _family(self.address) == "AF_UNIX" and not _ours(Path(self.address).parent):
            return None  # another user's folder (made before ours in a shared /tmp): nothing there is trusted
        try:
            connection = Client(self.address, family=_family(self.address))
        except ConnectionRefusedError:  # a socket left by a copy that died
            self._refused = True
            return None
        except (OSError, EOFError, ValueError) as exc:  # nobody there (the usual case), or not ours
            log.debug("instance: nobody answers at %s (%s)", self.address, type(exc).__name__)
            return None
        with connection:
            try:
                connection.send_bytes(SHOW)
                if not connection.poll(ANSWER_SECONDS):
                    return UNRESPONSIVE  # connected, and silent: a copy of ours, stopped or stuck
                answer = connection.recv_bytes(64)
            except (OSError, EOFError):  # something else holds the address, or the window went away
                return None
        if answer == SHOWN:
            return SHOWN_STATE
        return UNRESPONSIVE if answer == BUSY else None

    def listen(self) -> bool:
        """Take the address for this window; False (logged) when it cannot, and the window goes on."""
        family = _family(self.address)
        try:
            if family == "AF_UNIX":
                folder = Path(self.address).parent
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                if not _ours(folder):
                    raise PermissionError(f"{folder} belongs to another user or others may write in it")
                if self._refused:  # stale: its owner died without removing it
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(self.address)
            self._listener = Listener(self.address, family=family)
        except OSError as exc:
            log.warning("instance: cannot listen at %s (%s): a second start will not be caught", self.address, exc)
            return False
        self._thread = threading.Thread(target=self._serve, name="instance-gate", daemon=True)
        self._thread.start()
        log.info("instance: listening at %s", self.address)
        return True

    def _serve(self) -> None:
        listener = self._listener
        while listener is not None and self._listener is listener:
            try:
                connection = listener.accept()
            except OSError:  # closed (the window is going away), or the system refused it (out of descriptors)
                if self._listener is not listener or self._closing.wait(RETRY_SECONDS):
                    return
                continue  # after a pause: a failing accept() never spins this thread
            if self._listener is not listener:  # close()'s own wake-up call
                connection.close()
                return
            self._answer(connection)

    def _answer(self, connection: Connection) -> None:
        with connection:
            try:
                if connection.poll(ANSWER_SECONDS) and connection.recv_bytes(64) == SHOW:
                    shown = threading.Event()
                    self._asked.emit(shown)  # queued to the GUI thread, where the window lives
                    connection.send_bytes(SHOWN if shown.wait(SHOW_SECONDS) else BUSY)
            except (OSError, EOFError, ValueError) as exc:
                log.debug("instance: a caller went away (%s)", type(exc).__name__)

    @Slot(object)
    def _show(self, shown: threading.Event) -> None:
        """In the GUI thread: show the window, then let the listener answer "shown"."""
        self.activated.emit()
        shown.set()

    def close(self) -> None:
        """Give the address back (the window is closing)."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._closing.set()
        # accept() does not wake up when its socket (or pipe) is closed: wake it with a connection first
        with contextlib.suppress(OSError):
            Client(self.address, family=_family(self.address)).close()
        with contextlib.suppress(OSError):
            listener.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
