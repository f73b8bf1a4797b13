"""The Starlette application: each endpoint of :data:`~desktop_app.server.routes.ENDPOINTS` wrapped in the same
steps, in this order —

1. a client address over its failed-attempt limit is refused (429 ``too_many_attempts``, ``Retry-After``);
2. ``Authorization: Bearer <key>``: missing, malformed, unknown or revoked → 401 ``unauthorized`` (a failed
   attempt for the address);
3. the RFC: ``?rfc=``, or the key's only RFC; one the key does not cover → 403 ``forbidden``; a write with a
   read-only key → 403 ``read_only_key`` — before any body is read or anything runs;
4. the body (JSON object, or multipart for the FIEL), bounded in size;
5. the handler, on a worker thread; an :class:`AppError` becomes the seed's error shape with the status of
   :mod:`.errors`, anything else ``internal_error`` (500, details in the log only);
6. one audit entry (who, what, when, the status; never a header, body or query string), committed before the
   answer of a write goes out.

``/openapi.json`` is public (it describes, it holds no data). Unknown paths and methods answer in the seed's
error shape too.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from desktop_app.cli.common import Reply, dumps
from desktop_app.core.apikeys import ApiKey, ApiKeys
from desktop_app.core.audit import AuditEntry, AuditTrail
from desktop_app.core.clock import to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import MAX_CREDENTIAL_FILE_SIZE
from desktop_app.server.errors import http_status
from desktop_app.server.openapi import document
from desktop_app.server.ratelimit import FailedAttempts
from desktop_app.server.routes import ENDPOINTS, MAX_JSON_BODY, MAX_UPLOAD, Answer, Call, Endpoint, Upload

log = logging.getLogger(__name__)


@dataclass
class ServerParts:
    """What the application serves with: built for a data home by :mod:`.run` (or by a test)."""

    service: Any  # DescargaService
    keys: ApiKeys
    audit: AuditTrail
    limiter: FailedAttempts
    scheduler: Any  # ProfileScheduler
    pdf: Any  # PdfRenderer


class _Refused(Exception):
    """A request refused before its handler: the error and the extra headers of the answer."""

    def __init__(self, error: AppError, headers: dict[str, str] | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.headers = headers or {}


def envelope(data: Any, message: str | None = None, status: int = 200) -> Response:
    document: dict[str, Any] = {"success": True, "data": data}
    if message is not None:
        document["message"] = message
    return Response(dumps(document), status_code=status, media_type="application/json")


def error_response(error: AppError, headers: dict[str, str] | None = None) -> Response:
    body = dumps({"success": False, "error": error.to_json()})
    return Response(body, status_code=http_status(error.code), media_type="application/json", headers=headers)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _rfc(request: Request, key: ApiKey) -> str:
    asked = (request.query_params.get("rfc") or "").strip().upper()
    if asked:
        return asked
    if len(key.rfcs) == 1:
        return key.rfcs[0]
    raise AppError(
        "profile_required",
        "This key covers several RFCs: choose one with ?rfc=RFC.",
        field="rfc",
        profiles=list(key.rfcs),
    )


async def _read_body(request: Request, cap: int, what: str) -> bytes:
    """The request's body, read no further than ``cap`` bytes (``payload_too_large`` past it, declared or not)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            raise AppError("payload_too_large", f"The {what} is larger than {cap} bytes.")
    return bytes(body)


async def _read_json(request: Request) -> dict[str, Any]:
    raw = await _read_body(request, MAX_JSON_BODY, "body")
    if not raw.strip():
        return {}
    kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if kind and kind != "application/json" and not kind.endswith("+json"):
        raise AppError("unsupported_media_type", f"Send the body as application/json, not {kind[:60]}.")
    if b"\\u0000" in raw:  # JSON's escape of NUL, which no value of ours holds and PostgreSQL's text refuses
        raise AppError("invalid_argument", "The body holds a NUL character (\\u0000).", field="body")
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested past Python's limit: no JSON of ours
        raise AppError("invalid_argument", "The body is not JSON.", field="body") from None
    if not isinstance(value, dict):
        raise AppError("invalid_argument", "The body must be a JSON object.", field="body")
    return value


async def _read_form(request: Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    if not (request.headers.get("content-type") or "").lower().startswith("multipart/form-data"):
        raise AppError("unsupported_media_type", "Send the FIEL as multipart/form-data (cer, key, password…).")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_UPLOAD:
        raise AppError("payload_too_large", f"The upload is larger than {MAX_UPLOAD} bytes.")
    if not declared:
        # Chunked (no Content-Length): read it here, to the same cap, before the form parser spools its file parts
        # to disk without one (Starlette's max_part_size is not applied to files). The request then reads it back
        # from ``_body``, as after its own ``body()``.
        request._body = await _read_body(request, MAX_UPLOAD, "upload")
    try:
        form = await request.form(max_files=2, max_fields=8, max_part_size=MAX_CREDENTIAL_FILE_SIZE)
    except HTTPException as exc:
        raise AppError("invalid_argument", f"The multipart body cannot be read: {exc.detail}", field="body") from None
    fields: dict[str, Any] = {}
    files: dict[str, Upload] = {}
    try:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read(MAX_CREDENTIAL_FILE_SIZE + 1)  # one byte over: core says "too large"
                files[name] = Upload(value.filename or name, data)
            else:
                fields[name] = value
    finally:
        await form.close()
    return fields, files


def _wrap(endpoint: Endpoint, parts: ServerParts) -> Any:
    async def handle(request: Request) -> Response:
        client = _client(request)
        key: ApiKey | None = None
        rfc: str | None = None
        error_code: str | None = None
        try:
            retry = parts.limiter.retry_after(client)
            if retry is not None:
                raise _Refused(
                    AppError(
                        "too_many_attempts", f"Too many failed attempts; try again in {retry} s.", retry_after=retry
                    ),
                    {"Retry-After": str(retry)},
                )
            key = await run_in_threadpool(parts.keys.authenticate, _bearer(request))
            if key is None:
                parts.limiter.failed(client)
                raise _Refused(
                    AppError("unauthorized", "A valid API key is needed: Authorization: Bearer <key>."),
                    {"WWW-Authenticate": "Bearer"},
                )
            asked = (request.url.path, *(part for item in request.query_params.multi_items() for part in item))
            if any("\x00" in part for part in asked):
                # No RFC, UUID, id or text holds one; PostgreSQL's text refuses it (a 500, and the audit row lost)
                raise AppError("invalid_argument", "A path or query value holds a NUL character.", field="query")
            if endpoint.scoped:
                rfc = _rfc(request, key)
                key.require(rfc, write=endpoint.write)
            elif endpoint.write and key.read_only:
                raise AppError("read_only_key", "This API key may only read.")
            body: dict[str, Any] = {}
            files: dict[str, Upload] = {}
            if endpoint.body == "json":
                body = await _read_json(request)
            elif endpoint.body == "multipart":
                body, files = await _read_form(request)
            call = Call(
                service=parts.service,
                scheduler=parts.scheduler,
                pdf=parts.pdf,
                key=key,
                rfc=rfc,
                path=request.path_params,
                query=request.query_params,
                body=body,
                files=files,
            )
            result = await run_in_threadpool(endpoint.handler, call)
            response = _respond(result)
        except _Refused as refused:
            error_code = refused.error.code
            response = error_response(refused.error, refused.headers)
        except AppError as exc:
            error_code = exc.code
            response = error_response(exc)
        except Exception:
            log.exception("%s %s failed unexpectedly", endpoint.method, endpoint.path)
            error_code = "internal_error"
            response = error_response(AppError("internal_error", "Unexpected error; see the server's log."))
        entry = AuditEntry(
            at=to_ms(parts.service.clock.now()),
            key_id=key.id if key is not None else None,
            client=client,
            method=request.method,
            path=request.url.path.replace("\x00", "\\x00"),  # what was asked, in a row PostgreSQL takes
            rfc=rfc,
            status=response.status_code,
            error=error_code,
        )
        if endpoint.write and key is not None:
            await run_in_threadpool(parts.audit.record, entry, wait=True)
        else:
            parts.audit.record(entry)
        return response

    handle.__name__ = endpoint.handler.__name__
    return handle


def _respond(result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, Reply):
        return envelope(result.data, result.message)
    if isinstance(result, Answer):
        return envelope(result.data, status=result.status)
    return envelope(result)


def create_app(parts: ServerParts, *, start_background: bool = True) -> Starlette:
    """The application over ``parts``; with ``start_background`` its lifespan starts the audit writer and the
    scheduler, and stops them (passes cancelled at their next step, audit flushed) on shutdown."""
    openapi = document(ENDPOINTS)

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(openapi)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(AppError("route_not_found", f"There is no endpoint {request.url.path}."))

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error_response(AppError("method_not_allowed", f"{request.method} is not allowed on {request.url.path}."))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_background:
            parts.audit.start()
            parts.scheduler.start()
        try:
            yield
        finally:
            if start_background:
                await run_in_threadpool(parts.scheduler.stop)
                await run_in_threadpool(parts.audit.close)

    routes = [Route(e.path, _wrap(e, parts), methods=[e.method]) for e in ENDPOINTS]
    routes.append(Route("/openapi.json", openapi_json, methods=["GET"]))
    return Starlette(
        routes=routes,
        exception_handlers={404: not_found, 405: not_allowed},
        lifespan=lifespan,
    )
