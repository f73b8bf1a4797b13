"""The two PPD balances the accountant sees: the browser's *saldo pendiente* (``invoices.pending_c``: the latest
ImpSaldoInsoluto, or the Total) and ``report ppd``'s (Total − ImpPagado − credit notes). They must never disagree
silently: the report shows the browser's figure beside its own (``stated_balance``) and names every invoice where
they differ (``notes.pending_differs``), also one only the browser lists. docs/reports.md §4."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.core.store.db import Single, connect
from desktop_app.core.store.invoices import InvoiceRepository
from tests.core.reports.builder import DR, Concept, Pago, T, cfdi, pagos20, payment
from tests.core.reports.conftest import cli_process, report

OWNER, CLIENT = "EKU9003173C9", "AAA010101AAA"
A, B, C, D, E = (f"ABCDEF02-0000-4000-8000-00000000000{n}" for n in "ABCDE")


def _uuid(n: int) -> str:
    return f"ABCDEF02-0000-4000-8000-0000000001{n:02d}"


def _ppd(uuid: str) -> bytes:
    return cfdi(uuid, "2025-03-01T10:00:00", issuer=OWNER, receiver=CLIENT, method="PPD",
                concepts=[Concept("1000.00", [T("1000.00", "160.00")])])  # fmt: skip


def _paid(n: int, uuid: str, fecha: str, installment: int, before: str, paid: str, after: str) -> bytes:
    return payment(_uuid(n), fecha, issuer=OWNER, receiver=CLIENT, complement=pagos20([
        Pago(fecha, paid, [DR(uuid, paid, before, after, installment=installment, taxes=[])]),
    ]))  # fmt: skip


def _home(tmp_path: Path) -> Path:
    documents = {
        "a.xml": _ppd(A),
        # A: 400 paid, the receipt says 700 are left (1,160 − 400 = 760): the issuer's arithmetic is wrong
        "pa.xml": _paid(1, A, "2025-03-10T12:00:00", 1, "1160.00", "400.00", "700.00"),
        "b.xml": _ppd(B),
        # B: paid in full, but the receipt says 100 are left: only the browser lists it
        "pb.xml": _paid(2, B, "2025-03-10T12:00:00", 1, "1160.00", "1160.00", "100.00"),
        "c.xml": _ppd(C),
        # C: no payment, a credit note of 116 related to it alone: the browser shows its Total
        "ec.xml": cfdi(
            "ABCDEF02-0000-4000-8000-0000000000EC",
            "2025-03-15T10:00:00",
            issuer=OWNER,
            receiver=CLIENT,
            kind="E",
            method="PUE",
            related=(("01", C),),
            concepts=[Concept("100.00", [T("100.00", "16.00")])],
        ),
        "d.xml": _ppd(D),
        # D: installment 2 dated before installment 1: the latest is the highest NumParcialidad (360 left)
        "pd1.xml": _paid(3, D, "2025-03-20T12:00:00", 1, "1160.00", "500.00", "660.00"),
        "pd2.xml": _paid(4, D, "2025-03-18T12:00:00", 2, "660.00", "300.00", "360.00"),
        "e.xml": _ppd(E),
        "pe.xml": _paid(5, E, "2025-03-10T12:00:00", 1, "1160.00", "400.00", "760.00"),  # all agree
    }
    folder = tmp_path / "xml"
    folder.mkdir()
    for name, data in documents.items():
        (folder / name).write_bytes(data)
    home = tmp_path / "home"
    cli_process(home, "profile", "add", OWNER)
    cli_process(home, "invoices", "import", str(folder))
    return home


def test_the_browser_and_the_report_never_disagree_silently(tmp_path):
    home = _home(tmp_path)
    data = report(home, "ppd", "--period", "2025-03", "--detail")
    listed = {inv["uuid"]: inv for inv in data["receivable"]["invoices"]}
    # the report's rule: Total − ImpPagado − credit notes (B is paid in full)
    assert {u: inv["balance"] for u, inv in listed.items()} == {A: "760.00", C: "1044.00", D: "360.00", E: "760.00"}
    # the browser's rule, shown beside it
    assert {u: inv["stated_balance"] for u, inv in listed.items()} == {
        A: "700.00", C: "1160.00", D: "360.00", E: "760.00"
    }  # fmt: skip
    assert listed[D]["last_stated_balance"] == "360.00" and listed[D]["last_payment_date"] == "2025-03-20T12:00:00"
    assert listed[C]["last_stated_balance"] is None
    notes = data["notes"]
    assert sorted(notes["pending_differs"]["uuids"]) == sorted([A, B, C])
    assert notes["balance_differs"]["uuids"] == [A]
    # what the browser really holds for each (MXN cents): the report's stated_balance, or a named difference
    with connect(home / "descarga.sqlite3") as conn:
        repo = InvoiceRepository(Single(conn))
        browser = {u: repo.by_uuid(OWNER, u)["pending_c"] for u in (A, B, C, D, E)}
    assert browser == {A: 70_000, B: 10_000, C: 116_000, D: 36_000, E: 76_000}
    for uuid, inv in listed.items():
        assert int(Decimal(inv["stated_balance"]) * 100) == browser[uuid]
    open_in_browser = {u for u, cents in browser.items() if cents > 0}
    agree = {u for u, inv in listed.items() if inv["stated_balance"] == inv["balance"]}
    assert open_in_browser - agree == set(notes["pending_differs"]["uuids"])


def test_the_difference_is_in_the_text_and_the_workbook(tmp_path):
    from tests.core.reports.conftest import cli

    home = _home(tmp_path)
    code, doc = cli(
        home, "report", "ppd", "--period", "2025-03", "--format", "txt", "--output", str(tmp_path / "p.txt")
    )
    assert code == 0, doc
    text = (tmp_path / "p.txt").read_text(encoding="utf-8")
    assert "pending_differs" not in text  # the note's code stays in the JSON; the text says it in words
    assert "Facturas cuyo saldo pendiente en el explorador" in text
