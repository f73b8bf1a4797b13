"""The one way the app parses XML from outside (SAT responses, packages, users' files).

Entities are never expanded, DTDs never loaded, the network never touched; documents that declare a
DOCTYPE are refused outright (no SAT document has one, and that is where XML bombs and XXE live).
"""

from __future__ import annotations

from lxml import etree

from desktop_app.core.errors import AppError


def make_parser(*, huge: bool = False, recover: bool = False) -> etree.XMLParser:
    """A hardened lxml parser. ``huge`` lifts libxml2's text-node size cap (SAT's base64 packages)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge,
        recover=recover,
        remove_comments=False,
    )


_PARSER = make_parser()
_HUGE_PARSER = make_parser(huge=True)


def parse(data: bytes, *, huge: bool = False, code: str = "invalid_xml") -> etree._Element:
    """Parse bytes into the root element, or raise ``AppError(code)``."""
    if not data or not data.strip():
        raise AppError(code, "The document is empty.")
    try:
        root: etree._Element | None = etree.fromstring(data, parser=_HUGE_PARSER if huge else _PARSER)
    except etree.XMLSyntaxError as exc:
        raise AppError(code, f"The document is not well-formed XML: {exc.msg}") from None
    if root is None:
        raise AppError(code, "The document has no root element.")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[attr-defined]  # not in lxml-stubs 0.5
        raise AppError(code, "The document declares a DTD, which SAT documents never do; refused.")
    return root
