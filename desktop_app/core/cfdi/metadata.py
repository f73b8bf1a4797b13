"""SAT metadata TXT (sat-protocol.md §6.2): streaming parser and the ``_tercero.txt`` join.

Rules (PHPCFDI's ``MetadataPreprocessor``/``CsvReader`` behaviour):

- the kind of file is told by its header line, never by its name: ``Uuid~RfcEmisor~…`` (metadata) or
  ``Uuid~RfcACuentaTerceros~NombreACuentaTerceros`` (third parties); columns are located by header name;
- if the first LF of the file is preceded by CR, lines end in CRLF and a bare LF inside a line is deleted (names
  with line breaks); otherwise lines end in LF (a trailing CR is dropped);
- ``~`` separates fields; ``"`` is an ordinary character (kept literally); blank lines are skipped; missing trailing
  fields are empty; fields beyond the header are kept in ``MetadataRow.extra``;
- text is UTF-8 (a BOM is skipped); undecodable bytes become U+FFFD rather than stopping a million-row file.

Everything streams: one line in memory at a time (plus one read chunk).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, TextIO

from desktop_app.core.cfdi.values import parse_amount, parse_datetime
from desktop_app.core.errors import AppError

METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~FechaCertificacionSat~Monto~"
    "EfectoComprobante~Estatus~FechaCancelacion"
)
THIRD_PARTY_HEADER = "Uuid~RfcACuentaTerceros~NombreACuentaTerceros"
_METADATA_PREFIX = "uuid~rfcemisor~"
_THIRD_PARTY_PREFIX = "uuid~rfcacuentaterceros~"
_CHUNK = 64 * 1024
_STATUS = {"1": "vigente", "0": "cancelado", "vigente": "vigente", "cancelado": "cancelado"}

KIND_METADATA = "metadata"
KIND_THIRD_PARTIES = "third_parties"

Source = bytes | bytearray | str | BinaryIO | TextIO | Iterable[bytes] | Iterable[str]


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

    def to_json(self) -> dict:
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


def iter_lines(source: Source) -> Iterator[str]:
    """Logical lines of a metadata/third-party file following §6.2 (blank lines are still yielded)."""
    chunks = _text_chunks(source)
    buffer = ""
    crlf: bool | None = None
    for chunk in chunks:
        buffer += chunk
        if crlf is None:
            lf = buffer.find("\n")
            if lf < 0:
                continue
            crlf = lf > 0 and buffer[lf - 1] == "\r"
        sep = "\r\n" if crlf else "\n"
        parts = buffer.split(sep)
        buffer = parts.pop()
        # A chunk that ends between CR and LF leaves "…\r" in the remainder; the next chunk completes it.
        for line in parts:
            yield _clean(line, crlf)
    if crlf and buffer.endswith("\r"):
        buffer = buffer[:-1]
    if buffer:
        yield _clean(buffer, bool(crlf))


def _clean(line: str, crlf: bool | None) -> str:
    if crlf:
        return line.replace("\n", "") if "\n" in line else line
    return line[:-1] if line.endswith("\r") else line


def _text_chunks(source: Source) -> Iterator[str]:
    if isinstance(source, str):
        yield source.removeprefix("\ufeff")
        return
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(source))
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
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
                text = decoder.decode(chunk)
                if text:
                    yield text
            first = False
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail
        return
    first = True
    for piece in source:  # an iterable of bytes / str pieces
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


def _data_lines(source: Source, expected: str) -> tuple[list[str], Iterator[str]]:
    lines = iter_lines(source)
    for line in lines:
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


def iter_metadata(
    source: Source, *, third_parties: Mapping[str, tuple[str, str]] | None = None
) -> Iterator[MetadataRow]:
    """Stream the rows of a metadata file.

    Args:
        source: bytes, text, a binary or text stream, or an iterable of byte/text chunks.
        third_parties: ``{UUID upper-case: (rfc, name)}`` from :func:`read_third_parties`, joined by UUID.

    Raises:
        AppError: ``invalid_metadata`` when the first non-blank line is not the metadata header (raised on the
            first ``next()``).
    """
    header, lines = _data_lines(source, KIND_METADATA)
    width = len(header)
    index = {name: i for i, name in reversed(list(enumerate(header)))}

    def col(name: str, default: int) -> int:
        return index.get(name.lower(), default if default < width else -1)

    c_uuid, c_ie, c_ne = col("Uuid", 0), col("RfcEmisor", 1), col("NombreEmisor", 2)
    c_ir, c_nr, c_pac = col("RfcReceptor", 3), col("NombreReceptor", 4), col("RfcPac", 5)
    c_fe, c_fc, c_monto = col("FechaEmision", 6), col("FechaCertificacionSat", 7), col("Monto", 8)
    c_efecto, c_estatus, c_fcan = col("EfectoComprobante", 9), col("Estatus", 10), col("FechaCancelacion", 11)
    joined = third_parties or {}

    for line in lines:
        if not line.strip():
            continue
        values = line.split("~")
        if len(values) < width:
            values.extend([""] * (width - len(values)))

        def get(i: int, values: list[str] = values) -> str:
            return values[i] if i >= 0 else ""

        uuid = get(c_uuid).strip().upper()
        tp = joined.get(uuid) if joined else None
        raw_status = get(c_estatus).strip().lower()
        yield MetadataRow(
            uuid=uuid,
            issuer_rfc=get(c_ie).strip().upper(),
            issuer_name=get(c_ne),
            receiver_rfc=get(c_ir).strip().upper(),
            receiver_name=get(c_nr),
            pac_rfc=get(c_pac).strip().upper(),
            issue_date=parse_datetime(get(c_fe)),
            stamp_date=parse_datetime(get(c_fc)),
            amount=parse_amount(get(c_monto)),
            type=get(c_efecto).strip().upper(),
            status=_STATUS.get(raw_status, "unknown"),
            cancelled_at=parse_datetime(get(c_fcan)),
            third_party_rfc=tp[0] if tp else None,
            third_party_name=tp[1] if tp else None,
            extra=tuple(values[width:]),
        )


def iter_third_parties(source: Source) -> Iterator[tuple[str, str, str]]:
    """``(UUID upper-case, rfc, name)`` rows of a ``_tercero.txt`` file."""
    header, lines = _data_lines(source, KIND_THIRD_PARTIES)
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    c_uuid = index.get("uuid", 0)
    c_rfc = index.get("rfcacuentaterceros", 1)
    c_name = index.get("nombreacuentaterceros", 2)
    for line in lines:
        if not line.strip():
            continue
        values = line.split("~")
        if len(values) < 3:
            values.extend([""] * (3 - len(values)))
        uuid = values[c_uuid].strip().upper() if c_uuid < len(values) else ""
        if uuid:
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
