"""Exporting invoice records to CSV and Excel (.xlsx), streaming, with real number and date cells.

The .xlsx writer is a small SpreadsheetML producer (a ZIP of a few XML parts with inline strings): it
streams rows to disk so a million-row export never sits in memory, and it needs no third-party package.
Amounts are numeric cells with a ``#,##0.00`` format and dates real Excel dates, so an accountant can sum
and filter right away.

The values come from other people's invoices, so they are hostile (CSV/formula injection, OWASP): a text cell
that starts with ``= + - @``, a tab or a line break would run as a formula when the file is opened in a
spreadsheet (``=HYPERLINK(…)`` in a name, ``@SUM(…)`` in a series). In CSV such a cell gets a leading ``'``;
amounts stay plain numbers (``-5.00`` too). In .xlsx text is an inline string, never a formula, and such a
cell also gets Excel's "quote prefix" style, so editing it keeps it text. Every .xlsx cell is capped at
Excel's 32,767 characters (cut, ending in :data:`TRUNCATED_MARK`); characters XML cannot carry (control
characters, undecodable file-name bytes) become U+FFFD. ``report`` (a dict) receives the counts.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop_app.core.store.vault import atomic_write

COLUMNS: list[tuple[str, str, str]] = [
    # (record field, Spanish header, kind: text | money | date | rate)
    ("uuid", "UUID", "text"),
    ("direction", "Dirección", "text"),
    ("type", "Tipo", "text"),
    ("status", "Estado", "text"),
    ("series", "Serie", "text"),
    ("folio", "Folio", "text"),
    ("issue_date", "Fecha de emisión", "date"),
    ("stamp_date", "Fecha de timbrado", "date"),
    ("issuer_rfc", "RFC emisor", "text"),
    ("issuer_name", "Nombre emisor", "text"),
    ("receiver_rfc", "RFC receptor", "text"),
    ("receiver_name", "Nombre receptor", "text"),
    ("currency", "Moneda", "text"),
    ("exchange_rate", "Tipo de cambio", "rate"),
    ("subtotal", "Subtotal", "money"),
    ("discount", "Descuento", "money"),
    ("iva_transferred", "IVA trasladado", "money"),
    ("ieps_transferred", "IEPS trasladado", "money"),
    ("iva_withheld", "IVA retenido", "money"),
    ("isr_withheld", "ISR retenido", "money"),
    ("payroll_isr_withheld", "ISR retenido de nómina", "money"),
    ("local_taxes", "Impuestos locales", "money"),
    ("total", "Total", "money"),
    ("payment_method", "Método de pago", "text"),
    ("payment_form", "Forma de pago", "text"),
    ("cfdi_use", "Uso CFDI", "text"),
    ("version", "Versión", "text"),
    ("cancelled_at", "Fecha de cancelación", "date"),
    ("related_uuids", "CFDI relacionados", "text"),
    ("path", "Archivo XML", "text"),
]

_EXCEL_EPOCH = datetime(1899, 12, 30)

# What a spreadsheet takes for the start of a formula (OWASP "CSV injection"), and for an amount.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
EXCEL_MAX_CELL = 32_767  # characters (UTF-16 code units) in one cell
_EXCEL_MAX_NUMBER = Decimal("1e15")  # Excel keeps 15 significant digits: a longer "amount" is kept as text
TRUNCATED_MARK = " […recortado]"
# Lone surrogates (undecodable file-name bytes) and the control characters XML 1.0 cannot carry.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CR = {"\r": "&#13;"}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _count(report: dict[str, Any] | None, key: str) -> None:
    if report is not None:
        report[key] = report.get(key, 0) + 1


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_cell(value: Any, kind: str, report: dict[str, Any] | None = None) -> str:
    """One CSV field: amounts as they are, any other text that a spreadsheet would run as a formula behind a
    ``'``; characters UTF-8 cannot carry (undecodable file-name bytes) as U+FFFD."""
    text = _cell_text(value)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        _count(report, "replaced_characters")
    if kind in ("money", "rate") and _NUMBER.fullmatch(text):
        return text
    if is_formula_like(text):
        _count(report, "neutralized_cells")
        return "'" + text
    return text


def write_csv(records: Iterable[dict[str, Any]], path: Path, *, report: dict[str, Any] | None = None) -> int:
    """UTF-8 with BOM (Excel on Windows then shows accents right), one header row, field names as headers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    count = 0
    for rec in records:
        writer.writerow([csv_cell(rec.get(name), kind, report) for name, _, kind in COLUMNS])
        count += 1
    atomic_write(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return count


def xlsx_text(text: str, report: dict[str, Any] | None = None) -> str:
    """Text an .xlsx cell can hold: XML-safe and at most :data:`EXCEL_MAX_CELL` characters."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
        _count(report, "replaced_characters")
    if len(text) > EXCEL_MAX_CELL // 2 and _utf16_len(text) > EXCEL_MAX_CELL:
        budget = EXCEL_MAX_CELL - _utf16_len(TRUNCATED_MARK)
        kept, used = 0, 0
        for ch in text:
            width = 2 if ord(ch) > 0xFFFF else 1
            if used + width > budget:
                break
            used += width
            kept += 1
        text = text[:kept] + TRUNCATED_MARK
        _count(report, "truncated_cells")
    return text


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _excel_date(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    delta = moment - _EXCEL_EPOCH
    return delta.days + delta.seconds / 86400


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str, value: Any, kind: str, report: dict[str, Any] | None = None) -> str:
    if value is None or value == "":
        return ""
    if kind in ("money", "rate") and _NUMBER.fullmatch(str(value)):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is not None and abs(number) < _EXCEL_MAX_NUMBER:
            style = 1 if kind == "money" else 3
            return f'<c r="{ref}" s="{style}"><v>{number}</v></c>'
    if kind == "date":
        serial = _excel_date(str(value))
        if serial is not None:
            return f'<c r="{ref}" s="2"><v>{serial:.6f}</v></c>'
    raw = xlsx_text(_cell_text(value), report)
    # An inline string is never a formula; the quote prefix keeps it text when someone edits the cell too.
    style = ""
    if is_formula_like(raw):
        style = ' s="5"'
        _count(report, "neutralized_cells")
    # A carriage return as a reference: XML readers turn a literal one into a line feed.
    return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{escape(raw, _CR)}</t></is></c>'


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Facturas" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Styles: 0 default, 1 money #,##0.00, 2 date yyyy-mm-dd hh:mm:ss, 3 rate 0.000000, 4 bold header,
# 5 text with a quote prefix (a value that looks like a formula stays text).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>'
    '<numFmt numFmtId="165" formatCode="0.000000"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    "</cellXfs></styleSheet>"
)


def write_xlsx(records: Iterable[dict[str, Any]], path: Path, *, report: dict[str, Any] | None = None) -> int:
    """Stream records into a one-sheet workbook at ``path`` (temp file + rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
            zf.writestr("_rels/.rels", _ROOT_RELS)
            zf.writestr("xl/workbook.xml", _WORKBOOK)
            zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            zf.writestr("xl/styles.xml", _STYLES)
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                    b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
                )
                header = "".join(
                    f'<c r="{_column_letter(i)}1" t="inlineStr" s="4"><is><t>{escape(title)}</t></is></c>'
                    for i, (_, title, _) in enumerate(COLUMNS)
                )
                sheet.write(f'<row r="1">{header}</row>'.encode())
                for count, rec in enumerate(records, start=1):
                    row_number = count + 1
                    cells = "".join(
                        _cell(f"{_column_letter(i)}{row_number}", rec.get(name), kind, report)
                        for i, (name, _, kind) in enumerate(COLUMNS)
                    )
                    sheet.write(f'<row r="{row_number}">{cells}</row>'.encode())
                last = _column_letter(len(COLUMNS) - 1)
                sheet.write(f'</sheetData><autoFilter ref="A1:{last}{count + 1}"/></worksheet>'.encode())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
