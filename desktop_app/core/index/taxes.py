"""The reports' rows of one document (issue 18): its taxes, the documents its complementos de pago pay and the
CFDI it relates to — built from the parsed :class:`Invoice` without the database (worker processes run it, as
``index.write.prepare_document``), written beside the invoice's row by the index writer, in its transaction.

Amounts are kept twice: exactly as the XML writes them (the document's currency, ``Decimal`` text), and in MXN
cents (integers, rounded half-up once per row):

* a document's tax: × its ``TipoCambio`` when its ``Moneda`` is neither MXN nor XXX and a rate is given (the rule
  of every other ``_c`` column of the index);
* a Pagos 2.0 ``ImpuestosDR`` amount (the paid document's currency, SAT's Pagos20.xsd): × ``TipoCambioP``
  (MXN per unit of ``MonedaP``, when ``MonedaP`` is not MXN) ÷ ``EquivalenciaDR`` (units of ``MonedaDR`` per
  unit of ``MonedaP``; Pagos 1.0 ``TipoCambioDR`` means the same), i.e. converted at the payment's exchange rate.

Documents indexed before the reports' tables existed are read again from the vault by :func:`backfill`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from desktop_app.core.cfdi.model import FAMILY_CFDI, Invoice, PaidDocument
from desktop_app.core.cfdi.parser import parse_document
from desktop_app.core.cfdi.values import in_range_cents
from desktop_app.core.errors import AppError
from desktop_app.core.store.db import Single, transaction
from desktop_app.core.store.taxes import TaxRepository, TaxRows, TaxWrites
from desktop_app.core.store.vault import resolve

__all__ = ["TaxRows", "TaxWrites", "backfill", "document_factor", "payment_factor", "tax_rows", "to_cents"]

_ONE = Decimal(1)
_CENT = Decimal("0.01")
_NO_RATE = frozenset({None, "", "MXN", "XXX"})
BACKFILL_BATCH = 500


def to_cents(amount: Decimal | None, factor: Decimal | None) -> int | None:
    """``amount × factor`` in integer cents, rounded half-up; None for no amount, no factor (its MXN value is not
    known), or one outside the range the index sums (``cfdi.values.in_range_cents``)."""
    if amount is None or factor is None:
        return None
    try:
        if factor is _ONE:  # MXN (most documents): × 1 left out, the same digits rounded the same way
            cents = int((amount / _CENT).quantize(_ONE, rounding=ROUND_HALF_UP))
        else:
            cents = int((amount * factor / _CENT).quantize(_ONE, rounding=ROUND_HALF_UP))
    except (InvalidOperation, OverflowError, ValueError):
        return None
    return cents if in_range_cents(cents) else None


def _rate(currency: str | None, rate: Decimal | None) -> Decimal | None:
    """MXN per unit of ``currency``: 1 for pesos (and XXX, and none stated), its stated rate for another
    currency, None when that rate is missing, zero or negative: the amount's value in pesos is not known, and it
    is summed as nothing (and named) instead of one for one (the index's ``no_exchange_rate`` flag)."""
    if currency in _NO_RATE or (currency or "").strip().upper() in _NO_RATE:
        return _ONE
    return rate if rate is not None and rate > 0 else None


def document_factor(currency: str | None, exchange_rate: Decimal | None) -> Decimal | None:
    """What turns a document's amounts into MXN: its ``TipoCambio`` for another currency, else 1; None when
    another currency has no usable ``TipoCambio``."""
    return _rate(currency, exchange_rate)


def payment_factor(
    payment_currency: str | None, payment_rate: Decimal | None, equivalence: Decimal | None
) -> Decimal | None:
    """What turns a paid document's amounts (its own currency) into MXN at the payment's exchange rate:
    ``TipoCambioP`` (MonedaP other than MXN) ÷ ``EquivalenciaDR``/``TipoCambioDR`` (1 when absent); None when a
    MonedaP other than MXN has no usable ``TipoCambioP``, or the equivalence is negative."""
    rate = _rate(payment_currency, payment_rate)
    if rate is None or (equivalence is not None and equivalence < 0):
        return None
    if equivalence:
        return rate / equivalence
    return rate


# Amounts of a document's taxes and of its payments' taxes: when one of them could not be read (the parser's
# «unreadable amount» warning), the document's tax rows are kept as written and summed as nothing (the reports
# name it), not with that amount read as zero.
_TAX_AMOUNTS = frozenset({"Importe", "Base"})
_PAYMENT_AMOUNTS = frozenset({"ImporteDR", "BaseDR", "TipoCambioP", "EquivalenciaDR", "TipoCambioDR", "ImpPagado"})
_UNREADABLE = "unreadable amount "


def _unreadable(warnings: tuple[str, ...]) -> frozenset[str]:
    """The attributes the parser could not read as amounts (``Importe``, ``BaseDR``…)."""
    if not warnings:
        return frozenset()
    return frozenset(w[len(_UNREADABLE) :].partition("=")[0] for w in warnings if w.startswith(_UNREADABLE))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def tax_rows(inv: Invoice) -> TaxRows:
    """The reports' rows of a parsed CFDI (empty for Retenciones and damaged documents)."""
    if inv.family != FAMILY_CFDI or inv.damaged:
        return TaxRows()
    unreadable = _unreadable(inv.warnings)
    factor = None if unreadable & _TAX_AMOUNTS else document_factor(inv.currency, inv.exchange_rate)
    payments_unread = bool(unreadable & _PAYMENT_AMOUNTS)
    invoice = tuple(
        (
            t.kind,
            t.tax,
            t.factor,
            t.rate,
            _text(t.base),
            str(t.amount),
            to_cents(t.base, factor),
            to_cents(t.amount, factor),
        )
        for t in inv.taxes
    )
    docs: list[tuple[object, ...]] = []
    taxes: list[tuple[object, ...]] = []
    for line, paid in enumerate(inv.payments):  # ``line`` as ``payments.line``
        if paid.uuid is None:
            continue
        docs.append(_payment_doc(line, paid, payments_unread))
        if paid.taxes:
            pay_factor = (
                None
                if payments_unread
                else payment_factor(paid.payment_currency, paid.payment_exchange_rate, paid.equivalence)
            )
            taxes.extend(
                (
                    line,
                    t.kind,
                    t.tax,
                    t.factor,
                    t.rate,
                    _text(t.base),
                    str(t.amount),
                    to_cents(t.base, pay_factor),
                    to_cents(t.amount, pay_factor),
                )
                for t in paid.taxes
            )
    relations = tuple(dict.fromkeys((kind or "", uuid) for kind, uuid in inv.related_uuids))
    ppd = (
        (inv.uuid, inv.issue_date, _text(inv.total), (inv.currency or "").upper() or inv.currency)
        if inv.type == "I" and (inv.payment_method or "").upper() == "PPD"  # «ppd» written in lower case too
        else ()
    )
    return TaxRows(invoice, tuple(docs), tuple(taxes), relations, ppd)


def _payment_doc(line: int, paid: PaidDocument, unread: bool = False) -> tuple[object, ...]:
    # Pagos 1.0 may leave out ImpPagado when the Pago pays one document in its own currency (Pagos10.xsd: it is
    # required with several documents or a TipoCambioDR): the Pago's Monto is then what that document received.
    # ``unread``: an amount of the document's payments could not be read (an ImpPagado among them, perhaps this
    # one): nothing is taken for it, and its MXN value is not known.
    amount = paid.amount_paid if paid.amount_paid is not None or unread else paid.payment_amount
    factor = None if unread else payment_factor(paid.payment_currency, paid.payment_exchange_rate, paid.equivalence)
    return (
        line,
        paid.uuid,
        paid.payment_date,
        paid.payment_currency,
        _text(paid.payment_exchange_rate),
        paid.currency,
        _text(paid.equivalence),
        _text(amount),
        _text(paid.outstanding_balance),
        paid.installment,
        paid.tax_object,
        0 if paid.taxes is None else 1,
        to_cents(amount, factor),
    )


def backfill(
    conn: sqlite3.Connection, home: Path, rfc: str, *, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Read again from the vault the documents of ``rfc`` indexed before the reports' tables existed, in
    committed batches (stopping half-way loses nothing: the next run goes on). A file that is gone, differs from
    the one indexed (SHA-256) or cannot be read keeps its document pending with the reason; the reports name such
    documents.

    Returns ``{"read": n, "failed": n}``; ``progress(done, total)`` after each batch.
    """
    repo = TaxRepository(Single(conn))
    total = repo.pending_count(rfc)
    read = failed = 0
    while True:
        batch = repo.pending(rfc, BACKFILL_BATCH)
        if not batch:
            break
        results: list[tuple[int, TaxRows | None, str]] = []
        for invoice_id, stored, sha256 in batch:  # read and parsed outside the write transaction
            path = resolve(home, stored)
            try:
                if not path:
                    raise OSError("the index names no file")
                data = Path(path).read_bytes()
                if sha256 and hashlib.sha256(data).hexdigest() != sha256:
                    results.append((invoice_id, None, "vault_file_changed"))
                    continue
                inv = parse_document(data, owner_rfc=rfc)
            except OSError as exc:
                results.append((invoice_id, None, f"vault_file_missing: {exc.strerror or exc}"))
                continue
            except AppError as exc:
                results.append((invoice_id, None, exc.code))
                continue
            results.append((invoice_id, tax_rows(inv), ""))
        with transaction(conn):
            for invoice_id, rows, error in results:
                if rows is None:
                    repo.fail(invoice_id, error)
                    failed += 1
                elif repo.settle(rfc, invoice_id, rows):
                    read += 1
        if progress is not None:
            progress(read + failed, total)
    return {"read": read, "failed": failed}
