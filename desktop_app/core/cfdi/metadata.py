"""SAT metadata TXT (sat-protocol.md §6.2): streaming parser and the ``_tercero.txt`` join.

Rules (PHPCFDI's ``MetadataPreprocessor``/``CsvReader`` behaviour):

- the kind of file is told by its header line, never by its name: ``Uuid~RfcEmisor~…`` (metadata) or
  ``Uuid~RfcACuentaTerceros~NombreACuentaTerceros`` (third parties); columns are located by header name;
- if the first LF of the file is preceded by CR, lines end in CRLF and a bare LF inside a line is deleted (names
  with line breaks); otherwise lines end in LF (a trailing CR is dropped);
- ``~`` separates fields; ``"`` is an ordinary character (kept literally); blank lines are skipped; missing trailing
  fields are empty; fields beyond the header are kept in ``MetadataRow.extra``;
- text is UTF-8 (a BOM is skipped); undecodable bytes become U+FFFD rather than stopping a million-row file.

Everything streams, in linear time: each read chunk is split once, and one line is kept in memory at a time
(plus one read chunk). A line longer than :data:`MAX_LINE_CHARS` (a real row is under 1,000 characters) is not
kept: its text is dropped as it arrives and the line is reported as one bad row (``line_too_long``).

What a row must hold, or it is skipped with a reason (``on_skip(line, reason, detail)``) and the next rows are
read as usual (a bad row never ends the file):

- ``invalid_uuid``: ``Uuid`` empty or not the 8-4-4-4-12 hexadecimal pattern (``../../ETC/PASSWD`` is not one);
- ``invalid_date``: ``FechaEmision``, ``FechaCertificacionSat`` or ``FechaCancelacion`` present but not a real
  calendar date and time: ``YYYY-MM-DD`` optionally followed by ``T`` or a space and ``HH:MM[:SS]`` (a fraction
  and a zone are accepted and dropped), with month 1-12, a day that exists in that month (29 February only in
  leap years), hour 0-23, minutes and seconds 0-59; year 1-9999. Empty dates are fine (``None``);
- ``invalid_amount``: ``Monto`` present but not a plain decimal number (``NaN``, ``1e999``, ``12,50``, more than
  40 characters), or its absolute value is :data:`MAX_AMOUNT` (10^13 MXN) or more. Ten trillion pesos is far above
  any real CFDI, and it keeps every amount below 10^15 cents: thousands of maximal rows still sum inside the
  signed 64-bit cents the index keeps (9.2 * 10^18), where an 18-digit ``Monto`` alone used to overflow it.
  An empty ``Monto`` is fine (``None``);
- ``line_too_long``: see above.

Third-party rows with an invalid UUID are skipped the same way (they could never join a metadata row).
"""

from __future__ import annotations

import calendar
import codecs
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, cast

from desktop_app.core.cfdi.values import AMOUNT_LIMIT_MXN, parse_amount
from desktop_app.core.errors import AppError

METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~FechaCertificacionSat~Monto~"
    "EfectoComprobante~Estatus~FechaCancelacion"
)
THIRD_PARTY_HEADER = "Uuid~RfcACuentaTerceros~NombreACuentaTerceros"
_METADATA_PREFIX = "uuid~rfcemisor~"
_THIRD_PARTY_PREFIX = "uuid~rfcacuentaterceros~"
_CHUNK = 64 * 1024
MAX_LINE_CHARS = 16 * 1024  # a real row: 12 fields, names of at most 254 characters each -> under 1,000
MAX_AMOUNT = AMOUNT_LIMIT_MXN  # |Monto| must stay below this (MXN): the index's one range (cfdi.values)
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?",
    re.ASCII,
)
_MONTH_DAYS = dict(zip([f"{m:02d}" for m in range(1, 13)], "31 29 31 30 31 30 31 31 30 31 30 31".split(), strict=True))
_STATUS = {"1": "vigente", "0": "cancelado", "vigente": "vigente", "cancelado": "cancelado"}

KIND_METADATA = "metadata"
KIND_THIRD_PARTIES = "third_parties"


class Readable(Protocol):
    """What a source stream needs: ``read(size)`` giving bytes (or text), empty at the end (files, ZIP entries)."""

    def read(self, size: int = ..., /) -> bytes | str: ...


Source = bytes | bytearray | str | Readable | Iterable[bytes] | Iterable[str]
OnSkip = Callable[[int, str, str], None]  # (line number, reason, detail) of a row that was not yielded


@dataclass(frozen=True, slots=True)
class MetadataRow:
    """One row of a metadata file (``amount`` exact; dates naive ISO ``YYYY-MM-DDTHH:MM:SS``)."""

    uuid: str
    issuer_rfc: str
    issuer_name: str
    receiver_rfc: str
    receiver_name: str
    pac_rfc: str
    issue_date: str | None
    stamp_date: str | None
    amount: Decimal | None
    type: str
    status: str  # vigente / cancelado / unknown
    cancelled_at: str | None
    third_party_rfc: str | None = None
    third_party_name: str | None = None
    extra: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "issuer_rfc": self.issuer_rfc,
            "issuer_name": self.issuer_name,
            "receiver_rfc": self.receiver_rfc,
            "receiver_name": self.receiver_name,
            "pac_rfc": self.pac_rfc,
            "issue_date": self.issue_date,
            "stamp_date": self.stamp_date,
            "amount": None if self.amount is None else str(self.amount),
            "type": self.type,
            "status": self.status,
            "cancelled_at": self.cancelled_at,
            "third_party_rfc": self.third_party_rfc,
            "third_party_name": self.third_party_name,
            "extra": list(self.extra),
        }


def sniff_kind(head: bytes | str) -> str | None:
    """``metadata``, ``third_parties`` or ``None`` from the first bytes of a file (its header line)."""
    if isinstance(head, bytes | bytearray):
        head = bytes(head[:4096]).decode("utf-8", "replace")
    head = head.lstrip("\ufeff \t\r\n").lower()
    if head.startswith(_METADATA_PREFIX):
        return KIND_METADATA
    if head.startswith(_THIRD_PARTY_PREFIX):
        return KIND_THIRD_PARTIES
    return None


def iter_lines(source: Source, *, max_chars: int = MAX_LINE_CHARS) -> Iterator[str | None]:
    """Logical lines of a metadata/third-party file following §6.2 (blank lines are still yielded).

    A line longer than ``max_chars`` characters is yielded as ``None``: its text is dropped while it is read, so
    a file that is one endless line costs one read chunk of memory and time linear in its length.
    """
    pending = ""  # the current, unfinished line (only its last character once it is over ``max_chars``)
    over = False  # the current line is longer than ``max_chars``
    crlf: bool | None = None
    sep = "\n"
    room = max_chars + 1  # what ``pending`` may hold: the line and, split from its LF, the CR of a CRLF
    for chunk in _cr_breaks_as_lf(_text_chunks(source)):
        if not chunk:
            continue
        if crlf is None:  # the first LF of the file decides (``pending`` holds no LF yet)
            lf = chunk.find("\n")
            if lf < 0:
                pending, over = _grow(pending, chunk, over, room)
                continue
            crlf = (chunk[lf - 1] if lf > 0 else pending[-1:]) == "\r"
            sep = "\r\n" if crlf else "\n"
            room = max_chars + 1 if crlf else max_chars
        if crlf and chunk[0] == "\n" and pending.endswith("\r"):  # a CRLF split between two chunks
            yield None if over else _clean(pending[:-1], True)
            pending, over = "", False
            chunk = chunk[1:]
        cut = chunk.rfind(sep)
        if cut < 0:
            pending, over = _grow(pending, chunk, over, room)
            continue
        lines = chunk[:cut].split(sep)  # each chunk is split once: linear time
        first = lines[0]
        yield None if over or len(pending) + len(first) > max_chars else _clean(pending + first, crlf)
        for i in range(1, len(lines)):
            line = lines[i]
            yield None if len(line) > max_chars else _clean(line, crlf)
        pending, over = _grow("", chunk[cut + len(sep) :], False, room)
    if over:
        yield None
        return
    if crlf and pending.endswith("\r"):
        pending = pending[:-1]
    if len(pending) > max_chars:
        yield None
    elif pending:
        yield _clean(pending, bool(crlf))


def _grow(pending: str, text: str, over: bool, room: int) -> tuple[str, bool]:
    """``pending + text`` while it fits in ``room``; past that only the last character (a CR that a LF in the
    next chunk may complete) and ``over=True``."""
    if over or len(pending) + len(text) > room:
        return (text[-1:] or pending[-1:]), True
    return pending + text, False


def _clean(line: str, crlf: bool | None) -> str:
    if crlf:
        return line.replace("\n", "") if "\n" in line else line
    return line[:-1] if line.endswith("\r") else line


def _cr_breaks_as_lf(chunks: Iterable[str]) -> Iterator[str]:
    """The text of a file whose lines end in CR alone (old Mac files, Excel's «CSV (Macintosh)») with LF breaks;
    any other file as it is. Told by the file's first break: a CR followed by something other than an LF. Such a
    file was one endless line — its rows gone without a word (an outside audit)."""
    held = ""
    chunks = iter(chunks)
    for chunk in chunks:
        text = held + chunk
        cr, lf = text.find("\r"), text.find("\n")
        if cr < 0 or 0 <= lf < cr:  # no CR yet, or an LF first: decided only when a break is seen
            if lf < 0:
                held = ""
                yield text
                continue
            yield text
            yield from chunks
            return
        if cr == len(text) - 1:  # a CR at the end: the next chunk tells CRLF from CR
            held = text
            continue
        if text[cr + 1] == "\n":
            yield text
            yield from chunks
            return
        yield text.replace("\r", "\n")
        for rest in chunks:
            yield rest.replace("\r", "\n")
        return
    if held:
        yield held  # a CR the file ends with: a stray one, as before


def _windows_text(head: bytes) -> bool:
    """Whether a file's first bytes are not UTF-8 (SAT's encoding) but read as Windows' ANSI (cp1252): a byte
    that cannot start or continue a UTF-8 character, before the last 3 (a character the read may have cut)."""
    try:
        head[: max(0, len(head) - 3)].decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return False
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _text_chunks(source: Source) -> Iterator[str]:
    if isinstance(source, str):
        yield source.removeprefix("\ufeff")
        return
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(source))
    decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
    # Told by its read() (not isinstance: a wrapper such as NamedTemporaryFile's has it through __getattr__).
    read = getattr(source, "read", None)
    if read is not None:
        first = True
        while True:
            chunk = read(_CHUNK)
            if not chunk:
                break
            if isinstance(chunk, str):
                yield chunk.removeprefix("\ufeff") if first else chunk
            else:
                if first and _windows_text(chunk):
                    # Saved again by Excel as «CSV (MS-DOS)» / ANSI: names came out «MU�OZ» (an outside audit).
                    decoder = codecs.getincrementaldecoder("cp1252")("replace")
                text = decoder.decode(chunk)
                if text:
                    yield text
            first = False
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail
        return
    first = True
    for piece in cast("Iterable[bytes | str]", source):  # no read(): an iterable of bytes / str pieces
        if isinstance(piece, str):
            yield piece.removeprefix("\ufeff") if first else piece
        else:
            text = decoder.decode(piece)
            if text:
                yield text
        first = False
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def _data_lines(source: Source, expected: str, max_chars: int) -> tuple[list[str], Iterator[tuple[int, str | None]]]:
    lines = enumerate(iter_lines(source, max_chars=max_chars), 1)
    for _number, line in lines:
        if line is None:
            raise AppError("invalid_metadata", "The first line of the file is not a metadata header (too long).")
        if not line.strip():
            continue
        if sniff_kind(line) != expected:
            raise AppError(
                "invalid_metadata",
                "The file does not start with the SAT metadata header.",
                header=line[:120],
            )
        header = [name.strip().lower() for name in line.split("~")]
        return header, lines
    raise AppError("invalid_metadata", "The metadata file is empty.")


class _BadRow(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _uuid(text: str) -> str:
    value = text.strip()
    if not _UUID.fullmatch(value):
        raise _BadRow("invalid_uuid", f"Uuid {value[:60]!r} is not a UUID" if value else "empty Uuid")
    return value.upper()


def _date(text: str, column: str) -> str | None:
    """Naive ISO ``YYYY-MM-DDTHH:MM:SS`` (or ``YYYY-MM-DD``) of a real calendar moment, ``None`` when empty."""
    value = text.strip()
    if not value:
        return None
    match = _DATE.fullmatch(value)
    if match is not None:
        # Two-digit fields compare as text ("09" < "24"): no int() or datetime for the million-row case.
        year, month, day, hour, minute, second = match.groups()
        last = _MONTH_DAYS.get(month)
        if (
            last is not None
            and "01" <= day <= last
            and year != "0000"
            and (day != "29" or month != "02" or calendar.isleap(int(year)))
            and (hour is None or (hour < "24" and minute < "60" and (second is None or second < "60")))
        ):
            return f"{year}-{month}-{day}" if hour is None else f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
    raise _BadRow("invalid_date", f"{column} {value[:60]!r} is not a real date and time")


def _amount(text: str) -> Decimal | None:
    value = text.strip()
    if not value:
        return None
    amount = parse_amount(value)
    if amount is None:
        raise _BadRow("invalid_amount", f"Monto {value[:60]!r} is not a decimal number")
    if abs(amount) >= MAX_AMOUNT:
        raise _BadRow("invalid_amount", f"Monto {value[:60]!r} is out of range (|Monto| < 10^13)")
    return amount


def _too_long(max_chars: int) -> str:
    return f"line longer than {max_chars} characters (its text was not read)"


def iter_metadata(
    source: Source,
    *,
    third_parties: Mapping[str, tuple[str, str]] | None = None,
    on_skip: OnSkip | None = None,
    max_line_chars: int = MAX_LINE_CHARS,
) -> Iterator[MetadataRow]:
    """Stream the valid rows of a metadata file.

    Args:
        source: bytes, text, a binary or text stream, or an iterable of byte/text chunks.
        third_parties: ``{UUID upper-case: (rfc, name)}`` from :func:`read_third_parties`, joined by UUID.
        on_skip: told ``(line number, reason, detail)`` of every row that is not yielded (the module docstring
            lists the reasons); without it such rows are dropped silently.
        max_line_chars: longer lines are skipped as ``line_too_long`` without being kept in memory.

    Raises:
        AppError: ``invalid_metadata`` when the first non-blank line is not the metadata header (raised on the
            first ``next()``).
    """
    header, lines = _data_lines(source, KIND_METADATA, max_line_chars)
    width = len(header)
    index = {name: i for i, name in reversed(list(enumerate(header)))}

    def col(name: str, default: int) -> int:
        return index.get(name.lower(), default if default < width else -1)

    c_uuid, c_ie, c_ne = col("Uuid", 0), col("RfcEmisor", 1), col("NombreEmisor", 2)
    c_ir, c_nr, c_pac = col("RfcReceptor", 3), col("NombreReceptor", 4), col("RfcPac", 5)
    c_fe, c_fc, c_monto = col("FechaEmision", 6), col("FechaCertificacionSat", 7), col("Monto", 8)
    c_efecto, c_estatus, c_fcan = col("EfectoComprobante", 9), col("Estatus", 10), col("FechaCancelacion", 11)
    joined = third_parties or {}

    for number, line in lines:
        if line is None:
            if on_skip is not None:
                on_skip(number, "line_too_long", _too_long(max_line_chars))
            continue
        if not line.strip():
            continue
        v = line.split("~")
        if len(v) < width:
            v.extend([""] * (width - len(v)))
        v.append("")  # column -1 (not in the header) reads this empty field
        try:
            uuid = _uuid(v[c_uuid])
            issue_date = _date(v[c_fe], "FechaEmision")
            stamp_date = _date(v[c_fc], "FechaCertificacionSat")
            cancelled_at = _date(v[c_fcan], "FechaCancelacion")
            amount = _amount(v[c_monto])
        except _BadRow as bad:
            if on_skip is not None:
                on_skip(number, bad.reason, bad.detail)
            continue
        tp = joined.get(uuid) if joined else None
        yield MetadataRow(
            uuid=uuid,
            issuer_rfc=v[c_ie].strip().upper(),
            issuer_name=v[c_ne],
            receiver_rfc=v[c_ir].strip().upper(),
            receiver_name=v[c_nr],
            pac_rfc=v[c_pac].strip().upper(),
            issue_date=issue_date,
            stamp_date=stamp_date,
            amount=amount,
            type=v[c_efecto].strip().upper(),
            status=_STATUS.get(v[c_estatus].strip().lower(), "unknown"),
            cancelled_at=cancelled_at,
            third_party_rfc=tp[0] if tp else None,
            third_party_name=tp[1] if tp else None,
            extra=tuple(v[width:-1]),
        )


def iter_third_parties(
    source: Source, *, on_skip: OnSkip | None = None, max_line_chars: int = MAX_LINE_CHARS
) -> Iterator[tuple[str, str, str]]:
    """``(UUID upper-case, rfc, name)`` rows of a ``_tercero.txt`` file (``on_skip`` as in :func:`iter_metadata`)."""
    header, lines = _data_lines(source, KIND_THIRD_PARTIES, max_line_chars)
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    c_uuid = index.get("uuid", 0)
    c_rfc = index.get("rfcacuentaterceros", 1)
    c_name = index.get("nombreacuentaterceros", 2)
    for number, line in lines:
        if line is None:
            if on_skip is not None:
                on_skip(number, "line_too_long", _too_long(max_line_chars))
            continue
        if not line.strip():
            continue
        values = line.split("~")
        if len(values) < 3:
            values.extend([""] * (3 - len(values)))
        try:
            uuid = _uuid(values[c_uuid] if c_uuid < len(values) else "")
        except _BadRow as bad:
            if on_skip is not None:
                on_skip(number, bad.reason, bad.detail)
            continue
        rfc = values[c_rfc].strip().upper() if c_rfc < len(values) else ""
        name = values[c_name] if c_name < len(values) else ""
        yield uuid, rfc, name


def read_third_parties(*sources: Source) -> dict[str, tuple[str, str]]:
    """Load one or more third-party files into ``{UUID: (rfc, name)}`` for :func:`iter_metadata`."""
    table: dict[str, tuple[str, str]] = {}
    for source in sources:
        for uuid, rfc, name in iter_third_parties(source):
            table[uuid] = (rfc, name)
    return table
