"""Signature checks: the golden phpcfdi requests, every client style, and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.sandbox import SandboxClock, xmldsig
from tests.sandbox import signer
from tests.sandbox.client import SatTestClient

REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "requests"
GOLDEN_AUTH_TIME = datetime(2019, 8, 1, 3, 39, tzinfo=UTC)


def golden(name: str) -> bytes:
    """The bytes phpcfdi signed and sent: the fixture without indentation and XML declaration."""
    lines = [line.strip() for line in (REQUESTS / name).read_text(encoding="utf-8").splitlines()]
    return "".join(line for line in lines if not line.startswith("<?xml")).encode("utf-8")


def operation_of(data: bytes):
    root = etree.fromstring(data)
    op = root.find(f"{{{signer.SOAP}}}Body")[0]
    return op, op[0]


def test_golden_auth_request_verifies_at_its_time():
    signed_by = xmldsig.verify_authentication(etree.fromstring(golden("authenticate-request.xml")), GOLDEN_AUTH_TIME)
    assert signed_by.info.rfc == "EKU9003173C9"
    assert signed_by.info.serial_number == "30001000000500003415"


@pytest.mark.parametrize(
    "name", ["query-emitidos-request.xml", "query-folio-request.xml", "verify-request.xml", "download-request.xml"]
)
def test_golden_enveloped_requests_verify(name):
    op, request = operation_of(golden(name))
    assert xmldsig.verify_enveloped(op, request).info.rfc == "EKU9003173C9"


def test_golden_query_with_changed_attribute_is_refused():
    data = golden("query-emitidos-request.xml").replace(
        b'FechaFinal="2019-01-01T00:04:00"', b'FechaFinal="2019-01-01T00:05:00"'
    )
    op, request = operation_of(data)
    with pytest.raises(xmldsig.SignatureError):
        xmldsig.verify_enveloped(op, request)


def test_golden_auth_over_http_with_injected_clock(make_server):
    sat = make_server(clock=SandboxClock(GOLDEN_AUTH_TIME))
    client = SatTestClient(sat.url)
    try:
        reply = client.post("/Autenticacion/Autenticacion.svc", signer.AUTH_ACTION, golden("authenticate-request.xml"))
        assert reply.status == 200
        token = reply.find(
            f"{{{signer.SOAP}}}Body/{{http://DescargaMasivaTerceros.gob.mx}}AutenticaResponse/"
            "{http://DescargaMasivaTerceros.gob.mx}AutenticaResult"
        ).text
        assert token.endswith("%26wrap_subject%3d3330303031303030303030353030303033343135")
        assert reply.http.content.startswith(b"<s:Envelope")
    finally:
        client.close()


def test_golden_auth_is_refused_later(make_server):
    sat = make_server(clock=SandboxClock(GOLDEN_AUTH_TIME + timedelta(minutes=20)))
    client = SatTestClient(sat.url)
    try:
        reply = client.post("/Autenticacion/Autenticacion.svc", signer.AUTH_ACTION, golden("authenticate-request.xml"))
        assert reply.status == 500
        assert reply.fault == "a:InvalidSecurity"
        assert "An error occurred when verifying security for the message." in reply.http.text
    finally:
        client.close()


@pytest.mark.parametrize("style", ["phpcfdi", "satcfdi", "cfdiclient", "satdoc"])
def test_every_client_style_is_accepted(authed, style):
    result = authed.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59", style=style)
    assert result["CodEstatus"] == "5000", result


@pytest.mark.parametrize("tamper", ["digest", "value", "attr"])
def test_tampered_requests_get_302(authed, tamper):
    result = authed.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59", tamper=tamper)
    assert result["CodEstatus"] == "302"
    assert result["Mensaje"] == "Sello Mal Formado"


def test_signature_by_another_key_gets_302(authed):
    result = authed.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59", key=signer.expired_fiel())
    assert result["CodEstatus"] == "302"


@pytest.mark.parametrize("problem", ["digest", "late", "early", "other-key"])
def test_bad_auth_requests_get_invalid_security(client, clock, problem):
    now = clock.now()
    kwargs = {}
    created = now
    if problem == "digest":
        kwargs["tamper_digest"] = True
    elif problem == "late":
        created = now - timedelta(minutes=11)
    elif problem == "early":
        created = now + timedelta(minutes=6)
    else:
        kwargs["signer"] = signer.expired_fiel()
    reply = client.authenticate(created, **kwargs)
    assert reply.status == 500
    assert reply.fault == "a:InvalidSecurity"
    assert client.token is None


def test_small_clock_skew_is_tolerated(client, clock):
    reply = client.authenticate(clock.now() + timedelta(minutes=2))
    assert reply.status == 200 and client.token


def test_signing_certificate_must_be_the_tokens(make_server, clock):
    sat = make_server()
    owner = SatTestClient(sat.url)
    stranger = SatTestClient(sat.url, signer.csd())
    try:
        owner.authenticate(clock.now())
        stranger.token = owner.token  # a CSD-signed request presenting the FIEL's token
        result = stranger.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59")
        assert result["CodEstatus"] == "300"
    finally:
        owner.close()
        stranger.close()


def test_csd_gets_a_token_but_305(make_server, clock):
    sat = make_server()
    client = SatTestClient(sat.url, signer.csd())
    try:
        assert client.authenticate(clock.now()).status == 200
        result = client.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59")
        assert (result["CodEstatus"], result["Mensaje"]) == ("305", "Certificado Inválido")
        verify = client.verifica("00000000-0000-0000-0000-000000000000")
        assert verify["CodEstatus"] == "305" and verify["EstadoSolicitud"] == "0"
        download = client.descarga("00000000-0000-0000-0000-000000000000_01")
        assert download["CodEstatus"] == "305" and not download["Paquete"]
    finally:
        client.close()


def test_expired_fiel_gets_304(make_server, clock):
    sat = make_server()
    client = SatTestClient(sat.url, signer.expired_fiel())
    try:
        assert client.authenticate(clock.now()).status == 200
        result = client.solicita(
            "SolicitaDescargaEmitidos",
            {
                "RfcSolicitante": "AAA010101AAA",
                "RfcEmisor": "AAA010101AAA",
                "FechaInicial": "2026-05-01T00:00:00",
                "FechaFinal": "2026-05-31T23:59:59",
                "TipoSolicitud": "CFDI",
            },
        )
        assert result["CodEstatus"] == "304"
    finally:
        client.close()


def test_rfc_mismatches(authed):
    assert (
        authed.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59", RfcSolicitante="AAA010101AAA")["CodEstatus"]
        == "300"
    )
    assert (
        authed.emitidos("2026-05-01T00:00:00", "2026-05-31T23:59:59", RfcEmisor="AAA010101AAA")["CodEstatus"] == "303"
    )
    assert (
        authed.recibidos("2026-05-01T00:00:00", "2026-05-31T23:59:59", RfcReceptor="AAA010101AAA")["CodEstatus"]
        == "303"
    )
    assert authed.verifica("00000000-0000-0000-0000-000000000000", rfc="AAA010101AAA")["CodEstatus"] == "300"
