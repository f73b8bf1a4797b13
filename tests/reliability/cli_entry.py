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
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path


def main() -> int:
    from keyring.backends import fail

    import desktop_app.core.sync as sync
    from desktop_app.cli import common
    from desktop_app.cli import main as cli_main
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService
    from desktop_app.demo import sandbox_factory

    clock = FakeClock(datetime.fromisoformat(os.environ["RELIABILITY_NOW"]))
    if os.environ.get("RELIABILITY_INGEST_BATCH"):
        sync.INGEST_BATCH = int(os.environ["RELIABILITY_INGEST_BATCH"])
    url = os.environ["DESCARGA_MASIVA_SAT_URL"]

    def service(home: str | None) -> DescargaService:
        assert home, "the harness always passes --home"
        return DescargaService(
            Path(home), clock=clock, secrets=SecretStore(fail.Keyring()), sat_factory=sandbox_factory(url, clock)
        )

    common.SERVICE_FACTORY = service
    common.SAT_CLIENT_FACTORY = sandbox_factory(url, clock)
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
