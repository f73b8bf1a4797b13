"""The window's reads of a local home (``core.window_ops``): a stale read is stopped from another thread (the
window's newer filter) and says so with ``Interrupted``; what crosses threads cannot be changed."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desktop_app.core.api import FielStatus, Interrupted, ReadStop, frozen_mapping
from desktop_app.core.window_ops import _reading

FOREVER = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def test_a_read_in_progress_is_stopped_from_another_thread():
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    stop = ReadStop()
    outcome: list[BaseException | None] = []

    def reader() -> None:
        try:
            with _reading(conn, stop) as c:
                c.execute(FOREVER).fetchone()
            outcome.append(None)
        except BaseException as exc:  # what the reader got is the test's subject
            outcome.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    while thread.is_alive():  # the query may not have begun at the first call: interrupt until it ends
        stop.interrupt()
        thread.join(0.05)
    assert len(outcome) == 1 and isinstance(outcome[0], Interrupted)
    with _reading(conn, None) as c:  # the connection serves the next read
        assert c.execute("SELECT 1").fetchone() == (1,)


def test_a_read_stopped_before_it_begins_does_not_begin():
    stop = ReadStop()
    stop.interrupt()
    with pytest.raises(Interrupted), _reading(sqlite3.connect(":memory:"), stop):
        raise AssertionError("the read ran")


def test_other_database_errors_are_not_taken_for_a_stop():
    stop = ReadStop()
    with pytest.raises(sqlite3.OperationalError), _reading(sqlite3.connect(":memory:"), stop) as c:
        c.execute("SELECT * FROM no_such_table")


def test_records_that_cross_threads_cannot_be_changed():
    row = frozen_mapping({"uuid": "A", "total": "1.00"})
    with pytest.raises(TypeError):
        row["total"] = "2.00"  # type: ignore[index]
    status = FielStatus.from_json({"uploaded": True, "serial_number": "1", "expires_at": 5, "days_left": 3})
    assert status.uploaded and status.days_left == 3 and not status.expired
    with pytest.raises(AttributeError):
        status.expired = True  # type: ignore[misc]
    assert FielStatus.from_json({"uploaded": False}) == FielStatus(uploaded=False)
