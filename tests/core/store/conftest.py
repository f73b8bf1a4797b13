"""The store tests' database: every repository test runs on SQLite and on PostgreSQL (``backend``,
``tests/core/conftest.py``), each on a fresh database (PostgreSQL: ``tests/pg_support.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.core.store import db


@pytest.fixture
def conn(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Any]:
    """A fresh, migrated database of the ``backend`` kind, as the repositories' connection."""
    if backend == "sqlite":
        connection = db.connect(tmp_path / db.DB_NAME)
    else:
        from desktop_app.core.store import pg

        connection = pg.connect(request.getfixturevalue("pg_url"), migrate=False)
    yield connection
    connection.close()
