"""Fault injection: each kind, from Python and from specs; times and probability."""

from __future__ import annotations

import base64
import zipfile

import httpx
import pytest

from desktop_app.sandbox import Fault, FaultSet, parse_fault_spec
from desktop_app.sandbox.faults import FaultSpecError
from tests.sandbox.client import SatTestClient

MAY = ("2026-05-01T00:00:00", "2026-05-31T23:59:59")


def test_spec_grammar():
    fault = parse_fault_spec("download:http500:times=2")
    assert (fault.op, fault.kind, fault.times, fault.probability) == ("download", "http500", 2, None)
    fault = parse_fault_spec("*:delay:seconds=1.5:p=0.25")
    assert (fault.op, fault.seconds, fault.probability) == ("*", 1.5, 0.25)
    assert parse_fault_spec(fault.to_spec()) == Fault("*", "delay", probability=0.25, seconds=1.5)
    for bad in (
        "download",
        "nope:http500",
        "download:melt",
        "download:http500:times",
        "query:delay:x=1",
        "auth:drop:p=2",
        "auth:drop:times=-1",
    ):
        with pytest.raises(FaultSpecError):
            parse_fault_spec(bad)


def test_times_and_probability_are_deterministic():
    faults = FaultSet(seed=7)
    limited = faults.add("verify", "http500", times=2)
    assert [bool(faults.draw("verify")) for _ in range(4)] == [True, True, False, False]
    assert limited.fired == 2 and not faults.draw("download")
    draws = []
    for _ in range(2):
        maybe = FaultSet(seed=3)
        maybe.add("*", "error404", probability=0.5)
        draws.append([bool(maybe.draw("auth")) for _ in range(40)])
    assert draws[0] == draws[1] and 5 < sum(draws[0]) < 35


@pytest.fixture
def ready(make_server, clock):
    sat = make_server(ready_after=0, package_size=100)
    client = SatTestClient(sat.url)
    client.authenticate(clock.now())
    yield sat, client
    client.close()


def _package(client):
    request_id = client.emitidos(*MAY)["IdSolicitud"]
    return client.verifica(request_id)["IdsPaquetes"][0]


def test_http500_then_recovers(ready):
    sat, client = ready
    sat.faults.add("query", "http500", times=2)
    for _ in range(2):
        result = client.emitidos(*MAY)
        assert result["_reply"].status == 500
        assert result["_reply"].fault == "a:InternalServiceFault"
    assert client.emitidos(*MAY)["CodEstatus"] == "5000"


def test_error404_in_normal_shape(ready):
    sat, client = ready
    package_id = _package(client)
    sat.faults.add_spec("download:error404:times=1")
    result = client.descarga(package_id)
    assert (result["CodEstatus"], result["Mensaje"]) == ("404", "Error no controlado.")
    assert result["_reply"].status == 200
    # nothing was counted: two real downloads still allowed
    assert client.descarga(package_id)["CodEstatus"] == "5000"
    assert client.descarga(package_id)["CodEstatus"] == "5000"
    assert client.descarga(package_id)["CodEstatus"] == "5008"


def test_drop_closes_without_answer(ready):
    sat, client = ready
    sat.faults.add("verify", "drop", times=1)
    with pytest.raises(httpx.TransportError):
        client.verifica("11111111-2222-3333-4444-555555555555")
    assert client.verifica("11111111-2222-3333-4444-555555555555")["CodEstatus"] == "5004"


def test_delay(ready):
    sat, _client = ready
    sat.faults.add("consulta", "delay", seconds=0.3, times=1)
    with httpx.Client() as http, pytest.raises(httpx.ReadTimeout):
        http.post(
            sat.consulta_url + "/ConsultaCFDIService.svc",
            content=b"<x/>",
            headers={"SOAPAction": "http://tempuri.org/IConsultaCFDIService/Consulta"},
            timeout=0.1,
        )


def test_truncated_body(ready):
    sat, client = ready
    sat.faults.add("verify", "truncate", times=1)
    with httpx.Client() as http:
        from tests.sandbox import signer

        data = signer.signed_request(
            client.cred, "VerificaSolicitudDescarga", {"RfcSolicitante": client.cred.rfc, "IdSolicitud": "X"}
        )
        response = http.post(
            sat.url + "/VerificaSolicitudDescargaService.svc",
            content=data,
            headers={
                "SOAPAction": signer.ACTIONS["VerificaSolicitudDescarga"],
                "Authorization": f'WRAP access_token="{client.token}"',
            },
        )
        assert response.status_code == 200
        assert response.content.startswith(b"<s:Envelope") and not response.content.endswith(b"</s:Envelope>")


def test_early_token_expiry_on_auth_and_on_calls(ready, clock):
    sat, client = ready
    sat.faults.add("auth", "token_expiry", times=1, seconds=30)
    client.authenticate(clock.now())
    assert client.emitidos("2026-05-02T00:00:00", MAY[1])["CodEstatus"] == "5000"
    clock.advance(31)
    assert client.emitidos("2026-05-03T00:00:00", MAY[1])["CodEstatus"] == "300"
    client.authenticate(clock.now())
    sat.faults.add("verify", "token_expiry", times=1)
    assert client.verifica("X")["CodEstatus"] == "300"
    assert client.emitidos("2026-05-04T00:00:00", MAY[1])["CodEstatus"] == "300"  # the token stays revoked


def test_bad_base64_and_not_zip_count_as_downloads(ready):
    sat, client = ready
    package_id = _package(client)
    sat.faults.add("download", "bad_base64", times=1)
    first = client.descarga(package_id)
    assert first["CodEstatus"] == "5000"
    with pytest.raises(ValueError):
        base64.b64decode(first["Paquete"], validate=True)
    sat.faults.add_spec("download:not_zip:times=1")
    second = client.descarga(package_id)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(__import__("io").BytesIO(base64.b64decode(second["Paquete"])))
    assert client.descarga(package_id)["CodEstatus"] == "5008"


def test_faults_from_config(make_server, clock):
    sat = make_server(faults=["auth:http500:times=1", Fault("auth", "error404", times=1)])
    client = SatTestClient(sat.url)
    try:
        assert client.authenticate(clock.now()).status == 500
        assert len(sat.faults) == 2
    finally:
        client.close()


def test_error404_on_auth_is_a_fault(sat, clock):
    sat.faults.add("auth", "error404", times=1)
    client = SatTestClient(sat.url)
    try:
        reply = client.authenticate(clock.now())
        assert reply.status == 500 and "Error no controlado." in reply.http.text
        assert client.authenticate(clock.now()).status == 200
    finally:
        client.close()


def test_late_http500_processes_the_call_then_answers_a_fault(ready):
    sat, client = ready
    sat.faults.add("query", "late_http500", times=1)
    result = client.emitidos(*MAY)
    assert result["_reply"].status == 500 and result["_reply"].fault == "a:InternalServiceFault"
    assert len(sat.state.requests) == 1  # registered although the answer was a fault
    assert client.emitidos(*MAY)["CodEstatus"] == "5000"
