"""The main window: side navigation, one page per area, a status bar with the sync state, the tray icon.

Pages live in their feature folders and receive the shared :class:`AppContext`; this module only arranges
them and relays the poller's news (status bar, tray notifications, the FIEL-expiry banner).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QStyle,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.sync import SyncEvent
from desktop_app.gui.context import AppContext
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.poller import PassResult


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


FIEL_WARNING_DAYS = 30


class MainWindow(QMainWindow):
    """Resumen, Solicitudes, Facturas, Programación, Configuración."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("mainWindow")
        self.setWindowTitle(tr("Descarga Masiva SAT") + (tr(" — demostración") if context.demo else ""))
        self.setWindowIcon(app_icon())
        self.resize(1180, 760)

        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(tr("Secciones"))
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")

        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profileSelector")
        self.profile_combo.setAccessibleName(tr("RFC activo"))
        self.banner = QLabel()
        self.banner.setObjectName("fielBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName(tr("Aviso de vencimiento de la e.firma"))
        self.banner.setStyleSheet("QLabel { padding: 6px; border: 1px solid palette(mid); }")
        self.banner.hide()

        top = QHBoxLayout()
        label = QLabel(tr("&RFC:"))
        label.setBuddy(self.profile_combo)
        top.addWidget(label)
        top.addWidget(self.profile_combo, 1)
        top.addStretch(3)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.sync_label = QLabel(tr("Sincronización en espera"))
        self.sync_label.setObjectName("syncStatus")
        self.sync_label.setAccessibleName(tr("Estado de la sincronización"))
        self.statusBar().addPermanentWidget(self.sync_label)

        self._build_pages()
        self._build_menu()
        self.tray = self._build_tray()

        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.profile_combo.currentIndexChanged.connect(self._on_profile_combo_changed)
        context.profiles_changed.connect(self._reload_profiles)
        context.profile_changed.connect(self._on_profile_changed)
        if context.poller is not None:
            context.poller.sync_event.connect(self._on_poller_sync_event)
            context.poller.pass_finished.connect(self._on_poller_pass_finished)
            context.poller.busy_changed.connect(self._on_poller_busy_changed)
        self._reload_profiles()
        self._update_banner()

    # -- construction ---------------------------------------------------------------------------------------

    def _build_pages(self) -> None:
        from desktop_app.gui.history.page import HistoryPage
        from desktop_app.gui.invoices.page import InvoicesPage
        from desktop_app.gui.schedule.page import SchedulePage
        from desktop_app.gui.settings.page import SettingsPage
        from desktop_app.gui.summary.page import SummaryPage

        style = self.style()
        sections = [
            ("summary", tr("Resumen"), SummaryPage, QStyle.StandardPixmap.SP_ComputerIcon),
            ("history", tr("Solicitudes"), HistoryPage, QStyle.StandardPixmap.SP_BrowserReload),
            ("invoices", tr("Facturas"), InvoicesPage, QStyle.StandardPixmap.SP_FileDialogDetailedView),
            ("schedule", tr("Programación"), SchedulePage, QStyle.StandardPixmap.SP_FileDialogInfoView),
            ("settings", tr("Configuración"), SettingsPage, QStyle.StandardPixmap.SP_FileDialogListView),
        ]
        for key, title, page_class, icon in sections:
            page = page_class(self.context, self)
            page.setObjectName(f"{key}Page")
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(style.standardIcon(icon), title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.nav.addItem(item)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&Archivo"))
        sync = QAction(tr("&Sincronizar ahora"), self)
        sync.setObjectName("syncNowAction")
        sync.setShortcut(QKeySequence("F5"))
        sync.triggered.connect(self.sync_now)
        file_menu.addAction(sync)
        file_menu.addSeparator()
        quit_action = QAction(tr("&Salir"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go = self.menuBar().addMenu(tr("&Ir a"))
        for row, key in enumerate(self.pages):
            action = QAction(self.nav.item(row).text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            action.setObjectName(f"goto_{key}")
            go.addAction(action)

    def _build_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(app_icon(), self)
        tray.setToolTip(tr("Descarga Masiva SAT"))
        menu = QMenu(self)
        menu.addAction(tr("Mostrar"), self.show_from_tray)
        menu.addAction(tr("Sincronizar ahora"), self.sync_now)
        menu.addSeparator()
        menu.addAction(tr("Salir"), self.close)
        tray.setContextMenu(menu)
        tray.activated.connect(lambda _reason: self.show_from_tray())
        tray.show()
        return tray

    # -- profiles ---------------------------------------------------------------------------------------------

    @Slot()
    def _reload_profiles(self) -> None:
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in self.context.service.profiles.list():
            label = f"{profile.rfc} — {profile.name}" if profile.name else profile.rfc
            self.profile_combo.addItem(label, profile.rfc)
        index = self.profile_combo.findData(self.context.rfc)
        self.profile_combo.setCurrentIndex(max(index, 0))
        self.profile_combo.blockSignals(False)
        self._update_banner()

    @Slot(int)
    def _on_profile_combo_changed(self, index: int) -> None:
        rfc = self.profile_combo.itemData(index)
        if rfc:
            self.context.set_rfc(rfc)

    @Slot(str)
    def _on_profile_changed(self, _rfc: str) -> None:
        self._reload_profiles()

    def _update_banner(self) -> None:
        profile = self.context.profile()
        if profile is None or profile.fiel_expires_at is None:
            self.banner.hide()
            return
        status = self.context.service.profiles.fiel_status(profile)
        if status["expired"]:
            self.banner.setText(
                tr("⚠ La e.firma de {rfc} venció el {date}. Renuévala en el SAT para seguir descargando.").format(
                    rfc=profile.rfc, date=status["expires_at_readable"][:10]
                )
            )
            self.banner.show()
        elif status["days_left"] < FIEL_WARNING_DAYS:
            days = int(status["days_left"])
            text = (  # %n: Qt's plural forms in English; Spanish needs its own singular
                QCoreApplication.translate(
                    "MainWindow",
                    "⚠ La e.firma de {rfc} vence en %n día ({date}). Renuévala a tiempo en el SAT.",
                    None,
                    days,
                )
                if days == 1
                else QCoreApplication.translate(
                    "MainWindow",
                    "⚠ La e.firma de {rfc} vence en %n días ({date}). Renuévala a tiempo en el SAT.",
                    None,
                    days,
                )
            )
            self.banner.setText(text.format(rfc=profile.rfc, date=status["expires_at_readable"][:10]))
            self.banner.show()
        else:
            self.banner.hide()

    # -- sync ---------------------------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        if self.context.poller is not None:
            self.context.poller.sync_now()

    @Slot(bool)
    def _on_poller_busy_changed(self, busy: bool) -> None:
        if busy:
            self.sync_label.setText(tr("⟳ Sincronizando con el SAT…"))

    @Slot(object)
    def _on_poller_sync_event(self, event: SyncEvent) -> None:
        self.context.data_changed.emit()
        if event.kind in ("completed", "failed", "expired") and self.tray is not None:
            title = {
                "completed": tr("Solicitud terminada"),
                "failed": tr("Solicitud con error"),
                "expired": tr("Paquetes vencidos"),
            }[event.kind]
            icon = (
                QSystemTrayIcon.MessageIcon.Information
                if event.kind == "completed"
                else QSystemTrayIcon.MessageIcon.Warning
            )
            self.tray.showMessage(title, event.message, icon, 8000)

    @Slot(object)
    def _on_poller_pass_finished(self, result: PassResult) -> None:
        if result.ok:
            pending = result.open_requests
            if not pending:
                text = tr("✓ Al día")
            elif pending == 1:
                text = QCoreApplication.translate("MainWindow", "⟳ %n solicitud en proceso en el SAT", None, pending)
            else:
                text = QCoreApplication.translate("MainWindow", "⟳ %n solicitudes en proceso en el SAT", None, pending)
        else:
            text = tr("⚠ {rfc}: {message}").format(rfc=result.rfc, message=describe(result.error_code or "", None))
        self.sync_label.setText(text)
        self.context.data_changed.emit()
        self._update_banner()

    # -- the setup wizard ---------------------------------------------------------------------------------

    def open_wizard(self) -> Any:
        """The first-run wizard (also from Configuración, to add another RFC)."""
        from desktop_app.gui.wizard.wizard import SetupWizard

        wizard = SetupWizard(self.context, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda _result: self.context.notify_profiles_changed())
        wizard.open()
        self._wizard = wizard
        return wizard

    # -- tray and closing ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized() and self.tray is not None:
            # Minimised to the tray: the poller (and with it the daily schedule) keeps running.
            QTimer.singleShot(0, self.hide)
        super().changeEvent(event)

    def show_from_tray(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            shutdown = getattr(page, "shutdown", None)
            if shutdown is not None:
                shutdown()
        if self.context.poller is not None:
            self.context.poller.stop()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)


def app_icon() -> QIcon:
    from importlib import resources

    path = resources.files("desktop_app") / "resources" / "icons" / "app.svg"
    icon = QIcon(str(path)) if path.is_file() else QIcon()
    if icon.isNull():
        app = QApplication.instance()
        style = app.style() if isinstance(app, QApplication) else None
        if style is not None:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
    return icon


def show_page(window: MainWindow, key: str) -> Any:
    """Switch to a page by key (tests and the tray use it)."""
    row = list(window.pages).index(key)
    window.nav.setCurrentRow(row)
    return window.pages[key]
