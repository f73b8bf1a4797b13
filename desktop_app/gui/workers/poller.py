"""The sync poller: a worker object living on its own ``QThread`` (DESIGN.md §7).

Every ``interval`` seconds (and on demand) it runs one sync pass per activated profile — the schedule's due
run included, so the daily sync happens while the window is open or minimised to the tray — and reports
what happened with frozen dataclasses only. Stopping is cooperative: a cancel event plus HTTP timeouts;
``QThread.terminate()`` is never used.

An RFC whose e.firma password the keyring cannot give (core's ``password_required``) is put on hold: its passes
report ``password_required`` without running (no failed run a minute in the history) until the window hands the
password over (:meth:`Poller.password_given`); the core keeps it in memory, so the next pass just works.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from desktop_app.core.errors import AppError
from desktop_app.core.sync import SyncEvent


@dataclass(frozen=True)
class PassResult:
    """One finished pass for one RFC."""

    rfc: str
    ok: bool
    open_requests: int
    next_check_at: int | None
    submitted: int
    downloaded: int
    ingested: int
    error_code: str | None = None
    error_message: str | None = None
    error_cause: str | None = None  # AppError.details["cause"]: what the user must look at (gui/messages.py)


class SyncWorker(QObject):
    """Runs sync passes on the poller thread.

    Signals:
        sync_event(object): a :class:`SyncEvent` (request submitted, verified, downloaded…).
        pass_finished(object): a :class:`PassResult`.
        busy_changed(bool): a pass started (True) or ended (False).
    """

    sync_event = Signal(object)
    pass_finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, service: Any, interval_ms: int = 60_000) -> None:
        super().__init__()
        self._service = service
        self._used = [service]  # every service this thread read with: each closes its connection at shutdown
        self._interval_ms = interval_ms
        self._cancel = threading.Event()
        self._timer: QTimer | None = None
        self._lock = threading.Lock()
        self._on_hold: set[str] = set()  # RFCs waiting for their e.firma password

    @Slot()
    def start(self) -> None:
        """Called on the worker thread once it runs: create the timer there and run a first pass."""
        self._timer = QTimer(self)
        self._timer.setInterval(self._interval_ms)
        self._timer.timeout.connect(self.run_pass)
        self._timer.start()
        self.run_pass()

    @Slot()
    def run_pass(self) -> None:
        if self._cancel.is_set():
            return
        self.busy_changed.emit(True)
        with self._lock:
            service = self._service
        try:
            try:
                profiles = service.profile_records()
            except AppError as exc:  # the office server out of reach: nothing to pass; said as a pass's error
                failed = PassResult("", False, 0, None, 0, 0, 0, exc.code, exc.message, exc.details.get("cause"))
                self.pass_finished.emit(failed)
                return
            for profile in profiles:
                if self._cancel.is_set():
                    break
                if profile.activated and profile.has_fiel:
                    self.pass_finished.emit(self._one(service, profile.rfc))
        finally:
            self.busy_changed.emit(False)

    def _one(self, service: Any, rfc: str) -> PassResult:
        with self._lock:
            waiting = rfc in self._on_hold
        if waiting:  # nothing runs until the password is given
            return PassResult(rfc, False, 0, None, 0, 0, 0, "password_required", None)
        try:
            report = service.sync_once(
                rfc, cancel=self._cancel, on_event=self.sync_event.emit, trigger="gui", lock_wait=0
            )
        except AppError as exc:
            if exc.code == "password_required":
                with self._lock:
                    self._on_hold.add(rfc)
            return PassResult(rfc, False, 0, None, 0, 0, 0, exc.code, exc.message, exc.details.get("cause"))
        first = report["errors"][0] if report["errors"] else None
        return PassResult(
            rfc,
            first is None,
            report["open_requests"],
            report["next_check_at"],
            report["submitted"],
            report["packages_downloaded"],
            report["documents_ingested"],
            first["code"] if first else None,
            first["message"] if first else None,
            first.get("cause") if first else None,
        )

    @Slot()
    def shutdown(self) -> None:
        """On the worker thread: stop the timer and release this thread's database connection."""
        if self._timer is not None:
            self._timer.stop()
            # Destroy the timer here, on its own thread (Qt refuses to stop timers from another thread).
            self._timer.setParent(None)
            self._timer = None
        for service in self._used:
            service.close()

    def cancel(self) -> None:
        """Thread-safe: makes a running pass stop at its next step."""
        self._cancel.set()

    def set_service(self, service: Any) -> None:
        """Thread-safe: the next pass runs on ``service`` (the window switched to or from the office server)."""
        with self._lock:
            self._service = service
            if all(s is not service for s in self._used):
                self._used.append(service)

    def resume(self, rfc: str) -> None:
        """Thread-safe: ``rfc``'s password is known again; its passes run again."""
        with self._lock:
            self._on_hold.discard(rfc)


class Poller(QObject):
    """Owns the thread and the worker; the window talks to this object only.

    Signals:
        sync_event(object), pass_finished(object), busy_changed(bool): forwarded from the worker.
        sync_requested(): asks the worker (on its thread) for a pass now.
    """

    sync_event = Signal(object)
    pass_finished = Signal(object)
    busy_changed = Signal(bool)
    sync_requested = Signal()

    def __init__(self, service: Any, interval_ms: int = 60_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("sync-poller")
        self._worker = SyncWorker(service, interval_ms)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._worker.sync_event.connect(self.sync_event)
        self._worker.pass_finished.connect(self.pass_finished)
        self._worker.busy_changed.connect(self.busy_changed)
        self.sync_requested.connect(self._worker.run_pass)

    def start(self) -> None:
        self._thread.start()

    def sync_now(self) -> None:
        self.sync_requested.emit()

    def set_service(self, service: Any) -> None:
        """The window works on another data service: passes run on it from the next one on."""
        self._worker.set_service(service)
        self.sync_now()

    def password_given(self, rfc: str) -> None:
        """The window got ``rfc``'s password (kept by core in memory or the keyring): go on with it now."""
        self._worker.resume(rfc)
        self.sync_now()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def stop(self, timeout_ms: int = 30_000) -> bool:
        """Cancel, let the current pass end (bounded by HTTP timeouts), stop the thread. Never terminate()."""
        if not self._thread.isRunning():
            return True
        self._worker.cancel()
        # Run the worker's shutdown on its own thread and wait for it (the cancel event makes a running
        # pass stop at its next step), so its timer dies where it lives; then end the thread.
        QMetaObject.invokeMethod(self._worker, "shutdown", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        return self._thread.wait(timeout_ms)


__all__ = ["PassResult", "Poller", "SyncEvent", "SyncWorker"]
