"""The OS task (core/ostask.py): generated definitions as text, and install/uninstall/status with a
recording runner in a throw-away HOME/XDG_CONFIG_HOME; plus a real systemd user install where possible."""

from __future__ import annotations

import os
import plistlib
import shlex
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_app.core import ostask
from desktop_app.core.errors import AppError
from desktop_app.core.ostask import RunResult
from desktop_app.core.xmlsafe import parse as parse_xml

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 07:00 in Mexico City
SUMMER = datetime(2026, 7, 1, 13, 0, tzinfo=UTC)
UTC_TZ = ZoneInfo("UTC")
NS = {"t": ostask.TASK_NS}
TRICKY = '/tmp/Mis Datos & Cía/José\'s "SAT" 100%$HOME\\x'  # space, &, accent, quotes, %, $, backslash


def spec(home: str | Path = "/home/ana/Descarga Masiva", times=("06:00",), **kwargs) -> ostask.TaskSpec:
    return ostask.task_spec(home, times, **kwargs)


def fixed(home: str, times=("06:00",)) -> ostask.TaskSpec:
    """A spec whose argv does not depend on the interpreter running the tests."""
    argv = ["/opt/descarga masiva/descarga-masiva", "--home", home, "sync", "--once", "--all"]
    return ostask.TaskSpec(argv=tuple(argv), home=home, times=tuple(times), workdir=None)


# -- what runs -------------------------------------------------------------------------------------------------


def test_task_spec_runs_this_app_for_the_home(tmp_path):
    s = spec(tmp_path / "datos", ("07:30", "06:00", "06:00"))
    home = str((tmp_path / "datos").resolve())
    assert s.argv[-5:] == ("--home", home, "sync", "--once", "--all")
    assert s.argv[:3] == (sys.executable, "-m", "desktop_app")
    assert s.workdir is not None and (Path(s.workdir) / "desktop_app" / "__main__.py").exists()
    assert s.times == ("06:00", "07:30")
    assert ostask.normalize_times([]) == ("06:00",)


def test_frozen_launcher_is_the_executable(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "C:\\Program Files\\Descarga Masiva\\DescargaMasiva.exe")
    argv, workdir = ostask.launcher()
    assert argv == ["C:\\Program Files\\Descarga Masiva\\DescargaMasiva.exe"] and workdir is None


def test_bad_times_and_paths_are_app_errors():
    with pytest.raises(AppError) as exc:
        spec(times=["6:00"])
    assert exc.value.code == "invalid_schedule"
    with pytest.raises(AppError) as exc:
        ostask.task_spec("/tmp/a\nb")
    assert exc.value.code == "invalid_argument"


# -- time conversion -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time_mx", "zone", "now", "expected"),
    [
        ("06:00", "UTC", NOW, "12:00"),
        ("20:30", "UTC", NOW, "02:30"),  # the next UTC day: only the wall time matters for a daily trigger
        ("06:00", "America/Mexico_City", NOW, "06:00"),
        ("06:00", "America/Tijuana", NOW, "04:00"),  # PST, UTC-8
        ("06:00", "America/Tijuana", SUMMER, "05:00"),  # PDT: the border observes DST, Mexico City does not
        ("06:00", "Europe/Madrid", NOW, "13:00"),
    ],
)
def test_local_time_for_today(time_mx, zone, now, expected):
    assert ostask.local_time(time_mx, local_tz=ZoneInfo(zone), now=now) == expected


def test_local_time_defaults_to_the_system_zone():
    slot = ostask.mx_slot("06:00", NOW)
    assert ostask.local_time("06:00", now=NOW) == f"{slot.astimezone():%H:%M}"


# -- systemd ---------------------------------------------------------------------------------------------------


def test_systemd_units_exact_fields():
    service, timer = ostask.systemd_units(fixed("/home/ana/datos", ("06:00", "18:15")))
    lines = service.splitlines()
    assert "Type=oneshot" in lines
    assert (
        'ExecStart="/opt/descarga masiva/descarga-masiva" "--home" "/home/ana/datos" "sync" "--once" "--all"' in lines
    )
    assert not any(line.startswith("WorkingDirectory=") for line in lines)
    tlines = timer.splitlines()
    assert [line for line in tlines if line.startswith("OnCalendar=")] == [
        "OnCalendar=*-*-* 06:00:00 America/Mexico_City",
        "OnCalendar=*-*-* 18:15:00 America/Mexico_City",
        "OnCalendar=hourly",
    ]
    assert "Persistent=true" in tlines
    assert "Unit=descarga-masiva-sync.service" in tlines
    assert tlines[tlines.index("[Install]") + 1] == "WantedBy=timers.target"


def _systemd_unquote(word: str) -> str:
    """systemd's reading of one double-quoted ExecStart word (C escapes, then %% and $$)."""
    assert word.startswith('"') and word.endswith('"')
    out, i, body = [], 0, word[1:-1]
    while i < len(body):
        if body[i] == "\\":
            out.append(body[i + 1])
            i += 2
        elif body[i] in "%$":
            assert body[i + 1] == body[i], "a lone % or $ would be expanded"
            out.append(body[i])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def test_systemd_exec_start_escaping():
    s = spec(TRICKY)
    service, _ = ostask.systemd_units(s)
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))[len("ExecStart=") :]
    # split on the spaces between quoted words (none of our words ends with a backslash-escaped quote)
    words = []
    current = ""
    in_quotes = False
    i = 0
    while i < len(exec_start):
        ch = exec_start[i]
        if ch == "\\" and in_quotes:
            current += exec_start[i : i + 2]
            i += 2
            continue
        if ch == '"':
            in_quotes = not in_quotes
        if ch == " " and not in_quotes:
            words.append(current)
            current = ""
        else:
            current += ch
        i += 1
    words.append(current)
    assert [_systemd_unquote(w) for w in words] == list(s.argv)
    workdir = next(line for line in service.splitlines() if line.startswith("WorkingDirectory="))
    assert workdir == "WorkingDirectory=" + s.workdir.replace("%", "%%")  # systemd expands no $ there


def test_systemd_takes_the_programs_path_as_systemd_reads_it(tmp_path):
    """The program's path is no ordinary argument: systemd refuses quotes in it and expands no «$» there (a
    doubled one stayed doubled: «…dollar$$HOME/python is not executable»), and the timer never started."""
    import shutil

    program = tmp_path / "dólar$HOME" / "cien100%" / "python"
    program.parent.mkdir(parents=True)
    shutil.copy("/bin/true", program)
    argv = (str(program), "--home", "/h", "sync", "--once", "--all")
    service, _ = ostask.systemd_units(ostask.TaskSpec(argv=argv, home="/h", times=("06:00",), workdir=str(tmp_path)))
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert exec_start.startswith('ExecStart="' + str(program).replace("%", "%%") + '" ')
    for bad in ("/opt/o'neil/python", '/opt/say"hi"/python', "/opt/a\\b/python"):
        with pytest.raises(AppError) as info:
            ostask.systemd_units(ostask.TaskSpec(argv=(bad, "sync"), home="/h", times=("06:00",), workdir=None))
        assert info.value.code == "os_task_unavailable" and "--kind cron" in info.value.message
    if shutil.which("systemd-analyze"):
        (tmp_path / "dm-path.service").write_text(service)
        runtime = tmp_path / "run"
        runtime.mkdir(mode=0o700)
        verify = subprocess.run(
            ["systemd-analyze", "verify", "--user", "dm-path.service"],
            cwd=tmp_path,
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert verify.returncode == 0 and "dm-path" not in verify.stderr, verify.stderr


# -- cron ------------------------------------------------------------------------------------------------------


def test_cron_lines_daily_local_plus_hourly():
    block = ostask.cron_lines(fixed("/home/ana/datos"), local_tz=UTC_TZ, now=NOW)
    lines = block.splitlines()
    assert lines[0].startswith("# descarga-masiva-sat BEGIN")
    assert lines[-1] == "# descarga-masiva-sat END"
    jobs = [line for line in lines if not line.startswith("#")]
    command = (
        "umask 077; mkdir -p /home/ana/datos/logs; '/opt/descarga masiva/descarga-masiva' --home /home/ana/datos "
        "sync --once --all "
        ">>/home/ana/datos/logs/sync.log 2>&1"
    )  # cron's umask (022) would make the log readable by anyone
    # 06:00 Mexico City = 12:00 UTC; the hourly line skips 12:00 so the two never start together
    assert jobs == [f"0 12 * * * {command}", f"0 0-11,13-23 * * * {command}"]
    assert "06:00 America/Mexico_City = 12:00 local" in lines[1]


def test_cron_hourly_is_every_hour_when_the_daily_time_is_not_on_the_hour():
    block = ostask.cron_lines(fixed("/h", ("06:30", "07:00")), local_tz=ZoneInfo("America/Mexico_City"), now=NOW)
    jobs = [line.split(" ", 5)[:5] for line in block.splitlines() if not line.startswith("#")]
    assert jobs == [["30", "6", "*", "*", "*"], ["0", "7", "*", "*", "*"], ["0", "0-6,8-23", "*", "*", "*"]]


def test_cron_command_escaping():
    s = spec(TRICKY)
    command = ostask.cron_command(s)
    assert "%" not in command.replace("\\%", "")  # cron turns a bare % into a newline
    shell = command.replace("\\%", "%")  # what cron hands to /bin/sh
    umask, mkdir, shell = shell.split("; ", 2)
    assert umask == "umask 077" and shlex.split(mkdir) == ["mkdir", "-p", f"{s.home}/logs"]
    cd, rest = shell.split(" && ", 1)
    assert shlex.split(cd) == ["cd", s.workdir]
    words = shlex.split(rest)
    assert words[: len(s.argv)] == list(s.argv)
    assert words[len(s.argv) :] == [f">>{s.home}/logs/sync.log", "2>&1"]


def test_a_comment_of_the_users_that_starts_like_our_marker_is_theirs():
    """An outside audit: «# descarga-masiva-sat BEGINNING of my notes» was taken for our block's start and deleted."""
    theirs = "# descarga-masiva-sat BEGINNING of my notes\n0 1 * * * /usr/bin/respaldo\n"
    block = ostask.cron_lines(fixed("/home/ana/datos"), local_tz=UTC_TZ, now=NOW)
    merged = ostask.merge_crontab(theirs, block)
    assert merged.startswith(theirs) and ostask.merge_crontab(merged, None) == theirs


def test_a_block_whose_end_line_was_deleted_goes_whole_and_the_users_lines_stay():
    """An outside audit: with our END line deleted by hand, a reinstall left four sync lines (two orphans that also
    survived `uninstall`)."""
    block = ostask.cron_lines(fixed("/home/ana/datos"), local_tz=UTC_TZ, now=NOW)
    broken = "MAILTO=ana\n" + block.replace("# descarga-masiva-sat END\n", "") + "30 2 * * * /usr/bin/respaldo\n"
    again = ostask.merge_crontab(broken, block)
    assert again.count("sync --once --all") == 2  # the daily line and the hourly one: once each
    assert again.startswith("MAILTO=ana\n") and "30 2 * * * /usr/bin/respaldo" in again
    assert ostask.merge_crontab(broken, None) == "MAILTO=ana\n30 2 * * * /usr/bin/respaldo\n"


def test_merge_crontab_replaces_our_block_and_keeps_the_rest():
    mine = "MAILTO=ana@example.com\n# backups\n15 3 * * * /usr/local/bin/backup --all\n"
    block1 = ostask.cron_lines(fixed("/h", ("06:00",)), local_tz=UTC_TZ, now=NOW)
    block2 = ostask.cron_lines(fixed("/h", ("08:00",)), local_tz=UTC_TZ, now=NOW)
    once = ostask.merge_crontab(mine, block1)
    assert once.startswith(mine) and once.endswith(block1)
    twice = ostask.merge_crontab(once, block2)
    assert twice.count("descarga-masiva-sat BEGIN") == 1 and block2 in twice and block1 not in twice
    assert twice.startswith(mine)
    assert ostask.cron_block_in(twice) == block2
    removed = ostask.merge_crontab(twice, None)
    assert removed == mine
    assert ostask.merge_crontab("", block1) == block1
    assert ostask.merge_crontab(block1, None) == ""
    # an unterminated block loses only its BEGIN line, never the user's lines after it
    broken = mine + "# descarga-masiva-sat BEGIN\n0 1 * * * user-job\n"
    assert ostask.merge_crontab(broken, None) == mine + "0 1 * * * user-job\n"


# -- launchd ---------------------------------------------------------------------------------------------------


def test_launchd_plist_round_trips():
    s = spec(TRICKY)
    raw = ostask.launchd_plist(s, local_tz=UTC_TZ, now=NOW)
    plist = plistlib.loads(raw)
    assert plist["Label"] == "mx.descargamasiva.sync"
    assert plist["ProgramArguments"] == list(s.argv)
    assert plist["StartCalendarInterval"] == {"Hour": 12, "Minute": 0}
    assert plist["StartInterval"] == 3600
    assert plist["RunAtLoad"] is True
    assert plist["StandardOutPath"] == f"{s.home}/logs/sync.out.log"
    assert plist["StandardErrorPath"] == f"{s.home}/logs/sync.err.log"
    assert plist["WorkingDirectory"] == s.workdir
    assert b"&amp;" in raw  # a real serializer escaped it


def test_launchd_several_times_are_an_array():
    plist = plistlib.loads(ostask.launchd_plist(fixed("/h", ("06:00", "18:45")), local_tz=UTC_TZ, now=NOW))
    assert plist["StartCalendarInterval"] == [{"Hour": 0, "Minute": 45}, {"Hour": 12, "Minute": 0}]


# -- Task Scheduler --------------------------------------------------------------------------------------------


def _ms_split(line: str) -> list[str]:
    """How the MS C runtime splits a command line (backslash-quote rules)."""
    args: list[str] = []
    current: list[str] = []
    have = in_quotes = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            n = 0
            while i < len(line) and line[i] == "\\":
                n += 1
                i += 1
            if i < len(line) and line[i] == '"':
                current.append("\\" * (n // 2))
                if n % 2:
                    current.append('"')
                    i += 1
            else:
                current.append("\\" * n)
            have = True
            continue
        if ch == '"':
            in_quotes = not in_quotes
            have = True
        elif ch in " \t" and not in_quotes:
            if have:
                args.append("".join(current))
                current, have = [], False
        else:
            current.append(ch)
            have = True
        i += 1
    if have:
        args.append("".join(current))
    return args


def test_schtasks_xml_fields():
    home = "C:\\Users\\José Pérez\\Datos & Facturas\\"
    argv = ["C:\\Program Files\\Descarga Masiva\\DescargaMasiva.exe", "--home", home, "sync", "--once", "--all"]
    s = ostask.TaskSpec(argv=tuple(argv), home=home, times=("06:00",), workdir=None)
    text = ostask.schtasks_xml(s, now=NOW)
    assert text.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    root = parse_xml(ostask.schtasks_xml_bytes(text))
    assert root.tag == f"{{{ostask.TASK_NS}}}Task" and root.get("version") == "1.2"
    assert root.findtext("t:RegistrationInfo/t:URI", namespaces=NS) == "\\DescargaMasivaSAT\\Sync"
    trigger = root.find("t:Triggers/t:CalendarTrigger", NS)
    assert trigger.findtext("t:StartBoundary", namespaces=NS) == "2026-11-25T06:00:00-06:00"
    assert trigger.findtext("t:ScheduleByDay/t:DaysInterval", namespaces=NS) == "1"
    assert trigger.findtext("t:Repetition/t:Interval", namespaces=NS) == "PT1H"
    assert trigger.findtext("t:Repetition/t:Duration", namespaces=NS) == "P1D"
    assert root.findtext("t:Settings/t:StartWhenAvailable", namespaces=NS) == "true"
    assert root.findtext("t:Settings/t:MultipleInstancesPolicy", namespaces=NS) == "IgnoreNew"
    assert root.findtext("t:Principals/t:Principal/t:LogonType", namespaces=NS) == "InteractiveToken"
    assert root.findtext("t:Principals/t:Principal/t:RunLevel", namespaces=NS) == "LeastPrivilege"
    exec_ = root.find("t:Actions/t:Exec", NS)
    assert exec_.findtext("t:Command", namespaces=NS) == argv[0]
    assert _ms_split(exec_.findtext("t:Arguments", namespaces=NS)) == argv[1:]
    assert exec_.find("t:WorkingDirectory", NS) is None


def test_schtasks_xml_bytes_are_utf16_and_parse():
    s = spec("C:/Datos & Cía")
    data = ostask.schtasks_xml_bytes(ostask.schtasks_xml(s, now=NOW))
    assert data[:2] == b"\xff\xfe"
    root = parse_xml(data)  # the BOM and the UTF-16 declaration agree
    args = root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=NS)
    assert _ms_split(args) == list(s.argv[1:])
    assert "Cía" in data.decode("utf-16")


def test_schtasks_several_times_repeat_hourly_once():
    root = parse_xml(ostask.schtasks_xml_bytes(ostask.schtasks_xml(fixed("/h", ("06:00", "20:00")), now=NOW)))
    triggers = root.findall("t:Triggers/t:CalendarTrigger", NS)
    assert [t.findtext("t:StartBoundary", namespaces=NS) for t in triggers] == [
        "2026-11-25T06:00:00-06:00",
        "2026-11-25T20:00:00-06:00",
    ]
    assert [t.find("t:Repetition", NS) is not None for t in triggers] == [True, False]


# -- install / uninstall / status with a recording runner -----------------------------------------------------


class FakeOS:
    """A computer's schedulers, as seen through the runner: records every command."""

    def __init__(self, *, systemd=True, crontab: str | None = None, missing=(), fail=()):
        self.calls: list[list[str]] = []
        self.inputs: list[str | None] = []
        self.systemd = systemd
        self.crontab = crontab  # None: "no crontab for user"
        self.enabled: set[str] = set()
        self.loaded: set[str] = set()
        self.tasks: set[str] = set()
        self.missing = set(missing)
        self.fail = list(fail)

    def __call__(self, argv, input=None):
        argv = list(argv)
        self.calls.append(argv)
        self.inputs.append(input)
        if argv[0] in self.missing:
            return RunResult(127, "", f"{argv[0]}: command not found")
        for prefix in self.fail:
            if argv[: len(prefix)] == list(prefix):
                return RunResult(1, "", "Failed to enable unit: Access denied")
        match argv:
            case ["systemctl", "--user", "show-environment"]:
                return RunResult(0, "HOME=/x\n") if self.systemd else RunResult(1, "", "Failed to connect to bus")
            case ["systemctl", "--user", "enable", "--now", unit]:
                self.enabled.add(unit)
            case ["systemctl", "--user", "disable", "--now", unit]:
                self.enabled.discard(unit)
            case ["systemctl", "--user", "is-enabled", unit]:
                return RunResult(0, "enabled\n") if unit in self.enabled else RunResult(1, "disabled\n")
            case ["systemctl", "--user", "show", unit, _]:
                return RunResult(0, "ActiveState=active\nNextElapseUSecRealtime=Wed 2026-11-25 14:00:00 UTC\n")
            case ["crontab", "-l"]:
                if self.crontab is None:
                    return RunResult(1, "", "no crontab for ana")
                return RunResult(0, self.crontab)
            case ["crontab", "-"]:
                self.crontab = input
            case ["launchctl", "bootstrap", _domain, path]:
                self.loaded.add(Path(path).stem)
            case ["launchctl", "bootout", target]:
                label = target.rsplit("/", 1)[1]
                if label not in self.loaded:
                    return RunResult(3, "", "Boot-out failed: 3: No such process")
                self.loaded.discard(label)
            case ["launchctl", "print", target]:
                return RunResult(0 if target.rsplit("/", 1)[1] in self.loaded else 113)
            case ["schtasks", "/Create", "/TN", name, "/XML", _path, "/F"]:
                self.tasks.add(name)
            case ["schtasks", "/Query", "/TN", name]:
                return RunResult(0 if name in self.tasks else 1, "", "" if name in self.tasks else "ERROR: not found")
            case ["schtasks", "/Delete", "/TN", name, "/F"]:
                self.tasks.discard(name)
        return RunResult(0)


@pytest.fixture
def user_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "user"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def data_home(tmp_path) -> Path:
    return tmp_path / "Mis datos & más"


def test_detect_kind():
    assert ostask.detect_kind(runner=FakeOS(), platform="win32") == "schtasks"
    assert ostask.detect_kind(runner=FakeOS(), platform="darwin") == "launchd"
    assert ostask.detect_kind(runner=FakeOS(), platform="linux") == "systemd"
    assert ostask.detect_kind(runner=FakeOS(systemd=False), platform="linux") == "cron"
    assert ostask.detect_kind(runner=FakeOS(systemd=False, missing={"crontab"}), platform="linux") is None
    assert ostask.detect_kind(runner=FakeOS(missing={"systemctl", "crontab"}), platform="linux") is None


def test_systemd_install_replace_status_uninstall(user_home, data_home):
    fake = FakeOS()
    s = spec(data_home)
    unit_dir = user_home / ".config" / "systemd" / "user"
    data = ostask.install(s, runner=fake, platform="linux", local_tz=UTC_TZ, now=NOW)
    assert data["kind"] == "systemd" and data["installed"] is True
    assert data["files_written"] == [
        str(unit_dir / "descarga-masiva-sync.service"),
        str(unit_dir / "descarga-masiva-sync.timer"),
    ]
    assert fake.calls == [
        ["systemctl", "--user", "show-environment"],
        # is a task of this home installed with cron instead? (then it is the one replaced: no second task)
        ["systemctl", "--user", "show-environment"],
        ["systemctl", "--user", "is-enabled", "descarga-masiva-sync.timer"],
        ["crontab", "-l"],
        ["systemctl", "--user", "show-environment"],
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "descarga-masiva-sync.timer"],
    ]
    assert data["command"] == list(s.argv) and data["daily_time_local"] == "12:00"
    assert data["daily_times"] == ["06:00"] and data["time_zone"] == "America/Mexico_City"
    assert (data_home / "logs").is_dir()
    service, timer = ostask.systemd_units(s)
    assert (unit_dir / "descarga-masiva-sync.service").read_text() == service
    assert (unit_dir / "descarga-masiva-sync.timer").read_text() == timer

    st = ostask.status(s, runner=fake, platform="linux")
    assert st["installed"] is True and st["up_to_date"] is True and st["details"]["ActiveState"] == "active"
    changed = spec(data_home, ("09:00",))
    assert ostask.status(changed, runner=fake, platform="linux")["up_to_date"] is False

    fake.calls.clear()
    ostask.install(changed, runner=fake, platform="linux")  # replaced, and the running timer re-armed
    assert fake.calls[-1] == ["systemctl", "--user", "restart", "descarga-masiva-sync.timer"]
    assert "09:00:00 America/Mexico_City" in (unit_dir / "descarga-masiva-sync.timer").read_text()
    assert sorted(p.name for p in unit_dir.iterdir()) == ["descarga-masiva-sync.service", "descarga-masiva-sync.timer"]

    fake.calls.clear()
    gone = ostask.uninstall(runner=fake, platform="linux", home=data_home)
    assert gone["was_installed"] is True and gone["installed"] is False
    assert sorted(gone["files_removed"]) == sorted(data["files_written"])
    assert ["systemctl", "--user", "disable", "--now", "descarga-masiva-sync.timer"] in fake.calls
    assert ["systemctl", "--user", "clean", "--what=state", "descarga-masiva-sync.timer"] in fake.calls
    assert fake.calls[-1] == ["systemctl", "--user", "daemon-reload"]
    assert list(unit_dir.iterdir()) == []
    assert ostask.status(s, runner=fake, platform="linux")["installed"] is False
    again = ostask.uninstall(runner=fake, platform="linux")
    assert again["was_installed"] is False and again["files_removed"] == []


def test_cron_install_replaces_block_and_keeps_user_lines(user_home, data_home):
    mine = "# my jobs\n*/5 * * * * /usr/bin/true\n"
    fake = FakeOS(systemd=False, crontab=mine)
    s = spec(data_home)
    data = ostask.install(s, runner=fake, platform="linux", local_tz=UTC_TZ, now=NOW)
    assert data["kind"] == "cron" and data["files_written"] == []
    assert fake.calls[-2:] == [["crontab", "-l"], ["crontab", "-"]]
    assert fake.crontab.startswith(mine) and fake.crontab.count("BEGIN") == 1
    assert "0 12 * * * " in fake.crontab
    ostask.install(spec(data_home, ("07:00",)), runner=fake, platform="linux", local_tz=UTC_TZ, now=NOW)
    assert fake.crontab.count("descarga-masiva-sat BEGIN") == 1 and "0 13 * * * " in fake.crontab
    assert "0 12 * * * " not in fake.crontab and fake.crontab.startswith(mine)
    st = ostask.status(spec(data_home, ("07:00",)), runner=fake, platform="linux", local_tz=UTC_TZ, now=NOW)
    assert st["kind"] == "cron" and st["installed"] is True and st["up_to_date"] is True
    gone = ostask.uninstall(runner=fake, platform="linux")
    assert gone["was_installed"] is True and fake.crontab == mine


def test_cron_install_into_an_empty_crontab(user_home, data_home):
    fake = FakeOS(systemd=False, crontab=None)
    ostask.install(spec(data_home), runner=fake, platform="linux", local_tz=UTC_TZ, now=NOW)
    assert fake.crontab == ostask.cron_lines(spec(data_home), local_tz=UTC_TZ, now=NOW)
    assert ostask.uninstall(runner=fake, platform="linux")["was_installed"] is True
    assert fake.crontab == ""


def test_launchd_install_status_uninstall(user_home, data_home):
    fake = FakeOS()
    s = spec(data_home)
    uid = ostask._uid()
    plist_path = user_home / "Library" / "LaunchAgents" / "mx.descargamasiva.sync.plist"
    data = ostask.install(s, runner=fake, platform="darwin", local_tz=UTC_TZ, now=NOW)
    assert data["kind"] == "launchd" and data["files_written"] == [str(plist_path)]
    assert fake.calls == [
        ["launchctl", "bootout", f"gui/{uid}/mx.descargamasiva.sync"],
        ["launchctl", "bootstrap", f"gui/{uid}", str(plist_path)],
    ]
    assert plistlib.loads(plist_path.read_bytes())["ProgramArguments"] == list(s.argv)
    st = ostask.status(s, runner=fake, platform="darwin", local_tz=UTC_TZ, now=NOW)
    assert st["installed"] is True and st["up_to_date"] is True
    fake.calls.clear()
    ostask.install(s, runner=fake, platform="darwin", local_tz=UTC_TZ, now=NOW)  # reinstall: bootout first
    assert fake.calls[0] == ["launchctl", "bootout", f"gui/{uid}/mx.descargamasiva.sync"]
    gone = ostask.uninstall(runner=fake, platform="darwin")
    assert gone["was_installed"] is True and gone["files_removed"] == [str(plist_path)]
    assert not plist_path.exists()


def test_schtasks_install_status_uninstall(user_home, data_home):
    fake = FakeOS()
    s = spec(data_home)
    data = ostask.install(s, runner=fake, platform="win32", now=NOW)
    xml_path = data_home.resolve() / "ostask" / "DescargaMasivaSAT-Sync.xml"
    assert data["files_written"] == [str(xml_path)]
    assert fake.calls == [["schtasks", "/Create", "/TN", "DescargaMasivaSAT\\Sync", "/XML", str(xml_path), "/F"]]
    assert xml_path.read_bytes()[:2] == b"\xff\xfe"
    later = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # another day: StartBoundary's date does not matter
    st = ostask.status(s, runner=fake, platform="win32", now=later)
    assert st["installed"] is True and st["up_to_date"] is True
    fake.calls.clear()
    gone = ostask.uninstall(runner=fake, platform="win32", home=data_home)
    assert fake.calls == [
        ["schtasks", "/Query", "/TN", "DescargaMasivaSAT\\Sync"],
        ["schtasks", "/Delete", "/TN", "DescargaMasivaSAT\\Sync", "/F"],
    ]
    assert gone["was_installed"] is True and not xml_path.exists()


def test_dry_run_writes_and_runs_nothing(user_home, data_home):
    fake = FakeOS()
    for kind in ostask.KINDS:
        data = ostask.install(spec(data_home), kind=kind, dry_run=True, runner=fake, local_tz=UTC_TZ, now=NOW)
        assert data["dry_run"] is True and data["installed"] is False and data["definitions"]
    assert fake.calls == []
    assert not (user_home / ".config").exists() and not data_home.exists()


def test_nothing_reachable_is_os_task_unavailable(user_home, data_home):
    fake = FakeOS(systemd=False, missing={"crontab"})
    with pytest.raises(AppError) as exc:
        ostask.install(spec(data_home), runner=fake, platform="linux")
    assert exc.value.code == "os_task_unavailable"
    st = ostask.status(spec(data_home), runner=fake, platform="linux")
    assert st == {"kind": None, "available": False, "installed": False, "reason": st["reason"]}
    with pytest.raises(AppError) as exc:
        ostask.install(spec(data_home), kind="systemd", runner=fake, platform="linux")
    assert exc.value.code == "os_task_unavailable"


def test_a_failing_command_is_os_task_failed_with_its_stderr(user_home, data_home):
    fake = FakeOS(fail=[("systemctl", "--user", "enable")])
    with pytest.raises(AppError) as exc:
        ostask.install(spec(data_home), runner=fake, platform="linux")
    assert exc.value.code == "os_task_failed"
    assert exc.value.details["stderr"] == "Failed to enable unit: Access denied"
    assert exc.value.details["command"] == ["systemctl", "--user", "enable", "--now", "descarga-masiva-sync.timer"]
    fake = FakeOS(systemd=False, crontab="x\n", fail=[("crontab", "-")])
    with pytest.raises(AppError) as exc:
        ostask.install(spec(data_home), runner=fake, platform="linux")
    assert exc.value.code == "os_task_failed"


def test_run_command_never_raises():
    assert ostask.run_command(["definitely-not-a-program-xyz"]).returncode == 127
    result = ostask.run_command(["sh", "-c", "echo out; echo err >&2; exit 3"])
    assert result == RunResult(3, "out\n", "err\n")
    assert ostask.run_command(["cat"], input="hola ñ").stdout == "hola ñ"


# -- the real thing ----------------------------------------------------------------------------------------------


def _systemd_user_works() -> bool:
    try:
        probe = subprocess.run(
            ["systemctl", "--user", "show-environment"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def test_real_linux_install_and_remove(tmp_path):
    """Installs a throw-away systemd user timer for real and removes it; never touches the user's crontab."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    if not _systemd_user_works():
        import shutil

        if shutil.which("crontab"):
            pytest.skip(
                "no systemd user manager; a crontab binary exists but cannot be pointed at a throw-away spool "
                "without changing the machine, and the user's real crontab is never touched"
            )
        pytest.skip("no systemd user manager (`systemctl --user show-environment` fails) and no crontab binary")
    name = f"descarga-masiva-test-{uuid.uuid4().hex[:8]}"
    s = ostask.task_spec(tmp_path / "home", ["06:00"], argv=["/bin/true"])
    try:
        data = ostask.install(s, kind="systemd", name=name)
        assert data["installed"] is True
        st = ostask.status(s, kind="systemd", name=name)
        assert st["installed"] is True and st["up_to_date"] is True, st
        assert st["details"].get("ActiveState") == "active", st
    finally:
        gone = ostask.uninstall(kind="systemd", name=name)
    assert gone["was_installed"] is True
    assert ostask.status(s, kind="systemd", name=name)["installed"] is False


def test_systemd_units_pass_systemd_analyze(tmp_path):
    """systemd's own parser accepts the units (quoting, zone in OnCalendar) where systemd-analyze exists."""
    import shutil

    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    s = spec(tmp_path / TRICKY.lstrip("/").replace("\\", "_"), ("06:00", "18:30"))
    service, timer = ostask.systemd_units(s, name="dm-verify")
    (tmp_path / "dm-verify.service").write_text(service)
    (tmp_path / "dm-verify.timer").write_text(timer)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "TZ": "UTC"}
    verify = subprocess.run(
        ["systemd-analyze", "verify", "--user", "dm-verify.service", "dm-verify.timer"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "dm-verify" not in verify.stderr, verify.stderr
    calendar = subprocess.run(
        ["systemd-analyze", "calendar", "*-*-* 06:00:00 America/Mexico_City"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert calendar.returncode == 0, calendar.stderr
    assert "12:00:00 UTC" in calendar.stdout  # the zone is carried by the timer itself
    # a broken quote is caught by the same check (the test would notice bad escaping)
    (tmp_path / "dm-verify.service").write_text(service.replace('" "sync"', ' "sync"', 1))
    broken = subprocess.run(
        ["systemd-analyze", "verify", "--user", "dm-verify.service"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert broken.returncode != 0


def test_the_users_crontab_bytes_go_back_as_they_came(tmp_path):
    """An outside audit: `crontab -l` was read with errors="replace", so a Latin-1 «ñ» in the user's own job path
    came back as U+FFFD when the app wrote the crontab with its block: the user's job broken."""
    import locale
    import sys

    from desktop_app.core.ostask.base import run_command

    latin1 = b"0 5 * * * /home/pe\xf1a/respaldo.sh\n"
    listed = tmp_path / "crontab-l.txt"
    listed.write_bytes(latin1)
    read = run_command(
        [sys.executable, "-c", f"import sys; sys.stdout.buffer.write(open({str(listed)!r}, 'rb').read())"]
    )
    echo = "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())"  # what `crontab -` is given, as it came
    back = run_command([sys.executable, "-c", echo], input=read.stdout)
    assert back.stdout.encode(locale.getpreferredencoding(False), "surrogateescape") == latin1
