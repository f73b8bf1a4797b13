"""Issue 13, "a hostile world": what anyone can send a taxpayer (an invoice issued to their RFC, a folder of XML
from another tool) never blocks a sync, loses data or replaces SAT's copy; the data home can be moved and is
private; the vault is checked.

Each test fails on the code before the fix (noted per test). Real files, a real SQLite database and, for the
sync, the SAT sandbox on 127.0.0.1 serving a crafted package.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.store.db import DB_NAME
from tests.conftest import CREDENTIALS, TEST_PASSWORD

RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"
FIEL = CREDENTIALS / "eku9003173c9-fiel"


def cfdi(
    n: int,
    total: str,
    *,
    fecha: str = "2026-05-10T10:00:00",
    currency: str = "MXN",
    rate: str | None = None,
    issuer: str = OTHER,
    receiver: str = RFC,
    name: str = "Proveedor",
    uuid: str | None = None,
) -> bytes:
    """A minimal stamped CFDI 4.0 (what the index reads: type, date, parties, totals, TFD)."""
    uuid = uuid or f"{n:08X}-1111-4222-8333-444455556666"
    tc = f' TipoCambio="{rate}"' if rate else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" TipoDeComprobante="I" Fecha="{fecha}" SubTotal="{total}" Total="{total}" '
        f'Moneda="{currency}"{tc} MetodoPago="PUE" Folio="{n}">'
        f'<cfdi:Emisor Rfc="{issuer}" Nombre="{name}"/><cfdi:Receptor Rfc="{receiver}" Nombre="Mi empresa" '
        f'UsoCFDI="G03"/><cfdi:Complemento><tfd:TimbreFiscalDigital '
        f'xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" UUID="{uuid}" '
        f'FechaTimbrado="{fecha}"/></cfdi:Complemento></cfdi:Comprobante>'
    ).encode()


def _write(folder: Path, docs: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in docs.items():
        (folder / name).write_bytes(data)
    return folder


def _totals(service, **flt) -> dict:
    return service.list_invoices(RFC, InvoiceFilter(**flt))["totals"]


@pytest.fixture
def home_service(make_service, tmp_path):
    service = make_service(tmp_path / "home")
    service.add_profile(RFC)
    return service


# -- 1. one large amount never poisons an import or a sync ------------------------------------------------

POISON = {
    "huge_total.xml": cfdi(1, "999999999999999999"),  # schema-valid, 10^18 pesos
    "big_a.xml": cfdi(2, "90000000000000000"),  # two of one month: each alone fit in int64 cents, the sum not
    "big_b.xml": cfdi(3, "90000000000000000"),
    "usd.xml": cfdi(4, "1000.00", currency="USD", rate="100000000000"),  # 10^14 pesos after the exchange rate
}
GOOD = {f"good_{n}.xml": cfdi(10 + n, f"{n}00.25") for n in range(1, 6)}  # 100.25 … 500.25


def test_one_large_amount_does_not_stop_an_import_and_is_flagged_on_its_document(home_service, tmp_path):
    """Before: OverflowError → internal_error, and the whole import aborted (no invoice at all)."""
    folder = _write(tmp_path / "in", {**POISON, **GOOD})
    result = home_service.import_invoices(RFC, [str(folder)])
    assert result["added"] == 9 and result["skipped"] == 0
    listing = home_service.list_invoices(RFC, InvoiceFilter(), limit=100)
    flags = {r["folio"]: r["flags"] for r in listing["invoices"]}
    for folio in "1234":  # each past 10^13 MXN (cfdi.values.AMOUNT_LIMIT_MXN): kept, flagged, not summed
        assert flags[folio] == ["amount_out_of_range:subtotal", "amount_out_of_range:total"], folio
    assert all(flags[str(10 + n)] == [] for n in range(1, 6))
    by_folio = {r["folio"]: r for r in listing["invoices"]}
    assert by_folio["1"]["total"] == "999999999999999999"  # kept exactly as written
    assert by_folio["4"]["total"] == "1000.00" and by_folio["4"]["exchange_rate"] == "100000000000"
    # Exact sums, independent of the index: the in-range amounts in Python's unbounded integers.
    expected = sum(Decimal(f"{n}00.25") for n in range(1, 6))
    totals = _totals(home_service)
    assert totals["count"] == 9
    assert Decimal(totals["total"]) == expected
    # The whole-month path (invoice_months) and the row path (a partial month) agree.
    assert Decimal(_totals(home_service, date_from="2026-05-01", date_to="2026-05-31")["total"]) == expected
    assert Decimal(_totals(home_service, date_from="2026-05-02", date_to="2026-05-31")["total"]) == expected
    summary = home_service.summary(RFC)
    assert Decimal(summary["by_month"][0]["received_total"]) == expected


def test_sums_past_64_bit_integers_stay_exact(home_service, tmp_path):
    """9,300 invoices at 9,999,999,999,999.99 MXN (just inside the per-document range) sum past 2^63 cents.

    Before: SQLite's SUM raised "integer overflow" (internal_error) and invoice_months could not be written."""
    amount = "9999999999999.99"
    docs = {f"m{n}.xml": cfdi(100 + n, amount) for n in range(9_300)}
    folder = _write(tmp_path / "many", docs)
    result = home_service.import_invoices(RFC, [str(folder)])
    assert result["added"] == 9_300
    expected = Decimal(amount) * 9_300
    assert Decimal(amount) * 100 * 9_300 > 2**63  # the premise: the cents overflow int64
    for flt in ({}, {"date_from": "2026-05-01", "date_to": "2026-05-31"}, {"date_from": "2026-05-02"}):
        totals = _totals(home_service, **flt)
        assert (totals["count"], Decimal(totals["total"])) == (9_300, expected), flt
    assert Decimal(home_service.summary(RFC)["by_month"][0]["received_total"]) == expected


def test_one_large_amount_in_a_sat_package_does_not_block_the_sync(make_service, sandbox, tmp_path, monkeypatch):
    """Before: the request stayed `processing` at 0 of N and every later pass crashed with internal_error."""
    service = make_service(tmp_path / "home")
    service.add_profile(RFC)
    service.activate(RFC)
    service.upload_fiel(RFC, (FIEL / f"{RFC}.cer").read_bytes(), (FIEL / f"{RFC}.key").read_bytes(), TEST_PASSWORD)
    package = tmp_path / "package.zip"
    with zipfile.ZipFile(package, "w") as zf:
        for name, data in {**POISON, **GOOD}.items():
            zf.writestr(name, data)
    monkeypatch.setattr(type(sandbox), "_package_file", lambda self, record, number, package_id: package)
    request = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="received")
    for _ in range(4):
        service.sync_once(RFC)
    status = service.request_status(RFC, request["request_id"])["request"]
    assert status["status"] == "completed", status
    totals = _totals(service)
    assert totals["count"] == 9
    assert Decimal(totals["total"]) == sum(Decimal(f"{n}00.25") for n in range(1, 6))


# -- 16. impossible dates and totals are refused with a reason, not indexed with a hole ---------------------


def test_impossible_dates_and_totals_are_refused_one_by_one_with_a_reason(home_service, tmp_path):
    """Before: 9999-99-99 was indexed into vault folder 9999/99, NaN/1e999 totals indexed as empty."""
    folder = _write(
        tmp_path / "in",
        {
            "date.xml": cfdi(1, "1.00", fecha="9999-99-99T99:99:99"),
            "feb30.xml": cfdi(2, "1.00", fecha="2026-02-30T10:00:00"),
            "nan.xml": cfdi(3, "NaN"),
            "inf.xml": cfdi(4, "1e999"),
            **GOOD,
        },
    )
    result = home_service.import_invoices(RFC, [str(folder)])
    assert result["added"] == 5
    assert result["files"]["skipped_by_reason"] == {"invalid_document_date": 2, "invalid_document_amount": 2}
    assert not (home_service.home / RFC / "recibidos" / "9999").exists()


# -- 3. an import never replaces SAT's copy, and a UUID has one file ----------------------------------------


def _sat_copy(service, xml: bytes) -> None:
    """Index ``xml`` as if it came in a SAT package (its source is the package id)."""
    from desktop_app.core.cfdi import parse_document
    from desktop_app.core.index import IndexWriter
    from desktop_app.core.sync import ingest_items

    class Doc:
        def __init__(self, data):
            self.xml_bytes, self.invoice = data, parse_document(data, owner_rfc=RFC)

    conn = service.db.get()
    writer = IndexWriter(conn, service.home, RFC, 0)
    ingest_items(conn, writer, [Doc(xml)], source="0F1E2D3C-0000-4000-8000-000000000000_01")


def _vault_files(service) -> list[Path]:
    return sorted(p for p in (service.home / RFC).rglob("*.xml") if "fiel" not in p.parts)


@pytest.mark.parametrize(
    "imported",
    [
        cfdi(1, "999.00", name="Otro nombre", uuid="0000ABCD-1111-4222-8333-444455556666"),  # other bytes
        cfdi(1, "100.00", fecha="2026-04-10T10:00:00", uuid="0000abcd-1111-4222-8333-444455556666"),  # lower case,
    ],  # another Fecha (another month's folder)
    ids=["other_content", "lower_case_uuid_other_month"],
)
def test_an_import_never_replaces_the_copy_that_came_from_sat(home_service, tmp_path, imported):
    """Before: `updated: 1`, SAT's file overwritten (or a second copy left in another month)."""
    sat = cfdi(1, "100.00", uuid="0000ABCD-1111-4222-8333-444455556666")
    _sat_copy(home_service, sat)
    [vault_file] = _vault_files(home_service)
    folder = _write(tmp_path / "in", {"mine.xml": imported})
    result = home_service.import_invoices(RFC, [str(folder)])
    assert (result["added"], result["updated"], result["conflict"]) == (0, 0, 1)
    assert result["conflicts"][0]["uuid"] == "0000ABCD-1111-4222-8333-444455556666"
    assert _vault_files(home_service) == [vault_file] and vault_file.read_bytes() == sat
    assert (folder / "mine.xml").read_bytes() == imported  # the user's file is untouched: both kept
    [row] = home_service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert row["total"] == "100.00" and row["issue_date"].startswith("2026-05-10")


def test_sat_replaces_an_imported_copy_and_a_uuid_keeps_one_file(home_service, tmp_path):
    """SAT is the authority the other way round; a new Fecha moves the file, never copies it."""
    uuid = "0000ABCD-1111-4222-8333-444455556666"
    folder = _write(tmp_path / "in", {"mine.xml": cfdi(1, "5.00", fecha="2026-04-10T10:00:00", uuid=uuid)})
    assert home_service.import_invoices(RFC, [str(folder)])["added"] == 1
    sat = cfdi(1, "100.00", uuid=uuid)
    _sat_copy(home_service, sat)
    [only] = _vault_files(home_service)
    assert only.read_bytes() == sat and only.parent.name == "05"
    # and an import of the same bytes again changes nothing
    again = home_service.import_invoices(RFC, [str(_write(tmp_path / "again", {"x.xml": sat}))])
    assert (again["unchanged"], again["conflict"]) == (1, 0)


@pytest.mark.parametrize("together", [False, True], ids=["two_imports", "one_import"])
def test_of_two_imported_copies_of_one_uuid_the_first_is_kept_and_nothing_deleted(home_service, tmp_path, together):
    """Before: the second file (lower-case UUID, another total and month) replaced the first — the row said
    999,999.00 and the first copy's vault file was deleted (`added 1, updated 1`, no word of it)."""
    uuid = "0000ABCD-1111-4222-8333-444455556666"
    first = cfdi(1, "100.00", uuid=uuid)
    second = cfdi(1, "999999.00", fecha="2026-04-10T10:00:00", uuid=uuid.lower())
    folder = _write(tmp_path / "in", {"a.xml": first, "b.xml": second})
    if together:
        result = home_service.import_invoices(RFC, [str(folder)])
    else:
        assert home_service.import_invoices(RFC, [str(folder / "a.xml")])["added"] == 1
        result = home_service.import_invoices(RFC, [str(folder / "b.xml")])
    assert (result["added"], result["updated"], result["conflict"]) == (int(together), 0, 1)
    assert result["conflicts"][0] == {"uuid": uuid, "kept": result["conflicts"][0]["kept"], "reason": "first_copy_kept"}
    [vault_file] = _vault_files(home_service)
    assert vault_file.read_bytes() == first and vault_file.parent.name == "05"
    assert (folder / "b.xml").read_bytes() == second  # the user's file is untouched: both kept
    [row] = home_service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert row["total"] == "100.00" and row["issue_date"].startswith("2026-05-10")
    # the vault's copy gone (deleted by hand): an import restores it, from whichever file it is given
    vault_file.unlink()
    assert home_service.import_invoices(RFC, [str(folder / "b.xml")])["updated"] == 1
    [restored] = _vault_files(home_service)
    assert restored.read_bytes() == second and restored.parent.name == "04"


def test_a_metadata_listing_never_undoes_a_cancellation_nor_blanks_a_status(home_service, tmp_path):
    """Before: an older metadata file (Estatus 1) made a cancelled invoice vigente again, and one with a blank
    Estatus made it `unknown` and cleared its cancellation date. A cancellation is final at SAT."""
    from tests.core.reports.builder import METADATA_HEADER

    uuid = "0000ABCD-1111-4222-8333-444455556666"
    folder = _write(tmp_path / "xml", {"a.xml": cfdi(1, "100.00", uuid=uuid)})
    assert home_service.import_invoices(RFC, [str(folder)])["added"] == 1

    def listing(name: str, estatus: str, cancelled: str) -> dict:
        issued = "2026-05-10 10:00:00"
        line = f"{uuid}~{OTHER}~Proveedor~{RFC}~Mi empresa~SAT970701NN3~{issued}~{issued}~100.00~I"
        path = tmp_path / "txt" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{METADATA_HEADER}\r\n{line}~{estatus}~{cancelled}\r\n", encoding="utf-8")
        return home_service.import_invoices(RFC, [str(path)])

    def status() -> tuple[str, str | None]:
        [row] = home_service.list_invoices(RFC, InvoiceFilter())["invoices"]
        return row["status"], row["cancelled_at"]

    assert status() == ("unknown", None)
    listing("blank-first.txt", "", "")
    assert status() == ("unknown", None)  # nothing known, nothing said
    listing("vigente.txt", "1", "")
    assert status() == ("vigente", None)
    listing("blank.txt", "", "")
    assert status() == ("vigente", None)  # a blank Estatus says nothing: before, `unknown`
    listing("cancelado.txt", "0", "2026-06-01 09:00:00")
    assert status() == ("cancelado", "2026-06-01T09:00:00")
    cancelled = _totals(home_service, status="cancelado")
    for name, estatus in (("older.txt", "1"), ("blank-again.txt", ""), ("no-date.txt", "0")):
        result = listing(name, estatus, "")
        assert result["unchanged"] == 1 and result["updated"] == 0, name
        assert status() == ("cancelado", "2026-06-01T09:00:00"), name  # before: vigente / unknown, date gone
    assert _totals(home_service, status="cancelado") == cancelled
    assert _totals(home_service)["cancelled"] == 1


def test_an_import_removes_the_temporary_files_a_killed_run_left(home_service, tmp_path):
    """Before: an import killed mid-way (SIGKILL, a power cut) left its staged ``.UUID.xml.PID-wN.tmp`` files in
    the vault for good — only a sync found interrupted swept them; then only those 15 minutes old, so importing
    again right after the kill kept them (an outside audit: 41–456 hidden copies after the completing run). The
    killed import's mark, no longer held by a live process, says one was interrupted (the vault is walked only
    then); with no other import and no sync at work, every temporary file is the dead run's."""
    from desktop_app.core.invoice_ops import STALE_TEMPORARY_S
    from desktop_app.core.locking import ProfileLock, RunningMark

    base = home_service.home / RFC
    month = base / "recibidos" / "2026" / "05"
    month.mkdir(parents=True)
    (base / "paquetes").mkdir(parents=True, exist_ok=True)
    old = month / ".0000ABCD-1111-4222-8333-444455556666.xml.4242-w1.tmp"
    part = base / "paquetes" / "X_01.zip.part"
    recent = month / ".0000ABCD-1111-4222-8333-444455556667.xml.4243-w1.tmp"
    killed = base / ".import-4242-1.running"  # what the killed import left: a mark no process holds
    stale = time.time() - STALE_TEMPORARY_S - 60

    def leftovers() -> None:
        for leftover, data in ((old, b"<half"), (part, b"PK"), (recent, b"<just staged"), (killed, b"")):
            leftover.write_bytes(data)
        os.utime(old, (stale, stale))

    folder = _write(tmp_path / "in", {"a.xml": cfdi(1, "100.00")})
    leftovers()
    assert home_service.import_invoices(RFC, [str(folder)])["added"] == 1
    assert not old.exists() and not part.exists() and not recent.exists()  # right after the kill too
    assert not list(base.glob(".import-*"))  # its own mark is gone too, and the dead one
    # another import at work (its mark held), or a sync: a recent file may be theirs — only stale ones go
    for busy in (RunningMark(base / ".import-99999-1.running"), ProfileLock(base / "sync.lock")):
        leftovers()
        with busy:
            assert home_service.import_invoices(RFC, [str(folder)])["unchanged"] == 1
        assert not old.exists() and recent.exists() and not killed.exists()
        recent.unlink()
    # without a dead mark nothing is walked: a leftover stays until an interrupted run is found
    old.write_bytes(b"<half")
    assert home_service.import_invoices(RFC, [str(folder)])["unchanged"] == 1
    assert old.exists()


def test_line_breaks_and_a_bom_before_the_xml_are_read_as_the_document(home_service, tmp_path):
    """Before: a CRLF (or BOM + newline) before the declaration made a good CFDI `damaged` (out of lists and
    totals), a newline + BOM made it `invalid_xml`, and 600 line breaks before a CFDI without a declaration made
    it `empty` (only the first 512 bytes were looked at) — the same file inside a ZIP was read."""

    def body(n: int) -> bytes:
        return cfdi(n, "100.00", uuid=f"0000ABC{n}-1111-4222-8333-444455556666")

    files = {
        "crlf.xml": b"\r\n" + body(1),
        "bom-newline.xml": b"\xef\xbb\xbf\n" + body(2),
        "newline-bom.xml": b"\n\xef\xbb\xbf" + body(3),
        "padded.xml": b"\n" * 600 + body(4).split(b"?>", 1)[1],  # no declaration: well-formed as it is
        "padded-without-extension": b"\n" * 70_000 + body(5).split(b"?>", 1)[1],  # told XML by its content
    }
    result = home_service.import_invoices(RFC, [str(_write(tmp_path / "in", files))])
    assert (result["added"], result["damaged"], result["skipped"]) == (5, 0, 0), result
    rows = home_service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert len(rows) == 5 and all(row["total"] == "100.00" for row in rows)
    repaired = [row for row in rows if any("before the XML declaration" in w for w in row["warnings"])]
    assert len(repaired) == 3  # said on each document that needed it


def test_a_folder_that_cannot_be_read_or_is_a_link_is_said_not_passed_over(home_service, tmp_path, monkeypatch):
    """Before: a subfolder the user may not list (another user's, chmod 000) and a symlinked folder were left out
    of the import without a word (success, nothing in `files.skipped`). The OS's refusal is simulated (the suite
    may run as root, which no permission stops)."""
    folder = _write(tmp_path / "in", {"good.xml": cfdi(1, "100.00")})
    locked = _write(folder / "locked", {"inside.xml": cfdi(2, "100.00")})
    (folder / "link").symlink_to(_write(tmp_path / "elsewhere", {"x.xml": cfdi(3, "100.00")}))
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if isinstance(path, str | os.PathLike) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setenv("DESCARGA_MASIVA_WORKERS", "0")
    result = home_service.import_invoices(RFC, [str(folder)])
    assert result["added"] == 1
    skipped = {entry["name"]: entry for entry in result["files"]["skipped"]}
    assert skipped[str(locked)]["reason"] == "unreadable" and "denied" in skipped[str(locked)]["detail"]
    assert skipped[str(folder / "link")]["reason"] == "unsupported_type"


# -- 7. the data home can be moved, or given relative to the working folder ---------------------------------


def test_a_moved_home_still_serves_its_invoices_from_the_vault(make_service, tmp_path, monkeypatch):
    """Before: the index stored absolute paths: after `mv`, `invoice UUID` sent a new folio request to SAT."""
    monkeypatch.chdir(tmp_path)
    service = make_service(Path("relative-home"))  # as `--home relative-home` gives it
    service.add_profile(RFC)
    service.import_invoices(RFC, [str(_write(tmp_path / "in", GOOD))])
    uuid = service.list_invoices(RFC, InvoiceFilter())["invoices"][0]["uuid"]
    service.close()
    stored = sqlite3.connect(tmp_path / "relative-home" / DB_NAME).execute("SELECT path FROM invoices").fetchall()
    assert all(not os.path.isabs(p) and p.startswith(f"{RFC}/recibidos/2026/05/") for (p,) in stored)
    shutil.move(tmp_path / "relative-home", tmp_path / "moved" / "elsewhere")
    moved = make_service(tmp_path / "moved" / "elsewhere")
    answer = moved.invoice(RFC, uuid)  # not activated, no FIEL: only the vault can answer
    assert answer["source"] == "vault"
    assert Path(answer["invoice"]["path"]).read_bytes().startswith(b"<?xml")
    assert Path(answer["invoice"]["path"]).is_relative_to(tmp_path / "moved" / "elsewhere")


def test_migration_3_makes_an_old_homes_paths_relative(make_service, tmp_path):
    """A version-2 index (absolute paths, no size/hash/flags) upgrades and finds its files."""
    service = make_service(tmp_path / "home")
    service.add_profile(RFC)
    service.import_invoices(RFC, [str(_write(tmp_path / "in", GOOD))])
    service.close()
    from tests.legacy_schema import downgrade_to_v2

    # version 2's schema and values: absolute paths, no size/hash/flags (nor the later columns of migration 3)
    downgrade_to_v2(tmp_path / "home" / DB_NAME, home=tmp_path / "home")
    upgraded = make_service(tmp_path / "home")
    rows = upgraded.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert len(rows) == 5 and all(Path(r["path"]).is_file() for r in rows)
    stored = [p for (p,) in upgraded.db.get().execute("SELECT path FROM invoices")]
    assert all(p.startswith(f"{RFC}/recibidos/2026/05/") for p in stored)
    assert upgraded.invoice(RFC, rows[0]["uuid"])["source"] == "vault"  # size unknown: any readable file is ok


# -- 9. the vault is checked: a deleted or edited XML is never served as SAT's ------------------------------


def test_a_deleted_or_edited_vault_file_is_reported_not_served(home_service, tmp_path):
    """Before: a deleted file answered `not_activated`; an edited one was served as is."""
    home_service.import_invoices(RFC, [str(_write(tmp_path / "in", GOOD))])
    first, second = home_service.list_invoices(RFC, InvoiceFilter(), limit=2)["invoices"]
    Path(first["path"]).unlink()
    edited = Path(second["path"])
    edited.write_bytes(edited.read_bytes().replace(b'Total="', b'Total="9'))
    with pytest.raises(AppError) as missing:
        home_service.invoice(RFC, first["uuid"])
    assert missing.value.code == "vault_file_missing"
    assert missing.value.details["cause"] == "not_activated"
    with pytest.raises(AppError) as changed:
        home_service.invoice(RFC, second["uuid"])
    assert changed.value.code == "vault_file_changed"


def test_an_edited_vault_file_imported_again_is_indexed_as_it_reads_never_unchanged(home_service, tmp_path):
    """An outside audit: a vault file edited by hand (Total 1500 → 5555), then that file (or a copy) imported, was
    «unchanged» — the index kept the old total and `invoice` answered vault_file_changed for good."""
    home_service.import_invoices(RFC, [str(_write(tmp_path / "in", GOOD))])
    row = home_service.list_invoices(RFC, InvoiceFilter(), limit=1)["invoices"][0]
    vault_file = Path(row["path"])
    edited = vault_file.read_bytes().replace(f'Total="{row["total"]}'.encode(), b'Total="5555.00')
    assert edited != vault_file.read_bytes()
    vault_file.write_bytes(edited)
    copy = tmp_path / "copia" / vault_file.name
    copy.parent.mkdir()
    copy.write_bytes(edited)
    result = home_service.import_invoices(RFC, [str(copy)])
    assert (result["updated"], result["unchanged"]) == (1, 0), result
    answer = home_service.invoice(RFC, row["uuid"])
    assert answer["source"] == "vault" and answer["invoice"]["total"] == "5555.00"
    again = home_service.import_invoices(RFC, [str(vault_file.parent)])  # the vault folder into itself
    assert again["unchanged"] >= 1 and again["updated"] == 0, again


def test_a_deleted_vault_file_is_downloaded_again_from_sat(make_service, sandbox, tmp_path):
    service = make_service(tmp_path / "home")
    service.add_profile(RFC)
    service.activate(RFC)
    service.upload_fiel(RFC, (FIEL / f"{RFC}.cer").read_bytes(), (FIEL / f"{RFC}.key").read_bytes(), TEST_PASSWORD)
    service.create_request(RFC, start="2026-05-01", end="2026-05-10", rfc_type="issued")
    for _ in range(3):
        service.sync_once(RFC)
    row = service.list_invoices(RFC, InvoiceFilter(), limit=1)["invoices"][0]
    original = Path(row["path"]).read_bytes()
    Path(row["path"]).unlink()
    answer = service.invoice(RFC, row["uuid"])
    assert answer["source"] == "sat"
    assert Path(answer["invoice"]["path"]).read_bytes() == original


# -- 10. everything the app writes in the home is private ---------------------------------------------------


def test_every_folder_and_file_of_the_home_is_private(make_service, sandbox, tmp_path, monkeypatch):
    """Before: folders 0755, database and XML 0644. (Windows: the profile's ACLs; not checked here.)"""
    monkeypatch.setattr(os, "umask", os.umask)  # restored by monkeypatch even if the test changes it
    previous = os.umask(0o022)  # the usual desktop umask
    try:
        service = make_service(tmp_path / "home")
        service.add_profile(RFC)
        service.activate(RFC)
        service.upload_fiel(RFC, (FIEL / f"{RFC}.cer").read_bytes(), (FIEL / f"{RFC}.key").read_bytes(), TEST_PASSWORD)
        service.create_request(RFC, start="2026-05-01", end="2026-05-10", rfc_type="issued")
        for _ in range(3):
            service.sync_once(RFC)
        service.import_invoices(RFC, [str(_write(tmp_path / "in", GOOD))])
    finally:
        os.umask(previous)
    home = tmp_path / "home"
    loose = []
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            loose.append(f"{path.relative_to(home)}: {oct(mode)}")
    assert loose == []
    assert any(p.suffix == ".xml" for p in home.rglob("*")) and (home / DB_NAME).exists()


def test_a_record_lists_its_flags_as_json(home_service, tmp_path):
    home_service.import_invoices(RFC, [str(_write(tmp_path / "in", {"a.xml": POISON["usd.xml"]}))])
    rows = home_service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert json.loads(json.dumps(rows))[0]["flags"] == ["amount_out_of_range:subtotal", "amount_out_of_range:total"]


# -- 4 (the last guard): nothing from outside becomes a path that leaves the home ---------------------------


@pytest.mark.parametrize(
    "package_id", ["../../x/pwned", "..", ".hidden", "a/b", "a\\b", "C:evil", "", "x" * 101, "ok\x00", "NUL.zip"]
)
def test_a_package_path_is_never_built_from_an_unsafe_id(tmp_path, package_id):
    from desktop_app.core.store.vault import package_path

    with pytest.raises(AppError) as caught:
        package_path(tmp_path, RFC, package_id)
    assert caught.value.code == "invalid_identifier"


def test_sat_shaped_package_ids_make_paths_inside_the_home(tmp_path):
    from desktop_app.core.store.vault import package_path

    path = package_path(tmp_path, RFC, "4E3DD8EA-5220-4C42-85A8-E37F9D7502F8_01")
    assert path.parent == tmp_path / RFC / "paquetes"
    with pytest.raises(AppError):
        package_path(tmp_path, "../ETC", "4E3DD8EA-5220-4C42-85A8-E37F9D7502F8_01")


# -- currencies and codes written as SAT does not (found by an outside audit of the index, stop 18) ------------------


def test_a_foreign_currency_without_an_exchange_rate_is_never_added_to_pesos(home_service, tmp_path):
    """A USD invoice with no TipoCambio was summed 1:1 into the MXN totals (58 USD as $58), with no flag."""
    docs = {"mxn.xml": cfdi(1, "1000.00"), "usd.xml": cfdi(2, "58.00", currency="USD")}
    home_service.import_invoices(RFC, [str(_write(tmp_path / "in", docs))])
    listing = home_service.list_invoices(RFC, InvoiceFilter())
    usd = next(r for r in listing["invoices"] if r["currency"] == "USD")
    assert usd["total"] == "58.00" and usd["flags"] == ["no_exchange_rate"]  # shown as written, and why
    assert (listing["count"], listing["totals"]["total"]) == (2, "1000.00")


def test_codes_written_in_lower_case_are_the_same_codes(home_service, tmp_path):
    """«usd»/«ppd» were stored as written: --currency USD and --payment-method PPD missed them, groups split them,
    and a lower-case PPD invoice never owed anything (--pending-balance)."""
    lower = cfdi(1, "200.00", currency="usd", rate="20").replace(b'MetodoPago="PUE"', b'MetodoPago="ppd"')
    upper = cfdi(2, "200.00", currency="USD", rate="20").replace(b'MetodoPago="PUE"', b'MetodoPago="PPD"')
    home_service.import_invoices(RFC, [str(_write(tmp_path / "in", {"a.xml": lower, "b.xml": upper}))])

    def listed(**flt):
        return sorted(r["folio"] for r in home_service.list_invoices(RFC, InvoiceFilter(**flt))["invoices"])

    assert listed(currencies=("USD",)) == listed(payment_methods=("PPD",)) == ["1", "2"]
    assert listed(pending_balance=True) == ["1", "2"]
    groups = home_service.list_invoices(RFC, InvoiceFilter(), group_by=("currency",))["groups"]
    assert [(g["keys"]["currency"], g["count"], g["total"]) for g in groups] == [("USD", 2, "8000.00")]


def test_a_total_bound_is_in_pesos_and_never_widened_by_a_fraction_of_a_cent(home_service, tmp_path):
    docs = {"a.xml": cfdi(1, "10.00"), "b.xml": cfdi(2, "100.00", currency="USD", rate="17")}
    home_service.import_invoices(RFC, [str(_write(tmp_path / "in", docs))])

    def listed(**flt):
        return sorted(r["folio"] for r in home_service.list_invoices(RFC, InvoiceFilter(**flt))["invoices"])

    assert listed(min_total=Decimal("1700"), max_total=Decimal("1700")) == ["2"]  # 100 USD × 17, as the sums
    assert listed(min_total=Decimal("10.005")) == ["2"]  # 10.00 is below 10.005 (was truncated to 10.00)
    assert listed(max_total=Decimal("9.995")) == []


def test_a_removed_profile_leaves_no_search_row_behind(make_service, tmp_path):
    """«Quitar RFC» deleted the invoices but not their search rows: the next invoice given one of their ids could
    not be indexed, and every import and sync of the home failed (internal_error) — the other RFCs' too."""
    service = make_service(tmp_path / "home")
    service.add_profile(RFC)
    service.add_profile(OTHER)
    folder = _write(tmp_path / "in", {f"{n}.xml": cfdi(n, f"{n}00.00") for n in range(1, 6)})
    assert service.import_invoices(RFC, [str(folder)])["added"] == 5
    service.remove_profile(RFC)
    mine = _write(tmp_path / "other", {f"{n}.xml": cfdi(n, f"{n}00.00", receiver=OTHER) for n in range(6, 9)})
    assert service.import_invoices(OTHER, [str(mine)])["added"] == 3  # was internal_error
    service.add_profile(RFC)
    assert service.import_invoices(RFC, [str(folder)])["added"] == 5
    for text, rfc, count in (("Proveedor", RFC, 5), ("Proveedor", OTHER, 3)):
        assert service.list_invoices(rfc, InvoiceFilter(text=text))["count"] == count


def test_migration_15_drops_the_search_rows_a_removed_profile_left(make_service, tmp_path):
    """A home where a profile was removed before the fix: its orphan search rows go at the upgrade."""
    from desktop_app.core.store import db

    service = make_service(tmp_path / "home")
    service.add_profile(RFC)
    service.import_invoices(RFC, [str(_write(tmp_path / "in", {"1.xml": cfdi(1, "100.00")}))])
    conn = service.db.get()
    with db.transaction(conn):  # what delete_for did before: the rows gone, their search rows kept
        conn.execute("DELETE FROM invoices WHERE rfc = ?", (RFC,))
        conn.execute("ALTER TABLE schedules DROP COLUMN paused")  # migration 16's, which runs again
        conn.execute("PRAGMA user_version = 14")
    assert conn.execute("SELECT COUNT(*) FROM invoices_fts").fetchone()[0] == 1
    service.close()
    upgraded = make_service(tmp_path / "home")
    assert upgraded.db.get().execute("SELECT COUNT(*) FROM invoices_fts").fetchone()[0] == 0
    assert upgraded.import_invoices(RFC, [str(tmp_path / "in")])["added"] == 1


def test_importing_the_profiles_own_folder_does_not_list_the_running_imports_mark(home_service, tmp_path):
    """An accountant imported a client's own data folder: the running import's mark was listed as a skipped,
    «empty» file (outside audit, many RFCs)."""
    folder = _write(tmp_path / "in", {"1.xml": cfdi(1, "100.00"), ".import-123-456.running": b""})
    result = home_service.import_invoices(RFC, [str(folder)])
    assert result["added"] == 1 and result["files"]["skipped"] == [], result["files"]
