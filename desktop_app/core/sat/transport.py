"""HTTP for SAT's SOAP services: long timeouts, bounded retries, and never a blind resend.

SAT is slow and flaky (read timeouts of 60 s, ``404 Error no controlado``, HTTP 500 pages), so calls
are retried with exponential backoff, but only where repeating is harmless:

* idempotent calls (Autentica, Verifica, Consulta) are retried on connection errors, timeouts, HTTP 5xx
  without a SOAP fault, unreadable bodies and ``CodEstatus=404``;
* a request-creating call (Solicita*) is retried only when it certainly never reached SAT (connect
  error or connect timeout); after that any doubt raises ``sat_outcome_unknown``, because a duplicate
  spends one of SAT's two lifetime requests for that period;
* Descargar, which SAT counts (two downloads per package, ever), is likewise never resent once sent;
  its errors carry ``delivered: true`` so the caller counts the attempt.

The WRAP token goes in a header only; it is never logged nor put in an error.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from typing import TypeVar

import httpx

from desktop_app.core.errors import AppError
from desktop_app.core.sat import responses

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures raised before a single byte of the request could have reached the server.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


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


def outcome_unknown(kind: CallKind, action: str, reason: str) -> AppError:
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
    return AppError("sat_outcome_unknown", message, operation=operation, delivered=True, reason=reason)


class Transport:
    """POSTs SOAP envelopes to SAT with the retry rules above."""

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
    ) -> None:
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=write_timeout, pool=15.0)
        self._client = client or httpx.Client(timeout=timeout, verify=verify, follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def delay(self, attempt: int) -> float:
        """Exponential backoff after the ``attempt``-th failure (1-based), capped."""
        return min(self.backoff * 2 ** (attempt - 1), self.max_backoff)

    @staticmethod
    def headers(action: str, token: str | None) -> dict[str, str]:
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "Accept": "text/xml",
            "SOAPAction": action,
            "Cache-Control": "no-cache",
        }
        if token is not None:
            headers["Authorization"] = f'WRAP access_token="{token}"'
        return headers

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
        operation = operation_name(action)
        last = "no attempt"
        last_error: AppError | None = None
        delivered = False
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self._client.post(url, content=body, headers=self.headers(action, token))
                return self._interpret(response.status_code, response.content, parse, kind, action)
            except NOT_SENT_ERRORS as exc:
                last, last_error = f"could not connect: {type(exc).__name__}", None
            except httpx.TransportError as exc:
                if kind is not CallKind.IDEMPOTENT:
                    raise outcome_unknown(kind, action, type(exc).__name__) from None
                last, last_error = f"connection failed after sending: {type(exc).__name__}", None
                delivered = True
            except TransientAnswer as exc:
                if kind is not CallKind.IDEMPOTENT:
                    raise exc.error if exc.error else outcome_unknown(kind, action, exc.reason) from None
                last, last_error = exc.reason, exc.error
                delivered = True
            log.warning("SAT %s attempt %d/%d failed: %s", operation, attempt, self.max_attempts, last)
            if attempt < self.max_attempts:
                self._sleep(self.delay(attempt))
        if last_error is not None:
            raise last_error
        raise AppError(
            "sat_unavailable",
            f"SAT did not answer {operation} after {self.max_attempts} attempts ({last}); try again later.",
            operation=operation,
            attempts=self.max_attempts,
            delivered=delivered,
            reason=last,
        )

    def _interpret(self, status: int, content: bytes, parse: Callable[[bytes], T], kind: CallKind, action: str) -> T:
        screen_http(status, content)
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
        """Send a counted call (Descargar) and return the open streaming response; the caller closes it.

        Retried only while nothing has been sent; any later failure is ``sat_outcome_unknown`` with
        ``delivered: true``.
        """
        request = self._client.build_request("POST", url, content=body, headers=self.headers(action, token))
        last = "no attempt"
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._client.send(request, stream=True)
            except NOT_SENT_ERRORS as exc:
                last = f"could not connect: {type(exc).__name__}"
            except httpx.TransportError as exc:
                raise outcome_unknown(CallKind.COUNTED_DOWNLOAD, action, type(exc).__name__) from None
            log.warning("SAT %s attempt %d/%d failed: %s", operation_name(action), attempt, self.max_attempts, last)
            if attempt < self.max_attempts:
                self._sleep(self.delay(attempt))
        raise AppError(
            "sat_unavailable",
            f"SAT could not be reached after {self.max_attempts} attempts ({last}); try again later.",
            operation=operation_name(action),
            attempts=self.max_attempts,
            delivered=False,
            reason=last,
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
