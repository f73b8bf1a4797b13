"""Signature checks as SAT performs them (sat-protocol.md §2.1, §2.3, §11).

SAT is lenient in a precise way: production clients sign in several incompatible styles and all of them work,
so the verifier computes every digest/SignedInfo form that one of those clients produces and accepts the
request when the sent DigestValue matches one of them *and* the SignatureValue verifies over one of the
SignedInfo forms with the certificate's public key. Anything else is a bad seal.

Digest forms of the enveloped signature (Solicita/Verifica/Descargar):

* exclusive C14N of the operation element without the Signature (phpcfdi, cfdiclient);
* inclusive C14N of the operation element in document context, without the Signature (satcfdi);
* the SAT-doc ``URI=""`` + enveloped-signature form: the whole document without the Signature (both C14Ns).

SignedInfo forms: exclusive and inclusive C14N of a *detached copy* (lxml adds a spurious ``xmlns=""`` to the
inclusive C14N of a nested element whose default namespace is declared on an ancestor), and the same after
rebuilding it under the default xmldsig namespace (cfdiclient signs ``<SignedInfo xmlns=dsig>`` but sends it
as ``xd:SignedInfo`` because its envelope declares ``xmlns:xd``).
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.fiel import CertificateInfo, parse_certificate

DSIG = "http://www.w3.org/2000/09/xmldsig#"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"

# WCF's default MaxClockSkew.
DEFAULT_SKEW = timedelta(minutes=5)


class SignatureError(Exception):
    """The request's signature or security header does not verify."""


@dataclass(frozen=True)
class SignedBy:
    """Who signed: the parsed certificate and what the app knows about it."""

    certificate: x509.Certificate
    info: CertificateInfo


def _c14n(element: etree._Element, *, exclusive: bool) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=exclusive)


def _detached(element: etree._Element) -> etree._Element:
    return copy.deepcopy(element)


def _rebuild_default_ns(element: etree._Element) -> etree._Element:
    """Copy ``element`` re-creating every xmldsig element under the *default* namespace (no prefix)."""

    def build(src: etree._Element, parent: etree._Element | None) -> etree._Element:
        qname = etree.QName(src)
        nsmap = {None: DSIG} if qname.namespace == DSIG else None
        if parent is None:
            node = etree.Element(src.tag, nsmap=nsmap)
        else:
            node = etree.SubElement(parent, src.tag, nsmap=nsmap if parent.nsmap.get(None) != DSIG else None)
        for key, value in src.attrib.items():
            node.set(key, value)
        node.text = src.text
        for child in src:
            if isinstance(child.tag, str):
                built = build(child, node)
                built.tail = child.tail
        return node

    return build(element, None)


def _signed_info_forms(signed_info: etree._Element) -> list[bytes]:
    detached = _detached(signed_info)
    forms = [_c14n(detached, exclusive=True), _c14n(detached, exclusive=False)]
    rebuilt = _rebuild_default_ns(signed_info)
    forms.append(_c14n(rebuilt, exclusive=True))
    return list(dict.fromkeys(forms))


def _digest(data: bytes) -> bytes:
    return hashlib.sha1(data).digest()


def _b64(text: str | None) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("not base64") from None


def _load_certificate(b64_text: str | None) -> SignedBy:
    der = _b64(b64_text)
    try:
        cert, info = parse_certificate(der)
    except AppError as exc:
        raise SignatureError(f"certificate: {exc.message}") from None
    return SignedBy(cert, info)


def _verify_value(cert: x509.Certificate, signature: bytes, candidates: list[bytes]) -> bool:
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    for data in candidates:
        try:
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA1())
            return True
        except InvalidSignature:
            continue
    return False


def _find_dsig(parent: etree._Element, name: str) -> etree._Element | None:
    return parent.find(f"{{{DSIG}}}{name}")


def _parse_ws_time(text: str | None) -> datetime:
    value = (text or "").strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SignatureError(f"bad timestamp {text!r}") from None
    if moment.tzinfo is None:
        raise SignatureError("timestamp without zone")
    return moment


def verify_authentication(envelope: etree._Element, now: datetime, *, skew: timedelta = DEFAULT_SKEW) -> SignedBy:
    """Check an ``Autentica`` request's WS-Security header; returns the signer or raises SignatureError."""
    security = envelope.find(f"{{{SOAP}}}Header/{{{WSSE}}}Security")
    if security is None:
        raise SignatureError("no o:Security header")
    timestamp = security.find(f"{{{WSU}}}Timestamp")
    if timestamp is None:
        raise SignatureError("no u:Timestamp")
    created = _parse_ws_time(timestamp.findtext(f"{{{WSU}}}Created"))
    expires = _parse_ws_time(timestamp.findtext(f"{{{WSU}}}Expires"))
    if created > now + skew:
        raise SignatureError("timestamp created in the future")
    if expires + skew <= now:
        raise SignatureError("timestamp expired")
    if expires <= created:
        raise SignatureError("timestamp window is empty")
    signature = security.find(f"{{{DSIG}}}Signature")
    if signature is None:
        raise SignatureError("no Signature")
    signed_info = _find_dsig(signature, "SignedInfo")
    if signed_info is None:
        raise SignatureError("no SignedInfo")
    reference = _find_dsig(signed_info, "Reference")
    if reference is None:
        raise SignatureError("no Reference")
    ids = {el.get(f"{{{WSU}}}Id"): el for el in security.iter() if el.get(f"{{{WSU}}}Id") is not None}
    uri = reference.get("URI") or ""
    if not uri.startswith("#") or ids.get(uri[1:]) is not timestamp:
        raise SignatureError("Reference does not point to the Timestamp")
    token_el = None
    ref = signature.find(f"{{{DSIG}}}KeyInfo/{{{WSSE}}}SecurityTokenReference/{{{WSSE}}}Reference")
    if ref is not None and (ref.get("URI") or "").startswith("#"):
        token_el = ids.get(ref.get("URI")[1:])
    if token_el is None:
        token_el = security.find(f"{{{WSSE}}}BinarySecurityToken")
    if token_el is None or etree.QName(token_el).localname != "BinarySecurityToken":
        raise SignatureError("no BinarySecurityToken")
    signer = _load_certificate(token_el.text)
    sent_digest = _b64(reference.findtext(f"{{{DSIG}}}DigestValue"))
    digests = {_digest(_c14n(timestamp, exclusive=True)), _digest(_c14n(_detached(timestamp), exclusive=True))}
    if sent_digest not in digests:
        raise SignatureError("DigestValue does not match the Timestamp")
    value = _b64(signature.findtext(f"{{{DSIG}}}SignatureValue"))
    if not _verify_value(signer.certificate, value, _signed_info_forms(signed_info)):
        raise SignatureError("SignatureValue does not verify")
    return signer


def find_enveloped_signature(request_element: etree._Element) -> etree._Element | None:
    """The ``Signature`` child of ``des:solicitud`` / ``des:peticionDescarga`` (any prefix)."""
    for child in request_element:
        if isinstance(child.tag, str) and child.tag == f"{{{DSIG}}}Signature":
            return child
    return None


def verify_enveloped(operation: etree._Element, request_element: etree._Element) -> SignedBy:
    """Check the enveloped signature of a Solicita/Verifica/Descargar request.

    ``operation`` is the body's operation element (``des:SolicitaDescargaEmitidos`` …) and
    ``request_element`` its ``des:solicitud``/``des:peticionDescarga`` child holding the Signature.
    Returns the signer (from ``X509Certificate``) or raises SignatureError.
    """
    signature = find_enveloped_signature(request_element)
    if signature is None:
        raise SignatureError("no Signature in the request element")
    signed_info = _find_dsig(signature, "SignedInfo")
    reference = _find_dsig(signed_info, "Reference") if signed_info is not None else None
    if signed_info is None or reference is None:
        raise SignatureError("no SignedInfo/Reference")
    certificate_text = signature.findtext(f"{{{DSIG}}}KeyInfo/{{{DSIG}}}X509Data/{{{DSIG}}}X509Certificate")
    signer = _load_certificate(certificate_text)
    sent_digest = _b64(reference.findtext(f"{{{DSIG}}}DigestValue"))
    if sent_digest not in _enveloped_digests(operation, request_element, signature):
        raise SignatureError("DigestValue does not match the request")
    value = _b64(signature.findtext(f"{{{DSIG}}}SignatureValue"))
    if not _verify_value(signer.certificate, value, _signed_info_forms(signed_info)):
        raise SignatureError("SignatureValue does not verify")
    return signer


def _enveloped_digests(
    operation: etree._Element, request_element: etree._Element, signature: etree._Element
) -> set[bytes]:
    # Work on a copy of the whole document with the Signature removed, so that the operation element keeps
    # its document context (inclusive C14N emits the ancestors' namespace declarations).
    root = operation.getroottree().getroot()
    doc_copy = copy.deepcopy(root)
    op_copy = _follow(doc_copy, _index_path(operation))
    sig_copy = _follow(doc_copy, _index_path(signature))
    if sig_copy is None or op_copy is None or sig_copy.getparent() is None:
        return set()
    sig_copy.getparent().remove(sig_copy)
    forms = {
        _c14n(op_copy, exclusive=True),
        _c14n(op_copy, exclusive=False),
        _c14n(_detached(op_copy), exclusive=False),
        _c14n(doc_copy, exclusive=False),
        _c14n(doc_copy, exclusive=True),
    }
    return {_digest(form) for form in forms}


def _index_path(element: etree._Element) -> list[int]:
    path = []
    node = element
    while node.getparent() is not None:
        parent = node.getparent()
        path.append(parent.index(node))
        node = parent
    return path[::-1]


def _follow(root: etree._Element, path: list[int]) -> etree._Element | None:
    node = root
    for index in path:
        if index >= len(node):
            return None
        node = node[index]
    return node
