"""Reports as Excel workbooks (``report KIND --format xlsx``): headers and labels in the user's language
(``lang``: Spanish, the default, or English), column widths, the header row frozen, money as real numbers shown
``$#,##0.00`` and dates as real dates, and totals rows of computed exact values (never formulas). Built on the
cells, styles and safety of ``core.export`` (text that looks like a formula stays text; characters XML cannot
carry are replaced); a report is small, so each sheet is built in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from desktop_app.core.errors import AppError
from desktop_app.core.export import (
    _MAIN_NS,
    _REL_NS,
    _ROOT_RELS,
    EXCEL_MAX_ROWS,
    S_BOLD,
    S_BOLD_MONEY,
    S_NOTE,
    _cell,
    _column_letter,
    _content_types,
    _header_row,
    _publish,
    _sheet_start,
    _temporary,
    _text_cell,
    _workbook_rels,
    speaking,
    styles_xml,
)
from desktop_app.core.reports.common import money, period_days
from desktop_app.core.reports.iva import RATE_KEYS
from desktop_app.core.store.vault import name_failed_write
from desktop_app.core.vocabulary import day_text, language

# A column: (header, kind for ``export._cell``: text | money | date | rate | number, width in characters).
Column = tuple[str, str, float]


@dataclass
class Sheet:
    """One worksheet: its name, columns, rows (lists of values in column order) and rows in bold (totals).

    ``sources[i]`` are the UUIDs of the CFDI behind row ``i`` (empty when the data was built without ``detail``
    or the row is a title): the window opens them when a figure is clicked.
    """

    name: str
    columns: list[Column]
    rows: list[tuple[list[Any], bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, values: list[Any], *, bold: bool = False, uuids: Iterable[str] = ()) -> None:
        self.rows.append((values, bold))
        self.sources.append(tuple(dict.fromkeys(uuids)))

    def blank(self) -> None:
        self.add([])

    def xml(self, selected: bool) -> str:
        parts = [_sheet_start([width for _, _, width in self.columns], selected=selected)]
        parts.append(_header_row([title for title, _, _ in self.columns]))
        number = 1
        for values, bold in self.rows:
            number += 1
            cells = []
            for index, value in enumerate(values):
                if value is None or value == "":
                    continue
                ref = f"{_column_letter(index)}{number}"
                kind = self.columns[index][1]
                if bold and kind == "money":
                    cells.append(f'<c r="{ref}" s="{S_BOLD_MONEY}"><v>{value}</v></c>')
                elif bold and kind == "text":
                    cells.append(_text_cell(ref, str(value), None, S_BOLD))
                else:
                    cells.append(_cell(ref, value, kind))
            parts.append(f'<row r="{number}">{"".join(cells)}</row>')
        for note in self.notes:
            number += 1
            parts.append(f'<row r="{number}">{_text_cell(f"A{number}", note, None, S_NOTE)}</row>')
        parts.append("</sheetData></worksheet>")
        return "".join(parts)


def write_workbook(sheets: list[Sheet], path: Path, lang: str = "es") -> None:
    """The sheets as one .xlsx at ``path`` (a temporary sibling renamed over it when complete); its days and a
    cut cell's mark in ``lang``. A sheet longer than Excel's 1,048,576 rows is ``too_many_rows_for_excel`` and
    nothing is written: Excel drops what is beyond them — a report's last rows are its totals — without a word (an
    outside audit: ``report iva --detail`` of 530,000 invoices wrote 1,060,003 rows and answered success)."""
    for sheet in sheets:
        rows = 1 + len(sheet.rows) + len(sheet.notes)  # the header, the rows, the notes under them
        if rows > EXCEL_MAX_ROWS:
            raise AppError(
                "too_many_rows_for_excel",
                f"The sheet {sheet.name!r} would have {rows:,} rows, more than the {EXCEL_MAX_ROWS:,} of an Excel "
                "sheet: nothing was written. Ask for a shorter period or without --detail, or export it as JSON.",
                sheet=sheet.name,
                rows=rows,
            )
    tmp = _temporary(path)
    try:
        with speaking(lang), zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", _content_types(len(sheets)))
            zf.writestr("_rels/.rels", _ROOT_RELS)
            zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
            zf.writestr("xl/styles.xml", styles_xml(lang))
            for number, sheet in enumerate(sheets, start=1):
                zf.writestr(f"xl/worksheets/sheet{number}.xml", sheet.xml(selected=number == 1))
            names = "".join(
                f'<sheet name={quoteattr(sheet.name[:31])} sheetId="{i}" r:id="rId{i}"/>'
                for i, sheet in enumerate(sheets, start=1)
            )
            zf.writestr(
                "xl/workbook.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>{names}</sheets></workbook>',
            )
        _publish(tmp, path)
    except BaseException as exc:
        name_failed_write(exc, tmp)
        tmp.unlink(missing_ok=True)
        raise


# -- the words ----------------------------------------------------------------------------------------------------

# Every word the iva and ppd workbooks (and their text, ``core.reports.text``) show, by language: Spanish (``es``,
# SAT's vocabulary) and English (``en``: accountant's English, SAT's names kept where they are names, as
# ``core.vocabulary`` does for the invoice exports). ``WORDS[lang]`` has the same keys in both.
WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "basis": {"cash": "Flujo de efectivo", "accrual": "Devengado"},
        "rate": {"16": "16 %", "8": "8 % (región fronteriza)", "0": "0 %", "exento": "Exento", "sin_tasa": "Sin tasa"},
        "figure": {
            "transferred": "IVA trasladado",
            "withheld": "IVA retenido por clientes",
            "creditable": "IVA acreditable (trasladado al contribuyente)",
            "withheld_from_suppliers": "IVA retenido a proveedores",
            "withheld_previous_month": "IVA retenido a proveedores del mes anterior",
            "not_creditable_69b": "IVA no acreditable (proveedores definitivos del 69-B)",
        },
        # The summary's rows, in the order of :data:`SUMMARY_PATHS`.
        "summary": [
            "Valor de actos gravados 16 % (base)",
            "Valor de actos gravados 8 % (base)",
            "Valor de actos a la tasa 0 % (base)",
            "Valor de actos exentos (base)",
            "IVA trasladado",
            "(−) IVA retenido por clientes",
            "IVA trasladado al contribuyente (gastos pagados)",
            "(−) IVA retenido a proveedores en el periodo",
            "(+) IVA retenido a proveedores el mes anterior",
            "(−) IVA acreditable",
            "IVA no acreditable: proveedores definitivos del 69-B (CFF)",
        ],
        "rate_field": {
            "issued_base": "base de los CFDI emitidos",
            "issued_iva": "IVA trasladado",
            "received_base": "base de los CFDI recibidos",
            "received_iva": "IVA trasladado al contribuyente",
        },
        "source": {
            "document": "CFDI (fecha de emisión)",
            "payment_taxes": "Complemento de pago 2.0 (ImpuestosDR)",
            "payment_proportion": "Complemento de pago (proporción pagada)",
        },
        "iva_sheet": "IVA",
        "concept": "Concepto",
        "balance": "Saldo: a cargo (+) / a favor (−)",
        "withheld_to_pay": "IVA retenido a proveedores por enterar",
        "by_rate": "Por tasa",
        "iva_note": "RFC {rfc}, periodo {start} a {end}; importes en MXN.",
        "detail_sheet": "Detalle",
        "detail_columns": [
            "Base", "Concepto", "UUID", "UUID del pago", "Tipo", "Fecha", "Origen", "Tasa", "Base gravable", "IVA",
            "Moneda",
        ],
        "aging": {"0-30": "0 a 30 días", "31-60": "31 a 60 días", "61-90": "61 a 90 días", "90+": "Más de 90 días"},
        "side": {"receivable": "Por cobrar", "payable": "Por pagar"},
        "ppd_columns": [
            "UUID", "Serie", "Folio", "Fecha de emisión", "RFC", "Nombre", "Moneda", "Tipo de cambio", "Total",
            "Pagado", "Notas de crédito", "Saldo insoluto", "Saldo en MXN", "Días", "Antigüedad", "Pagos",
            "Último pago", "Saldo según último pago", "Saldo en el explorador",
        ],
        "payments_sheet": "Pagos",
        "payments_columns": [
            "UUID de la factura", "Lado", "UUID del pago", "Fecha de pago", "Parcialidad", "Importe pagado",
            "Saldo insoluto según el pago",
        ],
        "ppd_total": "Total MXN — facturas: {count}",
        "ppd_note": "RFC {rfc}; saldos al {as_of}; el saldo en MXN usa el tipo de cambio de cada factura.",
    },
    "en": {
        "basis": {"cash": "Cash basis", "accrual": "Accrual basis"},
        "rate": {"16": "16 %", "8": "8 % (border region)", "0": "0 %", "exento": "Exempt", "sin_tasa": "No rate"},
        "figure": {
            "transferred": "VAT (IVA) transferred",
            "withheld": "VAT (IVA) withheld by customers",
            "creditable": "Creditable VAT (IVA) (transferred to the taxpayer)",
            "withheld_from_suppliers": "VAT (IVA) withheld from suppliers",
            "withheld_previous_month": "VAT (IVA) withheld from suppliers in the previous month",
            "not_creditable_69b": "Non-creditable VAT (IVA) (69-B definitive suppliers)",
        },
        "summary": [
            "Value of acts taxed at 16 % (base)",
            "Value of acts taxed at 8 % (base)",
            "Value of acts at the 0 % rate (base)",
            "Value of exempt acts (base)",
            "VAT (IVA) transferred",
            "(−) VAT (IVA) withheld by customers",
            "VAT (IVA) transferred to the taxpayer (expenses paid)",
            "(−) VAT (IVA) withheld from suppliers in the period",
            "(+) VAT (IVA) withheld from suppliers the previous month",
            "(−) Creditable VAT (IVA)",
            "Non-creditable VAT (IVA): 69-B definitive suppliers (CFF)",
        ],
        "rate_field": {
            "issued_base": "base of the CFDI issued",
            "issued_iva": "VAT (IVA) transferred",
            "received_base": "base of the CFDI received",
            "received_iva": "VAT (IVA) transferred to the taxpayer",
        },
        "source": {
            "document": "CFDI (issue date)",
            "payment_taxes": "Payment complement 2.0 (ImpuestosDR)",
            "payment_proportion": "Payment complement (paid proportion)",
        },
        "iva_sheet": "VAT (IVA)",
        "concept": "Item",
        "balance": "Balance: payable (+) / in favor (−)",
        "withheld_to_pay": "VAT (IVA) withheld from suppliers, to be paid",
        "by_rate": "By rate",
        "iva_note": "RFC {rfc}, period {start} to {end}; amounts in MXN.",
        "detail_sheet": "Detail",
        "detail_columns": [
            "Basis", "Figure", "UUID", "Payment UUID", "Type", "Date", "Source", "Rate", "Taxable base", "VAT (IVA)",
            "Currency",
        ],
        "aging": {"0-30": "0 to 30 days", "31-60": "31 to 60 days", "61-90": "61 to 90 days", "90+": "Over 90 days"},
        "side": {"receivable": "Receivable", "payable": "Payable"},
        "ppd_columns": [
            "UUID", "Series", "Folio", "Issue date", "RFC", "Name", "Currency", "Exchange rate", "Total", "Paid",
            "Credit notes", "Outstanding balance", "Balance in MXN", "Days", "Aging", "Payments", "Last payment",
            "Balance per the last payment", "Balance in the browser",
        ],
        "payments_sheet": "Payments",
        "payments_columns": [
            "Invoice UUID", "Side", "Payment UUID", "Payment date", "Installment", "Amount paid",
            "Outstanding balance per the payment",
        ],
        "ppd_total": "Total MXN — invoices: {count}",
        "ppd_note": "RFC {rfc}; balances as of {as_of}; the balance in MXN uses each invoice's exchange rate.",
    },
}  # fmt: skip

# -- report iva ---------------------------------------------------------------------------------------------------

# The summary's rows: keys into a basis of ``report iva``'s data (their titles: ``WORDS[lang]["summary"]``).
SUMMARY_PATHS: list[tuple[str, ...]] = [
    ("by_rate", "16", "issued_base"),
    ("by_rate", "8", "issued_base"),
    ("by_rate", "0", "issued_base"),
    ("by_rate", "exento", "issued_base"),
    ("transferred",),
    ("withheld",),
    ("creditable_breakdown", "transferred_to_taxpayer"),
    ("creditable_breakdown", "less_withheld_from_suppliers"),
    ("creditable_breakdown", "plus_withheld_previous_month"),
    ("creditable",),
    ("not_creditable_69b",),
]
# The Spanish tables under their earlier names (what other modules and tools may read).
BASIS_TITLES: dict[str, str] = WORDS["es"]["basis"]
RATE_TITLES: dict[str, str] = WORDS["es"]["rate"]
FIGURE_TITLES: dict[str, str] = WORDS["es"]["figure"]
RATE_FIELD_TITLES: dict[str, str] = WORDS["es"]["rate_field"]
SOURCE_TITLES: dict[str, str] = WORDS["es"]["source"]
AGING_TITLES: dict[str, str] = WORDS["es"]["aging"]
SUMMARY_ROWS: list[tuple[str, tuple[str, ...]]] = list(zip(WORDS["es"]["summary"], SUMMARY_PATHS, strict=True))
# The notes of both reports (codes of ``iva.NOTE_TEXT`` and ``ppd.NOTE_TEXT``), in Spanish; in English a note is
# its data's own ``what`` (the builders write it in English).
NOTE_TEXT_ES = {
    "cancelled": "CFDI cancelados, fuera del cálculo",
    "status_unknown": "CFDI cuyo estado en el SAT no se conoce (sin metadatos ni verificación del SAT): incluidos",
    "without_xml": "CFDI conocidos sólo por los metadatos del SAT (sin XML ni impuestos): no incluidos",
    "taxes_unread": "CFDI cuyo XML no pudo leerse de nuevo de la bóveda: no incluidos",
    "not_summed": "importes de impuestos cuyo valor en pesos no se conoce (moneda extranjera sin tipo de cambio "
    "válido, importe ilegible o fuera del rango que suma el índice): no incluidos",
    "base_not_stated": "renglones de IVA sin base declarada (CFDI 3.2 y anteriores): su base cuenta como 0",
    "self_invoice": "CFDI que el RFC se emitió a sí mismo: fuera del cálculo (su IVA sería trasladado y acreditable "
    "a la vez)",
    "cancelled_payments": "pagos en complementos de pago cancelados, fuera del cálculo",
    "paid_invoice_cancelled": "pagos de facturas canceladas, fuera del cálculo",
    "payment_of_non_ppd": "pagos de facturas no emitidas como PPD (ya contadas en su fecha de emisión), fuera",
    "paid_invoice_not_indexed": "pagos (Pagos 2.0) de facturas que el índice no tiene: incluidos por sus ImpuestosDR",
    "payment_unresolved": "pagos cuyo IVA no puede conocerse (Pagos 1.0 o sin ImpuestosDR, y la factura pagada no "
    "está indexada, no tiene XML o es de otra moneda): no incluidos",
    "payment_receipts_unread": "complementos de pago del periodo sin XML legible: no incluidos",
    "credit_note_on_balance": "notas de crédito aplicadas al saldo de una factura PPD: sus pagos ya cuentan el importe "
    "reducido, así que no se restan de nuevo (sólo la parte que excede ese saldo)",
    "balance_not_in_pesos": "facturas abiertas en moneda extranjera sin tipo de cambio válido, o con un saldo fuera "
    "del rango que suma el índice: listadas, su saldo no entra en los totales en pesos",
    "payment_currency_differs": "pagos en una moneda distinta de la de la factura (MonedaDR): no restados",
    "credit_note_unallocated": "notas de crédito relacionadas con varias facturas: no restadas de ninguna",
    "balance_differs": "facturas cuyo último ImpSaldoInsoluto (menos notas de crédito posteriores) no coincide con el "
    "saldo calculado",
    "pending_differs": "facturas cuyo saldo pendiente en el explorador (el último ImpSaldoInsoluto, o el Total si "
    "ningún pago lo declara; sin restar notas de crédito) difiere del saldo de este reporte",
}


def note_text(code: str, note: dict[str, Any], lang: str = "es", spanish: dict[str, str] | None = None) -> str:
    """One note of a report: ``CFDI cancelados, fuera del cálculo — 3``; in English its data's own ``what``
    (``Cancelled documents, left out — 3``). The count comes last, so that a note of one document reads as well as
    a note of many («1 notas de crédito…» before); the note's code, English, stays in the JSON (``notes.<code>``).
    ``spanish``: a report's own Spanish sentences, looked up before :data:`NOTE_TEXT_ES`."""
    if language(lang) == "en":
        text = note["what"]
    else:
        text = (spanish or {}).get(code) or NOTE_TEXT_ES.get(code) or note["what"]
    return f"{sentence(text)} — {note['count']:,}"


def sentence(text: str) -> str:
    """``text`` with a capital first letter, as a note starts (the tables write them mid-sentence)."""
    return text[:1].upper() + text[1:]


def iva_sheets(data: dict[str, Any], lang: str = "es") -> list[Sheet]:
    """``report iva``: sheet *IVA* (the figures of each basis side by side, then by rate) and, with ``detail``,
    *Detalle* (every item, subtotalled per figure); in ``lang`` (:data:`WORDS`)."""
    lang = language(lang)
    words = WORDS[lang]
    basis_titles, rate_titles, figure_titles = words["basis"], words["rate"], words["figure"]
    bases = [basis for basis in ("cash", "accrual") if basis in data]
    columns: list[Column] = [(words["concept"], "text", 58.0), *((basis_titles[b], "money", 20.0) for b in bases)]
    summary = Sheet(words["iva_sheet"], columns)
    for title, path in zip(words["summary"], SUMMARY_PATHS, strict=True):
        summary.add([title, *(_pick(data[b], path) for b in bases)], uuids=_iva_sources(data, bases, path))
    summary.add(
        [words["balance"], *(data[b]["balance"] for b in bases)],
        bold=True,
        uuids=_iva_sources(data, bases, ("balance",)),
    )
    summary.add(
        [words["withheld_to_pay"], *(data[b]["withheld_from_suppliers"] for b in bases)],
        uuids=_iva_sources(data, bases, ("withheld_from_suppliers",)),
    )
    summary.blank()
    summary.add([words["by_rate"], *[""] * len(bases)], bold=True)
    keys = list(dict.fromkeys(key for b in bases for key in data[b]["by_rate"]))
    for key in keys:
        label = rate_titles.get(key, f"{key} %")
        for field_name, title in words["rate_field"].items():
            values = [data[b]["by_rate"].get(key, {}).get(field_name, "0.00") for b in bases]
            summary.add([f"{label}: {title}", *values], uuids=_iva_sources(data, bases, ("by_rate", key, field_name)))
    period = data["period"]
    summary.notes.append(words["iva_note"].format(rfc=data["rfc"], **period_days(period, lang)))
    for basis in bases:
        for code, note in data[basis]["notes"].items():
            summary.notes.append(f"{basis_titles[basis]}: {note_text(code, note, lang)}.")
    sheets = [summary]
    if any("detail" in data[b] for b in bases):
        widths = (18, 40, 38, 38, 6, 12, 36, 10, 18, 16, 8)
        kinds = ("text", "text", "text", "text", "text", "date", "text", "text", "money", "money", "text")
        detail = Sheet(words["detail_sheet"], list(zip(words["detail_columns"], kinds, widths, strict=True)))
        for basis in bases:
            for figure, items in data[basis].get("detail", {}).items():
                for item in items:
                    detail.add(
                        [
                            basis_titles[basis],
                            figure_titles.get(figure, figure),
                            item["uuid"],
                            item.get("payment_uuid"),
                            item.get("type"),
                            item.get("date"),
                            words["source"].get(item.get("source", ""), item.get("source")),
                            rate_titles.get(item["rate"], item["rate"]),
                            item["base"],
                            item["amount"],
                            item.get("currency"),
                        ]
                    )
                if items:
                    total = sum(_cents(item["amount"]) for item in items)
                    base = sum(_cents(item["base"]) for item in items)
                    label = f"Total {figure_titles.get(figure, figure)} ({len(items)})"
                    detail.add([basis_titles[basis], label, *[""] * 6, money(base), money(total)], bold=True)
        sheets.append(detail)
    return sheets


# The detail figures behind each line of the IVA summary (``report iva --detail``; a rate line: that rate's items).
_CREDITABLE_PARTS = ("creditable", "withheld_from_suppliers", "withheld_previous_month")
_SUMMARY_FIGURES: dict[str, tuple[str, ...]] = {
    "transferred": ("transferred",),
    "withheld": ("withheld",),
    "transferred_to_taxpayer": ("creditable",),
    "less_withheld_from_suppliers": ("withheld_from_suppliers",),
    "withheld_from_suppliers": ("withheld_from_suppliers",),
    "plus_withheld_previous_month": ("withheld_previous_month",),
    "creditable": _CREDITABLE_PARTS,
    "not_creditable_69b": ("not_creditable_69b",),
    "balance": ("transferred", "withheld", *_CREDITABLE_PARTS),
    "issued_base": ("transferred",),
    "issued_iva": ("transferred",),
    "received_base": ("creditable", "not_creditable_69b"),
    "received_iva": ("creditable", "not_creditable_69b"),
}


def _iva_sources(data: dict[str, Any], bases: Sequence[str], path: tuple[str, ...]) -> list[str]:
    """The UUIDs (invoices and complementos de pago) behind one line of the IVA summary, in every basis shown;
    none when the data was built without ``detail``."""
    figures = _SUMMARY_FIGURES.get(path[-1], ())
    rate = path[1] if path[0] == "by_rate" else None
    out: list[str] = []
    for basis in bases:
        detail = data[basis].get("detail", {})
        for figure in figures:
            for item in detail.get(figure, ()):
                if rate is None or item.get("rate") == rate:
                    out.append(item["uuid"])
                    if item.get("payment_uuid"):
                        out.append(item["payment_uuid"])
    return out


# -- report ppd ---------------------------------------------------------------------------------------------------

_PPD_KINDS: list[tuple[str, float]] = [
    ("text", 38), ("text", 8), ("text", 10), ("date", 12), ("text", 15), ("text", 36), ("text", 8), ("rate", 12),
    ("money", 16), ("money", 16), ("money", 16), ("money", 16), ("money", 16), ("number", 7), ("text", 14),
    ("number", 7), ("date", 12), ("money", 16), ("money", 16),
]  # fmt: skip
_PAYMENTS_KINDS: list[tuple[str, float]] = [
    ("text", 38), ("text", 12), ("text", 38), ("date", 12), ("number", 10), ("money", 16), ("money", 16),
]  # fmt: skip


def _columns(titles: list[str], kinds: list[tuple[str, float]]) -> list[Column]:
    return [(title, kind, width) for title, (kind, width) in zip(titles, kinds, strict=True)]


def ppd_sheets(data: dict[str, Any], lang: str = "es") -> list[Sheet]:
    """``report ppd``: *Por cobrar*, *Por pagar* (one row per open invoice, a totals row and the aging) and
    *Pagos* (every payment counted); in ``lang`` (:data:`WORDS`)."""
    words = WORDS[language(lang)]
    aging_titles = words["aging"]
    sheets = []
    payments = Sheet(words["payments_sheet"], _columns(words["payments_columns"], _PAYMENTS_KINDS))
    invoice_columns = _columns(words["ppd_columns"], _PPD_KINDS)
    for side in ("receivable", "payable"):
        title = words["side"][side]
        part = data[side]
        sheet = Sheet(title, invoice_columns)
        for inv in part["invoices"]:
            sheet.add(
                [
                    inv["uuid"], inv["series"], inv["folio"], inv["issue_date"], inv["counterpart_rfc"],
                    inv["counterpart_name"], inv["currency"], inv["exchange_rate"], inv["total"], inv["paid"],
                    inv["credited"], inv["balance"], inv["balance_mxn"], inv["days"], aging_titles[inv["aging"]],
                    inv["payments_count"], inv["last_payment_date"], inv["last_stated_balance"],
                    inv["stated_balance"],
                ],
                uuids=[inv["uuid"], *(pay["payment_uuid"] for pay in inv["payments"])],
            )  # fmt: skip
            for pay in inv["payments"]:
                payments.add(
                    [inv["uuid"], title, pay["payment_uuid"], pay["date"], pay["installment"], pay["amount"],
                     pay["stated_balance"]],
                    uuids=[inv["uuid"], pay["payment_uuid"]],
                )  # fmt: skip
        sheet.blank()
        sheet.add(
            [words["ppd_total"].format(count=part["count"]), *[""] * 11, part["balance"]],
            bold=True,
            uuids=[inv["uuid"] for inv in part["invoices"]],
        )
        for key, amount in part["aging"].items():
            sheet.add(
                [aging_titles[key], *[""] * 11, amount],
                uuids=[inv["uuid"] for inv in part["invoices"] if inv["aging"] == key],
            )
        sheet.notes.append(words["ppd_note"].format(rfc=data["rfc"], as_of=day_text(data["as_of"], lang)))
        sheets.append(sheet)
    for code, note in data["notes"].items():
        sheets[0].notes.append(f"{note_text(code, note, lang)}.")
    sheets.append(payments)
    return sheets


def _pick(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        value = value[key]
    return value


def _cents(text: str) -> int:
    """A 2-decimal money string back to cents (the detail's subtotals)."""
    negative = text.startswith("-")
    whole, _, part = text.lstrip("-").partition(".")
    value = int(whole) * 100 + int((part + "00")[:2])
    return -value if negative else value


__all__ = ["RATE_KEYS", "WORDS", "Sheet", "iva_sheets", "ppd_sheets", "write_workbook"]
