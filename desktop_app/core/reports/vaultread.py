"""What the ISR, nómina and retenciones reports read that the index does not keep: a document's XML from the vault
(the issuer's RegimenFiscal, a Nómina complement's percepciones, a Retenciones' Periodo and Totales), parsed with
the app's hardened parser (``core.xmlsafe``), and the months of a period.
"""

from __future__ import annotations

import hashlib
import os
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
    if not stored:
        raise Unreadable("vault_file_missing")
    # os.path, not pathlib: a month of payroll is thousands of files, and pathlib's parsing was a third of the time
    path = stored if os.path.isabs(stored) else os.path.join(os.path.abspath(home), stored)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        raise Unreadable("vault_file_missing") from None
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise Unreadable("vault_file_changed")
    try:
        return parse(data)
    except AppError as exc:
        raise Unreadable(exc.code) from None


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
