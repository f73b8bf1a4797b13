"""``report iva``: IVA trasladado, acreditable and retenido of one RFC over whole months, cash and accrual basis.

The rules, each with its source, are in ``docs/reports.md``; in short:

* Issued CFDI give IVA *trasladado* (LIVA art. 1) and the IVA their clients withheld (``withheld``, which the
  taxpayer subtracts: LIVA art. 1 and 5-D); received CFDI give the IVA suppliers transferred, which becomes
  *acreditable* (art. 4, 5), and the IVA the taxpayer withheld from them (``withheld_from_suppliers``, art. 1-A),
  which art. 5 fr. IV lets the taxpayer credit only in the return after the one it was paid with: so
  ``creditable`` = IVA transferred to the taxpayer − what it withheld in the period + what it withheld in the
  month before (``creditable_breakdown``).
* **Cash basis** (flujo de efectivo, LIVA art. 1-B, 5 fr. III, 11, 17, 22): ingresos not paid in installments
  (MetodoPago other than PPD) and egresos (credit notes) count on their issue date; PPD ingresos count on the
  FechaPago of each payment of their complementos de pago: Pagos 2.0 ``ImpuestosDR`` as written (converted with
  the payment's TipoCambioP and EquivalenciaDR), Pagos 1.0 (and 2.0 without ImpuestosDR) the invoice's own
  taxes × ImpPagado / Total. **Accrual basis**: ingresos and egresos on their issue date, whatever the method.
* Credit notes (tipo E) subtract; cancelled documents and payments are left out; documents of another currency
  are converted with their own TipoCambio (payments: the payment's). Each row rounds half-up to cents once.
* Every figure can list the documents behind it (``detail``); what could not be counted (no XML, an XML that
  cannot be read, a payment of an invoice the index does not have…) is named in ``notes``.
* CFF art. 69-B: the IVA transferred to the taxpayer by a supplier whose situation on the loaded 69-B list is
  *definitivo* is not creditable: it leaves ``creditable`` (and ``by_rate``) for ``not_creditable_69b``
  (``core.reports.efos69b``).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from desktop_app.core.index.taxes import payment_factor, to_cents
from desktop_app.core.reports.common import BASES, Period, money
from desktop_app.core.reports.efos69b import Listed69B
from desktop_app.core.reports.ppd import cash_shares, share_of
from desktop_app.core.store.db import Single
from desktop_app.core.store.taxes import DIRECTIONS, TaxRepository

RATE_KEYS = ("16", "8", "0", "exento")
_RATE_FIELDS = ("issued_base", "issued_iva", "received_base", "received_iva")
# What leaves a payment out, or counts it with a caveat: notes of the cash basis.
NOTE_TEXT = {
    "cancelled": "cancelled documents, left out",
    "status_unknown": "documents whose SAT status is not known (no SAT metadata or check yet): counted",
    "without_xml": "documents known only from SAT's metadata (no XML, so no taxes): not counted",
    "taxes_unread": "documents whose XML could not be read again from the vault: not counted",
    "not_summed": "tax amounts whose value in pesos is not known (a foreign currency without a usable exchange "
    "rate, an amount that could not be read, or one outside the range the index sums): not counted",
    "base_not_stated": "IVA rows without a stated base (CFDI 3.2 and older): their base counts as 0",
    "self_invoice": "CFDI the RFC issued to itself: left out (its IVA would be transferred and creditable at once)",
    "cancelled_payments": "payments in cancelled complementos de pago, left out",
    "paid_invoice_cancelled": "payments of cancelled invoices, left out",
    "payment_of_non_ppd": "payments of invoices not issued as PPD (counted on their issue date), left out",
    "paid_invoice_not_indexed": "Pagos 2.0 payments of invoices the index does not have: counted from ImpuestosDR",
    "payment_unresolved": "payments whose IVA cannot be known (Pagos 1.0 or no ImpuestosDR, and the paid invoice "
    "is not indexed, has no XML or another currency): not counted",
    "payment_receipts_unread": "complementos de pago issued in the period without a readable XML: not counted",
    "credit_note_on_balance": "credit notes applied to what a PPD invoice still owed: its payments count the "
    "reduced amount, so they are not subtracted again (only a part beyond that balance is)",
}


@lru_cache(maxsize=256)
def rate_key(factor: str | None, rate: str | None) -> str:
    """``exento``, or the rate in percent without trailing zeros (``0.160000`` → ``16``); ``sin_tasa`` when the
    document does not say."""
    if factor == "Exento":
        return "exento"
    if not rate:
        return "sin_tasa"
    try:
        percent = (Decimal(rate) * 100).normalize()
    except InvalidOperation:
        return rate
    return format(percent, "f")


class _Notes:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, None]] = {}

    def add(self, code: str, uuid: str) -> None:
        self.items.setdefault(code, {})[uuid] = None

    def to_json(self, detail: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, uuids in self.items.items():
            entry: dict[str, Any] = {"count": len(uuids), "what": NOTE_TEXT.get(code, code)}
            if detail:
                entry["uuids"] = list(uuids)
            out[code] = entry
        return out


class _Basis:
    """The figures of one basis while they are added up, in cents, with the items behind them."""

    def __init__(self, period: Period, detail: bool) -> None:
        self.period = period
        self.detail = detail
        self.transferred = self.withheld = self.received = self.withheld_by_taxpayer = 0
        self.not_creditable_69b = 0
        self.supplier_withheld_by_month: dict[str, int] = defaultdict(int)
        self.by_rate: dict[str, list[int]] = {key: [0, 0, 0, 0] for key in RATE_KEYS}
        self.items: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.supplier_items: list[tuple[str, dict[str, Any]]] = []
        self.documents: set[str] = set()
        self.payments: set[tuple[str, str]] = set()
        self.notes = _Notes()

    def add(
        self,
        month: str,
        direction: str,
        kind: str,
        factor: str | None,
        rate: str | None,
        base_c: int | None,
        amount_c: int | None,
        sign: int,
        uuid: str,
        item: dict[str, Any] | None,
        listed_69b: bool = False,
    ) -> None:
        """One IVA row of a document or payment of ``month`` (the period's, or the month before: then only what the
        taxpayer withheld counts, for art. 5 fr. IV). ``item`` (with ``detail`` only): what the detail lists.
        ``listed_69b``: a received document (or payment) of a definitivo supplier: its transferred IVA is not
        creditable."""
        in_period = month >= self.period.first
        if amount_c is None or (base_c is None and factor == "Exento"):
            if in_period:
                self.notes.add("not_summed", uuid)
            return
        if base_c is None and kind == "T" and in_period:
            self.notes.add("base_not_stated", uuid)
        amount, base = sign * amount_c, sign * (base_c or 0)
        key = rate_key(factor, rate)
        if item is not None:
            item = {**item, "rate": key, "base": money(base), "amount": money(amount)}
        if kind == "R" and direction == "received":  # withheld by the taxpayer: this period's, or the one before
            self.supplier_withheld_by_month[month] += amount
            if item is not None:
                self.supplier_items.append((month, item))
            if not in_period:
                return
            self.withheld_by_taxpayer += amount
        if not in_period:
            return
        if kind == "T" and listed_69b and direction == "received":
            self.not_creditable_69b += amount
            if item is not None:
                self.items["not_creditable_69b"].append(item)
            return
        if kind == "T":
            sums = self.by_rate.setdefault(key, [0, 0, 0, 0])
            if direction == "issued":
                self.transferred += amount
                sums[0] += base
                sums[1] += amount
                figure = "transferred"
            else:
                self.received += amount
                sums[2] += base
                sums[3] += amount
                figure = "creditable"
        elif kind == "R":
            if direction == "issued":
                self.withheld += amount
                figure = "withheld"
            else:
                figure = "withheld_from_suppliers"
        else:  # pragma: no cover - the index writes only T and R
            return
        if item is not None:
            self.items[figure].append(item)

    def to_json(self) -> dict[str, Any]:
        last = self.period.last
        by_month = self.supplier_withheld_by_month
        # Art. 5 fr. IV: what was withheld in a month is credited in the next one. Over months first..last that is
        # the month before first, and first..last except last.
        previous = sum(amount for month, amount in by_month.items() if month != last)
        creditable = self.received - self.withheld_by_taxpayer + previous
        out: dict[str, Any] = {
            "transferred": money(self.transferred),
            "creditable": money(creditable),
            "withheld": money(self.withheld),
            "withheld_from_suppliers": money(self.withheld_by_taxpayer),
            "not_creditable_69b": money(self.not_creditable_69b),
            "balance": money(self.transferred - self.withheld - creditable),
            "creditable_breakdown": {
                "transferred_to_taxpayer": money(self.received),
                "less_withheld_from_suppliers": money(self.withheld_by_taxpayer),
                "plus_withheld_previous_month": money(previous),
            },
            "by_rate": {
                key: dict(zip(_RATE_FIELDS, map(money, sums), strict=True))
                for key, sums in sorted(self.by_rate.items(), key=_rate_order)
            },
            "counts": {"documents": len(self.documents), "payments": len(self.payments)},
            "notes": self.notes.to_json(self.detail),
        }
        if self.detail:
            detail = {name: self.items.get(name, []) for name in _FIGURES}
            detail["withheld_previous_month"] = [item for month, item in self.supplier_items if month != last]
            out["detail"] = detail
        return out


_FIGURES = ("transferred", "withheld", "creditable", "withheld_from_suppliers", "not_creditable_69b")


def _rate_order(entry: tuple[str, list[int]]) -> tuple[int, str]:
    key = entry[0]
    return (RATE_KEYS.index(key), "") if key in RATE_KEYS else (len(RATE_KEYS), key)


def iva_report(
    conn: sqlite3.Connection,
    rfc: str,
    period: Period,
    *,
    detail: bool = False,
    bases: Iterable[str] = BASES,
    directions: Iterable[str] = DIRECTIONS,
) -> dict[str, Any]:
    """``data`` of ``report iva`` for ``rfc`` over ``period``: one entry per basis asked (``cash``, ``accrual``)
    with ``transferred``, ``creditable``, ``withheld`` (2-decimal MXN strings), ``withheld_from_suppliers``,
    ``balance`` (transferred − withheld − creditable: positive is IVA to pay, negative a balance in favour),
    ``creditable_breakdown``, ``by_rate`` (16, 8, 0, exento and any other rate found: bases and IVA of issued and
    received CFDI), ``not_creditable_69b`` (IVA of definitivo suppliers, out of creditable), ``counts``, ``notes``
    and, with ``detail``, the items behind each figure; ``list_69b``: the 69-B list the report used.

    ``directions`` (``issued``, ``received``; both by default, what ``report iva`` answers) keeps only the documents
    and payments of one side: ``report diot`` asks for the received ones, and every figure of the other side is
    then zero and its notes absent — not a report to show as IVA."""
    repo = TaxRepository(Single(conn))
    sides = tuple(directions)
    wanted = set(bases)
    out = {name: _Basis(period, detail) for name in BASES if name in wanted}
    cash, accrual = out.get("cash"), out.get("accrual")
    before = f"{period.before}-01"  # the month before: what the taxpayer withheld then is credited now
    listed = Listed69B.load(conn, rfc)
    definitivo = listed.definitivo_documents(conn, rfc, period.start, period.end)
    previous = repo.withheld_by_taxpayer(rfc, before, period.start) if "received" in sides else []
    documents = repo.documents(rfc, period.start, period.end, sides)
    # Credit notes that only reduced what a PPD invoice still owed: its payments count the reduction already.
    shares = cash_shares(repo, rfc, {row["uuid"] for row in documents if row["type"] == "E"}) if cash else {}
    for rows in (documents, previous):
        for row in rows:
            if rows is documents and row["own"]:
                # Issued to itself: its IVA is transferred and creditable at once, as SAT lists it among the
                # issued and the received; the index keeps it issued, so the report leaves it out and names it.
                for basis in out.values():
                    basis.notes.add("self_invoice", row["uuid"])
                continue
            _add_document(row, cash, accrual, detail, row["uuid"] in definitivo, shares.get(row["uuid"]))
    for row in repo.document_notes(rfc, period.start, period.end, sides):
        at_issue = row["type"] == "E" or row["payment_method"] != "PPD"
        for basis in out.values():
            if basis is accrual or at_issue:
                basis.notes.add(row["code"], row["uuid"])
    if cash is not None:
        _add_payments(cash, repo, rfc, before, period.end, listed, conn, sides)
        for row in repo.payment_receipts_unread(rfc, period.start, period.end, sides):
            cash.notes.add("payment_receipts_unread", row["uuid"])
    result: dict[str, Any] = {name: basis.to_json() for name, basis in out.items()}
    result["list_69b"] = listed.to_json()
    return result


def _add_document(
    row: sqlite3.Row,
    cash: _Basis | None,
    accrual: _Basis | None,
    detail: bool,
    listed_69b: bool = False,
    share: Decimal | None = None,
) -> None:
    """One IVA row of an ingreso or egreso (not cancelled) into each basis that counts it on its issue date;
    ``share``: the part of a credit note the cash basis counts (``ppd.cash_shares``), None for all of it."""
    uuid, date = row["uuid"], row["issue_date"] or ""
    month = date[:7]
    item = None
    if detail:
        item = {"uuid": uuid, "type": row["type"], "date": date, "source": "document", "currency": row["currency"],
                "exchange_rate": row["exchange_rate"]}  # fmt: skip
    sign = -1 if row["type"] == "E" else 1
    values = (month, row["direction"], row["kind"], row["factor"], row["rate"], row["base_c"], row["amount_c"], sign)
    if accrual is not None:
        accrual.add(*values, uuid, item, listed_69b)
        if month >= accrual.period.first:
            accrual.documents.add(uuid)
    # Cash basis: an ingreso issued PPD counts through its complementos de pago, not on its own date.
    if cash is not None and (row["type"] == "E" or row["payment_method"] != "PPD"):
        if share is not None:
            if month >= cash.period.first:
                cash.notes.add("credit_note_on_balance", uuid)
            if not share:
                return
            values = (*values[:5], share_of(row["base_c"], share), share_of(row["amount_c"], share), sign)
        cash.add(*values, uuid, item, listed_69b)
        if month >= cash.period.first:
            cash.documents.add(uuid)


def _add_payments(
    basis: _Basis,
    repo: TaxRepository,
    rfc: str,
    start: str,
    end: str,
    listed: Listed69B,
    conn: sqlite3.Connection,
    directions: tuple[str, ...] = DIRECTIONS,
) -> None:
    lines = repo.payment_lines(rfc, start, end, directions)
    received = (row["invoice_id"] for row in lines if row["direction"] == "received")
    definitivo = listed.definitivo_receipts(conn, received)  # receipts issued by a definitivo supplier
    dr_taxes: dict[tuple[int, int], list[sqlite3.Row]] = defaultdict(list)
    for row in repo.payment_taxes(rfc, start, end):
        dr_taxes[row["invoice_id"], row["line"]].append(row)
    counted: list[tuple[sqlite3.Row, str]] = []  # (line, how: "dr" | "proportion")
    for row in lines:
        uuid, payment_uuid = row["paid_uuid"], row["payment_uuid"]
        in_period = (row["payment_date"] or "")[:7] >= basis.period.first
        note = basis.notes.add if in_period else _ignore
        if row["payment_status"] == "cancelado":
            note("cancelled_payments", payment_uuid)
            continue
        known = row["r_id"] is not None and row["r_damaged"] is None and row["r_has_xml"]
        if row["r_id"] is not None and row["r_status"] == "cancelado":
            note("paid_invoice_cancelled", uuid)
            continue
        if known and (row["r_method"] != "PPD" or row["r_type"] != "I"):
            note("payment_of_non_ppd", uuid)
            continue
        if row["dr_taxes"]:
            if not known:
                note("paid_invoice_not_indexed", uuid)
            counted.append((row, "dr"))
        elif row["tax_object"] == "01":  # "No objeto de impuesto": the payment carries no IVA
            continue
        elif not known or row["r_pending"] is not None or not _same_currency(row["currency"], row["r_currency"]):
            note("payment_unresolved", uuid)
        else:
            counted.append((row, "proportion"))
    invoice_iva: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for tax in repo.invoice_iva(row["r_id"] for row, how in counted if how == "proportion"):
        invoice_iva[tax["invoice_id"]].append(tax)
    for row, how in counted:
        month = (row["payment_date"] or "")[:7]
        described = {
            "uuid": row["paid_uuid"],
            "payment_uuid": row["payment_uuid"],
            "type": "P",
            "date": row["payment_date"],
            "installment": row["installment"],
            "amount_paid": row["amount_paid"],
            "currency": row["currency"],
            "payment_currency": row["payment_currency"],
            "payment_exchange_rate": row["payment_rate"],
            "equivalence": row["equivalence"],
        }
        if how == "dr":
            item = {**described, "source": "payment_taxes"} if basis.detail else None
            for tax in dr_taxes.get((row["invoice_id"], row["line"]), []):
                basis.add(month, row["direction"], tax["kind"], tax["factor"], tax["rate"], tax["base_c"],
                          tax["amount_c"], 1, row["paid_uuid"], item, row["invoice_id"] in definitivo)  # fmt: skip
        else:
            paid, total = _decimal(row["amount_paid"]), _decimal(row["r_total"])
            if paid is None or not total:
                if month >= basis.period.first:
                    basis.notes.add("payment_unresolved", row["paid_uuid"])
                continue
            ratio = paid / total
            rate, equivalence = _decimal(row["payment_rate"]), _decimal(row["equivalence"])
            factor = payment_factor(row["payment_currency"], rate, equivalence)
            proportion = str(ratio.quantize(Decimal("0.000001")))
            item = {**described, "source": "payment_proportion", "proportion": proportion} if basis.detail else None
            for tax in invoice_iva.get(row["r_id"], []):
                base = _decimal(tax["base"])
                amount = _decimal(tax["amount"]) or Decimal(0)
                basis.add(
                    month,
                    row["direction"],
                    tax["kind"],
                    tax["factor"],
                    tax["rate"],
                    None if base is None else to_cents(base * ratio, factor),
                    to_cents(amount * ratio, factor),
                    1,
                    row["paid_uuid"],
                    item,
                    row["invoice_id"] in definitivo,
                )
        if month >= basis.period.first:
            basis.payments.add((row["payment_uuid"], row["paid_uuid"]))


def _ignore(code: str, uuid: str) -> None:
    """Notes about documents of the month before the period are not this period's."""


def _same_currency(paid: str | None, invoice: str | None) -> bool:
    return (paid or "MXN") == (invoice or "MXN")


def _decimal(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
