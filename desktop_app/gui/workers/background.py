"""``run_in_background(fn, on_done, on_error)``: one-off jobs off the GUI thread (Picard's run_task).

The function runs on ``QThreadPool``; its result (or the AppError it raised) comes back through a queued
signal, so ``on_done``/``on_error`` always run on the GUI thread. A long job that tells its progress
(a bulk verification, an import) is a :class:`ProgressJob` reporting through a :class:`ProgressRelay` its owner
made, on a pool the owner waits for when the window closes.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog
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


class ProgressRelay(_Relay):
    """Carries a long job's news to the GUI thread (made there, by the job's owner): ``done`` and ``failed`` as
    every job's, and

    Signals:
        progressed(object): what the job's function passed to its progress callback.
    """

    progressed = Signal(object)


class ProgressJob(_Job):
    """``fn(progress)`` on a pool thread; ``progress(value)`` and the outcome go out through ``relay``."""

    def __init__(self, fn: Callable[[Callable[[Any], None]], Any], relay: ProgressRelay) -> None:
        super().__init__(lambda: fn(self._progress), relay)
        self._progressed = relay.progressed

    def _progress(self, value: Any) -> None:
        self._report(self._progressed, value)


class StoppableJob(QObject):
    """One long job at a time on its own one-thread pool, shown in a progress dialog whose «Detener» sets the job's
    cancel event; the window stops it and waits for it when it closes (:meth:`shutdown`).

    A subclass starts its job with :meth:`_launch` and answers the relay in ``_on_job_progressed``,
    ``_on_job_finished`` and ``_on_job_failed`` (each calling :meth:`_ended` first on the last two);
    :meth:`_stopping_text` is what the dialog says once «Detener» was pressed (in the language of that moment)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.progress_dialog: QProgressDialog | None = None
        self._cancel: threading.Event | None = None
        self._relay: ProgressRelay | None = None
        self._closing = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def _launch(self, job: Callable[[threading.Event, Callable[[Any], None]], Any], dialog: QProgressDialog) -> None:
        """Run ``job(cancel, progress)`` on the pool, ``dialog`` (window-modal) showing it."""
        cancel = threading.Event()
        relay = ProgressRelay(self)
        relay.progressed.connect(self._on_job_progressed)
        relay.done.connect(self._on_job_finished)
        relay.failed.connect(self._on_job_failed)
        self._cancel, self._relay = cancel, relay
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog
        self._pool.start(ProgressJob(lambda progress: job(cancel, progress), relay))

    def cancel(self) -> None:
        """«Detener»: the job stops at its next safe point."""
        if self._cancel is not None:
            self._cancel.set()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText(self._stopping_text())

    def shutdown(self, wait_ms: int = 90_000) -> None:
        """The window is closing: stop the job and wait for it."""
        self._closing = True
        self.cancel()
        self._pool.waitForDone(wait_ms)

    def _stopping(self) -> bool:
        return self._cancel is not None and self._cancel.is_set()

    def _ended(self) -> None:
        self._cancel = None
        self._relay = None
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()

    def _stopping_text(self) -> str:
        raise NotImplementedError

    def _on_job_progressed(self, value: Any) -> None:
        raise NotImplementedError

    def _on_job_finished(self, result: Any) -> None:
        raise NotImplementedError

    def _on_job_failed(self, error: AppError) -> None:
        raise NotImplementedError
