"""The detail panel of one request: the seed's fields, SAT's own codes with their meaning, packages, events.

Layout only plus one signal: the page feeds it data read from the ledger and handles "Volver a solicitar".
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.gui.formatting import number, until_text
from desktop_app.gui.history import vocabulary as voc
from desktop_app.gui.history.vocabulary import tr

MAX_DOWNLOADS = 2  # SAT allows two downloads of a package, ever


_NOWRAP = " style='white-space: nowrap'"


def _td(text: str) -> str:
    """A cell; one token (an id, a code, a size) is never broken across lines, not even at its hyphens."""
    nowrap = _NOWRAP if text and not any(ch.isspace() for ch in text) else ""
    return f"<td{nowrap}>{escape(text)}</td>"


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th align='left' valign='top'>{escape(k)}</th>{_td(v)}</tr>" for k, v in rows)
    return f"<table cellspacing='0' cellpadding='3'>{body}</table>"


def _grid(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'{_NOWRAP if ' ' not in h else ''}>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    return f"<table border='1' cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>"


def _num(value: Any) -> str:
    return "—" if value is None else number(value)


def _code(value: Any) -> str:
    """SAT's codes (5000, 404) are names, not quantities: never «5,000» (an outside audit)."""
    return "—" if value is None else str(value)


class HistoryDetail(QWidget):
    """Everything about the selected request.

    Signals:
        retry_requested(str): the user asked to create the same request again (expired or failed ones).
    """

    retry_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDetail")
        self.setAccessibleName(tr("Detalle de la solicitud"))
        self._request_id = ""
        self.title = QLabel(tr("Selecciona una solicitud para ver su detalle."))
        self.title.setObjectName("historyDetailTitle")
        self.title.setWordWrap(True)
        self.guidance = QLabel()
        self.guidance.setObjectName("historyDetailGuidance")
        self.guidance.setAccessibleName(tr("Qué pasó y qué hacer"))
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("QLabel { padding: 6px; border: 1px solid palette(mid); }")
        self.guidance.hide()
        self.retry_button = QPushButton(tr("Volver a &solicitar"))
        self.retry_button.setObjectName("retryRequestButton")
        self.retry_button.setAccessibleName(tr("Volver a solicitar el mismo periodo al SAT"))
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.retry_button.hide()
        self.text = QTextBrowser()
        self.text.setObjectName("historyDetailText")
        self.text.setAccessibleName(tr("Datos, códigos del SAT, paquetes y bitácora de la solicitud"))
        self.text.setOpenLinks(False)
        self.text.setWordWrapMode(QTextOption.WrapMode.WordWrap)  # never inside a word; wide tables scroll

        actions = QHBoxLayout()
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.guidance)
        layout.addLayout(actions)
        layout.addWidget(self.text, 1)

    @property
    def request_id(self) -> str:
        return self._request_id

    def clear(self) -> None:
        self._request_id = ""
        self.title.setText(tr("Selecciona una solicitud para ver su detalle."))
        self.guidance.hide()
        self.retry_button.hide()
        self.text.clear()

    def show_request(
        self,
        item: dict[str, Any],
        packages: list[dict[str, Any]],
        events: list[dict[str, Any]],
        *,
        now_ms: int | None = None,
    ) -> None:
        """Render one request (``item`` is the seed's history item; packages/events come from the ledger).

        ``now_ms`` (the service's clock): a request waiting for SAT says in how long SAT is asked again."""
        self._request_id = item["id"]
        status = item.get("status")
        self.title.setText(
            tr("{kind}, {period}: {status}").format(
                kind=voc.kind_text(item), period=voc.period_text(item), status=voc.status_name(status)
            )
        )
        guidance = self._guidance(item) or self._waiting(item, now_ms)
        self.guidance.setText(guidance)
        self.guidance.setVisible(bool(guidance))
        self.retry_button.setVisible(status in ("expired", "failed") and not voc.is_uuid_request(item))
        scroll = self.text.verticalScrollBar().value()
        self.text.setHtml(self._html(item, packages, events))
        self.text.verticalScrollBar().setValue(scroll)

    def show_verification(self, item: dict[str, Any], html: str, guidance: str) -> None:
        """Render a status check at SAT (issue 17.3; ``item``, ``html`` and ``guidance`` come from
        :mod:`desktop_app.gui.history.verifications`)."""
        self._request_id = item["id"]
        self.title.setText(
            tr("{kind}, {period}: {status}").format(
                kind=voc.kind_text(item), period=voc.period_text(item), status=voc.status_name(item.get("status"))
            )
        )
        self.guidance.setText(guidance)
        self.guidance.setVisible(bool(guidance))
        self.retry_button.hide()
        scroll = self.text.verticalScrollBar().value()
        self.text.setHtml(html)
        self.text.verticalScrollBar().setValue(scroll)

    # -- content -------------------------------------------------------------------------------------------------

    @staticmethod
    def _guidance(item: dict[str, Any]) -> str:
        status = item.get("status")
        if status == "expired":
            return tr(
                "Qué pasó: el SAT preparó los paquetes, pero vencieron (duran 72 horas) antes de que se "
                "descargaran. Qué hacer: usa «Volver a solicitar» para pedir el mismo periodo otra vez; el SAT "
                "permite dos solicitudes idénticas por periodo."
            )
        if status == "failed":
            return tr(
                "Qué pasó: {what} Qué hacer: revisa la respuesta del SAT abajo; si el problema ya se resolvió "
                "(por ejemplo, el SAT no respondía), usa «Volver a solicitar»."
            ).format(what=voc.status_message_text(item))
        return ""

    @staticmethod
    def _waiting(item: dict[str, Any], now_ms: int | None) -> str:
        """A request SAT is still working on: when it is asked next, and that nothing is needed meanwhile."""
        next_check = item.get("nextCheckAt")
        if item.get("status") not in ("pending", "accepted", "processing") or not next_check or now_ms is None:
            return ""
        when = until_text((int(next_check) - now_ms) / 1000)
        return tr(
            "Qué pasa: el SAT está preparando esta solicitud (unos minutos, a veces horas). La aplicación le vuelve "
            "a preguntar {when} y descarga los paquetes en cuanto estén listos; no tienes que hacer nada."
        ).format(when=when)

    @staticmethod
    def _html(item: dict[str, Any], packages: list[dict[str, Any]], events: list[dict[str, Any]]) -> str:
        parts: list[str] = []
        parts.append(f"<h3>{escape(tr('Estado'))}</h3>")
        parts.append(
            _table(
                [
                    (tr("Estado"), voc.status_name(item.get("status"))),
                    (tr("Explicación"), voc.status_message_text(item)),
                    (tr("Comprobantes encontrados"), _num(item.get("invoiceCount"))),
                    (tr("Comprobantes procesados"), _num(item.get("processedCount"))),
                ]
            )
        )
        parts.append(f"<h3>{escape(tr('Respuesta del SAT'))}</h3>")
        parts.append(
            _table(
                [
                    (tr("IdSolicitud"), item.get("satRequestId") or tr("(aún no asignado)")),
                    (tr("CodEstatus"), voc.sat_code_text(item.get("satCode"))),
                    (tr("EstadoSolicitud"), voc.sat_state_text(item.get("satState"))),
                    (tr("CodigoEstadoSolicitud"), voc.sat_code_text(item.get("satStateCode"))),
                    (tr("Mensaje"), item.get("satMessage") or "—"),
                    (tr("Última consulta"), voc.moment_text(item.get("lastCheckedAt"))),
                    (tr("Próxima consulta"), voc.moment_text(item.get("nextCheckAt"))),
                ]
            )
        )
        parts.append(f"<h3>{escape(tr('Parámetros'))}</h3>")
        parts.append(
            _table(
                [
                    (tr("Identificador"), item.get("id") or "—"),
                    (tr("Servicio"), voc.service_text(item.get("service"))),
                    (tr("Tipo"), voc.kind_text(item)),
                    (tr("Periodo"), voc.period_text(item)),
                    (tr("Tipo de comprobante"), voc.invoice_type_text(item.get("invoiceType"))),
                    (tr("Estado del comprobante"), voc.invoice_status_text(item.get("invoiceStatus"))),
                    (tr("RFC a cuenta de terceros"), item.get("thirdPartyRfc") or "—"),
                    (tr("Folio fiscal (UUID)"), (item.get("folio") or "—").upper()),
                    (tr("Origen"), voc.origin_text(item)),
                    (tr("Creada"), voc.moment_text(item.get("createdAt"))),
                    (tr("Terminada"), voc.moment_text(item.get("completedAt"))),
                    (tr("Emisión más antigua"), voc.day_text(item.get("earliestIssueDate"))),
                    (tr("Emisión más reciente"), voc.day_text(item.get("latestIssueDate"))),
                ]
            )
        )
        parts.append(f"<h3>{escape(tr('Paquetes'))}</h3>")
        if packages:
            parts.append(
                _grid(
                    [tr("Paquete"), tr("Estado"), tr("Descargas usadas"), tr("Documentos"), tr("Tamaño"), tr("Error")],
                    [
                        [
                            p.get("id") or "—",
                            voc.package_state_text(p.get("state")),
                            tr("{used} de {limit}").format(used=p.get("download_count") or 0, limit=MAX_DOWNLOADS),
                            _num(p.get("documents")),
                            voc.size_text(p.get("size")),
                            voc.status_message_text({"statusMessage": p["error"]}) if p.get("error") else "",
                        ]
                        for p in packages
                    ],
                )
            )
        else:
            parts.append(f"<p>{escape(tr('El SAT todavía no entrega paquetes para esta solicitud.'))}</p>")
        parts.append(f"<h3>{escape(tr('Bitácora (cada respuesta del SAT)'))}</h3>")
        if events:
            parts.append(
                _grid(
                    [
                        tr("Fecha"),
                        tr("Operación"),
                        tr("CodEstatus"),
                        tr("EstadoSolicitud"),
                        tr("Código"),
                        tr("Mensaje"),
                    ],
                    [
                        [
                            voc.moment_text(e.get("at")),
                            voc.operation_text(e.get("operation")),
                            _code(e.get("sat_code")),
                            voc.sat_state_text(e.get("sat_state")) if e.get("sat_state") is not None else "—",
                            _code(e.get("sat_state_code")),
                            voc.event_message_text(e.get("operation"), e.get("message")),
                        ]
                        for e in events
                    ],
                )
            )
        else:
            parts.append(f"<p>{escape(tr('Todavía no hay respuestas del SAT.'))}</p>")
        return "".join(parts)

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        if self._request_id:
            self.retry_requested.emit(self._request_id)
