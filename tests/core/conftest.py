"""The core tests' databases: a test that asks for ``backend`` (or a fixture built on it: ``db_source`` here,
``conn`` in ``store/conftest.py``) runs on SQLite and on PostgreSQL, each a fresh database (PostgreSQL: a real
server, ``tests/pg_support.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.store import db

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_source(backend: str, request: pytest.FixtureRequest) -> Iterator[Callable[[Path], Any]]:
    """``make(path)``: the engine's connection source (``ConnectionPerThread``'s interface) on the ``backend`` —
    the SQLite file at ``path``, or this test's PostgreSQL database (``path`` unused: one database per test)."""
    made: list[Any] = []

    def make(path: Path) -> Any:
        if backend == "sqlite":
            source: Any = db.ConnectionPerThread(path)
        else:
            from desktop_app.core.store import pg

            source = pg.PgConnectionSource(request.getfixturevalue("pg_url"))
        made.append(source)
        return source

    yield make
    for source in made:
        if backend == "postgresql":
            source.close_all()
        else:
            source.close()
