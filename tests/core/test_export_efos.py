"""Exports with a 69-B list loaded (issue 18.7): the last column says the counterpart's situation on the list, the
list is asked once per batch of records (never once per row), and without a list the files are as before."""

from __future__ import annotations

import csv
import zipfile

from desktop_app.core import export


def _records(n: int) -> list[dict]:
    out = []
    for i in range(n):
        issued = i % 2 == 0
        other = "IIA040805DZ4" if i % 3 == 0 else f"XAXX0101{i:04d}"
        out.append(
            {
                "uuid": f"00000000-0000-4000-8000-{i:012d}",
                "direction": "issued" if issued else "received",
                "type": "I",
                "status": "vigente",
                "issuer_rfc": "EKU9003173C9" if issued else other,
                "receiver_rfc": other if issued else "EKU9003173C9",
                "total": "116.00",
                "currency": "MXN",
            }
        )
    return out


def test_the_situation_is_looked_up_per_batch_and_written_last(tmp_path):
    calls: list[list[str]] = []

    def lookup(rfcs):
        calls.append(list(rfcs))
        return {"IIA040805DZ4": "definitivo"} if "IIA040805DZ4" in rfcs else {}

    path = tmp_path / "f.csv"
    assert export.write_csv(_records(1200), path, efos=lookup) == 1200
    assert len(calls) == 3  # 500 + 500 + 200 records
    assert all(rfc != "EKU9003173C9" for call in calls for rfc in call)  # the counterpart, never the owner
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-1] == "Situación 69-B"
    for i, row in enumerate(rows[1:]):
        assert row[-1] == ("Definitivo" if i % 3 == 0 else ""), i


def test_the_workbook_carries_the_column_in_english_too(tmp_path):
    path = tmp_path / "f.xlsx"
    export.write_xlsx(_records(4), path, lang="en", efos=lambda rfcs: dict.fromkeys(rfcs, "presunto"))
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>69-B status</t>" in sheet and sheet.count("<t>Presumed</t>") == 4


def test_without_a_list_nothing_changes(tmp_path):
    path = tmp_path / "f.csv"
    export.write_csv(_records(3), path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == export.csv_headers("es") and "Situación 69-B" not in header
