"""Stream a Descargar answer to disk: status header first, then the base64 ``<Paquete>`` decoded in chunks.

A package can be hundreds of MB of base64, so neither the answer nor the package is ever held in memory:
the small head of the document (up to the ``<Paquete>`` start tag) is parsed for the ``h:respuesta``
status, and the text that follows is decoded 4 characters at a time as it arrives, into a temporary file
next to the destination that is fsynced and renamed only once it is a complete ZIP. SAT allows two
downloads of a package, ever, so whatever arrives is kept: a bad payload is saved as ``<dest>.invalid``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.sat import responses

HEAD_LIMIT = 1024 * 1024  # the status header and envelope before <Paquete> are a few hundred bytes
_OPEN_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Paquete(?:\s[^>]*?)?(/?)>")
_CLOSE_TAG = re.compile(rb"^</(?:[A-Za-z_][\w.-]*:)?Paquete\s*>")
# Character references SAT (.NET) may put inside base64 text for line breaks; they decode to whitespace.
_WHITESPACE_REFS = re.compile(rb"&#(?:13|10|9|32|[xX]0*[dDaA9]|[xX]0*20);")
_WHITESPACE = b" \t\r\n"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# A full disk or quota: the package could not be saved (``disk_full``, never an "internal error").
DISK_FULL_ERRNOS = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None)


class StreamTruncated(Exception):
    """The answer ended before the package text did (connection dropped mid-body)."""


@dataclass(frozen=True)
class SavedPackage:
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class Head:
    """What was read before the package text: the status, or the whole (small) answer if no package."""

    status: responses.DownloadStatus | None
    whole: bytes | None
    empty: bool = False


class _InvalidBase64(Exception):
    pass


def read_head(chunks: Iterator[bytes]) -> tuple[Head, bytes]:
    """Consume chunks up to the ``<Paquete>`` start tag; return the parsed head and the bytes after it."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        match = _OPEN_TAG.search(buffer)
        if match:
            status = _status_from_prefix(bytes(buffer[: match.start()]))
            self_closing = bool(match.group(1))
            return Head(status=status, whole=None, empty=self_closing), bytes(buffer[match.end() :])
        if len(buffer) > HEAD_LIMIT:
            raise responses.bad_response("no package element near the start of the download answer.")
    return Head(status=None, whole=bytes(buffer)), b""


def _status_from_prefix(prefix: bytes) -> responses.DownloadStatus:
    """Parse the incomplete document before <Paquete> incrementally and pick its status header."""
    if b"<!DOCTYPE" in prefix.upper():
        raise responses.bad_response("the answer declares a DTD.")
    parser = etree.XMLPullParser(
        events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        parser.feed(prefix)
        for _event, element in parser.read_events():
            # "end" events carry elements only; isinstance narrows lxml's union of event values.
            if isinstance(element, etree._Element) and element.tag == f"{{{responses.NS_DES}}}respuesta":
                return responses.download_status_of(element)
    except etree.XMLSyntaxError as exc:
        raise responses.bad_response(f"malformed status header: {exc.msg}") from None
    raise responses.bad_response("no status header (h:respuesta) before the package.")


class _Base64Sink:
    """Decodes base64 text fed in arbitrary chunks to a binary file, keeping every quantum aligned."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.size = 0
        self.arrived = 0  # decoded bytes, written or not: a lower bound of the package's size
        self.digest = hashlib.sha256()
        self._carry = b""  # undecoded base64 characters (< 4) or an unfinished character reference
        self._padded = False
        self.raw_failed = b""

    def feed(self, text: bytes) -> None:
        data = self._carry + text
        self._carry = b""
        amp = data.rfind(b"&")
        if amp != -1 and b";" not in data[amp:]:
            data, self._carry = data[:amp], data[amp:]
            if len(self._carry) > 12:
                self._fail(data + self._carry)
        if b"&" in data:
            data = _WHITESPACE_REFS.sub(b"", data)
            if b"&" in data:
                self._fail(data)
        data = data.translate(None, _WHITESPACE)
        usable = len(data) // 4 * 4
        self._decode(data[:usable])
        self._carry = data[usable:] + self._carry

    def _decode(self, data: bytes) -> None:
        if not data:
            return
        if self._padded:
            self._fail(data)
        try:
            decoded = binascii.a2b_base64(data, strict_mode=True)
        except binascii.Error:
            self._fail(data)
        self._padded = data.endswith(b"=")
        self.arrived += len(decoded)
        self.out.write(decoded)
        self.digest.update(decoded)
        self.size += len(decoded)
        crashpoint("sat.download.partial")

    def finish(self) -> None:
        if self._carry.strip(_WHITESPACE):
            self._fail(self._carry)

    def _fail(self, raw: bytes) -> None:
        self.raw_failed = raw
        raise _InvalidBase64


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _invalid(message: str, dest: Path, **details: object) -> AppError:
    return AppError("invalid_package", message, kept_at=str(dest.with_name(dest.name + ".invalid")), **details)


def save_package(head_rest: bytes, chunks: Iterator[bytes], dest: Path) -> SavedPackage:
    """Decode the package text (``head_rest`` then ``chunks``) to ``dest``; ZIP or ``invalid_package``."""
    dest = Path(dest)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(tmp_name)
    keep_tmp = False
    sink: _Base64Sink | None = None
    try:
        with os.fdopen(fd, "wb") as out:
            sink = _Base64Sink(out)
            try:
                tail = _pump(head_rest, chunks, sink)
                sink.finish()
            except _InvalidBase64:
                out.flush()
                _write_invalid_base64(tmp, sink.raw_failed, chunks, dest)
                raise _invalid("SAT sent a package that is not valid base64.", dest) from None
            out.flush()
            os.fsync(out.fileno())
        if not _CLOSE_TAG.match(tail):
            raise responses.bad_response("the package element is not closed properly.")
        if sink.size == 0:
            raise AppError("invalid_package", "SAT answered 5000 but sent an empty package.")
        if not _is_zip(tmp):
            os.replace(tmp, dest.with_name(dest.name + ".invalid"))
            keep_tmp = True
            raise _invalid("SAT sent a package that is not a ZIP file.", dest, size=sink.size)
        os.replace(tmp, dest)
        keep_tmp = True
        _fsync_dir(dest.parent)
        crashpoint("sat.download.saved")
        return SavedPackage(path=dest, size=sink.size, sha256=sink.digest.hexdigest())
    except OSError as exc:
        if exc.errno not in DISK_FULL_ERRNOS:
            raise
        # The partial file goes (below); what arrived is a lower bound of the package's size.
        received = sink.arrived if sink is not None else 0
        raise AppError("disk_full", "The disk filled up while the package was being saved.", received=received) from exc
    finally:
        if not keep_tmp:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _pump(first: bytes, chunks: Iterable[bytes], sink: _Base64Sink) -> bytes:
    """Feed text until the next ``<``; return what follows it (the closing tag), or raise if cut short."""
    for chunk in _prepend(first, chunks):
        end = chunk.find(b"<")
        if end == -1:
            sink.feed(chunk)
            continue
        sink.feed(chunk[:end])
        tail = chunk[end:]
        for more in chunks:  # drain the rest of the (small) envelope so the answer is read completely
            if len(tail) < 256:
                tail += more
        return tail
    raise StreamTruncated


def _prepend(first: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from chunks


def _is_zip(path: Path) -> bool:
    with path.open("rb") as fh:
        magic = fh.read(4)
    return magic in _ZIP_MAGICS and zipfile.is_zipfile(path)


def _write_invalid_base64(decoded: Path, failed: bytes, chunks: Iterator[bytes], dest: Path) -> None:
    """Keep what SAT sent as base64 text: the valid part re-encoded, then the rest verbatim."""
    target = dest.with_name(dest.name + ".invalid")
    with decoded.open("rb") as src, target.open("wb") as out:
        while block := src.read(3 * 64 * 1024):
            out.write(base64.b64encode(block))
        out.write(failed)
        for chunk in chunks:
            end = chunk.find(b"<")
            out.write(chunk if end == -1 else chunk[:end])
            if end != -1:
                break
        out.flush()
        os.fsync(out.fileno())
