"""A request's status note as a code plus parameters (issue 15): core stores both, and the English sentence
rendered from them in ``status_message`` (what the CLI's ``statusMessage`` shows); the window renders its own
words from the code (``desktop_app/gui/history/status_texts.py``), never by reading the English back.

:data:`ENGLISH` is the one table of codes. A template is ``str.format``-ed with the parameters; a code whose
sentence is built (a list, a size) has a function instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

NOT_RESENT = (
    "It was not resent automatically because SAT allows only two identical requests per period; "
    "create it again if you need it."
)


def size_text(size: int) -> str:
    """``1.5 MB``: a byte count the way the sync's English messages write it."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def counted(count: Any, one: str, many: str) -> str:
    """``1 document``, ``3 documents``: a count with its noun in the right number (English)."""
    return f"{count} {one if count == 1 else many}"


def _documents(count: Any) -> str:
    return counted(count, "document", "documents")


def _finished_without_packages(params: Mapping[str, Any]) -> str:
    return f"SAT said the request finished with {_documents(params['count'])} but listed no package; will ask again."


def _completed(params: Mapping[str, Any]) -> str:
    return f"{_documents(params['count'])} downloaded and indexed."


def _completed_short(params: Mapping[str, Any]) -> str:
    return (
        f"Documents downloaded and indexed: {params['count']} of the {params['expected']} SAT reported; not readable "
        f"from its packages: {params['missing']} (the request's events say why)."
    )


def _failed_packages(params: Mapping[str, Any]) -> str:
    return "; ".join(f"{p['id']}: {p['error']}" for p in params["packages"])


def _waiting_for_download_room(params: Mapping[str, Any]) -> str:
    return f"Waiting for free disk space: package {params['package_id']} needs about {size_text(params['need'])}."


Template = str | Callable[[Mapping[str, Any]], str]

# code → English sentence. Parameters: see each use in ``desktop_app/core/sync``.
ENGLISH: dict[str, Template] = {
    # submission
    "interrupted_while_sending": (
        f"The app stopped while sending this request, so SAT may or may not have received it. {NOT_RESENT}"
    ),
    "accepted_without_id": (
        "SAT said it accepted this request but its answer carried no request id, so it cannot be followed. "
        f"{NOT_RESENT}"
    ),
    "answer_lost": f"SAT's answer to this request was lost, so it may or may not have been registered. {NOT_RESENT}",
    "resend_uncontrolled_error": "SAT answered 'Error no controlado'; it will be sent again later.",
    "resend_token_rejected": "SAT did not accept the session token (300); it will be sent again later.",
    "resend_unreachable": "SAT could not be reached ({error}); it will be sent again later.",
    "submit_error": "{error_code}: {error}",
    "folio_not_found": "SAT found no document with that folio.",
    # SAT's refusals of a submission (CodEstatus)
    "rejected_limit_used_up": "SAT's lifetime limit for identical requests of this period is used up (5002).",
    "rejected_duplicate_in_progress": "SAT already has an identical request in progress (5005).",
    "rejected_invalid": "SAT refused the request as invalid: {sat_message}",
    "rejected_certificate_revoked": "SAT says the FIEL certificate is revoked or expired (304).",
    "rejected_wrong_certificate": (
        "SAT says the certificate is not valid for this service (305): use the e.firma, not the CSD."
    ),
    "rejected_user_unknown": "SAT does not recognise the user (300).",
    "rejected_third_party": "SAT says this RFC may not download those documents (5001).",
    "rejected": "SAT rejected the request: {sat_code} {sat_message}",
    # verification
    "verify_unreachable": (
        "SAT could not be asked about this request ({error_code}: {error}); it will be asked again later."
    ),
    "verify_not_ok": "SAT answered {sat_code} ({sat_message}) when asked; will ask again.",
    "finished_without_packages": _finished_without_packages,
    "no_documents": "SAT found no documents for this period.",
    "split": "The period has more documents than SAT hands out in one request; it was split in two.",
    "split_at_limit": "SAT said the period has more documents than it hands out in one request, but it is only an "
    "hour or two long: it was not split further (no issuer stamps that many); request it again later or by kind of "
    "document.",
    "packages_expired": "SAT's packages expired (72 hours) before they were downloaded; request the period again.",
    "sat_rejected_request": "SAT rejected the request ({code}: {sat_message}).",
    "sat_could_not_process": "SAT could not process the request ({code}: {sat_message}).",
    "unexpected_state": "SAT answered an unexpected state {state}; will ask again.",
    # packages
    "completed": _completed,
    "completed_short": _completed_short,  # fewer documents read than SAT's NumeroCFDIs
    "packages_failed": _failed_packages,  # some failed (params: packages = [{id, error}])
    "packages_lost_expired": _failed_packages,  # every one that failed had expired at SAT
    "package_answer_broken": (
        "Package {package_id}: SAT's answer was broken ({error_code}); SAT allows one more download, which will be "
        "tried later."
    ),
    "package_damaged_retrying": (
        "Package {package_id} arrived damaged ({unread}); what could be read is indexed, and SAT's second download "
        "of it will be tried later."
    ),
    "waiting_for_ingest_room": "Waiting for free disk space to add package {package_id} to the index.",
    "waiting_for_download_room": _waiting_for_download_room,
}

# SAT's CodEstatus refusing a submission → the status code that explains it (else ``rejected``).
REJECTIONS = {
    5002: "rejected_limit_used_up",
    5005: "rejected_duplicate_in_progress",
    301: "rejected_invalid",
    304: "rejected_certificate_revoked",
    305: "rejected_wrong_certificate",
    300: "rejected_user_unknown",
    5001: "rejected_third_party",
}


@dataclass(frozen=True)
class Status:
    """A status note: ``code`` (a key of :data:`ENGLISH`) and its parameters (JSON values)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return english(self.code, self.params)


def status(code: str, /, **params: Any) -> Status:
    if code not in ENGLISH:
        raise ValueError(f"unknown status code {code!r}")
    return Status(code, params)


def cause(details: Mapping[str, Any]) -> dict[str, Any]:
    """An error's ``cause`` as a note's parameter, when it has one (``certificate_rejected``: SAT's certificate
    failed its check, which the window explains instead of "SAT could not be reached")."""
    return {"cause": details["cause"]} if details.get("cause") else {}


def rejection(sat_code: int, sat_message: str) -> Status:
    """The note of a submission SAT refused with ``sat_code``."""
    return status(REJECTIONS.get(sat_code, "rejected"), sat_code=sat_code, sat_message=sat_message)


def english(code: str, params: Mapping[str, Any]) -> str:
    template = ENGLISH[code]
    return template(params) if callable(template) else template.format(**params)


def status_fields(note: Status | None) -> dict[str, Any]:
    """The ``requests`` columns that hold a status note (None clears them)."""
    if note is None:
        return {"status_message": None, "status_code": None, "status_params": None}
    return {
        "status_message": note.english(),
        "status_code": note.code,
        "status_params": json.dumps(dict(note.params), sort_keys=True, ensure_ascii=False),
    }


def parse_params(text: str | None) -> dict[str, Any]:
    """``status_params`` as stored (JSON text or NULL) → a dict (``{}`` for NULL or anything unreadable)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
