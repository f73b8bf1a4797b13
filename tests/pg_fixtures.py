"""pytest fixtures for a real PostgreSQL (``tests/pg_support.py`` starts it): imported by the conftest files of
the folders whose tests run on PostgreSQL too. Kept apart from ``pg_support`` so that ``tasks.py`` can import that
with a bare Python (no pytest)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pg_support import ENV, Databases, PostgresUnavailable, required, session_databases


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Databases]:
    """The session's PostgreSQL, started on first use. Skipped with the reason when it cannot be started,
    except under ``DESCARGA_TEST_POSTGRES=required`` (``tasks.py test``), where that is a failure."""
    manager = session_databases()
    try:
        databases = manager.__enter__()
    except PostgresUnavailable as exc:
        if required():
            pytest.fail(f"PostgreSQL is required ({ENV}=required) but could not be started: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL for these tests ({exc}); `python3 tasks.py test` starts one")
    try:
        yield databases
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture
def pg_url(pg_databases: Databases) -> Iterator[str]:
    """A migrated PostgreSQL database with no rows, for one test; its URL."""
    url = pg_databases.create()
    yield url
    pg_databases.release(url)
