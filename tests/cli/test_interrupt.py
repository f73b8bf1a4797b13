"""Ctrl+C in a long command (`invoices import`, `invoices verify`): the first asks it to stop at its next safe
point and its answer is printed; the second does not wait for that (the usual interruption, exit 130)."""

from __future__ import annotations

import signal
import sys
import threading

import pytest

from desktop_app.cli.common import stop_on_interrupt


@pytest.mark.skipif(sys.platform == "win32", reason="raise_signal(SIGINT) is the POSIX terminal's Ctrl+C")
def test_a_first_ctrl_c_asks_to_stop_and_a_second_interrupts(capsys):
    before = signal.getsignal(signal.SIGINT)
    cancel = threading.Event()
    with stop_on_interrupt(cancel):
        signal.raise_signal(signal.SIGINT)
        assert cancel.is_set()  # stop at the next safe point: nothing raised
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)  # again: no more waiting
    assert "Deteniendo… (Ctrl+C otra vez para salir ya)" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGINT) is before  # the command's handlers are given back


def test_off_the_main_thread_nothing_is_installed():
    seen: list[object] = []

    def inside() -> None:
        with stop_on_interrupt(threading.Event()):
            seen.append(signal.getsignal(signal.SIGINT))

    worker = threading.Thread(target=inside)
    worker.start()
    worker.join(10)
    assert seen == [signal.getsignal(signal.SIGINT)]
