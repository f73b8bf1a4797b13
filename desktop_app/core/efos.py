"""SAT's list of taxpayers with presumed non-existent operations (CFF art. 69-B, the "EFOS" list): import, status
and lookups (issue 18.7). The file, its layout, its quirks and their sources: ``docs/efos-69b.md``.

SAT publishes the whole procedure as one CSV, ``Listado_Completo_69-B.csv``: a couple of lines of preamble
(*"Información actualizada al 31 de mayo de 2026; …"*), a header of 20 columns, then one row per taxpayer with its
current situation — presunto, desvirtuado, definitivo, sentencia favorable — and, for each step, the oficio global
and the dates it was published on SAT's portal and in the Diario Oficial. Windows-1252, CRLF, commas, double
quotes (names carry commas; a quoted name may even break a line).

:meth:`EfosOps.import_list` treats the file as hostile. It is read twice, streaming, never whole: first to hash
it and settle its encoding (UTF-8 only when every byte of it is UTF-8, with or without a BOM; else SAT's
Windows-1252), then to parse it row by row into the database inside **one** transaction that first forgets the
old list — so a file that turns out wrong at any line (or a process killed midway) leaves the previous list as it
was. Columns are found by their names (folded: no accents, case or punctuation), so the layouts SAT has used
over the years load alike. What it refuses, each with a code the window turns into Spanish:

* ``efos_file_too_large`` — over :data:`MAX_FILE_BYTES` (the real list is ~5 MB);
* ``efos_spreadsheet`` — an Excel workbook (.xlsx/.xls) instead of the CSV;
* ``efos_wrong_encoding`` — UTF-16 or binary (NUL bytes), or text already garbled by a wrong conversion;
* ``efos_not_a_list`` — no header with an RFC column in the first :data:`HEADER_WITHIN` rows;
* ``efos_missing_columns`` — a header without RFC, name, situation or a step's publication dates (``missing``);
* ``efos_invalid_row`` — a row that is not the list's (``line``, ``reason``: columns, situation, quoting,
  line_too_long, field_too_long);
* ``efos_truncated`` — the file ends in the middle of a row (``line``);
* ``efos_empty_list`` — nothing to load (no rows, or only rows whose RFC SAT suppressed);
* ``efos_file_changed`` — the file changed between the two reads.

Rows that cannot name anybody are not errors: SAT's own suppressed rows (``XXXXXXXXXXXX``, *"Información
suprimida…"*) and RFCs that are not RFC-shaped are skipped and counted — no CFDI can carry such an RFC, so they
can flag no counterpart. Filler lines (``,,,,``) are ignored. A date that cannot be read is kept as unknown and
counted (``unreadable_dates``).

Crash point (``core/crashpoints.py``; not in its ``POINTS``, which the sync's kill harness walks):
``efos.import.batch`` after each batch of rows is written, before the import commits.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from desktop_app.core.clock import MEXICO_CITY, Clock, from_ms, mexico_now, to_ms
from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.profiles import RFC_RE
from desktop_app.core.store.db import ConnectionSource, transaction
from desktop_app.core.store.efos import COLUMNS, SITUATIONS, EfosRepository

__all__ = ["MAX_FILE_BYTES", "SITUATIONS", "STALE_DAYS", "EfosOps", "normalize_rfc", "parse_date"]

STALE_DAYS = 30  # a list imported longer ago than this is old: the window warns, `lists status` says stale
MAX_FILE_BYTES = 256 * 1024 * 1024  # ~50 times the real list: anything bigger is not it
MAX_LINE_CHARS = 64 * 1024  # a real line has ~400 characters
HEADER_WITHIN = 20  # the header comes after two lines of preamble; give a re-saved file some slack
BATCH_ROWS = 1_000
_READ_CHUNK = 1024 * 1024
_SAMPLES = 20  # skipped rows named in the answer

_SOURCES = ("sat", "dof")
# What each situation is called in the file (folded), by its first letters: "Presunto", "Definitivos",
# "Sentencia Favorable", "Desvirtuado"…
_SITUATION_PREFIXES = (
    ("presun", "presunto"),
    ("desvirtu", "desvirtuado"),
    ("definitiv", "definitivo"),
    ("sentencia", "sentencia_favorable"),
    ("favorable", "sentencia_favorable"),
)
# The most serious first: the order of `lists check`.
_SEVERITY = {"definitivo": 0, "presunto": 1, "desvirtuado": 2, "sentencia_favorable": 3}
# SAT's suppressed rows carry X's where the RFC belongs (LFPDPPP); an empty RFC with a suppressed name too.
_SUPPRESSED_RFC = re.compile(r"^X{10,13}$")
_RFC_JUNK = re.compile(r"[\s\-._]")
_MONTH_NAMES = "enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre noviembre diciembre"
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES.split(), 1) for name in names.split("|")}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:\D|$)")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:\D|$)")
_LONG_DATE = re.compile(r"(\d{1,2})\s+de\s+([a-z]+)\s+(?:de|del)\s+(\d{4})")
_EXCEL_SERIAL = re.compile(r"^\d{5}$")
_EXCEL_EPOCH = date(1899, 12, 30)
# Art. 69-B came into force in 2014; an Excel serial outside 2014–2099 is not a publication date.
_SERIAL_RANGE = ((date(2014, 1, 1) - _EXCEL_EPOCH).days, (date(2099, 12, 31) - _EXCEL_EPOCH).days)
_LIST_DATE = re.compile(r"actualizad[ao]s?\s+al\s+(.+)")
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")


def _c1_as_latin1(error: UnicodeError) -> tuple[str, int]:
    """Windows-1252 leaves five bytes unassigned (0x81, 0x8D, 0x8F, 0x90, 0x9D); SAT's files have carried one
    inside a name. Read them as the C1 controls they are in Latin-1, as browsers do, instead of stopping."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(chr(b) for b in error.object[error.start : error.end]), error.end


codecs.register_error("descarga_masiva_efos_c1", _c1_as_latin1)


# -- text helpers ----------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Lower-case and accent-free (``ñ`` stays ``n``), punctuation kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _fold(text: str) -> str:
    """Lower-case, accent-free words: ``"Situación del contribuyente "`` → ``"situacion del contribuyente"``."""
    return " ".join(re.sub(r"[^0-9a-z&]+", " ", _plain(text)).split())


def _is_rfc_title(text: str) -> bool:
    return _fold(text).replace(" ", "") == "rfc"  # "RFC", "R.F.C."


def _clean(text: str) -> str:
    """A cell as shown: whitespace (line breaks inside quoted names too) collapsed, control characters gone."""
    if not text.isprintable():
        text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in text)
    return " ".join(text.split())


def _shown(path: Path | str) -> str:
    """A path as text a log or a message can hold: bytes of a name that are not UTF-8 show as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def normalize_rfc(value: str) -> str:
    """An RFC as the list and the index compare it: upper-case, without spaces, dashes or dots."""
    return _RFC_JUNK.sub("", value).upper()


def parse_date(text: str) -> date | None:
    """A publication date as the list writes it, or None when it is empty or unreadable.

    ``dd/mm/aaaa`` (also ``d/m/aa``, ``-`` or ``.``), ISO ``aaaa-mm-dd``, Spanish words (``12 de diciembre de
    2018``, also inside an oficio's text, which SAT has put in date columns) and Excel serial day numbers
    (``44014`` = 02/07/2020), which some cells of the published file carry."""
    value = text.strip()
    if not value:
        return None
    try:
        if m := _NUMERIC_DATE.match(value):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            return date(year + 2000 if year < 100 else year, month, day)
        if m := _ISO_DATE.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _LONG_DATE.search(_fold(value)):
            named = _MONTHS.get(m[2])
            return date(int(m[3]), named, int(m[1])) if named else None
        if _EXCEL_SERIAL.match(value) and _SERIAL_RANGE[0] <= int(value) <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=int(value))
    except ValueError:  # 31/02/2020 and the like
        return None
    return None


@lru_cache(maxsize=8192)
def _iso_date(text: str) -> str | None:
    """:func:`parse_date` as ISO text; the same few hundred publication dates repeat over the whole list."""
    day = parse_date(text)
    return day.isoformat() if day else None


@lru_cache(maxsize=256)
def _situation(text: str) -> str | None:
    folded = _fold(text)
    for prefix, situation in _SITUATION_PREFIXES:
        if folded.startswith(prefix):
            return situation
    return None


def _money(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


# -- the file's columns ----------------------------------------------------------------------------------------

_NAMES = {  # how SAT titles what we need, for ``efos_missing_columns``
    "rfc": "RFC",
    "name": "Nombre del Contribuyente",
    "situation": "Situación del contribuyente",
    "presunto": "Publicación página SAT presuntos / Publicación DOF presuntos",
    "desvirtuado": "Publicación página SAT desvirtuados / Publicación DOF desvirtuados",
    "definitivo": "Publicación página SAT definitivos / Publicación DOF definitivos",
    "sentencia_favorable": "Publicación página SAT sentencia favorable / Publicación DOF sentencia favorable",
}


def _step(folded: str) -> str | None:
    """The situation a date or oficio column belongs to."""
    for key, situation in _SITUATION_PREFIXES:
        if key in folded:
            return situation
    return None


@dataclass
class _Columns:
    """Where each field is in the file's rows (found by the header's names, whatever their order)."""

    rfc: int = -1
    name: int = -1
    situation: int = -1
    dates: dict[tuple[str, str], int] = field(default_factory=dict)  # (situation, sat|dof) → index
    oficios: dict[tuple[str, str], int] = field(default_factory=dict)
    width: int = 0  # cells up to the last titled one: a row must have them all
    date_order: tuple[int, ...] = ()  # the date columns in ``store.efos.DATE_COLUMNS`` order (-1: absent)
    oficio_order: tuple[tuple[int, int], ...] = ()  # per situation, its SAT and DOF oficio columns (-1: absent)

    @classmethod
    def of(cls, header: Sequence[str]) -> _Columns:
        cols = cls()
        titled = [i for i, cell in enumerate(header) if cell.strip()]
        cols.width = titled[-1] + 1 if titled else 0
        for index, cell in enumerate(header):
            folded = _fold(cell)
            if not folded:
                continue
            if _is_rfc_title(cell) and cols.rfc < 0:
                cols.rfc = index
            elif "nombre" in folded and cols.name < 0:
                cols.name = index
            elif "situacion" in folded and cols.situation < 0:
                cols.situation = index
            elif (step := _step(folded)) is not None:
                words = folded.split()
                if "oficio" in words:
                    # "… presunción SAT" / "… DOF"; the oldest layout wrote the presunción's twice, SAT's first
                    source = "dof" if words[-1] == "dof" else "sat" if words[-1] == "sat" else None
                    if source is None:
                        source = "sat" if (step, "sat") not in cols.oficios else "dof"
                    cols.oficios.setdefault((step, source), index)
                elif "publicacion" in words or "fecha" in words:
                    source = "dof" if "dof" in words else "sat"
                    cols.dates.setdefault((step, source), index)
        cols.date_order = tuple(cols.dates.get((s, source), -1) for s in SITUATIONS for source in _SOURCES)
        cols.oficio_order = tuple(
            (cols.oficios.get((s, "sat"), -1), cols.oficios.get((s, "dof"), -1)) for s in SITUATIONS
        )
        return cols

    def missing(self) -> list[str]:
        absent = [key for key in ("rfc", "name", "situation") if getattr(self, key) < 0]
        absent += [s for s in SITUATIONS if not any((s, source) in self.dates for source in _SOURCES)]
        return [_NAMES[key] for key in absent]


# -- reading the file ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Survey:
    """The first read: what the file is, before anything is written."""

    size: int
    sha256: str
    encoding: str  # a Python codec: utf-8-sig, utf-8 or cp1252


_ENCODING_NAMES = {"utf-8-sig": "utf-8", "utf-8": "utf-8", "cp1252": "windows-1252"}


def _open(path: Path) -> BinaryIO:
    if path.is_dir():  # Windows answers PermissionError when a folder is opened
        raise AppError(
            "efos_not_a_list", f"{_shown(path)} is a folder, not SAT's 69-B list (a .csv file).", path=str(path)
        )
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise AppError("not_found", f"There is no file {_shown(path)}.", path=str(path)) from None
    except PermissionError:
        raise AppError(
            "permission_denied", f"This user may not read {_shown(path)}: choose another file.", path=str(path)
        ) from None


def _survey(path: Path) -> _Survey:
    """Size, SHA-256 and encoding, reading the file once in 1 MB pieces."""
    name = _shown(path.name)
    with _open(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise AppError(
                "efos_file_too_large",
                f"{name} has {size:,} bytes; SAT's 69-B list has about 5 MB, and files over "
                f"{MAX_FILE_BYTES:,} bytes are not read.",
                path=str(path),
                size=size,
                limit=MAX_FILE_BYTES,
            )
        digest = hashlib.sha256()
        utf8 = codecs.getincrementaldecoder("utf-8")()
        utf8_ok = True
        first = True
        bom = False
        read = 0
        while chunk := fh.read(_READ_CHUNK):
            read += len(chunk)
            if read > MAX_FILE_BYTES:  # grew while we read
                raise AppError(
                    "efos_file_too_large",
                    f"{name} is larger than {MAX_FILE_BYTES:,} bytes.",
                    path=str(path),
                    size=read,
                    limit=MAX_FILE_BYTES,
                )
            if first:
                _check_magic(path, chunk)
                bom = chunk.startswith(codecs.BOM_UTF8)
                first = False
            if b"\x00" in chunk:
                raise AppError(
                    "efos_wrong_encoding",
                    f"{name} is not text in SAT's encoding (it has NUL bytes: UTF-16, or not text at all). "
                    "Use the CSV as SAT publishes it.",
                    path=str(path),
                    reason="nul_bytes",
                )
            digest.update(chunk)
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
        if utf8_ok:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if read == 0:
        raise AppError("efos_empty_list", f"{name} is empty (0 bytes).", path=str(path), reason="empty_file")
    if bom and not utf8_ok:
        raise AppError(
            "efos_wrong_encoding",
            f"{name} says it is UTF-8 (it starts with a BOM) but is not.",
            path=str(path),
            reason="invalid_utf8",
        )
    encoding = ("utf-8-sig" if bom else "utf-8") if utf8_ok else "cp1252"
    return _Survey(size=read, sha256=digest.hexdigest(), encoding=encoding)


def _check_magic(path: Path, head: bytes) -> None:
    name = _shown(path.name)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AppError(
            "efos_wrong_encoding",
            f"{name} is UTF-16 text; SAT publishes the list in Windows-1252. Use the CSV as SAT publishes it.",
            path=str(path),
            reason="utf16",
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise AppError(
            "efos_spreadsheet",
            f"{name} is an Excel workbook, not the CSV file SAT publishes: download Listado_Completo_69-B.csv "
            "(or save the sheet as CSV).",
            path=str(path),
        )


class _HashingReader(io.RawIOBase):
    """The file's bytes, hashed as the parser reads them (the second read must be the file the first one saw)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.digest.update(data)
        self.size += n
        return n


@dataclass
class _Lines:
    """The text's lines for the CSV reader, each at most :data:`MAX_LINE_CHARS`: a file of one endless line is
    refused after 64 KB, not read whole into memory."""

    text: io.TextIOBase
    count: int = 0
    last_complete: bool = True  # the last line read ended with a line break

    def __iter__(self) -> Iterator[str]:
        while True:
            line = self.text.readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            self.count += 1
            if len(line) > MAX_LINE_CHARS:
                raise AppError(
                    "efos_invalid_row",
                    f"Line {self.count} is longer than {MAX_LINE_CHARS:,} characters: this is not SAT's 69-B list.",
                    line=self.count,
                    reason="line_too_long",
                )
            self.last_complete = line.endswith(("\n", "\r"))
            yield line


@dataclass
class _Tally:
    """What the parse saw, for the answer."""

    records: int = 0  # data rows read (filler lines not counted)
    accepted: int = 0
    suppressed: int = 0
    invalid_rfc: int = 0
    skipped_rows: list[dict[str, Any]] = field(default_factory=list)
    unreadable_dates: int = 0
    undated_situation: int = 0
    today: str = "9999-12-31"  # the import's day (ISO): a later date cannot date the list
    newest: str | None = None  # the newest publication date (ISO) up to ``today``


@dataclass
class _Parse:
    list_date: date | None = None
    columns: _Columns | None = None
    tally: _Tally = field(default_factory=_Tally)


def _rows(path: Path, survey: _Survey, parse: _Parse) -> Iterator[tuple[Any, ...] | None]:
    """The list's rows (:data:`store.efos.COLUMNS` order) as the file gives them, None for a row left out (SAT
    suppressed its RFC, or it has none); ``parse`` learns the rest."""
    name = _shown(path.name)
    errors = "descarga_masiva_efos_c1" if survey.encoding == "cp1252" else "strict"
    with _open(path) as raw:
        hashing = _HashingReader(raw)
        text = io.TextIOWrapper(io.BufferedReader(hashing), encoding=survey.encoding, errors=errors, newline="")
        lines = _Lines(text)
        reader = csv.reader(lines, strict=True)
        header_candidates = 0
        while True:
            start = lines.count + 1  # the record's first line (a quoted name may span several)
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if parse.columns is None:  # garbage before any header: not the list at all
                    raise _not_a_list(path, "not_csv") from None
                raise _csv_error(exc, reader.line_num) from None
            except AppError as exc:
                if parse.columns is None and exc.code == "efos_invalid_row":
                    raise _not_a_list(path, "not_csv") from None
                raise
            except UnicodeDecodeError:
                raise AppError(
                    "efos_file_changed", f"{name} changed while it was read: import it again.", path=str(path)
                ) from None
            if not any(cell.strip() for cell in record):
                continue  # filler lines (",,,,,")
            if parse.columns is None:
                header_candidates += 1
                if header_candidates > HEADER_WITHIN:
                    break
                parse.columns = _header(path, record, parse)
                continue
            yield _row(record, start, lines, parse.columns, parse.tally)
        if parse.columns is None:
            raise _not_a_list(path, "no_header")
        if hashing.digest.hexdigest() != survey.sha256 or hashing.size != survey.size:
            raise AppError("efos_file_changed", f"{name} changed while it was read: import it again.", path=str(path))


def _not_a_list(path: Path, reason: str) -> AppError:
    name = _shown(path.name)
    return AppError(
        "efos_not_a_list",
        f"{name} is not SAT's 69-B list: no header with an RFC column in its first {HEADER_WITHIN} rows.",
        path=str(path),
        reason=reason,
    )


def _csv_error(exc: csv.Error, line: int) -> AppError:
    text = str(exc)
    if "unexpected end of data" in text:
        return AppError(
            "efos_truncated",
            f"The file ends inside a quoted field that starts on line {line} or before: it is incomplete.",
            line=line,
        )
    if "field larger than field limit" in text:
        return AppError(
            "efos_invalid_row", f"Line {line} has a field that is far too long.", line=line, reason="field_too_long"
        )
    return AppError("efos_invalid_row", f"Line {line} is not well-formed CSV ({text}).", line=line, reason="quoting")


def _header(path: Path, record: list[str], parse: _Parse) -> _Columns | None:
    """The header's columns, or None for a preamble line (whose "actualizada al …" is the list's date)."""
    name = _shown(path.name)
    if not any(_is_rfc_title(cell) for cell in record):
        for cell in record:
            if parse.list_date is None and (m := _LIST_DATE.search(_plain(cell))):
                parse.list_date = parse_date(m[1])
        return None
    if any(_MOJIBAKE.search(cell) for cell in record):
        raise AppError(
            "efos_wrong_encoding",
            f"The header of {name} is garbled ({', '.join(c for c in record if _MOJIBAKE.search(c))[:120]}): "
            "the file was converted with the wrong encoding. Use the CSV as SAT publishes it.",
            path=str(path),
            reason="garbled",
        )
    columns = _Columns.of(record)
    missing = columns.missing()
    if missing:
        raise AppError(
            "efos_missing_columns",
            f"{name} lacks columns of SAT's 69-B list: {'; '.join(missing)}.",
            path=str(path),
            missing=missing,
        )
    return columns


def _row(record: list[str], line: int, lines: _Lines, cols: _Columns, tally: _Tally) -> tuple[Any, ...] | None:
    tally.records += 1
    if len(record) < cols.width:
        if not lines.last_complete:
            raise AppError(
                "efos_truncated",
                f"The file ends in the middle of line {line} ({len(record)} of {cols.width} columns): it is "
                "incomplete.",
                line=line,
            )
        raise AppError(
            "efos_invalid_row",
            f"Line {line} has {len(record)} columns; the list's rows have {cols.width}.",
            line=line,
            reason="columns",
        )
    if len(record) > cols.width and any(cell.strip() for cell in record[cols.width :]):
        raise AppError(
            "efos_invalid_row",
            f"Line {line} has {len(record)} columns; the list's rows have {cols.width} (an unquoted comma?).",
            line=line,
            reason="columns",
        )
    situation = _situation(record[cols.situation])
    if situation is None:
        raise AppError(
            "efos_invalid_row",
            f"Line {line}: {_clean(record[cols.situation])[:60]!r} is not a situation of the 69-B procedure "
            "(presunto, desvirtuado, definitivo, sentencia favorable).",
            line=line,
            reason="situation",
            value=_clean(record[cols.situation])[:60],
        )
    raw_rfc = _clean(record[cols.rfc])
    rfc = normalize_rfc(raw_rfc)
    name = _clean(record[cols.name])
    if _SUPPRESSED_RFC.match(rfc) or (not rfc and "suprimid" in _fold(name)):
        tally.suppressed += 1
        return None
    if not RFC_RE.match(rfc):
        tally.invalid_rfc += 1
        if len(tally.skipped_rows) < _SAMPLES:
            tally.skipped_rows.append({"line": line, "rfc": raw_rfc[:40], "reason": "invalid_rfc"})
        return None
    dates: list[str | None] = []
    for index in cols.date_order:
        cell = record[index] if index >= 0 else ""
        day = _iso_date(cell) if cell else None
        if day is None and cell.strip():
            tally.unreadable_dates += 1
        dates.append(day)
    own = SITUATIONS.index(situation)
    if not dates[2 * own] and not dates[2 * own + 1]:
        tally.undated_situation += 1
    oficios: list[str | None] = []
    for sat, dof in cols.oficio_order:
        text = _clean(record[sat]) if sat >= 0 else ""
        if not text and dof >= 0:
            text = _clean(record[dof])
        oficios.append(text[:300] or None)
    tally.accepted += 1
    newest = ""
    for day in dates:
        if day:
            newest = max(newest, day)
            if day <= tally.today and (tally.newest is None or day > tally.newest):
                tally.newest = day
    return (rfc, name, situation, line, *dates, *oficios, newest)


# -- the operations ------------------------------------------------------------------------------------------


def _entry(row: Any) -> dict[str, Any]:
    """One taxpayer of the list as the CLI and the window show it."""
    data = {name: row[name] for name in COLUMNS}
    dates = {s: {source: data[f"{s}_{source}"] for source in _SOURCES} for s in SITUATIONS}
    own = dates[data["situation"]]
    return {
        "rfc": data["rfc"],
        "name": data["name"],
        "situation": data["situation"],
        # the Diario Oficial's date is the legal one; SAT's portal publishes first
        "situation_date": own["dof"] or own["sat"],
        "dates": dates,
        "oficios": {s: data[f"{s}_oficio"] for s in SITUATIONS},
        "line": data["line"],
    }


class EfosOps:
    """The 69-B list of one data home: import, status, lookups (thin :class:`DescargaService` methods call these).

    Args:
        db: the home's connections.
        clock: "now" (the import's moment; how old the list is, in Mexico City days).
    """

    def __init__(self, db: ConnectionSource, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.repo = EfosRepository(db)

    def _today(self) -> date:
        return mexico_now(self.clock).date()

    def import_list(self, path: str | Path) -> dict[str, Any]:
        """Load SAT's ``Listado_Completo_69-B.csv`` in place of the list loaded before (all or nothing).

        Returns ``rows`` (RFCs now on the list), ``by_situation``, ``list_date`` (the file's "actualizada al …",
        else its newest publication date: ``list_date_source`` file | newest_publication), ``imported_at``, the
        file (``file_name``, ``sha256``, ``size``, ``encoding``) and what was left out (``records`` read,
        ``suppressed``, ``skipped``, ``skipped_rows``, ``duplicates``, ``unreadable_dates``,
        ``undated_situation``), and ``replaced``: the list it replaced (its date and rows), or None."""
        path = Path(path)
        # as text SQLite and JSON can hold: a name the OS gave as bytes that are not UTF-8 shows them as \xff
        file_name = name = _shown(path.name)
        survey = _survey(path)
        now = self.clock.now()
        parse = _Parse()
        parse.tally.today = self._today().isoformat()
        conn = self.db.get()
        previous = self.repo.load_import()
        with transaction(conn):
            self.repo.clear()
            batch: list[tuple[Any, ...]] = []
            for row in _rows(path, survey, parse):
                if row is None:
                    continue
                batch.append(row)
                if len(batch) >= BATCH_ROWS:
                    self.repo.add(batch)
                    batch.clear()
                    crashpoint("efos.import.batch")
            if batch:
                self.repo.add(batch)
                crashpoint("efos.import.batch")
            tally = parse.tally
            if tally.accepted == 0:
                raise AppError(
                    "efos_empty_list",
                    f"{name} has the list's header but no taxpayer to load ({tally.records} rows: "
                    f"{tally.suppressed} suppressed by SAT, {tally.invalid_rfc} without a valid RFC).",
                    path=str(path),
                    reason="no_rows",
                    records=tally.records,
                    suppressed=tally.suppressed,
                )
            by_situation = self.repo.count_by_situation()
            rows = sum(by_situation.values())
            list_date: str | None = None
            source: str | None = None
            if parse.list_date is not None:
                list_date, source = parse.list_date.isoformat(), "file"
            elif tally.newest is not None:
                list_date, source = tally.newest, "newest_publication"
            details = {
                "by_situation": by_situation,
                "records": tally.records,
                "suppressed": tally.suppressed,
                "skipped": {"invalid_rfc": tally.invalid_rfc},
                "duplicates": tally.accepted - rows,
                "unreadable_dates": tally.unreadable_dates,
                "undated_situation": tally.undated_situation,
            }
            self.repo.save_import(
                file_name=file_name,
                sha256=survey.sha256,
                size=survey.size,
                encoding=_ENCODING_NAMES[survey.encoding],
                rows=rows,
                imported_at=to_ms(now),
                list_date=list_date,
                list_date_source=source,
                details=json.dumps(details, sort_keys=True),
            )
        return {
            "rows": rows,
            "by_situation": by_situation,
            "list_date": list_date,
            "list_date_source": source,
            "imported_at": now.isoformat(timespec="seconds"),
            "file_name": file_name,
            "sha256": survey.sha256,
            "size": survey.size,
            "encoding": _ENCODING_NAMES[survey.encoding],
            **{k: v for k, v in details.items() if k != "by_situation"},
            "skipped_rows": tally.skipped_rows,
            "replaced": (
                {"list_date": previous["list_date"], "rows": previous["rows"], "sha256": previous["sha256"]}
                if previous
                else None
            ),
        }

    def status(self) -> dict[str, Any]:
        """The loaded list's metadata and age: ``loaded`` false (and a ``message``) when none was imported;
        else the file, ``rows``, ``by_situation``, ``list_date``, ``imported_at``, ``age_days`` (Mexico City days
        since the import), ``list_age_days`` (since the list's date), ``stale`` (``age_days`` >
        :data:`STALE_DAYS`)."""
        meta = self.repo.load_import()
        if meta is None:
            return {
                "loaded": False,
                "stale_after_days": STALE_DAYS,
                "message": "No 69-B list is loaded: download Listado_Completo_69-B.csv from SAT's Datos Abiertos "
                "and run `descarga-masiva lists import FILE`.",
            }
        return {"loaded": True, **self._describe(meta)}

    def _describe(self, meta: dict[str, Any]) -> dict[str, Any]:
        today = self._today()
        imported = from_ms(meta["imported_at"])
        age = (today - imported.astimezone(MEXICO_CITY).date()).days
        list_date = date.fromisoformat(meta["list_date"]) if meta["list_date"] else None
        details = json.loads(meta["details"] or "{}")
        return {
            "file_name": meta["file_name"],
            "sha256": meta["sha256"],
            "size": meta["size"],
            "encoding": meta["encoding"],
            "rows": meta["rows"],
            "by_situation": {s: int((details.get("by_situation") or {}).get(s, 0)) for s in SITUATIONS},
            "list_date": meta["list_date"],
            "list_date_source": meta["list_date_source"],
            "imported_at": imported.isoformat(timespec="seconds"),
            "imported_at_ms": meta["imported_at"],
            "age_days": age,
            "list_age_days": (today - list_date).days if list_date else None,
            "stale": age > STALE_DAYS,
            "stale_after_days": STALE_DAYS,
        }

    def situation_of(self, rfcs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """{rfc: entry} of the RFCs on the loaded list (others are absent); ``rfcs`` as written anywhere."""
        wanted = sorted({normalize_rfc(r) for r in rfcs if r and r.strip()})
        return {row["rfc"]: _entry(row) for row in self.repo.find(wanted)}

    def counterparts(self, rfc: str) -> dict[str, Any]:
        """Profile ``rfc``'s counterparts on the loaded list: each taxpayer's entry with ``issued`` (documents the
        profile issued to it) and ``received`` (from it), each ``{count, total, cancelled, first_issue_date,
        last_issue_date}`` (total: MXN, cancelled documents out), the most serious situations first; ``list``:
        the loaded list's status. ``efos_list_not_loaded`` when no list was imported (an empty answer would read
        as "nobody is listed")."""
        meta = self.repo.load_import()
        if meta is None:
            raise AppError(
                "efos_list_not_loaded",
                "No 69-B list is loaded: download Listado_Completo_69-B.csv from SAT's Datos Abiertos and run "
                "`descarga-masiva lists import FILE` first.",
            )
        totals = self.repo.counterpart_totals(rfc)
        entries = self.situation_of(row["rfc"] for _direction, row in totals)
        empty = {"count": 0, "total": "0.00", "cancelled": 0, "first_issue_date": None, "last_issue_date": None}
        out: dict[str, dict[str, Any]] = {}
        for direction, row in totals:
            item = out.setdefault(row["rfc"], {**entries[row["rfc"]], "issued": dict(empty), "received": dict(empty)})
            item[direction] = {
                "count": int(row["n"]),
                "total": _money(int(row["total_c"])),
                "cancelled": int(row["cancelled"]),
                "first_issue_date": row["first_issue_date"],
                "last_issue_date": row["last_issue_date"],
            }
        listed = sorted(
            out.values(),
            key=lambda e: (
                _SEVERITY[e["situation"]],
                -(Decimal(e["issued"]["total"]) + Decimal(e["received"]["total"])),
                e["rfc"],
            ),
        )
        by_situation = dict.fromkeys(SITUATIONS, 0)
        for entry in listed:
            by_situation[entry["situation"]] += 1
        return {
            "rfc": rfc,
            "list": self._describe(meta),
            "count": len(listed),
            "by_situation": by_situation,
            "counterparts": listed,
        }
