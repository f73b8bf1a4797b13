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
