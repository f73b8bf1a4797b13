"""ConsultaCFDIService answers from the world, in SAT's response shape."""

from __future__ import annotations

import httpx
import pytest
from lxml import etree

ACTION = "http://tempuri.org/IConsultaCFDIService/Consulta"
A = "{http://schemas.datacontract.org/2004/07/Sat.Cfdi.Negocio.ConsultaCfdi.Servicio}"


def consulta(url: str, expression: str, *, cdata: bool = True, prefix: str = "soapenv") -> tuple[int, dict, bytes]:
    text = f"<![CDATA[{expression}]]>" if cdata else expression.replace("&", "&amp;")
    body = (
        f'<{prefix}:Envelope xmlns:{prefix}="http://schemas.xmlsoap.org/soap/envelope/" '
        f'xmlns:tem="http://tempuri.org/"><{prefix}:Header/><{prefix}:Body><tem:Consulta>'
        f"<tem:expresionImpresa>{text}</tem:expresionImpresa></tem:Consulta></{prefix}:Body></{prefix}:Envelope>"
    )
    response = httpx.post(
        url, content=body.encode(), headers={"SOAPAction": ACTION, "Content-Type": "text/xml; charset=utf-8"}
    )
    root = etree.fromstring(response.content)
    result = root.find(
        "{http://schemas.xmlsoap.org/soap/envelope/}Body/{http://tempuri.org/}ConsultaResponse/"
        "{http://tempuri.org/}ConsultaResult"
    )
    return response.status_code, {e.tag.replace(A, ""): e.text for e in result}, response.content


@pytest.mark.parametrize("cdata", [True, False])
def test_found_vigente_and_cancelled(sat, cdata):
    vigente = next(h for h in sat.world.headers if not h.cancelled_at)
    status, result, raw = consulta(
        sat.consulta_url + "/ConsultaCFDIService.svc",
        f"?re={vigente.issuer_rfc}&rr={vigente.receiver_rfc}&tt={vigente.total}&id={vigente.uuid}",
        cdata=cdata,
    )
    assert status == 200 and raw.startswith(b"<s:Envelope")
    assert result["CodigoEstatus"] == "S - Comprobante obtenido satisfactoriamente."
    assert result["Estado"] == "Vigente"
    assert result["ValidacionEFOS"] == "200"
    cancelled = next(h for h in sat.world.headers if h.cancelled_at)
    expression = (
        f"https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?id={cancelled.uuid}"
        f"&re={cancelled.issuer_rfc}&rr={cancelled.receiver_rfc}&tt={cancelled.total}&fe=abcdefgh"
    )
    assert consulta(sat.consulta_url + "/ConsultaCFDIService.svc", expression, cdata=cdata)[1]["Estado"] == "Cancelado"


def test_not_found_and_invalid(sat):
    _, result, _ = consulta(
        sat.url + "/ConsultaCFDIService.svc",
        "?re=AAA010101AAA&rr=BBB010101BBB&tt=1.0&id=11111111-2222-3333-4444-555555555555",
    )
    assert result["CodigoEstatus"].startswith("N - ") and result["Estado"] == "No Encontrado"
    _, result, _ = consulta(sat.consulta_url + "/ConsultaCFDIService.svc", "?a=foo&b=bar", prefix="s")
    assert result["CodigoEstatus"].startswith("N - 601") and result["Estado"] == "No Encontrado"


def test_real_world_rfc_with_ampersand(make_server):
    from desktop_app.sandbox.world import World

    world = World(seed=1, invoices=2000)
    sat = make_server(world=world)
    header = next(h for h in (world.header(i) for i in range(len(world))) if "&" in h.receiver_rfc + h.issuer_rfc)
    _, result, _ = consulta(
        sat.consulta_url + "/ConsultaCFDIService.svc",
        f"?re={header.issuer_rfc}&rr={header.receiver_rfc}&tt={header.total}&id={header.uuid}",
    )
    assert result["Estado"] in ("Vigente", "Cancelado")


def test_expression_with_escaped_ampersand_rfc_is_understood():
    """Core writes RFCs XML-escaped in the QR expression (``P&amp;H…``); SAT finds the CFDI anyway."""
    from datetime import UTC, datetime

    from desktop_app.core.sat.envelopes import qr_expression
    from desktop_app.sandbox import SandboxClock, SandboxServer
    from desktop_app.sandbox.world import World

    world = World(seed=1, invoices=5000)
    header = next(
        world.header(i)
        for i in range(len(world))
        if "&" in world.header(i).issuer_rfc + world.header(i).receiver_rfc and world.header(i).family == "cfdi"
    )
    clock = SandboxClock(datetime(2032, 12, 31, tzinfo=UTC))
    with SandboxServer(world=world, clock=clock) as sat:
        import httpx

        from desktop_app.core.sat.envelopes import consulta
        from desktop_app.core.sat.responses import parse_consulta

        expression = qr_expression(header.uuid, header.issuer_rfc, header.receiver_rfc, str(header.total))
        answer = httpx.post(
            sat.url + "/ConsultaCFDIService.svc",
            content=consulta(expression),
            headers={"SOAPAction": "http://tempuri.org/IConsultaCFDIService/Consulta", "Content-Type": "text/xml"},
        )
        assert parse_consulta(answer.content).estado in ("Vigente", "Cancelado")
