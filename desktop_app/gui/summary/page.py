"""Resumen: the profile at a glance — activation, e.firma, last and next sync, invoices per month."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.labels import WrappingLabel
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("SummaryPage", text)


def format_ms(ms: int | None) -> str:
    """A moment as SAT's users read it: Mexico City wall-clock time, dd/mm/aaaa hh:mm ("Nunca" for none)."""
    if not ms:
        return tr("Nunca")
    return formatting.moment_text(ms)


def money(text: str | None) -> str:
    """``$1,234.56``, exact to the cent (the sums are decimal text, never floats)."""
    return formatting.money(text or "0")


class SummaryPage(formatting.FollowsLanguage, QWidget):
    """The first page: is everything working, and what is there."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data: dict[str, Any] | None = None

        self.empty = QLabel(
            tr(
                "Todavía no hay un RFC configurado. Usa el asistente para agregar tu RFC, activar la descarga y "
                "cargar tu e.firma; después tus facturas llegarán solas cada mañana."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("summaryEmpty")
        self.setup_button = QPushButton(tr("&Configurar un RFC…"))
        self.setup_button.setObjectName("summarySetupButton")
        self.setup_button.setAccessibleName(tr("Configurar un RFC"))
        self.setup_button.clicked.connect(self._open_wizard)

        self.fields: dict[str, QLabel] = {}
        profile_box = QGroupBox(tr("Perfil"))
        form = QFormLayout(profile_box)
        for key, label in [
            ("rfc", tr("RFC")),
            ("name", tr("Nombre")),
            ("activation", tr("Descarga masiva")),
            ("fiel", tr("e.firma")),
            ("registered", tr("Registro con el SAT")),
        ]:
            self.fields[key] = self._value_label(key)
            form.addRow(label + ":", self.fields[key])

        sync_box = QGroupBox(tr("Sincronización"))
        sync_form = QFormLayout(sync_box)
        for key, label in [
            ("last_sync", tr("Última sincronización")),
            ("next_run", tr("Próxima descarga diaria")),
            ("open_requests", tr("Solicitudes en proceso")),
            ("invoices", tr("Comprobantes en el índice")),
        ]:
            self.fields[key] = self._value_label(key)
            sync_form.addRow(label + ":", self.fields[key])
        self.sync_button = QPushButton(tr("&Sincronizar ahora"))
        self.sync_button.setObjectName("summarySyncButton")
        self.sync_button.setAccessibleName(tr("Sincronizar ahora"))
        self.sync_button.clicked.connect(self._sync_now)
        sync_form.addRow(_left(self.sync_button))

        # By direction and type (issue 17.1): an invoice and a credit note, or a sale and a purchase, are never
        # one figure; constancias de retenciones and cancelled documents are out of every column and counted in
        # the last two.
        headers = [
            tr("Mes"),
            tr("Emitidos"),
            tr("Ingresos emitidos"),
            tr("Egresos emitidos"),
            tr("Nómina pagada"),
            tr("Recibidos"),
            tr("Ingresos recibidos"),
            tr("Egresos recibidos"),
            tr("Retenciones"),
            tr("Cancelados"),
        ]
        self.months = QTableWidget(0, len(headers))
        self.months.setObjectName("summaryMonths")
        self.months.setAccessibleName(tr("Comprobantes por mes"))
        self.months.setHorizontalHeaderLabels(headers)
        self.months.horizontalHeaderItem(2).setToolTip(tr("Total de los CFDI de ingreso (I) emitidos, en MXN"))
        self.months.horizontalHeaderItem(3).setToolTip(tr("Total de las notas de crédito (E) emitidas, en MXN"))
        self.months.horizontalHeaderItem(4).setToolTip(tr("Total de los recibos de nómina (N) emitidos, en MXN"))
        self.months.horizontalHeaderItem(6).setToolTip(tr("Total de los CFDI de ingreso (I) recibidos, en MXN"))
        self.months.horizontalHeaderItem(7).setToolTip(tr("Total de las notas de crédito (E) recibidas, en MXN"))
        self.months.horizontalHeaderItem(8).setToolTip(
            tr("Constancias de retenciones (emitidas y recibidas): no son facturas, no se suman en ninguna columna")
        )
        self.months.horizontalHeaderItem(9).setToolTip(tr("Comprobantes cancelados: no se suman en ninguna columna"))
        self.months.verticalHeader().hide()
        self.months.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # As wide as the figures (never "$1,053,6…"); the last column takes what is left.
        self.months.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.months.horizontalHeader().setStretchLastSection(True)
        self.months.setWordWrap(False)
        months_box = QGroupBox(tr("Comprobantes por mes (últimos 12)"))
        QVBoxLayout(months_box).addWidget(self.months)

        self.content = QWidget()
        columns = QHBoxLayout()
        columns.addWidget(profile_box, 1)
        columns.addWidget(sync_box, 1)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(columns)
        content_layout.addWidget(months_box, 1)

        layout = QVBoxLayout(self)
        title = QLabel(tr("Resumen"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.empty)
        layout.addWidget(self.setup_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.content, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        context.profile_changed.connect(self._schedule_refresh)
        context.profiles_changed.connect(self._schedule_refresh)
        context.data_changed.connect(self._schedule_refresh)
        self.refresh()

    def _follow_language(self) -> None:  # dates, months and amounts as the new language writes them
        self._schedule_refresh()

    def _value_label(self, key: str) -> QLabel:
        label = WrappingLabel("—")
        label.setObjectName(f"summary_{key}")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @Slot()
    def _schedule_refresh(self, *_args: object) -> None:
        self._refresh_timer.start()

    @Slot()
    def refresh(self) -> None:
        rfc = self.context.rfc
        has_profile = bool(rfc)
        self.empty.setVisible(not has_profile)
        self.setup_button.setVisible(not has_profile)
        self.content.setVisible(has_profile)
        if not has_profile:
            return
        service = self.context.service
        # grouping a large index by month is bulk disk work: never on the GUI thread
        run_in_background(lambda: service.summary(rfc), self._show, self._failed, owner=self)

    def _show(self, data: dict[str, Any]) -> None:
        if data["profile"]["rfc"] != self.context.rfc:
            return  # the user switched RFC meanwhile
        self.data = data
        profile = data["profile"]
        fiel = data["fiel"]
        self.fields["rfc"].setText(profile["rfc"])
        self.fields["name"].setText(profile["name"] or "—")
        self.fields["activation"].setText(
            tr("✓ Activada") if data["activation"] == "active" else tr("✗ Sin activar (da tu consentimiento)")
        )
        if not fiel["uploaded"]:
            self.fields["fiel"].setText(tr("✗ No cargada"))
        elif fiel["expired"]:
            expired = formatting.certificate_day(fiel.get("expires_at"))
            self.fields["fiel"].setText(tr("✗ Vencida el {date}").format(date=expired))
        else:
            mark = "⚠" if fiel["expires_soon"] else "✓"
            days = int(fiel["days_left"])
            text = (  # %n: Qt's plural forms in English; Spanish needs its own singular
                QCoreApplication.translate("SummaryPage", "{mark} Vigente hasta el {date} (%n día)", None, days)
                if days == 1
                else QCoreApplication.translate("SummaryPage", "{mark} Vigente hasta el {date} (%n días)", None, days)
            )
            self.fields["fiel"].setText(text.format(mark=mark, date=formatting.certificate_day(fiel.get("expires_at"))))
        self.fields["registered"].setText(
            tr("✓ Registrada el {date}").format(date=format_ms(profile["registered_at"]))
            if profile["registered"]
            else tr("✗ Pendiente")
        )
        self.fields["last_sync"].setText(formatting.last_sync_text(data["last_sync"]))
        schedule = data["schedule"]
        if schedule["enabled"]:
            self.fields["next_run"].setText(format_ms(data["nextRunAt"]) + " " + tr("(hora de la Ciudad de México)"))
        else:
            self.fields["next_run"].setText(tr("Desactivada (actívala en Programación)"))
        self.fields["open_requests"].setText(formatting.number(data["open_requests"]))
        self.fields["invoices"].setText(
            tr("{n} ({xml} con XML)").format(
                n=formatting.number(data["invoices"]), xml=formatting.number(data["xml_files"])
            )
        )
        self.months.setRowCount(len(data["by_month"]))
        for row, entry in enumerate(data["by_month"]):
            issued, received = entry["by_type"]["issued"], entry["by_type"]["received"]
            values = [
                formatting.month_text(entry["month"]),
                formatting.number(entry["issued"]),
                money(issued.get("I", {}).get("total", "0")),
                money(issued.get("E", {}).get("total", "0")),
                money(issued.get("N", {}).get("total", "0")),
                formatting.number(entry["received"]),
                money(received.get("I", {}).get("total", "0")),
                money(received.get("E", {}).get("total", "0")),
                formatting.number(entry.get("retenciones", 0)),  # an office server of before: none said
                formatting.number(entry["cancelled"]),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.months.setItem(row, column, item)

    def _failed(self, error: AppError) -> None:
        self.fields["last_sync"].setText(describe(error))

    def _sync_now(self) -> None:
        if self.context.poller is not None:
            self.context.poller.sync_now()

    def _open_wizard(self) -> None:
        window = self.window()
        open_wizard = getattr(window, "open_wizard", None)
        if open_wizard is not None:
            open_wizard()


def _left(widget: QWidget) -> QWidget:
    """``widget`` at its natural size on the left of a form row, instead of stretched across the page."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    return row
