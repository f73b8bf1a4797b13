"""«Diagnóstico de conexión con el SAT» (Configuración): the seed's ``debug`` in the owner's words."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableWidget

from desktop_app.gui.settings.diagnostics import findings
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import RFC
from tests.tls_support import https_server, self_signed

ENDPOINTS = [("cfdi", op) for op in ("auth", "query", "verify", "download")] + [
    ("retenciones", "auth"),
    ("consulta", "consulta"),
]


def _report(**changes) -> dict:
    report = {
        "endpoints": [{"service": s, "operation": o, "reachable": True} for s, o in ENDPOINTS],
        "clock_skew_seconds": 2.0,
        "token": {"obtained": True},
        "fiel": {"uploaded": True, "serial_number": "1", "expires_at": 1_810_000_000_000, "days_left": 300},
        "registered": True,
        "password_stored": True,
        "keyring_available": True,
        "tls_trust": "system_bundle",
    }
    report.update(changes)
    return report


def _by_what(report: dict) -> dict[str, tuple[bool | None, str]]:
    return {f.what: (f.ok, f.text) for f in findings(report)}


def test_a_healthy_report_is_all_ticks(qapp):
    rows = _by_what(_report())
    assert all(ok is not False for ok, _text in rows.values())
    assert rows["Servidores del SAT"] == (True, "Responden los 6.")
    assert rows["Reloj de esta computadora"] == (True, "Correcto (difiere 2 s del SAT).")
    assert rows["Sesión con tu e.firma"] == (True, "El SAT aceptó tu e.firma.")
    assert (
        rows["e.firma"][1].startswith("Vigente hasta el ")
        and rows["Certificados de confianza"][1] == "Los del sistema."
    )


@pytest.mark.parametrize(
    ("changes", "what", "expected"),
    [
        ({"clock_skew_seconds": 300.4}, "Reloj de esta computadora", "Adelantado 5 min respecto del SAT"),
        ({"clock_skew_seconds": -90.0}, "Reloj de esta computadora", "Atrasado 2 min respecto del SAT"),
        (
            {"endpoints": [{"service": "cfdi", "operation": "auth", "reachable": False}] * 2},
            "Servidores del SAT",
            "No responden 2 de 2: autenticación (CFDI), autenticación (CFDI). Revisa tu conexión a internet",
        ),
        (
            {
                "endpoints": [
                    {"service": "retenciones", "operation": "auth", "reachable": False, "cause": "certificate_rejected"}
                ]
            },
            "Servidores del SAT",
            "No se pudo establecer una conexión segura con el SAT",
        ),
        (
            {"token": {"obtained": False, "error": {"code": "wrong_password", "message": "x"}}},
            "Sesión con tu e.firma",
            "La contraseña no abre la llave privada",
        ),
        (
            {"fiel": {"uploaded": True, "expires_at": 1_700_000_000_000, "expired": True}},
            "e.firma",
            "Venció el 14/11/2023: renuévala en el SAT",
        ),
        ({"fiel": {"uploaded": False}}, "e.firma", "No hay una e.firma cargada"),
        ({"registered": False}, "Registro en el SAT", "Pendiente"),
        ({"password_stored": False, "keyring_available": False}, "Contraseña de la e.firma", "No hay llavero"),
    ],
)
def test_each_problem_says_what_to_do(qapp, changes, what, expected):
    ok, text = _by_what(_report(**changes))[what]
    assert ok is False and text.startswith(expected), text


def _open(qtbot, page) -> QDialog:
    page.findChild(QPushButton, "connectionCheckButton").click()
    [dialog] = [d for d in page.findChildren(QDialog, "connectionCheckDialog") if d.isVisible()]
    return dialog


def test_the_check_against_sat_then_behind_a_proxy_that_inspects_https(
    qtbot, ready_context, sandbox, monkeypatch, tmp_path
):
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.transport import Transport
    from desktop_app.demo import sandbox_endpoints
    from desktop_app.gui.settings.page import SettingsPage

    service = ready_context.service
    monkeypatch.setenv("DESCARGA_MASIVA_SAT_URL", sandbox.url)
    monkeypatch.setenv("DESCARGA_MASIVA_SAT_RET_URL", sandbox.url + "/ret")
    monkeypatch.setenv("DESCARGA_MASIVA_CONSULTA_URL", sandbox.url)
    page = SettingsPage(ready_context)
    qtbot.addWidget(page)
    assert page.findChild(QPushButton, "connectionCheckButton").isEnabled()
    dialog = _open(qtbot, page)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert dialog.report["token"]["obtained"] is True
    table = dialog.findChild(QTableWidget, "connectionCheckTable")
    status = dialog.findChild(QLabel, "connectionCheckStatus").text()
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert status == "✓ Todo lo necesario para sincronizar funciona.", rows
    shown = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert shown[:4] == ["✓ Servidores del SAT", "✓ Reloj de esta computadora", "✓ Sesión con tu e.firma", "✓ e.firma"]
    dialog.findChild(QPushButton, "copyReportButton").click()
    copied = QGuiApplication.clipboard().text()
    assert json.loads(copied)["rfc"] == RFC and TEST_PASSWORD not in copied and "access_token" not in copied
    dialog.close()

    cert, key = self_signed(tmp_path)
    with https_server(cert, key, b"") as url:  # what an antivirus or proxy that inspects HTTPS shows instead of SAT
        monkeypatch.setenv("DESCARGA_MASIVA_SAT_URL", url)
        monkeypatch.setenv("DESCARGA_MASIVA_SAT_RET_URL", url + "/ret")
        monkeypatch.setenv("DESCARGA_MASIVA_CONSULTA_URL", url)
        endpoints = sandbox_endpoints(url)
        service.sat_factory = lambda fiel: SatClient(
            fiel, endpoints, transport=Transport(sleep=lambda _s: None), clock=service.clock.now
        )
        dialog = _open(qtbot, page)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    table = dialog.findChild(QTableWidget, "connectionCheckTable")
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["✗ Servidores del SAT"].startswith("No se pudo establecer una conexión segura con el SAT")
    assert "fecha y la hora de tu computadora" in rows["✗ Sesión con tu e.firma"]
    assert "· Reloj de esta computadora" in rows  # no answer to compare with
    assert dialog.findChild(QLabel, "connectionCheckStatus").text() == "✗ Hay 2 cosas que revisar (marcadas con ✗)."
    dialog.close()
