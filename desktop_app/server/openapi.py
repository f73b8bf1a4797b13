"""``/openapi.json``: an OpenAPI 3.1 document built from the endpoint table itself, so it cannot drift from what
the server serves (a test compares the two)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app import __version__
from desktop_app.server.errors import STATUS_BY_CODE

_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "array": {"type": "array", "items": {"type": "string"}},
    "binary": {"type": "string", "format": "binary"},
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}}


def _operation(endpoint: Any) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = []
    if endpoint.scoped:
        parameters.append(
            {
                "name": "rfc",
                "in": "query",
                "required": False,
                "description": "the RFC to act on (optional when the key covers one RFC)",
                "schema": {"type": "string"},
            }
        )
    body_fields = []
    for field in endpoint.fields:
        if field.where in ("query", "path"):
            schema = dict(_TYPES[field.type])
            if field.repeated:
                schema = {"type": "array", "items": schema}
            parameters.append(
                {
                    "name": field.name,
                    "in": field.where,
                    "required": field.required or field.where == "path",
                    "description": field.description,
                    "schema": schema,
                }
            )
        else:
            body_fields.append(field)
    if endpoint.produces == "application/json":
        ok = {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Success"}}},
        }
    else:
        ok = {"description": "OK", "content": {endpoint.produces: {"schema": {"type": "string", "format": "binary"}}}}
    operation: dict[str, Any] = {
        "operationId": endpoint.handler.__name__,
        "summary": endpoint.summary,
        "tags": ["seed" if endpoint.seed else "window"],
        "parameters": parameters,
        "responses": {
            "200": ok,
            "400": _error("invalid input (error.code says which; error.field names the input)"),
            "401": _error("no valid API key (unauthorized)"),
            "403": _error("the key does not cover this RFC (forbidden) or may only read (read_only_key)"),
            "429": _error("too many failed attempts from this address (too_many_attempts, Retry-After)"),
        },
    }
    if endpoint.write:
        operation["description"] = "Changes something: needs a key that is not read-only."
    if endpoint.handler.__name__ == "invoice":
        operation["responses"]["202"] = {
            "description": "not in the index yet: requested from SAT by folio (source: pending)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Success"}}},
        }
    if body_fields:
        media = "multipart/form-data" if endpoint.body == "multipart" else "application/json"
        operation["requestBody"] = {
            "required": any(f.required for f in body_fields),
            "content": {
                media: {
                    "schema": {
                        "type": "object",
                        "properties": {f.name: {**_TYPES[f.type], "description": f.description} for f in body_fields},
                        "required": [f.name for f in body_fields if f.required],
                    }
                }
            },
        }
    return operation


def document(endpoints: Sequence[Any]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = _operation(endpoint)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Descarga Masiva SAT — office server",
            "version": __version__,
            "description": (
                "gigstack's Descarga Masiva API (the seed's paths, methods and JSON shapes) served by this app's "
                "engine for many RFCs, plus the reads the window needs. Every answer is "
                '{"success": true, "data": …} or {"success": false, "error": {"code", "message", …}}. '
                "Authorization: Bearer <API key> (descarga-masiva server keys create)."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Success": {
                    "type": "object",
                    "required": ["success", "data"],
                    "properties": {
                        "success": {"const": True},
                        "data": {},
                        "message": {"type": "string", "description": "the seed's message, in Spanish"},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["success", "error"],
                    "properties": {
                        "success": {"const": False},
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {
                                    "type": "string",
                                    "description": "a stable snake_case code, e.g. "
                                    + ", ".join(sorted(STATUS_BY_CODE)[:12])
                                    + "…",
                                },
                                "message": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    }
