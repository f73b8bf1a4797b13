"""Exporting invoice records to CSV and Excel (.xlsx), streaming, in the user's language, with real number and
date cells.

Both files speak the user's language (``lang``: ``es`` by default, or ``en``; the words are in
:mod:`desktop_app.core.vocabulary`): headers, Emitido/Recibido, Vigente/Cancelado/Desconocido, types as
"I Ingreso", payment forms, methods and CFDI uses as their code and SAT's name.

CSV: UTF-8 with a BOM (Excel then reads the accents right), ``,`` between fields and CRLF lines — Excel in
Spanish (Mexico) lists with ``,`` since Mexico writes decimals with ``.``, so the amounts (written as the CFDI
writes them, ``1234.50``) are numbers there; dates ``2026-05-10 10:00:00``, which Excel reads as dates in any
language. One header row, one row per invoice, nothing else (no totals: the file is data for other programs too).

.xlsx: a small SpreadsheetML producer of our own (a ZIP of a few XML parts with inline strings) that streams rows
to disk, so an export never sits in memory, and needs no third-party package (XlsxWriter in constant-memory mode
took 2.5–3× as long for the same export, and missed the budget: docs/performance.md, "Export to Excel").

Sheet 1 (*Facturas*): the invoices, amounts as numeric cells shown ``$#,##0.00``, dates as real dates shown
``dd/mm/yyyy`` (the cell keeps the time too), fixed column widths, the header row frozen, a filter on every column,
and under the invoices (one blank row apart, outside the filter) a totals row of *computed exact values*, not
formulas: each amount in MXN (other currencies times the document's exchange rate, rounded half-up to cents per
document — the rule of the CLI's ``data.totals``), damaged documents and amounts out of range left out and said so
in a note. Sheet 2 (*Conceptos*): one row per line item of each invoice's XML in the vault (the index keeps no line
items), read with the project's hardened parser; an invoice whose XML is missing, damaged or absent (metadata only)
has no rows there, and is counted in ``report`` and in a note under the rows. Each sheet holds at most Excel's
1,048,576 rows; what does not fit is counted and said so.

The values come from other people's invoices, so they are hostile (CSV/formula injection, OWASP): a text cell
that starts with ``= + - @``, a tab or a line break would run as a formula when the file is opened in a
spreadsheet (``=HYPERLINK(…)`` in a name, ``@SUM(…)`` in a series). In CSV such a cell gets a leading ``'``;
amounts stay plain numbers (``-5.00`` too). In .xlsx text is an inline string, never a formula (the file holds
no formula at all), and such a cell also gets Excel's "quote prefix" style, so editing it keeps it text. Every
.xlsx cell is capped at Excel's 32,767 characters (cut, ending in :data:`TRUNCATED_MARK`); characters XML cannot
carry (control characters, undecodable file-name bytes) become U+FFFD. ``report`` (a dict) receives the counts.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from desktop_app.core.cfdi.model import TYPE_RETENCIONES
from desktop_app.core.errors import AppError
from desktop_app.core.store.vault import FILE_MODE, name_failed_write, private_temporary
from desktop_app.core.vocabulary import WORDS, language, value_text

if TYPE_CHECKING:
    from concurrent.futures import Future

COLUMNS: list[tuple[str, str, str]] = [
    # (record field, Spanish header, kind: text | money | date | rate)
    ("uuid", "UUID", "text"),
    ("direction", "Emitido/Recibido", "text"),
    ("type", "Tipo de comprobante", "text"),
    ("status", "Estado en el SAT", "text"),
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
    ("cfdi_use", "Uso del CFDI", "text"),
    ("version", "Versión", "text"),
    ("cancelled_at", "Fecha de cancelación", "date"),
    ("related_uuids", "CFDI relacionados", "text"),
    ("path", "Archivo XML", "text"),
]
HEADERS_EN = {
    "uuid": "UUID",
    "direction": "Issued/Received",
    "type": "Document type",
    "status": "Status at SAT",
    "series": "Series",
    "folio": "Folio",
    "issue_date": "Issue date",
    "stamp_date": "Stamp date",
    "issuer_rfc": "Issuer RFC",
    "issuer_name": "Issuer name",
    "receiver_rfc": "Receiver RFC",
    "receiver_name": "Receiver name",
    "currency": "Currency",
    "exchange_rate": "Exchange rate",
    "subtotal": "Subtotal",
    "discount": "Discount",
    "iva_transferred": "VAT (IVA) transferred",
    "ieps_transferred": "IEPS transferred",
    "iva_withheld": "VAT (IVA) withheld",
    "isr_withheld": "Income tax (ISR) withheld",
    "payroll_isr_withheld": "Payroll income tax (ISR) withheld",
    "local_taxes": "Local taxes",
    "total": "Total",
    "payment_method": "Payment method",
    "payment_form": "Payment form",
    "cfdi_use": "CFDI use",
    "version": "Version",
    "cancelled_at": "Cancellation date",
    "related_uuids": "Related CFDI",
    "path": "XML file",
}
# Column widths in Excel's units (characters of the default font); a header never wider than its column.
WIDTHS = {
    "uuid": 38,
    "direction": 17,
    "type": 20,
    "status": 16,
    "series": 8,
    "folio": 10,
    "issue_date": 16,
    "stamp_date": 17,
    "issuer_rfc": 15,
    "issuer_name": 40,
    "receiver_rfc": 15,
    "receiver_name": 40,
    "currency": 9,
    "exchange_rate": 14,
    "payroll_isr_withheld": 22,
    "payment_method": 34,
    "payment_form": 36,
    "cfdi_use": 40,
    "version": 8,
    "cancelled_at": 20,
    "related_uuids": 38,
    "path": 60,
}
MONEY_WIDTH = 16
MONEY_FIELDS = [name for name, _, kind in COLUMNS if kind == "money"]

# CFF art. 69-B (issue 18.7): with a 69-B list loaded, the export adds the counterpart's situation on it (the
# receiver of an issued document, the issuer of a received one; empty when it is not on the list).
EFOS_FIELD = "efos_situation"
EFOS_COLUMN = (EFOS_FIELD, "Situación 69-B", "text")
HEADERS_EN[EFOS_FIELD] = "69-B status"
WIDTHS[EFOS_FIELD] = 20
EFOS_SITUATION_TEXT = {
    "es": {
        "presunto": "Presunto",
        "desvirtuado": "Desvirtuado",
        "definitivo": "Definitivo",
        "sentencia_favorable": "Sentencia favorable",
    },
    "en": {
        "presunto": "Presumed",
        "desvirtuado": "Disproved",
        "definitivo": "Definitive",
        "sentencia_favorable": "Favorable ruling",
    },
}
EFOS_BATCH = 500  # records per lookup: one indexed query (``store.efos``'s chunk) per batch
# counterpart RFCs → {rfc: situation code} of those on the loaded list (``DescargaService.efos_situation_of``'s)
EfosLookup = Callable[[list[str]], Mapping[str, str]]


def efos_lookup(service: Any) -> EfosLookup | None:
    """The export's 69-B lookup (the ``efos`` of :func:`write_csv` / :func:`write_xlsx`) from a data service with
    a loaded list (``efos_status`` / ``efos_situation_of``), else None: no column. The window's export and the
    CLI's ``invoices list --format csv|xlsx`` both ask it."""
    status_of = getattr(service, "efos_status", None)
    situation_of = getattr(service, "efos_situation_of", None)
    if status_of is None or situation_of is None:
        return None
    try:
        if not status_of().get("loaded"):
            return None
    except AppError:
        return None

    def lookup(rfcs: list[str]) -> dict[str, str]:
        return {rfc: entry["situation"] for rfc, entry in situation_of(rfcs).items()}

    return lookup


def counterpart_rfc(rec: Mapping[str, Any]) -> str:
    """The other party of a document: the receiver of an issued one, the issuer of a received one."""
    return str((rec.get("receiver_rfc") if rec.get("direction") == "issued" else rec.get("issuer_rfc")) or "")


def with_efos_situation(records: Iterable[dict[str, Any]], lookup: EfosLookup) -> Iterator[dict[str, Any]]:
    """``records`` with :data:`EFOS_FIELD` set to their counterpart's situation code (None when not listed), the
    list asked once per :data:`EFOS_BATCH` records; still streaming."""
    chunk: list[dict[str, Any]] = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) >= EFOS_BATCH:
            yield from _situated(chunk, lookup)
            chunk = []
    if chunk:
        yield from _situated(chunk, lookup)


def _situated(chunk: list[dict[str, Any]], lookup: EfosLookup) -> Iterator[dict[str, Any]]:
    rfcs = sorted({counterpart_rfc(rec).upper() for rec in chunk} - {""})
    found = lookup(rfcs) if rfcs else {}
    for rec in chunk:
        yield {**rec, EFOS_FIELD: found.get(counterpart_rfc(rec).upper())}


def _columns(efos: EfosLookup | None) -> list[tuple[str, str, str]]:
    return [*COLUMNS, EFOS_COLUMN] if efos is not None else COLUMNS


# Fields whose value is a word or a code of the export's vocabulary (core/vocabulary.py).
_WORD_FIELDS = frozenset({"direction", "type", "status", "payment_method", "payment_form", "cfdi_use"})

# The line items sheet: (key, Spanish header, English header, kind, width). Kinds as above, plus "number" (a
# plain number: quantities) and "price" (money with up to six decimals: CFDI unit values have them).
CONCEPT_COLUMNS: list[tuple[str, str, str, str, float]] = [
    ("uuid", "UUID", "UUID", "text", 38),
    ("issue_date", "Fecha de emisión", "Issue date", "date", 16),
    ("direction", "Emitido/Recibido", "Issued/Received", "text", 17),
    ("issuer_rfc", "RFC emisor", "Issuer RFC", "text", 15),
    ("receiver_rfc", "RFC receptor", "Receiver RFC", "text", 15),
    ("product_key", "Clave SAT (ClaveProdServ)", "SAT product key (ClaveProdServ)", "text", 24),
    ("description", "Descripción", "Description", "text", 50),
    ("quantity", "Cantidad", "Quantity", "number", 10),
    ("unit_key", "Clave de unidad", "Unit key", "text", 15),
    ("unit", "Unidad", "Unit", "text", 18),
    ("unit_value", "Valor unitario", "Unit price", "price", 16),
    ("amount", "Importe", "Amount", "money", 16),
    ("discount", "Descuento", "Discount", "money", 14),
    ("transferred", "Impuestos trasladados", "Taxes transferred", "money", 21),
    ("withheld", "Impuestos retenidos", "Taxes withheld", "money", 19),
    ("currency", "Moneda", "Currency", "text", 9),
]

EXCEL_MAX_ROWS = 1_048_576  # rows in one sheet
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EXCEL_FIRST_TRUE_DAY = datetime(1900, 3, 1)  # from here on, the serial from _EXCEL_EPOCH is the day Excel shows

# What a spreadsheet takes for the start of a formula (OWASP "CSV injection"), and for an amount.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
EXCEL_MAX_CELL = 32_767  # characters (UTF-16 code units) in one cell
_EXCEL_MAX_NUMBER = Decimal("1e15")  # Excel keeps 15 significant digits: a longer "amount" is kept as text
TRUNCATED_MARK = " […recortado]"
TRUNCATED_MARKS = {"es": TRUNCATED_MARK, "en": " […truncated]"}
# The mark of the export being written (its ``lang``): set by :func:`speaking` around each file.
_mark: ContextVar[str] = ContextVar("truncated_mark", default=TRUNCATED_MARK)


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """The cells written meanwhile are cut with ``lang``'s :data:`TRUNCATED_MARKS` (one export, one language)."""
    token = _mark.set(TRUNCATED_MARKS.get(lang, TRUNCATED_MARK))
    try:
        yield
    finally:
        _mark.reset(token)


def styles_xml(lang: str) -> str:
    """``xl/styles.xml`` for a workbook in ``lang``: its days dd/mm/aaaa, in English M/d/yyyy (DESIGN §3)."""
    return _STYLES.replace('formatCode="dd/mm/yyyy"', 'formatCode="m/d/yyyy"') if lang == "en" else _STYLES


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
    quoted = is_formula_like(text)
    text = _capped(text, report, EXCEL_MAX_CELL - quoted)  # Excel keeps no more of a CSV field: cut as in .xlsx
    if quoted:
        _count(report, "neutralized_cells")
        return "'" + text
    return text


def _temporary(path: Path) -> Path:
    """The sibling an export is written to before it replaces ``path`` (``vault.private_temporary``: 0600 from the
    start, a name nobody can plant a symlink at); missing folders are made private, as every file of the app: the
    rows are other people's invoices."""
    return private_temporary(path)


def _publish(tmp: Path, path: Path) -> None:
    os.chmod(tmp, FILE_MODE)  # the writer reopened it by name: still ours (0600 since it was made)
    os.replace(tmp, path)


def csv_headers(lang: str = "es", columns: list[tuple[str, str, str]] | None = None) -> list[str]:
    """The CSV's (and the invoices sheet's) column titles in ``lang``."""
    columns = COLUMNS if columns is None else columns
    if language(lang) == "en":
        return [HEADERS_EN[name] for name, _, _ in columns]
    return [title for _, title, _ in columns]


def _shown(name: str, value: Any, lang: str) -> Any:
    if name == EFOS_FIELD:
        return EFOS_SITUATION_TEXT[lang].get(value, value) if value else value
    return value_text(name, value, lang) if name in _WORD_FIELDS else value


def _csv_date(value: Any) -> Any:
    """``2026-05-10T10:00:00`` → ``2026-05-10 10:00:00``: Excel reads that as a date and time in any language."""
    if isinstance(value, str) and len(value) >= 19 and value[10] == "T" and value[:4].isdigit():
        return value[:10] + " " + value[11:]
    return value


def write_csv(
    records: Iterable[dict[str, Any]],
    path: Path,
    *,
    report: dict[str, Any] | None = None,
    lang: str = "es",
    efos: EfosLookup | None = None,
) -> int:
    """UTF-8 with BOM, ``,``-separated, one header row in ``lang`` (module docstring); streamed to a temporary
    sibling, renamed over ``path`` when complete. ``efos`` (a loaded 69-B list's lookup) adds the last column,
    the counterpart's «Situación 69-B»."""
    lang = language(lang)
    columns = _columns(efos)
    if efos is not None:
        records = with_efos_situation(records, efos)
    tmp = _temporary(path)
    count = 0
    try:
        with speaking(lang), open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(csv_headers(lang, columns))
            for rec in records:
                row = []
                for name, _, kind in columns:
                    value = _shown(name, rec.get(name), lang)
                    if kind == "date":
                        value = _csv_date(value)
                    row.append(csv_cell(value, kind, report))
                writer.writerow(row)
                count += 1
            fh.flush()
            os.fsync(fh.fileno())
        _publish(tmp, path)
    except BaseException as exc:
        name_failed_write(exc, tmp)
        tmp.unlink(missing_ok=True)
        raise
    return count


def xlsx_text(text: str, report: dict[str, Any] | None = None) -> str:
    """Text an .xlsx cell can hold: XML-safe and at most :data:`EXCEL_MAX_CELL` characters."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
        _count(report, "replaced_characters")
    return _capped(text, report)


def _capped(text: str, report: dict[str, Any] | None, limit: int = EXCEL_MAX_CELL) -> str:
    """``text`` cut to ``limit`` UTF-16 code units with the export's mark at its end, when longer (a text of at most
    half as many characters fits whatever they are: told without encoding it, as nearly every cell is)."""
    if len(text) <= limit // 2 or _utf16_len(text) <= limit:
        return text
    mark = _mark.get()
    budget = limit - _utf16_len(mark)
    kept, used = 0, 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        if used + width > budget:
            break
        used += width
        kept += 1
    _count(report, "truncated_cells")
    return text[:kept] + mark


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _excel_date(text: str) -> float | None:
    """Excel's serial of an ISO date or datetime; None (written as the text itself) for what is not one or what
    Excel cannot show as the same day: before 1 March 1900 its serials are negative (shown as ``#####``) or a day
    off (its 29 February 1900), so a CFDI dated 0001-01-01 or 1899-12-31 showed nothing or another day."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:  # the wall-clock time the document shows
        moment = moment.replace(tzinfo=None)
    if moment < _EXCEL_FIRST_TRUE_DAY:
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


# cellXfs indices of _STYLES.
S_MONEY, S_DATE, S_RATE, S_HEADER, S_QUOTED, S_PRICE, S_BOLD, S_BOLD_MONEY, S_NOTE = range(1, 10)
_NUMBER_STYLE = {"money": S_MONEY, "rate": S_RATE, "price": S_PRICE, "number": 0}


def _cell(ref: str, value: Any, kind: str, report: dict[str, Any] | None = None) -> str:
    """One ``<c>`` element (``""`` for an empty value). Called for every cell: kept lean (docs/performance.md)."""
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else _cell_text(value)
    if kind != "text":
        if kind == "date":
            serial = _excel_date(text)
            if serial is not None:
                return f'<c r="{ref}" s="{S_DATE}"><v>{serial!r}</v></c>'
        elif _NUMBER.fullmatch(text) and _fits_excel(text):
            style = _NUMBER_STYLE[kind]
            return f'<c r="{ref}" s="{style}"><v>{text}</v></c>' if style else f'<c r="{ref}"><v>{text}</v></c>'
    return _text_cell(ref, text, report) if text else ""


def _fits_excel(number: str) -> bool:
    """Whether a decimal string (``_NUMBER``) has at most 15 significant digits, what Excel keeps exactly: more
    are written as text (99999999999999.99 was a number Excel read back as …99.98, an outside audit)."""
    if len(number) <= 15:  # nearly every amount: at most 15 characters, so at most 15 digits
        return True
    whole, _, fraction = number.lstrip("+-").partition(".")
    return len((whole + fraction.rstrip("0")).lstrip("0")) <= 15


_XML_SPECIAL = re.compile("[&<>\r]")
_BLANKS = frozenset(" \t\n\r\u00a0\u3000")


_EXCEL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")


def _text_cell(ref: str, text: str, report: dict[str, Any] | None, style: int = 0) -> str:
    if _NOT_XML.search(text) or len(text) > EXCEL_MAX_CELL // 2:
        text = xlsx_text(text, report)
    # An inline string is never a formula; the quote prefix keeps it text when someone edits the cell too.
    if text.startswith(FORMULA_START):
        style = S_QUOTED
        _count(report, "neutralized_cells")
    # Excel reads «_xHHHH_» in a string as the character HHHH («Café _x0041_» showed «Café A»): its escape, _x005F_
    # (an underscore), before each such run keeps the text as written (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    # Excel drops a text's leading and trailing blanks unless told to keep them.
    t = "<t>" if text[:1] not in _BLANKS and text[-1:] not in _BLANKS else '<t xml:space="preserve">'
    if _XML_SPECIAL.search(text):
        # A carriage return as a reference: XML readers turn a literal one into a line feed.
        text = escape(text, _CR)
    if style:
        return f'<c r="{ref}" t="inlineStr" s="{style}"><is>{t}{text}</t></is></c>'
    return f'<c r="{ref}" t="inlineStr"><is>{t}{text}</t></is></c>'


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT_SHEET}"/>' for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
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


def _workbook_rels(sheets: int) -> str:
    """The workbook's relationships: sheet N is rIdN (``_workbook``'s ``r:id``), the styles come after them."""
    worksheets = "".join(
        f'<Relationship Id="rId{i}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{worksheets}"
        f'<Relationship Id="rId{sheets + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


# Number formats are written in Excel's file notation (the language-neutral one: "," groups thousands, "."
# marks decimals, d/m/y): Excel shows them with the user's own separators and letters (dd/mm/aaaa in Spanish).
# Styles: 0 default, 1 money, 2 date dd/mm/yyyy, 3 rate 0.000000, 4 header (bold, shaded), 5 text with a quote
# prefix (a value that looks like a formula stays text), 6 unit price (money with up to six decimals), 7 bold
# text, 8 bold money (the totals row), 9 italic note.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="4"><numFmt numFmtId="164" formatCode="&quot;$&quot;#,##0.00"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="166" formatCode="0.000000"/>'
    '<numFmt numFmtId="167" formatCode="&quot;$&quot;#,##0.00####"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><i/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _workbook(names: list[str], filters: list[str]) -> str:
    """workbook.xml: the sheets, and the ranges of their filters (Excel's hidden ``_FilterDatabase`` names)."""
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, start=1)
    )
    defined = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_sheet_ref(name, ref))}</definedName>"
        for i, (name, ref) in enumerate(zip(names, filters, strict=True))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f"<sheets>{sheets}</sheets><definedNames>{defined}</definedNames></workbook>"
    )


def _sheet_ref(sheet: str, ref: str) -> str:
    """``'Facturas'!$A$1:$AD$101`` from ``A1:AD101``."""
    absolute = ":".join(re.sub(r"([A-Z]+)([0-9]+)", r"$\1$\2", part) for part in ref.split(":"))
    return "'" + sheet.replace("'", "''") + "'!" + absolute


def _sheet_start(widths: list[float], *, selected: bool) -> str:
    """A sheet's opening: the header row frozen, the column widths."""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>' for i, width in enumerate(widths, start=1)
    )
    tab = ' tabSelected="1"' if selected else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f'<sheetViews><sheetView workbookViewId="0"{tab}><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
    )


def _header_row(titles: list[str]) -> str:
    cells = "".join(
        f'<c r="{_column_letter(i)}1" t="inlineStr" s="{S_HEADER}"><is><t>{escape(title)}</t></is></c>'
        for i, title in enumerate(titles)
    )
    return f'<row r="1">{cells}</row>'


def _note_row(row_number: int, text: str, style: int = S_NOTE) -> str:
    return f'<row r="{row_number}">{_text_cell(f"A{row_number}", text, None, style)}</row>'


def _width(title: str, width: float) -> float:
    return max(width, round(len(title) * 1.1 + 2))  # bold header text is a little wider


class _Totals:
    """The totals row: each amount column in exact MXN cents, the rule of ``data.totals`` (``index.to_mxn_cents``:
    other currencies times the document's exchange rate, rounded half-up to cents per document and field; cancelled
    documents and constancias de retenciones listed and left out unless the filter asked for them)."""

    def __init__(self, cancelled_out: bool, retenciones_out: bool) -> None:
        from desktop_app.core.cfdi.values import in_range_cents
        from desktop_app.core.index import lacks_exchange_rate, to_mxn_cents

        self.to_cents, self.in_range, self.lacks_rate = to_mxn_cents, in_range_cents, lacks_exchange_rate
        self.cents = dict.fromkeys(MONEY_FIELDS, 0)
        self.cancelled_out = cancelled_out
        self.retenciones_out = retenciones_out
        self.count = 0
        self.converted = 0
        self.not_summed = 0
        self.cancelled = 0
        self.retenciones = 0

    def add(self, rec: dict[str, Any]) -> None:
        if rec.get("damaged"):
            # never summed (DESIGN.md §3), and counted as the list shows them whatever their status or type
            # (``data.totals``' rule: the «Sólo dañados» view's bar said 31, its workbook 30, a cancelled one out)
            self.count += 1
            self.not_summed += 1
            return
        if self.retenciones_out and rec.get("type") == TYPE_RETENCIONES:
            self.retenciones += 1  # a constancia, not an invoice: listed, not summed (``data.totals``' rule)
            return
        if self.cancelled_out and rec.get("status") == "cancelado":
            self.cancelled += 1  # listed, not summed (``data.totals``' rule)
            return
        self.count += 1
        currency = rec.get("currency")
        rate_text = rec.get("exchange_rate")
        rate = Decimal(str(rate_text)) if rate_text and _NUMBER.fullmatch(str(rate_text)) else None
        # to_mxn_cents' own condition: converted when the currency is another one and a (non-zero) rate is given
        foreign = bool(rate) and currency not in (None, "MXN", "XXX")
        if self.lacks_rate(currency, rate):
            # flagged ``no_exchange_rate``: ``data.totals`` sums it as nothing — so does this row, never one for one
            self.not_summed += 1
            return
        unsummed = False
        if foreign:
            self.converted += 1
        for name in MONEY_FIELDS:
            value = rec.get(name)
            if value is None or value == "" or value == "0":
                continue
            text = str(value)
            if not _NUMBER.fullmatch(text):
                unsummed = True
                continue
            whole, _, fraction = text.partition(".")
            if not foreign and len(fraction) <= 2:  # exact cents already: what to_mxn_cents gives, faster
                exact = int(whole + fraction.ljust(2, "0"))
                cents: int | None = exact if self.in_range(exact) else None
            else:
                cents = self.to_cents(Decimal(text), rate, currency)
            if cents is None:  # out of the range the index sums (the row is flagged)
                unsummed = True
            else:
                self.cents[name] += cents
        # documents, not amounts: «210» beside 31 damaged documents read as 210 documents
        self.not_summed += unsummed

    def row(self, row_number: int, lang: str) -> str:
        cells = []
        for i, (name, _, kind) in enumerate(COLUMNS):
            ref = f"{_column_letter(i)}{row_number}"
            if i == 0:
                label = WORDS[lang]["totals_label"].format(count=f"{self.count:,}")
                cells.append(_text_cell(ref, label, None, S_BOLD))
            elif name == "currency":
                cells.append(_text_cell(ref, "MXN", None, S_BOLD))
            elif kind == "money":
                amount = Decimal(self.cents[name]).scaleb(-2)
                cells.append(f'<c r="{ref}" s="{S_BOLD_MONEY}"><v>{amount}</v></c>')
        return f'<row r="{row_number}">{"".join(cells)}</row>'

    def notes(self, lang: str) -> list[str]:
        words = WORDS[lang]
        notes = []
        if self.converted:
            notes.append(words["converted"].format(count=f"{self.converted:,}"))
        if self.not_summed:
            notes.append(words["not_summed"].format(count=f"{self.not_summed:,}"))
        if self.cancelled:
            notes.append(words["cancelled"].format(count=f"{self.cancelled:,}"))
        if self.retenciones:
            notes.append(words["retenciones"].format(count=f"{self.retenciones:,}"))
        return notes


def write_xlsx(
    records: Iterable[dict[str, Any]],
    path: Path,
    *,
    report: dict[str, Any] | None = None,
    lang: str = "es",
    cancelled_out: bool = True,
    retenciones_out: bool = True,
    efos: EfosLookup | None = None,
    group_keys: Sequence[str] = (),
    groups: Sequence[Mapping[str, Any]] = (),
) -> int:
    """Stream records into a workbook at ``path`` (temporary sibling + rename): the invoices with their totals row,
    then their line items read from the vault (module docstring), then — given ``group_keys`` — the ``groups`` of
    ``index.group_totals`` for those keys, one row each. Returns the invoices written.

    ``report`` also receives ``concept_rows`` and, per invoice without line items in the sheet,
    ``concepts_skipped_no_xml`` (metadata only), ``concepts_skipped_missing_xml`` (the vault's file is gone) or
    ``concepts_skipped_damaged_xml``; ``rows_left_out`` / ``concept_rows_left_out`` beyond Excel's rows (zero
    counts are left out, as for the cell counts).

    The records are read once. While sheet 1 is written, a thread reads and parses each invoice's XML (lxml
    parses without the GIL) and the line items go to a temporary file, which sheet 2 is then written from:
    nothing grows with the number of invoices but that file.

    ``cancelled_out``: the totals row leaves cancelled documents out and says how many (``data.totals``' rule
    when the filter asks for no status); False sums every row (a filter on a status). ``retenciones_out``: the
    same for constancias de retenciones (type R) when the filter asks for no type.

    ``efos`` (a loaded 69-B list's lookup, :data:`EfosLookup`) adds the invoices' last column, the counterpart's
    «Situación 69-B».
    """
    lang = language(lang)
    words = WORDS[lang]
    columns = _columns(efos)
    if efos is not None:
        records = with_efos_situation(records, efos)
    tmp = _temporary(path)
    count = 0
    try:
        with (
            speaking(lang),
            tempfile.TemporaryFile(dir=path.parent) as spool,
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        ):
            sheets = 3 if group_keys else 2
            zf.writestr("[Content_Types].xml", _content_types(sheets))
            zf.writestr("_rels/.rels", _ROOT_RELS)
            zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(sheets))
            zf.writestr("xl/styles.xml", styles_xml(lang))
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry, _ConceptReader(spool) as reader:
                sheet = _Batched(entry)
                count, invoices_ref = _write_invoices(
                    sheet, records, reader, report, lang, _Totals(cancelled_out, retenciones_out), columns
                )
                sheet.flush()
                reader.finish()
            spool.seek(0)
            with zf.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as entry:
                sheet = _Batched(entry)
                concepts_ref = _write_concepts(sheet, (json.loads(line) for line in spool), report, lang)
                sheet.flush()
            names = [words["invoices_sheet"], words["concepts_sheet"]]
            filters = [invoices_ref, concepts_ref]
            if group_keys:
                with zf.open("xl/worksheets/sheet3.xml", "w") as entry:
                    sheet = _Batched(entry)
                    filters.append(_write_groups(sheet, group_keys, groups, report, lang))
                    sheet.flush()
                names.append(words["groups_sheet"])
            zf.writestr("xl/workbook.xml", _workbook(names, filters))
        _publish(tmp, path)
    except BaseException as exc:
        name_failed_write(exc, tmp)
        tmp.unlink(missing_ok=True)
        raise
    return count


class _Batched:
    """Rows gathered as text and handed to the ZIP entry (encoded, compressed) about a megabyte at a time: one
    ``write`` per row cost more than the row itself."""

    def __init__(self, entry: IO[bytes], size: int = 1 << 20) -> None:
        self.entry, self.size = entry, size
        self.parts: list[str] = []
        self.pending = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.pending += len(text)
        if self.pending >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.entry.write("".join(self.parts).encode())
            self.parts, self.pending = [], 0


# One thread reads and parses the vault's files while sheet 1 is written: lxml parses without the GIL, but the
# rest holds it, and a second thread made the whole export slower on two cores (docs/performance.md).
READ_AHEAD_THREADS = 1
_CHUNK = 256  # invoices per task


class _ConceptReader:
    """Reads each invoice's line items (:func:`read_concepts`) on :data:`READ_AHEAD_THREADS` threads and writes
    them, in the invoices' order, to ``spool`` as JSON lines ``[uuid, issue date, direction, issuer, receiver,
    currency, skip reason, items]``. At most ``2 × threads`` chunks are in flight, so memory stays bounded."""

    def __init__(self, spool: IO[bytes]) -> None:
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self.spool = spool
        self.pool = ThreadPoolExecutor(max_workers=READ_AHEAD_THREADS, thread_name_prefix="export-xml")
        self.chunk: list[tuple[Any, bool, list[Any]]] = []  # (path, damaged, head) of invoices not yet sent
        self.pending: deque[tuple[list[tuple[Any, bool, list[Any]]], Future[list[Concepts]]]] = deque()

    def __enter__(self) -> _ConceptReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def add(self, path: Any, damaged: bool, head: list[Any]) -> None:
        self.chunk.append((path, damaged, head))
        if len(self.chunk) >= _CHUNK:
            self._submit()

    def finish(self) -> None:
        self._submit()
        while self.pending:
            self._drain()

    def _submit(self) -> None:
        if self.chunk:
            jobs = [(path, damaged) for path, damaged, _ in self.chunk]
            self.pending.append((self.chunk, self.pool.submit(_read_all, jobs)))
            self.chunk = []
        while len(self.pending) > 2 * READ_AHEAD_THREADS:
            self._drain()

    def _drain(self) -> None:
        chunk, future = self.pending.popleft()
        lines = [
            json.dumps([*head, reason, items])
            for (_, _, head), (reason, items) in zip(chunk, future.result(), strict=True)
        ]
        self.spool.write(("\n".join(lines) + "\n").encode())


def _read_all(jobs: list[tuple[Any, bool]]) -> list[Concepts]:
    return [read_concepts(path, damaged=damaged) for path, damaged in jobs]


def _write_invoices(
    sheet: _Batched,
    records: Iterable[dict[str, Any]],
    reader: _ConceptReader,
    report: dict[str, Any] | None,
    lang: str,
    totals: _Totals,
    shown: list[tuple[str, str, str]] = COLUMNS,
) -> tuple[int, str]:
    """Sheet 1 (``shown``: :data:`COLUMNS`, and the 69-B column when asked); each written invoice is handed to
    ``reader`` for sheet 2."""
    titles = csv_headers(lang, shown)
    widths = [_width(t, WIDTHS.get(name, MONEY_WIDTH)) for t, (name, _, _) in zip(titles, shown, strict=True)]
    sheet.write(_sheet_start(widths, selected=True))
    sheet.write(_header_row(titles))
    letters = [_column_letter(i) for i in range(len(shown))]
    columns = [
        (letter, name, kind, name in _WORD_FIELDS) for letter, (name, _, kind) in zip(letters, shown, strict=True)
    ]
    room = EXCEL_MAX_ROWS - 4  # the header, the blank row, the totals row and its note
    count = left_out = 0
    for rec in records:
        if count >= room:
            left_out += 1
            continue
        count += 1
        row = str(count + 1)
        cells = []
        for letter, name, kind, word in columns:
            value = rec.get(name)
            if value is None or value == "":
                continue
            if word or name == EFOS_FIELD:
                value = _shown(name, value, lang)
            cells.append(_cell(letter + row, value, kind, report))
        sheet.write(f'<row r="{row}">{"".join(cells)}</row>')
        totals.add(rec)
        path = rec.get("path")
        head = [
            rec.get("uuid"),
            rec.get("issue_date"),
            value_text("direction", rec.get("direction"), lang),
            rec.get("issuer_rfc"),
            rec.get("receiver_rfc"),
            rec.get("currency"),
        ]
        reader.add(path if rec.get("has_xml", bool(path)) else None, bool(rec.get("damaged")), head)
    filter_ref = f"A1:{letters[-1]}{count + 1}"
    sheet.write(totals.row(count + 3, lang))
    notes = totals.notes(lang)
    if left_out:
        notes.append(WORDS[lang]["left_out"].format(count=f"{left_out:,}"))
        _add(report, "rows_left_out", left_out)
    if notes:
        sheet.write(_note_row(count + 4, ". ".join(notes)))
    sheet.write(f'</sheetData><autoFilter ref="{filter_ref}"/></worksheet>')
    return count, filter_ref


def _add(report: dict[str, Any] | None, key: str, n: int) -> None:
    if report is not None and n:
        report[key] = report.get(key, 0) + n


def _write_concepts(sheet: _Batched, invoices: Iterable[list[Any]], report: dict[str, Any] | None, lang: str) -> str:
    """Sheet 2: the line items of each invoice (the spooled lines of :class:`_ConceptReader`)."""
    titles = [en if lang == "en" else es for _, es, en, _, _ in CONCEPT_COLUMNS]
    sheet.write(_sheet_start([_width(t, c[4]) for t, c in zip(titles, CONCEPT_COLUMNS, strict=True)], selected=False))
    sheet.write(_header_row(titles))
    letters = [_column_letter(i) for i in range(len(CONCEPT_COLUMNS))]
    head_columns = list(zip(letters[:5], [kind for _, _, _, kind, _ in CONCEPT_COLUMNS[:5]], strict=True))
    item_columns = list(zip(letters[5:-1], [kind for _, _, _, kind, _ in CONCEPT_COLUMNS[5:-1]], strict=True))
    currency_letter = letters[-1]
    room = EXCEL_MAX_ROWS - 4  # the header, a blank row and two notes
    rows = left_out = 0
    skipped = {"no_xml": 0, "missing_xml": 0, "damaged_xml": 0}
    for uuid, issue_date, direction, issuer, receiver, currency, reason, items in invoices:
        if reason is not None:
            skipped[reason] += 1
            continue
        head = (uuid, issue_date, direction, issuer, receiver)
        for item in items:
            if rows >= room:
                left_out += 1
                continue
            rows += 1
            row = str(rows + 1)
            cells = [
                _cell(letter + row, value, kind, report)
                for (letter, kind), value in zip(head_columns, head, strict=True)
            ]
            cells += [
                _cell(letter + row, value, kind, report)
                for (letter, kind), value in zip(item_columns, item, strict=True)
            ]
            cells.append(_cell(currency_letter + row, currency, "text", report))
            sheet.write(f'<row r="{row}">{"".join(cells)}</row>')
    filter_ref = f"A1:{letters[-1]}{rows + 1}"
    next_row = rows + 3
    if any(skipped.values()):
        sheet.write(_note_row(next_row, WORDS[lang]["skipped"].format(**{k: f"{v:,}" for k, v in skipped.items()})))
        next_row += 1
    if left_out:
        sheet.write(_note_row(next_row, WORDS[lang]["left_out"].format(count=f"{left_out:,}")))
    sheet.write(f'</sheetData><autoFilter ref="{filter_ref}"/></worksheet>')
    _add(report, "concept_rows", rows)
    _add(report, "concept_rows_left_out", left_out)
    for reason, n in skipped.items():
        _add(report, f"concepts_skipped_{reason}", n)
    return filter_ref


def _write_groups(
    sheet: _Batched,
    keys: Sequence[str],
    groups: Sequence[Mapping[str, Any]],
    report: dict[str, Any] | None,
    lang: str,
) -> str:
    """Sheet 3 (``--group-by``): a row per group — its keys in words, how many documents it sums, every sum in MXN
    (the rule of ``data.groups``), and how many cancelled documents and constancias it lists but leaves out."""
    words = WORDS[lang]
    titles = {name: title for name, title in zip([c[0] for c in COLUMNS], csv_headers(lang), strict=True)}
    layout = [
        *((key, titles[key], "text", WIDTHS.get(key, 16)) for key in keys),
        ("count", words["groups_count"], "number", 14),
        *((name, titles[name], "money", MONEY_WIDTH) for name in MONEY_FIELDS),
        ("cancelled", words["groups_cancelled"], "number", 14),
        ("retenciones", words["groups_retenciones"], "number", 14),
    ]
    sheet.write(_sheet_start([_width(title, width) for _, title, _, width in layout], selected=False))
    sheet.write(_header_row([title for _, title, _, _ in layout]))
    letters = [_column_letter(i) for i in range(len(layout))]
    converted: list[str] = []
    for n, group in enumerate(groups, start=2):
        cells = []
        for letter, (name, _, kind, _) in zip(letters, layout, strict=True):
            value = value_text(name, group["keys"][name], lang) if name in group["keys"] else group[name]
            cells.append(_cell(f"{letter}{n}", value, kind, report))
        sheet.write(f'<row r="{n}">{"".join(cells)}</row>')
        if group.get("converted_from") and group["converted_from"] not in converted:
            converted.append(group["converted_from"])
    last = len(groups) + 1
    notes = [words["groups_mxn"]]
    if converted:
        notes.append(words["groups_converted"].format(currencies=", ".join(converted)))
    for offset, note in enumerate(notes, start=last + 2):
        sheet.write(_note_row(offset, note))
    filter_ref = f"A1:{letters[-1]}{last}"
    sheet.write(f'</sheetData><autoFilter ref="{filter_ref}"/></worksheet>')
    return filter_ref


# -- line items from the vault's XML --------------------------------------------------------------------------------

_CFDI_NAMESPACES = ("http://www.sat.gob.mx/cfd/3", "http://www.sat.gob.mx/cfd/4")


# One line item: ClaveProdServ … traslados, retenciones (read_concepts); the reason and the items of one invoice.
ConceptItem = tuple[str | None, ...]
Concepts = tuple[str | None, list[ConceptItem]]


def read_concepts(path: str | os.PathLike[str] | None, *, damaged: bool = False) -> Concepts:
    """The line items of the CFDI at ``path``: ``(None, items)``, or ``(reason, [])`` when they cannot be read —
    ``no_xml`` (no file: a row from SAT's metadata), ``missing_xml`` (the file is gone or unreadable),
    ``damaged_xml`` (the index knows the document is damaged, or its XML does not parse even with the parser's
    repairs of known quirks). A Retenciones document has no line items: ``(None, [])``.

    Each item: ``(ClaveProdServ, Descripcion, Cantidad, ClaveUnidad, Unidad, ValorUnitario, Importe, Descuento,
    traslados, retenciones)`` as written (the two sums of the concept's own ``Traslado``/``Retencion``
    ``Importe`` values; None when the concept has no ``Impuestos``: CFDI 3.2 and earlier had none per concept).
    The XML is parsed by the ingest's parser (``cfdi.parser``: xmlsafe's hardening, never entities, DTDs or
    the network; the same size cap).
    """
    from desktop_app.core.cfdi.parser import MAX_DOCUMENT_BYTES, _parse_xml

    if not path:
        return "no_xml", []
    if damaged:
        return "damaged_xml", []
    try:
        with open(path, "rb", buffering=0) as fh:
            if os.fstat(fh.fileno()).st_size > MAX_DOCUMENT_BYTES:
                return "damaged_xml", []
            data = fh.readall()
    except (OSError, ValueError):  # ValueError: a path the OS cannot name (an embedded NUL)
        return "missing_xml", []
    if len(data) > MAX_DOCUMENT_BYTES:  # it grew meanwhile
        return "damaged_xml", []
    try:
        root, _notes, broken = _parse_xml(data)
    except (AppError, ValueError):
        return "damaged_xml", []
    if broken is not None:
        return "damaged_xml", []
    tag = root.tag if isinstance(root.tag, str) else ""
    ns = tag[1 : tag.index("}")] if tag.startswith("{") else ""
    if ns not in _CFDI_NAMESPACES or not tag.endswith("}Comprobante"):
        return None, []
    legacy = root.get("Version") is None and root.get("version") is not None  # 3.0 / 3.2: lower-case names
    conceptos, concepto, impuestos = f"{{{ns}}}Conceptos", f"{{{ns}}}Concepto", f"{{{ns}}}Impuestos"
    traslado, retencion = f"{{{ns}}}Traslado", f"{{{ns}}}Retencion"
    items: list[ConceptItem] = []
    for group in root:
        if group.tag != conceptos:
            continue
        for item in group:
            if item.tag != concepto:
                continue
            if legacy:
                items.append(
                    (
                        None,
                        item.get("descripcion"),
                        item.get("cantidad"),
                        None,
                        item.get("unidad"),
                        item.get("valorUnitario"),
                        item.get("importe"),
                        None,
                        None,
                        None,
                    )
                )
                continue
            transferred = withheld = None
            for taxes in item:
                if taxes.tag != impuestos:
                    continue
                transferred = _sum_of(taxes, traslado)
                withheld = _sum_of(taxes, retencion)
            items.append(
                (
                    item.get("ClaveProdServ"),
                    item.get("Descripcion"),
                    item.get("Cantidad"),
                    item.get("ClaveUnidad"),
                    item.get("Unidad"),
                    item.get("ValorUnitario"),
                    item.get("Importe"),
                    item.get("Descuento"),
                    transferred,
                    withheld,
                )
            )
    return None, items


def _sum_of(taxes: Any, tag: str) -> str:
    """The sum of the ``Importe`` of every ``tag`` (Traslado/Retencion) in a concept's ``Impuestos``, as a decimal
    string; an exempt transfer has no ``Importe`` and adds nothing. A value that is not a number is kept as
    written instead (the cell then shows it as text), so nothing is summed silently wrong."""
    total = Decimal(0)
    for el in taxes.iter(tag):
        text = (el.get("Importe") or "").strip()
        if not text:
            continue
        if not _NUMBER.fullmatch(text):
            return text
        total += Decimal(text)
    return str(total)
