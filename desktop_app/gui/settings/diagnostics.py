"""«Diagnóstico de conexión con el SAT»: the seed's ``debug`` (the CLI's ``debug``, the server's ``GET /debug``) in
the owner's words — each thing a sync needs, whether it works, and what to do when it does not.

The report is made off the GUI thread (it asks SAT's six endpoints and for a session with the e.firma: seconds, or
the probe's timeout when the network is down); :func:`findings` turns it into rows, apart from any widget, so what
the dialog says is tested on the report itself. «Copiar informe» copies the report as JSON for whoever helps the
user (it holds no password nor token: ``core.diagnostics``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.core.tls import CERTIFICATE_REJECTED
from desktop_app.gui import formatting
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background

PROBE_TIMEOUT = 8.0  # seconds an endpoint may take to answer; the window waits for six at most
CLOCK_TOLERANCE = 60.0  # seconds off SAT's clock before the computer's clock is called wrong

OPERATIONS = {
    "auth": QT_TRANSLATE_NOOP("SettingsPage", "autenticación"),
    "query": QT_TRANSLATE_NOOP("SettingsPage", "solicitud"),
    "verify": QT_TRANSLATE_NOOP("SettingsPage", "verificación"),
    "download": QT_TRANSLATE_NOOP("SettingsPage", "descarga"),
    "consulta": QT_TRANSLATE_NOOP("SettingsPage", "estado de comprobantes"),
}
TRUST = {
    "os_store": QT_TRANSLATE_NOOP("SettingsPage", "Los del sistema operativo (como el navegador)."),
    "system_bundle": QT_TRANSLATE_NOOP("SettingsPage", "Los del sistema."),
    "certifi": QT_TRANSLATE_NOOP("SettingsPage", "Los incluidos en la aplicación (el sistema no tiene)."),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


@dataclass(frozen=True)
class Finding:
    """One row: what was checked, whether it is fine (None: not known), and what was found or what to do."""

    what: str
    ok: bool | None
    text: str


def findings(report: dict[str, Any]) -> list[Finding]:
    """The ``debug`` report as rows, in the order a sync needs them."""
    rows = [_endpoints(report.get("endpoints") or []), _clock(report.get("clock_skew_seconds"))]
    rows.append(_token(report.get("token") or {}))
    rows.append(_fiel(report.get("fiel")))
    registered = bool(report.get("registered"))
    rows.append(
        Finding(
            tr("Registro en el SAT"),
            registered,
            tr("Hecho.") if registered else tr("Pendiente: se reintenta con «Reintentar registro con el SAT»."),
        )
    )
    rows.append(_password(bool(report.get("password_stored")), bool(report.get("keyring_available"))))
    trust = str(report.get("tls_trust") or "")
    rows.append(Finding(tr("Certificados de confianza"), None, tr(TRUST[trust]) if trust in TRUST else trust))
    return rows


def _endpoints(endpoints: list[dict[str, Any]]) -> Finding:
    what = tr("Servidores del SAT")
    down = [e for e in endpoints if not e.get("reachable")]
    if not endpoints:
        return Finding(what, None, tr("No se probaron."))
    if not down:
        return Finding(what, True, tr("Responden los {count}.").format(count=len(endpoints)))
    names = ", ".join(_endpoint_name(e) for e in down)
    if any(e.get("cause") == CERTIFICATE_REJECTED for e in down):
        return Finding(what, False, describe("sat_unavailable", cause=CERTIFICATE_REJECTED) + " " + f"({names})")
    text = tr(
        "No responden {down} de {count}: {names}. Revisa tu conexión a internet; si sólo fallan algunos, es el SAT."
    )
    return Finding(what, False, text.format(down=len(down), count=len(endpoints), names=names))


def _endpoint_name(entry: dict[str, Any]) -> str:
    operation = OPERATIONS.get(str(entry.get("operation")), str(entry.get("operation")))
    service = "Retenciones" if entry.get("service") == "retenciones" else "CFDI"
    return f"{tr(operation)} ({service})"


def _clock(skew: float | None) -> Finding:
    what = tr("Reloj de esta computadora")
    if skew is None:
        return Finding(what, None, tr("No se pudo comparar con el del SAT."))
    if abs(skew) <= CLOCK_TOLERANCE:
        return Finding(what, True, tr("Correcto (difiere {seconds} s del SAT).").format(seconds=round(abs(skew))))
    minutes = max(1, round(abs(skew) / 60))
    text = (
        tr(
            "Adelantado {minutes} min respecto del SAT: corrige la fecha y la hora (el SAT rechaza lo firmado con la "
            "hora equivocada)."
        )
        if skew > 0
        else tr(
            "Atrasado {minutes} min respecto del SAT: corrige la fecha y la hora (el SAT rechaza lo firmado con "
            "la hora equivocada)."
        )
    )
    return Finding(what, False, text.format(minutes=minutes))


def _token(token: dict[str, Any]) -> Finding:
    what = tr("Sesión con tu e.firma")
    if token.get("obtained"):
        return Finding(what, True, tr("El SAT aceptó tu e.firma."))
    error = token.get("error") or {}
    code = str(error.get("code") or "sat_unavailable")
    return Finding(what, False, describe(AppError(code, str(error.get("message") or ""), cause=error.get("cause"))))


def _fiel(facts: dict[str, Any] | None) -> Finding:
    """``facts``: the report's ``fiel`` (``core.profiles.fiel_facts``)."""
    what = tr("e.firma")
    data = facts or {}
    if not data.get("uploaded"):
        return Finding(what, False, tr("No hay una e.firma cargada: cárgala en «Cambiar e.firma…»."))
    day = formatting.certificate_day(data.get("expires_at"))
    if data.get("expired"):
        return Finding(what, False, tr("Venció el {date}: renuévala en el SAT y cárgala de nuevo.").format(date=day))
    if data.get("expires_soon"):
        return Finding(
            what,
            False,
            tr("Vence el {date} ({days} días): renuévala pronto en el SAT.").format(
                date=day, days=data.get("days_left")
            ),
        )
    return Finding(what, True, tr("Vigente hasta el {date}.").format(date=day))


def _password(stored: bool, keyring: bool) -> Finding:
    what = tr("Contraseña de la e.firma")
    if stored:
        return Finding(what, True, tr("Guardada en el llavero del sistema."))
    if not keyring:
        return Finding(
            what,
            False,
            tr(
                "No hay llavero del sistema: se pide al abrir la aplicación y la sincronización "
                "desatendida no funciona."
            ),
        )
    return Finding(what, False, tr("No está guardada: escríbela cuando se pida, o carga de nuevo la e.firma."))


class ConnectionCheckDialog(QDialog):
    """The report for one RFC, made in the background as the dialog opens.

    Signals:
        checked(object): the report (a dict) once shown, or the AppError that stopped it.
    """

    checked = Signal(object)

    def __init__(self, service: Any, rfc: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionCheckDialog")
        self.setWindowTitle(tr("Diagnóstico de conexión con el SAT · {rfc}").format(rfc=rfc))
        self.report: dict[str, Any] | None = None
        self.status = QLabel(tr("Probando la conexión con el SAT…"))
        self.status.setObjectName("connectionCheckStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("connectionCheckTable")
        self.table.setHorizontalHeaderLabels([tr("Qué se revisó"), tr("Resultado")])
        self.table.setAccessibleName(tr("Resultado del diagnóstico"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(tr("&Copiar informe"))
        self.copy_button.setObjectName("copyReportButton")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
        run_in_background(lambda: service.debug(rfc, timeout=PROBE_TIMEOUT), self._show, self._failed, owner=self)

    def _show(self, report: dict[str, Any]) -> None:
        self.report = report
        rows = findings(report)
        self.table.setRowCount(len(rows))
        for row, finding in enumerate(rows):
            mark = {True: "✓", False: "✗", None: "·"}[finding.ok]
            self.table.setItem(row, 0, QTableWidgetItem(f"{mark} {finding.what}"))
            result = QTableWidgetItem(finding.text)
            result.setToolTip(finding.text)
            self.table.setItem(row, 1, result)
        self.table.resizeRowsToContents()
        problems = sum(1 for f in rows if f.ok is False)
        if not problems:
            text = tr("✓ Todo lo necesario para sincronizar funciona.")
        elif problems == 1:  # Spanish needs its own singular; %n: Qt's plural forms in English («cosa(s)» before)
            text = QCoreApplication.translate("SettingsPage", "✗ Hay %n cosa que revisar (marcada con ✗).", None, 1)
        else:
            text = QCoreApplication.translate(
                "SettingsPage", "✗ Hay %n cosas que revisar (marcadas con ✗).", None, problems
            )
        self.status.setText(text)
        self.copy_button.setEnabled(True)
        self.checked.emit(report)

    def _failed(self, error: AppError) -> None:
        self.status.setText("✗ " + describe(error))
        self.checked.emit(error)

    @Slot()
    def _copy(self) -> None:
        if self.report is not None:
            text = json.dumps(self.report, ensure_ascii=False, indent=2, default=str)  # as the CLI prints it
            QGuiApplication.clipboard().setText(text)
            self.status.setText(tr("Informe copiado: pégalo en un correo a quien te ayude (no trae contraseñas)."))


__all__ = ["ConnectionCheckDialog", "Finding", "findings"]
