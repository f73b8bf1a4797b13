"""Windows: a Task Scheduler task (``schtasks /Create /XML``), its XML kept in ``<HOME>/ostask/``.

Task Scheduler carries a UTC offset: ``StartBoundary`` is today's slot with Mexico City's offset ("synchronize
across time zones"), so the daily run stays at the Mexico City time even where the machine's own zone observes
DST. ``StartWhenAvailable`` runs a slot missed while the machine was off once at the next start."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime, tzinfo
from pathlib import Path

from desktop_app.core.ostask.base import (
    DESCRIPTION,
    NOT_FOUND,
    Definition,
    Probe,
    TaskContext,
    TaskSpec,
    mx_slot,
    remove_files,
)
from desktop_app.core.store.vault import atomic_write

SCHTASKS_NAME = "DescargaMasivaSAT\\Sync"
TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def start_boundary(time_mx: str, now: datetime | None = None) -> str:
    """Today's slot with Mexico City's UTC offset: ``2026-11-25T06:00:00-06:00``."""
    return mx_slot(time_mx, now).isoformat(timespec="seconds")


def schtasks_xml(spec: TaskSpec, *, name: str = SCHTASKS_NAME, now: datetime | None = None) -> str:
    """Task Scheduler 1.2 XML (text; :func:`schtasks_xml_bytes` encodes it as the UTF-16 Windows expects)."""
    task = ET.Element("Task", {"version": "1.2", "xmlns": TASK_NS})
    info = _sub(task, "RegistrationInfo")
    _sub(info, "Author", "Descarga Masiva SAT")
    _sub(info, "Description", DESCRIPTION)
    _sub(info, "URI", "\\" + name.lstrip("\\"))
    triggers = _sub(task, "Triggers")
    for index, value in enumerate(spec.times):
        trigger = _sub(triggers, "CalendarTrigger")
        if index == 0:  # the hourly follow-ups, once (several daily times would only overlap)
            repetition = _sub(trigger, "Repetition")
            _sub(repetition, "Interval", "PT1H")
            _sub(repetition, "Duration", "P1D")
            _sub(repetition, "StopAtDurationEnd", "false")
        _sub(trigger, "StartBoundary", start_boundary(value, now))
        _sub(trigger, "Enabled", "true")
        _sub(_sub(trigger, "ScheduleByDay"), "DaysInterval", "1")
    principal = _sub(_sub(task, "Principals"), "Principal")
    principal.set("id", "Author")
    _sub(principal, "LogonType", "InteractiveToken")  # as the signed-in user: no password, no admin rights
    _sub(principal, "RunLevel", "LeastPrivilege")
    settings = _sub(task, "Settings")
    for tag, text in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("AllowHardTerminate", "true"),
        ("StartWhenAvailable", "true"),  # missed while off → runs once at the next start
        ("RunOnlyIfNetworkAvailable", "false"),
        ("AllowStartOnDemand", "true"),
        ("Enabled", "true"),
        ("Hidden", "false"),
        ("RunOnlyIfIdle", "false"),
        ("WakeToRun", "false"),
        ("ExecutionTimeLimit", "PT12H"),
        ("Priority", "7"),
    ):
        _sub(settings, tag, text)
    actions = _sub(task, "Actions")
    actions.set("Context", "Author")
    exec_ = _sub(actions, "Exec")
    _sub(exec_, "Command", spec.argv[0])
    if len(spec.argv) > 1:
        _sub(exec_, "Arguments", subprocess.list2cmdline(spec.argv[1:]))  # parsed back by the C runtime's rules
    if spec.workdir:
        _sub(exec_, "WorkingDirectory", spec.workdir)
    ET.indent(task, space="  ")
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + ET.tostring(task, encoding="unicode") + "\n"


def schtasks_xml_bytes(text: str) -> bytes:
    """UTF-16 little-endian with a BOM: what ``schtasks /Create /XML`` reads."""
    return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")


def _schtasks_comparable(text: str) -> str:
    return re.sub(r"<StartBoundary>\d{4}-\d{2}-\d{2}T", "<StartBoundary>T", text)


class TaskScheduler:
    """A task registered from ``<HOME>/ostask/<name>.xml`` (the copy ``status()`` compares with)."""

    def paths(self, name: str, home: str | None) -> list[Path]:
        return [Path(home) / "ostask" / (name.replace("\\", "-") + ".xml")] if home else []

    def definitions(
        self, spec: TaskSpec, name: str, paths: list[Path], *, local_tz: tzinfo | None, now: datetime | None
    ) -> list[Definition]:
        return [(paths[0], schtasks_xml(spec, name=name, now=now))]

    def install(self, ctx: TaskContext, defs: list[Definition]) -> list[str]:
        path, text = defs[0]
        assert path is not None
        atomic_write(path, schtasks_xml_bytes(text))
        ctx.check(["schtasks", "/Create", "/TN", ctx.name, "/XML", str(path), "/F"])
        return [str(path)]

    def uninstall(self, ctx: TaskContext, paths: list[Path]) -> tuple[bool, list[str]]:
        was_installed = False
        if ctx.run(["schtasks", "/Query", "/TN", ctx.name]).returncode == 0:
            was_installed = True
            ctx.check(["schtasks", "/Delete", "/TN", ctx.name, "/F"])
        return was_installed, remove_files(paths)

    def status(self, ctx: TaskContext, paths: list[Path], expected: list[Definition] | None) -> Probe:
        result = ctx.run(["schtasks", "/Query", "/TN", ctx.name])
        installed = result.returncode == 0
        up_to_date: bool | None = None
        if expected and installed and paths and paths[0].exists():
            saved = paths[0].read_bytes().decode("utf-16").replace("\r\n", "\n")
            up_to_date = _schtasks_comparable(saved) == _schtasks_comparable(expected[0][1])
        return Probe(installed=installed, available=result.returncode != NOT_FOUND, up_to_date=up_to_date)


SCHTASKS = TaskScheduler()
