"""Writing the offline invoice index: parsed CFDI into the vault (XML files) and the index (SQLite rows).

Writers: :class:`IndexWriter` takes parsed documents (from SAT packages or a user's folders) and metadata
rows. Re-ingesting the same document changes nothing; metadata only ever *adds* knowledge (status,
cancellation date, rows for documents whose XML SAT will not hand out).

:func:`prepare_document` turns a parsed document into rows without the database (worker processes run it); the
statements themselves are ``store.invoices.InvoiceWrites``'.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import re
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from desktop_app.core.cfdi.model import Invoice
from desktop_app.core.cfdi.package import KnownFile, KnownKeys, digest_key
from desktop_app.core.cfdi.parser import parse_document
from desktop_app.core.cfdi.values import in_range_cents
from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.index.taxes import TaxRows, TaxWrites, tax_rows
from desktop_app.core.store.db import Single
from desktop_app.core.store.invoices import InvoiceWrites
from desktop_app.core.store.schema import MONTH_KEYS, MONTH_SUMS
from desktop_app.core.store.vault import (
    DIRECTION_FOLDERS,
    OTHER_FOLDER,
    discard_staged,
    private_dirs,
    resolve,
    same_file,
    sync_files,
    write_file_atomic,
)

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

AMOUNT_COLUMNS = {
    "subtotal": "subtotal_c",
    "discount": "discount_c",
    "total": "total_c",
    "iva_transferred": "iva_t_c",
    "ieps_transferred": "ieps_t_c",
    "iva_withheld": "iva_w_c",
    "isr_withheld": "isr_w_c",
    "local_taxes": "local_c",
    "payroll_isr_withheld": "payroll_isr_c",
}
CENT = Decimal("0.01")
_UNIT = Decimal(1)
_NO_RATE = (None, "MXN", "XXX")


def lacks_exchange_rate(currency: str | None, exchange_rate: Decimal | None) -> bool:
    """Another currency than pesos (or XXX) without TipoCambio (SAT requires one; a hand-made or broken file): its
    value in MXN is not known — flagged ``no_exchange_rate`` and summed as nothing, never one for one (the index's
    row, and the Excel totals row that follows ``data.totals``)."""
    return currency not in _NO_RATE and currency != "" and not exchange_rate


def to_mxn_cents(amount: Decimal | None, exchange_rate: Decimal | None, currency: str | None) -> int | None:
    """An amount in integer MXN cents, or ``None`` when it is outside the range the index sums
    (``cfdi.values.AMOUNT_LIMIT_MXN``): such a document is flagged and its cents stored as 0 — never summed,
    never overflowing a total."""
    if not amount:  # None or zero (most tax columns of most invoices)
        return 0
    try:
        if currency in _NO_RATE or not exchange_rate:
            # × 1 left out (~0.3 µs an amount, nine a document): the same digits rounded the same way
            cents = int((amount / CENT).quantize(_UNIT, rounding=ROUND_HALF_UP))
        else:
            cents = int((amount * exchange_rate / CENT).quantize(_UNIT, rounding=ROUND_HALF_UP))
    except (InvalidOperation, OverflowError, ValueError):
        return None
    return cents if in_range_cents(cents) else None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass
class IngestStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    metadata_rows: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    damaged: int = 0  # of the documents above: damaged ones, kept in the vault and out of lists and totals
    damaged_documents: list[dict[str, str]] = field(default_factory=list)
    earliest_issue_date: str | None = None
    latest_issue_date: str | None = None

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def conflict(self, uuid: str, kept: str, reason: str) -> None:
        """An imported file that differs from the vault's copy of the same UUID (``reason``: SAT's copy, or an
        earlier imported one): the vault's is kept, the import is not."""
        self.skip("conflict")
        if len(self.conflicts) < 1000:
            self.conflicts.append({"uuid": uuid, "kept": kept, "reason": reason})

    def saw_damaged(self, uuid: str, reason: str) -> None:
        self.damaged += 1
        if len(self.damaged_documents) < 1000:
            self.damaged_documents.append({"uuid": uuid, "reason": reason})

    def saw_date(self, issue_date: str | None) -> None:
        if not issue_date:
            return
        if self.earliest_issue_date is None or issue_date < self.earliest_issue_date:
            self.earliest_issue_date = issue_date
        if self.latest_issue_date is None or issue_date > self.latest_issue_date:
            self.latest_issue_date = issue_date

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "metadata_rows": self.metadata_rows,
            "skipped_reasons": dict(self.reasons),
            "conflict": self.reasons.get("conflict", 0),
            "conflicts": list(self.conflicts),
            # Not well-formed XML, kept in the vault under its stamp's UUID, left out of lists and totals
            # (``invoices list --damaged`` shows them); counted in added/updated/unchanged too.
            "damaged": self.damaged,
            "damaged_documents": list(self.damaged_documents),
        }


class PrepareSpec(NamedTuple):
    """The writer's side of a row: whose index, where its vault is, what the rows say about their source."""

    rfc: str
    vault_base: str  # <home>/<RFC>
    source: str
    now_ms: int


class PreparedDocument(NamedTuple):
    """One parsed document turned into the index's rows; built by :func:`prepare_document` anywhere (a worker
    process included) and written by :meth:`IndexWriter.add_prepared`. ``direction`` None: not this RFC's.

    A named tuple, not a dataclass: thousands a second cross a pipe as plain tuples (``core.parallel``) and are
    made named again without a call per field."""

    uuid: str
    direction: str | None
    issue_date: str | None
    folder: str
    path: str
    columns: tuple[str, ...]
    values: tuple[Any, ...]
    party: tuple[str, str, str, str]  # issuer RFC, issuer name, receiver RFC, receiver name ('' when missing)
    payments: tuple[tuple[Any, ...], ...]
    xml: bytes
    # the invoice_months group (schema.MONTH_KEYS) and the row's sums (MONTH_SUMS); () when not counted there
    month: tuple[Any, ...]
    damaged: str | None = None  # the reason of a damaged document (``Invoice.damaged``), kept out of the totals
    # a PPD invoice: written with its total as what it owes (``pending_c``), then settled at :meth:`IndexWriter.flush`
    # from the payment lines indexed before it (``InvoiceWrites.settle_pending``)
    ppd: bool = False
    # the reports' rows (``index.taxes.tax_rows``: taxes, paid documents, relations), written beside the row (a
    # plain tuple in TaxRows' order once it crossed the workers' pipe: ``parallel._as_tuple``)
    taxes: TaxRows = TaxRows()
    # a worker process wrote ``xml`` to this temporary file beside ``path`` (``vault.stage_file``): the writer
    # renames it into place for a new row and deletes it otherwise; None: the writer writes the file (or finds it)
    staged: str | None = None


def prepare_document(xml: bytes, inv: Invoice, spec: PrepareSpec) -> PreparedDocument:
    """Everything about a document that does not need the database: direction, vault path, row, search text
    and payment rows. Pure, so that worker processes can run it while the ingest thread writes SQL.

    Raises:
        AppError: ``invalid_document`` when the document's values cannot be turned into rows: that one
            document is skipped with the reason, the rest of the package or folder goes on.
    """
    try:
        return _prepare(xml, inv, spec)
    except Exception as exc:  # data-dependent by construction (no I/O here): never let one document stop a batch
        raise AppError(
            "invalid_document", f"The document cannot be indexed: {type(exc).__name__}: {str(exc)[:200]}"
        ) from None


def _prepare(xml: bytes, inv: Invoice, spec: PrepareSpec) -> PreparedDocument:
    rfc = spec.rfc
    direction: str | None
    if inv.issuer_rfc and inv.issuer_rfc.upper() == rfc:
        direction = "issued"
    elif inv.receiver_rfc and inv.receiver_rfc.upper() == rfc:
        direction = "received"
    else:
        direction = _damaged_direction(xml, rfc) if inv.damaged else None
        if direction is None:
            return PreparedDocument(inv.uuid, None, inv.issue_date, "", "", (), (), ("", "", "", ""), (), xml, ())
    issue_date = inv.issue_date or ""
    year, month = (issue_date[:4], issue_date[5:7]) if len(issue_date) >= 7 else ("0000", "00")
    # Strings, not Path objects (~30 µs a document): the same as ``str(vault.invoice_path(...))``; the index
    # stores the home-relative form (``vault.invoice_relpath``), so that a moved home keeps its files.
    kind = DIRECTION_FOLDERS.get(direction, OTHER_FOLDER)
    folder = os.path.join(spec.vault_base, kind, year, month)
    name = f"{inv.uuid.upper()}.xml"
    path = os.path.join(folder, name)
    row = _row(inv, rfc, direction, f"{rfc}/{kind}/{year}/{month}/{name}", spec.source, spec.now_ms)
    row["xml_size"] = len(xml)
    row["xml_sha256"] = hashlib.sha256(xml).hexdigest()
    payments = tuple(
        (
            rfc,
            inv.uuid,
            line,
            paid.uuid,
            paid.installment,
            _text(paid.previous_balance),
            _text(paid.amount_paid),
            _text(paid.outstanding_balance),
            paid.currency,
            paid.payment_date,
        )
        for line, paid in enumerate(inv.payments)
        if paid.uuid is not None
    )
    return PreparedDocument(
        inv.uuid,
        direction,
        inv.issue_date,
        folder,
        path,
        _columns(tuple(row)),
        tuple(row.values()),
        party_of(inv.issuer_rfc, inv.issuer_name, inv.receiver_rfc, inv.receiver_name),
        payments,
        xml,
        () if inv.damaged else month_of(row),
        inv.damaged,
        row["pending_c"] is not None,
        tax_rows(inv),
    )


def _metadata_status(old: str, old_cancelled_at: str | None, new: str, row: Any) -> tuple[str, str | None]:
    """The status (and cancellation date) a known document takes from a metadata row: metadata only ever adds
    to what the index knows. A blank or unreadable ``Estatus`` says nothing; a cancellation is final at SAT, so a
    listing that still says vigente (an older download, a metadata file imported after a newer one) never
    undoes it; a cancelled row without its date keeps the one known."""
    if new == "unknown" or (old == "cancelado" and new != "cancelado"):
        return old, old_cancelled_at
    if new == "cancelado":
        return new, row.cancelled_at or (old_cancelled_at if old == "cancelado" else None)
    return new, row.cancelled_at


def _intact(path: str | None, sha256: str | None) -> bool:
    """Whether the vault file ``path`` is there and still holds the bytes its row was indexed from (``sha256``;
    a row of an older version without one: whatever file is there)."""
    if path is None:
        return False
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return False
    return sha256 is None or hashlib.sha256(data).hexdigest() == sha256


def _damaged_direction(xml: bytes, rfc: str) -> str | None:
    """Whose a damaged document is when its recovered tree lost the profile's party: the RFC written in the
    bytes' own ``Emisor``/``Receptor`` start tag (CFDI ``Rfc``/``rfc``, Retenciones ``RFCEmisor``/``RfcE``,
    ``RFCRecep``/``RfcR``), else None (not provably this profile's: skipped)."""
    needle = re.escape(rfc.encode())
    for direction, tags in (("issued", rb"Emisor"), ("received", rb"Receptor|Nacional")):
        pattern = (
            rb"<(?:[\w.-]+:)?(?:"
            + tags
            + rb")\s[^<>]*?\b(?:Rfc|rfc|RFCEmisor|RfcE|RFCRecep|RfcR)\s*=\s*[\"']\s*"
            + needle
        )
        if re.search(pattern + rb"(?![\w&])", xml, re.IGNORECASE):  # the whole RFC (a broken quote may follow)
            return direction
    return None


def month_of(row: dict[str, Any]) -> tuple[Any, ...]:
    """A row's ``invoice_months`` group (:data:`schema.MONTH_KEYS`) and sums (:data:`schema.MONTH_SUMS`), as the
    triggers and ``schema.RECOUNT_MONTHS`` count it."""
    return (
        (row.get("issue_date") or "")[:7],
        row["direction"],
        row.get("type") or "",
        row.get("status") or "unknown",
        row.get("currency") or "",
        row.get("payment_method") or "",
        row.get("payment_form") or "",
        row.get("cfdi_use") or "",
        *(row.get(column) or 0 for column in MONTH_SUMS),
    )


_MONTH_WIDTH = len(MONTH_KEYS)


@lru_cache(maxsize=16)
def _columns(columns: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple object per column list, so a batch pickles it once (by reference) instead of per document."""
    return columns


def party_of(
    issuer_rfc: str | None, issuer_name: str | None, receiver_rfc: str | None, receiver_name: str | None
) -> tuple[str, str, str, str]:
    """The ``parties`` key of an invoice (as ``schema.ASSIGN_PARTIES`` builds it)."""
    return (issuer_rfc or "", issuer_name or "", receiver_rfc or "", receiver_name or "")


# ``json.dumps(…, ensure_ascii=False)`` builds a new encoder at every call; this one is built once (same output).
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def _code(value: str | None) -> str | None:
    """A catalog code as SAT writes it (``usd`` → ``USD``, ``ppd`` → ``PPD``): filters, groups and the PPD rules
    compare codes exactly, and a file written in lower case meant the same code."""
    return value.strip().upper() if value and not value.isupper() else value


def _row(inv: Invoice, rfc: str, direction: str, path: str, source: str, now_ms: int) -> dict[str, Any]:
    rate, currency = inv.exchange_rate, _code(inv.currency)
    payment_method = _code(inv.payment_method)
    details = {
        "family": inv.family,
        "payroll": [
            {
                "total_perceptions": _text(p.total_perceptions),
                "total_deductions": _text(p.total_deductions),
                "total_other_payments": _text(p.total_other_payments),
                "isr_withheld": _text(p.isr_withheld),
                "payment_date": p.payment_date,
                "period_start": p.period_start,
                "period_end": p.period_end,
                "employee_rfc": p.employee_rfc,
            }
            for p in inv.payroll
        ],
        "third_parties": list(inv.third_parties),
        "complements": [name for name, _ns in inv.complements],
        "pac_rfc": inv.pac_rfc,
        "seal_tail": inv.seal_tail,
        "local_taxes_withheld": _text(inv.local_taxes_withheld),
    }
    row: dict[str, Any] = {
        "rfc": rfc,
        "uuid": inv.uuid,
        "direction": direction,
        "family": inv.family,
        "version": inv.version,
        "type": inv.type,
        "series": inv.series,
        "folio": inv.folio,
        "issue_date": inv.issue_date,
        "stamp_date": inv.stamp_date,
        "issuer_rfc": inv.issuer_rfc,
        "issuer_name": inv.issuer_name,
        "receiver_rfc": inv.receiver_rfc,
        "receiver_name": inv.receiver_name,
        "currency": currency,
        "exchange_rate": _text(rate),
        "payment_method": payment_method,
        "payment_form": _code(inv.payment_form),
        "cfdi_use": _code(inv.cfdi_use),
        "status": inv.status,
        "cancelled_at": inv.cancelled_at,
        "related_uuids": json.dumps([[kind, uuid] for kind, uuid in inv.related_uuids]) if inv.related_uuids else "[]",
        "details": _json_text(details),
        "path": path,
        "has_xml": 1,
        "source": source,
        "updated_at": now_ms,
    }
    out_of_range = []
    no_rate = lacks_exchange_rate(currency, rate)
    if no_rate:
        out_of_range.append("no_exchange_rate")
    for name, cents_column in AMOUNT_COLUMNS.items():
        value = getattr(inv, name)
        if value is None:
            row[name] = None
            row[cents_column] = 0
            continue
        row[name] = str(value)
        cents = None if no_rate else to_mxn_cents(value, rate, currency)
        if cents is None and not no_rate:  # kept as written in ``name``, flagged, and summed as nothing
            out_of_range.append(f"amount_out_of_range:{name}")
        row[cents_column] = cents or 0
    row["flags"] = json.dumps(out_of_range) if out_of_range else None
    row["warnings"] = _json_text(list(inv.warnings)) if inv.warnings else None
    row["damaged"] = inv.damaged
    if inv.damaged:  # amounts read from a recovered tree are shown as read, never summed
        for cents_column in AMOUNT_COLUMNS.values():
            row[cents_column] = 0
    # What a PPD invoice owes while no payment line for it is known: its total (``schema.PENDING_SQL``).
    row["pending_c"] = row["total_c"] if payment_method == "PPD" and not inv.damaged else None
    return row


class IndexWriter:
    """Adds documents of one profile (RFC) to the vault and the index.

    The caller owns the transaction: call inside ``with transaction(conn)`` and call :meth:`flush` before
    committing, so the XML files are on disk before the index says they are (and the batch's search text,
    which :meth:`flush` writes, is in the same commit).
    """

    def __init__(self, conn: sqlite3.Connection, home: Path, rfc: str, now_ms: int) -> None:
        self.conn = conn
        self.home = home
        self.rfc = rfc
        self.now_ms = now_ms
        self.store = InvoiceWrites(Single(conn), rfc)
        self._taxes = TaxWrites(Single(conn), rfc)  # the reports' tables (issue 18)
        self._insert_new = self.store.insert_new  # the hot path: one bound method, looked up once
        self.stats = IngestStats()
        self._written: list[str] = []
        self._base = str(home / rfc)
        self._folders: set[str] = set()
        self._pending: list[tuple[str, str, bytes]] = []
        self._futures: list[Future[list[str]]] = []
        self._fts_pending: dict[int, str] = {}  # rowid → UUID (the invoice-level search text), written by flush()
        self._parties: dict[tuple[str, str, str, str], int] = {}
        self._superseded: list[str] = []  # vault files an update replaced by a file elsewhere: gone after commit
        self._created: list[str] = []  # vault files of the batch's new rows: gone if the batch is rolled back
        self._months: dict[tuple[Any, ...], list[int]] = {}  # group (MONTH_KEYS) → n and sums
        self._ppd: list[str] = []  # PPD invoices written in this batch, to settle from earlier payment lines
        # The documents in the vault when a folder import began, by the key of their SHA-256 (:meth:`known_keys`).
        self._known_keys: array[int] = array("Q")
        self._known_ids: array[int] = array("q")

    # -- XML documents ------------------------------------------------------------------------------------

    def add_document(self, xml: bytes, invoice: Invoice, *, source: str) -> str:
        """Index one parsed document; returns "added", "updated", "unchanged" or a skip reason."""
        try:
            prepared = prepare_document(xml, invoice, self.spec(source))
        except AppError as exc:
            self.stats.skip(exc.code)
            return exc.code
        return self.add_prepared(prepared)

    def spec(self, source: str) -> PrepareSpec:
        """What :func:`prepare_document` needs to build this writer's rows (also in worker processes)."""
        return PrepareSpec(self.rfc, self._base, source, self.now_ms)

    def known_keys(self) -> KnownKeys | None:
        """The keys of the documents of this profile in the vault, for :func:`cfdi.package.recognise` to tell the
        loose files they are before parsing them (None when there are none); :meth:`add_known` finds their rows
        again by them. 8 + 8 bytes a document (1.6 MB at 100,000)."""
        pairs = []
        for invoice_id, sha256 in self.store.xml_digests():
            if _SHA256_HEX.fullmatch(sha256):
                pairs.append((digest_key(sha256), invoice_id))
        pairs.sort()
        self._known_keys = array("Q", (key for key, _id in pairs))
        self._known_ids = array("q", (invoice_id for _key, invoice_id in pairs))
        return self._known_keys or None

    def add_known(self, known: KnownFile, *, source: str) -> str:
        """A loose file :func:`recognise` told by its bytes (well-formed as written: never damaged): "unchanged"
        when the row of its SHA-256 is not marked damaged and still names a vault file with exactly these bytes —
        what :meth:`add_prepared` decides for the same bytes after a parse. Otherwise (a row an older version
        marked otherwise, changed since, or a vault copy gone or altered) it is parsed and indexed as any file."""
        keys, ids, key = self._known_keys, self._known_ids, digest_key(known.sha256)
        at = bisect.bisect_left(keys, key)
        while at < len(keys) and keys[at] == key:
            row = self.store.known_row(ids[at])
            # A row known when the import began is never one this import wrote a file for in the background
            # (those are new rows); an update of it earlier in the import changed its xml_sha256.
            if (
                row is not None
                and row["has_xml"]
                and row["damaged"] is None  # as the parser reads these bytes (``recognise``): not damaged
                and row["xml_sha256"] == known.sha256
                and (vault_file := resolve(self.home, row["path"])) is not None
                and same_file(vault_file, known.xml)
            ):
                self.stats.saw_date(row["issue_date"])
                self.stats.unchanged += 1
                return "unchanged"
            at += 1
        try:
            invoice = parse_document(known.xml, owner_rfc=self.rfc)
        except AppError as exc:
            self.stats.skip(exc.code)
            return exc.code
        return self.add_document(known.xml, invoice, source=source)

    def add_prepared(self, doc: PreparedDocument) -> str:
        """Index a document :func:`prepare_document` turned into rows (here or in a worker process)."""
        if doc.direction is None:
            discard_staged(doc.staged)
            self.stats.skip("not_this_rfc")
            return "not_this_rfc"
        try:
            return self._add_prepared(doc)
        except BaseException:
            discard_staged(doc.staged)  # a staged file: renamed into place already, or never to be
            raise

    def _add_prepared(self, doc: PreparedDocument) -> str:
        self.stats.saw_date(doc.issue_date)
        # The common case (a document the index has never seen) costs one INSERT: no SELECT first, no FTS or
        # payments rows to delete. A conflict means the document is known; that path reads what we have.
        party_id = self._party_id(doc.party)
        new_id = self._insert_new((*doc.columns, "party_id"), (*doc.values, party_id))
        if new_id is not None:
            if doc.month:
                self._count_month(doc.month)
            self._created.append(doc.path)
            if doc.staged is not None:  # a worker wrote the file beside its place: one rename puts it there
                crashpoint("vault.tmp_written")
                os.replace(doc.staged, doc.path)
                self._written.append(doc.path)
            else:
                self._write_later(doc.folder, doc.path, doc.xml)
            self._fts_pending[new_id] = doc.uuid
            if doc.ppd:
                self._ppd.append(doc.uuid)
            if doc.payments:
                self.store.add_payments(doc.payments)
            self._taxes.add(new_id, doc.taxes)
            self.stats.added += 1
            if doc.damaged:
                self.stats.saw_damaged(doc.uuid, doc.damaged)
            return "added"
        existing = self.store.existing(doc.uuid)
        discard_staged(doc.staged)  # a known UUID is decided from the bytes and the vault, as when nothing was staged
        self._wait_for_writes()  # a copy earlier in this batch may still be on its way to the disk
        row = dict(zip(doc.columns, doc.values, strict=True))
        old_path = resolve(self.home, existing["path"]) if existing["has_xml"] else None
        same = same_file(old_path or doc.path, doc.xml)
        # The vault file may hold these bytes without being what the index read (a vault file edited by hand, and
        # then that file or a copy of it imported: it was «unchanged», the index keeping the old total): the bytes
        # the index holds are ``xml_sha256``'s.
        indexed = same and existing["xml_sha256"] in (None, row["xml_sha256"])  # (None: an index older than it)
        if doc.damaged and existing["damaged"] is None and not (existing["has_xml"] and same):
            # What the index knows of this UUID (a good XML, or SAT's metadata) is never replaced by a damaged
            # copy; the same bytes, indexed before damage was told apart, are marked below.
            self.stats.skip("damaged_copy")
            return "damaged_copy"
        if existing["has_xml"] and existing["path"] == row["path"] and indexed and existing["damaged"] == doc.damaged:
            self.stats.unchanged += 1
            if doc.damaged:
                self.stats.saw_damaged(doc.uuid, doc.damaged)
            return "unchanged"
        if row["source"] == IMPORT_SOURCE and existing["has_xml"] and not indexed and existing["damaged"] is None:
            # An imported file never replaces a good copy in the vault that has other bytes. SAT's copy is the
            # authority (even when its file went missing: SAT's package brings it back). Of two imported copies
            # (another tool's export, an Addenda an ERP added, a file edited by hand) neither is known to be the
            # right one, so the first stays — unless its vault file is gone or no longer holds what was indexed,
            # which the import then restores. Both are kept (the user's file stays where it is); the import says so.
            if existing["source"] != IMPORT_SOURCE:
                self.stats.conflict(doc.uuid, existing["path"], "sat_copy_kept")
                return "conflict"
            if row["xml_sha256"] != existing["xml_sha256"] and _intact(old_path, existing["xml_sha256"]):
                self.stats.conflict(doc.uuid, existing["path"], "first_copy_kept")
                return "conflict"
        if not same or old_path != doc.path:
            self._write(doc.folder, doc.path, doc.xml)
        if old_path is not None and old_path != doc.path:
            # Another Fecha moved it to another month: one UUID, one file. The old one goes once the index,
            # which names the new one, has committed (until then it is the file the index names).
            self._superseded.append(old_path)
        invoice_id = existing["id"]
        self._flush_months()  # the update trigger moves the row between groups: they must be counted first
        row["party_id"] = party_id
        # XML alone does not know the status: keep what metadata or SAT told us.
        if row["status"] == "unknown":
            row["status"] = existing["status"]
            row["cancelled_at"] = existing["cancelled_at"]
        self.store.update(invoice_id, row)
        self.store.replace_payments(doc.uuid, doc.payments)
        self._taxes.replace(invoice_id, doc.taxes)
        if doc.ppd:
            self._ppd.append(doc.uuid)
        self.stats.updated += 1
        if doc.damaged:
            self.stats.saw_damaged(doc.uuid, doc.damaged)
        return "updated"

    def _write_later(self, folder: str, path: str, xml: bytes) -> None:
        """Queue a vault write (unless the same file is there) for the background writer; :meth:`flush` waits."""
        if not BACKGROUND_WRITES:
            if not same_file(path, xml):
                self._write(folder, path, xml)
            return
        self._pending.append((folder, path, xml))
        if len(self._pending) >= _WRITE_CHUNK:
            self._submit()

    def _submit(self) -> None:
        if self._pending:
            self._futures.append(_file_writer().submit(_write_files, self._pending, self._folders))
            self._pending = []

    def _write(self, folder: str, path: str, xml: bytes) -> None:
        if folder not in self._folders:
            _make_folder(folder)
            self._folders.add(folder)
        write_file_atomic(path, xml)
        self._written.append(path)

    def _write_fts(self) -> None:
        """The batch's search rows in one statement (``InvoiceWrites.add_search_text`` says why)."""
        if self._fts_pending:
            pending, self._fts_pending = self._fts_pending, {}
            self.store.add_search_text(pending.items())

    # -- metadata --------------------------------------------------------------------------------------------

    def add_metadata(self, row: Any, *, source: str) -> str:
        """Apply one metadata row: status for known documents, a row without XML for unknown ones."""
        self.stats.metadata_rows += 1
        uuid = row.uuid.upper()
        if row.issuer_rfc and row.issuer_rfc.upper() == self.rfc:
            direction = "issued"
        elif row.receiver_rfc and row.receiver_rfc.upper() == self.rfc:
            direction = "received"
        else:
            self.stats.skip("not_this_rfc")
            return "not_this_rfc"
        status = row.status if row.status in ("vigente", "cancelado") else "unknown"
        self.stats.saw_date(row.issue_date)  # the request's earliest/latest dates cover every row it returned
        existing = self.store.status_of(uuid)
        if existing is not None:
            status, cancelled_at = _metadata_status(existing["status"], existing["cancelled_at"], status, row)
            if existing["status"] == status and existing["cancelled_at"] == cancelled_at:
                self.stats.unchanged += 1
                return "unchanged"
            self._flush_months()  # the update trigger moves the row between groups: count them first
            self.store.set_status(existing["id"], status, cancelled_at, self.now_ms)
            self.stats.updated += 1
            return "updated"
        cents = to_mxn_cents(row.amount, None, "MXN")
        new_id = self.store.insert_metadata(
            (
                self.rfc,
                uuid,
                direction,
                row.type,
                row.issue_date,
                row.stamp_date,
                row.issuer_rfc,
                row.issuer_name,
                row.receiver_rfc,
                row.receiver_name,
                _text(row.amount),
                cents or 0,
                status,
                row.cancelled_at,
                json.dumps({"pac_rfc": row.pac_rfc, "third_party_rfc": getattr(row, "third_party_rfc", None)}),
                source,
                self.now_ms,
                self._party_id(party_of(row.issuer_rfc, row.issuer_name, row.receiver_rfc, row.receiver_name)),
                None if cents is not None else json.dumps(["amount_out_of_range:total"]),
            ),
        )
        self._count_month(
            month_of({"issue_date": row.issue_date, "direction": direction, "type": row.type, "status": status,
                      "total_c": cents or 0})
        )  # fmt: skip
        self._fts_pending[new_id] = uuid
        self.stats.added += 1
        return "added"

    def _wait_for_writes(self) -> None:
        """Wait for every queued vault write; then re-raise the first that failed (the caller rolls back).

        All of them, even after a failure: a write still running could otherwise leave its temporary file
        behind after the rollback (a full disk fails every writer, not just the first)."""
        self._submit()
        futures, self._futures = self._futures, []
        failure: BaseException | None = None
        for future in futures:
            try:
                self._written.extend(future.result())
            except BaseException as exc:  # re-raised below, once every write has ended
                failure = failure or exc
        if failure is not None:
            raise failure

    def _party_id(self, party: tuple[str, str, str, str]) -> int:
        """The id of an (issuer, receiver) pair of this profile, created with its search text when new."""
        known = self._parties.get(party)
        if known is not None:
            return known
        party_id = self.store.party_id(party)
        self._parties[party] = party_id
        return party_id

    def _count_month(self, month: tuple[Any, ...]) -> None:
        group, amounts = month[:_MONTH_WIDTH], month[_MONTH_WIDTH:]
        sums = self._months.get(group)
        if sums is None:
            self._months[group] = [1, *amounts]
        else:
            sums[0] += 1
            for k, value in enumerate(amounts, start=1):
                sums[k] += value

    def _flush_months(self) -> None:
        """Add the batch's new rows to ``invoice_months``: one statement per group, not a trigger per row
        (``InvoiceWrites.add_months``)."""
        if self._months:
            pending, self._months = self._months, {}
            self.store.add_months(pending)

    def committed(self) -> None:
        """After the index committed: remove the vault files it no longer names (see :meth:`add_prepared`)."""
        self._created.clear()
        superseded, self._superseded = self._superseded, []
        for path in superseded:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def rolled_back(self) -> None:
        """After the index rolled the batch back (a full disk, an interruption): the vault files written for its
        new rows are named by no row any more, so they go — a full disk kept them, taking the space the user was
        asked to free, and they waited for the next import to be named again. Never raises: the caller is
        reporting the failure that rolled the batch back."""
        self._pending = []
        # a background write still running would put its file back after the unlink (one that failed: the batch
        # failed already, its files are what is handled here)
        with contextlib.suppress(Exception):
            self._wait_for_writes()
        self._written.clear()
        created, self._created = self._created, []
        for path in created:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def flush(self) -> None:
        """Write the batch's search text and monthly totals and make its XML durable: call it before the index
        commits."""
        self._parties.clear()  # ids only live as long as the transaction that may have created them
        self._flush_months()
        self._taxes.flush()
        if self._ppd:
            ppd, self._ppd = self._ppd, []
            self.store.settle_pending(ppd)
        self._write_fts()
        self._wait_for_writes()
        if not self._written:
            return
        sync_files(self._written)
        self._written.clear()


IMPORT_SOURCE = "import"  # the ``source`` of documents a user brought (``invoices import``); else SAT's package id
_WRITE_CHUNK = 64
BACKGROUND_WRITES = True
_writer_lock = threading.Lock()
_writer_pool: ThreadPoolExecutor | None = None


def _file_writer() -> ThreadPoolExecutor:
    """Two background threads write the vault's files while the ingest thread indexes (creating a file is slow on
    some file systems and antivirus-scanned disks, and two creations overlap well).

    File system calls release the GIL, so on two cores the writes cost the ingest loop almost nothing.
    """
    global _writer_pool
    with _writer_lock:
        if _writer_pool is None:
            _writer_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vault-writer")
        return _writer_pool


def _write_files(jobs: list[tuple[str, str, bytes]], folders: set[str]) -> list[str]:
    written = []
    for folder, path, xml in jobs:
        if same_file(path, xml):
            continue
        if folder not in folders:
            _make_folder(folder)
            folders.add(folder)
        write_file_atomic(path, xml)
        written.append(path)
    return written


def _make_folder(folder: str) -> None:
    """A vault folder and its missing parents, each 0700 (``os.makedirs`` gives parents the umask's mode); once
    per folder and batch, so the common case is one ``isdir``."""
    if not os.path.isdir(folder):
        private_dirs(folder)


def iter_chunks(items: Iterable[Any], size: int) -> Iterable[Sequence[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
