"""HTTP for SAT's SOAP services: long timeouts, bounded retries, and never a blind resend.

SAT is slow and flaky (read timeouts of 60 s, ``404 Error no controlado``, HTTP 500 pages), so calls
are retried with exponential backoff, but only where repeating is harmless:

* idempotent calls (Autentica, Verifica, Consulta) are retried on connection errors, timeouts, HTTP 5xx
  without a SOAP fault, unreadable bodies and ``CodEstatus=404``;
* a request-creating call (Solicita*) is retried only when it certainly never reached SAT (connect
  error or connect timeout); after that any doubt raises ``sat_outcome_unknown``, because a duplicate
  spends one of SAT's two lifetime requests for that period — a SOAP fault of the service itself or an HTTP
  status that does not refuse the message is such a doubt (:func:`refused_before_dispatch` tells the refusals
  that are not: WCF's security and addressing faults, 401/403/404/405/415/429);
* Descargar, which SAT counts (two downloads per package, ever), is likewise never resent once sent;
  its errors carry ``delivered: true`` so the caller counts the attempt.

The WRAP token goes in a header only; it is never logged nor put in an error.

A hostile or broken server cannot hold the app (DESIGN.md §9, issue 13):

* **sizes** — every answer is read as a stream and its *decoded* size (after ``Content-Encoding``, which
  is inflated here, a bounded piece at a time) is capped per operation (:data:`ANSWER_LIMITS`); past the
  cap reading stops and the call fails with ``sat_answer_too_large`` (a broken answer: retried where
  repeating is harmless, ``sat_outcome_unknown`` for a request, a spent attempt for a download);
* **time** — every call has a total deadline (:data:`CALL_TIMEOUT` for one Autentica/Solicita/Verifica/
  Consulta with all its attempts and back-off, :data:`DOWNLOAD_TIMEOUT` for one Descargar), enforced on
  every socket connect/read/write and between chunks, so a server that sends one byte every few seconds
  cannot keep a call alive; past it the call ends as ``sat_unavailable`` with ``reason: "deadline"``
  (``sat_outcome_unknown`` where the request may have arrived and resending is not harmless).
  :func:`sat_deadline` puts an outer limit on every call of a block (``sync --wait --timeout``).
* **where** — only https endpoints, or http on loopback (:func:`endpoints.check_url`), checked before
  anything is sent.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import httpcore
import httpx

from desktop_app.core.errors import AppError
from desktop_app.core.sat import responses
from desktop_app.core.sat.endpoints import check_url
from desktop_app.core.tls import CERTIFICATE_REJECTED, certificate_failure, verified_context

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures raised before a single byte of the request could have reached the server.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB
# The most a decoded answer may be, by operation. Real ones: Autentica ~2 KB, Solicita* and Consulta < 1 KB,
# Verifica ~1 KB + ~60 B per package id; an error page of SAT's IIS a few KB.
SMALL_ANSWER_LIMIT = 1 * MIB
VERIFY_ANSWER_LIMIT = 4 * MIB
# Descargar: the package is base64 inside the SOAP answer, streamed to disk. SAT hands out up to 200,000 CFDI
# per request (sat-protocol.md §5.1); at ~7.5 KB per compressed CFDI that is ~1.5 GB of ZIP if one package held
# a whole request, i.e. ~2 GB of base64: the cap. (The ZIP's own entries are capped again when it is read.)
DOWNLOAD_ANSWER_LIMIT = 2 * GIB
ANSWER_LIMITS: dict[str, int] = {
    "Autentica": SMALL_ANSWER_LIMIT,
    "SolicitaDescarga": SMALL_ANSWER_LIMIT,  # …Emitidos, …Recibidos, …Folio (prefix)
    "VerificaSolicitudDescarga": VERIFY_ANSWER_LIMIT,
    "Descargar": DOWNLOAD_ANSWER_LIMIT,
    "Consulta": SMALL_ANSWER_LIMIT,
}
# Total time of one call. SAT may take a minute to start answering (the per-read timeout is 120 s), and a small
# answer then arrives at once; 5 minutes cover a slow answer plus a retry. A download is one attempt (never
# resent once sent): an hour is 2 GB at ~0.6 MB/s.
CALL_TIMEOUT = 300.0
DOWNLOAD_TIMEOUT = 3600.0
# Under an outer time limit (:func:`sat_deadline`), calls that cost something when cut (a request SAT may
# register, a download SAT counts) are not started with less than this left (at most a quarter of the limit).
START_MARGIN = 30.0
CHUNK_SIZE = 64 * KIB
_ACCEPTED_ENCODINGS = "gzip, deflate"  # decoded here, in bounded pieces; anything else is refused


def answer_limit(action: str) -> int:
    """The cap on the decoded answer of ``action``'s operation (``SMALL_ANSWER_LIMIT`` if unknown)."""
    operation = operation_name(action)
    for prefix, limit in ANSWER_LIMITS.items():
        if operation == prefix or (prefix == "SolicitaDescarga" and operation.startswith(prefix)):
            return limit
    return SMALL_ANSWER_LIMIT


# --- deadlines ---------------------------------------------------------------------------------------------


class DeadlineExceeded(httpx.ReadTimeout):
    """The call's total time ran out while its answer was still arriving (a slow or stalling server)."""


@dataclass(frozen=True)
class _Scope:
    deadline: float  # time.monotonic()
    margin: float


_SCOPE: ContextVar[_Scope | None] = ContextVar("sat_deadline_scope", default=None)
# The deadline of the call running in this thread; read by every socket operation (``_DeadlineBackend``).
_CALL_DEADLINE: ContextVar[float | None] = ContextVar("sat_call_deadline", default=None)


@contextlib.contextmanager
def sat_deadline(seconds: float, *, start_margin: float | None = None) -> Iterator[None]:
    """Every SAT call of this block ends within ``seconds`` from now.

    Applies to calls made in this thread inside the block and to every call of a :class:`Transport` created
    inside it (from any thread: the sync downloads on a second one). A call cut by it ends like any call
    past its deadline. Calls that cost something when cut (Solicita*, Descargar) are not started with less
    than ``start_margin`` left (default: ``START_MARGIN`` or a quarter of ``seconds``, the smaller); they
    fail at once with ``sat_unavailable`` (``delivered: false``, ``reason: "time_limit"``).
    """
    seconds = max(0.0, float(seconds))
    margin = min(START_MARGIN, seconds / 4) if start_margin is None else max(0.0, start_margin)
    scope = _Scope(time.monotonic() + seconds, margin)
    outer = _SCOPE.get()
    if outer is not None and outer.deadline <= scope.deadline:
        scope = outer
    token = _SCOPE.set(scope)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def remaining_time() -> float | None:
    """Seconds left to the deadline of the call running in this thread (None outside a call)."""
    deadline = _CALL_DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def check_deadline() -> None:
    """Raise :class:`DeadlineExceeded` if the call running in this thread is past its deadline."""
    left = remaining_time()
    if left is not None and left <= 0:
        raise DeadlineExceeded("the call's time limit was reached")


def _clamp(timeout: float | None, expired: type[Exception]) -> float | None:
    left = remaining_time()
    if left is None:
        return timeout
    if left <= 0:
        raise expired("the call's time limit was reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read/write waits no longer than the running call's deadline allows."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend with connects, reads and writes bounded by the running call's deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _bound_sockets(client: httpx.Client) -> int:
    """Put :class:`_DeadlineBackend` under every connection pool of ``client`` (direct and proxies).

    httpx has no public hook for httpcore's ``network_backend``; if its internals change, nothing is wrapped
    (logged) and deadlines are still checked between chunks, only not inside one blocked read.
    """
    wrapped = 0
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _DeadlineBackend):
            pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
            wrapped += 1
    if not wrapped:
        log.warning("could not bound SAT sockets by the call deadline (httpx internals changed?)")
    return wrapped


# --- bounded answers ---------------------------------------------------------------------------------------


class AnswerTooLarge(Exception):
    """The decoded answer passed its operation's cap; ``error`` is the ``sat_answer_too_large`` to report."""

    def __init__(self, error: AppError) -> None:
        super().__init__(error.message)
        self.error = error


def too_large(operation: str, limit: int, read: int) -> AppError:
    return AppError(
        "sat_answer_too_large",
        f"SAT's answer to {operation} was larger than {limit:,} bytes; it was not read further.",
        operation=operation,
        limit=limit,
        read=read,
    )


class _Inflater:
    """gzip/deflate decoded in pieces of at most ``CHUNK_SIZE`` bytes (a bomb never inflates at once)."""

    def __init__(self, encoding: str) -> None:
        self._raw_deflate_fallback = encoding == "deflate"  # "deflate" is zlib-wrapped, or raw in the wild
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | (16 if encoding != "deflate" else 0))
        self._fed = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._fed and self._raw_deflate_fallback and data and (data[0] & 0x0F) != 8:
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        self._fed = self._fed or bool(data)
        try:
            while data:
                piece = self._obj.decompress(data, CHUNK_SIZE)
                data = self._obj.unconsumed_tail
                if piece:
                    yield piece
                if self._obj.eof:
                    return
            while not self._obj.eof and (piece := self._obj.decompress(b"", CHUNK_SIZE)):
                yield piece
        except zlib.error as exc:
            raise responses.bad_response(f"its compressed body is corrupt ({exc}).") from None


def _decoder(response: httpx.Response) -> _Inflater | None:
    raw = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in raw.split(",") if c.strip() and c.strip().lower() != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflater(codings[0])
    raise responses.bad_response(f"unsupported Content-Encoding {raw[:40]!r}.")


def answer_chunks(response: httpx.Response, *, limit: int, operation: str) -> Iterator[bytes]:
    """The decoded body of a streamed ``response``, checked against ``limit`` and the call's deadline.

    Raises :class:`AnswerTooLarge` as soon as more than ``limit`` bytes were decoded (or received: a body of
    empty compressed blocks decodes to nothing forever), :class:`DeadlineExceeded` past the deadline, and
    ``sat_bad_response`` for an encoding it does not decode.
    """
    declared = response.headers.get("content-length", "")
    if response.is_stream_consumed:  # already read into memory (an injected httpx transport): its size only
        decoder, raws = None, iter((response.content,))
    else:
        decoder, raws = _decoder(response), response.iter_raw()  # as each network read returns (≤ 64 KiB)
    if decoder is None and declared.strip().isdigit() and int(declared) > limit:
        raise AnswerTooLarge(too_large(operation, limit, 0))
    received = decoded = 0
    for raw in raws:
        check_deadline()
        received += len(raw)
        if received > limit:
            raise AnswerTooLarge(too_large(operation, limit, decoded))
        pieces = decoder.feed(raw) if decoder is not None else (raw,)
        for piece in pieces:
            decoded += len(piece)
            if decoded > limit:
                raise AnswerTooLarge(too_large(operation, limit, decoded))
            yield piece
    check_deadline()


def read_answer(response: httpx.Response, *, limit: int, operation: str) -> bytes:
    data = bytearray()
    for piece in answer_chunks(response, limit=limit, operation=operation):
        data += piece
    return bytes(data)


class CallKind(enum.Enum):
    IDEMPOTENT = "idempotent"  # Autentica, Verifica, Consulta
    CREATES_REQUEST = "creates_request"  # Solicita*: SAT counts identical requests
    COUNTED_DOWNLOAD = "counted_download"  # Descargar: SAT counts downloads per package


class RetryableAnswer(Exception):
    """Raised by a parse callback when SAT's answer means "try again later" (CodEstatus 404)."""

    def __init__(self, error: AppError) -> None:
        super().__init__(error.message)
        self.error = error


class TransientAnswer(Exception):
    """An answer (5xx without fault, unreadable body, 404) worth retrying when repeating is harmless."""

    def __init__(self, reason: str, error: AppError | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error


def operation_name(action: str) -> str:
    return action.rsplit("/", 1)[-1]


def outcome_unknown(kind: CallKind, action: str, reason: str, **details: object) -> AppError:
    """The request left, its answer did not arrive intact: never resend it blindly."""
    operation = operation_name(action)
    if kind is CallKind.COUNTED_DOWNLOAD:
        message = (
            "The download reached SAT but its answer was lost or cut short; SAT counts it as one of the "
            "package's two downloads."
        )
    else:
        message = (
            "The request reached SAT but its answer was lost; SAT may have registered it. Check before "
            "sending it again: a duplicate spends one of SAT's two requests for this period."
        )
    return AppError("sat_outcome_unknown", message, operation=operation, delivered=True, reason=reason, **details)


# Verified TLS settings (``core.tls``: what the computer trusts): building one reads the trust store (on Linux the
# bundle's ~150 certificates, ~20 ms of CPU and ~0.9 MB), which every sync pass spent on its new client. A
# transport borrows one for its life and gives it back when closed; the next transport, in any thread, takes it
# again. One context is never in two open transports: httpcore sets its ALPN protocols at every connection, which
# must not race with another client's handshake on the same context. Kept: as many as were ever open at once, up to
# _TLS_KEPT.
_TLS_KEPT = 8
_tls_free: list[ssl.SSLContext] = []
_tls_lock = threading.Lock()


def borrow_tls_context() -> ssl.SSLContext:
    """Verified TLS settings that no open transport is using (a kept one, else a new one)."""
    with _tls_lock:
        if _tls_free:
            return _tls_free.pop()
    return verified_context()


def return_tls_context(context: ssl.SSLContext) -> None:
    """Settings a closed transport no longer uses, for the next one (beyond :data:`_TLS_KEPT`, let go); each
    borrowed context comes back once (``Transport.close`` forgets it as it gives it back)."""
    with _tls_lock:
        if len(_tls_free) < _TLS_KEPT:
            _tls_free.append(context)


class Transport:
    """POSTs SOAP envelopes to SAT with the retry rules above, within size caps and deadlines."""

    def __init__(
        self,
        *,
        connect_timeout: float = 15.0,
        read_timeout: float = 120.0,
        write_timeout: float = 60.0,
        max_attempts: int = 4,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        verify: bool = True,
        client: httpx.Client | None = None,
        call_timeout: float = CALL_TIMEOUT,
        download_timeout: float = DOWNLOAD_TIMEOUT,
        limits: Mapping[str, int] | None = None,
    ) -> None:
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.call_timeout = call_timeout
        self.download_timeout = download_timeout
        self.limits = dict(limits or {})  # by operation name (or prefix), over ANSWER_LIMITS
        self._sleep = sleep
        self._scope = _SCOPE.get()  # an outer limit in force where this transport was made (see sat_deadline)
        timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=write_timeout, pool=15.0)
        self._tls: ssl.SSLContext | None = None  # borrowed verified settings, given back by close()
        if client is None:
            if verify:
                self._tls = borrow_tls_context()
            client = httpx.Client(timeout=timeout, verify=self._tls or False, follow_redirects=False)
            _bound_sockets(client)
        self._client = client

    def close(self) -> None:
        self._client.close()
        tls, self._tls = self._tls, None
        if tls is not None:  # no connection of this transport's uses it now: the next transport may
            return_tls_context(tls)

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def delay(self, attempt: int) -> float:
        """Exponential backoff after the ``attempt``-th failure (1-based), capped."""
        return min(self.backoff * 2.0 ** (attempt - 1), self.max_backoff)

    def limit(self, action: str) -> int:
        """The cap on the decoded answer of ``action`` (the constructor's ``limits`` first)."""
        operation = operation_name(action)
        for prefix, limit in self.limits.items():
            if operation.startswith(prefix):
                return limit
        return answer_limit(action)

    @staticmethod
    def headers(action: str, token: str | None) -> dict[str, str]:
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "Accept": "text/xml",
            "Accept-Encoding": _ACCEPTED_ENCODINGS,
            "SOAPAction": action,
            "Cache-Control": "no-cache",
        }
        if token is not None:
            headers["Authorization"] = f'WRAP access_token="{token}"'
        return headers

    # -- deadlines ------------------------------------------------------------------------------------------

    def _outer(self) -> _Scope | None:
        scopes = [s for s in (self._scope, _SCOPE.get()) if s is not None]
        return min(scopes, key=lambda s: s.deadline) if scopes else None

    @contextlib.contextmanager
    def budget(self, action: str, kind: CallKind) -> Iterator[float]:
        """The deadline of one call of ``action`` (its own timeout, within any outer limit), in force for every
        socket operation of this thread inside the block; yields it (``time.monotonic()`` based).

        Raises ``sat_unavailable`` (not sent) when an outer limit leaves no time to start the call.
        """
        now = time.monotonic()
        deadline = now + (self.download_timeout if kind is CallKind.COUNTED_DOWNLOAD else self.call_timeout)
        outer = self._outer()
        if outer is not None:
            left = outer.deadline - now
            if left <= 0 or (kind is not CallKind.IDEMPOTENT and left < outer.margin):
                operation = operation_name(action)
                raise AppError(
                    "sat_unavailable",
                    f"SAT's {operation} was not started: the time limit of this run ends in {max(0.0, left):.1f} s; "
                    "it will be done in a later run.",
                    operation=operation,
                    attempts=0,
                    delivered=False,
                    reason="time_limit",
                )
            deadline = min(deadline, outer.deadline)
        running = _CALL_DEADLINE.get()
        if running is not None:
            deadline = min(deadline, running)
        token = _CALL_DEADLINE.set(deadline)
        try:
            yield deadline
        finally:
            _CALL_DEADLINE.reset(token)

    def _may_retry(self, deadline: float, pause: float) -> bool:
        """True if sleeping ``pause`` still leaves time for another attempt before ``deadline``."""
        return time.monotonic() + pause < deadline

    # -- calls ----------------------------------------------------------------------------------------------

    def call(
        self,
        url: str,
        action: str,
        body: bytes,
        *,
        kind: CallKind,
        parse: Callable[[bytes], T],
        token: str | None = None,
    ) -> T:
        """Send and parse, retrying within the rules for ``kind``; raises AppError."""
        check_url(url)
        operation = operation_name(action)
        limit = self.limit(action)
        last = "no attempt"
        last_error: AppError | None = None
        delivered = False
        started = time.monotonic()
        attempts = 0
        with self.budget(action, kind) as deadline:
            for attempt in range(1, self.max_attempts + 1):
                attempts = attempt
                try:
                    status, content = self._post(url, action, body, token, limit)
                    result = self._interpret(status, content, parse, kind, action)
                    log.info(
                        "SAT %s: HTTP %d, %d bytes in %.2f s (attempt %d)",
                        operation,
                        status,
                        len(content),
                        time.monotonic() - started,
                        attempt,
                    )
                    return result
                except NOT_SENT_ERRORS as exc:
                    last, last_error = _not_connected(exc), None
                except httpx.TransportError as exc:
                    reason = _reason(exc, deadline)
                    if kind is not CallKind.IDEMPOTENT:
                        raise outcome_unknown(kind, action, reason) from None
                    last, last_error = f"connection failed after sending: {reason}", None
                    delivered = True
                except AnswerTooLarge as exc:
                    if kind is not CallKind.IDEMPOTENT:
                        raise outcome_unknown(kind, action, "answer_too_large", limit=limit) from None
                    exc.error.details["delivered"] = True
                    last, last_error = exc.error.message, exc.error
                    delivered = True
                except TransientAnswer as exc:
                    if kind is not CallKind.IDEMPOTENT:
                        raise exc.error if exc.error else outcome_unknown(kind, action, exc.reason) from None
                    last, last_error = exc.reason, exc.error
                    delivered = True
                log.warning("SAT %s attempt %d/%d failed: %s", operation, attempt, self.max_attempts, last)
                if attempt < self.max_attempts:
                    pause = self.delay(attempt)
                    if not self._may_retry(deadline, pause):
                        break
                    self._sleep(pause)
        if last_error is not None:
            raise last_error
        if time.monotonic() >= deadline or attempts < self.max_attempts:
            elapsed = time.monotonic() - started
            raise AppError(
                "sat_unavailable",
                f"SAT did not answer {operation} within its time limit ({elapsed:.1f} s, {attempts} attempt(s); "
                f"{last}); try again later.",
                operation=operation,
                attempts=attempts,
                delivered=delivered,
                reason="deadline",
                detail=last,
                **_cause(last),
            )
        raise AppError(
            "sat_unavailable",
            f"SAT did not answer {operation} after {self.max_attempts} attempts ({last}); try again later.",
            operation=operation,
            attempts=self.max_attempts,
            delivered=delivered,
            reason=last,
            **_cause(last),
        )

    def _post(self, url: str, action: str, body: bytes, token: str | None, limit: int) -> tuple[int, bytes]:
        """One POST, its answer read in full within ``limit`` and the running call's deadline."""
        request = self._client.build_request("POST", url, content=body, headers=self.headers(action, token))
        response = self._client.send(request, stream=True)
        try:
            return response.status_code, read_answer(response, limit=limit, operation=operation_name(action))
        except AppError as exc:
            if exc.code == "sat_bad_response":  # an encoding we do not decode, a corrupt gzip body
                raise TransientAnswer(exc.message) from None
            raise
        finally:
            response.close()

    def _interpret(self, status: int, content: bytes, parse: Callable[[bytes], T], kind: CallKind, action: str) -> T:
        try:
            screen_http(status, content)
        except AppError as exc:
            if kind is CallKind.CREATES_REQUEST and not refused_before_dispatch(exc):
                # A fault from the service itself ("the request channel timed out…", an internal error) or an
                # odd status: SAT may have registered the request before failing to answer. Never resend it.
                raise outcome_unknown(kind, action, f"{exc.code}: {exc.message}", http_status=status) from None
            raise
        try:
            return parse(content)
        except RetryableAnswer as exc:
            if kind is CallKind.IDEMPOTENT:
                raise TransientAnswer(exc.error.message, exc.error) from None
            raise exc.error from None
        except AppError as exc:
            if exc.code == "sat_bad_response":
                raise TransientAnswer(exc.message) from None
            raise

    def open_stream(self, url: str, action: str, body: bytes, *, token: str | None) -> httpx.Response:
        """Send a counted call (Descargar) and return the open streaming response; the caller closes it and
        reads it with :meth:`chunks`, inside :meth:`budget` (which bounds the whole exchange).

        Retried only while nothing has been sent; any later failure is ``sat_outcome_unknown`` with
        ``delivered: true``.
        """
        check_url(url)
        request = self._client.build_request("POST", url, content=body, headers=self.headers(action, token))
        last = "no attempt"
        deadline = _CALL_DEADLINE.get()
        attempts = 0
        for attempt in range(1, self.max_attempts + 1):
            attempts = attempt
            try:
                return self._client.send(request, stream=True)
            except NOT_SENT_ERRORS as exc:
                last = _not_connected(exc)
            except httpx.TransportError as exc:
                raise outcome_unknown(CallKind.COUNTED_DOWNLOAD, action, _reason(exc, deadline)) from None
            log.warning("SAT %s attempt %d/%d failed: %s", operation_name(action), attempt, self.max_attempts, last)
            if attempt < self.max_attempts:
                pause = self.delay(attempt)
                if deadline is not None and not self._may_retry(deadline, pause):
                    break
                self._sleep(pause)
        raise AppError(
            "sat_unavailable",
            f"SAT could not be reached after {attempts} attempts ({last}); try again later.",
            operation=operation_name(action),
            attempts=attempts,
            delivered=False,
            reason=last,
            **_cause(last),
        )

    def chunks(self, response: httpx.Response, action: str) -> Iterator[bytes]:
        """The decoded body of a streamed answer to ``action``, within its size cap and the call's deadline."""
        return answer_chunks(response, limit=self.limit(action), operation=operation_name(action))


def _not_connected(exc: Exception) -> str:
    """Why no connection was made; a certificate that failed its check says so (a clock far off, or a proxy or
    antivirus that inspects HTTPS, is what the user then has to look at), anything else by the error's type."""
    why = certificate_failure(exc)
    if why is not None:
        return f"{_CERTIFICATE_NOT_ACCEPTED} ({why})"
    return f"could not connect: {type(exc).__name__}"


_CERTIFICATE_NOT_ACCEPTED = "could not connect: the server's certificate was not accepted"


def _cause(last: str) -> dict[str, str]:
    """The ``cause`` detail of a ``sat_unavailable`` raised after ``last`` (the last attempt's reason), if any."""
    return {"cause": CERTIFICATE_REJECTED} if last.startswith(_CERTIFICATE_NOT_ACCEPTED) else {}


def _reason(exc: Exception, deadline: float | None) -> str:
    """Why a transport error happened: ``deadline`` when the call's time ran out, else the error's type."""
    if isinstance(exc, DeadlineExceeded) or (deadline is not None and time.monotonic() >= deadline - 0.01):
        return "deadline"
    return type(exc).__name__


# Faults WCF raises before a message reaches the operation: its security layer (a token or signature it does not
# accept, a message outside the clock's window) and its addressing (an action or endpoint it does not know). The
# service did not run, so a request refused so was not registered.
_PRE_DISPATCH_FAULTS = frozenset(
    {
        "InvalidSecurity",
        "InvalidSecurityToken",
        "FailedAuthentication",
        "FailedCheck",
        "SecurityTokenUnavailable",
        "MessageExpired",
        "ActionNotSupported",
        "DestinationUnreachable",
        "EndpointUnavailable",
    }
)
# HTTP statuses that say the server did not take the message to its service: the credentials (401/403), the
# address or method (404/405), the media type (415), too many calls (429).
_NOT_DISPATCHED_STATUSES = frozenset({401, 403, 404, 405, 415, 429})


def refused_before_dispatch(error: AppError) -> bool:
    """Whether an error :func:`screen_http` raised certainly means SAT's service never ran the call: a fault of
    WCF's security or addressing layer, or a status that refuses the message itself. Anything else on a call that
    creates a request (a fault of the service, a 5xx, 400, 408…) leaves open that SAT registered it."""
    if error.details.get("http_status") in _NOT_DISPATCHED_STATUSES:
        return True
    return error.code == "sat_fault" and str(error.details.get("faultcode") or "").rpartition(":")[2] in (
        _PRE_DISPATCH_FAULTS
    )


def screen_http(status: int, content: bytes) -> None:
    """SOAP fault first whatever the status (phpcfdi's order), then the HTTP status itself."""
    fault = responses.find_fault(content)
    if fault is not None:
        fault.details["http_status"] = status
        raise fault
    if status in (401, 403):
        raise AppError("sat_unauthorized", f"SAT refused the credentials (HTTP {status}).", http_status=status)
    if status >= 500:
        raise TransientAnswer(f"HTTP {status} without a SOAP fault")
    if status >= 400:
        raise AppError("sat_bad_response", f"SAT answered HTTP {status}.", http_status=status)
