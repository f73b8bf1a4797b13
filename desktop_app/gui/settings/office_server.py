"""Configuración → «Servidor de la oficina» (issue 19.5): the window works on the firm's office server instead of
this computer's data home, and back.

The URL is a window setting (``QSettings``: ``office_server/url``, and ``office_server/enabled`` while the window
works on it); the API key is a secret, kept by :class:`~desktop_app.core.remote.OfficeLink` in the OS keyring (in
this session's memory when there is none) — never in the settings, a file or a log. Checking a server is network
work: it runs in the background, and its answer (how many RFC the key covers, or why not) shows under the fields.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.core.errors import AppError
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background

URL_KEY = "office_server/url"
ENABLED_KEY = "office_server/enabled"


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


def saved_server(settings: Any) -> tuple[str, bool]:
    """The office server's URL the window remembers, and whether it was working on it when it closed."""
    if settings is None:
        return "", False
    url = str(settings.value(URL_KEY, "") or "")
    enabled = str(settings.value(ENABLED_KEY, "false")).lower() in ("true", "1")
    return url, enabled and bool(url)


class OfficeServerSection(QGroupBox):
    """URL and API key of the office server, «Probar conexión», «Conectar» and «Usar este equipo».

    Signals:
        checked(object): a connection test ended: the profiles the key covers (a tuple), or the AppError.
        switched(str): the window now works on the office server (its URL) or on this computer ("").
    """

    checked = Signal(object)
    switched = Signal(str)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.office = context.office
        self.setObjectName("officeServerSection")
        self._busy = False
        url, _enabled = saved_server(context.settings)
        self.url = QLineEdit(url)
        self.url.setObjectName("officeServerUrl")
        self.url.setPlaceholderText("https://servidor.despacho.mx:8000")
        self.key = QLineEdit(self.office.saved_key() or "")
        self.key.setObjectName("officeServerKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText("dm_…")
        self.test_button = QPushButton()
        self.test_button.setObjectName("testOfficeServerButton")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName("useOfficeServerButton")
        self.connect_button.clicked.connect(self._on_connect_button_clicked)
        self.local_button = QPushButton()
        self.local_button.setObjectName("useThisComputerButton")
        self.local_button.clicked.connect(self._on_local_button_clicked)
        self.status = QLabel()
        self.status.setObjectName("officeServerStatus")
        self.status.setWordWrap(True)

        form = QFormLayout(self)
        self.url_label = QLabel()
        self.url_label.setBuddy(self.url)
        self.key_label = QLabel()
        self.key_label.setBuddy(self.key)
        form.addRow(self.url_label, self.url)
        form.addRow(self.key_label, self.key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.local_button)
        buttons.addStretch()
        holder = QWidget()
        holder.setLayout(buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        form.addRow("", holder)
        form.addRow("", self.status)
        context.service_changed.connect(self._update)
        self._retranslate()
        self._update()

    def _retranslate(self) -> None:
        self.setTitle(tr("Servidor de la oficina"))
        self.url_label.setText(tr("Direcció&n:"))
        self.key_label.setText(tr("Cla&ve de acceso:"))
        self.url.setAccessibleName(tr("Dirección del servidor de la oficina"))
        self.key.setAccessibleName(tr("Clave de acceso al servidor de la oficina"))
        self.key.setToolTip(
            tr("La clave se guarda en el llavero del sistema (o sólo en memoria si no hay); nunca en un archivo.")
        )
        self.test_button.setText(tr("Probar cone&xión"))
        self.connect_button.setText(tr("&Usar el servidor"))
        self.local_button.setText(tr("Usar este equi&po"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update()
        super().changeEvent(event)

    @property
    def on_server(self) -> bool:
        return self.office.remote is not None and self.context.service is self.office.remote

    @Slot()
    def _update(self) -> None:
        self.test_button.setEnabled(not self._busy)
        self.connect_button.setEnabled(not self._busy)
        self.local_button.setEnabled(not self._busy and self.on_server)
        if self._busy:
            return
        if self.on_server:
            self.status.setText(
                tr("La ventana trabaja con el servidor de la oficina: {url}").format(url=self.office.remote.url)
            )
        else:
            self.status.setText(tr("La ventana trabaja con los datos de este equipo."))

    def _fields(self) -> tuple[str, str]:
        return self.url.text().strip(), self.key.text().strip()

    def _start(self, job: Any, on_done: Any) -> None:
        self._busy = True
        self.status.setText(tr("Conectando con el servidor de la oficina…"))
        self._update()
        run_in_background(job, on_done, self._on_failed, owner=self)

    @Slot()
    def _on_test_button_clicked(self) -> None:
        url, key = self._fields()
        office = self.office
        self._start(lambda: office.check(url, key), self._on_tested)

    @Slot(object)
    def _on_tested(self, profiles: tuple[Any, ...]) -> None:
        self._busy = False
        self._update()
        self.status.setText(self._covers(profiles))
        self.checked.emit(profiles)

    def _covers(self, profiles: tuple[Any, ...]) -> str:
        rfcs = ", ".join(p.rfc for p in profiles) or "—"
        return tr("✓ Conexión correcta. RFC a los que da acceso la clave: {rfcs}.").format(rfcs=rfcs)

    @Slot()
    def _on_connect_button_clicked(self) -> None:
        url, key = self._fields()
        office = self.office
        self._start(lambda: office.connect(url, key), self._on_connected)

    @Slot(object)
    def _on_connected(self, remote: Any) -> None:
        self._busy = False
        settings = self.context.settings
        if settings is not None:  # the URL only: the key is in the keyring
            settings.setValue(URL_KEY, remote.url)
            settings.setValue(ENABLED_KEY, True)
        self.context.set_service(remote)
        self._update()
        self.switched.emit(remote.url)

    @Slot()
    def _on_local_button_clicked(self) -> None:
        if self.context.settings is not None:
            self.context.settings.setValue(ENABLED_KEY, False)
        self.context.set_service(self.office.local)
        self.office.release()
        self._update()
        self.switched.emit("")

    @Slot(object)
    def _on_failed(self, error: AppError) -> None:
        self._busy = False
        self._update()
        self.status.setText("✗ " + describe(error))
        self.checked.emit(error)
