"""DESIGN.md §9 / issue 13, a hostile "SAT": an answer that never ends, an answer that inflates without end, a
package id that is a path, an endpoint that is not SAT's — through a whole sync.

Each case puts a small HTTP proxy on 127.0.0.1 between the app and the sandbox: it forwards every call, except
the one operation it is told to attack. What must hold: ``sync --wait --timeout S`` returns within S plus a
small bound; a bomb is refused after reading at most the cap; nothing is written outside the data home; never
``internal_error``; nothing lost — once "SAT" behaves again the request completes with every document.

Figures are printed with ``-s``.
"""

from __future__ import annotations

import base64
import contextlib
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.sat.transport import Transport
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.sync import SyncPolicy
from desktop_app.demo import sandbox_endpoints
from tests.conftest import CREDENTIALS, FIXTURES, TEST_PASSWORD, MemoryKeyring

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"
FAST = SyncPolicy(first_check_after=0, min_check_interval=0, max_check_interval=0, resubmit_after=0)
PERIOD = {"start": "2026-05-01", "end": "2026-05-31", "rfc_type": "issued"}
WAIT = 3.0  # the --timeout of the hostile waits
BOUND = 1.0  # how much later than WAIT they may return (a loaded 2-core machine)
DRIBBLE_SECONDS = 6.0  # a slow-loris answer gives up after this (so the test also ends on a broken app)
PACKAGE_ZIP = (FIXTURES / "packages" / "satdoc-cfdi33-package.zip").read_bytes()


@pytest.fixture
def sandbox_options():
    return {"ready_after": 0, "package_size": 10}


# -- the hostile proxy --------------------------------------------------------------------------------------


class Proxy:
    """Forwards to the sandbox; ``attacks[operation]`` replaces what one operation answers."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.attacks: dict[str, Callable[[BaseHTTPRequestHandler, bytes], None]] = {}
        self.hits: Counter[str] = Counter()
        self.stop = threading.Event()
        self.http = httpx.Client(timeout=30)
        self.url = ""

    def forward(self, handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, bytes]:
        keep = ("Content-Type", "SOAPAction", "Authorization")
        headers = {k: handler.headers[k] for k in keep if handler.headers.get(k) is not None}
        answer = self.http.post(self.upstream + handler.path, content=body, headers=headers)
        return answer.status_code, answer.content


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.close_connection = True  # one answer per connection: a client that hung up is not read again
    handler.send_response(status)
    handler.send_header("Connection", "close")
    handler.send_header("Content-Type", "text/xml; charset=utf-8")
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    with contextlib.suppress(OSError):  # the app stopped reading (a cap or a deadline): what these tests want
        handler.wfile.write(body)


def _operation(action: str) -> str:
    name = action.strip('"').rsplit("/", 1)[-1]
    return "SolicitaDescarga" if name.startswith("SolicitaDescarga") else name


@pytest.fixture
def proxy(sandbox):
    state = Proxy(sandbox.url)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            operation = _operation(self.headers.get("SOAPAction", ""))
            state.hits[operation] += 1
            attack = state.attacks.get(operation)
            if attack is not None:
                attack(self, body)
                return
            status, answer = state.forward(self, body)
            send(self, status, answer)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        state.http.close()
        thread.join(5)


def slow_loris(state: Proxy) -> Callable[[BaseHTTPRequestHandler, bytes], None]:
    """200, a 100 kB body announced (under every cap), then one byte every 0.2 s (until the app leaves or
    DRIBBLE_SECONDS)."""

    def attack(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.send_header("Content-Type", "text/xml; charset=utf-8")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.close_connection = True
        try:
            for _ in range(int(DRIBBLE_SECONDS / 0.2)):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                if state.stop.wait(0.2):
                    return
        except OSError:
            return

    return attack


def gzip_bomb(head: bytes, filler: bytes, megabytes: int, tail: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(head)]
    block = filler * ((1 << 20) // len(filler))
    parts += [compressor.compress(block) for _ in range(megabytes)]
    parts += [compressor.compress(tail), compressor.flush()]
    return b"".join(parts)


# -- the app ------------------------------------------------------------------------------------------------


@pytest.fixture
def make_service(proxy, clock, tmp_path):
    from desktop_app.core.sat.client import SatClient

    endpoints = sandbox_endpoints(proxy.url)
    services: list[DescargaService] = []

    def factory(fiel, **transport_options):
        # Built per pass, like production's: inside the pass's time limit. Back-off recorded, not slept.
        transport = Transport(sleep=lambda s: None, read_timeout=10.0, **transport_options)
        return SatClient(fiel, endpoints, transport=transport, clock=clock.now)

    def make(**transport_options) -> DescargaService:
        service = DescargaService(
            tmp_path / "home",
            clock=clock,
            secrets=SecretStore(MemoryKeyring()),
            sat_factory=lambda fiel: factory(fiel, **transport_options),
            policy=FAST,
        )
        services.append(service)
        service.add_profile(RFC)
        service.activate(RFC)
        cer = (FIEL / "EKU9003173C9.cer").read_bytes()
        key = (FIEL / "EKU9003173C9.key").read_bytes()
        service.upload_fiel(RFC, cer, key, TEST_PASSWORD)
        return service

    yield make
    for service in services:
        service.close()


def expected_count(sandbox) -> int:
    return sandbox.world.count(
        rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59)
    )


def indexed(service) -> int:
    flt = InvoiceFilter(date_from="2026-05-01", date_to="2026-05-31", direction="issued")
    return service.list_invoices(RFC, flt)["count"]


def no_internal_error(*reports: dict) -> list[dict]:
    errors = [e for r in reports for e in r["errors"]]
    for error in errors:
        assert error["code"] != "internal_error" and error["message"], error
    return errors


def recovers(service, proxy, sandbox, request_id: str) -> None:
    """SAT behaves again: the same request completes with every document of the period; SAT never saw a
    package downloaded a third time."""
    proxy.attacks.clear()
    report = service.sync_until_done(RFC, timeout=120, sleep=lambda s: None)
    no_internal_error(report)
    record = service.ledger.get(request_id)
    assert record.status == "completed", (record.status, record.status_message)
    assert indexed(service) == expected_count(sandbox) > 0
    downloads = [n for r in sandbox.state.requests.values() for n in r.downloads.values()]
    assert max(downloads, default=0) <= 2


# -- time: `sync --wait --timeout S` returns within S + a small bound ---------------------------------------


@pytest.mark.parametrize("operation", ["Autentica", "VerificaSolicitudDescarga", "Descargar"])
def test_a_slow_loris_sat_cannot_hold_sync_wait_past_its_timeout(make_service, proxy, sandbox, operation):
    service = make_service()
    created = service.create_request(RFC, submit=False, **PERIOD)
    proxy.attacks[operation] = slow_loris(proxy)
    started = time.monotonic()
    report = service.sync_until_done(RFC, timeout=WAIT, lock_wait=WAIT)
    elapsed = time.monotonic() - started
    print(f"\nslow loris at {operation}: sync --wait --timeout {WAIT:g} returned after {elapsed:.2f} s")
    assert elapsed < WAIT + BOUND, elapsed
    assert report["timed_out"] is True and report["open_requests"] == 1, (report, service.history(RFC))
    assert proxy.hits[operation] >= 1
    errors = no_internal_error(report)
    assert any(e.get("reason") in ("deadline", "time_limit") for e in errors), errors
    record = service.ledger.get(created["request_id"])
    assert record.status not in ("failed", "completed") and record.submit_state != "unknown", record
    recovers(service, proxy, sandbox, created["request_id"])


# -- size: a gzip bomb is refused after reading at most the cap ---------------------------------------------


def test_a_gzip_bomb_verification_answer_is_a_broken_answer(make_service, proxy, sandbox):
    bomb = gzip_bomb(
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>', b" ", 256, b"</s:Body>"
    )
    proxy.attacks["VerificaSolicitudDescarga"] = lambda handler, body: send(handler, 200, bomb, Content_Encoding="gzip")
    service = make_service()
    created = service.create_request(RFC, submit=False, **PERIOD)
    report = service.sync_once(RFC)
    errors = no_internal_error(report)
    too_large = [e for e in errors if e["code"] == "sat_answer_too_large"]
    assert too_large and too_large[0]["read"] <= too_large[0]["limit"] + 64 * 1024, errors
    print(
        f"\ngzip bomb ({len(bomb):,} B gzip → 256 MiB) at Verifica: refused after {too_large[0]['read']:,} "
        f"decoded bytes (cap {too_large[0]['limit']:,}) per attempt, {proxy.hits['VerificaSolicitudDescarga']} attempts"
    )
    record = service.ledger.get(created["request_id"])
    assert record.status_message and "sat_answer_too_large" in record.status_message
    assert indexed(service) == 0
    recovers(service, proxy, sandbox, created["request_id"])


def test_a_gzip_bomb_package_spends_one_download_and_the_second_completes(make_service, proxy, sandbox, tmp_path):
    tail = b"</Paquete></RespuestaDescargaMasivaTercerosSalida></s:Body></s:Envelope>"
    head = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        b'<h:respuesta xmlns:h="http://DescargaMasivaTerceros.sat.gob.mx" CodEstatus="5000" Mensaje="Ok"/></s:Header>'
        b'<s:Body><RespuestaDescargaMasivaTercerosSalida xmlns="http://DescargaMasivaTerceros.sat.gob.mx"><Paquete>'
    )
    bomb = gzip_bomb(head, b"A", 64, tail)  # base64 of zeros: 48 MiB of "package"
    served = Counter()

    def once(handler, body):
        if served["bomb"]:
            status, answer = proxy.forward(handler, body)
            send(handler, status, answer)
            return
        served["bomb"] += 1
        send(handler, 200, bomb, Content_Encoding="gzip")

    proxy.attacks["Descargar"] = once
    service = make_service(limits={"Descargar": 4 * 1024 * 1024})  # the production cap is 2 GiB
    created = service.create_request(RFC, submit=False, **PERIOD)
    report = service.sync_once(RFC)
    errors = no_internal_error(report)
    assert [e["code"] for e in errors] == ["sat_answer_too_large"], errors
    assert errors[0]["delivered"] is True
    rows = service.db.get().execute("SELECT id, state, download_count FROM packages").fetchall()
    assert sorted(r["download_count"] for r in rows)[-1] == 1
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".part", ".invalid")]
    record = service.ledger.get(created["request_id"])
    assert "sat_answer_too_large" in (record.status_message or ""), record.status_message
    recovers(service, proxy, sandbox, created["request_id"])


# -- ids: a package id that is a path writes nothing anywhere -----------------------------------------------


def _download_answer(zip_bytes: bytes) -> bytes:
    return (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        b'<h:respuesta xmlns:h="http://DescargaMasivaTerceros.sat.gob.mx" CodEstatus="5000" Mensaje="Ok"/></s:Header>'
        b'<s:Body><RespuestaDescargaMasivaTercerosSalida xmlns="http://DescargaMasivaTerceros.sat.gob.mx"><Paquete>'
        + base64.b64encode(zip_bytes)
        + b"</Paquete></RespuestaDescargaMasivaTercerosSalida></s:Body></s:Envelope>"
    )


@pytest.mark.parametrize("hostile", ["../../x/pwned", "../../../../x/pwned", "/tmp/descarga-masiva-pwned"])
def test_a_package_id_that_is_a_path_writes_nothing_and_the_answer_is_malformed(
    make_service, proxy, sandbox, tmp_path, hostile
):
    def tamper(handler, body):
        status, answer = proxy.forward(handler, body)
        if b"<IdsPaquetes>" in answer:  # state 3: the first package id becomes a path
            start = answer.index(b"<IdsPaquetes>") + len(b"<IdsPaquetes>")
            answer = answer[:start] + hostile.encode() + answer[answer.index(b"</IdsPaquetes>", start) :]
        send(handler, status, answer)

    def serve_zip(handler, body):  # what a hostile SAT would hand out for that id
        if b"pwned" in body:
            send(handler, 200, _download_answer(PACKAGE_ZIP))
        else:
            status, answer = proxy.forward(handler, body)
            send(handler, status, answer)

    proxy.attacks["VerificaSolicitudDescarga"] = tamper
    proxy.attacks["Descargar"] = serve_zip
    service = make_service()
    created = service.create_request(RFC, submit=False, **PERIOD)
    reports = [service.sync_once(RFC) for _ in range(2)]
    errors = no_internal_error(*reports)
    assert errors and all(e["code"] == "sat_unavailable" for e in errors), errors
    anywhere = [p for p in tmp_path.rglob("*") if "pwned" in p.name]
    assert anywhere == [] and not Path("/tmp/descarga-masiva-pwned.zip").exists()
    ids = [r["id"] for r in service.db.get().execute("SELECT id FROM packages")]
    assert ids == []  # the answer was refused whole: no package of it registered
    record = service.ledger.get(created["request_id"])
    assert record.status not in ("failed", "completed")
    assert "IdsPaquetes" in (record.status_message or ""), record.status_message
    assert proxy.hits["Descargar"] == 0
    recovers(service, proxy, sandbox, created["request_id"])


def test_a_request_id_that_is_a_path_is_an_unknown_outcome_never_a_file(make_service, proxy, sandbox, tmp_path):
    def tamper(handler, body):
        status, answer = proxy.forward(handler, body)
        start = answer.index(b'IdSolicitud="') + len(b'IdSolicitud="')
        answer = answer[:start] + b"../../x/pwned" + answer[answer.index(b'"', start) :]
        send(handler, status, answer)

    proxy.attacks["SolicitaDescarga"] = tamper
    service = make_service()
    created = service.create_request(RFC, submit=False, **PERIOD)
    report = service.sync_once(RFC)
    errors = no_internal_error(report)
    assert [e["code"] for e in errors] == ["sat_outcome_unknown"], errors
    record = service.ledger.get(created["request_id"])
    assert record.status == "failed" and record.submit_state == "unknown" and record.sat_request_id is None
    assert record.status_message
    assert [p for p in tmp_path.rglob("*") if "pwned" in p.name] == []
    assert proxy.hits["SolicitaDescarga"] == 1  # never resent on its own


# -- where: an endpoint that is not SAT's is refused before any call ----------------------------------------


class _RegisteredStub:
    """Stands in for SAT while the FIEL is uploaded (registration authenticates once)."""

    def authenticate(self, service: str = "cfdi") -> None:
        return None

    def close(self) -> None:
        return None


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/sat", "not a url"])
def test_a_bad_endpoint_fails_the_sync_before_any_call_and_loses_nothing(clock, tmp_path, monkeypatch, url):
    """The production wiring (endpoints from the environment): before, ``ftp://`` and "not a url" were tried
    four times and reported as ``sat_unavailable`` with ``delivered: true``."""
    from desktop_app.core.service import default_sat_factory

    service = DescargaService(
        tmp_path / "home",
        clock=clock,
        secrets=SecretStore(MemoryKeyring()),
        sat_factory=lambda fiel: _RegisteredStub(),
        policy=FAST,
    )
    try:
        service.add_profile(RFC)
        service.activate(RFC)
        cer = (FIEL / "EKU9003173C9.cer").read_bytes()
        key = (FIEL / "EKU9003173C9.key").read_bytes()
        assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
        service.sat_factory = default_sat_factory
        monkeypatch.setenv("DESCARGA_MASIVA_SAT_URL", url)
        created = service.create_request(RFC, submit=False, **PERIOD)
        with pytest.raises(AppError) as info:
            service.sync_once(RFC)
        assert info.value.code == "invalid_endpoint", info.value.to_json()
        assert "delivered" not in info.value.to_json()
        assert "DESCARGA_MASIVA_SAT_URL" in info.value.message
        record = service.ledger.get(created["request_id"])
        assert record.submit_state == "unsent" and record.status not in ("failed", "completed")
    finally:
        service.close()
