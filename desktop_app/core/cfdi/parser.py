"""CFDI 3.0/3.2/3.3/4.0 and Retenciones 1.0/2.0 → :class:`Invoice` (sat-protocol.md §6.1).

One lxml parse per document with the hardened parser (no entities, no DTD, no network), then direct child
iteration with precomputed Clark names: no XPath, no second pass over the text.

Identity is the ``TimbreFiscalDigital`` UUID inside the root's ``Complemento``: never the file name, never the first
``UUID=`` of the text (``CfdiRelacionado``/``CfdiRetenRelacionados``/``DoctoRelacionado`` carry UUIDs too), never
anything in an ``Addenda``.

Dirty files are handled in three steps, cheapest first: (1) a strict parse (of UTF-8 bytes under a declaration of
ISO-8859-1 or Windows-1252 relabelled UTF-8 first: such a file parses, wrongly); (2) if that fails, deterministic
textual repairs of the known quirks of real-world CFDI (``xmlns:schemaLocation`` declarations that libxml2 rejects,
character references missing their ``;``, a raw ``<`` inside an attribute value, text before the root element or
after it) and a strict parse again, then, if it still fails, the same without a malformed ``Addenda`` that closes
the document (an Addenda is not part of what SAT stamps: other systems add it, and write broken ones); a document
repaired so is read normally and its repairs are noted in ``Invoice.warnings``. (3) Anything else is *damaged*: a
libxml2 *recover* parse keeps whatever survived, which can lose the Receptor or take wrong values, so nothing of it
is trusted beyond what identifies the document. If the recovered tree holds exactly one well-formed
``TimbreFiscalDigital`` UUID (outside any Addenda), the result is an :class:`Invoice` with ``damaged`` set to the
reason (``malformed_xml: …``, ``truncated_xml: …``, or ``several_documents: …`` for documents written back to
back in one file), its identifying values as read (dates, parties, series,
folio, type, total) and every tax at zero: the index keeps the bytes in the vault and leaves the document out of
lists and totals (DESIGN.md §3). Without such a UUID the file cannot be keyed and is refused (``invalid_xml``).
A document that declares a DTD is refused at every step.

Errors (:class:`AppError` codes): ``invalid_xml`` (empty, not well-formed, DTD), ``not_a_cfdi`` (other root),
``cfdi_not_stamped`` (no TFD or TFD without UUID), ``invalid_uuid`` (TFD UUID not 8-4-4-4-12 hex — it becomes a
file name in the vault), ``ambiguous_uuid`` (two TFDs with different UUIDs), ``document_too_large``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from lxml import etree

from desktop_app.core.cfdi.model import (
    FAMILY_CFDI,
    FAMILY_RETENCIONES,
    RETENCIONES_TAX_CODES,
    TYPE_RETENCIONES,
    Invoice,
    PaidDocument,
    Payroll,
    RateAmount,
    TaxLine,
)
from desktop_app.core.cfdi.values import parse_amount as _amount
from desktop_app.core.cfdi.values import parse_datetime as _date
from desktop_app.core.errors import AppError
from desktop_app.core.xmlsafe import make_parser

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

NS_CFDI3 = "http://www.sat.gob.mx/cfd/3"
NS_CFDI4 = "http://www.sat.gob.mx/cfd/4"
NS_RET1 = "http://www.sat.gob.mx/esquemas/retencionpago/1"
NS_RET2 = "http://www.sat.gob.mx/esquemas/retencionpago/2"
NS_TFD = "http://www.sat.gob.mx/TimbreFiscalDigital"
NS_IMPLOCAL = "http://www.sat.gob.mx/implocal"
NS_PAGOS10 = "http://www.sat.gob.mx/Pagos"
NS_PAGOS20 = "http://www.sat.gob.mx/Pagos20"
NS_NOMINA11 = "http://www.sat.gob.mx/nomina"
NS_NOMINA12 = "http://www.sat.gob.mx/nomina12"
NS_TERCEROS = "http://www.sat.gob.mx/terceros"

_ZERO = Decimal("0")
_HUNDRED = Decimal("100")
_RATE_QUANT = Decimal("0.000001")
_UUID_RE = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
_TYPE_WORDS = {"ingreso": "I", "egreso": "E", "traslado": "T", "pago": "P", "nomina": "N", "nómina": "N"}
# CFDI 3.2 tax names → SAT catalog codes used from 3.3 on.
_TAX_WORDS = {"ISR": "001", "IVA": "002", "IEPS": "003", "001": "001", "002": "002", "003": "003"}

# lxml serialises concurrent use of one parser object with a lock; one parser per thread keeps the ingest
# workers parallel (libxml2 parses without the GIL).
_local = threading.local()


def _parsers() -> tuple[etree.XMLParser, etree.XMLParser]:
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = (_fast_strict_parser(), make_parser(recover=True))
    return parsers


def _fast_strict_parser() -> etree.XMLParser:
    """``xmlsafe.make_parser()``'s hardening, without the ``xml:id`` table (CFDI have no IDs; ~10 % faster)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
        remove_comments=False,
        collect_ids=False,
    )


class _Names:
    """Clark names of the elements we read, per namespace (built once): ``names.Emisor == "{ns}Emisor"``."""

    Comprobante: str
    Emisor: str
    Receptor: str
    Conceptos: str
    Concepto: str
    Impuestos: str
    Traslados: str
    Traslado: str
    Retenciones: str
    Retencion: str
    Complemento: str
    ComplementoConcepto: str
    CfdiRelacionados: str
    CfdiRelacionado: str
    ACuentaTerceros: str
    Addenda: str
    Totales: str
    ImpRetenidos: str
    Nacional: str
    Extranjero: str
    CfdiRetenRelacionados: str

    def __init__(self, ns: str) -> None:
        for local in _Names.__annotations__:
            setattr(self, local, f"{{{ns}}}{local}")


_CFDI = {NS_CFDI3: _Names(NS_CFDI3), NS_CFDI4: _Names(NS_CFDI4)}
_RET = {NS_RET1: _Names(NS_RET1), NS_RET2: _Names(NS_RET2)}
_ROOTS = {
    f"{{{NS_CFDI3}}}Comprobante": FAMILY_CFDI,
    f"{{{NS_CFDI4}}}Comprobante": FAMILY_CFDI,
    f"{{{NS_RET1}}}Retenciones": FAMILY_RETENCIONES,
    f"{{{NS_RET2}}}Retenciones": FAMILY_RETENCIONES,
}
_TFD = f"{{{NS_TFD}}}TimbreFiscalDigital"
_IMPLOCAL = f"{{{NS_IMPLOCAL}}}ImpuestosLocales"
_IMPLOCAL_TRAS = f"{{{NS_IMPLOCAL}}}TrasladosLocales"
_IMPLOCAL_RET = f"{{{NS_IMPLOCAL}}}RetencionesLocales"
_PAGOS = {NS_PAGOS10: f"{{{NS_PAGOS10}}}Pagos", NS_PAGOS20: f"{{{NS_PAGOS20}}}Pagos"}
_NOMINA = {NS_NOMINA11: f"{{{NS_NOMINA11}}}Nomina", NS_NOMINA12: f"{{{NS_NOMINA12}}}Nomina"}
_TERCEROS = f"{{{NS_TERCEROS}}}PorCuentadeTerceros"

# --------------------------------------------------------------------------------------------- small helpers


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _rfc(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    return value or None


def _amount0(value: str | None, warnings: list[str] | None = None, what: str = "") -> Decimal:
    result = _amount(value, warnings, what)
    return _ZERO if result is None else result


def _withheld(value: str | None, warnings: list[str]) -> Decimal:
    """A constancia's ``MontoRet``: 0 and a warning when it is unreadable (``1e3``, ``abc``: dropped without a
    word before) or negative (SAT's ``t_Importe`` has no sign; summed, it lowered every total of what was
    withheld) — either way never summed."""
    amount = _amount0(value, warnings, "MontoRet")
    if amount < 0:
        warnings.append(f"negative amount MontoRet={value!r}: not summed")
        return _ZERO
    return amount


def _norm_uuid(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    return value or None


# A rate as written (and whether in percent) → its text with six decimals, or None: a handful of distinct values
# ("0.160000"), each read several times a document (its IVA by rate and its tax lines). Bounded as values' amounts.
_RATES: dict[tuple[str, bool], str | None] = {}
_RATES_MAX = 1024


def _rate_text(rate: str | None, percent: bool) -> str | None:
    if rate is None:
        return None
    key = (rate, percent)
    try:
        return _RATES[key]
    except KeyError:
        pass
    value = _amount(rate)
    text: str | None
    if value is None:
        text = None
    else:
        if percent:  # CFDI 3.2 wrote "16.00" for 16 %
            value = value / _HUNDRED
        try:
            text = str(value.quantize(_RATE_QUANT))
        except InvalidOperation:
            text = rate.strip() or None
    if len(_RATES) < _RATES_MAX:
        _RATES[key] = text
    return text


def _get(el: etree._Element, upper: str, lower: str) -> str | None:
    value = el.get(upper)
    return el.get(lower) if value is None else value


# ------------------------------------------------------------------------------------------------ XML layer

_SCHEMALOCATION_NS_RE = re.compile(rb"""\sxmlns:schemaLocation\s*=\s*(?:"[^"]*"|'[^']*')""")
_CHARREF_RE = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+)(?=[^0-9a-fA-F;])")
# A start tag whose quoted attribute values may hold a raw "<" (or ">").
_START_TAG_RE = re.compile(rb"""<[A-Za-z_][^\s/>]*(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_QUOTED_RE = re.compile(rb"""("[^"]*"|'[^']*')""")
_DTD_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# The start tag of a CFDI or Retenciones root (any prefix): a file with two is two documents one after the other.
_ROOT_START_RE = re.compile(rb"<(?:[A-Za-z_][A-Za-z0-9_.-]*:)?(?:Comprobante|Retenciones)(?=[\s/>])")


def _strict(data: bytes) -> etree._Element:
    root = etree.fromstring(data, parser=_parsers()[0])
    if root is None:  # pragma: no cover - lxml raises instead
        # lxml's signature is (message, code, line, column); lxml-stubs 0.5 gives it LxmlError's (message, error_log).
        raise etree.XMLSyntaxError("no root element", None, 0, 0)  # type: ignore[call-arg, arg-type]
    return root


# A declaration of a single-byte Western encoding. Files written in UTF-8 by software that declares ISO-8859-1
# (or Windows-1252) are common in the wild: read as declared, «JOSÉ» becomes «JOSÃ‰» in every list and search.
_SINGLE_BYTE_DECLARATION_RE = re.compile(
    rb"""(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']"""
    rb"""(iso[-_]?8859-1|iso[-_]?8859-15|latin-?1|windows-1252|cp1252)["']""",
    re.IGNORECASE,
)


def _utf8_declared_otherwise(data: bytes) -> bytes | None:
    """``data`` declared UTF-8 instead, when it declares ISO-8859-1 (or a kin) but its bytes are UTF-8 with at least
    one multi-byte character; None otherwise. Text really in ISO-8859-1 is never valid UTF-8 with non-ASCII
    characters (an accented letter there is one byte ≥ 0x80 that UTF-8 would need followed by continuation bytes),
    so the test cannot mistake one for the other."""
    head = data[:200]
    if b"encoding" not in head or b"UTF-8" in head or b"utf-8" in head:
        return None
    match = _SINGLE_BYTE_DECLARATION_RE.match(head)
    if match is None or data.isascii():
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return data[: match.start(1)] + b"UTF-8" + data[match.end(1) :]


def reads_as_written(xml: bytes) -> bool:
    """Whether :func:`parse_document` takes ``xml`` as it is: well-formed at the first, strict parse, no DTD — no
    repair, no recovery, so never ``damaged``. (A folder import tells known files by their bytes only then: what
    an older version read from a damaged file is corrected by importing it again.)"""
    if _utf8_declared_otherwise(xml) is not None:
        return False
    try:
        root = _strict(xml)
    except (etree.XMLSyntaxError, ValueError):
        return False
    docinfo = root.getroottree().docinfo
    return not (docinfo.doctype or docinfo.internalDTD is not None)  # type: ignore[attr-defined]  # lxml-stubs 0.5


def _refuse_dtd(root: etree._Element) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[attr-defined]  # not in lxml-stubs 0.5
        raise AppError("invalid_xml", "The document declares a DTD, which SAT documents never do; refused.")


def _repair(data: bytes) -> tuple[bytes, list[str]]:
    notes: list[str] = []
    fixed = data
    if b"xmlns:schemaLocation" in fixed:
        fixed = _SCHEMALOCATION_NS_RE.sub(b"", fixed)
        notes.append("removed bogus xmlns:schemaLocation declaration")
    if b"&#" in fixed:
        new = _CHARREF_RE.sub(rb"&#\1;", fixed)
        if new != fixed:
            fixed = new
            notes.append("completed character references missing ';'")
    new = _START_TAG_RE.sub(_escape_lt_in_values, fixed)
    if new != fixed:
        fixed = new
        notes.append("escaped '<' inside attribute values")
    # Text before the root / after it (BOM, declaration and comments are fine and kept).
    start = fixed.find(b"<")
    if start > 0 and fixed[:start].strip(b" \t\r\n\xef\xbb\xbf"):
        fixed = fixed[start:]
        notes.append("dropped text before the XML")
    elif start > 0 and fixed.startswith(b"<?xml", start) and fixed[:start] != b"\xef\xbb\xbf":
        # A line break (or a BOM after one) before the declaration, which must come first: common in files a
        # web application wrote with a stray newline. What the declaration says of the encoding still holds.
        fixed = fixed[start:]
        notes.append("removed whitespace before the XML declaration")
    end = fixed.rfind(b">")
    # Text, not markup: the tail of a file cut inside a tag is left to the recovery (a damaged document).
    if 0 <= end < len(fixed) - 1 and fixed[end + 1 :].strip() and b"<" not in fixed[end + 1 :]:
        fixed = fixed[: end + 1]
        notes.append("dropped text after the root element")
    return fixed, notes


def _escape_lt_in_values(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)
    if tag.count(b"<") == 1:
        return tag
    head, rest = tag[:1], tag[1:]
    return head + _QUOTED_RE.sub(lambda m: m.group(0).replace(b"<", b"&lt;"), rest)


# An Addenda start tag (any prefix) and what may follow the Addenda's end: only the root's end tag.
_ADDENDA_START_RE = re.compile(rb"<((?:[A-Za-z_][A-Za-z0-9_.-]*:)?)Addenda(?=[\s/>])")
_ROOT_END_RE = re.compile(rb"\s*</[A-Za-z_][A-Za-z0-9_.:-]*\s*>\s*")


def _without_addenda(data: bytes) -> bytes | None:
    """``data`` without its Addenda, when the Addenda is the last thing before the root's end tag and follows the
    stamp; None otherwise. Only for a document that is not well-formed: what is cut is never read anyway."""
    match = _ADDENDA_START_RE.search(data)
    if match is None or data.find(b"TimbreFiscalDigital", 0, match.start()) < 0:
        return None
    end_tag = b"</" + match.group(1) + b"Addenda>"
    end = data.rfind(end_tag)
    if end < match.end() or not _ROOT_END_RE.fullmatch(data, end + len(end_tag)):
        return None
    return data[: match.start()] + data[end + len(end_tag) :]


_MAX_RECOVERY_NOTES = 5


def _strict_or_repaired(data: bytes) -> tuple[etree._Element | None, list[str], str, bytes]:
    """A strict parse of ``data``, else of its textual repairs (module docstring, step 2): the root and the note of
    the repairs — or None and the repairs tried, when they do not make it well-formed either — libxml2's first
    error and the repaired bytes. A document that declares a DTD is refused (``invalid_xml``)."""
    try:
        root = _strict(data)
    except etree.XMLSyntaxError as exc:
        first_error = exc.msg
    else:
        _refuse_dtd(root)
        return root, [], "", data
    if _DTD_RE.search(data):
        raise AppError("invalid_xml", f"The document is not well-formed XML: {first_error}")
    fixed, repairs = _repair(data)
    candidates = [(fixed, repairs)] if repairs else []
    cut = _without_addenda(fixed)
    if cut is not None:
        candidates.append((cut, [*repairs, "dropped a malformed Addenda"]))
    for candidate, applied in candidates:
        try:
            root = _strict(candidate)
        except etree.XMLSyntaxError:
            continue
        _refuse_dtd(root)
        return root, ["repaired: " + "; ".join(applied)], first_error, fixed
    return None, repairs, first_error, fixed


def _parse_xml(data: bytes) -> tuple[etree._Element, list[str], str | None]:
    """The root, the notes of any repair, and None — or, for a damaged document, libxml2's recovered root, its
    error messages and the reason (module docstring)."""
    relabelled = _utf8_declared_otherwise(data)
    if relabelled is not None:
        root, notes, damaged = _parse_xml(relabelled)
        return root, ["repaired: read as UTF-8, the encoding it is written in (it declares another)", *notes], damaged
    strict, notes, first_error, fixed = _strict_or_repaired(data)
    if strict is not None:
        return strict, notes, None
    repairs = notes
    recover = _parsers()[1]
    recovered: etree._Element | None
    try:
        recovered = etree.fromstring(fixed, parser=recover)
    except etree.XMLSyntaxError:
        recovered = None
    if recovered is None or not isinstance(recovered.tag, str) or recovered.tag not in _ROOTS:
        raise AppError("invalid_xml", f"The document is not well-formed XML: {first_error}")
    root = recovered
    _refuse_dtd(root)
    qname = (f"{root.prefix}:" if root.prefix else "") + etree.QName(root).localname
    complete = re.search(rb"</" + re.escape(qname.encode()) + rb"\s*>\s*\Z", fixed) is not None
    errors = [f"line {e.line}: {e.message}" for e in list(recover.error_log)[:_MAX_RECOVERY_NOTES]]
    kind = "malformed_xml" if complete else "truncated_xml"
    roots = len(_ROOT_START_RE.findall(fixed))
    if roots > 1:
        # Tools that export "all the XML in one file" write documents back to back; libxml2 reads the first and
        # calls the rest "extra content". Only the first would be found, so the file stays damaged with a reason
        # that tells the user to split it (its bytes are kept whole in the vault).
        kind = "several_documents"
        first_error = f"{roots} documents one after the other in one file; save each in its own file"
    notes = [f"not well-formed XML, recovered by libxml2: {msg}" for msg in errors or [first_error]]
    if repairs:
        notes.append("repaired before the recovery: " + "; ".join(repairs))
    return root, notes, f"{kind}: {first_error}"


# --------------------------------------------------------------------------------------------- public API


def parse_document(xml: bytes, *, owner_rfc: str | None = None) -> Invoice:
    """Parse one stamped CFDI or Retenciones document.

    Args:
        xml: the file's bytes (any encoding the XML declaration names; a UTF-8 BOM is fine).
        owner_rfc: the profile's RFC; sets ``direction`` to ``issued`` (issuer) or ``received`` (receiver).

    Raises:
        AppError: ``invalid_xml``, ``not_a_cfdi``, ``cfdi_not_stamped``, ``invalid_uuid``, ``ambiguous_uuid``,
            ``document_too_large``, ``invalid_document_date`` / ``invalid_document_amount`` (the issue date or a
            total present but unreadable; a missing one is left empty, as some real-world documents have none).
            A damaged document (not well-formed, module docstring) is returned with ``damaged`` set, not raised.
    """
    if not isinstance(xml, bytes | bytearray | memoryview):
        raise AppError("invalid_xml", "The document must be given as bytes.")
    xml = bytes(xml)
    if len(xml) > MAX_DOCUMENT_BYTES:
        raise AppError("document_too_large", "The XML file is larger than any CFDI.", size=len(xml))
    if not xml.strip():
        raise AppError("invalid_xml", "The document is empty.")
    root, warnings, damaged = _parse_xml(xml)
    tag = root.tag
    family = _ROOTS.get(tag) if isinstance(tag, str) else None
    if family is None:
        raise AppError("not_a_cfdi", "The XML is not a CFDI nor a Retenciones document.", root=str(tag)[:120])
    ns = tag[1 : tag.index("}")]
    if damaged is not None:
        fields = _damaged(root, ns, family, damaged, warnings)
    elif family == FAMILY_CFDI:
        fields = _cfdi(root, _CFDI[ns], warnings)
    else:
        fields = _retenciones(root, _RET[ns], ns == NS_RET1, warnings)
    if damaged is None:
        _refuse_unreadable_essentials(warnings)
        _refuse_negative_essentials(fields)
    owner = _rfc(owner_rfc)
    direction = None
    if owner is not None:
        if fields["issuer_rfc"] == owner:
            direction = "issued"
        elif fields["receiver_rfc"] == owner:
            direction = "received"
    return Invoice(direction=direction, family=family, warnings=tuple(warnings), damaged=damaged, **fields)


def repaired_root(xml: bytes) -> etree._Element:
    """The root element of ``xml`` as :func:`parse_document` reads a document that is not damaged, for the printed
    CFDI and the window's detail, which read the vault's bytes again: a strict parse; only when that fails, the
    importer's own textual repairs (module docstring, step 2) and a strict parse again — never libxml2's
    recovery, whose tree cannot be trusted.

    Raises:
        AppError: ``invalid_xml`` for an empty document, one that declares a DTD, and one still not well-formed
            after the repairs (what :func:`parse_document` calls damaged).
    """
    if not isinstance(xml, bytes | bytearray | memoryview):
        raise AppError("invalid_xml", "The document must be given as bytes.")
    data = bytes(xml)
    if not data.strip():
        raise AppError("invalid_xml", "The document is empty.")
    root, _notes, first_error, _fixed = _strict_or_repaired(_utf8_declared_otherwise(data) or data)
    if root is not None:
        return root
    raise AppError("invalid_xml", f"The document is not well-formed XML: {first_error}")


# The attributes a document cannot be indexed without: its issue date places it in the vault and in every
# period filter, its totals are what every sum adds. Present but unreadable ("9999-99-99", "NaN", "1e999"):
# the document is refused with a reason instead of being indexed with a hole.
_ESSENTIAL_DATES = frozenset({"Fecha", "fecha", "FechaExp"})
_ESSENTIAL_AMOUNTS = frozenset({"Total", "total", "SubTotal", "subTotal", "TipoCambio", "MontoTotOperacion"})


def _refuse_unreadable_essentials(warnings: list[str]) -> None:
    for warning in warnings:
        kind, _, rest = warning.partition(" ")
        if kind != "unreadable":
            continue
        what, _, value = rest.partition(" ")[2].partition("=")
        if rest.startswith("date ") and what in _ESSENTIAL_DATES:
            raise AppError("invalid_document_date", f"The document's {what} is not a date: {value}", field=what)
        if rest.startswith("amount ") and what in _ESSENTIAL_AMOUNTS:
            raise AppError("invalid_document_amount", f"The document's {what} is not an amount: {value}", field=what)


# SAT's amount types have no sign (t_Importe, TipoCambio ≥ 0.000001): a negative total or exchange rate is no
# amount of a real document, and summing it would subtract it from every total it enters.
_SIGNLESS = (("total", "Total"), ("subtotal", "SubTotal"), ("exchange_rate", "TipoCambio"))


def _refuse_negative_essentials(fields: dict[str, Any]) -> None:
    for name, what in _SIGNLESS:
        value = fields.get(name)
        if value is not None and value < 0:
            raise AppError("invalid_document_amount", f"The document's {what} is negative: {value}", field=what)


# ---------------------------------------------------------------------------------------------- damaged


def _outside_addenda(el: etree._Element) -> bool:
    return not any(isinstance(a.tag, str) and a.tag.endswith("}Addenda") for a in el.iterancestors())


def _first(root: etree._Element, tag: str) -> etree._Element | None:
    """The first ``tag`` anywhere in a recovered tree (it may sit under the wrong parent), outside any Addenda."""
    return next((el for el in root.iter(tag) if _outside_addenda(el)), None)


def _damaged(root: etree._Element, ns: str, family: str, reason: str, warnings: list[str]) -> dict[str, Any]:
    """What identifies a damaged document, read from libxml2's recovered tree; taxes zero, nothing else.

    Raises:
        AppError: ``invalid_xml`` when no single well-formed TFD UUID can be read (the file cannot be keyed).
    """
    uuids = []
    tfds = [tfd for tfd in root.iter(_TFD) if _outside_addenda(tfd)]
    for tfd in tfds:
        uuid = _norm_uuid(tfd.get("UUID"))
        if uuid is not None and uuid not in uuids:
            uuids.append(uuid)
    if len(uuids) != 1 or not _UUID_RE.fullmatch(uuids[0]):
        raise AppError(
            "invalid_xml",
            f"The document is not well-formed XML and no single stamp UUID can be read from it ({reason}).",
            uuids=[u[:60] for u in uuids[:3]],
        )
    tfd = next(t for t in tfds if _norm_uuid(t.get("UUID")) == uuids[0])
    legacy = root.get("Version") is None and root.get("version") is not None
    scratch: list[str] = []  # unreadable values of a damaged document are simply left empty
    out: dict[str, Any] = {
        "uuid": uuids[0],
        "stamp_date": _date(tfd.get("FechaTimbrado"), scratch),
        "tfd_version": _text(_get(tfd, "Version", "version")),
        "pac_rfc": _rfc(tfd.get("RfcProvCertif")),
        "version": _text(_get(root, "Version", "version")),
        "currency": None if family == FAMILY_RETENCIONES else _text(root.get("Moneda")),
        "exchange_rate": None,
        "subtotal": None,
        "discount": None,
        "payment_method": None,
        "payment_form": None,
        "cfdi_use": None,
        "iva_transferred": _ZERO,
        "ieps_transferred": _ZERO,
        "iva_withheld": _ZERO,
        "isr_withheld": _ZERO,
        "local_taxes": _ZERO,
        "seal_tail": _seal_tail(_get(root, "Sello", "sello")),
    }
    if family == FAMILY_RETENCIONES:
        n, v1 = _RET[ns], ns == NS_RET1
        emisor, nacional, extranjero = _first(root, n.Emisor), _first(root, n.Nacional), _first(root, n.Extranjero)
        totales = _first(root, n.Totales)
        receptor = nacional if nacional is not None else extranjero
        out.update(
            type=TYPE_RETENCIONES,
            series=None,
            folio=_text(root.get("FolioInt")),
            issue_date=_date(root.get("FechaExp"), scratch),
            total=_amount(_get(totales, "MontoTotOperacion", "montoTotOperacion"), scratch)
            if totales is not None
            else None,
            issuer_rfc=_rfc(emisor.get("RFCEmisor" if v1 else "RfcE")) if emisor is not None else None,
            issuer_name=_text(emisor.get("NomDenRazSocE")) if emisor is not None else None,
            receiver_rfc=_rfc(nacional.get("RFCRecep" if v1 else "RfcR")) if nacional is not None else None,
            receiver_name=_text(receptor.get("NomDenRazSocR")) if receptor is not None else None,
        )
        return out
    n = _CFDI[ns]
    emisor, receptor = _first(root, n.Emisor), _first(root, n.Receptor)
    if legacy:
        raw_type = _text(root.get("tipoDeComprobante"))
        kind = _TYPE_WORDS.get(raw_type.lower(), raw_type) if raw_type else None
    else:
        raw_type = _text(root.get("TipoDeComprobante"))
        kind = raw_type.upper() if raw_type and len(raw_type) == 1 else raw_type
    out.update(
        type=kind,
        series=_text(_get(root, "Serie", "serie")),
        folio=_text(_get(root, "Folio", "folio")),
        issue_date=_date(_get(root, "Fecha", "fecha"), scratch),
        total=_amount(_get(root, "Total", "total"), scratch),
        issuer_rfc=_rfc(_get(emisor, "Rfc", "rfc")) if emisor is not None else None,
        issuer_name=_text(_get(emisor, "Nombre", "nombre")) if emisor is not None else None,
        receiver_rfc=_rfc(_get(receptor, "Rfc", "rfc")) if receptor is not None else None,
        receiver_name=_text(_get(receptor, "Nombre", "nombre")) if receptor is not None else None,
    )
    return out


# ------------------------------------------------------------------------------------------------ stamp


def _stamp(complements: list[etree._Element], warnings: list[str]) -> dict[str, Any]:
    tfds = [child for comp in complements for child in comp if child.tag == _TFD]
    if not tfds:
        raise AppError("cfdi_not_stamped", "The document has no TimbreFiscalDigital; it was never stamped by SAT.")
    uuids = []
    for tfd in tfds:
        uuid = _norm_uuid(tfd.get("UUID"))
        if uuid is not None and uuid not in uuids:
            uuids.append(uuid)
    if not uuids:
        raise AppError("cfdi_not_stamped", "The TimbreFiscalDigital has no UUID.")
    if len(uuids) > 1:
        raise AppError("ambiguous_uuid", "The document carries two stamps with different UUIDs.", uuids=uuids)
    uuid = uuids[0]
    if not _UUID_RE.fullmatch(uuid):
        raise AppError("invalid_uuid", "The stamp's UUID is not a well-formed UUID.", uuid=uuid[:60])
    if len(tfds) > 1:
        warnings.append("two TimbreFiscalDigital nodes with the same UUID")
    if uuid == "00000000-0000-0000-0000-000000000000":
        warnings.append("nil UUID (placeholder stamp)")
    tfd = tfds[0]
    return {
        "uuid": uuid,
        "stamp_date": _date(tfd.get("FechaTimbrado"), warnings, "FechaTimbrado"),
        "tfd_version": _text(_get(tfd, "Version", "version")),
        "pac_rfc": _rfc(tfd.get("RfcProvCertif")),
    }


def _seal_tail(seal: str | None) -> str | None:
    if not seal:
        return None
    seal = "".join(seal.split())  # line breaks inside Sello happen
    return seal[-8:] or None


def _complement_names(complements: list[etree._Element]) -> tuple[tuple[str, str], ...]:
    seen: list[tuple[str, str]] = []
    for comp in complements:
        for child in comp:
            tag = child.tag
            if isinstance(tag, str) and tag[0] == "{":
                ns, _, local = tag[1:].partition("}")
                if (local, ns) not in seen:
                    seen.append((local, ns))
    return tuple(seen)


def _local_taxes(complements: list[etree._Element], warnings: list[str]) -> tuple[Decimal, Decimal]:
    transferred = withheld = _ZERO
    for comp in complements:
        for node in comp:
            if node.tag != _IMPLOCAL:
                continue
            total_t = _amount(node.get("TotaldeTraslados"), warnings, "TotaldeTraslados")
            total_r = _amount(node.get("TotaldeRetenciones"), warnings, "TotaldeRetenciones")
            sum_t = sum_r = _ZERO
            for item in node:
                if item.tag == _IMPLOCAL_TRAS:
                    sum_t += _amount0(item.get("Importe"), warnings, "Importe")
                elif item.tag == _IMPLOCAL_RET:
                    sum_r += _amount0(item.get("Importe"), warnings, "Importe")
            transferred += sum_t if total_t is None else total_t
            withheld += sum_r if total_r is None else total_r
    return transferred, withheld


# ------------------------------------------------------------------------------------------------- CFDI


def _cfdi(root: etree._Element, n: _Names, warnings: list[str]) -> dict[str, Any]:
    version = _text(_get(root, "Version", "version"))
    legacy = root.get("Version") is None and root.get("version") is not None  # 3.0 / 3.2: lower-case names
    emisor = receptor = impuestos = conceptos = None
    complements: list[etree._Element] = []
    related: list[tuple[str | None, str]] = []
    for child in root:
        tag = child.tag
        if tag == n.Emisor:
            emisor = child
        elif tag == n.Receptor:
            receptor = child
        elif tag == n.Impuestos:
            impuestos = child
        elif tag == n.Conceptos:
            conceptos = child
        elif tag == n.Complemento:
            complements.append(child)
        elif tag == n.CfdiRelacionados:
            kind = _text(child.get("TipoRelacion"))
            for rel in child:
                if rel.tag == n.CfdiRelacionado:
                    uuid = _norm_uuid(rel.get("UUID"))
                    if uuid:
                        related.append((kind, uuid))
    out = _stamp(complements, warnings)

    if legacy:
        raw_type = _text(root.get("tipoDeComprobante"))
        kind = _TYPE_WORDS.get(raw_type.lower(), raw_type) if raw_type else None
        out.update(
            series=_text(root.get("serie")),
            folio=_text(root.get("folio")),
            issue_date=_date(root.get("fecha"), warnings, "fecha"),
            subtotal=_amount(root.get("subTotal"), warnings, "subTotal"),
            discount=_amount(root.get("descuento"), warnings, "descuento"),
            total=_amount(root.get("total"), warnings, "total"),
            # 3.2's formaDePago ("PAGO EN UNA SOLA EXHIBICION") is what 3.3 calls MetodoPago and its
            # metodoDePago ("01", "Efectivo") is 3.3's FormaPago; store them by meaning, as written.
            payment_method=_text(root.get("formaDePago")),
            payment_form=_text(root.get("metodoDePago")),
            cfdi_use=None,
            seal_tail=_seal_tail(root.get("sello")),
        )
    else:
        raw_type = _text(root.get("TipoDeComprobante"))
        kind = raw_type.upper() if raw_type and len(raw_type) == 1 else raw_type
        out.update(
            series=_text(root.get("Serie")),
            folio=_text(root.get("Folio")),
            issue_date=_date(root.get("Fecha"), warnings, "Fecha"),
            subtotal=_amount(root.get("SubTotal"), warnings, "SubTotal"),
            discount=_amount(root.get("Descuento"), warnings, "Descuento"),
            total=_amount(root.get("Total"), warnings, "Total"),
            payment_method=_text(root.get("MetodoPago")),
            payment_form=_text(root.get("FormaPago")),
            cfdi_use=_text(receptor.get("UsoCFDI")) if receptor is not None else None,
            seal_tail=_seal_tail(root.get("Sello")),
        )
    out.update(
        version=version,
        type=kind,
        currency=_text(root.get("Moneda")),
        exchange_rate=_amount(root.get("TipoCambio"), warnings, "TipoCambio"),
        issuer_rfc=_rfc(_get(emisor, "Rfc", "rfc")) if emisor is not None else None,
        issuer_name=_text(_get(emisor, "Nombre", "nombre")) if emisor is not None else None,
        receiver_rfc=_rfc(_get(receptor, "Rfc", "rfc")) if receptor is not None else None,
        receiver_name=_text(_get(receptor, "Nombre", "nombre")) if receptor is not None else None,
        receiver_foreign_tax_id=_text(receptor.get("NumRegIdTrib")) if receptor is not None else None,
        related_uuids=tuple(related),
        complements=_complement_names(complements),
    )

    # Taxes: the document-level summary; the concepts only when it is missing (or for 3.3 bases/exentos).
    # 4.0 summaries carry Base and exentos, so the concepts' taxes are only read for 3.3 or when it is missing.
    need_concept_taxes = impuestos is None or (not legacy and n is _CFDI[NS_CFDI3])
    concept_lines: _Lines = {}
    concept_taxes, third_parties = _concepts(conceptos, n, legacy, need_concept_taxes, concept_lines, warnings)
    iva_by_rate: dict[str, _RateSum] = {}
    lines: _Lines = concept_lines
    if impuestos is not None:
        lines = {}
        iva_t, ieps_t, iva_w, isr_w = _tax_block(impuestos, n, legacy, iva_by_rate, lines, warnings)
        if concept_lines:
            _complete_lines(lines, concept_lines)
        if not iva_by_rate and concept_taxes[4]:
            iva_by_rate = concept_taxes[4]
        elif concept_taxes[4]:
            # 3.3's summary has no Base and no exentos; take those from the concepts.
            for key, concept_sum in concept_taxes[4].items():
                entry = iva_by_rate.get(key)
                if entry is None:
                    if key == "exento":
                        iva_by_rate[key] = _RateSum(concept_sum.base, _ZERO)
                elif entry.base is None:
                    entry.base = concept_sum.base
    else:
        iva_t, ieps_t, iva_w, isr_w, iva_by_rate = concept_taxes
    out.update(
        iva_transferred=iva_t,
        ieps_transferred=ieps_t,
        iva_withheld=iva_w,
        iva_by_rate={k: RateAmount(base=v.base, amount=v.amount) for k, v in iva_by_rate.items()},
        taxes=tuple(TaxLine(*key, v.base, v.amount) for key, v in lines.items()),
        third_parties=tuple(third_parties),
    )
    local_t, local_w = _local_taxes(complements, warnings)
    out["local_taxes"] = local_t
    out["local_taxes_withheld"] = local_w

    payments: list[PaidDocument] = []
    payroll: list[Payroll] = []
    for comp in complements:
        for node in comp:
            tag = node.tag
            if not isinstance(tag, str):
                continue
            if tag in _PAGOS_TAGS:
                payments.extend(_payments(node, warnings))
            elif tag in _NOMINA_TAGS:
                payroll.append(_payroll(node, receptor, legacy, warnings))
    out["payments"] = tuple(payments)
    out["payroll"] = tuple(payroll)
    payroll_isr = _ZERO
    if payroll:
        # A payroll receipt: the ISR it withholds is the employer's withholding on salaries, declared apart from
        # what clients withhold from suppliers (DESIGN.md §3). The Nómina's ISR deductions say how much; CFDI 3.2
        # payrolls also (or only) wrote it in cfdi:Impuestos, which is never added on top of them.
        payroll_isr = sum((p.isr_withheld for p in payroll), _ZERO) or isr_w
        isr_w = _ZERO
    out["isr_withheld"] = isr_w
    out["payroll_isr_withheld"] = payroll_isr
    return out


_PAGOS_TAGS = frozenset(_PAGOS.values())
_NOMINA_TAGS = frozenset(_NOMINA.values())


@dataclass(slots=True)
class _RateSum:
    """IVA at one rate while it is added up: the base (None while no part of the document states one) and the tax."""

    base: Decimal | None
    amount: Decimal


_K = TypeVar("_K", str, tuple[str, str, str, str])

# Concept-level sums: IVA transferred, IEPS transferred, IVA withheld, ISR withheld, IVA by rate.
_TaxSums = tuple[Decimal, Decimal, Decimal, Decimal, dict[str, _RateSum]]


def _tax_block(
    impuestos: etree._Element,
    n: _Names,
    legacy: bool,
    iva_by_rate: dict[str, _RateSum],
    lines: _Lines,
    warnings: list[str],
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """One ``Impuestos`` (a document's summary or a concept's): its sums, its IVA by rate and its tax lines.

    Each Traslado/Retencion is read once (its tax, amount, factor, rate and base serve the sums, the IVA by rate
    and the line alike): a CFDI 3.3 reads every concept's taxes, the hottest loop of a folder import."""
    iva_t = ieps_t = iva_w = isr_w = _ZERO
    imp_attr, amt_attr = ("impuesto", "importe") if legacy else ("Impuesto", "Importe")
    for group in impuestos:
        tag = group.tag
        if tag == n.Traslados:
            kind, item_tag = "T", n.Traslado
        elif tag == n.Retenciones:
            kind, item_tag = "R", n.Retencion
        else:
            continue
        for node in group:
            if node.tag != item_tag:
                continue
            written = (node.get(imp_attr) or "").strip().upper()
            code = _TAX_WORDS.get(written)
            amount = _amount0(node.get(amt_attr), warnings, "Importe")
            rate: str | None
            if legacy:  # CFDI 3.2: the rate in percent, no factor, no base
                tasa = node.get("tasa")
                factor = "Tasa" if tasa is not None else ""
                rate = _rate_text(tasa, True)
                base = None
            else:
                factor_text = (node.get("TipoFactor") or "").strip()
                factor = _FACTORS.get(factor_text.lower(), factor_text)
                rate = None if factor == "Exento" else _rate_text(node.get("TasaOCuota"), False)
                base = _amount(node.get("Base"), warnings, "Base")
            _add_rate(lines, (kind, code or written, factor, rate or ""), base, amount)
            if kind == "T":
                if code == "002":
                    iva_t += amount
                    key = "exento" if factor == "Exento" else rate
                    if key is not None:
                        _add_rate(iva_by_rate, key, base, amount)
                elif code == "003":
                    ieps_t += amount
            elif code == "001":
                isr_w += amount
            elif code == "002":
                iva_w += amount
    return iva_t, ieps_t, iva_w, isr_w


def _add_rate(table: dict[_K, _RateSum], key: _K, base: Decimal | None, amount: Decimal) -> None:
    entry = table.get(key)
    if entry is None:
        table[key] = _RateSum(base, amount)
    else:
        if base is not None:
            entry.base = base if entry.base is None else entry.base + base
        entry.amount += amount


# Tax lines while they are added up: (kind, tax, factor, rate) → base and amount (``TaxLine``).
_Lines = dict[tuple[str, str, str, str], _RateSum]
_FACTORS = {"tasa": "Tasa", "cuota": "Cuota", "exento": "Exento"}


def _line_rate(rate: str | None, percent: bool = False) -> str:
    return _rate_text(rate, percent) or ""


def _complete_lines(lines: _Lines, concepts: _Lines) -> None:
    """A document's summary lines completed from its concepts' (CFDI 3.3): the bases a 3.3 summary does not
    state, its exentos (a 3.3 summary lists none), and the rates of its withholdings (a summary Retencion states
    only the tax and the amount) when the concepts' withholdings of that tax add up to the summary's."""
    for key, concept in concepts.items():
        kind, tax, factor, _rate = key
        if kind != "T":
            continue
        entry = lines.get(key)
        if entry is None:
            if factor == "Exento":
                lines[key] = _RateSum(concept.base, _ZERO)
        elif entry.base is None:
            entry.base = concept.base
    for key in [k for k in lines if k[0] == "R" and not k[2] and not k[3]]:
        tax = key[1]
        parts = {k: v for k, v in concepts.items() if k[0] == "R" and k[1] == tax}
        if parts and sum((v.amount for v in parts.values()), _ZERO) == lines[key].amount:
            del lines[key]
            for part_key, part in parts.items():
                _add_rate(lines, part_key, part.base, part.amount)


def _concepts(
    conceptos: etree._Element | None, n: _Names, legacy: bool, with_taxes: bool, lines: _Lines, warnings: list[str]
) -> tuple[_TaxSums, list[str]]:
    """Concept-level tax sums (the fallback) and the third parties named in the concepts."""
    iva_t = ieps_t = iva_w = isr_w = _ZERO
    by_rate: dict[str, _RateSum] = {}
    third: list[str] = []
    if conceptos is not None:
        for concepto in conceptos:
            if concepto.tag != n.Concepto:
                continue
            for sub in concepto:
                tag = sub.tag
                if tag == n.Impuestos and with_taxes and not legacy:
                    t = _tax_block(sub, n, False, by_rate, lines, warnings)
                    iva_t += t[0]
                    ieps_t += t[1]
                    iva_w += t[2]
                    isr_w += t[3]
                elif tag == n.ACuentaTerceros:
                    rfc = _rfc(sub.get("RfcACuentaTerceros"))
                    if rfc and rfc not in third:
                        third.append(rfc)
                elif tag == n.ComplementoConcepto:
                    for cc in sub:
                        if cc.tag == _TERCEROS:
                            rfc = _rfc(cc.get("rfc"))
                            if rfc and rfc not in third:
                                third.append(rfc)
    return (iva_t, ieps_t, iva_w, isr_w, by_rate), third


def _payments(pagos: etree._Element, warnings: list[str]) -> list[PaidDocument]:
    ns = pagos.tag[1 : pagos.tag.index("}")]
    pago_tag, doc_tag = f"{{{ns}}}Pago", f"{{{ns}}}DoctoRelacionado"
    v20 = ns == NS_PAGOS20
    taxes_tag = f"{{{ns}}}ImpuestosDR"
    rows: list[PaidDocument] = []
    for pago in pagos:
        if pago.tag != pago_tag:
            continue
        # The Pago's own values; a Pago without any DoctoRelacionado is this row as it is.
        head = PaidDocument(
            payment_date=_date(pago.get("FechaPago"), warnings, "FechaPago"),
            payment_form=_text(pago.get("FormaDePagoP")),
            payment_currency=_text(pago.get("MonedaP")),
            payment_exchange_rate=_amount(pago.get("TipoCambioP"), warnings, "TipoCambioP"),
            payment_amount=_amount(pago.get("Monto"), warnings, "Monto"),
            uuid=None,
            series=None,
            folio=None,
            currency=None,
            equivalence=None,
            installment=None,
            previous_balance=None,
            amount_paid=None,
            outstanding_balance=None,
        )
        docs = [d for d in pago if d.tag == doc_tag]
        if not docs:
            rows.append(head)
            continue
        for doc in docs:
            installment = _text(doc.get("NumParcialidad"))
            rows.append(
                replace(
                    head,
                    uuid=_norm_uuid(doc.get("IdDocumento")),
                    series=_text(doc.get("Serie")),
                    folio=_text(doc.get("Folio")),
                    currency=_text(doc.get("MonedaDR")),
                    equivalence=_amount(
                        doc.get("EquivalenciaDR" if v20 else "TipoCambioDR"),
                        warnings,
                        "EquivalenciaDR" if v20 else "TipoCambioDR",
                    ),
                    installment=int(installment) if installment and installment.isdigit() else None,
                    previous_balance=_amount(doc.get("ImpSaldoAnt"), warnings, "ImpSaldoAnt"),
                    amount_paid=_amount(doc.get("ImpPagado"), warnings, "ImpPagado"),
                    outstanding_balance=_amount(doc.get("ImpSaldoInsoluto"), warnings, "ImpSaldoInsoluto"),
                    tax_object=_text(doc.get("ObjetoImpDR")),
                    taxes=_dr_taxes(doc, ns, taxes_tag, warnings) if v20 else None,
                )
            )
    return rows


def _dr_taxes(doc: etree._Element, ns: str, taxes_tag: str, warnings: list[str]) -> tuple[TaxLine, ...] | None:
    """A Pagos 2.0 ``DoctoRelacionado``'s ``ImpuestosDR`` as tax lines (its currency); None without the node."""
    node = next((child for child in doc if child.tag == taxes_tag), None)
    if node is None:
        return None
    lines: _Lines = {}
    groups = {
        f"{{{ns}}}TrasladosDR": ("T", f"{{{ns}}}TrasladoDR"),
        f"{{{ns}}}RetencionesDR": ("R", f"{{{ns}}}RetencionDR"),
    }
    for group in node:
        kind, item_tag = groups.get(group.tag, ("", ""))
        if not kind:
            continue
        for item in group:
            if item.tag != item_tag:
                continue
            written = (item.get("ImpuestoDR") or "").strip().upper()
            factor_text = (item.get("TipoFactorDR") or "").strip()
            factor = _FACTORS.get(factor_text.lower(), factor_text)
            rate = "" if factor == "Exento" else _line_rate(item.get("TasaOCuotaDR"))
            key = (kind, _TAX_WORDS.get(written, written), factor, rate)
            base = _amount(item.get("BaseDR"), warnings, "BaseDR")
            _add_rate(lines, key, base, _amount0(item.get("ImporteDR"), warnings, "ImporteDR"))
    return tuple(TaxLine(*key, v.base, v.amount) for key, v in lines.items())


def _payroll(nomina: etree._Element, receptor: etree._Element | None, legacy: bool, warnings: list[str]) -> Payroll:
    ns = nomina.tag[1 : nomina.tag.index("}")]
    q = f"{{{ns}}}"
    v11 = ns == NS_NOMINA11
    perceptions = deductions = other = None
    isr = _ZERO
    curp = _text(nomina.get("CURP")) if v11 else None
    for child in nomina:
        tag = child.tag
        if tag == q + "Percepciones" and v11:
            perceptions = _amount0(child.get("TotalGravado")) + _amount0(child.get("TotalExento"))
        elif tag == q + "Deducciones":
            if v11:
                deductions = _amount0(child.get("TotalGravado")) + _amount0(child.get("TotalExento"))
            for ded in child:
                if ded.tag == q + "Deduccion" and (ded.get("TipoDeduccion") or "").strip() == "002":
                    if v11:
                        isr += _amount0(ded.get("ImporteGravado"), warnings, "ImporteGravado")
                        isr += _amount0(ded.get("ImporteExento"), warnings, "ImporteExento")
                    else:
                        isr += _amount0(ded.get("Importe"), warnings, "Importe")
        elif tag == q + "Receptor" and not v11:
            curp = _text(child.get("Curp"))
    if not v11:
        perceptions = _amount(nomina.get("TotalPercepciones"))
        deductions = _amount(nomina.get("TotalDeducciones"))
        other = _amount(nomina.get("TotalOtrosPagos"))
    employee_rfc = _rfc(_get(receptor, "Rfc", "rfc")) if receptor is not None else None
    return Payroll(
        version=_text(nomina.get("Version")),
        payroll_type=_text(nomina.get("TipoNomina")),
        payment_date=_date(nomina.get("FechaPago"), warnings, "FechaPago"),
        period_start=_date(nomina.get("FechaInicialPago"), warnings, "FechaInicialPago"),
        period_end=_date(nomina.get("FechaFinalPago"), warnings, "FechaFinalPago"),
        days_paid=_amount(nomina.get("NumDiasPagados")),
        total_perceptions=perceptions,
        total_deductions=deductions,
        total_other_payments=other,
        isr_withheld=isr,
        employee_rfc=employee_rfc,
        employee_curp=curp,
    )


# ------------------------------------------------------------------------------------------- Retenciones


def _retenciones(root: etree._Element, n: _Names, v1: bool, warnings: list[str]) -> dict[str, Any]:
    emisor = receptor = totales = None
    complements: list[etree._Element] = []
    related: list[tuple[str | None, str]] = []
    for child in root:
        tag = child.tag
        if tag == n.Emisor:
            emisor = child
        elif tag == n.Receptor:
            receptor = child
        elif tag == n.Totales:
            totales = child
        elif tag == n.Complemento:
            complements.append(child)
        elif tag == n.CfdiRetenRelacionados:
            uuid = _norm_uuid(child.get("UUID"))
            if uuid:
                related.append((_text(child.get("TipoRelacion")), uuid))
    out = _stamp(complements, warnings)
    receiver_rfc = receiver_name = foreign_id = None
    if receptor is not None:
        for sub in receptor:
            if sub.tag == n.Nacional:
                receiver_rfc = _rfc(sub.get("RFCRecep" if v1 else "RfcR"))
                receiver_name = _text(sub.get("NomDenRazSocR"))
            elif sub.tag == n.Extranjero:
                foreign_id = _text(sub.get("NumRegIdTrib" if v1 else "NumRegIdTribR"))
                receiver_name = _text(sub.get("NomDenRazSocR"))
    total = total_withheld = None
    iva_w = isr_w = ieps_w = _ZERO
    if totales is not None:
        total = _amount(_get(totales, "MontoTotOperacion", "montoTotOperacion"), warnings, "MontoTotOperacion")
        total_withheld = _amount(_get(totales, "MontoTotRet", "montoTotRet"), warnings, "MontoTotRet")
        for imp in totales:
            if imp.tag != n.ImpRetenidos:
                continue
            code = RETENCIONES_TAX_CODES.get((imp.get("Impuesto" if v1 else "ImpuestoRet") or "").strip())
            amount = _withheld(_get(imp, "MontoRet", "montoRet"), warnings)
            if code == "001":
                isr_w += amount
            elif code == "002":
                iva_w += amount
            elif code == "003":
                ieps_w += amount
    local_t, local_w = _local_taxes(complements, warnings)
    out.update(
        version=_text(root.get("Version")),
        type=TYPE_RETENCIONES,
        series=None,
        folio=_text(root.get("FolioInt")),
        issue_date=_date(root.get("FechaExp"), warnings, "FechaExp"),
        issuer_rfc=_rfc(emisor.get("RFCEmisor" if v1 else "RfcE")) if emisor is not None else None,
        issuer_name=_text(emisor.get("NomDenRazSocE")) if emisor is not None else None,
        receiver_rfc=receiver_rfc,
        receiver_name=receiver_name,
        receiver_foreign_tax_id=foreign_id,
        currency=None,
        exchange_rate=None,
        subtotal=None,
        discount=None,
        total=total,
        payment_method=None,
        payment_form=None,
        cfdi_use=None,
        iva_transferred=_ZERO,
        ieps_transferred=_ZERO,
        iva_withheld=iva_w,
        isr_withheld=isr_w,
        local_taxes=local_t,
        local_taxes_withheld=local_w,
        related_uuids=tuple(related),
        complements=_complement_names(complements),
        seal_tail=_seal_tail(root.get("Sello")),
        retention_code=_text(root.get("CveRetenc")),
        total_withheld=total_withheld,
    )
    return out
