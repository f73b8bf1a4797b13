"""What every page of the window shares: the core service, the poller and the chosen profile.

Built once by the composition root (``desktop_app.app``) and handed to each page; there are no
app-wide singletons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from desktop_app.core.errors import AppError

if TYPE_CHECKING:
    from desktop_app.core.api import DataService
    from desktop_app.core.remote import OfficeLink
    from desktop_app.demo import DemoPrefill

LAST_RFC_KEY = "last_rfc"


class AppContext(QObject):
    """Shared state of one window.

    Args:
        settings: where the window remembers GUI state (the last RFC used); the composition root passes the
            user's ``QSettings``, tests a temporary one or none (nothing remembered).
        demo: the running demo (sandbox and throw-away home), or None outside the demo.
        demo_prefill: what the setup wizard shows already filled in in the demo (SAT's public test e.firma), as
            the composition root that started the demo built it (:func:`desktop_app.demo.wizard_prefill`).
        office: this computer's data home and the office server (Configuración → «Servidor de la oficina»), or
            None where the window cannot switch (tests, the demo).

    Signals:
        service_changed(): the window now works on another data service (the office server, or this computer's
            data home again); ``profiles_changed`` and ``data_changed`` follow, so every page reads again.
        profile_changed(str): the RFC the window works on changed ("" when there is none).
        profiles_changed(): a profile was added, removed, activated or got a FIEL.
        data_changed(): requests or invoices changed (a sync pass, an import): pages refresh.
        password_needed(str): a job needs the e.firma password of this RFC and core had none
            (``password_required``): the window asks for it (any page may emit this).
        password_given(str): the password of this RFC is known now (typed and checked): jobs can go on.
    """

    service_changed = Signal()
    profile_changed = Signal(str)
    profiles_changed = Signal()
    data_changed = Signal()
    password_needed = Signal(str)
    password_given = Signal(str)

    def __init__(
        self,
        service: DataService,
        poller: Any = None,
        *,
        demo: Any = None,
        demo_prefill: DemoPrefill | None = None,
        settings: QSettings | None = None,
        office: OfficeLink | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.office = office
        self._service = service
        self.poller = poller
        self.demo = demo
        self.demo_prefill = demo_prefill
        self.settings = settings
        self._rfc = ""
        last = str(settings.value(LAST_RFC_KEY, "") or "") if settings is not None else ""
        try:
            known = [p.rfc for p in service.profile_records()]
        except AppError:  # the office server out of reach at start: the RFC used last, until it answers
            known = [last] if last else []
        if last in known:  # open where the user left off, not on whichever RFC sorts first
            self._rfc = last
        elif known:
            self._rfc = known[0]
        self._remember_on_server()

    def _remember_on_server(self) -> None:
        """On the office server, the RFC shown is remembered at once: a start while the server is away opens on
        it (there is no list of RFCs to choose from until the server answers)."""
        if self.settings is not None and self._rfc and self._service.local_folder() is None:
            self.settings.setValue(LAST_RFC_KEY, self._rfc)

    @property
    def service(self) -> DataService:
        """Where the window's data is: this computer's data home or the office server (a ``DataService``)."""
        return self._service

    def set_service(self, service: DataService) -> None:
        """Work on ``service`` from now on (Configuración → «Servidor de la oficina»): the poller follows, then
        every page reads again through the usual signals."""
        if service is self._service:
            return
        self._service = service
        if self.poller is not None:
            self.poller.set_service(service)
        self.service_changed.emit()
        self.notify_profiles_changed()
        self._remember_on_server()
        self.data_changed.emit()

    @property
    def rfc(self) -> str:
        return self._rfc

    def set_rfc(self, rfc: str) -> None:
        if rfc != self._rfc:
            self._rfc = rfc
            if self.settings is not None and rfc:
                self.settings.setValue(LAST_RFC_KEY, rfc)
            self.profile_changed.emit(rfc)

    def profile(self) -> Any | None:
        """The current profile, or None when none is configured."""
        if not self._rfc:
            return None
        try:
            return self._service.profile_record(self._rfc)
        except AppError:
            return None

    def notify_profiles_changed(self) -> None:
        try:
            profiles = self._service.profile_records()
        except AppError:  # the office server out of reach: keep the RFC and what the pages show
            return
        if self._rfc and all(p.rfc != self._rfc for p in profiles):
            self.set_rfc(profiles[0].rfc if profiles else "")
        elif not self._rfc and profiles:
            self.set_rfc(profiles[0].rfc)
        self.profiles_changed.emit()
