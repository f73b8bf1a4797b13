"""Several simulated days of the daily schedule against the sandbox (issue: daily sync).

The fake clock moves an hour at a time; the engine runs each hour as the OS task or the tray would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.core.clock import MEXICO_CITY
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_sync_engine import FIEL, RFC, ready_service


def _scheduled(service):
    return [h for h in service.history(RFC)["history"] if h["origin"] == "scheduled"]


def _hours(clock, service, hours):
    for _ in range(hours):
        clock.advance(3600)
        service.sync_once(RFC, trigger="scheduled")


def test_daily_runs_fetch_each_day_once_in_mexico_city_time(service, clock, sandbox):
    ready_service(service)
    service.set_schedule(RFC, enabled=True, time="06:00", days_back=1)
    # start just after midnight in Mexico City (06:00 UTC) on 2026-06-16
    clock.set(datetime(2026, 6, 16, 6, 0, tzinfo=UTC))
    _hours(clock, service, 3 * 24)
    runs = _scheduled(service)
    days = sorted({r["startDate"][:10] for r in runs})
    assert days == ["2026-06-15", "2026-06-16", "2026-06-17"]
    assert len(runs) == 3 * 4  # received XML + metadata, issued XML + metadata, per day
    assert {(r["rfcType"], r["requestType"]) for r in runs} == {
        ("received", "cfdi"),
        ("received", "metadata"),
        ("issued", "cfdi"),
        ("issued", "metadata"),
    }
    assert all(r["status"] == "completed" for r in runs)
    for r in runs:  # the seed's days; the exact moments in startAt/endAt
        assert r["startAt"][11:] == "00:00:00" and r["endAt"][11:] == "23:59:59"
        assert r["startDate"] == r["endDate"] == r["startAt"][:10]
    # each run happened at 06:00 Mexico City, i.e. 12:00 UTC (no DST)
    created = sorted({datetime.fromtimestamp(r["createdAt"] / 1000, UTC) for r in runs})
    assert all(c.astimezone(MEXICO_CITY).hour == 6 for c in created)
    schedule = service.get_schedule(RFC)["schedule"]
    assert schedule["lastRunStatus"] == "success" and schedule["lastRunError"] is None
    # every issued CFDI SAT has for those days is in the index
    for day in days:
        start = datetime.fromisoformat(day)
        expected = sandbox.world.count(
            rfc=RFC, direction="issued", start=start, end=start + timedelta(hours=23, minutes=59, seconds=59)
        )
        from desktop_app.core.index import InvoiceFilter

        listed = service.list_invoices(RFC, InvoiceFilter(date_from=day, date_to=day, direction="issued"))
        assert listed["count"] == expected


def test_days_missed_while_off_are_caught_up_once(service, clock):
    ready_service(service)
    clock.set(datetime(2026, 6, 16, 13, 0, tzinfo=UTC))  # 07:00 in Mexico City: today's slot passed
    service.set_schedule(RFC, enabled=True, time="06:00", days_back=3)
    service.sync_once(RFC, trigger="scheduled")
    assert _scheduled(service) == []  # enabled after today's slot: the first run is tomorrow
    _hours(clock, service, 24)
    assert len(_scheduled(service)) == 4
    # the computer is off for three days, then starts at 07:00 Mexico City on 2026-06-20
    clock.advance(3 * 24 * 3600)
    service.sync_once(RFC, trigger="startup")
    service.sync_once(RFC, trigger="scheduled")
    runs = _scheduled(service)
    assert len(runs) == 8  # one catch-up run, not three
    latest = sorted(runs, key=lambda r: r["createdAt"])[-1]
    assert latest["endAt"] == "2026-06-19T23:59:59"  # its window reaches yesterday
    assert latest["startAt"] == "2026-06-17T00:00:00"  # days_back = 3


def test_schedule_disabled_or_deactivated_creates_nothing(service, clock):
    ready_service(service)
    service.set_schedule(RFC, enabled=True, time="06:00")
    service.deactivate(RFC)
    clock.set(datetime(2026, 6, 16, 6, 0, tzinfo=UTC))
    for _ in range(30):
        clock.advance(3600)
        try:
            service.sync_once(RFC)
        except Exception as exc:  # deactivated: the engine refuses to run at all
            assert getattr(exc, "code", None) == "not_activated"
    assert _scheduled(service) == []


def test_a_long_absence_leaves_no_gap(service, clock):
    ready_service(service)
    clock.set(datetime(2026, 5, 10, 5, 0, tzinfo=UTC))  # 23:00 on 2026-05-09 in Mexico City
    service.set_schedule(RFC, enabled=True, time="06:00", days_back=2)
    _hours(clock, service, 12)  # the 2026-05-10 run: 05-08 and 05-09
    clock.advance(40 * 24 * 3600)  # off for forty days
    service.sync_once(RFC, trigger="startup")
    runs = sorted(_scheduled(service), key=lambda r: (r["createdAt"], r["startDate"]))
    catch_up = [r for r in runs if r["startDate"] >= "2026-05-10"]
    periods = sorted({(r["startAt"], r["endAt"]) for r in catch_up})
    # from the previous window's end to yesterday, one request per month per kind
    assert periods == [
        ("2026-05-10T00:00:00", "2026-05-31T23:59:59"),
        ("2026-06-01T00:00:00", "2026-06-18T23:59:59"),
    ]


# -- found by an outside audit of the scheduler (stop 18) -------------------------------------------------------


def test_the_first_daily_run_reaches_back_to_the_day_the_schedule_was_enabled(service, clock):
    """Backfill to 06-09 on 06-10 (after the slot), computer off until 06-20: the first run asked only for its
    days_back (06-17…06-19) and 06-10…06-16 were never requested."""
    ready_service(service)
    clock.set(datetime(2026, 6, 10, 16, 0, tzinfo=UTC))  # 10:00 in Mexico City
    service.set_schedule(RFC, enabled=True, time="06:00", days_back=3)
    clock.set(datetime(2026, 6, 20, 15, 0, tzinfo=UTC))  # 09:00 on 06-20
    service.sync_once(RFC, trigger="startup")
    periods = sorted({(r["startAt"], r["endAt"]) for r in _scheduled(service)})
    assert periods == [("2026-06-10T00:00:00", "2026-06-19T23:59:59")]


def test_two_enables_at_once_never_create_one_request_twice(make_service, clock):
    """The window's «sync enable» and the console's at the same moment: each looked up, found nothing and created,
    and 17 identical requests went to SAT twice (both of SAT's tries for those periods)."""
    import threading

    first = ready_service(make_service())
    cer, key = (FIEL / "EKU9003173C9.cer").read_bytes(), (FIEL / "EKU9003173C9.key").read_bytes()
    first.upload_fiel(RFC, cer, key, TEST_PASSWORD, sync_start_date="2025-01-01")  # 17 months to backfill
    second = make_service()  # another process's service on the same home
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def enable(svc):
        try:
            barrier.wait()
            svc.enable_sync(RFC)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=enable, args=(svc,)) for svc in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    conn = first.db.get()
    twice = conn.execute(
        "SELECT params_key, COUNT(*) FROM requests WHERE rfc = ? GROUP BY params_key HAVING COUNT(*) > 1", (RFC,)
    ).fetchall()
    assert conn.execute("SELECT COUNT(*) FROM requests WHERE rfc = ?", (RFC,)).fetchone()[0] > 10
    assert twice == []


def test_a_backfill_starts_no_earlier_than_sat_serves(service, clock):
    """A sync start accepted at the upload (2020-07-01, 71 months back) had fallen past SAT's six years by the
    time of «sync enable»: its first month's requests could never be sent and stayed pending for good."""
    ready_service(service)
    cer, key = (FIEL / "EKU9003173C9.cer").read_bytes(), (FIEL / "EKU9003173C9.key").read_bytes()
    service.upload_fiel(RFC, cer, key, TEST_PASSWORD, sync_start_date="2020-07-01")
    clock.set(datetime(2026, 7, 20, 18, 0, tzinfo=UTC))
    service.enable_sync(RFC)
    starts = sorted(h["startAt"] for h in service.history(RFC)["history"])
    assert starts[0] == "2020-07-20T00:00:00"  # SAT's floor that day, not the 1st


def test_reactivating_brings_back_the_daily_sync_a_deactivation_stopped(service, clock):
    """«Desactivar» stops the daily sync and says it can be activated again; activating again left it off (with
    «✓ Al día» beside it), so nothing was downloaded any more."""
    ready_service(service)
    assert service.get_schedule(RFC)["schedule"]["enabled"] is False
    service.activate(RFC)  # never synced: activating turns nothing on by itself
    assert service.get_schedule(RFC)["schedule"]["enabled"] is False
    service.enable_sync(RFC)
    service.deactivate(RFC)
    assert service.get_schedule(RFC)["schedule"]["enabled"] is False  # stopped at once (the seed)
    service.activate(RFC)
    assert service.get_schedule(RFC)["schedule"]["enabled"] is True


def test_reactivating_leaves_off_a_daily_sync_the_owner_had_turned_off(service, clock):
    """Activating again turned the daily sync back on for every RFC that had once run «sync enable», also when its
    owner had switched it off by hand before deactivating: SAT was asked every day again, unasked."""
    ready_service(service)
    service.enable_sync(RFC)
    service.set_schedule(RFC, enabled=False)
    service.deactivate(RFC)
    service.activate(RFC)
    assert service.get_schedule(RFC)["schedule"]["enabled"] is False
    # and one that was on comes back, also after a second deactivation (which found it already stopped)
    service.set_schedule(RFC, enabled=True)
    service.deactivate(RFC)
    service.deactivate(RFC)
    service.activate(RFC)
    assert service.get_schedule(RFC)["schedule"]["enabled"] is True
    # turned off by hand while deactivated: the owner's last word stands
    service.deactivate(RFC)
    service.set_schedule(RFC, enabled=False)
    service.activate(RFC)
    assert service.get_schedule(RFC)["schedule"]["enabled"] is False


def test_migration_16_keeps_bringing_back_the_daily_sync_of_a_profile_deactivated_before_it(
    service, clock, make_service
):
    """A profile deactivated by an older app, whose daily sync that app would bring back on activation, still
    gets it back after the upgrade."""
    from desktop_app.core.store import db

    ready_service(service)
    service.enable_sync(RFC)
    service.deactivate(RFC)
    conn = service.db.get()
    with db.transaction(conn):  # the schedules table as it was before migration 16
        conn.execute("ALTER TABLE schedules DROP COLUMN paused")
        conn.execute("PRAGMA user_version = 15")  # the version before migration 16
    home = service.home
    service.close()
    upgraded = make_service(home)
    assert upgraded.get_schedule(RFC)["schedule"]["enabled"] is False
    upgraded.activate(RFC)
    assert upgraded.get_schedule(RFC)["schedule"]["enabled"] is True
