"""``python -m tests.server.server_entry ARGS``: the real ``descarga-masiva`` CLI (``server`` included), wired for
tests as the reliability harness wires it (``tests/reliability/cli_entry.py``), through the CLI's test hooks:

* the clock frozen at ``SERVER_TEST_NOW`` (ISO), inside the validity of SAT's public test FIEL, which the sandbox
  in the test process shares;
* SAT at ``DESCARGA_MASIVA_SAT_URL`` (the sandbox), as in production from the environment;
* the sync policy of the e2e tests (checks due at once) and, with ``SERVER_TEST_INGEST_BATCH``, small ingest
  batches, so a crash point can land between two of them.

The server's password store is the production one (sealed with the vault key): only the service is built here.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any


def main() -> int:
    import desktop_app.core.sync.ingest as sync_ingest
    from desktop_app.cli import common, server_cmd
    from desktop_app.cli import main as cli_main
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.service import DescargaService
    from desktop_app.core.sync import SyncPolicy
    from desktop_app.demo import sandbox_factory

    clock = FakeClock(datetime.fromisoformat(os.environ["SERVER_TEST_NOW"]))
    url = os.environ["DESCARGA_MASIVA_SAT_URL"]
    policy = SyncPolicy(first_check_after=0, min_check_interval=0, max_check_interval=0, resubmit_after=0)
    if os.environ.get("SERVER_TEST_INGEST_BATCH"):
        sync_ingest.INGEST_BATCH = int(os.environ["SERVER_TEST_INGEST_BATCH"])

    def server_service(home: str | None, secrets: Any, database: str | None = None) -> DescargaService:
        assert home, "the tests always pass --home"
        return DescargaService(
            Path(home),
            clock=clock,
            secrets=secrets,
            sat_factory=sandbox_factory(url, clock),
            policy=policy,
            database=database,
        )

    def service(home: str | None, database: str | None = None) -> DescargaService:
        assert home, "the tests always pass --home"
        return DescargaService(
            Path(home), clock=clock, sat_factory=sandbox_factory(url, clock), policy=policy, database=database
        )

    server_cmd.SERVICE_FACTORY = server_service
    common.SERVICE_FACTORY = service
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
