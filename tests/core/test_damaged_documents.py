"""Issue 14, item 12: XML that is not well-formed is never indexed as if it were good.

Before: libxml2's recovering parser read such a document and the index took whatever survived (a name losing its
``&``, a Receptor RFC swallowing the next attribute, a stamp moved under the Conceptos refused outright), counted it
in lists and totals, and dropped the parser's warnings. Now the bytes are kept in the vault under the stamp's UUID,
the row is marked ``damaged`` with the reason and left out of lists, totals and the monthly totals, shown on request,
and counted in the import report; documents repaired from a known real-world quirk are read normally and keep their
warnings. Real files, real SQLite, the real CLI.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core import parallel
from desktop_app.core.cfdi.package import read_package
from desktop_app.core.cfdi.parser import parse_document
from desktop_app.core.index import IndexWriter, InvoiceFilter, month_totals
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME, connect
from desktop_app.core.sync import ingest_items
from tests.conftest import MemoryKeyring
from tests.core.cfdi.conftest import CFDI, EXTRA, WILD
from tests.core.cfdi.test_parser import ACCEPTED, DAMAGED

REPO = Path(__file__).resolve().parents[2]
RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"


def cfdi(n: int, total: str, *, fecha: str = "2026-05-10T10:00:00", issuer: str = OTHER, receiver: str = RFC,
         receiver_name: str = "Mi empresa", issuer_name: str = "Proveedor") -> bytes:  # fmt: skip
    """A stamped CFDI 4.0 with IVA (what the index reads: type, date, parties, amounts, taxes, TFD)."""
    iva = f"{Decimal(total) * Decimal('0.16'):.2f}"
    grand = f"{Decimal(total) + Decimal(iva):.2f}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" TipoDeComprobante="I" Fecha="{fecha}" SubTotal="{total}" Total="{grand}" Moneda="MXN" '
        f'MetodoPago="PUE" Serie="A" Folio="{n}" Sello="QUJDREVGR0g=">\n'
        f'  <cfdi:Emisor Rfc="{issuer}" Nombre="{issuer_name}" RegimenFiscal="601"/>\n'
        f'  <cfdi:Receptor Rfc="{receiver}" Nombre="{receiver_name}" UsoCFDI="G03"/>\n'
        f'  <cfdi:Conceptos><cfdi:Concepto ClaveProdServ="01010101" Cantidad="1" Descripcion="x" '
        f'ValorUnitario="{total}" Importe="{total}" ObjetoImp="02"/></cfdi:Conceptos>\n'
        f'  <cfdi:Impuestos TotalImpuestosTrasladados="{iva}"><cfdi:Traslados><cfdi:Traslado Base="{total}" '
        f'Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="{iva}"/></cfdi:Traslados></cfdi:Impuestos>\n'
        f'  <cfdi:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" '
        f'Version="1.1" UUID="{uuid_of(n)}" FechaTimbrado="{fecha}" RfcProvCertif="SAT970701NN3"/>'
        f"</cfdi:Complemento>\n</cfdi:Comprobante>\n"
    ).encode()


def uuid_of(n: int) -> str:
    return f"{n:08X}-1111-4222-8333-444455556666"


GOOD = {f"good_{n}.xml": cfdi(n, f"{n}000.00") for n in (1, 2, 3)}
# A known quirk, repaired deterministically: a raw "<" inside an attribute value.
QUIRK = {"quirk_lt.xml": cfdi(4, "4000.00", issuer_name="A <B> C")}
DAMAGED_DOCS = {
    # a raw "&" in a name: libxml2 drops it ("Mi  empresa") — before, indexed and summed as good
    "amp.xml": cfdi(11, "11000.00", receiver_name="Mi & empresa"),
    # mismatched tags in the body: recovery moves the stamp under the Conceptos (before: refused, bytes lost)
    "tags.xml": cfdi(12, "12000.00").replace(b"<cfdi:Conceptos>", b"<cfdi:Conceptos><cfdi:Extra>"),
    # a quote missing after the Receptor's RFC: the recovered RFC is wrong (direction from the bytes' own tag)
    "quote.xml": cfdi(13, "13000.00").replace(f'Rfc="{RFC}"'.encode(), f'Rfc="{RFC}'.encode()),
    # cut after the stamp's UUID: kept, as truncated
    "cut.xml": cfdi(14, "14000.00")[: cfdi(14, "14000.00").index(b"FechaTimbrado=") + 20],
}
# cut before the stamp's UUID: nothing can key it, so it is skipped and its bytes are not kept
UNKEYED = {"cut_early.xml": cfdi(15, "15000.00")[: cfdi(15, "15000.00").index(b"UUID=")]}
DAMAGED_UUIDS = sorted(uuid_of(n) for n in (11, 12, 13, 14))
GOOD_UUIDS = sorted(uuid_of(n) for n in (1, 2, 3, 4))


def _write(folder: Path, docs: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in docs.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def service(tmp_path):
    svc = DescargaService(tmp_path / "home", secrets=SecretStore(MemoryKeyring()))
    svc.add_profile(RFC)
    yield svc
    svc.close()


def _cents(text: str | None) -> int:
    return int(Decimal(text or "0") * 100)


def _months(conn: sqlite3.Connection) -> list[tuple]:
    return [tuple(r) for r in conn.execute(f"SELECT * FROM invoice_months WHERE n != 0 ORDER BY {_KEYS}")]  # noqa: S608


_KEYS = "1, 2, 3, 4, 5, 6, 7, 8, 9"  # rfc and the 8 columns of the key (month … uso de CFDI)


def _recount(conn: sqlite3.Connection) -> list[tuple]:
    """invoice_months as it must be: every document the index vouches for, none of the damaged ones."""
    columns = [r[1] for r in conn.execute("PRAGMA table_info(invoice_months)")][9:]
    sums = ", ".join("count(*)" if c == "n" else f"sum({c})" for c in columns)
    return [
        tuple(r)
        for r in conn.execute(
            f"SELECT rfc, substr(coalesce(issue_date, ''), 1, 7), direction, coalesce(type, ''), status, "  # noqa: S608
            "coalesce(currency, ''), coalesce(payment_method, ''), coalesce(payment_form, ''), "
            f"coalesce(cfdi_use, ''), {sums} FROM invoices WHERE damaged IS NULL GROUP BY {_KEYS} ORDER BY {_KEYS}"
        )
    ]


# -- parsing ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(ACCEPTED), ids=lambda p: p.name)
def test_real_world_quirky_documents_still_read_as_good(path):
    """The public and hand-written quirk fixtures (BOM, bogus xmlns:schemaLocation, "&#xA" without ";", a raw "<"
    in an attribute, text around the root, a malformed Addenda) are read normally: never damaged."""
    inv = parse_document(path.read_bytes())
    assert inv.damaged is None
    assert not any("recovered" in w for w in inv.warnings)


def test_what_a_recovered_tree_says_is_never_taken_for_good():
    for name, data in DAMAGED_DOCS.items():
        inv = parse_document(data, owner_rfc=RFC)
        assert inv.damaged and inv.damaged.split(":")[0] in ("malformed_xml", "truncated_xml"), name
        assert inv.uuid in DAMAGED_UUIDS
        # nothing but what identifies the document: every tax zero, no detail read
        assert (inv.iva_transferred, inv.isr_withheld, inv.iva_withheld, inv.payroll_isr_withheld) == (0, 0, 0, 0)
        assert inv.payments == () and inv.payroll == () and inv.iva_by_rate == {}
        assert any("recovered by libxml2" in w for w in inv.warnings)
    assert parse_document(DAMAGED_DOCS["cut.xml"]).damaged.startswith("truncated_xml: ")
    assert parse_document(DAMAGED_DOCS["amp.xml"]).receiver_name == "Mi  empresa"  # what recovery makes of it
    for path, (uuid, kind) in DAMAGED.items():
        inv = parse_document(path.read_bytes())
        assert (inv.uuid, inv.damaged.split(":")[0]) == (uuid, kind)


# -- the index ----------------------------------------------------------------------------------------------------


def test_damaged_documents_are_kept_out_of_lists_and_totals_and_shown_on_request(service, tmp_path):
    folder = _write(tmp_path / "in", {**GOOD, **QUIRK, **DAMAGED_DOCS, **UNKEYED})
    report = service.import_invoices(RFC, [str(folder)])
    assert report["damaged"] == 4
    assert sorted(d["uuid"] for d in report["damaged_documents"]) == DAMAGED_UUIDS
    assert report["added"] == 8  # four good (one repaired) + four damaged, kept
    assert report["files"]["skipped_by_reason"] == {"invalid_xml": 1}  # the unkeyed one

    listing = service.list_invoices(RFC, InvoiceFilter())
    assert sorted(r["uuid"] for r in listing["invoices"]) == GOOD_UUIDS
    assert all(r["damaged"] is None for r in listing["invoices"])
    totals = listing["totals"]
    good_docs = [parse_document(d) for d in {**GOOD, **QUIRK}.values()]
    assert totals["count"] == 4 and totals["damaged"] == 4
    assert _cents(totals["total"]) == sum(_cents(str(i.total)) for i in good_docs)
    assert _cents(totals["iva_transferred"]) == sum(_cents(str(i.iva_transferred)) for i in good_docs)
    # the row path (a partial month) and the monthly table (whole months) agree
    partial = service.list_invoices(RFC, InvoiceFilter(date_from="2026-05-02", date_to="2026-05-31"))["totals"]
    assert {k: v for k, v in partial.items()} == totals

    quirk = next(r for r in listing["invoices"] if r["uuid"] == uuid_of(4))
    assert quirk["issuer_name"] == "A <B> C"
    assert quirk["warnings"] == ["repaired: escaped '<' inside attribute values"]
    assert all(r["warnings"] == [] for r in listing["invoices"] if r["uuid"] != uuid_of(4))

    damaged = service.list_invoices(RFC, InvoiceFilter(damaged=True))
    assert sorted(r["uuid"] for r in damaged["invoices"]) == DAMAGED_UUIDS
    by_uuid = {r["uuid"]: r for r in damaged["invoices"]}
    for name, data in DAMAGED_DOCS.items():
        row = by_uuid[parse_document(data).uuid]
        assert row["damaged"].startswith(("malformed_xml: ", "truncated_xml: ")), name
        assert row["warnings"], name
        assert Path(row["path"]).read_bytes() == data, name  # the bytes, kept as they came
        assert row["direction"] == "received", name
    assert by_uuid[uuid_of(13)]["receiver_rfc"] != RFC  # the recovered tree's value, shown as read
    assert damaged["totals"]["count"] == 4
    assert damaged["totals"]["total"] == damaged["totals"]["iva_transferred"] == "0.00"  # never summed
    # the «Sólo dañados» workbook: its totals row counts what the list counts, its note documents, not amounts
    # (an outside audit: «comprobantes: 30» under a bar of 31, «Importes sin sumar: 210» for 30 documents)
    from desktop_app.core.export import write_xlsx

    out = tmp_path / "damaged.xlsx"
    cancelled = dict(damaged["invoices"][0], status="cancelado")  # a damaged row SAT's metadata cancelled
    write_xlsx([cancelled, *damaged["invoices"][1:]], out)
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "Total MXN — comprobantes: 4<" in sheet
    assert (
        "Comprobantes con importes sin sumar (dañados, en moneda sin tipo de cambio o con importes fuera de "
        "rango): 4<" in sheet
    )
    assert not list((service.home / RFC).rglob(f"{uuid_of(15)}.xml"))  # unkeyed: not kept

    conn = service.db.get()
    assert _months(conn) == _recount(conn)
    assert sum(r["n"] + r["cancelled"] for r in month_totals(conn, RFC)) == 4
    # counted once, whatever the filter: no damaged document in any other view
    for flt in (InvoiceFilter(direction="received"), InvoiceFilter(types=("I",)), InvoiceFilter(text="empresa")):
        assert not {r["uuid"] for r in service.list_invoices(RFC, flt)["invoices"]} & set(DAMAGED_UUIDS)


def test_documents_written_back_to_back_in_one_file_are_kept_whole_and_the_user_told_to_split_them(service, tmp_path):
    # Some tools export "all the XML" into one file: two documents, each with its own declaration, or without.
    first, second = cfdi(21, "2100.00"), cfdi(22, "2200.00")
    two = first + second
    three = first + second.split(b"\n", 1)[1] + cfdi(23, "2300.00").split(b"\n", 1)[1]
    for data, count in ((two, 2), (three, 3)):
        doc = parse_document(data)
        assert doc.uuid == uuid_of(21)
        assert doc.damaged == (
            f"several_documents: {count} documents one after the other in one file; save each in its own file"
        )
    report = service.import_invoices(RFC, [str(_write(tmp_path / "in", {"todos.xml": two}))])
    assert report["damaged_documents"] == [{"uuid": uuid_of(21), "reason": parse_document(two).damaged}]
    assert service.list_invoices(RFC, InvoiceFilter())["count"] == 0  # nothing read as if it were good
    (row,) = service.list_invoices(RFC, InvoiceFilter(damaged=True))["invoices"]
    assert Path(row["path"]).read_bytes() == two  # both documents' bytes, kept
    # split as told, both are read as good, the first replacing its damaged row
    report = service.import_invoices(RFC, [str(_write(tmp_path / "split", {"a.xml": first, "b.xml": second}))])
    assert (report["added"], report["updated"], report["damaged"]) == (1, 1, 0)
    listed = service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert sorted(r["uuid"] for r in listed) == [uuid_of(21), uuid_of(22)]
    # one document that merely mentions a Comprobante in its text is not "several"
    named = cfdi(24, "2400.00", issuer_name="Comprobante &amp; <Retenciones> SA").replace(b"&amp;", b"&")
    assert parse_document(named).damaged.startswith("malformed_xml: ")


def test_a_good_copy_replaces_a_damaged_one_and_a_damaged_copy_never_replaces_a_good_one(service, tmp_path):
    service.import_invoices(RFC, [str(_write(tmp_path / "a", {"tags.xml": DAMAGED_DOCS["tags.xml"]}))])
    conn = service.db.get()
    assert service.list_invoices(RFC, InvoiceFilter())["totals"]["count"] == 0

    good = cfdi(12, "12000.00")
    report = service.import_invoices(RFC, [str(_write(tmp_path / "b", {"good.xml": good}))])
    assert (report["updated"], report["damaged"]) == (1, 0)
    (row,) = service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert row["damaged"] is None and row["total"] == "13920.00" and Path(row["path"]).read_bytes() == good
    assert _months(conn) == _recount(conn) and _months(conn)[0][9] == 1

    report = service.import_invoices(RFC, [str(_write(tmp_path / "c", {"again.xml": DAMAGED_DOCS["tags.xml"]}))])
    assert report["skipped_reasons"] == {"damaged_copy": 1} and report["damaged"] == 0
    (row,) = service.list_invoices(RFC, InvoiceFilter())["invoices"]
    assert row["damaged"] is None and Path(row["path"]).read_bytes() == good
    assert _months(conn) == _recount(conn)
    assert service.list_invoices(RFC, InvoiceFilter(damaged=True))["count"] == 0


def test_the_same_bytes_indexed_as_good_by_an_older_version_are_marked_damaged_on_reimport(service, tmp_path):
    """An index from before damage was told apart holds a recovered tree's values as a good row: importing the
    same files again marks it (and takes it out of the totals) instead of answering "unchanged"."""
    folder = _write(tmp_path / "in", {"amp.xml": DAMAGED_DOCS["amp.xml"]})
    service.import_invoices(RFC, [str(folder)])
    conn = service.db.get()
    with conn:  # what an older version stored: the recovered values, summed
        conn.execute("UPDATE invoices SET damaged = NULL, total_c = 1276000, total = '12760.00'")
    assert service.list_invoices(RFC, InvoiceFilter())["totals"]["count"] == 1
    report = service.import_invoices(RFC, [str(folder)])
    assert (report["updated"], report["damaged"]) == (1, 1)
    assert service.list_invoices(RFC, InvoiceFilter())["totals"]["count"] == 0
    assert _months(conn) == _recount(conn)


def test_status_changes_on_a_damaged_row_leave_the_monthly_totals_alone(service, tmp_path):
    service.import_invoices(RFC, [str(_write(tmp_path / "in", {**GOOD, **DAMAGED_DOCS}))])
    conn = service.db.get()
    with conn:
        conn.execute("UPDATE invoices SET status = 'cancelado' WHERE damaged IS NOT NULL")
        conn.execute("DELETE FROM invoices WHERE uuid = ?", (uuid_of(11),))
    assert _months(conn) == _recount(conn)
    assert service.list_invoices(RFC, InvoiceFilter())["totals"]["count"] == 3


def _package(path: Path, docs: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in docs.items():
            zf.writestr(name, data)
    return path


def _ingest(home: Path, package: Path, pool, monkeypatch) -> tuple[dict, list[tuple]]:
    conn = connect(home / DB_NAME)
    try:
        writer = IndexWriter(conn, home, RFC, 1_700_000_000_000)
        with read_package(package, owner_rfc=RFC) as reader:
            if pool is not None:
                monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 1)
                monkeypatch.setattr(parallel, "shared_pool", lambda: pool)
                parallel.attach(reader, writer.spec("pkg-1"))
            stats = ingest_items(conn, writer, reader, source="pkg-1").to_json()
        rows = [tuple(r) for r in conn.execute("SELECT uuid, damaged, total_c, path FROM invoices ORDER BY uuid")]
        assert _months(conn) == _recount(conn)
        return stats, rows
    finally:
        conn.close()


def test_a_package_read_by_the_worker_processes_marks_the_same_documents_damaged(tmp_path, monkeypatch):
    package = _package(tmp_path / "pkg.zip", {f"{uuid_of(i)}.xml": cfdi(i, "10.00") for i in range(20, 40)}
                       | {f"{name}.xml": data for name, data in DAMAGED_DOCS.items()})  # fmt: skip
    pool = parallel.DocumentPool(1)
    try:
        workers = _ingest(tmp_path / "workers", package, pool, monkeypatch)
        assert pool.running
    finally:
        pool.close()
    serial = _ingest(tmp_path / "serial", package, None, monkeypatch)
    assert workers == serial
    stats, rows = serial
    assert stats["damaged"] == 4 and stats["added"] == 24
    assert sorted(uuid for uuid, damaged, _c, _p in rows if damaged) == DAMAGED_UUIDS


def test_the_wild_fixtures_of_this_rfc_import_as_good_with_their_repairs_noted(service, tmp_path):
    folder = tmp_path / "wild"
    folder.mkdir()
    sources = [p for p in (*CFDI.glob("*.xml"), *WILD.glob("*.xml"), *EXTRA.glob("*.xml")) if p in ACCEPTED]
    for path in sources:
        (folder / path.name).write_bytes(path.read_bytes())
    report = service.import_invoices(RFC, [str(folder)])
    assert report["damaged"] == 0
    rows = {r["uuid"]: r for r in service.list_invoices(RFC, InvoiceFilter())["invoices"]}
    mine = {ACCEPTED[p][0] for p in sources if RFC in ACCEPTED[p][1:3]}
    assert set(rows) == mine
    assert rows["5D81C696-0401-4F85-B703-6E0D3AFD6056"]["warnings"] == ["repaired: dropped a malformed Addenda"]


# -- the CLI --------------------------------------------------------------------------------------------------------


def _cli(home: Path, *args: str) -> tuple[int, dict]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env["DESCARGA_MASIVA_SAT_URL"] = "http://127.0.0.1:9"  # never SAT
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout.decode("utf-8") or "{}")


def test_cli_lists_damaged_documents_only_when_asked(tmp_path):
    home = tmp_path / "home"
    folder = _write(tmp_path / "in", {**GOOD, **DAMAGED_DOCS})
    assert _cli(home, "profile", "add", RFC)[0] == 0
    code, imported = _cli(home, "invoices", "import", str(folder))
    assert code == 0 and imported["data"]["damaged"] == 4
    code, listed = _cli(home, "invoices", "list")
    assert code == 0 and listed["data"]["count"] == 3 and listed["data"]["totals"]["damaged"] == 4
    code, damaged = _cli(home, "invoices", "list", "--damaged")
    assert code == 0 and sorted(r["uuid"] for r in damaged["data"]["invoices"]) == DAMAGED_UUIDS
    assert all(r["damaged"] for r in damaged["data"]["invoices"])
    assert damaged["data"]["totals"]["count"] == 4 and damaged["data"]["totals"]["total"] == "0.00"
