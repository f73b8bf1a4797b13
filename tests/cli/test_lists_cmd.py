"""Issue 18.7 through the real ``descarga-masiva`` CLI (in-process, a real data home): ``lists import FILE``,
``lists status``, ``lists check`` — the JSON shapes others script against (DESIGN.md §3)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import common, main
from desktop_app.core.clock import FakeClock
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from tests.conftest import MemoryKeyring
from tests.efos_support import DOCUMENTS, FIXTURE, FIXTURE_ROWS, PROFILE, uuid_of, write_documents

NOW = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)
SITUATIONS = {"presunto", "desvirtuado", "definitivo", "sentencia_favorable"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def cli(tmp_path, monkeypatch, clock):
    """``descarga-masiva --home HOME ARGS`` in-process on a FakeClock: (exit code, the one JSON document)."""
    services: list[DescargaService] = []

    def factory(home):
        service = DescargaService(Path(home), clock=clock, secrets=SecretStore(MemoryKeyring()))
        services.append(service)
        return service

    monkeypatch.setattr(common, "SERVICE_FACTORY", factory)

    def run(*args: str) -> tuple[int, dict]:
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        code = main(["--home", str(tmp_path / "home"), *args])
        monkeypatch.setattr(sys, "stdout", sys.__stdout__)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        assert len(lines) == 1, out.getvalue()
        return code, json.loads(lines[0])

    yield run
    for service in services:
        service.close()


def test_status_before_any_list(cli):
    code, doc = cli("lists", "status")
    assert code == 0 and doc["success"] is True
    assert doc["data"]["loaded"] is False and doc["data"]["stale_after_days"] == 30
    assert "lists import" in doc["data"]["message"]


def test_import_then_status(cli, clock):
    code, doc = cli("lists", "import", str(FIXTURE))
    assert code == 0, doc
    data = doc["data"]
    assert {"rows", "by_situation", "list_date", "imported_at"} <= set(data)
    assert data["rows"] == len(FIXTURE_ROWS)
    assert set(data["by_situation"]) == SITUATIONS and sum(data["by_situation"].values()) == data["rows"]
    assert (data["list_date"], data["imported_at"]) == ("2026-05-31", "2026-06-15T18:00:00+00:00")
    assert (data["suppressed"], data["encoding"], data["replaced"]) == (1, "windows-1252", None)

    clock.set(NOW + timedelta(days=40))
    code, doc = cli("lists", "status")
    assert code == 0
    status = doc["data"]
    assert status["loaded"] is True
    assert (status["rows"], status["list_date"], status["imported_at"]) == (6, "2026-05-31", data["imported_at"])
    assert (status["age_days"], status["list_age_days"], status["stale"]) == (40, 55, True)
    assert status["by_situation"] == data["by_situation"] and status["sha256"] == data["sha256"]


def test_a_refused_file_keeps_the_list_and_says_why(cli, tmp_path):
    cli("lists", "import", str(FIXTURE))
    _, before = cli("lists", "status")
    bad = tmp_path / "Listado_Completo_69-B.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    code, doc = cli("lists", "import", str(bad))
    assert code == 1 and doc["success"] is False
    assert doc["error"]["code"] == "efos_spreadsheet" and doc["error"]["path"] == str(bad)
    truncated = tmp_path / "cortado.csv"
    truncated.write_bytes(FIXTURE.read_bytes()[:-60])
    code, doc = cli("lists", "import", str(truncated))
    assert (code, doc["error"]["code"], doc["error"]["line"]) == (1, "efos_truncated", 11)
    assert cli("lists", "status") == (0, before)


def test_usage_errors_exit_2(cli):
    code, doc = cli("lists", "import")
    assert code == 2 and doc["error"]["code"] == "usage_error"
    code, doc = cli("lists", "purge")
    assert code == 2


def test_a_file_name_that_is_not_utf8(cli, tmp_path):
    if sys.platform == "darwin":  # APFS refuses such names
        pytest.skip("the file system keeps names as UTF-8")
    folder = os.fsencode(tmp_path)
    target = os.fsdecode(folder + b"/lista-\xff.csv")
    shutil.copyfile(FIXTURE, target)
    code, doc = cli("lists", "import", target)
    assert code == 0, doc
    assert doc["data"]["file_name"] == "lista-\\xff.csv"  # the byte shown, not lost


def test_check_lists_the_profiles_counterparts(cli, tmp_path):
    cli("profile", "add", PROFILE)
    code, doc = cli("lists", "check")
    assert (code, doc["error"]["code"]) == (1, "efos_list_not_loaded")
    cli("lists", "import", str(FIXTURE))
    code, doc = cli("invoices", "import", str(write_documents(tmp_path / "xml")))
    assert code == 0, doc
    code, doc = cli("lists", "check", "--rfc", PROFILE)
    assert code == 0, doc
    data = doc["data"]
    assert data["rfc"] == PROFILE and data["count"] == 3 and data["list"]["list_date"] == "2026-05-31"
    first = data["counterparts"][0]
    assert (first["rfc"], first["situation"], first["situation_date"]) == ("SEÑ130220KJ8", "definitivo", "2018-10-23")
    assert set(first) >= {"rfc", "name", "situation", "situation_date", "dates", "oficios", "issued", "received"}
    assert first["received"] == {
        "count": 3,
        "total": "4872.58",  # nothing cancelled in this home: 1,160.00 + 2,900.58 + 812.00
        "cancelled": 0,
        "first_issue_date": "2026-02-11T10:00:00",
        "last_issue_date": "2026-04-13T10:00:00",
    }
    assert first["dates"]["definitivo"] == {"sat": "2018-09-28", "dof": "2018-10-23"}
    # the global --rfc may come anywhere, and is optional with one profile
    assert cli("lists", "check") == (0, doc)


def test_the_invoices_export_carries_the_69b_situation_once_a_list_is_loaded(cli, tmp_path):
    """``invoices list --format csv|xlsx``: the last column «Situación 69-B» says the counterpart's situation when a
    list is loaded (the window's export does the same); without a list the file is as before."""
    import csv

    cli("profile", "add", PROFILE)
    cli("invoices", "import", str(write_documents(tmp_path / "xml")))
    before = tmp_path / "before.csv"
    code, doc = cli("invoices", "list", "--format", "csv", "--output", str(before))
    assert code == 0 and doc["data"]["efos_69b"] is False
    cli("lists", "import", str(FIXTURE))
    after = tmp_path / "after.csv"
    code, doc = cli("invoices", "list", "--format", "csv", "--output", str(after))
    assert code == 0 and doc["data"]["efos_69b"] is True
    with open(before, encoding="utf-8-sig", newline="") as fh:
        plain = list(csv.reader(fh))
    with open(after, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert plain[0][-1] != "Situación 69-B" and rows[0][-1] == "Situación 69-B"
    assert [row[:-1] for row in rows] == plain  # the same file, one column more
    uuid_at = rows[0].index("UUID")
    situation = {row[uuid_at]: row[-1] for row in rows[1:]}
    expected = {}
    for n, _subtotal, issuer, receiver in DOCUMENTS:
        other = receiver if issuer == PROFILE else issuer
        entry = FIXTURE_ROWS.get(other)
        expected[uuid_of(n)] = SITUATION_TEXT[entry[1]] if entry else ""
    assert {u: situation[u] for u in expected} == expected
    assert {"Definitivo", "Presunto", ""} <= set(expected.values())


SITUATION_TEXT = {
    "presunto": "Presunto",
    "desvirtuado": "Desvirtuado",
    "definitivo": "Definitivo",
    "sentencia_favorable": "Sentencia favorable",
}
