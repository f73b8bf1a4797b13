"""One sync pass for one profile: submit due requests → verify pending ones → download → ingest.

The pass is cancellable between steps (a ``threading.Event``) and bounded: HTTP calls have timeouts,
verifications back off (a request SAT keeps in state 1 for days is checked at growing intervals, about
1 minute up to 30 minutes, and reset when anything changes) and each pass caps how many calls it makes.

Nothing is lost across crashes:
- a request is marked ``sending`` before it goes out; one found ``sending`` at the next start has an
  unknown outcome and is never resent automatically (SAT allows two identical requests, ever);
- a package's download is counted *before* it is attempted (SAT counts every attempt that reaches it),
  saved to disk before it is read, and never downloaded a third time;
- ingestion is idempotent, so a package interrupted half-way is simply ingested again.

A full disk does not waste SAT's two downloads of a package (issue 13): a download starts only when the free
space covers the package's estimated size plus a margin (SAT does not announce sizes). A disk that fills up
anyway, mid-download or mid-ingestion, stops the pass with ``disk_full`` and leaves nothing half-written; the
package waits, ready, for a pass that finds room (a download cut short by the disk was counted by SAT, so the
last one waits for room for at least twice what had arrived).

The modules, by responsibility:

* :mod:`.engine` — :class:`SyncPass`: walks the open requests and moves each one a step;
* :mod:`.submission` — sending requests (and never resending one whose outcome is unknown);
* :mod:`.verification` — asking SAT about them, registering packages, splitting too-big periods;
* :mod:`.packages` — downloading packages (counted first) and completing the request;
* :mod:`.ingest` — adding a package to the vault and the index in batches (:func:`ingest_items`);
* :mod:`.disk` — the room a download needs and the ``disk_full`` error (the seam tests replace);
* :mod:`.periods` — what scheduled runs ask for, and whether a pass has anything to do;
* :mod:`.leftovers` — temporary files of interrupted writes;
* :mod:`.model` — the policy, events, report and the context the steps share.
"""

from __future__ import annotations

from desktop_app.core.months import month_periods
from desktop_app.core.status import NOT_RESENT
from desktop_app.core.sync.engine import SyncPass
from desktop_app.core.sync.ingest import INGEST_BATCH, ingest_items
from desktop_app.core.sync.leftovers import sweep_interrupted_writes
from desktop_app.core.sync.model import (
    MAX_DOWNLOADS_PER_PACKAGE,
    MAX_TOKEN_REJECTED_SUBMITS,
    UNCONTROLLED_ERROR,
    USER_NOT_VALID,
    SyncEvent,
    SyncPolicy,
    SyncReport,
)
from desktop_app.core.sync.periods import idle_report, scheduled_params, work_due

__all__ = [
    "INGEST_BATCH",
    "MAX_DOWNLOADS_PER_PACKAGE",
    "MAX_TOKEN_REJECTED_SUBMITS",
    "NOT_RESENT",
    "UNCONTROLLED_ERROR",
    "USER_NOT_VALID",
    "SyncEvent",
    "SyncPass",
    "SyncPolicy",
    "SyncReport",
    "idle_report",
    "ingest_items",
    "month_periods",
    "scheduled_params",
    "sweep_interrupted_writes",
    "work_due",
]
