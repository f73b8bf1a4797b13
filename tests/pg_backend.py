"""Opt-in: every data home of a test run on PostgreSQL — ``pytest -p tests.pg_backend tests/e2e tests/server``.

Each test gets its own database (``tests/pg_support.py``); every ``DescargaService`` made in this process takes it
(``database=``), and every server subprocess of ``tests/server/conftest.start_server`` gets it in
``$DESCARGA_MASIVA_DATABASE``. Tests that open ``<home>/descarga.sqlite3`` themselves, or bulk-load it with SQLite's
own functions, fail here by design: they check SQLite. Measured 2026-12-06: tests/e2e 74 of 78 pass (the other 4
read the SQLite file); of tests/server's seed flow, authorization, scheduler and crash tests 7 of 9 pass (the
other 2 read the SQLite file after the server did its work on PostgreSQL).
"""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def _every_home_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop_app.core.service as service_module
    import tests.server.conftest as server_conftest

    init = service_module.DescargaService.__init__

    def on_postgresql(self, *args, database=None, **kwargs):
        init(self, *args, database=database or pg_url, **kwargs)

    monkeypatch.setattr(service_module.DescargaService, "__init__", on_postgresql)
    original = server_conftest.start_server

    def start_server(home, sandbox_url, *args, env=None, **kwargs):
        return original(home, sandbox_url, *args, env={"DESCARGA_MASIVA_DATABASE": pg_url, **(env or {})}, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "start_server", None) is original:
            monkeypatch.setattr(module, "start_server", start_server)
