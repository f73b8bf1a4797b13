"""A hostile world at the SAT transport (issue 13): answers that never end, answers that inflate without end,
endpoints that are not SAT's. Real HTTP on 127.0.0.1 (the scripted server); deadlines configured small.

Figures (printed with ``-s``): how long a slow-loris call lasted against its deadline, and the peak Python
memory while a gzip bomb was refused.
"""

from __future__ import annotations

import base64
import os
import threading
import time
import tracemalloc
import zlib

import httpx
import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.sat import endpoints, envelopes, responses
from desktop_app.core.sat.client import SatClient
from desktop_app.core.sat.transport import (
    CHUNK_SIZE,
    SMALL_ANSWER_LIMIT,
    VERIFY_ANSWER_LIMIT,
    CallKind,
    Transport,
    answer_limit,
    sat_deadline,
)
from tests.conftest import FIEL_VALID_AT
from tests.core.sat.conftest import (
    AUTH,
    CONSULTA,
    DOWNLOAD,
    QUERY,
    VERIFY,
    Dribble,
    Encoded,
    Reply,
    StallAfter,
    response,
)

VERIFY_OK = response("verify/phpcfdi-terminada-2-paquetes.xml")
QUERY_OK = response("query/phpcfdi-emitidos-5000.xml")
AUTH_OK = response("authenticate/phpcfdi-autentica-token.xml")
DOWNLOAD_TEMPLATE = response("download/phpcfdi-descarga-template-paquete-vacio.xml")
DOWNLOAD_HEAD = DOWNLOAD_TEMPLATE.split(b"<Paquete />")[0] + b"<Paquete>"
QUERY_ACTION = envelopes.ACTION_QUERY + "SolicitaDescargaEmitidos"
PACKAGE_ID = "4E80345D-917F-40BB-A98F-4A73939343C5_01"
SLACK = 0.6  # seconds a cut call may last past its deadline on a loaded 2-core machine


def gzip_stream(*parts: bytes | tuple[bytes, int], wbits: int = 16 + zlib.MAX_WBITS) -> bytes:
    """gzip (or zlib/raw deflate) of ``parts``; ``(block, n)`` is ``block`` repeated n times, compressed as it
    goes (a bomb is built without holding it inflated)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    out = []
    for part in parts:
        block, times = part if isinstance(part, tuple) else (part, 1)
        for _ in range(times):
            out.append(compressor.compress(block))
    out.append(compressor.flush())
    return b"".join(out)


BOMB_SIZE = 128 * 1024 * 1024


@pytest.fixture(scope="module")
def verify_bomb() -> bytes:
    """A verification answer whose gzip body (~130 KB) inflates to 128 MiB of whitespace inside the envelope."""
    head, tail = VERIFY_OK.split(b"<IdsPaquetes>", 1)
    return gzip_stream(head, (b" " * (1 << 20), BOMB_SIZE >> 20), b"<IdsPaquetes>" + tail)


def verify_call(transport: Transport, url: str):
    return transport.call(
        url, envelopes.ACTION_VERIFY, b"<x/>", kind=CallKind.IDEMPOTENT, parse=responses.parse_verify, token="t"
    )


def timed(fn, *args, **kwargs):
    """The AppError ``fn`` raises, and how long it took."""
    started = time.monotonic()
    try:
        with pytest.raises(AppError) as info:
            fn(*args, **kwargs)
    finally:
        elapsed = time.monotonic() - started
    return info.value, elapsed


# --- sizes -------------------------------------------------------------------------------------------------


def test_limits_per_operation():
    assert answer_limit(envelopes.ACTION_AUTHENTICATE) == SMALL_ANSWER_LIMIT
    assert answer_limit(QUERY_ACTION) == SMALL_ANSWER_LIMIT
    assert answer_limit(envelopes.ACTION_CONSULTA) == SMALL_ANSWER_LIMIT
    assert answer_limit(envelopes.ACTION_VERIFY) == VERIFY_ANSWER_LIMIT == 4 * 1024 * 1024
    assert answer_limit(envelopes.ACTION_DOWNLOAD) == 2 * 1024**3


def test_a_gzip_bomb_is_refused_after_reading_at_most_the_cap(sat_server, sleeps, verify_bomb):
    # A real gzip answer is decoded (SAT's IIS may compress), then the bomb: refused at the cap, in bounded memory.
    sat_server.script(VERIFY, Encoded(gzip_stream(VERIFY_OK)), Encoded(verify_bomb))
    with Transport(sleep=sleeps, max_attempts=2) as transport:
        assert verify_call(transport, sat_server.url + VERIFY).package_ids[0].endswith("_01")
        tracemalloc.start()
        try:
            error, elapsed = timed(verify_call, transport, sat_server.url + VERIFY)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert error.code == "sat_answer_too_large", error
    assert error.details["limit"] == VERIFY_ANSWER_LIMIT
    assert VERIFY_ANSWER_LIMIT < error.details["read"] <= VERIFY_ANSWER_LIMIT + CHUNK_SIZE
    assert error.details["delivered"] is True and error.details["operation"] == "VerificaSolicitudDescarga"
    assert sat_server.hits[VERIFY] == 3  # a broken answer to an idempotent call: retried like one, then reported
    assert peak < 3 * VERIFY_ANSWER_LIMIT, peak  # a plain read holds the 128 MiB inflated
    print(
        f"\ngzip bomb ({len(verify_bomb):,} B → {BOMB_SIZE:,} B): refused after {error.details['read']:,} decoded "
        f"bytes per attempt, peak Python memory {peak / 2**20:.1f} MiB, {elapsed:.2f} s for 2 attempts"
    )


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_a_deflate_bomb_is_refused_too(sat_server, sleeps, wbits):
    bomb = gzip_stream(b"<x>", (bytes(1 << 20), 16), wbits=wbits)
    sat_server.script(CONSULTA, Encoded(bomb, encoding="deflate"))
    with Transport(sleep=sleeps, max_attempts=1) as transport:
        error, _ = timed(
            transport.call,
            sat_server.url + CONSULTA,
            envelopes.ACTION_CONSULTA,
            b"<x/>",
            kind=CallKind.IDEMPOTENT,
            parse=responses.parse_consulta,
        )
    assert error.code == "sat_answer_too_large" and error.details["read"] <= SMALL_ANSWER_LIMIT + CHUNK_SIZE


def test_an_announced_length_over_the_cap_is_refused_before_reading(sat_server, sleeps):
    sat_server.script(VERIFY, Reply(VERIFY_OK + b" " * 5000))
    with Transport(sleep=sleeps, max_attempts=2, limits={"VerificaSolicitudDescarga": 4096}) as transport:
        error, _ = timed(verify_call, transport, sat_server.url + VERIFY)
    assert error.code == "sat_answer_too_large" and error.details["read"] == 0 and error.details["limit"] == 4096


def test_a_too_large_answer_to_a_request_is_an_unknown_outcome_never_resent(sat_server, sleeps):
    sat_server.script(QUERY, Encoded(gzip_stream(QUERY_OK, (b" " * (1 << 20), 4))))
    with Transport(sleep=sleeps) as transport:
        error, _ = timed(
            transport.call,
            sat_server.url + QUERY,
            QUERY_ACTION,
            b"<x/>",
            kind=CallKind.CREATES_REQUEST,
            parse=responses.parse_query,
        )
    assert error.code == "sat_outcome_unknown" and error.details["reason"] == "answer_too_large"
    assert error.details["delivered"] is True
    assert sat_server.hits[QUERY] == 1 and sleeps.delays == []


# --- time --------------------------------------------------------------------------------------------------


def test_a_slow_loris_answer_is_cut_at_the_call_deadline(sat_server, sleeps):
    sat_server.script(VERIFY, Dribble(interval=0.2, seconds=4.0))
    with Transport(sleep=sleeps, call_timeout=1.0, read_timeout=5.0) as transport:
        error, elapsed = timed(verify_call, transport, sat_server.url + VERIFY)
    assert error.code == "sat_unavailable" and error.details["reason"] == "deadline", error.details
    assert 1.0 <= elapsed < 1.0 + SLACK, elapsed
    assert sat_server.hits[VERIFY] == 1  # no time was left for another attempt
    print(f"\nslow loris (1 byte / 0.2 s): call cut after {elapsed:.2f} s with a 1.0 s deadline")


def test_a_stall_after_some_bytes_is_cut_inside_the_blocked_read(sat_server, sleeps):
    # Between-chunk checks are not enough: the socket read itself must not wait past the deadline.
    sat_server.script(VERIFY, StallAfter(prefix=b"<s:Envelope"))
    with Transport(sleep=sleeps, call_timeout=1.0, read_timeout=5.0) as transport:
        error, elapsed = timed(verify_call, transport, sat_server.url + VERIFY)
    assert error.code == "sat_unavailable" and error.details["reason"] == "deadline"
    assert 1.0 <= elapsed < 1.0 + SLACK, elapsed


def test_a_slow_loris_answer_to_a_request_is_an_unknown_outcome_never_resent(sat_server, sleeps):
    sat_server.script(QUERY, Dribble(interval=0.2, seconds=4.0))
    with Transport(sleep=sleeps, call_timeout=1.0, read_timeout=5.0) as transport:
        error, elapsed = timed(
            transport.call,
            sat_server.url + QUERY,
            QUERY_ACTION,
            b"<x/>",
            kind=CallKind.CREATES_REQUEST,
            parse=responses.parse_query,
        )
    assert error.code == "sat_outcome_unknown" and error.details["reason"] == "deadline"
    assert elapsed < 1.0 + SLACK and sat_server.hits[QUERY] == 1


def test_an_outer_limit_bounds_calls_of_a_transport_made_inside_it_from_any_thread(sat_server, sleeps):
    sat_server.script(VERIFY, Dribble(interval=0.2, seconds=4.0))
    with sat_deadline(1.0):
        transport = Transport(sleep=sleeps, read_timeout=5.0)  # its own call_timeout is 300 s
    outcome: dict[str, object] = {}

    def other_thread() -> None:  # like the sync's download thread
        try:
            verify_call(transport, sat_server.url + VERIFY)
        except AppError as exc:
            outcome["error"] = exc
        outcome["at"] = time.monotonic()

    started = time.monotonic()
    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join(10)
    still_running = worker.is_alive()
    worker.join()
    transport.close()
    assert not still_running
    error = outcome["error"]
    assert isinstance(error, AppError) and error.code == "sat_unavailable"
    assert outcome["at"] - started < 1.0 + SLACK


def test_under_an_outer_limit_a_request_is_not_started_without_margin(sat_server, sleeps):
    sat_server.script(QUERY, Reply(QUERY_OK))
    sat_server.script(VERIFY, Reply(VERIFY_OK))
    with Transport(sleep=sleeps) as transport, sat_deadline(5.0, start_margin=10.0):
        error, _ = timed(
            transport.call,
            sat_server.url + QUERY,
            QUERY_ACTION,
            b"<x/>",
            kind=CallKind.CREATES_REQUEST,
            parse=responses.parse_query,
        )
        assert verify_call(transport, sat_server.url + VERIFY).estado_solicitud == 3  # harmless calls still run
    assert error.code == "sat_unavailable"
    assert error.details["delivered"] is False and error.details["reason"] == "time_limit"
    assert sat_server.hits[QUERY] == 0


# --- downloads ---------------------------------------------------------------------------------------------


@pytest.fixture
def download_client(fiel, sat_server, sleeps):
    def make(**options) -> SatClient:
        ep = endpoints.from_env({"DESCARGA_MASIVA_SAT_URL": sat_server.url})
        sat_server.script(AUTH, Reply(AUTH_OK))
        transport = Transport(sleep=sleeps, max_attempts=2, read_timeout=5.0, **options)
        return SatClient(fiel, ep, transport=transport, clock=lambda: FIEL_VALID_AT)

    return make


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_package_over_the_cap_is_refused_and_nothing_is_kept(download_client, sat_server, tmp_path):
    package = base64.b64encode(os.urandom(600 * 1024))
    sat_server.script(DOWNLOAD, Reply(DOWNLOAD_HEAD + package + b"</Paquete>" + DOWNLOAD_TEMPLATE.split(b"/>", 1)[1]))
    dest = tmp_path / "pkgs"
    dest.mkdir()
    with download_client(limits={"Descargar": 512 * 1024}) as client:
        error, _ = timed(client.download, PACKAGE_ID, dest / f"{PACKAGE_ID}.zip")
    assert error.code == "sat_answer_too_large"
    assert error.details["delivered"] is True  # SAT counted it: the sync treats it as a broken answer
    assert error.details["package_id"] == PACKAGE_ID
    assert leftovers(dest) == []
    assert sat_server.hits[DOWNLOAD] == 1


def test_a_gzip_bomb_package_is_refused_in_bounded_memory(download_client, sat_server, tmp_path):
    tail = b"</Paquete></RespuestaDescargaMasivaTercerosSalida></s:Body></s:Envelope>"
    bomb = gzip_stream(DOWNLOAD_HEAD, (b"A" * (1 << 20), 64), tail)  # base64 of zeros: 48 MiB of "ZIP"
    sat_server.script(DOWNLOAD, Encoded(bomb))
    dest = tmp_path / "pkgs"
    dest.mkdir()
    with download_client(limits={"Descargar": 8 * 1024 * 1024}) as client:
        client.authenticate()
        tracemalloc.start()
        try:
            error, _ = timed(client.download, PACKAGE_ID, dest / f"{PACKAGE_ID}.zip")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert error.code == "sat_answer_too_large" and error.details["read"] <= 8 * 1024 * 1024 + CHUNK_SIZE
    assert peak < 4 * 1024 * 1024, peak  # streamed: never the answer in memory, not even the cap
    assert leftovers(dest) == []


def test_a_slow_loris_package_is_cut_at_the_download_deadline(download_client, sat_server, tmp_path):
    sat_server.script(DOWNLOAD, Dribble(prefix=DOWNLOAD_HEAD + b"UEsDBA", interval=0.2, seconds=4.0))
    dest = tmp_path / "pkgs"
    dest.mkdir()
    with download_client(download_timeout=1.0) as client:
        client.authenticate()
        error, elapsed = timed(client.download, PACKAGE_ID, dest / f"{PACKAGE_ID}.zip")
    assert error.code == "sat_outcome_unknown" and error.details["reason"] == "deadline"
    assert error.details["delivered"] is True
    assert elapsed < 1.0 + SLACK, elapsed
    assert leftovers(dest) == []  # the partial .part is removed


# --- endpoints ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://cfdidescargamasivasolicitud.clouda.sat.gob.mx",
        "https://sat-proxy.example.com:8443/base",
        "http://127.0.0.1:8080",
        "http://127.45.6.7",
        "http://[::1]:9000/sat",
        "http://localhost:5000",
        "HTTP://LOCALHOST",
    ],
)
def test_https_or_loopback_endpoints_are_accepted(url):
    ep = endpoints.from_env({"DESCARGA_MASIVA_SAT_URL": url})
    assert ep.cfdi.auth.startswith(url.rstrip("/"))


@pytest.mark.parametrize(
    ("variable", "url"),
    [
        ("DESCARGA_MASIVA_SAT_URL", "http://cfdidescargamasivasolicitud.clouda.sat.gob.mx"),
        ("DESCARGA_MASIVA_SAT_URL", "http://10.0.0.5:8080"),
        ("DESCARGA_MASIVA_SAT_URL", "http://localhost.evil.com"),
        ("DESCARGA_MASIVA_SAT_URL", "http://127.0.0.1.nip.io"),
        ("DESCARGA_MASIVA_SAT_RET_URL", "ftp://127.0.0.1/sat"),
        ("DESCARGA_MASIVA_SAT_RET_URL", "not a url"),
        ("DESCARGA_MASIVA_CONSULTA_URL", "file:///etc/passwd"),
        ("DESCARGA_MASIVA_CONSULTA_URL", "https://"),
        ("DESCARGA_MASIVA_SAT_URL", "https://user:secret@sat.example.com"),
        ("DESCARGA_MASIVA_SAT_URL", "https://sat.example.com:99999"),
        ("DESCARGA_MASIVA_SAT_URL", "127.0.0.1:8080"),
    ],
)
def test_other_endpoints_are_refused_naming_the_variable(variable, url):
    with pytest.raises(AppError) as info:
        endpoints.from_env({variable: url})
    assert info.value.code == "invalid_endpoint"
    assert info.value.details["variable"] == variable and variable in info.value.message
    assert "secret" not in str(info.value.to_json())


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ftp://127.0.0.1/x", CallKind.IDEMPOTENT),
        ("not a url", CallKind.CREATES_REQUEST),
        ("http://sat.example.com/x", CallKind.CREATES_REQUEST),
        ("gopher://127.0.0.1:70/x", CallKind.IDEMPOTENT),
    ],
)
def test_a_bad_endpoint_is_refused_before_any_network_call(url, kind, sleeps):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=QUERY_OK if kind is CallKind.CREATES_REQUEST else VERIFY_OK)

    parse = responses.parse_query if kind is CallKind.CREATES_REQUEST else responses.parse_verify
    with Transport(client=httpx.Client(transport=httpx.MockTransport(handler)), sleep=sleeps) as transport:
        error, _ = timed(transport.call, url, QUERY_ACTION, b"<x/>", kind=kind, parse=parse)
        with pytest.raises(AppError) as streamed:
            transport.open_stream(url, envelopes.ACTION_DOWNLOAD, b"<x/>", token="t")
    assert error.code == streamed.value.code == "invalid_endpoint"
    assert "delivered" not in error.details  # never "delivered: true" (nor retried, nor an unknown outcome)
    assert seen == [] and sleeps.delays == []
