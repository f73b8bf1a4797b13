"""SatClient end to end over loopback HTTP: tokens, requests, verification, downloads, CFDI status."""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.sat import endpoints
from desktop_app.core.sat.client import SatClient
from desktop_app.core.sat.query import QueryParams, folio_params
from desktop_app.core.sat.responses import parse_authenticate
from desktop_app.core.sat.transport import Transport
from tests.conftest import FIEL_VALID_AT, FIXTURES
from tests.core.sat.conftest import (
    AUTH,
    CONSULTA,
    DOWNLOAD,
    FAULT_BODY,
    QUERY,
    VERIFY,
    Drop,
    Reply,
    Truncate,
    response,
)

AUTH_OK = response("authenticate/phpcfdi-autentica-token.xml")
TOKEN = parse_authenticate(AUTH_OK).value
PACKAGE_ZIP = (FIXTURES / "packages" / "satdoc-cfdi33-package.zip").read_bytes()
DOWNLOAD_OK = response("download/phpcfdi-descarga-5000-paquete.xml")
DOWNLOAD_TEMPLATE = response("download/phpcfdi-descarga-template-paquete-vacio.xml")
PARAMS = QueryParams(
    direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59), status="Todos"
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock(FIEL_VALID_AT)


@pytest.fixture
def client(fiel, sat_server, sleeps, clock):
    ep = endpoints.from_env(
        {
            "DESCARGA_MASIVA_SAT_URL": sat_server.url,
            "DESCARGA_MASIVA_SAT_RET_URL": sat_server.url + "/ret",
            "DESCARGA_MASIVA_CONSULTA_URL": sat_server.url,
        }
    )
    sat_server.script(AUTH, Reply(AUTH_OK))
    sat_server.script("/ret" + AUTH, Reply(AUTH_OK))
    transport = Transport(sleep=sleeps, max_attempts=3, backoff=1, read_timeout=2)
    with SatClient(fiel, ep, transport=transport, clock=clock) as c:
        yield c


def package_answer(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return DOWNLOAD_TEMPLATE.replace(b"<Paquete />", b"<Paquete>" + raw + b"</Paquete>")


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- tokens ------------------------------------------------------------------------------------------------


def test_token_is_reused_until_a_minute_is_left(client, sat_server, clock):
    sat_server.script(VERIFY, Reply(response("verify/satkit-aceptada-estado1.xml")))
    client.verify("3f30a4e1-af73-4085-8991-e4d97eef16bd")
    clock.advance(minutes=3, seconds=59)
    client.verify("3f30a4e1-af73-4085-8991-e4d97eef16bd")
    assert sat_server.hits[AUTH] == 1
    clock.advance(seconds=2)  # 4:01 into a 5-minute token: under 60 s left
    client.verify("3f30a4e1-af73-4085-8991-e4d97eef16bd")
    assert sat_server.hits[AUTH] == 2
    auth_request = next(s for s in sat_server.seen if s.path == AUTH)
    assert "Authorization" not in auth_request.headers
    assert auth_request.headers["SOAPAction"] == "http://DescargaMasivaTerceros.gob.mx/IAutenticacion/Autentica"
    assert b"<u:Created>2026-06-01T12:00:00.000Z</u:Created>" in auth_request.body
    for seen in sat_server.seen:
        if seen.path == VERIFY:
            assert seen.headers["Authorization"] == f'WRAP access_token="{TOKEN}"'
            assert b"<s:Header/>" in seen.body


def test_one_token_per_family(client, sat_server):
    sat_server.script(VERIFY, Reply(response("verify/satkit-aceptada-estado1.xml")))
    sat_server.script("/ret" + VERIFY, Reply(response("verify/satkit-aceptada-estado1.xml")))
    client.verify("a", "cfdi")
    client.verify("b", "retenciones")
    client.verify("c", "cfdi")
    client.verify("d", "retenciones")
    assert (sat_server.hits[AUTH], sat_server.hits["/ret" + AUTH]) == (1, 1)


@pytest.mark.parametrize("rejection", [Reply(b"", status=401), Reply(b"", status=403), Reply(FAULT_BODY, status=500)])
def test_rejected_token_is_renewed_once(client, sat_server, rejection):
    sat_server.script(VERIFY, rejection, Reply(response("verify/phpcfdi-terminada-2-paquetes.xml")))
    result = client.verify("4e80345d-917f-40bb-a98f-4a73939343c5")
    assert result.package_ids[1].endswith("_02")
    assert sat_server.hits[AUTH] == 2 and sat_server.hits[VERIFY] == 2


def test_token_renewal_is_not_a_loop(client, sat_server):
    sat_server.script(VERIFY, Reply(b"", status=401))
    with pytest.raises(AppError) as info:
        client.verify("x")
    assert info.value.code == "sat_unauthorized"
    assert sat_server.hits[AUTH] == 2 and sat_server.hits[VERIFY] == 2


def test_authentication_fault(client, sat_server):
    sat_server.script(AUTH, Reply(FAULT_BODY, status=500))
    with pytest.raises(AppError) as info:
        client.authenticate()
    assert info.value.code == "sat_fault"
    assert sat_server.hits[AUTH] == 1


def test_token_never_leaks(client, sat_server, caplog):
    caplog.set_level(logging.DEBUG)
    sat_server.script(VERIFY, Reply(b"", status=500))
    with pytest.raises(AppError) as info:
        client.verify("x")
    token = client.authenticate()
    for text in (repr(client), repr(token), str(token), repr(info.value), str(info.value.to_json()), caplog.text):
        assert TOKEN not in text
        assert TOKEN[:40] not in text


# --- query / verify ----------------------------------------------------------------------------------------


def test_query_accepted(client, sat_server):
    sat_server.script(QUERY, Reply(response("query/phpcfdi-emitidos-5000.xml")))
    result = client.query(PARAMS)
    assert result.accepted and result.request_id == "d49af78d-1c80-4221-a48d-345ace91626b"
    sent = next(s for s in sat_server.seen if s.path == QUERY)
    assert sent.headers["SOAPAction"].endswith("/ISolicitaDescargaService/SolicitaDescargaEmitidos")
    assert b'FechaInicial="2026-05-01T00:00:00"' in sent.body


def test_query_rejections_are_returned_then_raised_on_demand(client, sat_server):
    sat_server.script(QUERY, Reply(response("query/satkit-folio-5002.xml")))
    result = client.query(folio_params("96623061-61fe-49de-b298-c7156476aa8b"))
    assert result.cod_estatus == 5002 and not result.accepted
    with pytest.raises(AppError) as info:
        result.raise_for_status()
    assert info.value.code == "quota_exhausted"


def test_invalid_query_sends_nothing(client, sat_server):
    with pytest.raises(AppError) as info:
        client.query(QueryParams(direction="received", start=datetime(2026, 5, 1), end=datetime(2026, 5, 2)))
    assert info.value.code == "received_cfdi_requires_active"
    assert sum(sat_server.hits.values()) == 0


def test_query_outcome_unknown_is_not_resent(client, sat_server):
    sat_server.script(QUERY, Drop(), Reply(response("query/phpcfdi-emitidos-5000.xml")))
    with pytest.raises(AppError) as info:
        client.query(PARAMS)
    assert info.value.code == "sat_outcome_unknown"
    assert sat_server.hits[QUERY] == 1


SERVICE_FAULT = (
    b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
    b'<faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher">'
    b"a:InternalServiceFault</faultcode><faultstring>The request channel timed out while waiting for a reply."
    b"</faultstring></s:Fault></s:Body></s:Envelope>"
)


@pytest.mark.parametrize(
    "answer",
    [Reply(SERVICE_FAULT, status=500), Reply(b"Bad Request", status=400), Reply(b"Request Timeout", status=408)],
)
def test_a_request_answered_by_a_fault_of_the_service_is_never_resent(client, sat_server, answer):
    """A fault of the service itself (or a status that does not refuse the message) may come after SAT registered
    the request: it was taken for a rejected token and sent again at once, spending SAT's second request."""
    sat_server.script(QUERY, answer, Reply(response("query/phpcfdi-emitidos-5000.xml")))
    with pytest.raises(AppError) as info:
        client.query(PARAMS)
    assert info.value.code == "sat_outcome_unknown" and info.value.details["delivered"] is True
    assert sat_server.hits[QUERY] == 1 and sat_server.hits[AUTH] == 1


@pytest.mark.parametrize("answer", [Reply(FAULT_BODY, status=500), Reply(b"", status=401)])
def test_a_request_refused_before_the_service_ran_is_resent_once_with_a_new_token(client, sat_server, answer):
    # WCF's security layer (InvalidSecurity) and HTTP 401 refuse the message before the operation runs
    sat_server.script(QUERY, answer, Reply(response("query/phpcfdi-emitidos-5000.xml")))
    assert client.query(PARAMS).cod_estatus == 5000
    assert sat_server.hits[QUERY] == 2 and sat_server.hits[AUTH] == 2


def test_a_download_answered_by_a_fault_of_the_service_counts_and_is_not_resent(client, sat_server, tmp_path):
    sat_server.script(DOWNLOAD, Reply(SERVICE_FAULT, status=500), Reply(DOWNLOAD_OK))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == "sat_outcome_unknown" and info.value.details["delivered"] is True
    assert sat_server.hits[DOWNLOAD] == 1 and not (tmp_path / "p.zip").exists()


def test_verify_retries_uncontrolled_404(client, sat_server, sleeps):
    error_404 = (
        response("verify/satkit-aceptada-estado1.xml")
        .replace(b'CodEstatus="5000"', b'CodEstatus="404"')
        .replace(b'Mensaje="Solicitud Aceptada"', b'Mensaje="Error no controlado"')
    )
    sat_server.script(VERIFY, Reply(error_404), Reply(response("verify/satkit-terminada-codigo5010.xml")))
    result = client.verify("E7092BEB-1EAC-4C32-B4FE-DDA5FE95A712")
    assert result.codigo_estado_solicitud == 5010
    assert sat_server.hits[VERIFY] == 2 and sleeps.delays == [1]
    sat_server.script(VERIFY, Reply(error_404))
    with pytest.raises(AppError) as info:
        client.verify("E7092BEB-1EAC-4C32-B4FE-DDA5FE95A712")
    assert info.value.code == "sat_unavailable"
    assert info.value.details["cod_estatus"] == 404


# --- download ----------------------------------------------------------------------------------------------


def test_download_writes_the_zip(client, sat_server, tmp_path):
    sat_server.script(DOWNLOAD, Reply(DOWNLOAD_OK))
    result = client.download("4e80345d-917f-40bb-a98f-4a73939343c5_01", tmp_path / "p.zip")
    assert (tmp_path / "p.zip").read_bytes() == PACKAGE_ZIP
    assert result.size == len(PACKAGE_ZIP) and result.cod_estatus == 5000
    assert folder_listing(tmp_path) == ["p.zip"]
    sent = next(s for s in sat_server.seen if s.path == DOWNLOAD)
    assert sent.headers["SOAPAction"].endswith("/IDescargaMasivaTercerosService/Descargar")


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("download/satkit-descarga-5008.xml", "package_download_limit"),
        ("download/satkit-descarga-305.xml", "sat_rejected"),
    ],
)
def test_download_refusals_write_nothing(client, sat_server, tmp_path, fixture, code):
    sat_server.script(DOWNLOAD, Reply(response(fixture)))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == code
    assert info.value.details["delivered"] is True
    assert info.value.details["cod_estatus"] in (5008, 305)
    assert folder_listing(tmp_path) == []
    assert sat_server.hits[DOWNLOAD] == 1


def test_download_empty_package_with_5000(client, sat_server, tmp_path):
    sat_server.script(DOWNLOAD, Reply(DOWNLOAD_TEMPLATE))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == "invalid_package"
    assert folder_listing(tmp_path) == []


def test_download_not_a_zip_is_kept_for_diagnosis(client, sat_server, tmp_path):
    payload = b"this is not a zip file" * 10
    sat_server.script(DOWNLOAD, Reply(package_answer(base64.b64encode(payload))))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == "invalid_package"
    assert folder_listing(tmp_path) == ["p.zip.invalid"]
    assert (tmp_path / "p.zip.invalid").read_bytes() == payload


def test_download_invalid_base64_is_kept_for_diagnosis(client, sat_server, tmp_path):
    good = base64.b64encode(PACKAGE_ZIP[:300]).decode()
    sat_server.script(DOWNLOAD, Reply(package_answer(good + "!!notbase64!!" + good)))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == "invalid_package"
    assert folder_listing(tmp_path) == ["p.zip.invalid"]
    kept = (tmp_path / "p.zip.invalid").read_text()
    assert kept.startswith(good[:100]) and "!!notbase64!!" in kept


@pytest.mark.parametrize(
    "failure",
    [Truncate(DOWNLOAD_OK, 2000), Drop(), Reply(b"<html>oops</html>", status=502)],
    ids=["truncated", "dropped", "502"],
)
def test_download_is_never_resent_after_sending(client, sat_server, tmp_path, failure):
    sat_server.script(DOWNLOAD, failure, Reply(DOWNLOAD_OK))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == "sat_outcome_unknown"
    assert info.value.details["delivered"] is True
    assert sat_server.hits[DOWNLOAD] == 1
    assert folder_listing(tmp_path) == []


def test_download_unreachable_is_not_delivered(fiel, sat_server, closed_port_url, sleeps, clock, tmp_path):
    sat_server.script(AUTH, Reply(AUTH_OK))
    base = endpoints.ServiceUrls.from_base(sat_server.url)
    ep = endpoints.Endpoints(
        cfdi=endpoints.ServiceUrls(base.auth, base.query, base.verify, closed_port_url + DOWNLOAD),
        retenciones=base,
        consulta=sat_server.url,
    )
    client = SatClient(fiel, ep, transport=Transport(sleep=sleeps, max_attempts=2), clock=clock)
    with client, pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.code == "sat_unavailable"
    assert info.value.details["delivered"] is False
    assert sleeps.delays == [2.0]


def test_download_fault_renews_token(client, sat_server, tmp_path):
    sat_server.script(DOWNLOAD, Reply(FAULT_BODY, status=500), Reply(DOWNLOAD_OK))
    client.download("x_01", tmp_path / "p.zip")
    assert sat_server.hits[AUTH] == 2
    assert (tmp_path / "p.zip").read_bytes() == PACKAGE_ZIP


def test_a_download_refused_twice_by_the_security_layer_says_sat_counted_nothing(client, sat_server, tmp_path):
    """Refused before SAT's service ran, with a fresh token too: the app then spent one of the package's two
    downloads on it (an outside audit: «both downloads used» for a package SAT never sent)."""
    sat_server.script(DOWNLOAD, Reply(FAULT_BODY, status=500), Reply(FAULT_BODY, status=500))
    with pytest.raises(AppError) as info:
        client.download("x_01", tmp_path / "p.zip")
    assert info.value.details["delivered"] is False
    assert sat_server.hits[DOWNLOAD] == 2 and not (tmp_path / "p.zip").exists()


# --- ConsultaCFDIService -----------------------------------------------------------------------------------


def test_consulta(client, sat_server):
    sat_server.script(
        CONSULTA, Reply(b"", status=503), Reply(response("consulta-cfdi/sat-estado-cfdi-response-vigente.xml"))
    )
    result = client.consulta("?re=A&amp;B&rr=X&tt=1.0&id=u")
    assert result.estado == "Vigente"
    assert sat_server.hits[CONSULTA] == 2
    sent = sat_server.seen[-1]
    assert sent.headers["SOAPAction"] == "http://tempuri.org/IConsultaCFDIService/Consulta"
    assert "Authorization" not in sent.headers
    assert b"<c:expresionImpresa>?re=A&amp;amp;B&amp;rr=X" in sent.body


def test_signed_calls_need_a_fiel(sat_server):
    client = SatClient(None, endpoints.from_env({"DESCARGA_MASIVA_SAT_URL": sat_server.url}))
    with client, pytest.raises(AppError) as info:
        client.verify("x")
    assert info.value.code == "fiel_missing"
    assert sum(sat_server.hits.values()) == 0
