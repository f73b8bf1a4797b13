"""``report isr``: ingresos cobrados and gastos pagados by month (flujo de efectivo), the ISR the taxpayer's clients
withheld from it and the ISR it withheld from its suppliers, of one RFC over whole months.

The rules, each with its source, are in ``docs/reports.md`` ("report isr"); in short:

* **Amount before taxes** of a CFDI: ``SubTotal − Descuento`` (transferred taxes are not income: LISR art. 16,
  18, 100; the IVA of the price is not part of it, LIVA art. 1), × its ``TipoCambio`` for another currency.
* **Cash basis** (LISR art. 102 and 105 for personas físicas: ingresos when *cobrados*, deducciones when *pagadas*):
  ingresos (tipo I) not issued PPD count on their issue date; PPD ingresos on each payment's ``FechaPago``, the
  paid proportion ``ImpPagado / Total`` of their amount before taxes, at the payment's exchange rate; egresos
  (credit notes, tipo E) subtract on their issue date. Issued CFDI give ``income`` (ingresos cobrados), received
  ones ``expenses`` (gastos pagados). Payroll (tipo N), traslados and complementos de pago themselves are not
  ingresos nor gastos here (payroll is ``report nomina``'s).
* **ISR withheld** (``Impuestos/Retenciones`` with Impuesto 001) on the same dates and proportions — Pagos 2.0
  ``RetencionesDR`` as written when the payment carries ``ImpuestosDR``: issued CFDI → ``withheld_to_taxpayer``
  (what the clients withheld, creditable against the taxpayer's provisional payment: LISR art. 106 último
  párrafo, 116, 113-J), received CFDI → ``withheld_by_taxpayer`` (what the taxpayer must pay as retenedor:
  art. 106, 116, 113-J, CFF art. 26 fr. I). Each is split by the **issuer's RegimenFiscal** in the CFDI (the
  payment's: its complemento de pago's): 612 → ``honorarios`` (servicios profesionales), 606 → ``arrendamiento``,
  626 → ``resico``, anything else → ``otros``.
* **69-B**: a received CFDI (or payment) from a supplier whose situation on the loaded 69-B list is *definitivo*
  is not deductible (CFF art. 69-B): out of ``expenses``, into ``not_deductible_69b`` (``core.reports.efos69b``).
  The ISR withheld from it stays in ``withheld_by_taxpayer``: the retención was made and must be paid.
* Cancelled documents and payments are left out; each row rounds half-up to cents once; every figure lists the
  UUIDs behind it with ``detail``; what could not be counted is named in ``notes``.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop_app.core.index.taxes import document_factor, payment_factor, to_cents
from desktop_app.core.reports.common import Period, money, period_days
from desktop_app.core.reports.efos69b import Listed69B
from desktop_app.core.reports.iva import NOTE_TEXT as IVA_NOTE_TEXT
from desktop_app.core.reports.ppd import cash_shares, share_of
from desktop_app.core.reports.text import _amount, notes_lines
from desktop_app.core.reports.vaultread import Unreadable, issuer_regime, months_of
from desktop_app.core.reports.xlsx import Column, Sheet
from desktop_app.core.reports.xlsx import note_text as xlsx_note_text
from desktop_app.core.store.db import Single
from desktop_app.core.store.taxes import IncomeReads, TaxRepository
from desktop_app.core.vocabulary import day_text, language, month_text

WITHHELD_KINDS = ("honorarios", "arrendamiento", "resico", "otros")
# c_RegimenFiscal of the CFDI's issuer → the kind of ISR withholding (docs/reports.md, "report isr" rule 3)
REGIME_KINDS = {"612": "honorarios", "606": "arrendamiento", "626": "resico"}
FIGURES = ("income", "expenses", "not_deductible_69b", "withheld_to_taxpayer", "withheld_by_taxpayer")
NOTE_TEXT = {
    **{
        code: IVA_NOTE_TEXT[code]
        for code in (
            "cancelled",
            "status_unknown",
            "without_xml",
            "cancelled_payments",
            "paid_invoice_cancelled",
            "payment_of_non_ppd",
            "payment_receipts_unread",
            "credit_note_on_balance",
        )
    },
    "taxes_unread": "documents whose XML could not be read again from the vault: their ISR withheld not counted",
    "payment_unresolved": "payments whose amount before taxes cannot be known (the paid invoice is not indexed, "
    "has no XML, another currency or a zero total): not counted",
    "paid_invoice_not_indexed": "payments of invoices the index does not have: ISR counted from RetencionesDR only",
    "not_summed": "amounts whose value in pesos is not known (a foreign currency without a usable exchange rate, "
    "an amount that could not be read, or one outside the range the index sums): not counted",
    "self_invoice": "CFDI the RFC issued to itself: left out (its income would be an expense of the same RFC)",
    "regime_unread": "documents with ISR withheld whose issuer's RegimenFiscal could not be read (none stated, or "
    "the vault file missing or changed since it was indexed): counted as otros",
    "supplier_69b_presunto": "received documents of suppliers listed as presuntos in the 69-B list: counted",
}
NOTE_TEXT_ISR_ES = {
    "self_invoice": "CFDI que el RFC se emitió a sí mismo: fuera del cálculo (su ingreso sería un gasto del mismo RFC)",
    "not_summed": "importes cuyo valor en pesos no se conoce (moneda extranjera sin tipo de cambio válido, importe "
    "ilegible o fuera del rango que suma el índice): no incluidos",
    "taxes_unread": "CFDI cuyo XML no pudo leerse de nuevo de la bóveda: su ISR retenido no se incluye",
    "payment_unresolved": "pagos cuyo importe antes de impuestos no puede conocerse (la factura pagada no está "
    "indexada, no tiene XML, es de otra moneda o su total es cero): no incluidos",
    "paid_invoice_not_indexed": "pagos de facturas que el índice no tiene: sólo su ISR de RetencionesDR se incluye",
    "regime_unread": "CFDI con ISR retenido cuyo régimen fiscal del emisor no pudo leerse (no lo declara, o su "
    "archivo en la bóveda falta o cambió desde que se indexó): incluidos como otros",
    "supplier_69b_presunto": "CFDI recibidos de proveedores presuntos en la lista del 69-B: incluidos",
}


class _Notes:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, None]] = {}

    def add(self, code: str, uuid: str) -> None:
        self.items.setdefault(code, {})[uuid] = None

    def to_json(self, detail: bool) -> dict[str, Any]:
        return {
            code: {"count": len(uuids), "what": NOTE_TEXT.get(code, code), **({"uuids": list(uuids)} if detail else {})}
            for code, uuids in self.items.items()
        }


class _Figures:
    """One month's (or the period's) figures in cents."""

    def __init__(self) -> None:
        self.income = self.expenses = self.not_deductible_69b = 0
        self.withheld_to: dict[str, int] = dict.fromkeys(WITHHELD_KINDS, 0)
        self.withheld_by: dict[str, int] = dict.fromkeys(WITHHELD_KINDS, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "income": money(self.income),
            "expenses": money(self.expenses),
            "not_deductible_69b": money(self.not_deductible_69b),
            "withheld_to_taxpayer": _kinds(self.withheld_to),
            "withheld_by_taxpayer": _kinds(self.withheld_by),
        }


def _kinds(sums: dict[str, int]) -> dict[str, str]:
    return {**{kind: money(sums[kind]) for kind in WITHHELD_KINDS}, "total": money(sum(sums.values()))}


class _Report:
    def __init__(self, home: Path, period: Period, detail: bool, listed: Listed69B) -> None:
        self.home = home
        self.period = period
        self.detail = detail
        self.listed = listed
        self.total = _Figures()
        self.months = {month: _Figures() for month in months_of(period)}
        self.items: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.notes = _Notes()
        self.documents: set[str] = set()
        self.payments: set[tuple[str, str]] = set()
        self._regimes: dict[str, str | None] = {}

    def amount(self, month: str, direction: str, cents: int, counterpart: str, uuid: str, item: dict[str, Any]) -> None:
        """An amount before taxes: income (issued) or expenses (received; a definitivo supplier's apart)."""
        figures = (self.total, self.months[month])
        if direction == "issued":
            figure = "income"
            for f in figures:
                f.income += cents
        elif counterpart in self.listed.definitivos:
            figure = "not_deductible_69b"
            for f in figures:
                f.not_deductible_69b += cents
        else:
            figure = "expenses"
            for f in figures:
                f.expenses += cents
            if counterpart in self.listed.presuntos:
                self.notes.add("supplier_69b_presunto", uuid)
        if self.detail:
            self.items[figure].append({**item, "amount": money(cents)})

    def withheld(
        self,
        month: str,
        direction: str,
        cents: int,
        source: tuple[str | None, str | None],
        uuid: str,
        item: dict[str, Any],
    ) -> None:
        """ISR withheld: to the taxpayer (issued) or by it (received), by the kind its issuer's regime says."""
        if not cents:
            return
        regime = self.regime(source, uuid)
        kind = REGIME_KINDS.get(regime or "", "otros")
        figure = "withheld_to_taxpayer" if direction == "issued" else "withheld_by_taxpayer"
        for f in (self.total, self.months[month]):
            (f.withheld_to if direction == "issued" else f.withheld_by)[kind] += cents
        if self.detail:
            self.items[figure].append({**item, "kind": kind, "regime": regime, "amount": money(cents)})

    def regime(self, source: tuple[str | None, str | None], uuid: str) -> str | None:
        """The RegimenFiscal of the issuer of the CFDI at ``source`` (its vault path and the SHA-256 the index kept:
        a file changed since is not read, as for every other read of the vault), read once per file."""
        stored, sha256 = source
        key = stored or ""
        if key not in self._regimes:
            try:
                value = issuer_regime(self.home, stored, sha256)
            except Unreadable:
                value = None
            if not value:
                self.notes.add("regime_unread", uuid)
            self._regimes[key] = value
        return self._regimes[key]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.total.to_json(),
            "by_month": {month: figures.to_json() for month, figures in self.months.items()},
            "counts": {"documents": len(self.documents), "payments": len(self.payments)},
            "notes": self.notes.to_json(self.detail),
            "list_69b": self.listed.to_json(),
        }
        if self.detail:
            out["detail"] = {name: self.items.get(name, []) for name in FIGURES}
        return out


def isr_report(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool = False
) -> dict[str, Any]:
    """``data`` of ``report isr`` for ``rfc`` over ``period`` (cash basis): ``income``, ``expenses``,
    ``not_deductible_69b`` (2-decimal MXN strings), ``withheld_to_taxpayer`` and ``withheld_by_taxpayer`` (by
    kind: honorarios, arrendamiento, resico, otros, and their total), the same per month in ``by_month``,
    ``counts``, ``notes``, ``list_69b`` and, with ``detail``, the items behind each figure."""
    reads = IncomeReads(Single(conn))
    report = _Report(home, period, detail, Listed69B.load(conn, rfc))
    repo = TaxRepository(Single(conn))
    _documents(report, reads, repo, rfc)
    _payments(report, reads, repo, rfc)
    return report.to_json()


def _documents(report: _Report, reads: IncomeReads, repo: TaxRepository, rfc: str) -> None:
    """PUE (and method-less) ingresos and every egreso, on their issue date — of a credit note that only reduced
    what a PPD invoice still owed, the part beyond that balance (``ppd.cash_shares``: its payments count the
    reduced amount)."""
    period, notes = report.period, report.notes
    counted: list[sqlite3.Row] = []
    for row in reads.income_documents(rfc, period.start, period.end):
        uuid = row["uuid"]
        if row["issuer_rfc"] and row["issuer_rfc"] == row["receiver_rfc"]:
            notes.add("self_invoice", uuid)  # income and expense of the same RFC at once: left out, named
            continue
        at_issue = row["type"] == "E" or row["payment_method"] != "PPD"
        if row["status"] == "cancelado":
            if at_issue:
                notes.add("cancelled", uuid)
            continue
        if not row["has_xml"]:
            if at_issue:
                notes.add("without_xml", uuid)
            continue
        if not at_issue:
            continue  # a PPD ingreso counts through its complementos de pago
        if row["status"] == "unknown":
            notes.add("status_unknown", uuid)
        counted.append(row)
    isr_rows: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for tax in reads.isr_withheld_rows(row["id"] for row in counted if row["isr_w_c"] and not row["pending"]):
        isr_rows[tax["invoice_id"]].append(tax)
    shares = cash_shares(repo, rfc, [row["uuid"] for row in counted if row["type"] == "E"])
    for row in counted:
        uuid, date = row["uuid"], row["issue_date"] or ""
        month, sign = date[:7], -1 if row["type"] == "E" else 1
        share = shares.get(uuid)
        if share is not None:
            notes.add("credit_note_on_balance", uuid)
            if not share:
                continue
        counterpart = row["issuer_rfc"] if row["direction"] == "received" else row["receiver_rfc"]
        factor = document_factor(row["currency"], _decimal(row["exchange_rate"]))
        before_taxes = (_decimal(row["subtotal"]) or Decimal(0)) - (_decimal(row["discount"]) or Decimal(0))
        cents = to_cents(before_taxes, factor)
        if share is not None:
            cents = share_of(cents, share)
        item = {
            "uuid": uuid,
            "type": row["type"],
            "date": date,
            "source": "document",
            "counterpart_rfc": counterpart,
            "currency": row["currency"],
            "exchange_rate": row["exchange_rate"],
        }
        report.documents.add(uuid)
        if cents is None:
            notes.add("not_summed", uuid)
        else:
            report.amount(month, row["direction"], sign * cents, row["issuer_rfc"] or "", uuid, item)
        if row["pending"]:
            notes.add("taxes_unread", uuid)
            continue
        for tax in isr_rows.get(row["id"], []):
            if tax["amount_c"] is None:
                notes.add("not_summed", uuid)
                continue
            amount: int = tax["amount_c"] if share is None else (share_of(tax["amount_c"], share) or 0)
            report.withheld(month, row["direction"], sign * amount, (row["path"], row["xml_sha256"]), uuid, item)


def _payments(report: _Report, reads: IncomeReads, repo: TaxRepository, rfc: str) -> None:
    """PPD ingresos through the payments of their complementos de pago with a FechaPago in the period."""
    period, notes = report.period, report.notes
    lines = repo.payment_lines(rfc, period.start, period.end)
    invoices = {row["id"]: row for row in reads.paid_invoices(r["r_id"] for r in lines if r["r_id"] is not None)}
    receipts = {row["id"]: row for row in reads.receipts(r["invoice_id"] for r in lines)}
    dr_isr: dict[tuple[int, int], list[sqlite3.Row]] = defaultdict(list)
    for tax in reads.payment_isr(rfc, period.start, period.end):
        dr_isr[tax["invoice_id"], tax["line"]].append(tax)
    usable: list[tuple[sqlite3.Row, sqlite3.Row | None]] = []
    for row in lines:
        uuid, payment_uuid = row["paid_uuid"], row["payment_uuid"]
        if row["payment_status"] == "cancelado":
            notes.add("cancelled_payments", payment_uuid)
            continue
        if row["r_id"] is not None and row["r_status"] == "cancelado":
            notes.add("paid_invoice_cancelled", uuid)
            continue
        known = row["r_id"] is not None and row["r_damaged"] is None and row["r_has_xml"]
        if known and (row["r_method"] != "PPD" or row["r_type"] != "I"):
            notes.add("payment_of_non_ppd", uuid)
            continue
        usable.append((row, invoices.get(row["r_id"]) if known else None))
    proportion_ids = [inv["id"] for row, inv in usable if inv is not None and not row["dr_taxes"]]
    invoice_isr: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for tax in reads.isr_withheld_rows(proportion_ids):
        invoice_isr[tax["invoice_id"]].append(tax)
    for row, invoice in usable:
        uuid, month = row["paid_uuid"], (row["payment_date"] or "")[:7]
        receipt = receipts.get(row["invoice_id"])
        issuer = (receipt["issuer_rfc"] if receipt is not None else None) or ""
        counterpart = issuer if row["direction"] == "received" else (receipt["receiver_rfc"] if receipt else None)
        factor = payment_factor(row["payment_currency"], _decimal(row["payment_rate"]), _decimal(row["equivalence"]))
        item: dict[str, Any] = {
            "uuid": uuid,
            "payment_uuid": row["payment_uuid"],
            "type": "P",
            "date": row["payment_date"],
            "counterpart_rfc": counterpart,
            "installment": row["installment"],
            "amount_paid": row["amount_paid"],
            "currency": row["currency"],
            "payment_currency": row["payment_currency"],
            "payment_exchange_rate": row["payment_rate"],
            "equivalence": row["equivalence"],
        }
        report.payments.add((row["payment_uuid"], uuid))
        ratio = _ratio(row, invoice)
        if ratio is None or invoice is None:
            notes.add("payment_unresolved", uuid)
        else:
            before_taxes = (_decimal(invoice["subtotal"]) or Decimal(0)) - (_decimal(invoice["discount"]) or Decimal(0))
            cents = to_cents(before_taxes * ratio, factor)
            share = {**item, "source": "payment_proportion", "proportion": str(ratio.quantize(Decimal("0.000001")))}
            if cents is None:
                notes.add("not_summed", uuid)
            else:
                report.amount(month, row["direction"], cents, issuer, uuid, share)
        path = (receipt["path"], receipt["xml_sha256"]) if receipt is not None else (None, None)
        if row["dr_taxes"]:
            if invoice is None:
                notes.add("paid_invoice_not_indexed", uuid)
            for tax in dr_isr.get((row["invoice_id"], row["line"]), []):
                if tax["kind"] != "R":
                    continue
                if tax["amount_c"] is None:
                    notes.add("not_summed", uuid)
                    continue
                report.withheld(
                    month, row["direction"], tax["amount_c"], path, uuid, {**item, "source": "payment_taxes"}
                )
        elif ratio is not None and invoice is not None:
            for tax in invoice_isr.get(invoice["id"], []):
                amount = _decimal(tax["amount"]) or Decimal(0)
                cents = to_cents(amount * ratio, factor)
                if cents is None:
                    notes.add("not_summed", uuid)
                    continue
                report.withheld(month, row["direction"], cents, path, uuid, {**item, "source": "payment_proportion"})
    for row in repo.payment_receipts_unread(rfc, period.start, period.end):
        notes.add("payment_receipts_unread", row["uuid"])


def _ratio(line: sqlite3.Row, invoice: sqlite3.Row | None) -> Decimal | None:
    """ImpPagado / Total of the paid invoice (both in its currency), or None when it cannot be known."""
    if invoice is None or (line["currency"] or "MXN") != (invoice["currency"] or "MXN"):
        return None
    paid, total = _decimal(line["amount_paid"]), _decimal(invoice["total"])
    if paid is None or not total:
        return None
    return paid / total


def _decimal(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# -- workbook and text ---------------------------------------------------------------------------------------------

# Every word the workbook and the text show, by language (``xlsx.WORDS``' rule); the same keys in both.
WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "kind": {
            "honorarios": "Honorarios (612)",
            "arrendamiento": "Arrendamiento (606)",
            "resico": "RESICO (626)",
            "otros": "Otros",
            "total": "Total",
        },
        "figure": {
            "income": "Ingresos cobrados (antes de impuestos)",
            "expenses": "Gastos pagados deducibles (antes de impuestos)",
            "not_deductible_69b": "Gastos no deducibles: proveedores definitivos del 69-B (CFF)",
            "withheld_to_taxpayer": "ISR retenido al contribuyente",
            "withheld_by_taxpayer": "ISR retenido por el contribuyente a terceros",
        },
        "source": {
            "document": "CFDI (fecha de emisión)",
            "payment_taxes": "Complemento de pago 2.0 (RetencionesDR)",
            "payment_proportion": "Complemento de pago (proporción pagada)",
        },
        "list_not_loaded": "Lista del 69-B: no cargada (ningún gasto se separó como no deducible).",
        "list_loaded": "Lista del 69-B al {date}; proveedores definitivos: {names}.",
        "unknown_date": "fecha desconocida",
        "nobody": "ninguno",
        "sheet": "ISR",
        "concept": "Concepto",
        "period_column": "Periodo",
        "note": "RFC {rfc}, periodo {start} a {end}; flujo de efectivo; MXN.",
        "detail_sheet": "Detalle ISR",
        "detail_columns": [
            "Concepto", "UUID", "UUID del pago", "Tipo", "Fecha", "Origen", "RFC contraparte", "Clase", "Importe MXN",
            "Moneda",
        ],
        "title": "Reporte de ISR (flujo de efectivo) — RFC {rfc}",
        "period": "Periodo: {start} a {end}. Importes en MXN.",
        "notes": "Notas",
        "detail": "Detalle",
        "paid_by": " pago {uuid}",
    },
    "en": {
        "kind": {
            "honorarios": "Professional fees (612)",
            "arrendamiento": "Rent (606)",
            "resico": "RESICO (626)",
            "otros": "Other",
            "total": "Total",
        },
        "figure": {
            "income": "Income collected (before taxes)",
            "expenses": "Deductible expenses paid (before taxes)",
            "not_deductible_69b": "Non-deductible expenses: 69-B definitive suppliers (CFF)",
            "withheld_to_taxpayer": "ISR withheld from the taxpayer",
            "withheld_by_taxpayer": "ISR withheld by the taxpayer from others",
        },
        "source": {
            "document": "CFDI (issue date)",
            "payment_taxes": "Payment complement 2.0 (RetencionesDR)",
            "payment_proportion": "Payment complement (paid proportion)",
        },
        "list_not_loaded": "69-B list: not loaded (no expense was set apart as non-deductible).",
        "list_loaded": "69-B list as of {date}; definitive suppliers: {names}.",
        "unknown_date": "unknown date",
        "nobody": "none",
        "sheet": "Income tax (ISR)",
        "concept": "Item",
        "period_column": "Period",
        "note": "RFC {rfc}, period {start} to {end}; cash basis; MXN.",
        "detail_sheet": "Income tax (ISR) detail",
        "detail_columns": [
            "Figure", "UUID", "Payment UUID", "Type", "Date", "Source", "Counterparty RFC", "Kind", "Amount MXN",
            "Currency",
        ],
        "title": "Income tax (ISR) report (cash basis) — RFC {rfc}",
        "period": "Period: {start} to {end}. Amounts in MXN.",
        "notes": "Notes",
        "detail": "Detail",
        "paid_by": " payment {uuid}",
    },
}  # fmt: skip
# The Spanish tables under their earlier names.
KIND_TITLES: dict[str, str] = WORDS["es"]["kind"]
FIGURE_TITLES: dict[str, str] = WORDS["es"]["figure"]
SOURCE_TITLES: dict[str, str] = WORDS["es"]["source"]
_DETAIL_KINDS = ("text", "text", "text", "text", "date", "text", "text", "text", "money", "text")
_DETAIL_WIDTHS = (44, 38, 38, 6, 12, 36, 15, 16, 18, 8)


def _rows(data: dict[str, Any], lang: str = "es") -> list[tuple[str, str, str, list[str], tuple[str, ...]]]:
    """(figure, kind or "", title, [total, month…], uuids) of every line of the summary."""
    words = WORDS[lang]
    months = list(data["by_month"])
    detail = data.get("detail", {})
    out = []
    for figure in FIGURES:
        uuids = tuple(item["uuid"] for item in detail.get(figure, []))
        title = words["figure"][figure]
        if figure.startswith("withheld"):
            for kind in (*WITHHELD_KINDS, "total"):
                values = [data[figure][kind], *(data["by_month"][m][figure][kind] for m in months)]
                kind_uuids = tuple(i["uuid"] for i in detail.get(figure, []) if kind in ("total", i.get("kind")))
                out.append((figure, kind, f"{title}: {words['kind'][kind]}", values, kind_uuids))
        else:
            values = [data[figure], *(data["by_month"][m][figure] for m in months)]
            out.append((figure, "", title, values, uuids))
    return out


def note_text(code: str, note: dict[str, Any], lang: str = "es") -> str:
    return xlsx_note_text(code, note, lang, NOTE_TEXT_ISR_ES)


def _list_line(data: dict[str, Any], lang: str = "es") -> str:
    words = WORDS[lang]
    listed = data["list_69b"]
    if not listed["loaded"]:
        return str(words["list_not_loaded"])
    names = ", ".join(e["rfc"] for e in listed["definitivos"]) or words["nobody"]
    day = day_text(listed["list_date"], lang) or words["unknown_date"]
    return str(words["list_loaded"].format(date=day, names=names))


def isr_sheets(data: dict[str, Any], lang: str = "es") -> list[Sheet]:
    """Sheet *ISR* (the figures, the period's total and each month) and, with ``detail``, *Detalle ISR*; in
    ``lang`` (:data:`WORDS`)."""
    lang = language(lang)
    words = WORDS[lang]
    months = list(data["by_month"])
    columns: list[Column] = [
        (words["concept"], "text", 68.0),
        (words["period_column"], "money", 18.0),
        *((month_text(month, lang), "money", 16.0) for month in months),
    ]
    sheet = Sheet(words["sheet"], columns)
    for figure, kind, title, values, uuids in _rows(data, lang):
        sheet.add([title, *values], bold=figure in ("income", "expenses") or kind == "total", uuids=uuids)
    period = data["period"]
    sheet.notes.append(words["note"].format(rfc=data["rfc"], **period_days(period, lang)))
    sheet.notes.append(_list_line(data, lang))
    sheet.notes += [f"{note_text(code, note, lang)}." for code, note in data["notes"].items()]
    sheets = [sheet]
    if "detail" in data:
        detail = Sheet(
            words["detail_sheet"],
            list(zip(words["detail_columns"], _DETAIL_KINDS, _DETAIL_WIDTHS, strict=True)),
        )
        for figure in FIGURES:
            items = data["detail"][figure]
            for item in items:
                detail.add(
                    [
                        words["figure"][figure],
                        item["uuid"],
                        item.get("payment_uuid"),
                        item.get("type"),
                        item.get("date"),
                        words["source"].get(item.get("source", ""), item.get("source")),
                        item.get("counterpart_rfc"),
                        words["kind"].get(item.get("kind", ""), ""),
                        item["amount"],
                        item.get("currency"),
                    ],
                    uuids=[item["uuid"]],
                )
            if items:
                total = data[figure]["total"] if figure.startswith("withheld") else data[figure]
                detail.add([f"Total ({len(items)})", *[""] * 7, total], bold=True, uuids=[i["uuid"] for i in items])
        sheets.append(detail)
    return sheets


def isr_text(data: dict[str, Any], lang: str = "es") -> str:
    lang = language(lang)
    words = WORDS[lang]
    months = list(data["by_month"])
    period = data["period"]
    out = [
        words["title"].format(rfc=data["rfc"]),
        words["period"].format(**period_days(period, lang)),
        "",
        " " * 68 + words["period_column"].rjust(16) + "".join(month_text(m, lang).rjust(14) for m in months),
    ]
    for _figure, _kind, title, values, _uuids in _rows(data, lang):
        out.append(
            title[:68].ljust(68)
            + _amount(values[0]).rjust(16)
            # a space before each month's figure whatever its width: «759,937.96108,140,530.52» read as one number
            + "".join(" " + _amount(v).rjust(13) for v in values[1:])
        )
    out += ["", _list_line(data, lang)]
    out += notes_lines(words["notes"], data["notes"], lang, NOTE_TEXT_ISR_ES)
    if "detail" in data:
        out += ["", words["detail"]]
        for figure in FIGURES:
            items = data["detail"][figure]
            if items:
                out.append(f"  {words['figure'][figure]}")
                for item in items:
                    paid = words["paid_by"].format(uuid=item["payment_uuid"]) if item.get("payment_uuid") else ""
                    kind = f" {words['kind'][item['kind']]}" if item.get("kind") else ""
                    out.append(
                        f"    {item['uuid']}{paid} {day_text(item.get('date'), lang)}{kind} {_amount(item['amount'])}"
                    )
    return "\n".join(out) + "\n"


def build(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool, basis: str | None = None
) -> dict[str, Any]:
    """``kinds.REPORTS``' builder (``basis`` does not apply: ``core.reports.run`` refuses it)."""
    return isr_report(conn, home, rfc, period, detail=detail)
