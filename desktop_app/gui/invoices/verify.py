"""«Verificar estado en el SAT» for many invoices at once: the selection or every invoice of the current filter
(issue 17.3), and the tray's words when the daily re-check finds received invoices SAT cancelled.

Core does the work (``DescargaService.verify_invoices``: paced, cancellable, resumable, every answer kept). Here:

* :class:`VerifyScopeDialog` — what to ask about (the selection, the filter, or the check left unfinished) and
  about how long it takes at the chosen rate;
* :class:`BulkVerifier` — the page's action, a job on its own one-thread ``QThreadPool`` (one check at a time;
  the page waits for it when the window closes, DESIGN.md §7), and a progress dialog whose «Detener» sets the
  cancel event: the check stops before its next call to SAT and can be continued later.

Only core's frozen ``VerifyProgress``, plain dicts and ``AppError`` cross threads, through queued signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.core.verify_ops import DEFAULT_RATE, StatusChange, VerifyProgress
from desktop_app.gui.dialogs import show_error
from desktop_app.gui.formatting import money, number
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import StoppableJob


def tr(text: str) -> str:
    return QCoreApplication.translate("BulkVerify", text)


def duration_text(count: int, rate: float) -> str:
    """About how long ``count`` calls take at ``rate`` per second, in words (%n: Qt's plural forms in English;
    Spanish needs its own singular)."""
    seconds = count / rate if rate > 0 else 0
    if seconds < 60:
        return tr("menos de un minuto")
    minutes = round(seconds / 60)
    if minutes <= 1:
        return tr("alrededor de un minuto")
    if minutes < 90:
        return QCoreApplication.translate("BulkVerify", "unos %n minutos", None, minutes)
    hours = round(minutes / 60)
    return QCoreApplication.translate("BulkVerify", "unas %n horas", None, hours)


# -- the tray's notification ----------------------------------------------------------------------------------------


def cancelled_notification(event: Any) -> tuple[str, str]:
    """(title, message) for core's ``invoices_cancelled`` event: received invoices that were vigente and SAT now
    says are cancelled — a deduction lost."""
    changes: tuple[StatusChange, ...] = tuple(event.invoices)
    if len(changes) == 1:
        change = changes[0]
        return (
            tr("Factura recibida cancelada"),
            tr(
                "{issuer} canceló en el SAT la factura {uuid} por {total}: ya no es deducible. El detalle está en "
                "Solicitudes."
            ).format(
                issuer=change.issuer_name or change.issuer_rfc or tr("El emisor"),
                uuid=change.uuid,
                total=_money(change.total),
            ),
        )
    issuers = ", ".join(dict.fromkeys(c.issuer_name or c.issuer_rfc or "?" for c in changes[:3]))
    text = QCoreApplication.translate(
        "BulkVerify",
        "El SAT tiene canceladas %n facturas recibidas que estaban vigentes ({issuers}…): ya no son deducibles. El "
        "detalle está en Solicitudes.",
        None,
        len(changes),
    )
    return tr("Facturas recibidas canceladas"), text.format(issuers=issuers)


def _money(amount: str | None) -> str:
    return money(amount) if amount else "—"


# -- what to check -----------------------------------------------------------------------------------------------------


class VerifyScopeDialog(QDialog):
    """Choose what to ask SAT about; says how many invoices and about how long.

    Args:
        selected: how many invoices are selected in the list (0: that choice is off).
        filtered: how many the current filter lists.
        unfinished: core's ``resumable_verification`` (a check left unfinished), or None.
        rate: calls per second the check will make.
    """

    def __init__(
        self, selected: int, filtered: int, unfinished: dict[str, Any] | None, rate: float, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verifyScopeDialog")
        self.setWindowTitle(tr("Verificar estado en el SAT"))
        self.setAccessibleName(tr("Verificar estado de varias facturas en el SAT"))
        intro = QLabel(
            tr(
                "Se pregunta al servicio público de verificación del SAT (no se necesita la e.firma) si cada factura "
                "sigue vigente, y se guarda la respuesta: las canceladas dejan de sumarse. Se consulta a razón de "
                "{rate} por segundo para no saturar al SAT."
            ).format(rate=number(rate) if rate == int(rate) else f"{rate:g}")
        )
        intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.selection = QRadioButton(
            tr("Las facturas &seleccionadas ({count})").format(count=number(selected))
            + " — "
            + duration_text(selected, rate)
        )
        self.selection.setObjectName("verifyScopeSelection")
        self.selection.setEnabled(selected > 0)
        self.filter = QRadioButton(
            tr("&Todas las del filtro actual ({count})").format(count=number(filtered))
            + " — "
            + duration_text(filtered, rate)
        )
        self.filter.setObjectName("verifyScopeFilter")
        self.filter.setEnabled(filtered > 0)
        self.resume = QRadioButton()
        self.resume.setObjectName("verifyScopeResume")
        left = 0
        if unfinished is not None:
            left = int(unfinished["pending"]) + int(unfinished["failed_count"])
            self.resume.setText(
                tr("&Continuar la verificación que quedó sin terminar (faltan {left} de {total})").format(
                    left=number(left), total=number(unfinished["total"])
                )
                + " — "
                + duration_text(left, rate)
            )
        self.resume.setVisible(unfinished is not None)
        self.resume.setEnabled(left > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for value, button in ((0, self.selection), (1, self.filter), (2, self.resume)):
            self.group.addButton(button, value)
            layout.addWidget(button)
        first = next((b for b in (self.resume, self.selection, self.filter) if b.isEnabled()), None)
        if first is not None:
            first.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.verify_button = self.buttons.addButton(tr("&Verificar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.verify_button.setObjectName("verifyScopeStart")
        self.verify_button.setEnabled(first is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def scope(self) -> str:
        """``selection``, ``filter`` or ``resume``."""
        return {0: "selection", 1: "filter", 2: "resume"}.get(self.group.checkedId(), "filter")


class BulkVerifier(StoppableJob):
    """The invoice page's «Verificar estado de varias en el SAT…»: asks what to check, runs it, shows progress.

    Attributes a test may use: ``action``, ``rate`` (calls per second), ``dialog`` (the open scope dialog),
    ``progress_dialog``, ``last_result`` (core's result of the last check), ``running``.

    Signals:
        verification_finished(object): core's result once a check ends (completed or stopped).
        verification_failed(object): the ``AppError`` that ended a check.
    """

    verification_finished = Signal(object)
    verification_failed = Signal(object)

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.rate = DEFAULT_RATE
        self.dialog: VerifyScopeDialog | None = None
        self.last_result: dict[str, Any] | None = None
        self.action = QAction(tr("Ve&rificar estado de varias en el SAT…"), page)
        self.action.setObjectName("verifyManyAction")
        self.action.setToolTip(
            tr("Pregunta al SAT por el estado de las facturas seleccionadas o de todas las del filtro actual.")
        )
        self.action.triggered.connect(self._on_action_triggered)
        page.addAction(self.action)
        page.context.profile_changed.connect(self._on_context_profile_changed)
        self._update_action()

    # -- asking -----------------------------------------------------------------------------------------------------

    def selected_uuids(self) -> list[str]:
        """The UUIDs of the rows selected in the list (rows whose page is not read yet are left out)."""
        model = self.page.model
        uuids = []
        for index in self.page.table.selectionModel().selectedRows():
            record = model.record_at(index.row())
            if record is not None and record.get("uuid"):
                uuids.append(str(record["uuid"]))
        return uuids

    @Slot()
    def _on_action_triggered(self) -> None:
        self.ask()

    def ask(self) -> VerifyScopeDialog | None:
        """Open the scope dialog (window-modal, not blocking); the check starts when it is accepted."""
        rfc = self.page.context.rfc
        if not rfc or self.running:
            return None
        try:
            unfinished = self.page.service.resumable_verification(rfc)
        except AppError as exc:
            self.page.status_label.setText(describe(exc))
            return None
        filtered = self.page.model.rowCount() if self.page.model.query is not None else 0
        dialog = VerifyScopeDialog(len(self.selected_uuids()), filtered, unfinished, self.rate, self.page)
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_dialog_accepted(self) -> None:
        if self.dialog is not None:
            self.start(self.dialog.scope())
        self.dialog = None

    # -- running ------------------------------------------------------------------------------------------------------

    def start(self, scope: str) -> bool:
        """Check ``selection``, ``filter`` (the page's current query) or ``resume`` in the background."""
        rfc = self.page.context.rfc
        query = self.page.model.query
        if not rfc or self.running or self._closing:
            return False
        service, rate = self.page.service, self.rate
        uuids = self.selected_uuids() if scope == "selection" else None
        flt = query.flt if scope == "filter" and query is not None else None
        if (scope == "selection" and not uuids) or (scope == "filter" and flt is None):
            return False
        resume = scope == "resume"

        def job(cancel: threading.Event, progress: Callable[[VerifyProgress], None]) -> dict[str, Any]:
            result: dict[str, Any] = service.verify_invoices(
                rfc, uuids=uuids, flt=flt, rate=rate, resume=resume, cancel=cancel, on_progress=progress
            )
            return result

        dialog = QProgressDialog(tr("Preparando la verificación…"), tr("&Detener"), 0, 0, self.page)
        dialog.setObjectName("verifyProgressDialog")
        dialog.setWindowTitle(tr("Verificar estado en el SAT"))
        dialog.setAccessibleName(tr("Avance de la verificación en el SAT"))
        dialog.setMinimumDuration(0)
        self._launch(job, dialog)
        dialog.show()
        self._update_action()
        self.page.status_label.setText(tr("Verificando en el SAT…"))
        return True

    def shutdown(self, wait_ms: int = 90_000) -> None:
        """The window is closing: stop the check before its next call to SAT and wait for it (its calls end within
        their deadline; it can be continued later)."""
        super().shutdown(wait_ms)

    def _stopping_text(self) -> str:
        return tr("Deteniendo la verificación…")

    @Slot(object)
    def _on_job_progressed(self, step: VerifyProgress) -> None:
        dialog = self.progress_dialog
        if dialog is None or self._stopping():
            return
        dialog.setMaximum(step.total)
        dialog.setValue(step.done)
        dialog.setLabelText(
            tr("Verificando en el SAT: {done} de {total}. Cambiaron de estado: {changed}.").format(
                done=number(step.done), total=number(step.total), changed=number(step.changed)
            )
        )

    @Slot(object)
    def _on_job_finished(self, result: dict[str, Any]) -> None:
        self._ended()
        self.last_result = result
        if not self._closing:
            self.page.status_label.setText(summary_text(result))
            if result["changed_count"]:
                self.page.context.data_changed.emit()  # totals and every page count the new statuses
        self.verification_finished.emit(result)

    @Slot(object)
    def _on_job_failed(self, error: AppError) -> None:
        self._ended()
        if not self._closing:
            self.page.status_label.setText(describe(error))
            if error.details.get("changed_count"):
                self.page.context.data_changed.emit()
            if error.code == "internal_error":
                show_error(self.page, error)
        self.verification_failed.emit(error)

    def _ended(self) -> None:
        super()._ended()
        self._update_action()

    @Slot(str)
    def _on_context_profile_changed(self, _rfc: str) -> None:
        self._update_action()

    def _update_action(self) -> None:
        self.action.setEnabled(bool(self.page.context.rfc) and not self.running)


def summary_text(result: dict[str, Any]) -> str:
    """What a finished (or stopped) check says in the page's status line."""
    values = {
        "checked": number(result["checked"]),
        "total": number(result["total"]),
        "changed": number(result["changed_count"]),
        "not_found": number(result["not_found"]),
        "failed": number(len(result["failed"])),
    }
    if result["cancelled"]:
        return tr(
            "Verificación detenida: {checked} de {total} consultadas en el SAT, {changed} cambiaron de estado. Puedes "
            "continuarla después desde «Verificar estado de varias en el SAT»."
        ).format(**values)
    return tr(
        "Verificación terminada: {checked} de {total} consultadas en el SAT; {changed} cambiaron de estado, "
        "{not_found} no las encontró el SAT y {failed} no se pudieron consultar. El detalle queda en Solicitudes."
    ).format(**values)
