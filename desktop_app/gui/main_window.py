"""The main window: side navigation, one page per area, a status bar with the sync state, the tray icon.

Pages live in their feature folders and receive the shared :class:`AppContext`; this module only arranges
them and relays the poller's news (status bar, tray notifications, the FIEL-expiry banner), and asks for the
e.firma password when a job needs it and the keyring cannot give it (:class:`PasswordDialog`).

Notifications go through :meth:`MainWindow.notify` (the tray's balloon where there is a tray) and the tray menu
exists even where the platform has no tray, so both can be tested offscreen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.sync import SyncEvent
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.history.status_notes import request_note
from desktop_app.gui.invoices.verify import cancelled_notification
from desktop_app.gui.messages import describe, headline
from desktop_app.gui.password_dialog import PasswordDialog
from desktop_app.gui.workers.poller import PassResult

# The smallest window every page fits without cutting a number (issue 16.6: 800×600 screens).
MINIMUM_SIZE = QSize(780, 540)
GEOMETRY_KEY = "window/geometry"
SPLITTER_KEY = "window/splitter/{name}"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


FIEL_WARNING_DAYS = 30
NOTIFICATION_MS = 8000

# The sections, in order: (key, title). Titles are translated where shown, so a language switch retitles them.
SECTIONS = [
    ("summary", QT_TRANSLATE_NOOP("MainWindow", "Resumen")),
    ("history", QT_TRANSLATE_NOOP("MainWindow", "Solicitudes")),
    ("invoices", QT_TRANSLATE_NOOP("MainWindow", "Facturas")),
    ("reports", QT_TRANSLATE_NOOP("MainWindow", "Reportes")),
    ("schedule", QT_TRANSLATE_NOOP("MainWindow", "Programación")),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "Configuración")),
]


class MainWindow(QMainWindow):
    """Resumen, Solicitudes, Facturas, Reportes, Programación, Configuración.

    Attributes:
        tray_menu: the tray icon's menu (built even where the platform has no tray).
        notifications: (title, message) of every notification shown this session, newest last.

    Signals:
        pages_rebuilt(): the pages were built again in a new language (``self.pages`` holds the new ones).
    """

    pages_rebuilt = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._rebuild_pending = False
        self._pages_stale = False
        self._told_in_tray = False  # the first close to the tray says where the app went, once
        self._quitting = False  # «Salir»: the close that ends the app
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # The session ending (log out, shut down): its close ends the app, never hides it in the tray — a
            # window that ignores that close may hold the system's shutdown up.
            app.commitDataRequest.connect(self._on_session_ending)
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.resize(1180, 760)
        self.notifications: list[tuple[str, str]] = []
        # requests a pass finished, told together when it ends (``_notify_completed``)
        self._completed: list[SyncEvent] = []
        self._password_dialog: PasswordDialog | None = None
        self._waiting_password: list[str] = []  # RFCs whose jobs wait for the e.firma password, in order
        self._declined: set[str] = set()  # RFCs whose password dialog the user cancelled (asked again on demand)
        self._told_missing: set[str] = set()

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
        # The office server out of reach (issue 19.5): said once, above the pages, which keep what they show.
        self.server_banner = QLabel()
        self.server_banner.setObjectName("officeServerBanner")
        self.server_banner.setWordWrap(True)
        self.server_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.server_banner.setStyleSheet("QLabel { padding: 6px; border: 1px solid palette(mid); }")
        self.server_banner.hide()

        top = QHBoxLayout()
        self.profile_label = QLabel()
        self.profile_label.setBuddy(self.profile_combo)
        top.addWidget(self.profile_label)
        top.addWidget(self.profile_combo, 1)
        top.addStretch(3)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.server_banner)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.sync_label = QLabel(tr("Sincronización en espera"))
        # What the status bar says, as the words to render again when the language changes (an outside audit: it
        # kept the old language after a switch): (kind, its argument) — see ``_render_sync``.
        self._sync_state: tuple[str, Any] = ("idle", None)
        self.sync_label.setObjectName("syncStatus")
        self.sync_label.setAccessibleName(tr("Estado de la sincronización"))
        self.password_button = QPushButton()
        self.password_button.setObjectName("passwordButton")
        self.password_button.setFlat(True)
        self.password_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.password_button.hide()
        self.password_button.clicked.connect(self._on_password_button_clicked)
        self.statusBar().addPermanentWidget(self.sync_label)
        self._last_pass: PassResult | None = None
        self._countdown = QTimer(self)  # refreshes "próxima consulta en N min" while requests wait
        self._countdown.setInterval(20_000)
        self._countdown.timeout.connect(self._on_countdown)
        self.statusBar().addPermanentWidget(self.password_button)

        self._build_pages()
        self._build_menu()
        self.tray_menu = self._build_tray_menu()
        self.tray = self._build_tray()
        self._retranslate()

        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.profile_combo.currentIndexChanged.connect(self._on_profile_combo_changed)
        context.profiles_changed.connect(self._reload_profiles)
        context.service_changed.connect(self.server_banner.hide)
        context.profile_changed.connect(self._on_profile_changed)
        context.password_needed.connect(self.ask_password)
        context.password_given.connect(self._on_context_password_given)
        if context.poller is not None:
            context.poller.sync_event.connect(self._on_poller_sync_event)
            context.poller.pass_finished.connect(self._on_poller_pass_finished)
            context.poller.busy_changed.connect(self._on_poller_busy_changed)
        self._reload_profiles()
        self._update_banner()
        self.setMinimumSize(MINIMUM_SIZE)
        self.restore_layout()

    # -- construction ---------------------------------------------------------------------------------------

    @staticmethod
    def _page_classes() -> dict[str, Any]:
        from desktop_app.gui.history.page import HistoryPage
        from desktop_app.gui.invoices.page import InvoicesPage
        from desktop_app.gui.reports.page import ReportsPage
        from desktop_app.gui.schedule.page import SchedulePage
        from desktop_app.gui.settings.page import SettingsPage
        from desktop_app.gui.summary.page import SummaryPage

        classes: dict[str, Any] = {"summary": SummaryPage, "history": HistoryPage, "invoices": InvoicesPage}
        classes.update(reports=ReportsPage, schedule=SchedulePage, settings=SettingsPage)
        return classes

    def _new_page(self, key: str) -> QWidget:
        page: QWidget = self._page_classes()[key](self.context, self)
        page.setObjectName(f"{key}Page")
        return page

    def _build_pages(self) -> None:
        style = self.style()
        icons = {
            "summary": QStyle.StandardPixmap.SP_ComputerIcon,
            "history": QStyle.StandardPixmap.SP_BrowserReload,
            "invoices": QStyle.StandardPixmap.SP_FileDialogDetailedView,
            "reports": QStyle.StandardPixmap.SP_FileDialogContentsView,
            "schedule": QStyle.StandardPixmap.SP_FileDialogInfoView,
            "settings": QStyle.StandardPixmap.SP_FileDialogListView,
        }
        for key, _title in SECTIONS:
            page = self._new_page(key)
            self.pages[key] = page
            # A screen too short for a page scrolls it instead of squeezing its widgets over one another (an
            # 800×600 screen with the keyring warning shown, say); a page that fits fills the view as before.
            holder = QScrollArea()
            holder.setObjectName(f"{key}Scroll")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the page's widgets, not to the scroll area
            holder.setWidget(page)
            self.stack.addWidget(holder)
            self.nav.addItem(QListWidgetItem(style.standardIcon(icons[key]), ""))

    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.sync_action = QAction(self)
        self.sync_action.setObjectName("syncNowAction")
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(self.sync_now)
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit)
        self.file_menu.addAction(self.quit_action)
        self.go_menu = self.menuBar().addMenu("")
        self.go_actions: list[QAction] = []
        for row, key in enumerate(self.pages):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            action.setObjectName(f"goto_{key}")
            self.go_menu.addAction(action)
            self.go_actions.append(action)

    def _build_tray_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("trayMenu")
        self.tray_show_action = menu.addAction("", self.show_from_tray)
        self.tray_show_action.setObjectName("trayShowAction")
        self.tray_sync_action = menu.addAction("", self.sync_now)
        self.tray_sync_action.setObjectName("traySyncAction")
        menu.addSeparator()
        self.tray_quit_action = menu.addAction("", self.quit)
        self.tray_quit_action.setObjectName("trayQuitAction")
        return menu

    def _build_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(app_icon(), self)
        tray.setContextMenu(self.tray_menu)
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        return tray

    def _retranslate(self) -> None:
        """Every text of the window itself, again in the current language (Qt sent a LanguageChange)."""
        self.setWindowTitle(tr("Descarga Masiva SAT") + (tr(" — demostración") if self.context.demo else ""))
        self.nav.setAccessibleName(tr("Secciones"))
        for row, (_key, title) in enumerate(SECTIONS):
            item = self.nav.item(row)
            item.setText(tr(title))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, tr(title))
            self.go_actions[row].setText(tr(title))
        self.profile_combo.setAccessibleName(tr("RFC activo"))
        self.profile_label.setText(tr("&RFC:"))
        self.banner.setAccessibleName(tr("Aviso de vencimiento de la e.firma"))
        self.sync_label.setAccessibleName(tr("Estado de la sincronización"))
        if self._sync_state[0] != "pass" or self.isVisible():  # a closed window's service may be closed too
            self._render_sync()
        self.password_button.setText(tr("Escribir la contraseña de la e.firma…"))
        self.password_button.setAccessibleName(tr("Escribir la contraseña de la e.firma"))
        self.file_menu.setTitle(tr("&Archivo"))
        self.sync_action.setText(tr("&Sincronizar ahora"))
        self.quit_action.setText(tr("&Salir"))
        self.go_menu.setTitle(tr("&Ir a"))
        self.tray_show_action.setText(tr("Mostrar"))
        self.tray_sync_action.setText(tr("Sincronizar ahora"))
        self.tray_quit_action.setText(tr("Salir"))
        if self.tray is not None:
            self.tray.setToolTip(tr("Descarga Masiva SAT"))
        if self.isVisible():  # a closed window (its service may be closed too) keeps its last words
            self._update_banner()

    # -- profiles ---------------------------------------------------------------------------------------------

    @Slot()
    def _reload_profiles(self) -> None:
        try:
            profiles = self.context.service.profile_records()
        except AppError:  # the office server out of reach: the list stays as it was
            return
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in profiles:
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
        try:
            status = self.context.service.fiel_status(profile.rfc)
        except AppError:
            return
        if status.expired:
            self.banner.setText(
                tr("⚠ La e.firma de {rfc} venció el {date}. Renuévala en el SAT para seguir descargando.").format(
                    rfc=profile.rfc, date=formatting.certificate_day(status.expires_at)
                )
            )
            self.banner.show()
        elif status.days_left < FIEL_WARNING_DAYS:
            days = int(status.days_left)
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
            self.banner.setText(text.format(rfc=profile.rfc, date=formatting.certificate_day(status.expires_at)))
            self.banner.show()
        else:
            self.banner.hide()

    # -- sync ---------------------------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """The user asked for a sync: an RFC waiting for its password is asked for it again."""
        self._declined.clear()
        if self._waiting_password:
            self.ask_password(self._waiting_password[0])
        if self.context.poller is not None:
            self.context.poller.sync_now()

    def notify(self, title: str, message: str, warning: bool = False) -> None:
        """Tell the user something happened while they may be looking elsewhere (the tray's balloon)."""
        self.notifications.append((title, message))
        if self.tray is not None:
            icon = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, message, icon, NOTIFICATION_MS)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_tray_activated(self, _reason: QSystemTrayIcon.ActivationReason) -> None:
        self.show_from_tray()

    @Slot(bool)
    def _on_poller_busy_changed(self, busy: bool) -> None:
        if busy:
            self._countdown.stop()
            self._say("busy")
        elif self._sync_state[0] == "busy":  # the pass said nothing of its own: never left "Sincronizando"
            if self._last_pass is not None:
                self._show_pass(self._last_pass)
            else:
                self._say("idle")

    @Slot(object)
    def _on_poller_sync_event(self, event: SyncEvent) -> None:
        self.context.data_changed.emit()
        if event.kind == "invoices_cancelled":  # the daily re-check: received invoices SAT cancelled (issue 17.3)
            self.notify(*cancelled_notification(event), warning=True)
        if event.kind == "completed":
            self._completed.append(event)  # told with the others of its pass
        elif event.kind in ("failed", "expired"):
            title = tr("Solicitud con error") if event.kind == "failed" else tr("Paquetes vencidos")
            self.notify(title, request_note(event), warning=True)

    def _notify_completed(self) -> None:
        """The requests a pass finished: one of them as itself; several in one balloon, only when they brought
        documents — a first sync finishes hundreds (a balloon each, before) and a daily run four that usually
        find nothing new."""
        done, self._completed = self._completed, []
        if len(done) == 1:
            self.notify(tr("Solicitud terminada"), request_note(done[0]))
            return
        documents = sum(
            int(event.note.params.get("count") or 0)
            for event in done
            if event.note is not None and event.note.code == "completed"
        )
        if documents:
            self.notify(
                tr("Solicitudes terminadas"),
                tr("Comprobantes descargados e integrados: {0} (solicitudes terminadas: {1}).").format(
                    formatting.number(documents), formatting.number(len(done))
                ),
            )

    @Slot(object)
    def _on_poller_pass_finished(self, result: PassResult) -> None:
        self._notify_completed()
        if result.error_code == "password_required":
            self._password_missing(result.rfc)
            return
        if result.error_code == "server_unreachable":  # nothing is lost: the pages keep what they show
            self._last_pass = result
            self._countdown.stop()
            self._say("unreachable", result.error_cause)
            self.server_banner.setText(describe("server_unreachable", cause=result.error_cause))
            self.server_banner.show()
            return
        self.server_banner.hide()
        self._last_pass = result
        self._show_pass(result)
        self.context.data_changed.emit()
        self._update_banner()

    def _say(self, kind: str, argument: Any = None) -> None:
        """Put the status bar in state ``kind`` and say it (:meth:`_render_sync`)."""
        self._sync_state = (kind, argument)
        self._render_sync()

    def _render_sync(self) -> None:
        """The status bar's words for its state, in the current language."""
        kind, argument = self._sync_state
        if kind == "pass":
            self._show_pass(argument)
            return
        texts = {
            "idle": lambda: tr("Sincronización en espera"),
            "busy": lambda: tr("⟳ Sincronizando con el SAT…"),
            "unreachable": lambda: headline("server_unreachable", cause=argument),
            "password": lambda: tr(
                "⚠ {rfc}: falta la contraseña de la e.firma; no se descarga nada hasta que la escribas."
            ).format(rfc=argument),
            "resumed": lambda: tr("⟳ Contraseña aceptada; continúa la sincronización…"),
        }
        self.sync_label.setText(texts[kind]())

    def _show_pass(self, result: PassResult) -> None:
        """The status bar after a pass, honestly: "✓ Al día" only when nothing waits and the RFC can download
        (activated, with an e.firma in force); waiting requests say when SAT is asked next and what that means."""
        self._sync_state = ("pass", result)
        self.sync_label.setToolTip("")
        if not result.ok:
            self._countdown.stop()
            message = describe(result.error_code or "", None, cause=result.error_cause)
            self.sync_label.setText(tr("⚠ {rfc}: {message}").format(rfc=result.rfc, message=message))
            return
        pending = result.open_requests
        if not pending:
            self._countdown.stop()
            blocked = self._cannot_download(result.rfc)
            self.sync_label.setText(
                tr("⚠ {rfc}: {why}").format(rfc=result.rfc, why=blocked) if blocked else tr("✓ Al día")
            )
            return
        text = (
            QCoreApplication.translate("MainWindow", "⟳ %n solicitud en proceso en el SAT", None, pending)
            if pending == 1
            else QCoreApplication.translate("MainWindow", "⟳ %n solicitudes en proceso en el SAT", None, pending)
        )
        if result.next_check_at:
            seconds = (result.next_check_at - to_ms(self.context.service.now())) / 1000
            text += " · " + tr("el SAT se consulta de nuevo {when}").format(when=formatting.until_text(seconds))
            if not self._countdown.isActive():
                self._countdown.start()
        self.sync_label.setText(text)
        self.sync_label.setToolTip(
            tr(
                "El SAT prepara los paquetes de cada solicitud a su ritmo: unos minutos, a veces horas. La "
                "aplicación le pregunta sola cada pocos minutos y descarga en cuanto están listos; no hace falta "
                "dejar esta ventana abierta si instalaste la tarea del sistema. Descargar el historial completo "
                "(cuatro solicitudes por mes: emitidos y recibidos, en XML y en metadatos) suele tomar de uno a dos "
                "días."
            )
        )

    def _cannot_download(self, rfc: str) -> str:
        """Why ``rfc`` downloads nothing now ("" when it can): not activated, no e.firma, an expired one."""
        try:
            profile = self.context.service.profile_record(rfc)
            status = self.context.service.fiel_status(rfc)
        except AppError:
            return ""
        if not profile.activated:
            return tr("la descarga masiva no está activada (actívala en Configuración)")
        if not status.uploaded:
            return tr("no hay e.firma cargada; no se descarga nada")
        if status.expired:
            return tr("la e.firma venció; no se descarga nada hasta que cargues una vigente")
        return ""

    @Slot()
    def _on_countdown(self) -> None:
        if self._last_pass is not None and self._last_pass.ok and self._last_pass.open_requests:
            self._show_pass(self._last_pass)
        else:
            self._countdown.stop()

    # -- the e.firma password -------------------------------------------------------------------------------

    def _password_missing(self, rfc: str) -> None:
        """A pass of ``rfc`` needs the password and core has none: ask (once), and say what waits for it."""
        if rfc not in self._waiting_password:
            self._waiting_password.append(rfc)
        self._say("password", rfc)
        self.password_button.show()
        if rfc not in self._told_missing and not self.isVisible():
            self._told_missing.add(rfc)  # minimised to the tray: say why nothing arrives
            self.notify(
                tr("Falta la contraseña de la e.firma"),
                tr("Abre la ventana y escribe la contraseña de la e.firma de {rfc} para seguir descargando.").format(
                    rfc=rfc
                ),
                warning=True,
            )
        if rfc not in self._declined:
            self.ask_password(rfc)

    @Slot(str)
    def ask_password(self, rfc: str = "") -> PasswordDialog | None:
        """The password dialog for ``rfc`` (the first RFC waiting for one by default); one at a time."""
        rfc = rfc or (self._waiting_password[0] if self._waiting_password else self.context.rfc)
        if not rfc:
            return None
        if self._password_dialog is not None:
            return self._password_dialog
        dialog = PasswordDialog(self.context, rfc, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_given.connect(self.context.password_given)
        dialog.finished.connect(self._on_password_dialog_finished)
        self._password_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_password_button_clicked(self) -> None:
        self._declined.clear()
        self.ask_password()

    @Slot(int)
    def _on_password_dialog_finished(self, result: int) -> None:
        dialog, self._password_dialog = self._password_dialog, None
        if dialog is not None and result == QDialog.DialogCode.Rejected:
            self._declined.add(dialog.rfc)  # not asked again by itself; the status bar keeps the way back
        waiting = [rfc for rfc in self._waiting_password if rfc not in self._declined]
        if waiting:  # another RFC also waits
            QTimer.singleShot(0, self._ask_next_password)

    @Slot()
    def _ask_next_password(self) -> None:
        waiting = [rfc for rfc in self._waiting_password if rfc not in self._declined]
        if waiting and self._password_dialog is None:
            self.ask_password(waiting[0])

    @Slot(str)
    def _on_context_password_given(self, rfc: str) -> None:
        was_waiting = rfc in self._waiting_password
        if was_waiting:
            self._waiting_password.remove(rfc)
        self._declined.discard(rfc)
        self._told_missing.discard(rfc)
        self.password_button.setVisible(bool(self._waiting_password))
        if was_waiting and not self._waiting_password:
            self._say("resumed")
        if self.context.poller is not None:
            self.context.poller.password_given(rfc)

    # -- the setup wizard ---------------------------------------------------------------------------------

    def open_wizard(self) -> Any:
        """The first-run wizard (also from Configuración, to add another RFC)."""
        from desktop_app.gui.wizard.wizard import SetupWizard

        wizard = SetupWizard(self.context, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(self._on_wizard_finished)
        wizard.open()
        self._wizard = wizard
        return wizard

    @Slot(int)
    def _on_wizard_finished(self, _result: int) -> None:
        self.context.notify_profiles_changed()
        self.activateWindow()  # the keyboard comes back to the window (some window managers leave it nowhere)

    # -- tray and closing ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized() and self.tray is not None:
            # Minimised to the tray: the poller (and with it the daily schedule) keeps running.
            QTimer.singleShot(0, self.hide)
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if not self.isVisible():  # a closed window (its service may be closed too) rebuilds when shown again
                self._pages_stale = True
            elif not self._rebuild_pending:  # once, after Qt has delivered the change to every widget
                self._rebuild_pending = True
                QTimer.singleShot(0, self._rebuild_pages)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pages_stale:
            self._pages_stale = False
            self._rebuild_pages()

    @Slot()
    def _rebuild_pages(self) -> None:
        """Every page but Configuración built again in the new language: a page sets its fixed texts once, when
        it is built, so building it again is how all of them (labels, headers, tooltips, filters) follow a
        language switch without a restart. Configuración — where the switch happens — retranslates itself and
        stays. What the rebuilt pages lose is their view state (filters, selection); the splitters are kept."""
        self._rebuild_pending = False
        if not self.isVisible():  # closed meanwhile
            self._pages_stale = True
            return
        self.save_layout()
        for index, (key, _title) in enumerate(SECTIONS):
            if key == "settings":
                continue
            old = self.pages[key]
            shutdown = getattr(old, "shutdown", None)
            if shutdown is not None:
                shutdown()
            page = self._new_page(key)
            holder = self.stack.widget(index)
            assert isinstance(holder, QScrollArea)
            holder.takeWidget()
            holder.setWidget(page)
            old.deleteLater()
            self.pages[key] = page
        self._restore_splitters()
        self.pages_rebuilt.emit()

    def show_from_tray(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # -- remembered layout ------------------------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Size, position and every named splitter as the user left them (nothing when there are no settings
        or what they hold does not fit this screen: Qt's ``restoreGeometry`` keeps a window on a screen)."""
        settings = self.context.settings
        if settings is None:
            return
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._restore_splitters()

    def _restore_splitters(self) -> None:
        settings = self.context.settings
        if settings is None:
            return
        for splitter in self.findChildren(QSplitter):
            state = settings.value(SPLITTER_KEY.format(name=splitter.objectName())) if splitter.objectName() else None
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    def save_layout(self) -> None:
        settings = self.context.settings
        if settings is None:
            return
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                settings.setValue(SPLITTER_KEY.format(name=splitter.objectName()), splitter.saveState())

    @Slot()
    def _on_session_ending(self, *_args: object) -> None:
        self._quitting = True

    @Slot()
    def quit(self) -> None:
        """«Salir» (the menu, Ctrl+Q, the tray's): the app ends, its poller stopped."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.tray is not None and not self._quitting:
            # The window's close button with a tray: the app stays there, and with it the daily download and a
            # history download under way (closing ended both without a word, against the wizard's «mientras esté
            # abierta o en la bandeja»). «Salir» ends it.
            event.ignore()
            self.save_layout()
            self.hide()
            if not self._told_in_tray:
                self._told_in_tray = True
                self.notify(
                    tr("Descarga Masiva sigue en la bandeja"),
                    tr(
                        "La descarga diaria continúa. Para abrir la ventana, haz clic en el ícono; para salir, "
                        "usa «Salir» en su menú."
                    ),
                )
            return
        self.save_layout()
        self._countdown.stop()
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

    path = resources.files("desktop_app.resources") / "icons" / "app.svg"
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
