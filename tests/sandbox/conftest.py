"""Fixtures: an in-process sandbox on 127.0.0.1:0 with a frozen clock, and a signing test client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.sandbox import SandboxClock, SandboxConfig, SandboxServer
from tests.sandbox.client import SatTestClient
from tests.sandbox.fakeworld import FakeWorld

# SAT's test FIEL is valid 2023-05-18 → 2027-05-17; the fake world's documents are from May 2026.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock(NOW)


@pytest.fixture
def make_server(clock):
    servers: list[SandboxServer] = []

    def factory(**options) -> SandboxServer:
        options.setdefault("world", FakeWorld())
        options.setdefault("ready_after", 60)
        options.setdefault("package_size", 10)
        options.setdefault("clock", clock)
        server = SandboxServer(SandboxConfig(**options)).start()
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture
def sat(make_server) -> SandboxServer:
    return make_server()


@pytest.fixture
def client(sat):
    c = SatTestClient(sat.url)
    yield c
    c.close()


@pytest.fixture
def authed(client, clock):
    client.authenticate(clock.now())
    assert client.token
    return client
