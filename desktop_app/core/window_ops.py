"""The window's reads over a local data home (the local side of :class:`desktop_app.core.api.DataService`).

:class:`~desktop_app.core.service.DescargaService` delegates here: profiles and their e.firma's expiry, the
ledger's requests, the invoice browser's counts, pages, sums and one invoice's row, the clock and the keyring —
each answered as a frozen record, so what the window holds never shares a connection with the reader. SQL
stays in the repositories (:mod:`desktop_app.core.store`); the pager's plan is :mod:`desktop_app.core.browse`'s.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from desktop_app.core import browse
from desktop_app.core.api import (
    FielStatus,
    Interrupted,
    InvoiceCount,
    InvoiceDetail,
    InvoiceRows,
    InvoiceSums,
    ReadStop,
    RequestDetail,
    frozen_mapping,
)
from desktop_app.core.browse import Anchor, InvoiceQuery
from desktop_app.core.clock import mexico_now
from desktop_app.core.index import InvoiceFilter, payments_for, record, totals, totals_and_groups
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.parts import HomeParts
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.invoices import InvoiceRepository
from desktop_app.core.store.profiles import Profile
from desktop_app.core.store.vault import resolve


@contextlib.contextmanager
def _reading(conn: sqlite3.Connection, stop: ReadStop | None) -> Iterator[sqlite3.Connection]:
    """``conn`` while a read runs; ``stop.interrupt()`` from another thread ends it with :class:`Interrupted`."""
    if stop is None:
        yield conn
        return
    interrupt = getattr(conn, "interrupt", None)  # SQLite's; another backend's read just runs to its end
    stop.watch(interrupt if interrupt is not None else (lambda: None))
    try:
        yield conn
    except sqlite3.OperationalError:
        if stop.stopped:
            raise Interrupted from None
        raise
    finally:
        stop.watch(None)


class WindowReads:
    """The window's reads of one data home (each thread reads with its own connection)."""

    def __init__(self, parts: HomeParts, secrets: SecretStore) -> None:
        self.parts = parts
        self.secrets = secrets
        self.invoices = InvoiceRepository(parts.db)

    # -- time and secrets --------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.parts.clock.now()

    def today(self) -> date:
        return mexico_now(self.parts.clock).date()

    def keyring_available(self) -> bool:
        return self.secrets.keyring_available()

    def remember_password(self, rfc: str, password: str, *, persist: bool) -> bool:
        return self.secrets.set_password(rfc, password, persist=persist)

    # -- profiles and requests ---------------------------------------------------------------------------------

    def profile_records(self) -> tuple[Profile, ...]:
        return tuple(self.parts.profiles.list())

    def profile_record(self, rfc: str) -> Profile:
        return self.parts.profiles.get(rfc)

    def fiel_status(self, rfc: str) -> FielStatus:
        profiles = self.parts.profiles
        return FielStatus.from_json(profiles.fiel_status(profiles.get(rfc)))

    def request_records(self, rfc: str) -> tuple[RequestRecord, ...]:
        return tuple(self.parts.ledger.history(rfc))

    def request_record(self, rfc: str, request_id: str) -> RequestRecord:
        return self.parts.ledger.get(request_id, rfc)

    def request_detail(self, rfc: str, request_id: str) -> RequestDetail:
        ledger = self.parts.ledger
        record = ledger.get(request_id, rfc)  # another profile's request is not_found here too
        # By the record's own id: ``request_id`` may be SAT's IdSolicitud, which ``get`` also finds (packages and
        # events are filed under ours: they came back empty for SAT's).
        return RequestDetail(
            tuple(frozen_mapping(p) for p in ledger.packages(record.id)),
            tuple(frozen_mapping(e) for e in ledger.events(record.id)),
        )

    # -- the invoice browser -----------------------------------------------------------------------------------

    def invoice_count(self, query: InvoiceQuery, *, stop: ReadStop | None = None) -> InvoiceCount:
        with _reading(self.parts.db.get(), stop) as conn:
            return InvoiceCount(browse.count(conn, query), browse.has_null_keys(conn, query))

    def invoice_rows(
        self,
        query: InvoiceQuery,
        page: int,
        count: InvoiceCount,
        anchors: Mapping[int, Anchor],
        *,
        stop: ReadStop | None = None,
    ) -> InvoiceRows:
        with _reading(self.parts.db.get(), stop) as conn:
            rows = browse.fetch_page(conn, query, page, count.total, dict(anchors), nulls=count.nulls)
        return InvoiceRows(tuple(frozen_mapping(dict(r)) for r in rows), browse.anchor_of(rows))

    def invoice_window_rows(
        self, query: InvoiceQuery, read: browse.PageRead, *, nulls: bool, matches: int | None
    ) -> tuple[Mapping[str, Any], ...]:
        """One planned read of the browser's rows, in the walk's order (the office server's ``/window/invoices/rows``:
        the client planned it from its anchors)."""
        rows = browse.read_rows(self.parts.db.get(), query, read, nulls=nulls, matches=matches)
        return tuple(frozen_mapping(dict(r)) for r in rows)

    def invoice_sums(
        self, rfc: str, flt: InvoiceFilter, group_by: tuple[str, ...], *, stop: ReadStop | None = None
    ) -> InvoiceSums:
        with _reading(self.parts.db.get(), stop) as conn:
            if group_by:
                sums, groups = totals_and_groups(conn, rfc, flt, group_by)
            else:
                sums, groups = totals(conn, rfc, flt), []
        return InvoiceSums(frozen_mapping(sums), tuple(frozen_mapping(g) for g in groups))

    def invoice_detail(self, rfc: str, invoice_id: int) -> InvoiceDetail | None:
        row = self.invoices.by_id(invoice_id)
        if row is None or row["rfc"] != rfc:
            return None
        values: dict[str, Any] = dict(row)
        values["path"] = resolve(self.parts.home, row["path"])  # the index keeps it home-relative
        payments = None
        if values.get("payment_method") == "PPD":
            found = payments_for(self.parts.db.get(), values["rfc"], values["uuid"])
            payments = tuple(frozen_mapping(p) for p in found)
        return InvoiceDetail(frozen_mapping(values), payments)

    def invoice_records(self, query: InvoiceQuery) -> Iterator[dict[str, Any]]:
        return browse.iter_records(self.parts.db.get(), query, self.parts.home)

    def invoice_record_page(self, query: InvoiceQuery, offset: int, limit: int) -> list[dict[str, Any]]:
        """``limit`` rows of the query from ``offset`` as DESIGN.md §3 records, their ``path`` relative to the data
        home (the office server's ``/window/invoices/records``: an export on a desk, page by page)."""
        rows = self.invoices.rows(query.rfc, query.flt, sort=query.sort_name, descending=query.descending,
                                  limit=limit, offset=offset)  # fmt: skip
        return [record(row) for row in rows]
