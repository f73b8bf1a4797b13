"""Serving a data home: the parts (:class:`~desktop_app.server.app.ServerParts`) for a service, and uvicorn on
a socket we bind ourselves, so that ``--port 0`` can say which port it got the moment the server listens.

uvicorn (the reference ASGI server, on h11) handles HTTP/1.1, keep-alive, TLS (``--tls-cert/--tls-key``) and
graceful shutdown on SIGINT/SIGTERM: requests in flight finish, the scheduler cancels its passes at their next
step and the audit log is flushed before the process exits.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from desktop_app.core.apikeys import ApiKeys
from desktop_app.core.audit import AuditTrail
from desktop_app.core.errors import AppError
from desktop_app.core.scheduler import ProfileScheduler
from desktop_app.server.app import ServerParts, create_app
from desktop_app.server.pdf import PdfRenderer
from desktop_app.server.ratelimit import FailedAttempts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    tls_cert: Path | None = None
    tls_key: Path | None = None
    workers: int = 4  # RFCs syncing at once
    interval: float = 60.0  # seconds between two looks at an idle RFC
    max_failed: int = 10  # failed authentications per address …
    failed_window: float = 60.0  # … within this many seconds
    forwarded_allow_ips: str | None = None  # trust X-Forwarded-For from these (a reverse proxy)


def build_parts(service: Any, options: ServeOptions) -> ServerParts:
    return ServerParts(
        service=service,
        keys=ApiKeys(service.db, service.clock),
        audit=AuditTrail(service.db),
        limiter=FailedAttempts(limit=options.max_failed, window=options.failed_window),
        scheduler=ProfileScheduler(service, workers=options.workers, interval=options.interval),
        pdf=PdfRenderer(),
    )


def check_tls(cert: Path | None, key: Path | None) -> None:
    """Both files or neither, and readable as a certificate and its key (``tls_invalid`` otherwise)."""
    if (cert is None) != (key is None):
        raise AppError("usage_error", "--tls-cert and --tls-key go together.")
    if cert is None or key is None:
        return
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(str(cert), str(key))
    except (OSError, ssl.SSLError) as exc:
        raise AppError(
            "tls_invalid",
            f"The TLS certificate and key cannot be used: {exc}",
            cert=str(cert),
            key=str(key),
        ) from None


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP said, not left 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets that say it,
    # and accepted sockets inherit it. Left 0, every answer on a kept-alive connection after the first waited for
    # the client's delayed ACK: +40 ms a request (tests/server/test_nodelay.py).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise AppError("server_unavailable", f"Cannot listen on {host}:{port}: {exc}", host=host, port=port) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(host: str, port: int, tls: bool) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{shown}:{port}"


class _Uvicorn(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_listening: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_listening = on_listening

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self._on_listening()


KEEP_ALIVE_SECONDS = 75  # as nginx's keepalive_timeout: longer than any client's idle expiry


def uvicorn_config(app: Any, options: ServeOptions) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        lifespan="on",
        log_config=None,  # the app's own logging (core.logs): no second configuration
        access_log=False,  # the audit log records every request
        server_header=False,
        proxy_headers=options.forwarded_allow_ips is not None,
        forwarded_allow_ips=options.forwarded_allow_ips,
        ssl_certfile=str(options.tls_cert) if options.tls_cert else None,
        ssl_keyfile=str(options.tls_key) if options.tls_key else None,
        timeout_graceful_shutdown=30,
        # An idle kept-alive connection is closed by the client first (httpx after 5 s, browsers after more): a
        # server that closed it at the same moment (uvicorn's default, 5 s) raced the client's next request into
        # "connection reset by peer" (seen once in the load benchmark, desks pausing 2.5–7.5 s).
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def serve(service: Any, options: ServeOptions, on_listening: Callable[[str], None]) -> None:
    """Serve ``service`` until SIGINT/SIGTERM; ``on_listening(url)`` once the server accepts connections."""
    check_tls(options.tls_cert, options.tls_key)
    sock = bind(options.host, options.port)
    port = sock.getsockname()[1]
    url = url_of(options.host, port, options.tls_cert is not None)
    parts = build_parts(service, options)
    app = create_app(parts)
    listening: list[bool] = []

    def announce() -> None:
        listening.append(True)
        on_listening(url)

    server = _Uvicorn(uvicorn_config(app, options), announce)
    # uvicorn re-raises the signal that stopped it once it is done: let it land here, not end the process
    # before the command returns.
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        log.info("office server listening on %s (home %s)", url, service.home)
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        with contextlib.suppress(OSError):
            sock.close()
        log.info("office server stopped")
    if not listening:
        raise AppError("server_unavailable", "The server could not start; see the log.")
