"""Programación: the daily sync (Mexico City time) and the OS task that runs it with the app closed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.formatting import FollowsLanguage
from desktop_app.gui.labels import WrappingLabel
from desktop_app.gui.messages import code_first, describe
from desktop_app.gui.summary.page import format_ms
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("SchedulePage", text)


RUN_STATUS = {
    "success": QT_TRANSLATE_NOOP("SchedulePage", "✓ Correcta"),
    "partial": QT_TRANSLATE_NOOP("SchedulePage", "⚠ Con avisos"),
    "failed": QT_TRANSLATE_NOOP("SchedulePage", "✗ Con error"),
    "running": QT_TRANSLATE_NOOP("SchedulePage", "⟳ En curso"),
}
# Why the daily sync cannot run with the app closed (core's ``warnings`` codes).
WARNINGS = {
    "keyring_unavailable": QT_TRANSLATE_NOOP(
        "SchedulePage",
        "⚠ Esta computadora no tiene un llavero del sistema que funcione: la contraseña de la e.firma sólo se "
        "guarda mientras la aplicación está abierta, así que la descarga diaria no corre con la aplicación "
        "cerrada. Deja la aplicación abierta, o configura un llavero y vuelve a cargar la e.firma.",
    ),
}
TASK_KINDS = {
    "systemd": QT_TRANSLATE_NOOP("SchedulePage", "temporizador de systemd (Linux)"),
    "cron": QT_TRANSLATE_NOOP("SchedulePage", "cron (Linux)"),
    "launchd": QT_TRANSLATE_NOOP("SchedulePage", "LaunchAgent (macOS)"),
    "schtasks": QT_TRANSLATE_NOOP("SchedulePage", "Programador de tareas (Windows)"),
}


def run_error_text(status: str | None, error: str | None) -> str:
    """The daily run's last error in the window's words: core keeps ``"code: English message"`` (or, for a run the
    app's exit cut short, an English sentence), the window says the code as every error of it does."""
    if not error:
        return tr("Ninguno")
    if status == "interrupted":
        return tr("La aplicación se cerró durante la descarga diaria; la siguiente la continuó.")
    code = code_first(error)
    return describe(code) if code else error


class SchedulePage(FollowsLanguage, QWidget):
    """Edit the schedule; see the next and last run; install or remove the unattended task."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

        self.enabled = QCheckBox(tr("&Descargar automáticamente todos los días"))
        self.enabled.setObjectName("scheduleEnabled")
        self.time = QTimeEdit()
        self.time.setObjectName("scheduleTime")
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(tr("Hora de la descarga diaria (Ciudad de México)"))
        self.issued = QCheckBox(tr("&Emitidos"))
        self.issued.setObjectName("scheduleIssued")
        self.received = QCheckBox(tr("Re&cibidos"))
        self.received.setObjectName("scheduleReceived")
        self.days_back = QSpinBox()
        self.days_back.setObjectName("scheduleDaysBack")
        self.days_back.setRange(1, 90)
        self.days_back.setAccessibleName(tr("Días hacia atrás"))
        # Issue 17.3: after its download the daily run asks SAT whether the received vigente invoices of these
        # months are still vigente (a cancelled one is a deduction lost); 0 turns it off.
        self.recheck_months = QSpinBox()
        self.recheck_months.setObjectName("scheduleRecheckMonths")
        self.recheck_months.setRange(0, 24)
        self.recheck_months.setSpecialValueText(tr("No revisar"))
        self.recheck_months.setAccessibleName(tr("Meses de facturas recibidas que se revisan en el SAT cada día"))
        self.recheck_months.setToolTip(
            tr(
                "Cada día, después de descargar, se pregunta al SAT si las facturas recibidas vigentes de estos "
                "meses siguen vigentes (sin la e.firma, a un ritmo pausado; las consultadas en la última semana no "
                "se repiten). Si el emisor canceló alguna, ya no es deducible: la aplicación te avisa."
            )
        )
        self.save_button = QPushButton(tr("&Guardar"))
        self.save_button.setObjectName("scheduleSave")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self._message_rfc = ""  # the RFC the message speaks of
        self.message.setObjectName("scheduleMessage")
        self.message.setWordWrap(True)

        form_box = QGroupBox(tr("Descarga diaria"))
        form = QFormLayout(form_box)
        # The hour and the days at their natural size, not stretched across the page (the default on Linux and
        # Windows styles).
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.enabled)
        time_label = QLabel(tr("&Hora (Ciudad de México):"))
        time_label.setBuddy(self.time)
        form.addRow(time_label, self.time)
        types = QHBoxLayout()
        types.addWidget(self.issued)
        types.addWidget(self.received)
        types.addStretch()
        types_widget = QWidget()
        types.setContentsMargins(0, 0, 0, 0)
        types_widget.setLayout(types)
        form.addRow(tr("Comprobantes:"), types_widget)
        days_label = QLabel(tr("Días hacia a&trás:"))
        days_label.setBuddy(self.days_back)
        form.addRow(days_label, self.days_back)
        recheck_label = QLabel(tr("Revisar en el SAT las recibidas de los últimos &meses:"))
        recheck_label.setBuddy(self.recheck_months)
        form.addRow(recheck_label, self.recheck_months)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch()
        form.addRow(save_row)
        form.addRow(self.message)

        self.next_run = QLabel("—")
        self.next_run.setObjectName("scheduleNextRun")
        self.last_run = QLabel("—")
        self.last_run.setObjectName("scheduleLastRun")
        self.last_sync = WrappingLabel("—")  # the same words as Resumen's "Última sincronización"
        self.last_sync.setObjectName("scheduleLastSync")
        self.last_error = QLabel("")
        self.last_error.setObjectName("scheduleLastError")
        self.last_error.setWordWrap(True)
        self.fiel = QLabel("—")
        self.fiel.setObjectName("scheduleFiel")
        self.warnings = QLabel("")
        self.warnings.setObjectName("scheduleWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(False)
        runs_box = QGroupBox(tr("Ejecuciones"))
        runs = QFormLayout(runs_box)
        runs.addRow(tr("Próxima:"), self.next_run)
        runs.addRow(tr("Última sincronización:"), self.last_sync)
        runs.addRow(tr("Última descarga diaria:"), self.last_run)
        runs.addRow(tr("Último error:"), self.last_error)
        runs.addRow(tr("e.firma:"), self.fiel)

        self.task_status = QLabel(tr("Consultando…"))
        self.task_status.setObjectName("osTaskStatus")
        self.task_status.setWordWrap(True)
        self.install_button = QPushButton(tr("Insta&lar tarea del sistema"))
        self.install_button.setObjectName("osTaskInstall")
        self.install_button.clicked.connect(self.install_task)
        self.uninstall_button = QPushButton(tr("&Quitar tarea del sistema"))
        self.uninstall_button.setObjectName("osTaskUninstall")
        self.uninstall_button.clicked.connect(self.uninstall_task)
        task_box = QGroupBox(tr("Con la aplicación cerrada"))
        task = QVBoxLayout(task_box)
        explanation = QLabel(
            tr(
                "Mientras la aplicación está abierta (o minimizada en la bandeja) la descarga diaria ocurre a la "
                "hora elegida. Para que ocurra también con la aplicación cerrada, instala la tarea del sistema: "
                "corre la sincronización a esa hora y luego cada hora para recoger los paquetes del SAT."
            )
        )
        explanation.setWordWrap(True)
        task.addWidget(explanation)
        task.addWidget(self.task_status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.uninstall_button)
        buttons.addStretch()
        task.addLayout(buttons)

        layout = QVBoxLayout(self)
        title = QLabel(tr("Programación"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.warnings)
        layout.addWidget(form_box)
        layout.addWidget(runs_box)
        layout.addWidget(task_box)
        layout.addStretch()

        context.profile_changed.connect(lambda _rfc: self.refresh())
        context.profiles_changed.connect(self.refresh)
        context.data_changed.connect(self._refresh_runs)
        self.refresh()
        self.refresh_task()

    def _follow_language(self) -> None:  # dates, months and amounts as the new language writes them
        self._refresh_runs()

    # -- the schedule -------------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        profile = self.context.profile()
        enabled = profile is not None
        for widget in (
            self.enabled,
            self.time,
            self.issued,
            self.received,
            self.days_back,
            self.recheck_months,
            self.save_button,
        ):
            widget.setEnabled(enabled)
        if profile is None:
            self.message.setText(tr("Configura un RFC para programar su descarga."))
            return
        if self._message_rfc != profile.rfc:  # what was said about another RFC (or about none) is stale now
            self.message.clear()
        self._message_rfc = profile.rfc
        try:
            data = self.context.service.get_schedule(profile.rfc)
        except AppError as exc:
            if exc.code == "server_unreachable":  # the office server away: the page keeps what it shows
                return
            raise
        schedule = data["schedule"]
        self.enabled.setChecked(schedule["enabled"])
        hour, minute = (int(x) for x in schedule["time"].split(":"))
        self.time.setTime(QTime(hour, minute))
        self.issued.setChecked("issued" in schedule["downloadTypes"])
        self.received.setChecked("received" in schedule["downloadTypes"])
        self.days_back.setValue(schedule["daysBack"])
        self.recheck_months.setValue(schedule["recheckMonths"])
        self._show_runs(data)

    @Slot()
    def _refresh_runs(self) -> None:
        if self.context.profile() is not None:
            try:
                data = self.context.service.get_schedule(self.context.rfc)
            except AppError as exc:
                if exc.code == "server_unreachable":
                    return
                raise
            self._show_runs(data)

    def _show_runs(self, data: dict[str, Any]) -> None:
        warnings = [
            tr(WARNINGS[w["code"]]) if w.get("code") in WARNINGS else "⚠ " + str(w.get("message") or "")
            for w in data.get("warnings") or []
        ]
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        schedule = data["schedule"]
        self.next_run.setText(
            format_ms(data["nextRunAt"]) + " " + tr("(hora de la Ciudad de México)")
            if data["nextRunAt"]
            else tr("Desactivada")
        )
        self.last_sync.setText(formatting.last_sync_text(data.get("lastSync")))
        if schedule["lastRunAt"]:
            status = tr(RUN_STATUS.get(schedule["lastRunStatus"] or "", schedule["lastRunStatus"] or ""))
            self.last_run.setText(
                tr("iniciada el {moment} — {status}").format(moment=format_ms(schedule["lastRunAt"]), status=status)
            )
        else:
            self.last_run.setText(tr("Todavía no ha corrido"))
        self.last_error.setText(run_error_text(schedule["lastRunStatus"], schedule["lastRunError"]))
        self.last_error.setToolTip(schedule["lastRunError"] or "")  # core's own words, for whoever helps the user
        fiel = data["fiel"]
        if not fiel["uploaded"]:
            self.fiel.setText(tr("✗ No cargada"))
        elif fiel["expired"]:
            self.fiel.setText(tr("✗ Vencida: renuévala en el SAT"))
        else:
            mark = "⚠" if fiel["expires_soon"] else "✓"
            days = int(fiel["days_left"])
            text = (  # %n: Qt's plural forms in English; Spanish needs its own singular
                QCoreApplication.translate("SchedulePage", "{mark} Vence en %n día", None, days)
                if days == 1
                else QCoreApplication.translate("SchedulePage", "{mark} Vence en %n días", None, days)
            )
            self.fiel.setText(text.format(mark=mark))

    @Slot()
    def save(self) -> None:
        types = [t for t, box in (("issued", self.issued), ("received", self.received)) if box.isChecked()]
        try:
            self.context.service.set_schedule(
                self.context.rfc,
                enabled=self.enabled.isChecked(),
                time=self.time.time().toString("HH:mm"),
                download_types=types,
                days_back=self.days_back.value(),
                recheck_months=self.recheck_months.value(),
            )
        except AppError as exc:
            self.refresh()  # what is stored, not the refused change (a box left ticked for a schedule still off)
            self.message.setText("✗ " + describe(exc))
            return
        self.message.setText(tr("✓ Programación guardada."))
        self.refresh()
        service = self.context.service
        run_in_background(service.refresh_os_task, lambda _r: self.refresh_task(), lambda _e: None, owner=self)

    # -- the OS task ----------------------------------------------------------------------------------------------

    @Slot()
    def refresh_task(self) -> None:
        run_in_background(self.context.service.os_task_status, self._show_task, self._task_failed, owner=self)

    def _show_task(self, status: dict[str, Any]) -> None:
        if not status.get("available", True) or status.get("kind") is None:
            self.task_status.setText(
                tr("✗ Esta computadora no tiene un programador de tareas disponible; deja la aplicación abierta.")
            )
            self.install_button.setEnabled(False)
            self.uninstall_button.setEnabled(False)
            return
        kind = tr(TASK_KINDS.get(status["kind"], status["kind"]))
        if status.get("installed"):
            text = (
                tr("✓ Instalada ({kind}), al día.")
                if status.get("up_to_date", True)
                else tr("✓ Instalada ({kind}), pero desactualizada: vuelve a instalarla.")
            )
            text = text.format(kind=kind)
            if not self.enabled.isChecked():
                # installed, and idle: the task runs only RFCs whose daily download is on (``sync --all``)
                text += " " + tr("Pero la descarga diaria de este RFC está apagada: la tarea no descargará nada.")
            self.task_status.setText(text)
        else:
            self.task_status.setText(tr("○ No instalada ({kind}).").format(kind=kind))
        self.install_button.setEnabled(True)
        self.uninstall_button.setEnabled(bool(status.get("installed")))

    def _task_failed(self, error: AppError) -> None:
        self.task_status.setText("✗ " + describe(error))

    @Slot()
    def install_task(self) -> None:
        self.install_button.setEnabled(False)
        run_in_background(
            self.context.service.install_os_task, lambda _r: self.refresh_task(), self._task_failed, owner=self
        )

    @Slot()
    def uninstall_task(self) -> None:
        self.uninstall_button.setEnabled(False)
        run_in_background(
            self.context.service.uninstall_os_task, lambda _r: self.refresh_task(), self._task_failed, owner=self
        )
