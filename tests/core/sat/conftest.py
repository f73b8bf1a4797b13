"""A scripted SOAP server on 127.0.0.1 for the SAT client tests (not the sandbox: each test says what SAT answers)."""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

RESPONSES = FIXTURES / "responses"
AUTH = "/Autenticacion/Autenticacion.svc"
QUERY = "/SolicitaDescargaService.svc"
VERIFY = "/VerificaSolicitudDescargaService.svc"
DOWNLOAD = "/DescargaMasivaService.svc"
CONSULTA = "/ConsultaCFDIService.svc"

FAULT_BODY = (
    b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
    b'<faultcode xmlns:a="http://schemas.xmlsoap.org/ws/2005/02/sc">a:InvalidSecurity</faultcode>'
    b'<faultstring xml:lang="en-US">An error occurred when verifying security for the message.</faultstring>'
    b"</s:Fault></s:Body></s:Envelope>"
)


def response(relative: str) -> bytes:
    return (RESPONSES / relative).read_bytes()


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    file: Path | None = None  # stream the body from disk (big packages) instead of memory


@dataclass
class Drop:
    """Read the request, then close the connection without answering."""


@dataclass
class Truncate:
    """Announce the whole body, send only its first ``keep`` bytes, close."""

    body: bytes
    keep: int


@dataclass
class Stall:
    """Never answer (until the test ends): the client's read timeout fires."""


@dataclass
class Dribble:
    """Slow-loris: announce ``length`` bytes, then send ``prefix`` and one more byte every ``interval`` seconds,
    for at most ``seconds`` (then close, cut short) or until the client goes away."""

    length: int = 100_000  # under every cap: only time can stop it
    interval: float = 0.2
    seconds: float = 3.0
    prefix: bytes = b""


@dataclass
class StallAfter:
    """Send the headers and ``prefix`` of a long body, then nothing more (until the test ends or 10 s)."""

    prefix: bytes = b"<s:Envelope"
    length: int = 10_000


@dataclass
class Encoded:
    """A 200 answer with a ``Content-Encoding`` header, the body sent as given (already encoded)."""

    body: bytes
    encoding: str = "gzip"


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class ScriptedServer:
    url: str = ""
    scripts: dict[str, list[object]] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    dribbled: int = 0  # bytes a Dribble step sent

    def script(self, path: str, *steps: object) -> None:
        """Answer ``path`` with ``steps`` in order; the last one repeats."""
        self.scripts[path] = list(steps)

    def next_step(self, path: str) -> object:
        with self.lock:
            steps = self.scripts.get(path)
            if not steps:
                return Reply(b"not scripted", status=404)
            return steps.pop(0) if len(steps) > 1 else steps[0]


def _handler(server_state: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with server_state.lock:
                server_state.hits[self.path] += 1
                server_state.seen.append(Seen(self.path, dict(self.headers.items()), body))
            step = server_state.next_step(self.path)
            if isinstance(step, Drop):
                self.close_connection = True
                return
            if isinstance(step, Stall):
                server_state.release.wait(10)
                self.close_connection = True
                return
            if isinstance(step, Dribble):
                self._head(200, step.length)
                try:
                    self.wfile.write(step.prefix)
                    self.wfile.flush()
                    for _ in range(int(step.seconds / step.interval)):
                        if server_state.release.wait(step.interval):
                            break
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        with server_state.lock:
                            server_state.dribbled += 1
                except OSError:  # the client gave up: what a slow-loris server sees when the deadline works
                    pass
                self.close_connection = True
                return
            if isinstance(step, StallAfter):
                self._head(200, step.length)
                self.wfile.write(step.prefix)
                self.wfile.flush()
                server_state.release.wait(10)
                self.close_connection = True
                return
            if isinstance(step, Encoded):
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Encoding", step.encoding)
                self.send_header("Content-Length", str(len(step.body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client stopped reading: a cap worked
                    self.wfile.write(step.body)
                self.close_connection = True
                return
            if isinstance(step, Truncate):
                self._head(200, len(step.body))
                self.wfile.write(step.body[: step.keep])
                self.wfile.flush()
                self.close_connection = True
                return
            assert isinstance(step, Reply)
            if step.file is not None:
                self._head(step.status, step.file.stat().st_size)
                with step.file.open("rb") as fh:
                    shutil.copyfileobj(fh, self.wfile, 64 * 1024)
            else:
                self._head(step.status, len(step.body))
                self.wfile.write(step.body)

        def _head(self, status: int, length: int) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(length))
            self.end_headers()

    return Handler


@pytest.fixture
def sat_server():
    state = ScriptedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens: connecting fails before anything is sent."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class SleepRecorder:
    """Injected instead of time.sleep: records the backoff delays, never waits."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()
