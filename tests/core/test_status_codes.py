"""Issue 15, item 2: a request's status note is a code plus parameters.

Core renders English from one table (``core.status.ENGLISH``, into ``status_message``: the CLI's
``statusMessage``); the window renders Spanish from one table (``gui.history.status_notes.SPANISH``). Rows from
before the codes keep only their English sentence and still render as before. Every error code core raises has
Spanish text in ``gui.messages``.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import desktop_app
from desktop_app.core import status as core_status
from desktop_app.gui import messages
from desktop_app.gui.history import status_notes
from desktop_app.gui.history import vocabulary as voc
from tests.conftest import CREDENTIALS, TEST_PASSWORD

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the Spanish side needs a Qt application (as tests/gui)

# One example of every code: its parameters and the English sentence core writes (the sentences are the ones
# the sync wrote before the codes existed, word for word: the CLI's statusMessage must not change).
SAMPLES: dict[str, tuple[dict, str, str]] = {
    # code: (params, English, a piece of the Spanish)
    "interrupted_while_sending": (
        {},
        "The app stopped while sending this request, so SAT may or may not have received it. It was not resent "
        "automatically because SAT allows only two identical requests per period; create it again if you need it.",
        "La aplicación se cerró mientras enviaba",
    ),
    "accepted_without_id": (
        {},
        "SAT said it accepted this request but its answer carried no request id, so it cannot be followed. It was "
        "not resent automatically because SAT allows only two identical requests per period; create it again if "
        "you need it.",
        "no traía el número de solicitud",
    ),
    "answer_lost": (
        {},
        "SAT's answer to this request was lost, so it may or may not have been registered. It was not resent "
        "automatically because SAT allows only two identical requests per period; create it again if you need it.",
        "Se perdió la respuesta del SAT",
    ),
    "resend_uncontrolled_error": (
        {},
        "SAT answered 'Error no controlado'; it will be sent again later.",
        "«Error no controlado»",
    ),
    "resend_token_rejected": (
        {},
        "SAT did not accept the session token (300); it will be sent again later.",
        "no aceptó la sesión (300)",
    ),
    "resend_unreachable": (
        {"error": "timed out"},
        "SAT could not be reached (timed out); it will be sent again later.",
        "No se pudo contactar al SAT",
    ),
    "submit_error": (
        {"error_code": "certificate_expired", "error": "The FIEL expired."},
        "certificate_expired: The FIEL expired.",
        "La e.firma está vencida",
    ),
    "folio_not_found": ({}, "SAT found no document with that folio.", "con ese folio"),
    "rejected_limit_used_up": (
        {"sat_code": 5002, "sat_message": "x"},
        "SAT's lifetime limit for identical requests of this period is used up (5002).",
        "ya no acepta más solicitudes idénticas",
    ),
    "rejected_duplicate_in_progress": (
        {"sat_code": 5005, "sat_message": "x"},
        "SAT already has an identical request in progress (5005).",
        "solicitud idéntica en proceso (5005)",
    ),
    "rejected_invalid": (
        {"sat_code": 301, "sat_message": "fechas"},
        "SAT refused the request as invalid: fechas",
        "por no ser válida: fechas",
    ),
    "rejected_certificate_revoked": (
        {"sat_code": 304, "sat_message": "x"},
        "SAT says the FIEL certificate is revoked or expired (304).",
        "revocado o caduco (304)",
    ),
    "rejected_wrong_certificate": (
        {"sat_code": 305, "sat_message": "x"},
        "SAT says the certificate is not valid for this service (305): use the e.firma, not the CSD.",
        "no el CSD",
    ),
    "rejected_user_unknown": (
        {"sat_code": 300, "sat_message": "x"},
        "SAT does not recognise the user (300).",
        "no reconoce al usuario (300)",
    ),
    "rejected_third_party": (
        {"sat_code": 5001, "sat_message": "x"},
        "SAT says this RFC may not download those documents (5001).",
        "no puede descargar esos comprobantes (5001)",
    ),
    "rejected": (
        {"sat_code": 5011, "sat_message": "Límite"},
        "SAT rejected the request: 5011 Límite",
        "El SAT rechazó la solicitud: 5011 Límite",
    ),
    "verify_unreachable": (
        {"error_code": "sat_unavailable", "error": "timed out"},
        "SAT could not be asked about this request (sat_unavailable: timed out); it will be asked again later.",
        "No se pudo consultar al SAT",
    ),
    "verify_not_ok": (
        {"sat_code": 404, "sat_message": "Error no controlado"},
        "SAT answered 404 (Error no controlado) when asked; will ask again.",
        "El SAT respondió 404 (Error no controlado) al verificar",
    ),
    "finished_without_packages": (
        {"count": 12},
        "SAT said the request finished with 12 documents but listed no package; will ask again.",
        "terminó con 12 comprobantes",
    ),
    "no_documents": ({}, "SAT found no documents for this period.", "no encontró comprobantes en el periodo"),
    "split": (
        {},
        "The period has more documents than SAT hands out in one request; it was split in two.",
        "se dividió en dos",
    ),
    "split_at_limit": (
        {},
        "SAT said the period has more documents than it hands out in one request, but it is only an hour or two "
        "long: it was not split further (no issuer stamps that many); request it again later or by kind of document.",
        "no se dividió más",
    ),
    "packages_expired": (
        {},
        "SAT's packages expired (72 hours) before they were downloaded; request the period again.",
        "Los paquetes del SAT vencieron",
    ),
    "sat_rejected_request": (
        {"code": 5004, "sat_message": "No se encontró"},
        "SAT rejected the request (5004: No se encontró).",
        "El SAT rechazó la solicitud (5004: No se encontró).",
    ),
    "sat_could_not_process": (
        {"code": 5006, "sat_message": "Error interno"},
        "SAT could not process the request (5006: Error interno).",
        "no pudo procesar la solicitud (5006: Error interno)",
    ),
    "unexpected_state": ({"state": 0}, "SAT answered an unexpected state 0; will ask again.", "estado inesperado (0)"),
    "completed": ({"count": 18}, "18 documents downloaded and indexed.", "Se descargaron e integraron 18"),
    "completed_short": (
        {"count": 35, "expected": 36, "missing": 1},
        "Documents downloaded and indexed: 35 of the 36 SAT reported; not readable from its packages: 1 (the "
        "request's events say why).",
        "Comprobantes integrados: 35 de 36 que informó el SAT. No se pudieron leer de sus paquetes: 1",
    ),
    "package_damaged_retrying": (
        {"package_id": "P1_01", "unread": "1 of its 36 entries damaged"},
        "Package P1_01 arrived damaged (1 of its 36 entries damaged); what could be read is indexed, and SAT's "
        "second download of it will be tried later.",
        "El paquete P1_01 llegó dañado",
    ),
    "packages_failed": (
        {"packages": [{"id": "P1", "error": "SAT says both downloads were already used (5008)."}]},
        "P1: SAT says both downloads were already used (5008).",
        "todos los paquetes (P1)",
    ),
    "packages_lost_expired": (
        {"packages": [{"id": "P1", "error": "x."}, {"id": "P2", "error": "y."}]},
        "P1: x.; P2: y.",
        "Los paquetes del SAT vencieron",
    ),
    "package_answer_broken": (
        {"package_id": "P1", "error_code": "sat_bad_response"},
        "Package P1: SAT's answer was broken (sat_bad_response); SAT allows one more download, which will be tried "
        "later.",
        "el paquete P1",
    ),
    "waiting_for_ingest_room": (
        {"package_id": "P1"},
        "Waiting for free disk space to add package P1 to the index.",
        "integrar el paquete P1",
    ),
    "waiting_for_download_room": (
        {"package_id": "P1", "need": 3 * 1024 * 1024},
        "Waiting for free disk space: package P1 needs about 3.0 MB.",
        "el paquete P1 necesita unos",
    ),
}


def test_every_code_has_an_example_english_and_spanish():
    assert set(SAMPLES) == set(core_status.ENGLISH), "a new code needs an example here"
    assert set(status_notes.SPANISH) == set(core_status.ENGLISH), "every code needs its Spanish sentence"


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_english_is_the_sentence_core_always_wrote(code):
    params, english, _spanish = SAMPLES[code]
    note = core_status.status(code, **params)
    assert note.english() == english
    fields = core_status.status_fields(note)
    assert fields["status_message"] == english and fields["status_code"] == code
    assert core_status.parse_params(fields["status_params"]) == params


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_the_window_renders_spanish_from_the_code(qtbot, code):
    params, english, spanish = SAMPLES[code]
    item = {"status": "failed", "statusCode": code, "statusParams": params, "statusMessage": english}
    text = voc.status_message_text(item)
    assert spanish in text and "Detalle técnico" not in text
    # Rewording the English sentence in core no longer changes what the window says.
    assert voc.status_message_text({**item, "statusMessage": "Reworded in a later version."}) == text


@pytest.mark.parametrize(
    ("code", "then"), [("resend_unreachable", "enviará de nuevo"), ("verify_unreachable", "volverá")]
)
def test_a_refused_certificate_says_what_to_look_at_in_the_note(qtbot, code, then):
    """SAT out of reach because its certificate failed the check: the note says what to look at, in Spanish; the
    English sentence (the CLI's statusMessage) is the one it always was, the error's reason inside it."""
    params, english, spanish = SAMPLES[code]
    note = core_status.status(code, **params, **core_status.cause({"cause": "certificate_rejected", "other": 1}))
    assert note.english() == english and dict(note.params) == {**params, "cause": "certificate_rejected"}
    text = status_notes.note_text(note.code, note.params)
    assert "certificado de seguridad no fue aceptado" in text and "antivirus o proxy" in text and then in text
    assert spanish not in text
    assert core_status.cause({"reason": "could not connect: ConnectError"}) == {}  # any other failure: as before


def test_progress_lines_count_in_the_right_number():
    assert core_status.counted(1, "package", "packages") == "1 package"  # «1 package(s)», «1 documents» before
    assert core_status.counted(0, "document", "documents") == "0 documents"


def test_one_document_is_singular_in_the_english_note():
    assert core_status.status("completed", count=1).english() == "1 document downloaded and indexed."
    assert core_status.status("completed", count=0).english() == "0 documents downloaded and indexed."
    assert core_status.status("finished_without_packages", count=1).english() == (
        "SAT said the request finished with 1 document but listed no package; will ask again."
    )


def test_rejections_map_sats_codes():
    assert core_status.rejection(5002, "x").code == "rejected_limit_used_up"
    assert core_status.rejection(301, "bad dates").english() == "SAT refused the request as invalid: bad dates"
    assert core_status.rejection(9999, "odd").english() == "SAT rejected the request: 9999 odd"
    with pytest.raises(ValueError):
        core_status.status("no_such_code")


# Notes of rows from before the codes: the English sentence is all they have.
LEGACY = [
    ("completed", "18 documents downloaded and indexed.", "Se descargaron e integraron 18 comprobantes."),
    ("completed", "1 documents downloaded and indexed.", "Se descargó e integró 1 comprobante."),
    ("completed", "1 document downloaded and indexed.", "Se descargó e integró 1 comprobante."),
    ("failed", "SAT already has an identical request in progress (5005).", "solicitud idéntica en proceso (5005)"),
    ("failed", "SAT rejected the request (5004: No se encontró).", "El SAT rechazó la solicitud (5004"),
    ("failed", "SAT refused the request as invalid: fechas", "no ser válida: fechas"),
    ("pending", "SAT could not be reached (timeout); it will be sent again later.", "se enviará de nuevo"),
    ("failed", "sat_outcome_unknown: lost", "Se perdió la respuesta del SAT"),
    ("failed", "something new", "No se pudo completar la solicitud. Detalle técnico: something new"),
    ("expired", "P1: SAT no longer has this package (expired).", "Los paquetes del SAT vencieron"),
    ("accepted", None, "El SAT aceptó la solicitud"),
]


@pytest.mark.parametrize(("status", "message", "expected"), LEGACY)
def test_rows_from_before_the_codes_render_as_before(qtbot, status, message, expected):
    assert expected in voc.status_message_text({"status": status, "statusMessage": message, "statusCode": None})


def test_an_unknown_code_falls_back_to_the_message(qtbot):
    item = {
        "status": "failed",
        "statusCode": "from_a_newer_version",
        "statusMessage": "SAT found no documents for this period.",
    }
    assert voc.status_message_text(item) == "El SAT no encontró comprobantes en el periodo."


def test_old_sentences_read_back_into_the_same_spanish_as_their_code(qtbot):
    """A legacy row and a coded row of the same note read the same."""
    for code, (params, english, _spanish) in SAMPLES.items():
        legacy = status_notes.legacy_note(english)
        if legacy is None or code == "packages_lost_expired":
            continue
        assert status_notes.note_text(*legacy) == status_notes.note_text(code, params), code


# -- every error code raised in core has Spanish text ----------------------------------------------------------

CORE = Path(desktop_app.__file__).resolve().parent / "core"


def raised_codes() -> dict[str, str]:
    """{code: where} for ``AppError("code", …)`` and ``code="…"`` literals anywhere in core."""
    found: dict[str, str] = {}
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            literals = []
            if name in ("AppError", "_fail") and node.args:
                literals.append(node.args[0])
            literals += [kw.value for kw in node.keywords if kw.arg == "code" and name != "AppError"]
            for literal in literals:
                if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                    found.setdefault(literal.value, f"{path.relative_to(CORE)}:{node.lineno}")
    return found


def test_the_scan_sees_the_codes_core_raises():
    codes = raised_codes()
    assert {"document_too_large", "invalid_metadata", "ambiguous_uuid", "disk_full", "sat_bad_response"} <= set(codes)
    assert len(codes) > 40


def test_every_error_code_core_raises_has_spanish_text(qtbot):
    from desktop_app.core.sat import codes as sat_codes

    raised = raised_codes()
    raised.update({code: "sat/codes.py" for code in sat_codes._ERROR_CODES.values()})
    raised.setdefault("sat_rejected", "sat/codes.py")
    missing = {code: where for code, where in raised.items() if code not in messages.known_codes()}
    assert missing == {}, f"error codes without Spanish text in desktop_app/gui/messages.py: {missing}"
    for code in raised:
        assert f"Ocurrió un error ({code})." not in messages.describe(code)


# -- the CLI's history JSON --------------------------------------------------------------------------------------

FIEL = CREDENTIALS / "eku9003173c9-fiel"


def test_the_cli_history_keeps_status_message_and_adds_status_code(cli):
    cli("profile", "add", "EKU9003173C9")
    cli("activation", "on")
    code, doc = cli(
        "fiel",
        "upload",
        "--cer",
        str(FIEL / "EKU9003173C9.cer"),
        "--key",
        str(FIEL / "EKU9003173C9.key"),
        "--password-stdin",
        stdin=TEST_PASSWORD + "\n",
    )
    assert code == 0, doc
    code, doc = cli("request", "--start", "2026-05-01", "--end", "2026-05-03", "--rfc-type", "issued")
    assert code == 0, doc
    cli("sync", "--wait", "--timeout", "60")
    [item] = cli("history")[1]["data"]["history"]
    assert item["status"] == "completed"
    assert item["statusCode"] == "completed"
    count = item["statusParams"]["count"]
    assert item["statusMessage"] == f"{count} document{'' if count == 1 else 's'} downloaded and indexed."
    assert item["processedCount"] == count
