"""Exporting invoice records to CSV and Excel (.xlsx), streaming, with real number and date cells.

The .xlsx writer is a small SpreadsheetML producer (a ZIP of a few XML parts with inline strings): it
streams rows to disk so a million-row export never sits in memory, and it needs no third-party package.
Amounts are numeric cells with a ``#,##0.00`` format and dates real Excel dates, so an accountant can sum
and filter right away.
"""

from __future__ import annotations

import csv
import io
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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def write_csv(records: Iterable[dict[str, Any]], path: Path) -> int:
    """UTF-8 with BOM (Excel on Windows then shows accents right), one header row, field names as headers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    count = 0
    for rec in records:
        writer.writerow([_cell_text(rec.get(name)) for name, _, _ in COLUMNS])
        count += 1
    atomic_write(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return count


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


def _cell(ref: str, value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind in ("money", "rate"):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is not None:
            style = 1 if kind == "money" else 3
            return f'<c r="{ref}" s="{style}"><v>{number}</v></c>'
    if kind == "date":
        serial = _excel_date(str(value))
        if serial is not None:
            return f'<c r="{ref}" s="2"><v>{serial:.6f}</v></c>'
    text = escape(_cell_text(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


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
# Styles: 0 default, 1 money #,##0.00, 2 date yyyy-mm-dd hh:mm:ss, 3 rate 0.000000, 4 bold header.
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
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs></styleSheet>"
)


def write_xlsx(records: Iterable[dict[str, Any]], path: Path) -> int:
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
                        _cell(f"{_column_letter(i)}{row_number}", rec.get(name), kind)
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
