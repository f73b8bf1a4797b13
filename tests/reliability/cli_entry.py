"""``python -m tests.reliability.cli_entry ARGS``: the real ``descarga-masiva`` CLI, wired for the harness.

Test-only. The reliability harness runs the CLI in a subprocess it can SIGKILL; this entry point is
``desktop_app.cli.main`` itself, with three things injected through the CLI's documented test hook
(``common.SERVICE_FACTORY``) instead of the production defaults:

* the clock: frozen at ``RELIABILITY_NOW`` (ISO), inside the validity of SAT's public test FIEL, so the
  harness keeps working after that certificate expires (May 2027) — the sandbox shares that moment;
* the SAT endpoints: the sandbox at ``DESCARGA_MASIVA_SAT_URL`` (as in production, from the environment);
* no keyring (the documented fallback): the password comes on stdin (``--password-stdin``).

``RELIABILITY_INGEST_BATCH`` shrinks the ingest batch so that small packages still commit in several
batches (kill points between batches). Crash points come from ``DESCARGA_MASIVA_CRASH_AT`` as usual.

``RELIABILITY_PREFETCH_FIRST=1`` fixes one thread ordering that is otherwise left to the scheduler: the sync
ingests a package while the next one downloads on a background thread, and both need SQLite's write lock to
start (the download to count its attempt, the ingestion for its first batch). With it, the ingestion waits until
the background download has counted its attempt and gone out to SAT (or decided not to) — the order a busy
2-core machine produces now and then — so a kill at an ingestion point certainly lands during that download.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path


def main() -> int:
    from keyring.backends import fail

    import desktop_app.core.sync.ingest as sync_ingest
    import desktop_app.core.sync.packages as sync_packages
    from desktop_app.cli import common
    from desktop_app.cli import main as cli_main
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService
    from desktop_app.demo import sandbox_factory

    clock = FakeClock(datetime.fromisoformat(os.environ["RELIABILITY_NOW"]))
    if os.environ.get("RELIABILITY_INGEST_BATCH"):
        sync_ingest.INGEST_BATCH = int(os.environ["RELIABILITY_INGEST_BATCH"])
    url = os.environ["DESCARGA_MASIVA_SAT_URL"]

    def service(home: str | None) -> DescargaService:
        assert home, "the harness always passes --home"
        return DescargaService(
            Path(home), clock=clock, secrets=SecretStore(fail.Keyring()), sat_factory=sandbox_factory(url, clock)
        )

    if os.environ.get("RELIABILITY_PREFETCH_FIRST"):
        _prefetch_first(sync_packages)
    common.SERVICE_FACTORY = service
    common.SAT_CLIENT_FACTORY = sandbox_factory(url, clock)
    return cli_main(sys.argv[1:])


def _prefetch_first(sync) -> None:
    """``RELIABILITY_PREFETCH_FIRST``: a background ``_download`` is submitted, then the caller waits until it has
    passed ``sync.download.counted`` (its attempt counted, the call to SAT next) or returned without counting."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    local = threading.local()
    crashpoint = sync.crashpoint

    def marking_crashpoint(name: str) -> None:
        started = getattr(local, "started", None)
        if name == "sync.download.counted" and started is not None:
            started.set()
        crashpoint(name)

    class PrefetchFirst(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            if getattr(fn, "__name__", "") != "_download":
                return super().submit(fn, *args, **kwargs)
            started = threading.Event()

            def download():
                local.started = started
                try:
                    return fn(*args, **kwargs)
                finally:
                    started.set()
                    local.started = None

            future = super().submit(download)
            started.wait(60)
            return future

    sync.crashpoint = marking_crashpoint
    sync.ThreadPoolExecutor = PrefetchFirst


if __name__ == "__main__":
    sys.exit(main())
