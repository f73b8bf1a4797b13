"""What every page of the window shares: the core service, the poller and the chosen profile.

Built once by the composition root (``desktop_app.app``) and handed to each page; there are no
app-wide singletons.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.errors import AppError


class AppContext(QObject):
    """Shared state of one window.

    Signals:
        profile_changed(str): the RFC the window works on changed ("" when there is none).
        profiles_changed(): a profile was added, removed, activated or got a FIEL.
        data_changed(): requests or invoices changed (a sync pass, an import): pages refresh.
    """

    profile_changed = Signal(str)
    profiles_changed = Signal()
    data_changed = Signal()

    def __init__(self, service: Any, poller: Any = None, *, demo: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.poller = poller
        self.demo = demo
        self._rfc = ""
        profiles = service.profiles.list()
        if profiles:
            self._rfc = profiles[0].rfc

    @property
    def rfc(self) -> str:
        return self._rfc

    def set_rfc(self, rfc: str) -> None:
        if rfc != self._rfc:
            self._rfc = rfc
            self.profile_changed.emit(rfc)

    def profile(self) -> Any | None:
        """The current profile, or None when none is configured."""
        if not self._rfc:
            return None
        try:
            return self.service.profiles.get(self._rfc)
        except AppError:
            return None

    def notify_profiles_changed(self) -> None:
        profiles = self.service.profiles.list()
        if self._rfc and all(p.rfc != self._rfc for p in profiles):
            self.set_rfc(profiles[0].rfc if profiles else "")
        elif not self._rfc and profiles:
            self.set_rfc(profiles[0].rfc)
        self.profiles_changed.emit()
