"""Test-only builders of signed SAT requests, in the styles real clients use (sat-protocol.md §2.3, §11).

Independent of the production client on purpose: the sandbox must accept what phpcfdi, satcfdi, cfdiclient
and SAT's own documentation send.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from desktop_app.core.fiel import parse_certificate

DSIG = "http://www.w3.org/2000/09/xmldsig#"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
DES = "http://DescargaMasivaTerceros.sat.gob.mx"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
INC = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
CREDENTIALS = Path(__file__).resolve().parents[1] / "fixtures" / "credentials"

ACTIONS = {
    "SolicitaDescargaEmitidos": f"{DES}/ISolicitaDescargaService/SolicitaDescargaEmitidos",
    "SolicitaDescargaRecibidos": f"{DES}/ISolicitaDescargaService/SolicitaDescargaRecibidos",
    "SolicitaDescargaFolio": f"{DES}/ISolicitaDescargaService/SolicitaDescargaFolio",
    "VerificaSolicitudDescarga": f"{DES}/IVerificaSolicitudDescargaService/VerificaSolicitudDescarga",
    "PeticionDescargaMasivaTercerosEntrada": f"{DES}/IDescargaMasivaTercerosService/Descargar",
}
AUTH_ACTION = "http://DescargaMasivaTerceros.gob.mx/IAutenticacion/Autentica"


@dataclass
class Credential:
    der: bytes
    key: object
    rfc: str
    serial_int: int
    issuer: str

    @classmethod
    def load(cls, folder: str, cer: str, key: str, password: str = "12345678a") -> Credential:  # noqa: S107
        base = CREDENTIALS / folder
        der = (base / cer).read_bytes()
        private = serialization.load_der_private_key((base / key).read_bytes(), password.encode())
        _, info = parse_certificate(der)
        return cls(der, private, info.rfc, info.serial_int, info.issuer_name)

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self.key.sign(data, padding.PKCS1v15(), hashes.SHA1())).decode()

    @property
    def der_b64(self) -> str:
        return base64.b64encode(self.der).decode()


@functools.cache
def fiel() -> Credential:
    return Credential.load("eku9003173c9-fiel", "EKU9003173C9.cer", "EKU9003173C9.key")


@functools.cache
def csd() -> Credential:
    return Credential.load("eku9003173c9-csd", "EKU9003173C9.cer", "EKU9003173C9.key")


@functools.cache
def expired_fiel() -> Credential:
    return Credential.load("aaa010101aaa-fiel-expired", "certificate.cer", "private_key.key")


def _c14n(el: etree._Element, exclusive: bool) -> bytes:
    return etree.tostring(el, method="c14n", exclusive=exclusive)


def _digest(data: bytes) -> str:
    return base64.b64encode(hashlib.sha1(data).digest()).decode()


def ws_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def auth_envelope(
    cred: Credential,
    created: datetime,
    *,
    expires: datetime | None = None,
    tamper_digest: bool = False,
    signer: Credential | None = None,
) -> bytes:
    """An Autentica request as phpcfdi builds it (exclusive C14N everywhere)."""
    expires = expires or created + timedelta(minutes=5)
    token_id = f"uuid-{uuid.uuid4()}-1"
    env = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"s": SOAP, "u": WSU})
    header = etree.SubElement(env, f"{{{SOAP}}}Header")
    security = etree.SubElement(header, f"{{{WSSE}}}Security", nsmap={"o": WSSE})
    security.set(f"{{{SOAP}}}mustUnderstand", "1")
    ts = etree.SubElement(security, f"{{{WSU}}}Timestamp")
    ts.set(f"{{{WSU}}}Id", "_0")
    etree.SubElement(ts, f"{{{WSU}}}Created").text = ws_time(created)
    etree.SubElement(ts, f"{{{WSU}}}Expires").text = ws_time(expires)
    bst = etree.SubElement(security, f"{{{WSSE}}}BinarySecurityToken")
    bst.set(f"{{{WSU}}}Id", token_id)
    bst.set("ValueType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3")
    bst.set(
        "EncodingType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
    )
    bst.text = cred.der_b64
    digest = _digest(_c14n(ts, True))
    if tamper_digest:
        digest = _digest(b"something else")
    sig = etree.SubElement(security, f"{{{DSIG}}}Signature", nsmap={None: DSIG})
    signed_info = _signed_info(sig, EXC, EXC, "#_0", digest)
    value = (signer or cred).sign(_c14n(copy.deepcopy(signed_info), True))
    etree.SubElement(sig, f"{{{DSIG}}}SignatureValue").text = value
    key_info = etree.SubElement(sig, f"{{{DSIG}}}KeyInfo")
    ref = etree.SubElement(etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference"), f"{{{WSSE}}}Reference")
    ref.set("URI", "#" + token_id)
    ref.set("ValueType", bst.get("ValueType"))
    body = etree.SubElement(env, f"{{{SOAP}}}Body")
    etree.SubElement(
        body, "{http://DescargaMasivaTerceros.gob.mx}Autentica", nsmap={None: "http://DescargaMasivaTerceros.gob.mx"}
    )
    return etree.tostring(env)


def _signed_info(parent, c14n_alg, transform_alg, uri, digest):
    si = etree.SubElement(parent, f"{{{DSIG}}}SignedInfo")
    etree.SubElement(si, f"{{{DSIG}}}CanonicalizationMethod").set("Algorithm", c14n_alg)
    etree.SubElement(si, f"{{{DSIG}}}SignatureMethod").set("Algorithm", "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
    ref = etree.SubElement(si, f"{{{DSIG}}}Reference")
    if uri is not None:
        ref.set("URI", uri)
    etree.SubElement(etree.SubElement(ref, f"{{{DSIG}}}Transforms"), f"{{{DSIG}}}Transform").set(
        "Algorithm", transform_alg
    )
    etree.SubElement(ref, f"{{{DSIG}}}DigestMethod").set("Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1")
    etree.SubElement(ref, f"{{{DSIG}}}DigestValue").text = digest
    return si


def signed_request(
    cred: Credential,
    operation: str,
    attrs: dict[str, str],
    *,
    receptores: list[str] = (),
    style: str = "phpcfdi",
    tamper: str | None = None,
    key: Credential | None = None,
) -> bytes:
    """A Solicita*/Verifica/Descargar request signed in ``style`` (phpcfdi, satcfdi, cfdiclient, satdoc).

    ``tamper``: "digest" (wrong DigestValue), "value" (wrong SignatureValue), "attr" (attribute changed after
    signing). ``key``: sign with another credential's key while sending ``cred``'s certificate.
    """
    nsmap = {"s": SOAP, "des": DES}
    if style in ("phpcfdi", "cfdiclient"):
        nsmap["xd"] = DSIG
    env = etree.Element(f"{{{SOAP}}}Envelope", nsmap=nsmap)
    etree.SubElement(env, f"{{{SOAP}}}Header")
    body = etree.SubElement(env, f"{{{SOAP}}}Body")
    op = etree.SubElement(body, f"{{{DES}}}{operation}")
    name = "peticionDescarga" if operation == "PeticionDescargaMasivaTercerosEntrada" else "solicitud"
    req = etree.SubElement(op, f"{{{DES}}}{name}")
    for k in sorted(attrs):
        if attrs[k] is not None:
            req.set(k, attrs[k])
    if receptores:
        container = etree.SubElement(req, f"{{{DES}}}RfcReceptores")
        for rfc in receptores:
            etree.SubElement(container, f"{{{DES}}}RfcReceptor").text = rfc
    if style == "satcfdi":
        digest = _digest(_c14n(op, False))
        c14n_alg, transform, uri = INC, ENVELOPED, ""
    elif style == "satdoc":
        digest = _digest(_c14n(env, False))
        c14n_alg, transform, uri = INC, ENVELOPED, ""
    elif style == "cfdiclient":
        digest = _digest(_c14n(op, True))
        c14n_alg, transform, uri = EXC, EXC, None
    else:
        digest = _digest(_c14n(op, True))
        c14n_alg, transform, uri = EXC, EXC, ""
    if tamper == "digest":
        digest = _digest(b"tampered")
    # SignedInfo as signed: standalone, default xmldsig namespace.
    standalone = etree.Element(f"{{{DSIG}}}Signature", nsmap={None: DSIG})
    si = _signed_info(standalone, c14n_alg, transform, uri, digest)
    value = (key or cred).sign(_c14n(copy.deepcopy(si), True))
    if tamper == "value":
        value = (key or cred).sign(b"other bytes")
    if style == "cfdiclient":
        sig = etree.SubElement(req, f"{{{DSIG}}}Signature")  # picks the envelope's xd: prefix
        for child in standalone:
            _copy_into(sig, child)
    else:
        sig = etree.SubElement(req, f"{{{DSIG}}}Signature", nsmap={None: DSIG})
        sig.append(copy.deepcopy(si))
    etree.SubElement(sig, f"{{{DSIG}}}SignatureValue").text = value
    key_info = etree.SubElement(sig, f"{{{DSIG}}}KeyInfo")
    x509 = etree.SubElement(key_info, f"{{{DSIG}}}X509Data")
    serial = etree.SubElement(x509, f"{{{DSIG}}}X509IssuerSerial")
    etree.SubElement(serial, f"{{{DSIG}}}X509IssuerName").text = cred.issuer
    etree.SubElement(serial, f"{{{DSIG}}}X509SerialNumber").text = str(cred.serial_int)
    etree.SubElement(x509, f"{{{DSIG}}}X509Certificate").text = cred.der_b64
    if tamper == "attr":
        first = sorted(attrs)[0]
        req.set(first, req.get(first) + "X")
    data = etree.tostring(env)
    if style == "cfdiclient":
        assert b"<xd:SignedInfo>" in data
    return data


def _copy_into(parent: etree._Element, element: etree._Element) -> None:
    """Copy a dsig subtree under ``parent`` so that it takes the ambient ``xd:`` prefix."""
    node = etree.SubElement(parent, element.tag)
    for k, v in element.attrib.items():
        node.set(k, v)
    node.text = element.text
    for child in element:
        _copy_into(node, child)
