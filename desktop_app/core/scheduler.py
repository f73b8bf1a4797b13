"""Many RFCs, one scheduler: the office server's sync loop (issue 19).

The desktop runs one pass per activated profile every minute on its poller thread (``gui/workers/poller.py``) and
the OS task runs ``sync --once --all``; both call :meth:`DescargaService.sync_once`, which runs the daily
schedule's due slot, then submit → verify → download → ingest under the profile's lock. The server does the same
with more RFCs at once: :class:`ProfileScheduler` keeps a pool of ``workers`` threads, each running one RFC's
pass, so N RFCs are in flight together and never two passes on one RFC — the scheduler never starts a second one
in this process, and the profile lock (:mod:`desktop_app.core.locking`) refuses one from another process
(``sync_busy``: that RFC is simply tried again later).

When each RFC is next looked at:

* at once when :meth:`kick` is called for it (a manual request, a FIEL upload, ``sync/enable``); a kick during a
  pass makes another pass follow it, so a request stored while a pass was running is sent without waiting;
* when its earliest open request's check is due (``next_check_at``; at least ``min_pause`` s apart);
* otherwise every ``interval`` s, which is how a daily slot that became due is noticed (as on the desktop).

An RFC whose FIEL cannot be unlocked (``password_required``, ``vault_key_mismatch``…) is put on hold until a kick
or ``hold`` seconds, instead of recording a failed run every minute.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.clock import to_ms
from desktop_app.core.errors import AppError

log = logging.getLogger(__name__)

# Codes that mean "this RFC cannot run until someone does something": wait for a kick (or `hold` seconds).
HOLD_CODES = frozenset(
    {
        "password_required",
        "vault_key_mismatch",
        "fiel_missing",
        "not_activated",
        "certificate_expired",
        "wrong_password",
    }
)
TRIGGER = "server"


@dataclass
class _State:
    due: float = 0.0  # time.monotonic() when it should next run
    running: bool = False
    again: bool = False  # kicked while running: run once more right after
    hold_until: float | None = None
    last: dict[str, Any] = field(default_factory=dict)


class ProfileScheduler:
    """Runs every ready profile's sync passes on ``workers`` threads, never two at once for one RFC.

    Args:
        service: the :class:`~desktop_app.core.service.DescargaService` of the home.
        workers: how many RFCs may sync at once.
        interval: seconds between two looks at an RFC with nothing open (the daily slot is noticed then).
        min_pause: the least time between two passes of one RFC that is waiting for SAT.
        hold: seconds an RFC that cannot unlock its FIEL waits before it is tried again without a kick.
        on_pass: called (on the worker thread) with ``(rfc, report or None, AppError or None)`` after each pass.
    """

    def __init__(
        self,
        service: Any,
        *,
        workers: int = 4,
        interval: float = 60.0,
        min_pause: float = 1.0,
        hold: float = 900.0,
        on_pass: Callable[[str, dict[str, Any] | None, AppError | None], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.service = service
        self.workers = workers
        self.interval = interval
        self.min_pause = min_pause
        self.hold = hold
        self.on_pass = on_pass
        self._monotonic = monotonic
        self._states: dict[str, _State] = {}
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._pool: ThreadPoolExecutor | None = None
        self._thread: threading.Thread | None = None
        self._rescan = True  # read the profiles again at the next turn of the loop

    # -- life -------------------------------------------------------------------------------------------------

    def start(self) -> ProfileScheduler:
        if self._thread is not None:
            return self
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="sync")
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Cancel running passes (they stop at their next step), wait for them, end the loop."""
        self._stop.set()
        self._cancel.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # -- asking for passes --------------------------------------------------------------------------------------

    def kick(self, rfc: str | None = None) -> None:
        """Look at ``rfc`` (every RFC when None) now; a kick during its pass runs another one right after."""
        with self._cond:
            names = [rfc.strip().upper()] if rfc else list(self._states)
            for name in names:
                state = self._states.setdefault(name, _State())
                state.hold_until = None
                state.due = 0.0
                if state.running:
                    state.again = True
            self._rescan = True
            self._cond.notify_all()

    def status(self) -> dict[str, Any]:
        """What each known RFC is doing: running, on hold, seconds until its next look, its last pass."""
        now = self._monotonic()
        with self._cond:
            return {
                rfc: {
                    "running": state.running,
                    "on_hold": state.hold_until is not None and state.hold_until > now,
                    "next_in": max(0.0, round(state.due - now, 3)),
                    "last": dict(state.last),
                }
                for rfc, state in sorted(self._states.items())
            }

    def running(self) -> list[str]:
        with self._cond:
            return sorted(rfc for rfc, state in self._states.items() if state.running)

    # -- the loop ---------------------------------------------------------------------------------------------

    def _ready_profiles(self) -> list[str]:
        try:
            return [p.rfc for p in self.service.profiles.list() if p.activated and p.has_fiel]
        except Exception:  # a database hiccup must not end the scheduler; the next look tries again
            log.exception("scheduler: could not list the profiles")
            return []

    def _loop(self) -> None:
        next_scan = 0.0
        ready: list[str] = []
        try:
            while not self._stop.is_set():
                now = self._monotonic()
                with self._cond:
                    rescan, self._rescan = self._rescan, False
                if rescan or now >= next_scan:
                    ready = self._ready_profiles()
                    next_scan = now + min(self.interval, 5.0)
                with self._cond:
                    for rfc in ready:
                        self._states.setdefault(rfc, _State())
                    wake = now + self.interval
                    for rfc in ready:
                        state = self._states[rfc]
                        if state.running:
                            continue
                        if state.hold_until is not None:
                            if state.hold_until > now:
                                wake = min(wake, state.hold_until)
                                continue
                            state.hold_until = None
                        if state.due <= now:
                            state.running = True
                            state.again = False
                            assert self._pool is not None
                            self._pool.submit(self._run, rfc)
                        else:
                            wake = min(wake, state.due)
                    wake = min(wake, next_scan)
                    if not self._stop.is_set() and not self._rescan:
                        self._cond.wait(max(0.0, wake - self._monotonic()))
        finally:
            self.service.db.close()

    def _run(self, rfc: str) -> None:
        report: dict[str, Any] | None = None
        error: AppError | None = None
        try:
            report = self.service.sync_once(rfc, cancel=self._cancel, trigger=TRIGGER, lock_wait=0)
        except AppError as exc:
            error = exc
        except Exception:  # a bug in one pass must not stop the others; the next look tries again
            log.exception("scheduler: the pass of %s failed unexpectedly", rfc)
            error = AppError("internal_error", "The pass failed unexpectedly; see the log.")
        finally:
            self.service.db.close()  # this pool thread's connection: nothing is left open when the pool ends
        now = self._monotonic()
        with self._cond:
            state = self._states.setdefault(rfc, _State())
            state.running = False
            state.last = {
                "at": to_ms(self.service.clock.now()),
                **({"error": error.to_json()} if error else {}),
                **({"report": report} if report is not None else {}),
            }
            if state.again:
                state.again = False
                state.due = now
            elif error is not None and error.code in HOLD_CODES:
                state.hold_until = now + self.hold
                state.due = state.hold_until
            elif error is not None:
                state.due = now + (self.min_pause if error.code == "sync_busy" else self.interval)
            else:
                state.due = now + self._pause(report)
            self._cond.notify_all()
        if error is not None:
            log.log(
                logging.INFO if error.code in HOLD_CODES or error.code == "sync_busy" else logging.WARNING,
                "scheduler: %s: %s",
                rfc,
                error.code,
            )
        if self.on_pass is not None:
            try:
                self.on_pass(rfc, report, error)
            except Exception:
                log.exception("scheduler: on_pass failed")

    def _pause(self, report: dict[str, Any] | None) -> float:
        """Seconds until the RFC's next pass: when its earliest check is due, within [min_pause, interval]."""
        if not report or not report.get("open_requests"):
            return self.interval
        next_check = report.get("next_check_at")
        if next_check is None:
            return self.min_pause
        seconds = (int(next_check) - to_ms(self.service.clock.now())) / 1000
        return max(self.min_pause, min(self.interval, seconds))
