"""One window per data home: opening the app again shows the open window (it may be hidden in the tray) instead
of a second copy with a second tray icon and a second poller."""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.gui import single_instance
from desktop_app.gui.single_instance import SHOWN_STATE, UNRESPONSIVE, InstanceGate, address_for
from tests.e2e.test_window_start import dialog_shown, fake_dialog_tool


@pytest.fixture
def runtime(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _ask(qtbot, gate: InstanceGate) -> str | None:
    """``gate.ask_running()`` as a second start asks it: from another process's thread, while this (the open
    window's) GUI thread runs its event loop."""
    answers: list[str | None] = []
    asking = threading.Thread(target=lambda: answers.append(gate.ask_running()), daemon=True)
    asking.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=15_000)
    return answers[0]


def test_a_second_start_on_the_same_home_asks_the_first_to_show_itself(qtbot, runtime, tmp_path):
    first = InstanceGate(tmp_path / "home")
    assert first.ask_running() is None  # nobody yet
    assert first.listen()
    try:
        second = InstanceGate(tmp_path / "home")
        with qtbot.waitSignal(first.activated, timeout=10_000):
            assert _ask(qtbot, second) == SHOWN_STATE
        other_home = InstanceGate(tmp_path / "other")
        assert other_home.ask_running() is None
    finally:
        first.close()
    assert InstanceGate(tmp_path / "home").ask_running() is None  # the address was given back
    assert not Path(first.address).exists()


def test_a_window_whose_event_loop_is_stuck_is_not_said_to_be_shown(qtbot, runtime, tmp_path, monkeypatch):
    """The listener answers from its own thread: "shown" only once the GUI thread has shown the window. Here the
    GUI thread is busy (it is the one asking) — the answer is "unresponsive", and the window still comes back
    once its event loop runs again."""
    monkeypatch.setattr(single_instance, "SHOW_SECONDS", 0.3)
    first = InstanceGate(tmp_path / "home")
    assert first.listen()
    try:
        started = time.monotonic()
        assert InstanceGate(tmp_path / "home").ask_running() == UNRESPONSIVE  # the GUI thread never got to it
        assert time.monotonic() - started < single_instance.ANSWER_SECONDS
        with qtbot.waitSignal(first.activated, timeout=10_000):
            pass  # the event loop runs: the queued request is served late
        assert _ask(qtbot, InstanceGate(tmp_path / "home")) == SHOWN_STATE
    finally:
        first.close()


def test_a_copy_that_holds_the_address_and_never_answers_is_unresponsive(runtime, tmp_path, monkeypatch):
    """A stopped process (the kernel still queues the connection) answers nothing: not a window to show, and not
    "nobody" either — a second copy beside it would fight it for the same data home."""
    monkeypatch.setattr(single_instance, "ANSWER_SECONDS", 0.3)
    address = Path(address_for(tmp_path / "home"))
    address.parent.mkdir(mode=0o700)
    stopped = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stopped.bind(str(address))
    stopped.listen(1)  # never accepts, never answers
    try:
        assert InstanceGate(tmp_path / "home").ask_running() == UNRESPONSIVE
    finally:
        stopped.close()


def test_the_address_is_private_to_the_user(runtime, tmp_path):
    gate = InstanceGate(tmp_path / "home")
    assert gate.listen()
    try:
        folder = Path(gate.address).parent
        assert folder.parent == runtime
        assert folder.stat().st_mode & 0o777 == 0o700
    finally:
        gate.close()
    assert address_for(tmp_path / "home") != address_for(tmp_path / "home2")


def test_a_socket_left_by_a_copy_that_died_is_replaced(qtbot, runtime, tmp_path):
    address = Path(address_for(tmp_path / "home"))
    address.parent.mkdir(mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(address))
    dead.close()  # the file stays, nobody listens: what a killed window leaves
    assert address.exists()
    gate = InstanceGate(tmp_path / "home")
    assert gate.ask_running() is None
    assert gate.listen()
    try:
        with qtbot.waitSignal(gate.activated, timeout=10_000):
            assert _ask(qtbot, InstanceGate(tmp_path / "home")) == SHOWN_STATE
    finally:
        gate.close()


def test_something_else_at_the_address_is_not_taken_for_the_window(runtime, tmp_path):
    """A listener that does not speak our handshake: the start goes on (it does not exit believing a window is
    open), and the other's address is left alone."""
    address = Path(address_for(tmp_path / "home"))
    address.parent.mkdir(mode=0o700)
    stranger = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stranger.bind(str(address))
    stranger.listen(1)
    answering = threading.Thread(target=_answer_once, args=(stranger, b"nonsense\n"), daemon=True)
    answering.start()
    try:
        gate = InstanceGate(tmp_path / "home")
        assert gate.ask_running() is None
        answering.join(timeout=10)
        assert gate.listen() is False  # taken: this window goes on without catching a second start
        assert address.exists()
    finally:
        stranger.close()


def _answer_once(server: socket.socket, data: bytes) -> None:
    server.settimeout(10)
    try:
        peer, _ = server.accept()
    except OSError:
        return
    with peer:
        peer.sendall(data)


def test_the_window_in_the_tray_comes_back(qtbot, runtime, tmp_path, service):
    from desktop_app.app import build_window

    window = build_window(service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    gate = InstanceGate(tmp_path / "home")
    gate.activated.connect(window.show_from_tray)
    assert gate.listen()
    try:
        window.show()
        window.hide()  # minimised to the tray
        assert _ask(qtbot, InstanceGate(tmp_path / "home")) == SHOWN_STATE
        assert window.isVisible()  # shown before the answer said so
    finally:
        gate.close()
        window.close()


@pytest.mark.skipif(sys.platform == "win32", reason="the e2e runs the Unix socket; Windows' pipe is the same code")
def test_opening_the_app_twice_shows_the_first_window(tmp_path, runtime):
    """The real command twice on one data home: the second exits 0 at once, saying so; the first goes on. A third
    while the first is stopped: exit 1, "not responding"."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    home = tmp_path / "home"
    first_err = (tmp_path / "first.err").open("w", encoding="utf-8")
    first = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--home", str(home)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=first_err,
    )
    try:
        log = home / "logs" / "descarga-masiva.log"
        deadline = time.monotonic() + 60
        while not (log.exists() and "instance: listening" in log.read_text(encoding="utf-8")):
            assert first.poll() is None, (tmp_path / "first.err").read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the first window never listened"
            time.sleep(0.05)
        second = _start(home, env)
        assert second.returncode == 0, second.stderr
        assert "ya está abierta con esta carpeta de datos" in second.stderr
        assert first.poll() is None  # the first window is still there
        # The first window stops answering (its process stopped whole): a third start says so — on stderr, and in
        # the desktop's dialog, as stderr is no terminal — and exits 1 instead of opening a second copy beside it.
        path, seen = fake_dialog_tool(tmp_path, env.get("PATH", ""))
        os.kill(first.pid, signal.SIGSTOP)
        try:
            third = _start(home, dict(env, PATH=path))
        finally:
            os.kill(first.pid, signal.SIGCONT)
        assert third.returncode == 1, third.stderr
        assert "pero su ventana no responde" in third.stderr
        assert "pero su ventana no responde" in dialog_shown(seen, within=10)
        assert "already open on this data home, not responding" in log.read_text(encoding="utf-8")
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(timeout=30)
        first_err.close()


def _start(home: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The window's command on ``home``, run to its end (a start beside an open window ends at once)."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_folder_others_may_write_in_is_not_trusted(qtbot, runtime, tmp_path):
    """In a shared /tmp another user could make the folder first and answer in our window's place: a folder
    that is not this user's alone is never asked, nor listened in."""
    gate = InstanceGate(tmp_path / "home")
    folder = Path(gate.address).parent
    folder.mkdir(mode=0o700)
    helper = InstanceGate(tmp_path / "home")
    assert helper.listen()  # a listener that would answer "shown"
    try:
        folder.chmod(0o777)
        assert gate.ask_running() is None
        assert InstanceGate(tmp_path / "other").listen() is False
        folder.chmod(0o700)
        assert _ask(qtbot, gate) == SHOWN_STATE
    finally:
        folder.chmod(0o700)
        helper.close()


def test_an_accept_that_keeps_failing_does_not_spin(runtime, tmp_path, monkeypatch):
    """Out of file descriptors, accept() fails at once every time: the listener pauses between tries instead of
    taking a core, and still closes promptly."""
    from multiprocessing.connection import Listener

    calls: list[float] = []

    def failing_accept(self):
        calls.append(time.monotonic())
        raise OSError(24, "Too many open files")

    gate = InstanceGate(tmp_path / "home")
    monkeypatch.setattr(Listener, "accept", failing_accept)
    assert gate.listen()
    try:
        deadline = time.monotonic() + 10
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        started = time.monotonic()
        gate.close()
    assert time.monotonic() - started < 2
    assert 3 <= len(calls) <= 40, len(calls)  # paced, not thousands a second
    assert all(b - a >= 0.4 for a, b in itertools.pairwise(calls))
