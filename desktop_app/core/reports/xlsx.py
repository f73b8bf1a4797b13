"""Reports as Excel workbooks (``report KIND --format xlsx``): Spanish headers, column widths, the header row
frozen, money as real numbers shown ``$#,##0.00`` and dates as real dates, and totals rows of computed exact
values (never formulas). Built on the cells, styles and safety of ``core.export`` (text that looks like a formula
stays text; characters XML cannot carry are replaced); a report is small, so each sheet is built in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from desktop_app.core.export import (
    _MAIN_NS,
    _REL_NS,
    _ROOT_RELS,
    _STYLES,
    S_BOLD,
    S_BOLD_MONEY,
    S_NOTE,
    _cell,
    _column_letter,
    _header_row,
    _publish,
    _sheet_start,
    _temporary,
    _text_cell,
)
from desktop_app.core.reports.common import money
from desktop_app.core.reports.iva import RATE_KEYS

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


def write_workbook(sheets: list[Sheet], path: Path) -> None:
    """The sheets as one .xlsx at ``path`` (a temporary sibling renamed over it when complete)."""
    tmp = _temporary(path)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", _content_types(len(sheets)))
            zf.writestr("_rels/.rels", _ROOT_RELS)
            zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
            zf.writestr("xl/styles.xml", _STYLES)
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
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{sheets}"
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )


def _workbook_rels(count: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}"
        f'<Relationship Id="rId{count + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


# -- report iva ---------------------------------------------------------------------------------------------------

BASIS_TITLES = {"cash": "Flujo de efectivo", "accrual": "Devengado"}
RATE_TITLES = {"16": "16 %", "8": "8 % (región fronteriza)", "0": "0 %", "exento": "Exento", "sin_tasa": "Sin tasa"}
FIGURE_TITLES = {
    "transferred": "IVA trasladado",
    "withheld": "IVA retenido por clientes",
    "creditable": "IVA acreditable (trasladado al contribuyente)",
    "withheld_from_suppliers": "IVA retenido a proveedores",
    "withheld_previous_month": "IVA retenido a proveedores del mes anterior",
    "not_creditable_69b": "IVA no acreditable (proveedores definitivos del 69-B)",
}
# The summary's rows: (title, keys into a basis of ``report iva``'s data).
SUMMARY_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("Valor de actos gravados 16 % (base)", ("by_rate", "16", "issued_base")),
    ("Valor de actos gravados 8 % (base)", ("by_rate", "8", "issued_base")),
    ("Valor de actos a la tasa 0 % (base)", ("by_rate", "0", "issued_base")),
    ("Valor de actos exentos (base)", ("by_rate", "exento", "issued_base")),
    ("IVA trasladado", ("transferred",)),
    ("(−) IVA retenido por clientes", ("withheld",)),
    ("IVA trasladado al contribuyente (gastos pagados)", ("creditable_breakdown", "transferred_to_taxpayer")),
    ("(−) IVA retenido a proveedores en el periodo", ("creditable_breakdown", "less_withheld_from_suppliers")),
    ("(+) IVA retenido a proveedores el mes anterior", ("creditable_breakdown", "plus_withheld_previous_month")),
    ("(−) IVA acreditable", ("creditable",)),
    ("IVA no acreditable: proveedores definitivos del 69-B (CFF)", ("not_creditable_69b",)),
]
RATE_FIELD_TITLES = {
    "issued_base": "base de los CFDI emitidos",
    "issued_iva": "IVA trasladado",
    "received_base": "base de los CFDI recibidos",
    "received_iva": "IVA trasladado al contribuyente",
}
# The notes of both reports (codes of ``iva.NOTE_TEXT`` and ``ppd.NOTE_TEXT``), in Spanish.
NOTE_TEXT_ES = {
    "cancelled": "CFDI cancelados, fuera del cálculo",
    "status_unknown": "CFDI cuyo estado en el SAT no se conoce (XML importado sin verificar): incluidos",
    "without_xml": "CFDI conocidos sólo por los metadatos del SAT (sin XML ni impuestos): no incluidos",
    "taxes_unread": "CFDI cuyo XML no pudo leerse de nuevo de la bóveda: no incluidos",
    "not_summed": "importes de impuestos fuera del rango que suma el índice: no incluidos",
    "base_not_stated": "renglones de IVA sin base declarada (CFDI 3.2 y anteriores): su base cuenta como 0",
    "cancelled_payments": "pagos en complementos de pago cancelados, fuera del cálculo",
    "paid_invoice_cancelled": "pagos de facturas canceladas, fuera del cálculo",
    "payment_of_non_ppd": "pagos de facturas no emitidas como PPD (ya contadas en su fecha de emisión), fuera",
    "paid_invoice_not_indexed": "pagos (Pagos 2.0) de facturas que el índice no tiene: incluidos por sus ImpuestosDR",
    "payment_unresolved": "pagos cuyo IVA no puede conocerse (Pagos 1.0 o sin ImpuestosDR, y la factura pagada no "
    "está indexada, no tiene XML o es de otra moneda): no incluidos",
    "payment_receipts_unread": "complementos de pago del periodo sin XML legible: no incluidos",
    "payment_currency_differs": "pagos en una moneda distinta de la de la factura (MonedaDR): no restados",
    "credit_note_unallocated": "notas de crédito relacionadas con varias facturas: no restadas de ninguna",
    "balance_differs": "facturas cuyo último ImpSaldoInsoluto (menos notas de crédito posteriores) no coincide con el "
    "saldo calculado",
    "pending_differs": "facturas cuyo saldo pendiente en el explorador (el último ImpSaldoInsoluto, o el Total si "
    "ningún pago lo declara; sin restar notas de crédito) difiere del saldo de este reporte",
}


def note_text(code: str, note: dict[str, Any]) -> str:
    """One note of a report in Spanish: ``3 CFDI cancelados, fuera del cálculo (cancelled)``."""
    return f"{note['count']} {NOTE_TEXT_ES.get(code, note['what'])} ({code})"


SOURCE_TITLES = {
    "document": "CFDI (fecha de emisión)",
    "payment_taxes": "Complemento de pago 2.0 (ImpuestosDR)",
    "payment_proportion": "Complemento de pago (proporción pagada)",
}


def iva_sheets(data: dict[str, Any]) -> list[Sheet]:
    """``report iva``: sheet *IVA* (the figures of each basis side by side, then by rate) and, with ``detail``,
    *Detalle* (every item, subtotalled per figure)."""
    bases = [basis for basis in ("cash", "accrual") if basis in data]
    columns: list[Column] = [("Concepto", "text", 58.0), *((BASIS_TITLES[b], "money", 20.0) for b in bases)]
    summary = Sheet("IVA", columns)
    for title, path in SUMMARY_ROWS:
        summary.add([title, *(_pick(data[b], path) for b in bases)], uuids=_iva_sources(data, bases, path))
    summary.add(
        ["Saldo: a cargo (+) / a favor (−)", *(data[b]["balance"] for b in bases)],
        bold=True,
        uuids=_iva_sources(data, bases, ("balance",)),
    )
    summary.add(
        ["IVA retenido a proveedores por enterar", *(data[b]["withheld_from_suppliers"] for b in bases)],
        uuids=_iva_sources(data, bases, ("withheld_from_suppliers",)),
    )
    summary.blank()
    summary.add(["Por tasa", *[""] * len(bases)], bold=True)
    keys = list(dict.fromkeys(key for b in bases for key in data[b]["by_rate"]))
    for key in keys:
        label = RATE_TITLES.get(key, f"{key} %")
        for field_name, title in RATE_FIELD_TITLES.items():
            values = [data[b]["by_rate"].get(key, {}).get(field_name, "0.00") for b in bases]
            summary.add([f"{label}: {title}", *values], uuids=_iva_sources(data, bases, ("by_rate", key, field_name)))
    period = data["period"]
    summary.notes.append(f"RFC {data['rfc']}, periodo {period['start']} a {period['end']}; importes en MXN.")
    for basis in bases:
        for code, note in data[basis]["notes"].items():
            summary.notes.append(f"{BASIS_TITLES[basis]}: {note_text(code, note)}.")
    sheets = [summary]
    if any("detail" in data[b] for b in bases):
        detail = Sheet(
            "Detalle",
            [
                ("Base", "text", 18),
                ("Concepto", "text", 40),
                ("UUID", "text", 38),
                ("UUID del pago", "text", 38),
                ("Tipo", "text", 6),
                ("Fecha", "date", 12),
                ("Origen", "text", 36),
                ("Tasa", "text", 10),
                ("Base gravable", "money", 18),
                ("IVA", "money", 16),
                ("Moneda", "text", 8),
            ],
        )
        for basis in bases:
            for figure, items in data[basis].get("detail", {}).items():
                for item in items:
                    detail.add(
                        [
                            BASIS_TITLES[basis],
                            FIGURE_TITLES.get(figure, figure),
                            item["uuid"],
                            item.get("payment_uuid"),
                            item.get("type"),
                            item.get("date"),
                            SOURCE_TITLES.get(item.get("source", ""), item.get("source")),
                            RATE_TITLES.get(item["rate"], item["rate"]),
                            item["base"],
                            item["amount"],
                            item.get("currency"),
                        ]
                    )
                if items:
                    total = sum(_cents(item["amount"]) for item in items)
                    base = sum(_cents(item["base"]) for item in items)
                    label = f"Total {FIGURE_TITLES.get(figure, figure)} ({len(items)})"
                    detail.add([BASIS_TITLES[basis], label, *[""] * 6, money(base), money(total)], bold=True)
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

AGING_TITLES = {"0-30": "0 a 30 días", "31-60": "31 a 60 días", "61-90": "61 a 90 días", "90+": "Más de 90 días"}
_PPD_COLUMNS: list[Column] = [
    ("UUID", "text", 38),
    ("Serie", "text", 8),
    ("Folio", "text", 10),
    ("Fecha de emisión", "date", 12),
    ("RFC", "text", 15),
    ("Nombre", "text", 36),
    ("Moneda", "text", 8),
    ("Tipo de cambio", "rate", 12),
    ("Total", "money", 16),
    ("Pagado", "money", 16),
    ("Notas de crédito", "money", 16),
    ("Saldo insoluto", "money", 16),
    ("Saldo en MXN", "money", 16),
    ("Días", "number", 7),
    ("Antigüedad", "text", 14),
    ("Pagos", "number", 7),
    ("Último pago", "date", 12),
    ("Saldo según último pago", "money", 16),
    ("Saldo en el explorador", "money", 16),
]


def ppd_sheets(data: dict[str, Any]) -> list[Sheet]:
    """``report ppd``: *Por cobrar*, *Por pagar* (one row per open invoice, a totals row and the aging) and
    *Pagos* (every payment counted)."""
    sheets = []
    payments = Sheet(
        "Pagos",
        [
            ("UUID de la factura", "text", 38),
            ("Lado", "text", 12),
            ("UUID del pago", "text", 38),
            ("Fecha de pago", "date", 12),
            ("Parcialidad", "number", 10),
            ("Importe pagado", "money", 16),
            ("Saldo insoluto según el pago", "money", 16),
        ],
    )
    for side, title in (("receivable", "Por cobrar"), ("payable", "Por pagar")):
        part = data[side]
        sheet = Sheet(title, _PPD_COLUMNS)
        for inv in part["invoices"]:
            sheet.add(
                [
                    inv["uuid"], inv["series"], inv["folio"], inv["issue_date"], inv["counterpart_rfc"],
                    inv["counterpart_name"], inv["currency"], inv["exchange_rate"], inv["total"], inv["paid"],
                    inv["credited"], inv["balance"], inv["balance_mxn"], inv["days"], AGING_TITLES[inv["aging"]],
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
            [f"Total ({part['count']} facturas), MXN", *[""] * 11, part["balance"]],
            bold=True,
            uuids=[inv["uuid"] for inv in part["invoices"]],
        )
        for key, amount in part["aging"].items():
            sheet.add(
                [AGING_TITLES[key], *[""] * 11, amount],
                uuids=[inv["uuid"] for inv in part["invoices"] if inv["aging"] == key],
            )
        sheet.notes.append(
            f"RFC {data['rfc']}; saldos al {data['as_of']}; el saldo en MXN usa el tipo de cambio de cada factura."
        )
        sheets.append(sheet)
    for code, note in data["notes"].items():
        sheets[0].notes.append(f"{note_text(code, note)}.")
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


__all__ = ["RATE_KEYS", "Sheet", "iva_sheets", "ppd_sheets", "write_workbook"]
