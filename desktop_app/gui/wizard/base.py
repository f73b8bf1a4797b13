"""What every page of the setup wizard shares: the state the pages hand on, background jobs, status text.

The wizard is a transaction (issue 16): pages only check and remember in :class:`WizardState`; nothing is
written until "Terminar" (:func:`desktop_app.core.setup.apply_setup`), so going back or cancelling leaves nothing.

Pages never wait on SAT, key decryption or disk: work goes through :func:`run_in_background` and its result
comes back on the GUI thread. A page whose "Siguiente" (or "Terminar") needs such work starts it from
``validatePage`` and moves on by itself when it finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from desktop_app.core.clock import from_ms
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import CertificateInfo
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs import show_error
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background

# Page ids, in the order the user walks them.
PROFILE, ACTIVATION, FIEL, REGISTRATION, SCHEDULE, DONE = range(6)

# Status is told by a symbol and words, never by colour alone.
OK, WARNING, BUSY, INFO, TODO = "✓", "⚠", "⟳", "ℹ", "○"


def tr(text: str) -> str:
    return QCoreApplication.translate("SetupWizard", text)


@dataclass(frozen=True)
class FielUpload:
    """A FIEL the FIEL page validated, with what ``upload_fiel`` needs. The password never shows in a repr."""

    cer: bytes = field(repr=False)
    key: bytes = field(repr=False)
    password: str = field(repr=False)
    info: CertificateInfo = field(repr=False)
    sync_start_date: str
    phone: str | None


@dataclass
class WizardState:
    """What one page learns and a later page needs; applied at "Terminar" only.

    Attributes:
        rfc: the RFC once the profile page is done.
        name: the name typed for a new profile.
        profile: ``core.setup.profile_preview``: the stored profile (``existed``) or what a new one would be.
        activated: the profile is activated, or the user gave consent on the activation page.
        upload: the FIEL validated on the FIEL page, or None to keep the one already stored.
        registration: SAT's answer to the registration (``DescargaService.authenticate``), or None.
        registered: the ``upload`` that ``registration`` is for (so going back and forth does not ask SAT twice).
        stored: a FIEL is stored for the profile already.
        schedule: the ``set_schedule`` options chosen on the schedule page.
        backfill: the user asked for the history since the start date.
        result: ``apply_setup``'s answer once "Terminar" worked.
    """

    rfc: str = ""
    name: str = ""
    profile: dict[str, Any] = field(default_factory=dict)
    activated: bool = False
    upload: FielUpload | None = None
    registration: dict[str, Any] | None = None
    registered: FielUpload | None = None
    stored: bool = False
    schedule: dict[str, Any] = field(default_factory=dict)
    backfill: bool = False
    result: dict[str, Any] | None = None

    def reset(self) -> None:
        """Forget everything: the user went back and chose another RFC."""
        for name, value in vars(WizardState()).items():
            setattr(self, name, value)


class WizardPageBase(QWizardPage):
    """A page with background jobs and, optionally, work to finish before "Siguiente" moves on.

    Subclasses override :meth:`commit_job` (work that must succeed before leaving the page) and
    :meth:`ready` (what ``isComplete`` requires besides no job running).
    """

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.state = state
        self._jobs = 0
        self._committed = False

    # -- background jobs -----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._jobs > 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[AppError], None],
    ) -> None:
        """Run ``fn`` off the GUI thread; the callbacks run on it, unless the page is gone by then."""
        self._jobs += 1
        self.completeChanged.emit()

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                if not shiboken6.isValid(self):  # the wizard was closed while the job ran
                    return
                self._jobs -= 1
                callback(value)
                self.completeChanged.emit()

            return call

        def failed(error: AppError) -> None:
            on_error(error)
            if error.code == "internal_error":  # a bug, not the user's doing: the crash dialog
                show_error(self, error)

        run_in_background(fn, finish(on_done), finish(failed))

    # -- completion and "Siguiente" ------------------------------------------------------------------------

    def ready(self) -> bool:
        return True

    def isComplete(self) -> bool:
        return not self.busy and self.ready()

    def commit_job(self) -> Callable[[], Any] | None:
        """Work to finish before leaving the page (None: nothing to do)."""
        return None

    def on_committed(self, result: Any) -> None:
        """The commit job's result, on the GUI thread, just before the wizard moves on."""

    def on_commit_failed(self, error: AppError) -> None:
        """The commit job failed: tell the user on the page."""

    def validatePage(self) -> bool:
        if self._committed:  # the commit job finished and moves the wizard on
            self._committed = False
            return True
        # QWizard.next() does not look at isComplete(); keep "Siguiente" and next() equivalent.
        if not self.isComplete():
            return False
        job = self.commit_job()
        if job is None:
            return True
        self.run(job, self._on_commit_done, self.on_commit_failed)
        return False

    def _on_commit_done(self, result: Any) -> None:
        self.on_committed(result)
        wizard = self.wizard()
        # Not if the user cancelled (or went elsewhere) while the job ran.
        if wizard is None or not wizard.isVisible() or wizard.currentPage() is not self or not self.ready():
            return
        self._committed = True  # validatePage() lets the wizard through this once
        if self.isFinalPage():
            wizard.accept()
        else:
            wizard.next()
        self._committed = False


def status_label(object_name: str, accessible_name: str) -> QLabel:
    """A word-wrapped, plain-text, selectable label for status lines (symbol + text)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    # Word-wrapped labels get rows taller than their text in a form: keep the text at the top.
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def paragraph(text: str, object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    return label


def with_symbol(symbol: str, text: str) -> str:
    return f"{symbol} {text}"


def error_text(error: AppError) -> str:
    """The Spanish sentence for an error code, with its symbol."""
    return with_symbol(WARNING, describe(error))


def mexico_time(ms: int | None) -> str:
    """A moment as the user reads it, in Mexico City: ``dd/mm/aaaa hh:mm`` (``M/d/yyyy`` in English, as every other
    page writes days: the wizard wrote 07/12/2026 where the Resumen wrote 12/7/2026)."""
    return formatting.moment_text(ms, "—")


def certificate_day(moment: datetime | int | None) -> str:
    """A certificate's validity date as SAT writes it (UTC), like the Resumen and Configuración pages."""
    if not moment:
        return "—"
    value = from_ms(moment) if isinstance(moment, int) else moment
    return formatting.day_text(value.astimezone(UTC).date())
