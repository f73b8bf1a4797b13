"""The one interface between the window and its data (issue 15.4, issue 19.5).

The window never reaches into a data home's parts (its database, ledger, profile store, clock, secret store): it
asks a :class:`DataService`, which is either :class:`~desktop_app.core.service.DescargaService` over a local data
home or :class:`~desktop_app.core.remote.RemoteService` over the office server's HTTP API. What it gets back and
hands between threads are the frozen records below (and the core's own frozen :class:`Profile` and
:class:`RequestRecord`), never a connection or a live object.

The seed's calls that already answer in the seed's JSON shapes (schedule, summary, requests, activation…) keep
their ``dict`` answers: they are the API's documents, the same whether they came from this process or over HTTP.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

from desktop_app.core.browse import Anchor, InvoiceQuery
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.store.profiles import Profile

__all__ = [
    "DataService",
    "FielStatus",
    "Interrupted",
    "InvoiceCount",
    "InvoiceDetail",
    "InvoiceRows",
    "InvoiceSums",
    "ReadStop",
    "RequestDetail",
    "frozen_mapping",
]


def frozen_mapping(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of ``values`` (a row that crosses threads must not change under the reader)."""
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class FielStatus:
    """The stored e.firma's expiry facts (the banner warns within 30 days)."""

    uploaded: bool
    serial_number: str | None = None
    expires_at: int | None = None  # ms
    expires_at_readable: str | None = None
    days_left: int = 0
    expired: bool = False
    expires_soon: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FielStatus:
        if not data.get("uploaded"):
            return cls(uploaded=False)
        return cls(
            uploaded=True,
            serial_number=data.get("serial_number"),
            expires_at=data.get("expires_at"),
            expires_at_readable=data.get("expires_at_readable"),
            days_left=int(data.get("days_left") or 0),
            expired=bool(data.get("expired")),
            expires_soon=bool(data.get("expires_soon")),
        )


@dataclass(frozen=True)
class RequestDetail:
    """One request's packages and SAT's answers (the history's detail pane)."""

    packages: tuple[Mapping[str, Any], ...]
    events: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class InvoiceCount:
    """How many rows a browser query has, and whether some row lacks its order's key (the pager needs it)."""

    total: int
    nulls: bool


@dataclass(frozen=True)
class InvoiceRows:
    """One page of the browser's rows (``store.invoices.PAGE_COLUMNS`` and ``sort_key_0``…) and its anchor."""

    rows: tuple[Mapping[str, Any], ...]
    anchor: Anchor | None


@dataclass(frozen=True)
class InvoiceSums:
    """A filter's totals (``index.totals``) and its breakdown groups (``index.group_totals``)."""

    totals: Mapping[str, Any]
    groups: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class InvoiceDetail:
    """One indexed invoice for the detail pane: its whole row (``path``: the XML file to read here, or None)
    and, for a PPD invoice, the payments that settle it (None otherwise)."""

    row: Mapping[str, Any]
    payments: tuple[Mapping[str, Any], ...] | None


class Interrupted(Exception):
    """A read was stopped by :meth:`ReadStop.interrupt` (a newer query replaced it)."""


class ReadStop:
    """Lets another thread stop a read in progress: the reader registers how (``watch``), the window calls
    :meth:`interrupt` when the answer is no longer wanted (a newer filter, the window closing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop: Callable[[], None] | None = None
        self.stopped = False

    def interrupt(self) -> None:
        with self._lock:
            self.stopped = True
            stop = self._stop
        if stop is not None:
            stop()

    def watch(self, stop: Callable[[], None] | None) -> None:
        """While a read runs, ``stop`` ends it (None: the read is over); raises :class:`Interrupted` at once
        when the read was stopped before it began."""
        with self._lock:
            if stop is not None and self.stopped:
                raise Interrupted
            self._stop = stop


@runtime_checkable
class DataService(Protocol):
    """What the window needs from its data, local or remote."""

    # -- where the data is, and time there -----------------------------------------------------------------

    def data_location(self) -> str:
        """The data home's folder, or the office server's URL."""

    def local_folder(self) -> Path | None:
        """The data home's folder when it is on this computer (None for a server)."""

    def now(self) -> datetime:
        """Now, as an aware datetime (the service's clock)."""

    def today(self) -> date:
        """Today's date in Mexico City."""

    def keyring_available(self) -> bool:
        """Whether passwords typed here can be remembered by the OS keyring."""

    def remember_password(self, rfc: str, password: str, *, persist: bool) -> bool:
        """Keep an e.firma password typed in the window; True when the keyring holds it."""

    def close(self) -> None:
        """Release what the calling thread holds (its database connection, its HTTP client)."""

    # -- profiles ------------------------------------------------------------------------------------------

    def profile_records(self) -> tuple[Profile, ...]: ...

    def profile_record(self, rfc: str) -> Profile:
        """One profile (``profile_not_configured`` when there is none)."""

    def fiel_status(self, rfc: str) -> FielStatus: ...

    # -- requests ------------------------------------------------------------------------------------------

    def request_records(self, rfc: str) -> tuple[RequestRecord, ...]:
        """Every request of the profile, newest first."""

    def request_record(self, rfc: str, request_id: str) -> RequestRecord: ...

    def request_detail(self, rfc: str, request_id: str) -> RequestDetail: ...

    # -- the invoice browser -------------------------------------------------------------------------------

    def invoice_count(self, query: InvoiceQuery, *, stop: ReadStop | None = None) -> InvoiceCount: ...

    def invoice_rows(
        self,
        query: InvoiceQuery,
        page: int,
        count: InvoiceCount,
        anchors: Mapping[int, Anchor],
        *,
        stop: ReadStop | None = None,
    ) -> InvoiceRows: ...

    def invoice_sums(
        self, rfc: str, flt: InvoiceFilter, group_by: tuple[str, ...], *, stop: ReadStop | None = None
    ) -> InvoiceSums: ...

    def invoice_detail(self, rfc: str, invoice_id: int) -> InvoiceDetail | None: ...

    def invoice_records(self, query: InvoiceQuery) -> Iterator[dict[str, Any]]:
        """Every row of the query as a DESIGN.md §3 record, streamed (exports)."""

    # -- the seed's calls the pages make (answers in the seed's JSON shapes) ------------------------------

    def activate(self, rfc: str | None) -> dict[str, Any]: ...

    def deactivate(self, rfc: str | None, *, forget_fiel: bool = False) -> dict[str, Any]: ...

    def register(self, rfc: str | None, *, password: str | None = None) -> dict[str, Any]: ...

    def remove_profile(self, rfc: str) -> dict[str, Any]: ...

    def get_schedule(self, rfc: str | None) -> dict[str, Any]: ...

    def set_schedule(self, rfc: str | None, **changes: Any) -> dict[str, Any]: ...

    def summary(self, rfc: str | None, *, months: int = 12) -> dict[str, Any]: ...

    def create_request(self, rfc: str | None, **values: Any) -> dict[str, Any]: ...

    def create_requests(self, rfc: str | None, **values: Any) -> dict[str, Any]: ...

    def request_status(self, rfc: str | None, request_id: str, **options: Any) -> dict[str, Any]: ...

    def sync_once(self, rfc: str | None, **options: Any) -> dict[str, Any]: ...

    def verifications(
        self, rfc: str | None, limit: int | None = None, *, changes: bool = True
    ) -> list[dict[str, Any]]: ...

    def verification(self, rfc: str | None, run_id: int) -> dict[str, Any]: ...

    # -- the Reportes page and the 69-B list ------------------------------------------------------------------

    def invoice(self, rfc: str | None, uuid: str, *, ask_sat: bool = True) -> dict[str, Any]:
        """One CFDI by UUID; ``ask_sat=False``: what the index has, else ``not_found`` (never a SAT request)."""
        ...

    def report(
        self,
        rfc: str | None,
        kind: str,
        period: Any,
        *,
        basis: str | None = None,
        detail: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]: ...

    def efos_status(self) -> dict[str, Any]: ...

    def efos_situation_of(self, rfcs: list[str]) -> dict[str, dict[str, Any]]: ...
