"""Tokens: SAT's shape, the Authorization header, expiry."""

from __future__ import annotations

import base64
import json

import httpx

from desktop_app.sandbox import SandboxServer
from tests.sandbox import signer
from tests.sandbox.client import SatTestClient

PERIOD = ("2026-05-01T00:00:00", "2026-05-31T23:59:59")


def test_token_shape_and_timestamp_window(client, clock):
    reply = client.authenticate(clock.now())
    assert reply.http.content.startswith(b"<s:Envelope")
    assert reply.http.headers["content-type"].startswith("text/xml")
    jwt, _, subject = client.token.partition("%26wrap_subject%3d")
    assert subject == "3330303031303030303030353030303033343135"
    _header, claims, _ = jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    assert claims["exp"] - claims["nbf"] == 600
    assert claims["actort"] == subject
    assert claims["iss"] == "LoadSolicitudDecargaMasivaTerceros"
    ts = "{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd}"
    created = reply.root.findtext(f".//{ts}Created")
    expires = reply.root.findtext(f".//{ts}Expires")
    assert created == "2026-06-01T12:00:00.000Z"
    assert expires == "2026-06-01T12:05:00.000Z"


def test_missing_token_is_usuario_no_valido(client):
    result = client.emitidos(*PERIOD, token=None)
    assert result["_reply"].status == 200
    assert (result["CodEstatus"], result["Mensaje"]) == ("300", "Usuario No Válido")


def test_unknown_token(client):
    assert client.verifica("X", token="abc%26wrap_subject%3d00")["CodEstatus"] == "300"


def test_token_expires_after_five_minutes(authed, clock):
    clock.advance(4 * 60)
    assert authed.emitidos(*PERIOD)["CodEstatus"] == "5000"
    clock.advance(2 * 60)
    result = authed.emitidos("2026-05-01T00:00:00", "2026-05-30T23:59:59")
    assert result["CodEstatus"] == "300"
    authed.authenticate(clock.now())
    assert authed.emitidos("2026-05-01T00:00:00", "2026-05-30T23:59:59")["CodEstatus"] == "5000"


def test_http401_mode(make_server):
    sat: SandboxServer = make_server(token_error="http401")
    client = SatTestClient(sat.url)
    try:
        result = client.emitidos(*PERIOD, token=None)
        assert result["_reply"].status == 401
        assert result["_reply"].fault == "a:FailedAuthentication"
    finally:
        client.close()


def test_retenciones_token_issuer(sat, clock):
    client = SatTestClient(sat.ret_url)
    try:
        client.authenticate(clock.now())
        claims = client.token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
        assert claims["iss"] == "LoadServicioDecargaMasivaTercerosRet"
    finally:
        client.close()


def test_wrong_and_legacy_actions_get_action_not_supported(sat, authed):
    data = signer.signed_request(signer.fiel(), "SolicitaDescargaEmitidos", {"RfcSolicitante": "EKU9003173C9"})
    legacy = f"{signer.DES}/ISolicitaDescargaService/SolicitaDescarga"
    for action in (legacy, signer.AUTH_ACTION, "", "http://DescargaMasivaTerceros.sat.gob.mx/IAutenticacion/Autentica"):
        reply = authed.post("/SolicitaDescargaService.svc", action, data, authed.token)
        assert reply.status == 500
        assert reply.fault == "a:ActionNotSupported"
        assert "ContractFilter mismatch" in reply.http.text


def test_quoted_soap_action_and_unknown_path(sat, clock):
    data = signer.auth_envelope(signer.fiel(), clock.now())
    with httpx.Client() as http:
        ok = http.post(
            sat.url + "/Autenticacion/Autenticacion.svc",
            content=data,
            headers={"SOAPAction": f'"{signer.AUTH_ACTION}"', "Authorization": ""},
        )
        assert ok.status_code == 200
        assert (
            http.post(sat.url + "/Nope.svc", content=data, headers={"SOAPAction": signer.AUTH_ACTION}).status_code
            == 404
        )
        bad = http.post(
            sat.url + "/Autenticacion/Autenticacion.svc",
            content=b"<not xml",
            headers={"SOAPAction": signer.AUTH_ACTION},
        )
        assert bad.status_code == 400
