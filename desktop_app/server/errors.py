"""An :class:`~desktop_app.core.errors.AppError` code → the HTTP status the server answers it with.

The body is always the seed's error shape, ``{"success": false, "error": {"code", "message", …}}``; the status
only tells HTTP clients (and proxies) what kind of failure it is. A code not listed is the caller's to fix: 400.
"""

from __future__ import annotations

STATUS_BY_CODE: dict[str, int] = {
    # who may call
    "unauthorized": 401,
    "forbidden": 403,
    "read_only_key": 403,
    "too_many_attempts": 429,
    # what is not there
    "not_found": 404,
    "route_not_found": 404,
    "profile_not_configured": 404,
    "xml_not_available": 404,
    "vault_file_missing": 404,
    "method_not_allowed": 405,
    # the state of things says not now
    "sync_busy": 409,
    "profile_exists": 409,
    "request_not_ready": 409,
    "quota_exhausted": 409,
    "package_download_limit": 409,
    "password_required": 409,
    "vault_file_changed": 409,
    # the request itself
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    # SAT
    "sat_unavailable": 502,
    "sat_rejected": 502,
    "sat_answer_too_large": 502,
    "invalid_endpoint": 502,
    # this server
    "internal_error": 500,
    "pdf_failed": 500,
    "database_damaged": 500,
    "database_too_new": 500,
    "home_not_writable": 500,
    "permission_denied": 500,
    "vault_key_mismatch": 500,
    "disk_full": 507,
}


def http_status(code: str) -> int:
    return STATUS_BY_CODE.get(code, 400)
