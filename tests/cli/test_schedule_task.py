"""`schedule install|uninstall|status`, `schedule show`'s os_task and `sync --all`, in-process.

OS commands go through a recording runner (``schedule_cmd.OSTASK_OVERRIDES``); files land in a throw-away
HOME/XDG_CONFIG_HOME. Nothing here touches the machine's real crontab or systemd.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_app.cli import common, main, schedule_cmd
from desktop_app.core.errors import AppError
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import transaction
from tests.conftest import MemoryKeyring
from tests.core.test_ostask import FakeOS

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"


@pytest.fixture
def user_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "user"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def fake(monkeypatch, user_home) -> FakeOS:
    os_ = FakeOS()
    monkeypatch.setattr(
        schedule_cmd,
        "OSTASK_OVERRIDES",
        {"runner": os_, "platform": "linux", "local_tz": ZoneInfo("UTC"), "now": NOW},
    )
    return os_


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    """The user's default data home (its OS task keeps the scheduler's plain name; another home's has a suffix)."""
    home = tmp_path / "Datos & Facturas"
    monkeypatch.setenv("DESCARGA_MASIVA_HOME", str(home))
    return home


@pytest.fixture
def keyring():
    return MemoryKeyring()


@pytest.fixture
def services(monkeypatch, keyring):
    """CLI services with an in-memory keyring; the list lets a test reach the one a command used."""
    opened: list[DescargaService] = []

    def factory(home):
        service = DescargaService(Path(home), secrets=SecretStore(keyring))
        opened.append(service)
        return service

    monkeypatch.setattr(common, "SERVICE_FACTORY", factory)
    yield opened
    for service in opened:
        service.close()


def run_cli(capsys, *args: str) -> tuple[int, dict]:
    code = main(list(args))
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one JSON document, got {out!r}"
    return code, json.loads(lines[0])


def make_ready(home: Path, rfc: str, *, time: str = "06:00", enabled: bool = True) -> None:
    """A profile that is activated with a FIEL, without talking to SAT (the FIEL row is faked)."""
    service = DescargaService(home, secrets=SecretStore(MemoryKeyring()))
    try:
        service.add_profile(rfc)
        service.activate(rfc)
        conn = service.db.get()
        with transaction(conn):
            conn.execute("UPDATE profiles SET fiel_serial = 'x' WHERE rfc = ?", (rfc,))
        service.set_schedule(rfc, time=time, enabled=enabled)
    finally:
        service.close()


# -- schedule install / status / uninstall ----------------------------------------------------------------------


def test_install_dry_run_shape(capsys, fake, data_home, services):
    code, doc = run_cli(capsys, "schedule", "install", "--kind", "systemd", "--dry-run", "--home", str(data_home))
    assert code == 0 and doc["success"] is True, doc
    data = doc["data"]
    assert data["kind"] == "systemd" and data["dry_run"] is True and data["installed"] is False
    home = str(data_home.resolve())
    assert data["command"][-5:] == ["--home", home, "sync", "--once", "--all"]
    assert data["daily_times"] == ["06:00"] and data["daily_time_local"] == "12:00"
    assert data["time_zone"] == "America/Mexico_City" and data["hourly"] is True
    paths = [d["path"] for d in data["definitions"]]
    assert [Path(p).name for p in paths] == ["descarga-masiva-sync.service", "descarga-masiva-sync.timer"]
    assert "OnCalendar=*-*-* 06:00:00 America/Mexico_City" in data["definitions"][1]["text"]
    assert data["files_written"] == [] and fake.calls == []
    assert any("No profile is activated" in w for w in data["warnings"])
    assert not any(Path(p).exists() for p in paths)


def test_install_uses_the_profiles_schedule_times(capsys, fake, data_home, services):
    make_ready(data_home, RFC, time="07:30")
    make_ready(data_home, OTHER, time="05:15", enabled=False)
    code, doc = run_cli(capsys, "schedule", "install", "--kind", "cron", "--dry-run", "--home", str(data_home))
    assert code == 0, doc
    data = doc["data"]
    assert data["daily_times"] == ["07:30"]  # only enabled schedules count when one is enabled
    assert data["daily_time_local"] == "13:30"
    assert "30 13 * * * " in data["definitions"][0]["text"] and data["definitions"][0]["path"] is None
    assert data["warnings"] == []


def test_install_status_uninstall(capsys, fake, data_home, user_home, services):
    unit_dir = user_home / ".config" / "systemd" / "user"
    code, doc = run_cli(capsys, "schedule", "install", "--home", str(data_home))
    assert code == 0, doc
    data = doc["data"]
    assert data["kind"] == "systemd" and data["installed"] is True
    assert data["files_written"] == [
        str(unit_dir / "descarga-masiva-sync.service"),
        str(unit_dir / "descarga-masiva-sync.timer"),
    ]
    assert ["systemctl", "--user", "enable", "--now", "descarga-masiva-sync.timer"] in data["commands_run"]

    code, doc = run_cli(capsys, "schedule", "status", "--home", str(data_home))
    assert code == 0 and doc["data"]["installed"] is True and doc["data"]["up_to_date"] is True, doc

    code, doc = run_cli(capsys, "schedule", "uninstall", "--home", str(data_home))
    assert code == 0 and doc["data"]["was_installed"] is True and doc["data"]["installed"] is False, doc
    assert sorted(doc["data"]["files_removed"]) == sorted(data["files_written"])
    assert list(unit_dir.iterdir()) == []


def test_each_data_home_has_its_own_task(capsys, fake, data_home, user_home, services, tmp_path):
    """An outside audit: the task had one name per user, so installing for a second data home replaced the first
    one's, and uninstalling from the first removed the second's. The default home keeps the plain name."""
    other = tmp_path / "Otro despacho"
    unit_dir = user_home / ".config" / "systemd" / "user"
    assert run_cli(capsys, "schedule", "install", "--home", str(data_home))[0] == 0
    code, doc = run_cli(capsys, "schedule", "install", "--home", str(other))
    assert code == 0, doc
    name = doc["data"]["name"]
    assert name.startswith("descarga-masiva-sync-") and len(name) == len("descarga-masiva-sync-") + 8
    assert sorted(p.name for p in unit_dir.iterdir()) == sorted(
        ["descarga-masiva-sync.service", "descarga-masiva-sync.timer", f"{name}.service", f"{name}.timer"]
    )
    assert f'"--home" "{other}"' in (unit_dir / f"{name}.service").read_text()
    assert str(other) not in (unit_dir / "descarga-masiva-sync.service").read_text()
    for home in (data_home, other):
        status = run_cli(capsys, "schedule", "status", "--home", str(home))[1]["data"]
        assert status["installed"] is True and status["up_to_date"] is True, (home, status)
    assert run_cli(capsys, "schedule", "uninstall", "--home", str(data_home))[1]["data"]["was_installed"] is True
    assert sorted(p.name for p in unit_dir.iterdir()) == [f"{name}.service", f"{name}.timer"]  # the other stays
    assert run_cli(capsys, "schedule", "status", "--home", str(other))[1]["data"]["installed"] is True


def test_status_when_nothing_is_installed(capsys, fake, data_home, services):
    code, doc = run_cli(capsys, "schedule", "status", "--home", str(data_home))
    assert code == 0, doc
    data = doc["data"]
    assert data["kind"] == "systemd" and data["installed"] is False and data["available"] is True
    assert data["files"] == [] and data["up_to_date"] is None
    assert data["command"][-3:] == ["sync", "--once", "--all"]


def test_status_when_no_scheduler_is_reachable(capsys, fake, data_home, services):
    fake.systemd = False
    fake.missing.add("crontab")
    code, doc = run_cli(capsys, "schedule", "status", "--home", str(data_home))
    assert code == 0 and doc["data"]["available"] is False and doc["data"]["installed"] is False, doc


def test_install_errors_are_json_with_exit_1(capsys, fake, data_home, services):
    fake.systemd = False
    fake.missing.add("crontab")
    code, doc = run_cli(capsys, "schedule", "install", "--home", str(data_home))
    assert code == 1 and doc["success"] is False
    assert doc["error"]["code"] == "os_task_unavailable"

    fake.systemd = True
    fake.fail.append(("systemctl", "--user", "enable"))
    code, doc = run_cli(capsys, "schedule", "install", "--home", str(data_home))
    assert code == 1 and doc["error"]["code"] == "os_task_failed"
    assert doc["error"]["stderr"] == "Failed to enable unit: Access denied"


def test_bad_kind_is_a_usage_error(capsys, fake, data_home, services):
    code, doc = run_cli(capsys, "schedule", "install", "--kind", "at", "--home", str(data_home))
    assert code == 2 and doc["error"]["code"] == "usage_error"


def test_show_and_set_keep_their_shape_and_show_adds_os_task(capsys, fake, data_home, services):
    assert run_cli(capsys, "profile", "add", RFC, "--home", str(data_home))[0] == 0
    code, doc = run_cli(capsys, "schedule", "set", "--time", "08:15", "--home", str(data_home))
    assert code == 0 and doc["data"]["schedule"]["time"] == "08:15"
    assert "os_task" not in doc["data"]
    code, doc = run_cli(capsys, "schedule", "show", "--home", str(data_home))
    assert code == 0, doc
    data = doc["data"]
    assert data["rfc"] == RFC and data["schedule"]["time"] == "08:15" and "fiel" in data
    assert data["os_task"]["kind"] == "systemd" and data["os_task"]["installed"] is False


def test_show_survives_an_os_task_error(capsys, fake, data_home, services, monkeypatch):
    from desktop_app.core import ostask

    def broken(*args, **kwargs):
        raise AppError("os_task_failed", "boom")

    monkeypatch.setattr(ostask, "status", broken)
    assert run_cli(capsys, "profile", "add", RFC, "--home", str(data_home))[0] == 0
    code, doc = run_cli(capsys, "schedule", "show", "--home", str(data_home))
    assert code == 0 and doc["data"]["os_task"]["error"]["code"] == "os_task_failed"


# -- sync --all ----------------------------------------------------------------------------------------------------


def test_sync_all_without_profiles(capsys, data_home, services):
    code, doc = run_cli(capsys, "sync", "--once", "--all", "--home", str(data_home))
    assert code == 0 and doc["data"] == {"profiles": [], "ran": 0, "failed": 0, "skipped": 0}


def test_sync_all_skips_profiles_without_a_password_and_runs_the_rest(capsys, data_home, services, keyring):
    make_ready(data_home, RFC)
    make_ready(data_home, OTHER)
    keyring.set_password("descarga-masiva-sat", OTHER, "secreto")
    code, doc = run_cli(capsys, "sync", "--once", "--all", "--home", str(data_home))
    assert code == 0, doc
    by_rfc = {p["rfc"]: p for p in doc["data"]["profiles"]}
    assert by_rfc[RFC]["skipped"] == "password_required"
    # nothing due: the engine answers without SAT (idle pass)
    assert by_rfc[OTHER]["report"]["rfc"] == OTHER and by_rfc[OTHER]["report"]["submitted"] == 0
    assert doc["data"]["ran"] == 1 and doc["data"]["skipped"] == 1 and doc["data"]["failed"] == 0


def test_a_daily_run_skipped_for_want_of_the_password_is_said_in_the_schedule(capsys, data_home, services):
    """An outside audit: under cron no keyring is reachable, every run skipped every profile, and `schedule show`
    went on saying the last real run's «success»."""
    make_ready(data_home, RFC)
    service = DescargaService(data_home, secrets=SecretStore(MemoryKeyring()))
    try:  # turned on two days ago: today's run is due
        with transaction(service.db.get()) as conn:
            conn.execute("UPDATE schedules SET enabled_at = enabled_at - 2 * 86400000 WHERE rfc = ?", (RFC,))
    finally:
        service.close()
    code, doc = run_cli(capsys, "sync", "--once", "--all", "--home", str(data_home))
    assert code == 0 and doc["data"]["profiles"][0]["skipped"] == "password_required", doc
    schedule = run_cli(capsys, "schedule", "show", "--home", str(data_home), "--rfc", RFC)[1]["data"]["schedule"]
    assert schedule["lastRunStatus"] == "failed"
    assert schedule["lastRunError"].startswith("password_required: ")


def test_the_cron_tasks_output_file_is_kept_bounded(capsys, data_home, services):
    """An outside audit: `logs/sync.log`, where cron appends each run's answer, was never rotated."""
    from desktop_app.core.logs import MAX_BYTES

    logs = data_home / "logs"
    logs.mkdir(parents=True)
    (logs / "sync.log").write_bytes(b"x" * (MAX_BYTES + 1))
    assert run_cli(capsys, "sync", "--once", "--all", "--home", str(data_home))[0] == 0
    assert (logs / "sync.log.1").stat().st_size == MAX_BYTES + 1 and not (logs / "sync.log").exists()
    (logs / "sync.log").write_bytes(b"y" * 10)  # small: left alone
    assert run_cli(capsys, "sync", "--once", "--all", "--home", str(data_home))[0] == 0
    assert (logs / "sync.log").read_bytes() == b"y" * 10


def test_sync_all_ignores_profiles_not_ready(capsys, data_home, services):
    service = DescargaService(data_home, secrets=SecretStore(MemoryKeyring()))
    service.add_profile(RFC)  # not activated, no FIEL
    service.close()
    code, doc = run_cli(capsys, "sync", "--all", "--home", str(data_home))
    assert code == 0 and doc["data"]["profiles"] == []


def test_sync_all_fails_only_when_every_profile_failed(capsys, data_home, services, keyring, monkeypatch):
    make_ready(data_home, RFC)
    make_ready(data_home, OTHER)
    keyring.set_password("descarga-masiva-sat", RFC, "a")
    keyring.set_password("descarga-masiva-sat", OTHER, "b")
    failing = {RFC, OTHER}

    def sync_once(self, rfc, **kwargs):
        if rfc in failing:
            raise AppError("sat_unavailable", "SAT did not answer.")
        return {"rfc": rfc, "submitted": 0}

    monkeypatch.setattr(DescargaService, "sync_once", sync_once)
    code, doc = run_cli(capsys, "sync", "--all", "--home", str(data_home))
    assert code == 1 and doc["error"]["code"] == "sync_failed"
    assert doc["error"]["failed"] == 2 and len(doc["error"]["profiles"]) == 2

    failing.discard(OTHER)
    code, doc = run_cli(capsys, "sync", "--all", "--home", str(data_home))
    assert code == 0 and doc["data"]["failed"] == 1 and doc["data"]["ran"] == 2
    by_rfc = {p["rfc"]: p for p in doc["data"]["profiles"]}
    assert by_rfc[RFC]["error"]["code"] == "sat_unavailable" and by_rfc[OTHER]["report"]["submitted"] == 0


def test_sync_all_busy_profile_is_skipped(capsys, data_home, services, keyring, monkeypatch):
    make_ready(data_home, RFC)
    keyring.set_password("descarga-masiva-sat", RFC, "a")

    def sync_once(self, rfc, **kwargs):
        raise AppError("sync_busy", "Another sync of this RFC is running.")

    monkeypatch.setattr(DescargaService, "sync_once", sync_once)
    code, doc = run_cli(capsys, "sync", "--all", "--home", str(data_home))
    assert code == 0 and doc["data"]["profiles"][0]["skipped"] == "sync_busy", doc


def test_sync_all_sends_nothing_for_a_profile_whose_daily_sync_is_off(
    capsys, data_home, services, keyring, monkeypatch
):
    """Turning the daily sync off stopped nothing: the OS task went on sending its queued backfill (52 requests
    in three runs) until the profile was deactivated."""
    make_ready(data_home, RFC, enabled=False)
    make_ready(data_home, OTHER)
    keyring.set_password("descarga-masiva-sat", RFC, "a")
    keyring.set_password("descarga-masiva-sat", OTHER, "b")
    ran: list[str] = []

    def sync_once(self, rfc, **kwargs):
        ran.append(rfc)
        return {"rfc": rfc, "submitted": 0}

    monkeypatch.setattr(DescargaService, "sync_once", sync_once)
    code, doc = run_cli(capsys, "sync", "--all", "--home", str(data_home))
    assert code == 0 and ran == [OTHER], doc
    by_rfc = {p["rfc"]: p for p in doc["data"]["profiles"]}
    assert by_rfc[RFC]["skipped"] == "schedule_disabled" and doc["data"]["skipped"] == 1


def test_sync_all_refuses_per_profile_options(capsys, data_home, services):
    code, doc = run_cli(capsys, "sync", "--all", "--rfc", RFC, "--home", str(data_home))
    assert code == 2 and doc["error"]["code"] == "usage_error"  # a usage error is exit 2, whoever finds it


def test_sync_all_runs_the_due_daily_requests_once_against_the_sandbox(cli, service, clock):
    """The OS task's command, end to end: the engine decides what is due; an hourly heartbeat adds nothing."""
    from tests.e2e.test_sync_engine import RFC as SANDBOX_RFC
    from tests.e2e.test_sync_engine import ready_service

    ready_service(service)
    service.set_schedule(SANDBOX_RFC, enabled=True, time="06:00", days_back=1)
    clock.set(datetime(2026, 6, 17, 13, 0, tzinfo=UTC))  # 07:00 Mexico City the next day: 06:00 is due
    code, doc = cli("sync", "--once", "--all")
    assert code == 0, doc
    [entry] = doc["data"]["profiles"]
    assert entry["rfc"] == SANDBOX_RFC and entry["report"]["submitted"] >= 1, entry
    scheduled = [h for h in service.history(SANDBOX_RFC)["history"] if h["origin"] == "scheduled"]
    # the first run reaches back to the day the schedule was turned on (06-15; the 06-16 slot was missed)
    assert scheduled and {(h["startDate"], h["endDate"]) for h in scheduled} == {("2026-06-15", "2026-06-16")}
    clock.advance(3600)  # the next heartbeat: the daily requests are not created again
    code, doc = cli("sync", "--once", "--all")
    assert code == 0, doc
    again = [h for h in service.history(SANDBOX_RFC)["history"] if h["origin"] == "scheduled"]
    assert len(again) == len(scheduled)


def test_changing_the_time_updates_an_installed_task(capsys, fake, data_home, user_home, services):
    make_ready(data_home, RFC, time="06:00")
    timer = user_home / ".config" / "systemd" / "user" / "descarga-masiva-sync.timer"
    assert run_cli(capsys, "schedule", "install", "--home", str(data_home))[0] == 0
    assert "06:00:00 America/Mexico_City" in timer.read_text()
    code, doc = run_cli(capsys, "schedule", "set", "--time", "08:45", "--home", str(data_home), "--rfc", RFC)
    assert code == 0, doc
    assert doc["data"]["os_task"]["installed"] is True
    assert "08:45:00 America/Mexico_City" in timer.read_text()


def test_a_task_installed_with_cron_where_systemd_works_is_the_one_seen_changed_and_removed(
    capsys, fake, data_home, user_home, services
):
    """An outside audit: installed with --kind cron (the app's advice for a path systemd cannot hold), the task was
    invisible to status, uninstall and the refresh after a schedule change (which look at systemd): its old time
    kept, «not installed» said of it, a second task added by the next install."""
    make_ready(data_home, RFC, time="06:00")
    assert run_cli(capsys, "schedule", "install", "--kind", "cron", "--home", str(data_home))[0] == 0
    status = run_cli(capsys, "schedule", "status", "--home", str(data_home))[1]["data"]
    assert (status["kind"], status["installed"], status["up_to_date"]) == ("cron", True, True)
    code, doc = run_cli(capsys, "schedule", "set", "--time", "08:45", "--home", str(data_home), "--rfc", RFC)
    assert code == 0 and doc["data"]["os_task"]["kind"] == "cron", doc
    assert "08:45 America/Mexico_City" in fake.crontab
    assert run_cli(capsys, "schedule", "install", "--home", str(data_home))[1]["data"]["kind"] == "cron"
    unit_dir = user_home / ".config" / "systemd" / "user"
    assert not unit_dir.exists() or list(unit_dir.iterdir()) == []  # no second task
    done = run_cli(capsys, "schedule", "uninstall", "--home", str(data_home))[1]["data"]
    assert done["was_installed"] is True and "descarga-masiva-sat" not in (fake.crontab or "")


def test_sync_all_goes_on_when_a_profile_is_removed_while_it_runs(capsys, data_home, services, keyring, monkeypatch):
    """«Quitar RFC» of a client while the OS task's run was in an earlier one: the whole run answered
    profile_not_configured (exit 1), the finished profiles' reports lost and the later ones never synced."""
    third = "XYZ010101AB1"
    for rfc in (OTHER, RFC, third):
        make_ready(data_home, rfc)
        keyring.set_password("descarga-masiva-sat", rfc, "a")
    ran: list[str] = []

    def sync_once(self, rfc, **kwargs):
        ran.append(rfc)
        if rfc == OTHER:  # the first one's pass: meanwhile, the second is removed
            other = DescargaService(data_home, secrets=SecretStore(MemoryKeyring()))
            try:
                other.remove_profile(RFC)
            finally:
                other.close()
        return {"rfc": rfc, "submitted": 0}

    monkeypatch.setattr(DescargaService, "sync_once", sync_once)
    code, doc = run_cli(capsys, "sync", "--all", "--home", str(data_home))
    assert code == 0, doc
    by_rfc = {p["rfc"]: p for p in doc["data"]["profiles"]}
    assert ran == [OTHER, third]
    assert by_rfc[RFC]["skipped"] == "profile_removed" and by_rfc[third]["report"]["rfc"] == third
    assert (doc["data"]["ran"], doc["data"]["skipped"]) == (2, 1)
