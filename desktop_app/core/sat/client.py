"""One object for the whole SAT conversation: tokens, requests, verification, downloads, CFDI status.

Tokens are per service family (CFDI and Retenciones authenticate separately), cached while more than
60 s of their 5-minute life remain (measured on our own clock from when SAT issued them, so a skewed
local clock cannot make us reuse a dead one), and renewed once if SAT rejects one anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import httpx

from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import Fiel
from desktop_app.core.sat import codes, envelopes, package_stream, responses
from desktop_app.core.sat.endpoints import PRODUCTION, Endpoints
from desktop_app.core.sat.query import QueryParams, validate
from desktop_app.core.sat.responses import AuthToken, ConsultaResult, QueryResult, VerifyResult
from desktop_app.core.sat.transport import (
    AnswerTooLarge,
    CallKind,
    DeadlineExceeded,
    RetryableAnswer,
    TransientAnswer,
    Transport,
    outcome_unknown,
    refused_before_dispatch,
    remaining_time,
    screen_http,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

TOKEN_LIFETIME = timedelta(minutes=5)
TOKEN_MARGIN = timedelta(seconds=60)
ERROR_BODY_LIMIT = 1024 * 1024
# Answers that mean "your token is no good": HTTP 401/403 or a SOAP fault on an authenticated call.
_TOKEN_REJECTIONS = ("sat_unauthorized", "sat_fault")
USER_NOT_VALID = 300


@dataclass(frozen=True)
class DownloadResult:
    package_id: str
    path: Path
    size: int
    sha256: str
    cod_estatus: int
    mensaje: str

    def to_json(self) -> dict[str, object]:
        return {
            "package_id": self.package_id,
            "path": str(self.path),
            "size": self.size,
            "sha256": self.sha256,
            "cod_estatus": self.cod_estatus,
            "mensaje": self.mensaje,
            "CodEstatus": self.cod_estatus,
            "Mensaje": self.mensaje,
        }


@dataclass(frozen=True)
class _CachedToken:
    token: AuthToken
    usable_until: datetime


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _raise_on_404(cod_estatus: int, mensaje: str) -> None:
    """``404 Error no controlado`` is transient: let the transport retry idempotent calls."""
    if cod_estatus == codes.UNCONTROLLED_ERROR:
        raise RetryableAnswer(codes.error_for(cod_estatus, mensaje))


class SatClient:
    """SAT's Descarga Masiva and ConsultaCFDI services for one FIEL (``None`` is enough for ``consulta``)."""

    def __init__(
        self,
        fiel: Fiel | None,
        endpoints: Endpoints | None = None,
        *,
        transport: Transport | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.fiel = fiel
        self.endpoints = endpoints or PRODUCTION
        self.transport = transport or Transport()
        self._clock = clock or _utc_now
        self._tokens: dict[str, _CachedToken] = {}
        self._signed_in = False

    def __repr__(self) -> str:
        return f"SatClient(rfc={self.fiel.rfc if self.fiel else None!r})"

    def _signer(self) -> Fiel:
        if self.fiel is None:
            raise AppError("fiel_missing", "This SAT call must be signed with a FIEL and none was given.")
        return self.fiel

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> SatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- authentication ------------------------------------------------------------------------------------

    def authenticate(self, service: str = "cfdi", *, force: bool = False) -> AuthToken:
        """A token for ``service``'s family, reused while more than 60 s of its life remain."""
        now = self._clock()
        cached = self._tokens.get(service)
        if cached and not force and now < cached.usable_until - TOKEN_MARGIN:
            return cached.token
        created = now.astimezone(UTC).replace(microsecond=0)
        body = envelopes.authenticate(self._signer(), created=created, expires=created + TOKEN_LIFETIME)
        crashpoint("sat.auth.before_send")
        token = self.transport.call(
            self.endpoints.family(service).auth,
            envelopes.ACTION_AUTHENTICATE,
            body,
            kind=CallKind.IDEMPOTENT,
            parse=responses.parse_authenticate,
        )
        crashpoint("sat.auth.answered")
        lifetime = TOKEN_LIFETIME
        if token.created and token.expires and token.expires > token.created:
            lifetime = min(token.expires - token.created, TOKEN_LIFETIME)
        self._tokens[service] = _CachedToken(token, now + lifetime)
        self._signed_in = True
        return token

    @property
    def signed_in(self) -> bool:
        """Whether SAT took this FIEL's authentication (a token was issued) in this client's life."""
        return self._signed_in

    def forget_token(self, service: str = "cfdi") -> None:
        self._tokens.pop(service, None)

    def _authorized(self, service: str, send: Callable[[str], T]) -> T:
        """Run ``send(token)``; if SAT rejects the token, authenticate again once and resend. (On a call SAT counts,
        a request or a download, a fault of SAT's service never gets here as ``sat_fault``: the transport and
        :meth:`_download_error` make it an unknown outcome, so what is resent was refused before SAT's service ran,
        :func:`~desktop_app.core.sat.transport.refused_before_dispatch`.)"""
        token = self.authenticate(service)
        try:
            result = send(token.value)
        except AppError as exc:
            if exc.code not in _TOKEN_REJECTIONS and exc.details.get("cod_estatus") != USER_NOT_VALID:
                raise
            log.info("SAT rejected the %s token (%s); authenticating again", service, exc.code)
        else:
            # A token SAT no longer honours may also come back as CodEstatus 300 "Usuario No Válido" in the
            # normal answer; SAT did not act on such a call, so a fresh token and one resend are safe.
            if getattr(result, "cod_estatus", None) != USER_NOT_VALID:
                return result
            log.info("SAT answered 300 with the %s token; authenticating again", service)
        self.forget_token(service)
        return send(self.authenticate(service, force=True).value)

    # --- Solicitud / Verificación --------------------------------------------------------------------------

    def query(self, params: QueryParams) -> QueryResult:
        """Create a download request. Non-5000 answers are returned; call ``raise_for_status()`` to fail."""
        fiel = self._signer()
        validate(params, fiel.rfc, self._clock())
        body = envelopes.query(fiel, params)
        url = self.endpoints.family(params.service).query

        def send(token: str) -> QueryResult:
            return self.transport.call(
                url,
                envelopes.query_action(params),
                body,
                kind=CallKind.CREATES_REQUEST,
                parse=responses.parse_query,
                token=token,
            )

        return self._authorized(params.service, send)

    def verify(self, request_id: str, service: str = "cfdi") -> VerifyResult:
        body = envelopes.verify(self._signer(), request_id)
        url = self.endpoints.family(service).verify

        def parse(data: bytes) -> VerifyResult:
            result = responses.parse_verify(data, request_id)
            _raise_on_404(result.cod_estatus, result.mensaje)
            return result

        def send(token: str) -> VerifyResult:
            return self.transport.call(
                url, envelopes.ACTION_VERIFY, body, kind=CallKind.IDEMPOTENT, parse=parse, token=token
            )

        return self._authorized(service, send)

    # --- Descarga ------------------------------------------------------------------------------------------

    def download(self, package_id: str, dest: Path, service: str = "cfdi") -> DownloadResult:
        """Stream package ``package_id`` to ``dest`` (a ZIP). SAT counts every attempt that reaches it."""
        dest = Path(dest)
        body = envelopes.download(self._signer(), package_id)
        url = self.endpoints.family(service).download

        def send(token: str) -> DownloadResult:
            # One deadline for the whole exchange (connect, send, every byte of the package): DOWNLOAD_TIMEOUT.
            with self.transport.budget(envelopes.ACTION_DOWNLOAD, CallKind.COUNTED_DOWNLOAD):
                response = self.transport.open_stream(url, envelopes.ACTION_DOWNLOAD, body, token=token)
                try:
                    return self._receive_package(response, package_id, dest)
                finally:
                    response.close()

        return self._authorized(service, send)

    def _receive_package(self, response: httpx.Response, package_id: str, dest: Path) -> DownloadResult:
        action = envelopes.ACTION_DOWNLOAD
        try:
            chunks = self.transport.chunks(response, action)  # decoded, capped at DOWNLOAD_ANSWER_LIMIT
            if response.status_code != 200:
                return self._download_error(response.status_code, _read_capped(chunks))
            head, rest = package_stream.read_head(chunks)
            if head.status is None:
                return self._download_error(response.status_code, head.whole or b"")
            head.status.raise_for_status(package_id=package_id, delivered=True)
            if head.empty:
                raise AppError("invalid_package", "SAT answered 5000 but sent an empty package.")
            saved = package_stream.save_package(rest, chunks, dest)
        except package_stream.StreamTruncated:
            raise outcome_unknown(CallKind.COUNTED_DOWNLOAD, action, "answer cut short") from None
        except AnswerTooLarge as exc:  # a broken answer: SAT counted the download; nothing is kept
            exc.error.details.update(delivered=True, package_id=package_id)
            raise exc.error from None
        except httpx.TransportError as exc:
            reason = "deadline" if isinstance(exc, DeadlineExceeded) or _past_deadline() else type(exc).__name__
            raise outcome_unknown(CallKind.COUNTED_DOWNLOAD, action, reason) from None
        except AppError as exc:
            if exc.code == "sat_bad_response":
                raise outcome_unknown(CallKind.COUNTED_DOWNLOAD, action, exc.message) from None
            exc.details.setdefault("delivered", True)
            raise
        return DownloadResult(
            package_id=package_id,
            path=saved.path,
            size=saved.size,
            sha256=saved.sha256,
            cod_estatus=head.status.cod_estatus,
            mensaje=head.status.mensaje,
        )

    def _download_error(self, status: int, content: bytes) -> DownloadResult:
        """A small answer without a package: a fault, an HTTP error or a non-5000 status header."""
        try:
            screen_http(status, content)
        except TransientAnswer:  # 5xx without a fault: SAT may still have counted the download
            raise outcome_unknown(CallKind.COUNTED_DOWNLOAD, envelopes.ACTION_DOWNLOAD, f"HTTP {status}") from None
        except AppError as exc:
            if refused_before_dispatch(exc):
                exc.details["delivered"] = False  # WCF's security layer refused it: SAT counted nothing
                raise
            # a fault of the service itself: SAT may have counted the download before it failed
            raise outcome_unknown(
                CallKind.COUNTED_DOWNLOAD, envelopes.ACTION_DOWNLOAD, f"{exc.code}: {exc.message}", http_status=status
            ) from None
        download_status, _package = responses.parse_download(content)
        download_status.raise_for_status(delivered=True)
        raise AppError("invalid_package", "SAT answered 5000 without a package.", delivered=True)

    # --- ConsultaCFDIService -------------------------------------------------------------------------------

    def consulta(self, expression: str) -> ConsultaResult:
        """The status of one CFDI by its QR expression (no FIEL, no token)."""
        return self.transport.call(
            self.endpoints.consulta,
            envelopes.ACTION_CONSULTA,
            envelopes.consulta(expression),
            kind=CallKind.IDEMPOTENT,
            parse=responses.parse_consulta,
        )


def _past_deadline() -> bool:
    left = remaining_time()
    return left is not None and left <= 0.01


def _read_capped(chunks: Iterator[bytes]) -> bytes:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > ERROR_BODY_LIMIT:
            break
    return bytes(data)
