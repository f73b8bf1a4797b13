"""Safe, streaming reading of SAT packages (ZIP), users' ZIPs and folders of loose XML (DESIGN.md §4).

Nothing is ever extracted to disk by its name: entries are read into memory one at a time through a counting
reader that stops at a size cap and at a compression-ratio cap (the header's declared size is not trusted).
Entries with absolute paths, drive letters, ``..`` components or NUL bytes are refused and counted as
``rejected``. Junk (``__MACOSX/``, ``._*``, directories, empty files, other file types, XML that is not a
stamped CFDI, text that is not metadata) is skipped and reported in the summary with a reason.

The package as a whole has a budget too (:class:`PackageLimits`): what its entries inflate to, in all, may not
pass ``max_package_bytes`` nor, once past ``package_ratio_floor``, ``max_package_ratio`` times the ZIP's size on
disk. Per-entry caps alone let 300 entries of just under 1 MiB each (below the ratio floor) put 300 MB into the
vault from a ZIP of a few hundred KB. The budget is spent in entry order, before anything is read, by each
entry's declared size, which is enough because neither reader ever hands out more than an entry declares
(``zipfile`` stops at the declared size and then fails the CRC; :func:`read_xml_ref` refuses an entry whose
output passes its declared size). XML entries whose declared size already fails their own caps are not charged
(their reader refuses them and yields nothing). An entry that does not fit in what is left is skipped as
``package_too_large``, the same per-entry way ``too_large`` is reported, and is not charged: the entries after
it are read when they fit (one over-sized entry — a metadata file inflated to 17 MB in a ZIP of 18 KB — never
costs the package's documents after it; the bound holds all the same, every entry read having been charged).
The budget is decided before the workers of ``core.parallel`` get the entries, so both readers follow it.

What a package holds is told by content: ``.xml``/``.xml.xml`` entries (and extension-less ones that look like
XML) go through :func:`parse_document`; text entries whose header is SAT's metadata header stream
:class:`MetadataRow` objects, joined with any ``Uuid~RfcACuentaTerceros~…`` file of the same package.

Usage::

    with read_package(path, owner_rfc="EKU9003173C9") as package:
        for item in package:          # PackageDocument | MetadataRow
            ...
        package.summary               # PackageSummary, complete once iteration ends
"""

from __future__ import annotations

import bisect
import dataclasses
import errno
import hashlib
import os
import re
import stat
import struct
import time
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, Protocol, TypeAlias

from desktop_app.core.cfdi.metadata import (
    KIND_METADATA,
    KIND_THIRD_PARTIES,
    MetadataRow,
    iter_metadata,
    iter_third_parties,
    sniff_kind,
)
from desktop_app.core.cfdi.model import Invoice
from desktop_app.core.cfdi.parser import parse_document, reads_as_written
from desktop_app.core.errors import AppError

if TYPE_CHECKING:  # built by core.parallel's workers out of a PackageDocument; the index comes after this module
    from desktop_app.core.index import PreparedDocument

_READ = 256 * 1024
# The mark an import leaves in the profile's folder while it runs (``InvoiceOps.import_invoices``): importing that
# folder itself listed it as a skipped «empty» file.
_IMPORT_MARKER = re.compile(r"\.import-[0-9]+-[0-9]+\.running")
_XML_NAME = re.compile(r"\.xml(\.xml)?$", re.IGNORECASE)
_TXT_NAME = re.compile(r"\.(txt|csv)$", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class PackageLimits:
    """Caps applied to every entry (and to loose files). The defaults fit SAT's packages with room to spare."""

    max_entries: int = 250_000  # SAT: ≤ 200,000 CFDI per request
    max_xml_bytes: int = 50 * 1024 * 1024
    max_text_bytes: int = 2 * 1024 * 1024 * 1024  # 1,000,000 metadata rows ≈ 300 MB
    max_ratio: int = 200  # uncompressed / compressed, checked once an entry passes ratio_floor
    ratio_floor: int = 1024 * 1024
    max_skipped_details: int = 10_000
    # The whole package (module docstring). SAT answers a request with at most 200,000 CFDI, and real CFDI
    # are 3-50 KB (the sandbox's average 5.4 KB): 200,000 x 50 KiB (9.5 GiB) is several times any real package.
    max_package_bytes: int = 200_000 * 50 * 1024
    # Real packages inflate ~1.5-2:1 (CFDI: base64 seals and certificates barely compress) and ~4:1 (metadata
    # text); 20:1 over a whole package is 5-10 times that. Packages inflating to 16 MiB or less are not
    # ratio-checked (a few odd, very compressible documents).
    max_package_ratio: int = 20
    package_ratio_floor: int = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PackageDocument:
    """A stamped CFDI / Retenciones document found in a package or a folder."""

    name: str  # entry name inside the ZIP, or the file path
    uuid: str  # = invoice.uuid (TFD UUID, upper-case), independent of ``name``
    xml_bytes: bytes
    invoice: Invoice


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    name: str
    reason: str  # unsafe_name, directory, macos_metadata, empty, unsupported_type, too_large, compression_ratio,
    # package_too_large, corrupt, encrypted, invalid_xml, not_a_cfdi, cfdi_not_stamped, invalid_uuid, ambiguous_uuid,
    # invalid_metadata, invalid_package, unreadable; metadata rows ("<entry>:<line>"): invalid_uuid, invalid_date,
    # invalid_amount, line_too_long
    detail: str = ""
    archive: str = ""  # the ZIP (a file the import was given) the entry ``name`` is in; "" for a loose file


@dataclass
class PackageSummary:
    """Counts of one read; ``skipped`` keeps the first ``max_skipped_details`` entries, ``skipped_by_reason`` all."""

    kind: str = "empty"  # cfdi / metadata / mixed / empty
    entries: int = 0
    documents: int = 0
    metadata_rows: int = 0
    third_party_rows: int = 0
    rejected: int = 0  # unsafe names (zip-slip attempts)
    skipped: list[SkippedEntry] = field(default_factory=list)
    skipped_by_reason: Counter[str] = field(default_factory=Counter)

    def skip(self, name: str, reason: str, detail: str = "", *, cap: int = 10_000) -> None:
        self.skipped_by_reason[reason] += 1
        if len(self.skipped) < cap:
            self.skipped.append(SkippedEntry(name, reason, detail[:300]))

    def _update_kind(self) -> None:
        if self.documents and self.metadata_rows:
            self.kind = "mixed"
        elif self.documents:
            self.kind = "cfdi"
        elif self.metadata_rows:
            self.kind = "metadata"

    def merge(self, other: PackageSummary, *, archive: str = "") -> None:
        """Add ``other``'s counts; ``archive``: the ZIP ``other`` read, named in each of its skipped entries (two
        packages' «other.txt» could not be told apart, an outside audit)."""
        self.entries += other.entries
        self.documents += other.documents
        self.metadata_rows += other.metadata_rows
        self.third_party_rows += other.third_party_rows
        self.rejected += other.rejected
        self.skipped.extend(
            dataclasses.replace(s, archive=archive) if archive and not s.archive else s for s in other.skipped
        )
        self.skipped_by_reason.update(other.skipped_by_reason)
        self._update_kind()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "entries": self.entries,
            "documents": self.documents,
            "metadata_rows": self.metadata_rows,
            "third_party_rows": self.third_party_rows,
            "rejected": self.rejected,
            "skipped": [
                {
                    "name": s.name,
                    "reason": s.reason,
                    "detail": s.detail,
                    **({"archive": s.archive} if s.archive else {}),
                }
                for s in self.skipped
            ],
            "skipped_by_reason": dict(self.skipped_by_reason),
        }


class _LimitExceeded(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class _CappedReader:
    """File-like reader over a ZIP entry that stops at ``cap`` bytes and at ``max_ratio`` (zip bombs)."""

    def __init__(self, raw: IO[bytes], cap: int, compressed: int, limits: PackageLimits) -> None:
        self._raw = raw
        self._cap = cap
        self._compressed = max(compressed, 1)
        self._limits = limits
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        want = _READ if size is None or size < 0 else min(size, _READ)
        data = self._raw.read(want)
        self.count += len(data)
        over = _over_limits(self.count, self._cap, self._compressed, self._limits)
        if over is not None:
            raise _LimitExceeded(*over)
        return data

    def __enter__(self) -> _CappedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()

    def read_all(self) -> bytes:
        parts: list[bytes] = []
        while True:
            data = self.read(_READ)
            if not data:
                return b"".join(parts)
            parts.append(data)


def _over_limits(size: int, cap: int, compressed: int, limits: PackageLimits) -> tuple[str, str] | None:
    """(reason, detail) when ``size`` bytes read out of ``compressed`` pass the size cap or the ratio cap."""
    if size > cap:
        return "too_large", f"more than {cap} bytes uncompressed"
    if size > limits.ratio_floor and size > max(compressed, 1) * limits.max_ratio:
        return "compression_ratio", f"compression ratio above {limits.max_ratio}:1"
    return None


class _PackageBudget:
    """What a package's entries may inflate to in all (module docstring), charged by declared sizes in order."""

    def __init__(self, limits: PackageLimits, zip_size: int) -> None:
        self.limits = limits
        by_ratio = max(limits.package_ratio_floor, zip_size * limits.max_package_ratio)
        self.allowance = min(limits.max_package_bytes, by_ratio)
        self.zip_size = zip_size
        self.used = 0

    def refuse(self, info: zipfile.ZipInfo, kind: str) -> str | None:
        """None when ``info`` may be read (and is charged), else why not (``package_too_large``; not charged)."""
        size = info.file_size
        if kind == "xml":
            if _over_limits(size, self.limits.max_xml_bytes, info.compress_size, self.limits) is not None:
                return None  # its reader refuses it (too_large / compression_ratio) before yielding anything
        else:
            size = min(size, self.limits.max_text_bytes + 1)  # rows stream until the entry's own cap
        if self.used + size <= self.allowance:
            self.used += size
            return None
        limits = self.limits
        return (
            f"this entry would take the package's entries past {self.allowance} bytes: at most "
            f"{limits.max_package_bytes} in all and {limits.max_package_ratio} times the ZIP's {self.zip_size} bytes "
            f"(past {limits.package_ratio_floor}); it is not read, the entries that fit in what is left are"
        )


def unsafe_name(name: str) -> bool:
    """True for names that could escape a target folder if anyone ever extracted by name."""
    if not name or "\x00" in name:
        return True
    norm = name.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm):
        return True
    return any(part == ".." for part in norm.split("/"))


def _junk_reason(name: str) -> str | None:
    norm = name.replace("\\", "/")
    parts = norm.split("/")
    if "__MACOSX" in parts[:-1] or parts[-1].startswith("._") or parts[-1] in {".DS_Store", "Thumbs.db"}:
        return "macos_metadata"
    if norm.endswith("/"):
        return "directory"
    return None


def _head_after_whitespace(fh: IO[bytes], size: int = 512, most: int = 1 << 20) -> bytes:
    """The first ``size`` bytes of a file, or, when they are only whitespace (a file some tool padded with line
    breaks before its XML), the ``size`` bytes from its first other byte — looked for up to ``most`` bytes in."""
    head = fh.read(size)
    seen = len(head)
    while head and not head.strip() and seen < most:
        chunk = fh.read(64 * 1024)
        if not chunk:
            return b""  # only whitespace: empty
        seen += len(chunk)
        rest = chunk.lstrip()
        if rest:
            return (rest + fh.read(size))[:size]
    return head


def _looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _count_entries_from_eocd(fp: IO[bytes]) -> int | None:
    """Number of entries declared by the end-of-central-directory record, read before zipfile builds its list."""
    try:
        fp.seek(0, os.SEEK_END)
        size = fp.tell()
        fp.seek(max(0, size - 65_557))
        tail = fp.read()
    except OSError:
        return None
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return None
    total: int = struct.unpack("<H", tail[pos + 10 : pos + 12])[0]
    if total == 0xFFFF and pos >= 20 and tail[pos - 20 : pos - 16] == b"PK\x06\x07":
        offset: int = struct.unpack("<Q", tail[pos - 12 : pos - 4])[0]
        try:
            fp.seek(offset)
            record = fp.read(56)
        except (OSError, OverflowError, ValueError):
            return None
        if record[:4] == b"PK\x06\x06" and len(record) >= 40:
            total = struct.unpack("<Q", record[32:40])[0]
    return total


class PackageReader:
    """Iterable over the documents and metadata rows of one ZIP; see the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        owner_rfc: str | None = None,
        limits: PackageLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self.owner_rfc = owner_rfc
        self.limits = limits or PackageLimits()
        self.summary = PackageSummary()
        try:
            self._fp = open_regular_file(self.path)  # closed by close() / the iterator
        except NotRegularFile:
            raise AppError("invalid_package", "The package is not a regular file.", path=str(path)) from None
        except OSError as exc:
            raise AppError("invalid_package", f"Cannot open the package: {exc.strerror}", path=str(path)) from None
        try:
            declared = _count_entries_from_eocd(self._fp)
            if declared is not None and declared > self.limits.max_entries:
                raise AppError(
                    "package_too_many_entries",
                    f"The ZIP declares {declared} entries; at most {self.limits.max_entries} are read.",
                    entries=declared,
                )
            self._fp.seek(0)
            self._zip = zipfile.ZipFile(self._fp)
            infos = self._zip.infolist()
        except AppError:
            self._fp.close()
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error) as exc:
            self._fp.close()
            raise AppError("invalid_package", f"The file is not a readable ZIP: {exc}", path=str(path)) from None
        if len(infos) > self.limits.max_entries:
            self.close()
            raise AppError(
                "package_too_many_entries",
                f"The ZIP has {len(infos)} entries; at most {self.limits.max_entries} are read.",
                entries=len(infos),
            )
        self.summary.entries = len(infos)
        try:
            zip_size = os.fstat(self._fp.fileno()).st_size
        except OSError:
            zip_size = 0
        self._budget = _PackageBudget(self.limits, zip_size)
        self._started = False
        # Optional: ``parallel(path, entries)`` may take over a package made only of XML entries and return
        # the items in entry order (``SkippedEntry`` for skips), or None to decline (core.parallel).
        self.parallel: ParallelEntries | None = None
        # An import's keys of the documents the index holds (:class:`FilesReader`'s ``known``): an XML entry among
        # them comes as a :class:`KnownFile`, not parsed. None for SAT's packages (a sync).
        self.known: KnownKeys | None = None

    # -- context manager / cleanup
    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        zf = getattr(self, "_zip", None)
        if zf is not None:
            zf.close()
        fp = getattr(self, "_fp", None)
        if fp is not None:
            fp.close()

    def _release_archive(self) -> None:
        """Close the ``ZipFile`` and drop it with its entry list (only the entries' offsets are needed now)."""
        self._zip.close()
        del self._zip

    def __del__(self) -> None:  # a reader dropped before iteration must not leak its file handle
        self.close()

    def __iter__(self) -> Iterator[PackageItem]:
        if self._started:
            raise RuntimeError("a PackageReader can be iterated once")
        self._started = True
        try:
            yield from self._iterate()
        finally:
            self.summary._update_kind()
            self.close()

    # -- internals
    def _skip(self, name: str, reason: str, detail: str = "") -> None:
        self.summary.skip(name, reason, detail, cap=self.limits.max_skipped_details)

    def _row_skipper(self, name: str) -> Callable[[int, str, str], None]:
        """``on_skip`` for the metadata parsers: a bad row is reported as ``<entry>:<line>``."""

        def skip(line: int, reason: str, detail: str) -> None:
            self._skip(f"{name}:{line}", reason, detail)

        return skip

    def _over_budget(self, info: zipfile.ZipInfo, kind: str) -> bool:
        detail = self._budget.refuse(info, kind)
        if detail is None:
            return False
        self._skip(info.filename, "package_too_large", detail)
        return True

    def _head(self, info: zipfile.ZipInfo) -> bytes:
        with self._zip.open(info) as raw:
            return raw.read(512)

    def _iterate(self) -> Iterator[PackageItem]:
        plan: list[tuple[zipfile.ZipInfo, str]] = []
        third_parties: dict[str, tuple[str, str]] = {}
        # Pass 1 (names and a 512-byte peek at text entries): classify, and load third-party files first so
        # they can be joined whatever their order in the ZIP.
        for info in self._zip.infolist():
            name = info.filename
            if unsafe_name(name):
                self.summary.rejected += 1
                self._skip(name, "unsafe_name", "absolute path or '..' component")
                continue
            junk = _junk_reason(name)
            if junk is not None or info.is_dir():
                self._skip(name, junk or "directory")
                continue
            if info.flag_bits & 0x1:
                self._skip(name, "encrypted")
                continue
            if info.file_size == 0 and info.compress_size == 0:
                self._skip(name, "empty")
                continue
            if _XML_NAME.search(name):
                if not self._over_budget(info, "xml"):
                    plan.append((info, "xml"))
                continue
            try:
                head = self._head(info)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                self._skip(name, "corrupt", str(exc))
                continue
            if not head.strip():
                self._skip(name, "empty")
                continue
            kind = sniff_kind(head)
            if kind == KIND_THIRD_PARTIES:
                if self._over_budget(info, "text"):
                    continue
                try:
                    with self._zip.open(info) as raw:
                        reader = _CappedReader(raw, self.limits.max_text_bytes, info.compress_size, self.limits)
                        for uuid, rfc, tp_name in iter_third_parties(reader, on_skip=self._row_skipper(name)):
                            third_parties[uuid] = (rfc, tp_name)
                            self.summary.third_party_rows += 1
                except _LimitExceeded as exc:
                    self._skip(name, exc.reason, exc.detail)
                except AppError as exc:
                    self._skip(name, exc.code, exc.message)
                except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                    self._skip(name, "corrupt", str(exc))
            elif kind == KIND_METADATA:
                if not self._over_budget(info, "text"):
                    plan.append((info, "metadata"))
            elif _looks_like_xml(head):
                if not self._over_budget(info, "xml"):
                    plan.append((info, "xml"))
            elif _TXT_NAME.search(name):
                self._skip(name, "invalid_metadata", "text without the SAT metadata header")
            elif head.startswith(b"PK\x03\x04"):  # said: its CFDI are not imported (an outside audit)
                self._skip(name, "unsupported_type", "a ZIP inside a ZIP is not read: extract it and import it")
            else:
                self._skip(name, "unsupported_type")
        # Pass 2: documents and metadata rows, one entry in memory at a time.
        if self.parallel is not None and plan and all(kind == "xml" for _info, kind in plan):
            results = self.parallel(self.path, [EntryRef.of(info) for info, _kind in plan])
            if results is not None:
                # The entries are read by their offsets from here on (workers, or prepare_chunk in-process): the
                # archive's own list of them — a ZipInfo each, ~0.57 KB; 113 MB at 200,000 entries — goes now,
                # not when the package is done (peak RSS: docs/performance.md, stop 9).
                plan.clear()
                self._release_archive()
                for item in results:
                    if isinstance(item, SkippedEntry):
                        self._skip(item.name, item.reason, item.detail)
                    else:
                        self.summary.documents += 1
                        yield item
                return
        for info, kind in plan:
            if kind == "xml":
                document = self._read_xml(info)
                if document is not None:
                    self.summary.documents += 1
                    yield document
            else:
                yield from self._read_metadata(info, third_parties)

    def _read_xml(self, info: zipfile.ZipInfo) -> PackageDocument | KnownFile | None:
        data = read_xml_entry(self._zip, info, self.limits)
        if isinstance(data, SkippedEntry):
            self._skip(data.name, data.reason, data.detail)
            return None
        known = recognise(info.filename, data, self.known)
        if known is not None:
            return known
        return document_from_bytes(info.filename, data, self.owner_rfc, self._skip)

    def _read_metadata(self, info: zipfile.ZipInfo, third_parties: dict[str, tuple[str, str]]) -> Iterator[MetadataRow]:
        name = info.filename
        try:
            with self._zip.open(info) as raw:
                reader = _CappedReader(raw, self.limits.max_text_bytes, info.compress_size, self.limits)
                for row in iter_metadata(reader, third_parties=third_parties, on_skip=self._row_skipper(name)):
                    self.summary.metadata_rows += 1
                    yield row
        except _LimitExceeded as exc:
            self._skip(name, exc.reason, exc.detail)
        except AppError as exc:
            self._skip(name, exc.code, exc.message)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            self._skip(name, "corrupt", str(exc))


def read_xml_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: PackageLimits) -> bytes | SkippedEntry:
    """One XML entry's bytes through the capped reader, or why it was skipped."""
    name = info.filename
    try:
        with _CappedReader(archive.open(info), limits.max_xml_bytes, info.compress_size, limits) as reader:
            data = reader.read_all()
        if len(data) != info.file_size:  # zipfile checks the CRC but not a stream that ends short
            return SkippedEntry(name, "corrupt", f"Bad CRC-32 or size for file {name!r}")
        return data
    except _LimitExceeded as exc:
        return SkippedEntry(name, exc.reason, exc.detail)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        return SkippedEntry(name, "corrupt", str(exc))


class EntryRef(NamedTuple):
    """Where one entry's bytes are in the ZIP, from the central directory: enough to read it without building
    the archive's whole entry list again (a worker process reading part of a 200,000-entry package)."""

    name: str
    header_offset: int
    compress_type: int
    compress_size: int
    file_size: int
    crc: int

    @classmethod
    def of(cls, info: zipfile.ZipInfo) -> EntryRef:
        return cls(info.filename, info.header_offset, info.compress_type, info.compress_size, info.file_size, info.CRC)


READABLE_BY_REF = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader (30 bytes)


def read_xml_ref(fp: IO[bytes], ref: EntryRef, limits: PackageLimits) -> bytes | SkippedEntry:
    """:func:`read_xml_entry` for an :class:`EntryRef` (stored or deflated entries): the same caps (size and
    compression ratio, whatever the header claims) and the same CRC check, read from an open file."""
    name = ref.name
    try:
        fp.seek(ref.header_offset)
        header = fp.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            return SkippedEntry(name, "corrupt", "bad local file header")
        fields = _LOCAL_HEADER.unpack(header)
        fp.seek(fields[10] + fields[11], os.SEEK_CUR)  # the name and the extra field
        cap = limits.max_xml_bytes
        if ref.compress_type == zipfile.ZIP_STORED:
            over = _over_limits(ref.compress_size, cap, ref.compress_size, limits)
            if over is not None:
                return SkippedEntry(name, *over)
            data = fp.read(ref.compress_size)
        else:
            # Never inflate more than the entry declares (+1 byte to notice): like zipfile, which stops there.
            limit = min(cap, ref.file_size)
            inflate = zlib.decompressobj(-15)
            parts, size, left = [], 0, ref.compress_size
            while left > 0:
                chunk = fp.read(min(_READ, left))
                if not chunk:
                    break
                left -= len(chunk)
                part = inflate.decompress(chunk, limit + 1 - size)
                size += len(part)
                parts.append(part)
                # input left over at the output limit: there is more than ``limit`` to come
                if inflate.unconsumed_tail or size > limit:
                    if ref.file_size > cap:
                        return SkippedEntry(name, "too_large", f"more than {cap} bytes uncompressed")
                    # zipfile stops at the declared size and fails the CRC
                    return SkippedEntry(name, "corrupt", f"more data than the {ref.file_size} bytes declared")
                over = _over_limits(size, cap, ref.compress_size, limits)
                if over is not None:
                    return SkippedEntry(name, *over)
            parts.append(inflate.flush())
            data = b"".join(parts)
            over = _over_limits(len(data), cap, ref.compress_size, limits)
            if over is not None:
                return SkippedEntry(name, *over)
        if len(data) != ref.file_size or zlib.crc32(data) != ref.crc:
            return SkippedEntry(name, "corrupt", f"Bad CRC-32 or size for file {name!r}")
        return data
    except (OSError, zlib.error, struct.error, ValueError) as exc:
        return SkippedEntry(name, "corrupt", str(exc))


def document_from_bytes(name: str, data: bytes, owner_rfc: str | None, skip: SkipReporter) -> PackageDocument | None:
    """Parse one file's bytes; ``skip(name, reason, detail)`` hears why it is not a document."""
    if not data.strip():
        skip(name, "empty")
        return None
    try:
        invoice = parse_document(data, owner_rfc=owner_rfc)
    except AppError as exc:
        skip(name, exc.code, exc.message)
        return None
    return PackageDocument(name=name, uuid=invoice.uuid, xml_bytes=data, invoice=invoice)


def read_package(
    path: str | os.PathLike[str], *, owner_rfc: str | None = None, limits: PackageLimits | None = None
) -> PackageReader:
    """Open a package ZIP for streaming. Raises ``AppError('invalid_package')`` at once if it is not a ZIP."""
    return PackageReader(path, owner_rfc=owner_rfc, limits=limits)


# ------------------------------------------------------------------------------------------ loose files


class LooseZip(NamedTuple):
    """A loose file read as XML (by its name or its first bytes) that turns out to be a ZIP: its reader reads it
    as a package, in its place."""

    path: str


class KnownFile(NamedTuple):
    """An imported XML file (loose, or an entry of a ZIP) whose exact bytes the index already holds for this profile
    (a folder imported again, or the accountant's copy of a document SAT's download brought): not walked into rows.
    The index writer confirms it against the row and the vault file (``IndexWriter.add_known``), and reads it as
    any file when they differ. ``name``: the file's path, or the entry's name in its ZIP."""

    name: str
    sha256: str  # hex, as ``invoices.xml_sha256``
    xml: bytes


KnownKeys: TypeAlias = "array[int]"  # the first 8 bytes of each known SHA-256, as unsigned integers, sorted


def digest_key(sha256_hex: str) -> int:
    """The key of a SHA-256 in :data:`KnownKeys`: its first 8 bytes as an unsigned integer."""
    return int(sha256_hex[:16], 16)


def recognise(path: str, data: bytes, known: KnownKeys | None) -> KnownFile | None:
    """``data`` as a :class:`KnownFile` when its SHA-256 is among ``known`` (a hint: the writer checks the whole
    digest against the row) and the parser reads it as written (:func:`parser.reads_as_written`: never damaged,
    whatever an older version made of it), else None. Costs a SHA-256 for every file (~3 µs a CFDI) and libxml2's
    strict parse for a known one (~30 µs), where the whole parse, the row and the SQL cost ~250."""
    if not known:
        return None
    digest = hashlib.sha256(data).digest()
    key = int.from_bytes(digest[:8], "big")
    at = bisect.bisect_left(known, key)
    if at == len(known) or known[at] != key or not reads_as_written(data):
        return None
    return KnownFile(path, digest.hex(), data)


# What the readers yield: documents and metadata rows; documents read by core.parallel's worker processes come
# already turned into their index rows (core.index.PreparedDocument).
PackageItem: TypeAlias = "PackageDocument | MetadataRow | PreparedDocument | KnownFile"
# What core.parallel hands back, in order, for a package's XML entries and for a run of loose XML files.
ParallelEntryItem: TypeAlias = "PreparedDocument | PackageDocument | SkippedEntry | KnownFile"
ParallelFileItem: TypeAlias = "PreparedDocument | PackageDocument | SkippedEntry | LooseZip | KnownFile"
# The hooks core.parallel sets: :attr:`PackageReader.parallel` and what :attr:`FilesReader.parallel_files` gives.
ParallelEntries: TypeAlias = "Callable[[Path, list[EntryRef]], Iterable[ParallelEntryItem] | None]"
ParallelFiles: TypeAlias = "Callable[[list[str]], Iterable[ParallelFileItem]]"


class SkipReporter(Protocol):
    """``skip(name, reason, detail="")``: hears why a file or entry is not read (:class:`SkippedEntry`)."""

    def __call__(self, name: str, reason: str, detail: str = "", /) -> None: ...


def read_loose_xml(path: str, limits: PackageLimits) -> bytes | SkippedEntry | LooseZip:
    """One loose file to be read as XML: its bytes, or why it is skipped, or :class:`LooseZip`.

    The one check of such a file, in-process and in the worker processes of ``core.parallel`` alike (they get
    paths, never bytes): a regular file (a symlink is not followed), not empty, at most ``max_xml_bytes`` (read
    no further than one byte past the cap, should it grow meanwhile)."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return SkippedEntry(path, "unsupported_type", "not a regular file")
        fd = open_regular(path)  # (plain os calls: ~5 µs a file less than open(); 20,000 files a folder)
        try:
            if st.st_size > limits.max_xml_bytes:
                data, head = None, _read_up_to(fd, 512)
            else:
                data = _read_up_to(fd, st.st_size + 1)  # a size, not the cap: reading n allocates n bytes first
                if len(data) > st.st_size:  # it grew since: read on, to one byte past the cap
                    data += _read_up_to(fd, limits.max_xml_bytes + 1 - len(data))
                head = data[:512]
        finally:
            os.close(fd)
    except NotRegularFile:
        return SkippedEntry(path, "unsupported_type", "not a regular file")
    except OSError as exc:
        return SkippedEntry(path, "unreadable", exc.strerror or str(exc))
    if st.st_size == 0 or (not head.strip() and not (data or b"").strip()):  # (whitespace past 512 bytes: read on)
        return SkippedEntry(path, "empty")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return LooseZip(path)
    if data is None or len(data) > limits.max_xml_bytes:
        return SkippedEntry(path, "too_large", f"{max(st.st_size, len(data or b''))} bytes")
    return data


# (Windows opens in text mode without O_BINARY.) O_NOFOLLOW and O_NONBLOCK: a symlink, FIFO or device put in a
# file's place after the walk saw a regular file is neither followed nor waited on (a FIFO's open would block until
# someone writes to it: the import would hang); reads of a regular file ignore O_NONBLOCK.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class NotRegularFile(OSError):
    """What :func:`open_regular` found is not a regular file (a folder, link, FIFO, socket or device)."""


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only file descriptor of the regular file at ``path``: a symlink is never followed, a FIFO never waited
    on, even one put in the place of a file the walk saw as regular (another regular file there is read: an editor
    saving it meanwhile).

    Raises:
        NotRegularFile: not a regular file.
        OSError: it cannot be opened.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
            raise NotRegularFile(errno.ELOOP, "not a regular file") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegularFile(errno.EINVAL, "not a regular file")
    return fd


def open_regular_file(path: str | os.PathLike[str]) -> IO[bytes]:
    """:func:`open_regular` as a binary file object."""
    return os.fdopen(open_regular(path), "rb")


def _read_up_to(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``, fewer only at the end of the file."""
    data = os.read(fd, size)
    if not data or len(data) == size:
        return data
    parts = [data]
    left = size - len(data)
    while left > 0:
        part = os.read(fd, left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


PROGRESS_SECONDS = 0.25  # how often a folder import tells its progress (FilesReader.progress)


class FilesReader:
    """Iterable over files, folders (recursively; symlinked folders are not followed) and ZIPs inside them.

    Yields the same items as :class:`PackageReader`; ``summary`` aggregates everything (entries = files seen).
    Loose third-party ``.txt`` files are joined with the loose metadata files of the same call.

    Pass 1 walks the paths in a fixed order (folders and files sorted by name) and sorts the files out: by name
    (``*.xml``: to be read as XML; junk) or, for other names, by their first 512 bytes (ZIP, XML, SAT metadata,
    third parties; these are loaded at once, to be joined whatever the order). Pass 2 reads what pass 1 kept,
    in the same order: every XML file through :func:`read_loose_xml` (so an ``.xml`` file is opened once), each
    ZIP as a package, each metadata file row by row. ``core.parallel`` may take over the runs of XML files.
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        owner_rfc: str | None = None,
        limits: PackageLimits | None = None,
        known: KnownKeys | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.owner_rfc = owner_rfc
        self.limits = limits or PackageLimits()
        # The keys of the SHA-256 of the documents the index holds for ``owner_rfc`` (:func:`recognise`): a loose
        # XML file among them comes as a :class:`KnownFile`, not parsed (in the workers too).
        self.known = known
        self.summary = PackageSummary()
        # Optional (core.parallel): ``parallel_files(count)`` is asked once, with the number of files pass 2 reads
        # as XML, and answers None (read them here) or a function that takes a run of those files' paths and
        # returns their items in the same order: documents (prepared ones too), ``SkippedEntry``, ``LooseZip``.
        self.parallel_files: Callable[[int], ParallelFiles | None] | None = None
        # Handed to the reader of each ZIP (:attr:`PackageReader.parallel`).
        self.parallel: ParallelEntries | None = None
        # Optional: ``progress(done, total)`` — files of pass 2 read so far, of how many (a ZIP or a metadata file
        # counts once, when it is done). At most every :data:`PROGRESS_SECONDS`, and once at the end.
        self.progress: Callable[[int, int], None] | None = None
        self._done = 0
        self._total = 0
        self._told_at = 0.0

    def _skip(self, name: str, reason: str, detail: str = "") -> None:
        self.summary.skip(name, reason, detail, cap=self.limits.max_skipped_details)

    def _row_skipper(self, name: str) -> Callable[[int, str, str], None]:
        def skip(line: int, reason: str, detail: str) -> None:
            self._skip(f"{name}:{line}", reason, detail)

        return skip

    def _walk(self) -> Iterator[str]:
        """Every file of the paths, in a stable order; a running import's mark (``invoice_ops``) is not one."""

        def unreadable(error: OSError) -> None:  # a folder that cannot be listed: said, never passed over in silence
            self.summary.entries += 1
            self._skip(str(error.filename or path), "unreadable", error.strerror or str(error))

        for path in self.paths:
            if path.is_dir():
                for folder, dirs, files in os.walk(path, onerror=unreadable):
                    dirs.sort()
                    for name in dirs:
                        link = os.path.join(folder, name)
                        if os.path.islink(link):  # listed with the folders, never descended into: say so
                            self.summary.entries += 1
                            self._skip(link, "unsupported_type", "a link to a folder (not followed)")
                    for file in sorted(files):
                        if not _IMPORT_MARKER.fullmatch(file):  # the app's own (a profile's folder imported)
                            yield os.path.join(folder, file)
            elif path.exists():
                yield str(path)
            else:  # counted as every other file given (the counts did not add up: an outside audit)
                self.summary.entries += 1
                looped = path.is_symlink()
                self._skip(str(path), "unreadable", "a link to nothing, or to itself" if looped else "no such file")

    def __iter__(self) -> Generator[PackageItem, None, None]:
        try:
            yield from self._iterate()
        finally:
            self.summary._update_kind()

    def _iterate(self) -> Iterator[PackageItem]:
        third_parties: dict[str, tuple[str, str]] = {}
        plan: list[tuple[str, str]] = []  # (path, "xml" | "zip" | "metadata"), in the walk's order
        xml_files = 0
        for name in self._walk():
            self.summary.entries += 1
            base = os.path.basename(name)
            if _junk_reason(base) is not None:
                self._skip(name, "macos_metadata")
                continue
            if _XML_NAME.search(base):
                plan.append((name, "xml"))  # checked when read (read_loose_xml): opened once
                xml_files += 1
                continue
            try:
                st = os.lstat(name)
                if not stat.S_ISREG(st.st_mode):
                    self._skip(name, "unsupported_type", "not a regular file")
                    continue
                with open_regular_file(name) as fh:
                    head = _head_after_whitespace(fh)
            except NotRegularFile:
                self._skip(name, "unsupported_type", "not a regular file")
                continue
            except OSError as exc:
                self._skip(name, "unreadable", exc.strerror or str(exc))
                continue
            if st.st_size == 0 or not head.strip():
                self._skip(name, "empty")
            elif head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
                plan.append((name, "zip"))
            elif _looks_like_xml(head):
                plan.append((name, "xml"))
                xml_files += 1
            elif (kind := sniff_kind(head)) == KIND_THIRD_PARTIES:
                try:
                    with open_regular_file(name) as fh:
                        for uuid, rfc, tp_name in iter_third_parties(fh, on_skip=self._row_skipper(name)):
                            third_parties[uuid] = (rfc, tp_name)
                            self.summary.third_party_rows += 1
                except AppError as exc:
                    self._skip(name, exc.code, exc.message)
                except OSError as exc:
                    self._skip(name, "unreadable", exc.strerror or str(exc))
            elif kind == KIND_METADATA:
                plan.append((name, "metadata"))
            else:
                self._skip(name, "unsupported_type")
        runner = self.parallel_files(xml_files) if self.parallel_files is not None and xml_files else None
        # Progress counts files, and a ZIP's entries as files: one SAT package of 200,000 CFDI is not "0 of 1".
        weights = [min(_zip_entries(name), self.limits.max_entries) if kind == "zip" else 1 for name, kind in plan]
        self._total = sum(weights)
        k = 0
        while k < len(plan):
            name, kind = plan[k]
            if kind == "xml":  # the whole run of XML files up to the next ZIP or metadata file
                end = k + 1
                while end < len(plan) and plan[end][1] == "xml":
                    end += 1
                yield from self._read_xml_run([path for path, _kind in plan[k:end]], runner)
                k = end
                continue
            k += 1
            if kind == "metadata":
                try:
                    with open_regular_file(name) as fh:
                        for row in iter_metadata(fh, third_parties=third_parties, on_skip=self._row_skipper(name)):
                            self.summary.metadata_rows += 1
                            yield row
                except AppError as exc:
                    self._skip(name, exc.code, exc.message)
                except OSError as exc:
                    self._skip(name, "unreadable", exc.strerror or str(exc))
            else:
                yield from self._read_zip(name, weights[k - 1])
                continue
            self._read_one()
        self._tell(force=True)

    def _read_one(self, count: int = 1) -> None:
        """``count`` planned files (or a ZIP's entries) read, their items handed over: progress, now and then."""
        self._done += count
        if self.progress is not None and time.monotonic() - self._told_at >= PROGRESS_SECONDS:
            self._tell()

    def _tell(self, *, force: bool = False) -> None:
        if self.progress is not None and (force or self._done):
            self._told_at = time.monotonic()
            self.progress(self._done, self._total)

    def _read_xml_run(self, paths: list[str], runner: ParallelFiles | None) -> Iterator[PackageItem]:
        if runner is not None:
            for item in runner(paths):  # one item a file, in order
                if isinstance(item, SkippedEntry):
                    self._skip(item.name, item.reason, item.detail)
                elif isinstance(item, LooseZip):
                    yield from self._read_zip(item.path)
                else:
                    self.summary.documents += 1
                    yield item  # a document (prepared, to be prepared by the writer, or known)
                self._read_one()
            return
        for path in paths:
            data = read_loose_xml(path, self.limits)
            if isinstance(data, SkippedEntry):
                self._skip(data.name, data.reason, data.detail)
            elif isinstance(data, LooseZip):
                yield from self._read_zip(path)
            elif (known := recognise(path, data, self.known)) is not None:
                self.summary.documents += 1
                yield known
            else:
                document = document_from_bytes(path, data, self.owner_rfc, self._skip)
                if document is not None:
                    self.summary.documents += 1
                    yield document
            self._read_one()

    def _read_zip(self, name: str, weight: int = 0) -> Iterator[PackageItem]:
        """The items of the ZIP ``name``; ``weight``: its entries in the progress (a planned ZIP), each item counted
        as it goes and the rest (skipped entries) once it is done; 0 for a ZIP met as a file of an XML run."""
        start = self._done
        try:
            package = read_package(name, owner_rfc=self.owner_rfc, limits=self.limits)
        except AppError as exc:
            self._skip(name, exc.code, exc.message)
            if weight:
                self._read_one(weight)
            return
        package.parallel = self.parallel
        package.known = self.known
        items = iter(package)
        try:
            for item in items:
                yield item
                if self._done < start + weight - 1:
                    self._read_one()
        finally:
            if isinstance(items, Generator):  # an abandoned read (a stopped import) gives its workers back first
                items.close()
            package.close()
            inner = package.summary
            inner.entries = 0  # count files here, not entries
            self.summary.merge(inner, archive=name)
        if weight:
            self._read_one(start + weight - self._done)  # the entries that gave no item (skipped)


def _zip_entries(path: str) -> int:
    """How many entries the ZIP at ``path`` says it has (its end record: no entry list is read), at least 1."""
    try:
        with open_regular_file(path) as fh:
            declared = _count_entries_from_eocd(fh)  # the package reader's own check of the same record
    except OSError:
        return 1
    return max(1, declared or 0)


def iter_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    owner_rfc: str | None = None,
    limits: PackageLimits | None = None,
    known: KnownKeys | None = None,
) -> FilesReader:
    """Walk files, folders and ZIPs (accountants' archives) and yield documents and metadata rows (and
    :class:`KnownFile` for loose files the index already holds, when ``known`` says which)."""
    return FilesReader(paths, owner_rfc=owner_rfc, limits=limits, known=known)
