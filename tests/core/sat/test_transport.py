"""Retries, backoff and the never-resend rule, over real HTTP against a scripted loopback server."""

from __future__ import annotations

import ssl
import threading

import httpx
import pytest
import truststore

from desktop_app.core import tls
from desktop_app.core.errors import AppError
from desktop_app.core.sat import envelopes, responses
from desktop_app.core.sat import transport as transport_module
from desktop_app.core.sat.transport import CallKind, Transport
from tests.core.sat.conftest import FAULT_BODY, QUERY, VERIFY, Drop, Reply, Stall, Truncate, response
from tests.tls_support import https_server, self_signed

VERIFY_OK = response("verify/phpcfdi-terminada-2-paquetes.xml")
QUERY_OK = response("query/phpcfdi-emitidos-5000.xml")
ACTION = "http://DescargaMasivaTerceros.sat.gob.mx/ISolicitaDescargaService/SolicitaDescargaEmitidos"


@pytest.fixture
def transport(sleeps):
    with Transport(sleep=sleeps, max_attempts=3, backoff=1.5, read_timeout=0.5) as t:
        yield t


def call_verify(transport, url):
    return transport.call(url, "urn:verify", b"<x/>", kind=CallKind.IDEMPOTENT, parse=responses.parse_verify, token="t")


def call_query(transport, url):
    return transport.call(url, ACTION, b"<x/>", kind=CallKind.CREATES_REQUEST, parse=responses.parse_query, token="t")


@pytest.mark.parametrize(
    "failure",
    [
        Reply(b"<html>Service Unavailable</html>", status=503),
        Reply(b"", status=500),
        Drop(),
        Truncate(VERIFY_OK, 100),
        Stall(),
        Reply(b"<s:Envelope><s:Bo"),
    ],
    ids=["503-html", "500-empty", "dropped", "truncated", "read-timeout", "garbled"],
)
def test_idempotent_calls_are_retried_with_backoff(sat_server, transport, sleeps, failure):
    sat_server.script(VERIFY, failure, Reply(VERIFY_OK))
    result = call_verify(transport, sat_server.url + VERIFY)
    assert result.estado_solicitud == 3
    assert sat_server.hits[VERIFY] == 2
    assert sleeps.delays == [1.5]


def test_idempotent_retries_are_bounded(sat_server, transport, sleeps):
    sat_server.script(VERIFY, Reply(b"", status=500))
    with pytest.raises(AppError) as info:
        call_verify(transport, sat_server.url + VERIFY)
    assert info.value.code == "sat_unavailable"
    assert info.value.details["attempts"] == 3
    assert info.value.details["delivered"] is True
    assert sat_server.hits[VERIFY] == 3
    assert sleeps.delays == [1.5, 3.0]  # exponential, none after the last attempt


def test_backoff_is_capped(sleeps):
    t = Transport(sleep=sleeps, backoff=10, max_backoff=25)
    assert [t.delay(n) for n in (1, 2, 3, 4)] == [10, 20, 25, 25]
    t.close()


def test_fault_is_not_retried_whatever_the_status(sat_server, transport, sleeps):
    sat_server.script(VERIFY, Reply(FAULT_BODY, status=500))
    with pytest.raises(AppError) as info:
        call_verify(transport, sat_server.url + VERIFY)
    assert info.value.code == "sat_fault"
    assert info.value.details["faultcode"] == "a:InvalidSecurity"
    assert info.value.details["http_status"] == 500
    assert sat_server.hits[VERIFY] == 1 and sleeps.delays == []


def test_connection_refused_is_retried_then_unavailable(closed_port_url, transport, sleeps):
    with pytest.raises(AppError) as info:
        call_verify(transport, closed_port_url + VERIFY)
    assert info.value.code == "sat_unavailable"
    assert len(sleeps.delays) == 2
    assert "cause" not in info.value.details  # only a refused certificate has one


def test_http_4xx_without_fault_is_a_bad_response(sat_server, transport):
    sat_server.script(VERIFY, Reply(b"nope", status=404))
    with pytest.raises(AppError) as info:
        call_verify(transport, sat_server.url + VERIFY)
    assert info.value.code == "sat_bad_response"


@pytest.mark.parametrize(
    "failure",
    [Drop(), Truncate(QUERY_OK, 80), Stall(), Reply(b"", status=500), Reply(b"<s:Envelope><s:Bo")],
    ids=["dropped", "truncated", "read-timeout", "500-no-fault", "garbled"],
)
def test_request_creation_is_never_resent_once_sent(sat_server, transport, sleeps, failure):
    sat_server.script(QUERY, failure, Reply(QUERY_OK))
    with pytest.raises(AppError) as info:
        call_query(transport, sat_server.url + QUERY)
    assert info.value.code == "sat_outcome_unknown"
    assert info.value.details["delivered"] is True
    assert info.value.details["operation"] == "SolicitaDescargaEmitidos"
    assert sat_server.hits[QUERY] == 1
    assert sleeps.delays == []


def test_request_creation_is_retried_while_it_cannot_have_left(closed_port_url, transport, sleeps):
    with pytest.raises(AppError) as info:
        call_query(transport, closed_port_url + QUERY)
    assert info.value.code == "sat_unavailable"
    assert info.value.details["delivered"] is False
    assert sleeps.delays == [1.5, 3.0]


def test_request_creation_answers_are_returned_not_retried(sat_server, transport):
    body = QUERY_OK.replace(
        b'CodEstatus="5000" Mensaje="Solicitud Aceptada"', b'CodEstatus="404" Mensaje="Error no controlado"'
    )
    sat_server.script(QUERY, Reply(body))
    result = call_query(transport, sat_server.url + QUERY)
    assert result.cod_estatus == 404
    with pytest.raises(AppError) as info:
        result.raise_for_status()
    assert info.value.code == "sat_unavailable"
    assert sat_server.hits[QUERY] == 1


def test_request_creation_fault_is_a_definite_answer(sat_server, transport):
    sat_server.script(QUERY, Reply(FAULT_BODY, status=500))
    with pytest.raises(AppError) as info:
        call_query(transport, sat_server.url + QUERY)
    assert info.value.code == "sat_fault"


def test_headers(sat_server, transport):
    sat_server.script(VERIFY, Reply(VERIFY_OK))
    call_verify(transport, sat_server.url + VERIFY)
    headers = sat_server.seen[0].headers
    assert headers["SOAPAction"] == "urn:verify"
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    assert headers["Authorization"] == 'WRAP access_token="t"'


def _count_trust_store_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every read of a trust store by a TLS context from now on: a CA file or folder, or OpenSSL's defaults."""
    loads: list[str] = []
    for name in ("load_verify_locations", "set_default_verify_paths"):
        original = getattr(ssl.SSLContext, name)

        def counted(self: ssl.SSLContext, *args: object, _original=original, _name=name, **kwargs: object) -> None:
            loads.append(_name)
            _original(self, *args, **kwargs)

        monkeypatch.setattr(ssl.SSLContext, name, counted)
    return loads


def test_every_connection_checks_sats_certificate_with_tls_settings_reused_by_the_next_transport(
    tmp_path, sleeps, monkeypatch
):
    """A sync pass makes a new transport: it takes the TLS settings a closed one gave back (reading the CA bundle
    cost ~20 ms a pass), never those of a transport still open, and they still refuse a certificate no known CA
    signed, on the first transport and the next."""
    loads = _count_trust_store_reads(monkeypatch)
    monkeypatch.setattr(transport_module, "_tls_free", [])  # none kept yet
    for _ in range(3):  # three passes one after another: the bundle read once
        Transport().close()
    assert len(loads) == 1
    with Transport() as first, Transport() as second:  # open together: one context each
        assert len(loads) == 2 and first._tls is not second._tls
    Transport(verify=False).close()
    elsewhere = threading.Thread(target=lambda: Transport().close())  # any thread takes what was given back
    elsewhere.start()
    elsewhere.join()
    assert len(loads) == 2
    many = [Transport() for _ in range(transport_module._TLS_KEPT + 2)]
    for each in many:
        each.close()
    assert len(transport_module._tls_free) == transport_module._TLS_KEPT  # kept: at most that many

    cert, key = self_signed(tmp_path)
    with https_server(cert, key, VERIFY_OK) as url:
        for _ in range(2):
            with Transport(sleep=sleeps, max_attempts=1) as transport, pytest.raises(AppError) as info:
                call_verify(transport, url + VERIFY)
            assert info.value.code == "sat_unavailable" and info.value.details["delivered"] is False
            assert "certificate was not accepted (self-signed certificate)" in info.value.details["reason"]
            assert info.value.details["cause"] == "certificate_rejected"  # what the window explains
        with Transport(sleep=sleeps, max_attempts=2) as transport, pytest.raises(AppError) as info:
            transport.open_stream(url + VERIFY, envelopes.ACTION_DOWNLOAD, b"<x/>", token="t")  # a download
        assert info.value.code == "sat_unavailable" and info.value.details["cause"] == "certificate_rejected"
        trusting = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)))
        with Transport(client=trusting) as transport:  # the server itself answers whoever trusts it
            assert call_verify(transport, url + VERIFY).estado_solicitud == 3
    kept = transport_module._tls_free[-1]
    assert kept.verify_mode == ssl.CERT_REQUIRED and kept.check_hostname


def test_sats_certificate_is_checked_against_what_the_computer_trusts(tmp_path, sleeps, monkeypatch):
    """A CA the computer trusts (an antivirus or company proxy that inspects HTTPS, an office's own CA) is trusted
    as in the browser: on Linux the system's bundle (``SSL_CERT_FILE`` stands for it here, as
    ``update-ca-certificates`` would), on Windows and macOS the operating system's own check (truststore, run here
    with its Linux back end); certifi's bundle only where the system has none. Never a certificate nobody
    trusts."""
    monkeypatch.setattr(transport_module, "_tls_free", [])
    named = tls.bundle_named
    cert, key = self_signed(tmp_path)
    bundle = tmp_path / "system-bundle.pem"
    bundle.write_bytes(cert.read_bytes())
    with https_server(cert, key, VERIFY_OK) as url:
        for os_store in (False, True):
            monkeypatch.setattr(tls, "OS_STORE", os_store)
            monkeypatch.setattr(transport_module, "_tls_free", [])
            monkeypatch.delenv("SSL_CERT_FILE", raising=False)
            monkeypatch.delenv("SSL_CERT_DIR", raising=False)
            assert tls.trust_source() == ("os_store" if os_store else "system_bundle")
            with Transport(sleep=sleeps, max_attempts=1) as transport, pytest.raises(AppError) as info:
                call_verify(transport, url + VERIFY)  # not a CA this computer trusts
            assert info.value.details["cause"] == "certificate_rejected", os_store
            assert isinstance(transport_module._tls_free[-1], truststore.SSLContext) is os_store  # given back
            monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # now it is
            monkeypatch.setattr(transport_module, "_tls_free", [])
            if os_store:  # truststore's own check, trusting the CA (its Linux back end reads SSL_CERT_FILE)
                monkeypatch.setattr(tls, "bundle_named", lambda: False)
            with Transport(sleep=sleeps, max_attempts=1) as transport:
                assert call_verify(transport, url + VERIFY).estado_solicitud == 3, os_store
                assert isinstance(transport._tls, truststore.SSLContext) is os_store
                assert transport._tls.verify_mode == ssl.CERT_REQUIRED and transport._tls.check_hostname
        # SSL_CERT_FILE set on purpose wins on Windows and macOS too, as it did with httpx's defaults.
        monkeypatch.setattr(tls, "bundle_named", named)
        monkeypatch.setattr(transport_module, "_tls_free", [])
        assert tls.OS_STORE and tls.trust_source() == "system_bundle"
        with Transport(sleep=sleeps, max_attempts=1) as transport:
            assert call_verify(transport, url + VERIFY).estado_solicitud == 3
            assert not isinstance(transport._tls, truststore.SSLContext)

        # No system bundle at all (a bare Linux): certifi's, which knows SAT's CAs and not this one.
        monkeypatch.setattr(tls, "OS_STORE", False)
        monkeypatch.delenv("SSL_CERT_FILE")
        nowhere = ssl.DefaultVerifyPaths(None, None, "SSL_CERT_FILE", "/nowhere/cert.pem", "SSL_CERT_DIR", "/nowhere")
        monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: nowhere)
        assert not tls.system_bundle_present()
        context = tls.verified_context()
        assert context.cert_store_stats()["x509_ca"] > 100  # certifi's roots
        transport = Transport(client=httpx.Client(verify=context), sleep=sleeps, max_attempts=1)
        with transport, pytest.raises(AppError) as info:
            call_verify(transport, url + VERIFY)
        assert info.value.details["cause"] == "certificate_rejected"
