"""``run_in_background(fn, on_done, on_error)``: one-off jobs off the GUI thread (Picard's run_task).

The function runs on ``QThreadPool``; its result (or the AppError it raised) comes back through a queued
signal, so ``on_done``/``on_error`` always run on the GUI thread.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from desktop_app.core.errors import AppError


class _Relay(QObject):
    """Carries a job's outcome back to the thread that created it.

    Signals:
        done(object): the function's return value.
        failed(object): the AppError raised, or an AppError("internal_error") wrapping a bug.
    """

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self._fn()
        except AppError as exc:
            self._report(self._relay.failed, exc)
        except Exception as exc:  # a bug: hand it to the crash dialog with its traceback
            error = AppError("internal_error", f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())
            self._report(self._relay.failed, error)
        else:
            self._report(self._relay.done, result)

    def _report(self, signal: Any, value: Any) -> None:
        if not isValid(self._relay):
            return  # the app is going away: nobody is left to tell
        with contextlib.suppress(RuntimeError):  # deleted between the check and the emit, for the same reason
            signal.emit(value)


_live: set[_Relay] = set()  # relays stay alive until their job reports


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[AppError], None] | None = None,
    *,
    pool: QThreadPool | None = None,
    owner: QObject | None = None,
) -> _Relay:
    """Run ``fn`` on the pool; ``on_done``/``on_error`` run on the GUI thread.

    With ``owner`` (the widget that asked), the callbacks are skipped if the owner was deleted meanwhile —
    a page closed while its job was running must not be touched.
    """
    relay = _Relay()
    _live.add(relay)

    def owner_gone() -> bool:
        return owner is not None and not isValid(owner)

    @Slot(object)
    def finished(value: Any) -> None:
        _live.discard(relay)
        if on_done is not None and not owner_gone():
            on_done(value)

    @Slot(object)
    def failed(error: AppError) -> None:
        _live.discard(relay)
        if on_error is not None and not owner_gone():
            on_error(error)

    relay.done.connect(finished)
    relay.failed.connect(failed)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))
    return relay
