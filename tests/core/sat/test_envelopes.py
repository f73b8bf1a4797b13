"""Request bytes: the golden phpcfdi requests reproduced byte for byte, escaping, and the QR expression."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.sat import envelopes
from desktop_app.core.sat.query import QueryParams, folio_params
from tests.conftest import FIXTURES

REQUESTS = FIXTURES / "requests"
DSIG = "{http://www.w3.org/2000/09/xmldsig#}"


def golden(name: str) -> bytes:
    """The fixture as phpcfdi sent it: no XML declaration, no whitespace between tags."""
    text = re.sub(r"^<\?xml[^>]*\?>", "", (REQUESTS / name).read_text(encoding="utf-8").strip())
    return re.sub(r">\s+<", "><", "".join(line.strip() for line in text.splitlines())).encode("utf-8")


def test_authenticate_matches_golden(fiel):
    body = envelopes.authenticate(
        fiel,
        created=datetime(2019, 8, 1, 3, 38, 19, tzinfo=UTC),
        expires=datetime(2019, 8, 1, 3, 43, 19, tzinfo=UTC),
        token_id="uuid-cf6c80fb-00ae-44c0-af56-54ec65decbaa-1",
    )
    assert body == golden("authenticate-request.xml")
    assert b"<DigestValue>nQnU35aTer+opzz7HKZiemZZRj8=</DigestValue>" in body


def test_query_issued_matches_golden(fiel):
    params = QueryParams(
        direction="issued",
        start=datetime(2019, 1, 1, 0, 0, 0),
        end=datetime(2019, 1, 1, 0, 4, 0),
        request_type="Metadata",
        status="Todos",
    )
    body = envelopes.query(fiel, params)
    assert body == golden("query-emitidos-request.xml")
    assert b"BELGF9WsFcnEbvXILi03IoOZkjg=" in body


def test_query_folio_matches_golden(fiel):
    body = envelopes.query(fiel, folio_params("96623061-61FE-49DE-B298-C7156476AA8B"))
    assert body == golden("query-folio-request.xml")
    assert b"H2TUJWzcQWOWYmOUgFlHcBeZX08=" in body


def test_verify_matches_golden(fiel):
    assert envelopes.verify(fiel, "3f30a4e1-af73-4085-8991-e4d97eef16bd") == golden("verify-request.xml")


def test_download_matches_golden(fiel):
    body = envelopes.download(fiel, "4e80345d-917f-40bb-a98f-4a73939343c5_01")
    assert body == golden("download-request.xml")


def test_consulta_matches_shape_fixture():
    assert envelopes.consulta("?a=foo&b=bar") == golden("consulta-cfdi-request-shape.xml")


def test_authenticate_defaults_to_now_plus_five_minutes(fiel):
    root = etree.fromstring(envelopes.authenticate(fiel))
    ns = {"u": envelopes.NS_WSU}
    created = root.findtext(".//u:Created", namespaces=ns)
    expires = root.findtext(".//u:Expires", namespaces=ns)
    assert created.endswith(".000Z") and expires.endswith(".000Z")
    start = datetime.fromisoformat(created.replace("Z", "+00:00"))
    assert (datetime.fromisoformat(expires.replace("Z", "+00:00")) - start).total_seconds() == 300
    assert abs((datetime.now(UTC) - start).total_seconds()) < 60


def _verify_signature(fiel, body: bytes, operation: str) -> etree._Element:
    """Check a request's enveloped signature the way SAT/phpcfdi compute it."""
    root = etree.fromstring(body)
    op = next(el for el in root.iter() if etree.QName(el).localname == operation)
    signature = op.find(f".//{DSIG}Signature")
    detached = etree.fromstring(etree.tostring(op))
    sig = detached.find(f".//{DSIG}Signature")
    sig.getparent().remove(sig)
    digest = base64.b64encode(hashlib.sha1(etree.tostring(detached, method="c14n", exclusive=True)).digest()).decode()
    assert signature.findtext(f".//{DSIG}DigestValue") == digest
    signed_info = etree.fromstring(etree.tostring(signature.find(f"{DSIG}SignedInfo")))
    fiel.certificate.public_key().verify(
        base64.b64decode(signature.findtext(f"{DSIG}SignatureValue")),
        etree.tostring(signed_info, method="c14n", exclusive=True),
        padding.PKCS1v15(),
        hashes.SHA1(),
    )
    return op


def test_issued_query_with_receivers_and_escaped_rfcs(fiel):
    params = QueryParams(
        direction="issued",
        start=datetime(2024, 1, 1),
        end=datetime(2024, 1, 31, 23, 59, 59),
        request_type="CFDI",
        invoice_type="I",
        status="Cancelado",
        counterpart_rfcs=("A&B010101AB1", "ÑOÑO010101AB2"),
        third_party_rfc="XAXX010101000",
        complement="pagos20",
    )
    body = envelopes.query(fiel, params)
    assert b"<des:RfcReceptor>A&amp;B010101AB1</des:RfcReceptor>" in body
    assert "<des:RfcReceptor>ÑOÑO010101AB2</des:RfcReceptor>".encode() in body
    op = _verify_signature(fiel, body, "SolicitaDescargaEmitidos")
    solicitud = op[0]
    assert list(solicitud.attrib) == sorted(solicitud.attrib)
    assert solicitud.get("RfcEmisor") == "EKU9003173C9"
    assert solicitud.get("Complemento") == "pagos20"
    assert solicitud.get("RfcACuentaTerceros") == "XAXX010101000"
    assert solicitud.get("FechaFinal") == "2024-01-31T23:59:59"
    assert solicitud.get("RfcReceptor") is None
    assert etree.QName(solicitud[-1]).localname == "Signature"
    assert b">\n" not in body and b"> <" not in body


def test_received_query_uses_receptor_attribute_and_one_issuer(fiel):
    params = QueryParams(
        direction="received",
        start=datetime(2024, 1, 1),
        end=datetime(2024, 2, 1),
        status="Vigente",
        counterpart_rfcs=("A&B010101AB1",),
    )
    body = envelopes.query(fiel, params)
    assert envelopes.query_action(params).endswith("/SolicitaDescargaRecibidos")
    op = _verify_signature(fiel, body, "SolicitaDescargaRecibidos")
    assert op[0].get("RfcReceptor") == "EKU9003173C9"
    assert op[0].get("RfcEmisor") == "A&B010101AB1"
    assert b'RfcEmisor="A&amp;B010101AB1"' in body
    assert b"RfcReceptores" not in body
    assert b"TipoComprobante" not in body  # empty attributes are omitted


def test_no_status_means_the_attribute_is_omitted(fiel):
    params = QueryParams(direction="issued", start=datetime(2024, 1, 1), end=datetime(2024, 1, 2))
    assert b"EstadoComprobante" not in envelopes.query(fiel, params)


@pytest.mark.parametrize(
    ("total", "expected"),
    [("2010.01", "2010.01"), ("1000", "1000.0"), ("1000.000000", "1000.0"), ("0.1234567", "0.123457"), (0, "0.0")],
)
def test_total_format_33(total, expected):
    assert envelopes.format_total(total) == expected


def test_qr_expression_33_from_fixture():
    expected = (
        "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?id=CEE4BE01-ADFA-4DEB-8421-ADD60F0BEDAC"
        "&re=POT9207213D6&rr=DIM8701081LA&tt=2010.01&fe=/OAgdg=="
    )
    cfdi = etree.parse(str(FIXTURES / "cfdi" / "cfdi33-real.xml")).getroot()
    assert cfdi.get("Total") == "2010.01"
    expression = envelopes.qr_expression(
        "CEE4BE01-ADFA-4DEB-8421-ADD60F0BEDAC", "POT9207213D6", "DIM8701081LA", "2010.01", cfdi.get("Sello")
    )
    assert expression == expected


def test_qr_expression_32_and_escaping():
    expression = envelopes.qr_expression(
        "11111111-2222-3333-4444-000000000001", "A&B010101AB1", "XAXX010101000", "1234.5678", version="3.2"
    )
    assert (
        expression
        == "?re=A&amp;B010101AB1&rr=XAXX010101000&tt=0000001234.567800&id=11111111-2222-3333-4444-000000000001"
    )
    body = envelopes.consulta(expression)
    assert b"?re=A&amp;amp;B010101AB1&amp;rr=" in body


@pytest.mark.parametrize("total", ["abc", "-1", "NaN"])
def test_bad_total_is_refused(total):
    with pytest.raises(AppError) as info:
        envelopes.format_total(total)
    assert info.value.code == "invalid_total"
