"""What the ISR, nómina and retenciones reports read that the index does not keep: a document's XML from the vault
(the issuer's RegimenFiscal, a Nómina complement's percepciones, a Retenciones' Periodo and Totales), parsed with
the app's hardened parser (``core.xmlsafe``), and the months of a period.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.months import next_month
from desktop_app.core.reports.common import Period
from desktop_app.core.xmlsafe import parse


class Unreadable(Exception):
    """A document's XML could not be read from the vault: ``code`` says why (``vault_file_missing``,
    ``vault_file_changed``, ``invalid_xml``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def read_root(home: Path, stored: str | None, sha256: str | None = None) -> etree._Element:
    """The root element of the XML the index names (``invoices.path``); ``sha256`` when known is checked."""
    return parse_bytes(read_bytes(os.path.abspath(home), stored, sha256))


def read_bytes(folder: str, stored: str | None, sha256: str | None = None) -> bytes:
    """The bytes of the file the index names, ``folder`` the data home as an absolute path (the caller computes it
    once: a month of payroll is thousands of files); ``sha256`` when known is checked."""
    if not stored:
        raise Unreadable("vault_file_missing")
    # os.path and os.read, not pathlib and open(): ~15 µs a file less, a third of a payroll receipt's time
    path = stored if os.path.isabs(stored) else os.path.join(folder, stored)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        raise Unreadable("vault_file_missing") from None
    try:
        parts = []
        while chunk := os.read(fd, 1 << 20):
            parts.append(chunk)
    except OSError:
        raise Unreadable("vault_file_missing") from None
    finally:
        os.close(fd)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise Unreadable("vault_file_changed")
    return data


def parse_bytes(data: bytes) -> etree._Element:
    """The root element of a vault file's bytes (the app's hardened parser), else :class:`Unreadable`."""
    try:
        return parse(data)
    except AppError as exc:
        raise Unreadable(exc.code) from None


# The issuer's regime as CFDI 3.3 and 4.0 write it: an attribute of the first ``Emisor`` element (the
# comprobante's, before any complement). Only digits can match: no entity or escape can hide in what it returns.
_EMISOR = re.compile(rb"<(?:[\w.-]+:)?Emisor[\s/>]")
_REGIMEN = re.compile(rb"<(?:[\w.-]+:)?Emisor\s[^>]*?(?<=\s)RegimenFiscal\s*=\s*[\"'](\d{3})[\"']")


def issuer_regime(home: Path, stored: str | None, sha256: str | None = None) -> str | None:
    """The ``cfdi:Emisor`` RegimenFiscal of the CFDI the index names, None when it has none (CFDI 3.2 wrote it as
    an element); :class:`Unreadable` when the file cannot be read.

    The fast path reads the bytes and finds the attribute without building a tree (an ISR month reads the regime
    of every document with ISR withheld: ~50 µs each parsed, ~10 µs so); a file where it is not found that way is
    parsed, so the answer is the parser's whenever the pattern does not apply (comments, CDATA, a DTD before the
    Emisor). ``sha256``, when the index kept it, is checked (``vault_file_changed``)."""
    data = read_bytes(os.path.abspath(home), stored, sha256)
    first = _EMISOR.search(data)
    # nothing before it may be a comment, CDATA or DTD (where an Emisor would not be an element)
    if first is not None and b"<!" not in data[: first.start()]:
        found = _REGIMEN.match(data, first.start())
        if found is not None:
            return found.group(1).decode()
    try:
        root = parse(data)
    except AppError as exc:
        raise Unreadable(exc.code) from None
    emisor = children(root, "Emisor")
    return ((emisor[0].get("RegimenFiscal") or "").strip() if emisor else "") or None


def local(element: etree._Element) -> str:
    """An element's name without its namespace (``""`` for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """The direct children called ``name`` (any namespace; lxml filters them in C)."""
    return list(element.iterchildren("{*}" + name))


def months_of(period: Period) -> list[str]:
    """Every ``YYYY-MM`` of the period, in order."""
    out, month = [], period.first
    while month <= period.last:
        out.append(month)
        month = next_month(month)
    return out
