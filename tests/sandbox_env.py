"""Shared fixtures: the SAT sandbox on 127.0.0.1, a service wired to it, and the CLI run in-process.

Used by tests/e2e and tests/gui (registered as a plugin in tests/conftest.py).

One frozen clock (inside the test FIEL's validity) drives the sandbox, the app and the SAT client, so the
suite keeps passing after SAT's test certificate expires in May 2027.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime

import pytest

from desktop_app.cli import common
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.sync import SyncPolicy
from desktop_app.sandbox import SandboxClock, SandboxServer
from tests.conftest import MemoryKeyring

NOW = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)  # 12:00 in Mexico City
# (the daily re-check of received invoices at SAT goes at 50 calls/s here instead of the app's gentle 0.5/s)
FAST = SyncPolicy(first_check_after=0, min_check_interval=0, max_check_interval=0, resubmit_after=0, recheck_rate=50)


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock(NOW)


SANDBOX_DEFAULTS = {"ready_after": 0, "invoices": 20_000, "package_size": 50}


@pytest.fixture
def sandbox_options() -> dict:
    """Override in a test module (or parametrize) to configure the sandbox differently."""
    return {}


@pytest.fixture
def sandbox(clock, sandbox_options):
    server = SandboxServer(clock=clock, **{**SANDBOX_DEFAULTS, **sandbox_options}).start()
    yield server
    server.stop()


@pytest.fixture
def secrets() -> SecretStore:
    return SecretStore(MemoryKeyring())


@pytest.fixture
def make_service(sandbox, clock, secrets, tmp_path):
    from desktop_app.core.sat.client import SatClient
    from desktop_app.demo import sandbox_endpoints

    endpoints = sandbox_endpoints(sandbox.url)
    services = []

    def factory(home=None, policy=FAST):
        service = DescargaService(
            home or tmp_path / "home",
            clock=clock,
            secrets=secrets,
            sat_factory=lambda fiel: SatClient(fiel, endpoints, clock=clock.now),
            policy=policy,
        )
        services.append(service)
        return service

    yield factory
    for service in services:
        service.close()


@pytest.fixture
def service(make_service) -> DescargaService:
    return make_service()


@pytest.fixture
def cli(make_service, monkeypatch, tmp_path):
    """Run ``descarga-masiva ARGS`` in-process against the sandbox; returns (exit code, JSON document)."""
    from desktop_app.cli import main

    monkeypatch.setattr(common, "SERVICE_FACTORY", make_service)
    monkeypatch.setattr(common, "SAT_CLIENT_FACTORY", lambda fiel: make_service().sat_factory(fiel))

    def run(*args: str, stdin: str = "") -> tuple[int, dict]:
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--home", str(tmp_path / "home"), *args])
        monkeypatch.setattr(sys, "stdout", sys.__stdout__)
        lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
        assert len(lines) == 1, out.getvalue()
        return code, json.loads(lines[0])

    return run
