"""The ledger's English notes and SAT's codes read in plain Spanish."""

from __future__ import annotations

import pytest

from desktop_app.gui.history import vocabulary as voc


@pytest.mark.parametrize(
    ("status", "note", "expected"),
    [
        ("completed", "18 documents downloaded and indexed.", "Se descargaron e integraron 18 comprobantes."),
        ("completed", "SAT found no documents for this period.", "El SAT no encontró comprobantes en el periodo."),
        (
            "expired",
            "SAT's packages expired (72 hours) before they were downloaded; request the period again.",
            "Los paquetes del SAT vencieron",
        ),
        ("failed", "SAT already has an identical request in progress (5005).", "solicitud idéntica en proceso (5005)"),
        ("failed", "SAT rejected the request (5004: No se encontró).", "El SAT rechazó la solicitud (5004"),
        ("failed", "SAT refused the request as invalid: fechas", "no ser válida: fechas"),
        ("pending", "SAT could not be reached (timeout); it will be sent again later.", "se enviará de nuevo"),
        ("failed", "sat_outcome_unknown: lost", "Se perdió la respuesta del SAT"),
        ("failed", "The period has more documents than SAT hands out in one request; it was split in two.", "dividió"),
        ("failed", "something new", "Detalle técnico: something new"),
        ("accepted", None, "El SAT aceptó la solicitud"),
    ],
)
def test_status_messages_in_plain_spanish(qtbot, status, note, expected):
    assert expected in voc.status_message_text({"status": status, "statusMessage": note})


def test_sat_codes_carry_their_meaning(qtbot):
    assert voc.sat_code_text(5004) == "5004 — No se encontró la información"
    assert voc.sat_state_text(6) == "6 — Vencida"
    assert voc.sat_code_text(None) == "—"
    assert voc.sat_code_text(9999) == "9999"


def test_the_backfill_is_told_apart_from_the_daily_schedule_by_its_origin(qtbot):
    assert voc.origin_text({"source": "scheduled", "origin": "backfill"}) == "Historial"
    assert voc.origin_text({"source": "scheduled", "origin": "scheduled"}) == "Programada"
    assert voc.origin_text({"source": "backfill"}) == "Historial"  # an older office server's item
    assert voc.origin_text({"source": "manual"}) == "Manual"
