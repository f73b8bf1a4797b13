"""Schedule rules: validation, Mexico City time, next run, catch-up once, request windows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.core.clock import MEXICO_CITY, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.schedule import Schedule

MX = MEXICO_CITY


def test_defaults_and_seed_names():
    data = Schedule().to_json()
    assert data == {
        "enabled": False,
        "time": "06:00",
        "downloadTypes": ["issued", "received"],
        "daysBack": 3,
        "lastRunAt": None,
        "lastRunStatus": None,
        "lastRunError": None,
        "recheckMonths": 3,  # issue 17.3: received vigente invoices re-checked at SAT daily, 3 months back
    }


@pytest.mark.parametrize(
    "change",
    [
        {"time": "24:00"},
        {"time": "7:5"},
        {"time": "06:60"},
        {"download_types": []},
        {"download_types": ["issued", "emitidos"]},
        {"days_back": 0},
        {"days_back": 91},
        {"recheck_months": -1},
        {"recheck_months": 25},
    ],
)
def test_invalid_changes_are_refused(change):
    with pytest.raises(AppError) as info:
        Schedule().updated(**change)
    assert info.value.code == "invalid_schedule"


def test_valid_change():
    s = Schedule().updated(enabled=True, time="23:30", download_types=["received", "received"], days_back=90)
    assert (s.enabled, s.time, s.download_types, s.days_back) == (True, "23:30", ("received",), 90)
    assert Schedule().updated(recheck_months=0).recheck_months == 0  # off
    assert Schedule().updated(recheck_months=24).recheck_months == 24


def test_next_run_is_mexico_city_time_without_dst():
    s = Schedule(enabled=True, time="06:00")
    # 2026-07-01 11:00 UTC = 05:00 in Mexico City (UTC-6 all year since 2022, even in summer)
    assert s.next_run(datetime(2026, 7, 1, 11, 0, tzinfo=UTC)) == datetime(2026, 7, 1, 6, 0, tzinfo=MX)
    assert s.next_run(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)).astimezone(UTC) == datetime(
        2026, 7, 2, 12, 0, tzinfo=UTC
    )
    # late evening in Mexico is already tomorrow in UTC
    assert s.next_run(datetime(2026, 1, 10, 3, 0, tzinfo=UTC)) == datetime(2026, 1, 10, 6, 0, tzinfo=MX)
    assert Schedule(enabled=False).next_run(datetime(2026, 1, 1, tzinfo=UTC)) is None


def test_mexico_city_comes_from_the_shipped_zones_not_an_outdated_system_file(tmp_path):
    """An operating system not updated since 2022 still has daylight saving time for Mexico City, and zoneinfo reads
    its files first: the daily run went an hour early and "today" reached an hour into SAT's future (an outside
    audit). A zone with summer time (Chicago's) stands in for that file here."""
    import tzdata

    stale = tmp_path / "zoneinfo" / "America"
    stale.mkdir(parents=True)
    shutil.copyfile(Path(tzdata.__file__).parent / "zoneinfo" / "America" / "Chicago", stale / "Mexico_City")
    probe = (
        "from datetime import UTC, datetime; from zoneinfo import ZoneInfo; import sys\n"
        "july = datetime(2026, 7, 1, 12, tzinfo=UTC)\n"
        "print(july.astimezone(ZoneInfo('America/Mexico_City')).utcoffset().total_seconds() / 3600)\n"
        "from desktop_app.core.clock import MEXICO_CITY\n"
        "print(july.astimezone(MEXICO_CITY).utcoffset().total_seconds() / 3600)\n"
    )
    env = dict(os.environ, PYTHONTZPATH=str(tmp_path / "zoneinfo"))
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["-5.0", "-6.0"]  # the stale file is there and read by zoneinfo; the app does not use it


def test_missed_days_are_caught_up_once():
    last = datetime(2026, 3, 1, 6, 0, 5, tzinfo=MX)
    s = Schedule(enabled=True, time="06:00", last_run_at=to_ms(last))
    # the computer was off for four days; at 09:00 on the fifth only today's slot is due
    now = datetime(2026, 3, 5, 9, 0, tzinfo=MX)
    slot = s.due_slot(now)
    assert slot == datetime(2026, 3, 5, 6, 0, tzinfo=MX)
    ran = Schedule(enabled=True, time="06:00", last_run_at=to_ms(now))
    assert ran.due_slot(now) is None
    # at 05:00 (before today's slot) yesterday's missed slot is the one due
    early = datetime(2026, 3, 5, 5, 0, tzinfo=MX)
    assert s.due_slot(early) == datetime(2026, 3, 4, 6, 0, tzinfo=MX)


def test_enabling_after_todays_slot_waits_for_the_next():
    now = datetime(2026, 3, 5, 9, 0, tzinfo=MX)
    s = Schedule(enabled=True, time="06:00")
    assert s.due_slot(now, enabled_at=to_ms(datetime(2026, 3, 5, 8, 0, tzinfo=MX))) is None
    assert s.due_slot(now, enabled_at=to_ms(datetime(2026, 3, 1, 8, 0, tzinfo=MX))) is not None


def test_window_is_the_last_complete_days():
    s = Schedule(enabled=True, days_back=3)
    start, end = s.window(datetime(2026, 3, 5, 6, 0, tzinfo=MX))
    assert start == datetime(2026, 3, 2, 0, 0, 0)
    assert end == datetime(2026, 3, 4, 23, 59, 59)


def test_a_run_recorded_under_a_clock_set_ahead_does_not_hold_back_the_daily_runs():
    """A run made with the clock at 2027-01-15, then the clock put right: every daily run waited for 2027."""
    ahead = Schedule(enabled=True, time="06:00", last_run_at=to_ms(datetime(2027, 1, 15, 10, 0, tzinfo=MX)))
    now = datetime(2026, 6, 16, 9, 0, tzinfo=MX)
    assert ahead.due_slot(now) == datetime(2026, 6, 16, 6, 0, tzinfo=MX)
    # an enabling recorded in that future does not either
    fresh = Schedule(enabled=True, time="06:00")
    assert fresh.due_slot(now, enabled_at=to_ms(datetime(2027, 1, 15, 10, 0, tzinfo=MX))) is not None


def test_the_next_run_is_now_when_a_missed_slot_is_due():
    """`schedule show` promised tomorrow 06:00 while the catch-up was due at the next pass."""
    from desktop_app.core.schedule import describe_next_run

    s = Schedule(enabled=True, time="06:00", last_run_at=to_ms(datetime(2026, 6, 15, 6, 0, 5, tzinfo=MX)))
    now = datetime(2026, 6, 17, 9, 0, tzinfo=MX)
    assert describe_next_run(s, now)["nextRunAt"] == to_ms(now)
    ran = Schedule(enabled=True, time="06:00", last_run_at=to_ms(now))
    assert describe_next_run(ran, now)["nextRunAtLocal"].startswith("2026-06-18 06:00")
