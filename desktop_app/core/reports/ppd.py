"""``report ppd``: the invoices paid in installments (MetodoPago PPD) still open at the end of the period — por
cobrar (issued) and por pagar (received) — with their aging and the payments received so far.

Rules (sources in ``docs/reports.md``):

* An invoice is an ingreso (tipo I) with MetodoPago ``PPD``, issued on or before the period's last day, neither
  cancelled nor damaged.
* What it still owes (saldo insoluto) = its Total − every ImpPagado of the complementos de pago that pay it with a
  FechaPago on or before the period's last day (receipts cancelled or damaged pay nothing; ImpPagado is in the
  invoice's currency, Pagos20.xsd MonedaDR) − the Total of each credit note (tipo E, not cancelled, issued by
  then) related to it alone with TipoRelacion 01 (nota de crédito), 03 (devolución) or 07 (aplicación de
  anticipo). A credit note related to several invoices is named on each, not split.
* Beside it, ``stated_balance``: what the invoices browser shows as its *saldo pendiente* (``invoices.pending_c``)
  at the same date — the ImpSaldoInsoluto of the latest payment line (highest NumParcialidad, then latest
  FechaPago, receipt issue date, receipt UUID, line) of a receipt neither cancelled nor damaged, or the Total
  when no payment states one. By Pagos20.xsd the two are equal when every complemento is indexed and right
  (ImpSaldoAnt is the previous ImpSaldoInsoluto, ImpSaldoInsoluto = ImpSaldoAnt − ImpPagado) and no credit note
  applies; where they differ the invoice is named in ``notes.pending_differs`` (also when it is listed by only
  one of the two), and where that latest ImpSaldoInsoluto less the credit notes issued after it differs, in
  ``notes.balance_differs`` too.
* Listed when that balance is above zero. Aging: whole days from the issue date to the period's last day,
  0–30, 31–60, 61–90, over 90. Amounts in the invoice's currency; the MXN columns at its own TipoCambio
  (not revalued), rounded half-up to cents per invoice.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop_app.core.index.taxes import document_factor, to_cents
from desktop_app.core.reports.common import Period, decimal_text, money
from desktop_app.core.store.db import Single
from desktop_app.core.store.taxes import TaxRepository

BUCKETS = ("0-30", "31-60", "61-90", "90+")
CREDIT_RELATIONS = frozenset({"01", "03", "07"})
SIDES = {"issued": "receivable", "received": "payable"}
NOTE_TEXT = {
    "status_unknown": "open invoices whose SAT status is not known (no SAT metadata or check yet): listed",
    "balance_not_in_pesos": "open invoices in a foreign currency without a usable exchange rate (TipoCambio), or "
    "with a balance outside the range the index sums: listed, their balance not in the totals in pesos",
    "payment_currency_differs": "payments in a currency other than the invoice's (MonedaDR): not subtracted",
    "credit_note_unallocated": "credit notes related to several invoices: not subtracted from any",
    "balance_differs": "invoices whose latest ImpSaldoInsoluto (less later credit notes) differs from the "
    "computed balance",
    "pending_differs": "invoices whose pending balance in the browser (the latest ImpSaldoInsoluto, or the Total "
    "when no payment states one; credit notes not subtracted) differs from this report's balance",
}


def bucket(days: int) -> str:
    """The aging bucket of an invoice ``days`` old."""
    if days <= 30:
        return BUCKETS[0]
    if days <= 60:
        return BUCKETS[1]
    if days <= 90:
        return BUCKETS[2]
    return BUCKETS[3]


def ppd_report(conn: sqlite3.Connection, rfc: str, period: Period, *, detail: bool = False) -> dict[str, Any]:
    """``data`` of ``report ppd``: ``as_of`` (the period's last day), ``receivable`` and ``payable`` (each:
    ``count``, ``balance`` and ``aging`` in MXN, ``invoices``), ``notes``."""
    repo = TaxRepository(Single(conn))
    as_of, end = period.last_day, period.end
    candidates = repo.open_ppd(rfc, end)
    uuids = [row["uuid"] for row in candidates]
    payments: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in repo.payments_of(rfc, uuids, end):
        if row["payment_status"] != "cancelado" and row["payment_damaged"] is None:
            payments[row["paid_uuid"]].append(row)
    credits: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in repo.credit_notes_of(rfc, uuids, end):
        if row["status"] != "cancelado" and row["relation"] in CREDIT_RELATIONS:
            credits[row["related_uuid"]].append(row)
    notes: dict[str, dict[str, None]] = defaultdict(dict)
    sides: dict[str, dict[str, Any]] = {
        side: {"count": 0, "cents": 0, "aging": dict.fromkeys(BUCKETS, 0), "invoices": [], "uuids": defaultdict(list)}
        for side in SIDES.values()
    }
    for row in candidates:
        entry = _invoice(row, payments.get(row["uuid"], []), credits.get(row["uuid"], []), as_of, notes)
        if entry is None:
            continue
        side = sides[SIDES.get(row["direction"], "receivable")]
        cents = entry.pop("_cents")
        side["count"] += 1
        side["cents"] += cents
        side["aging"][entry["aging"]] += cents
        side["uuids"][entry["aging"]].append(entry["uuid"])
        side["invoices"].append(entry)
    out: dict[str, Any] = {"as_of": as_of.isoformat()}
    for name, side in sides.items():
        out[name] = {
            "count": side["count"],
            "balance": money(side["cents"]),
            "aging": {key: money(value) for key, value in side["aging"].items()},
            "invoices": side["invoices"],
        }
        if detail:
            out[name]["aging_uuids"] = {key: side["uuids"].get(key, []) for key in BUCKETS}
    out["notes"] = {
        code: {"count": len(found), "what": NOTE_TEXT[code], **({"uuids": list(found)} if detail else {})}
        for code, found in notes.items()
    }
    return out


def _invoice(
    row: sqlite3.Row,
    payments: list[sqlite3.Row],
    credits: list[sqlite3.Row],
    as_of: date,
    notes: dict[str, dict[str, None]],
) -> dict[str, Any] | None:
    uuid = row["uuid"]
    currency = row["currency"] or "MXN"
    total = _decimal(row["total"]) or Decimal(0)
    paid = Decimal(0)
    lines = []
    for pay in payments:
        amount = _decimal(pay["amount_paid"]) or Decimal(0)
        if (pay["currency"] or "MXN") != currency:
            notes["payment_currency_differs"][uuid] = None
            continue
        paid += amount
        lines.append(
            {
                "payment_uuid": pay["payment_uuid"],
                "date": pay["payment_date"],
                "installment": pay["installment"],
                "amount": decimal_text(amount),
                "stated_balance": pay["balance"],
            }
        )
    stated_line = _latest_stated(payments)
    stated = _decimal(stated_line["balance"]) if stated_line is not None else None
    if stated is None:
        stated = total
    credited = Decimal(0)
    notes_applied = []
    for note in credits:
        if note["direction"] != row["direction"]:
            continue
        amount = _decimal(note["total"]) or Decimal(0)
        entry = {"uuid": note["uuid"], "date": note["issue_date"], "relation": note["relation"],
                 "amount": decimal_text(amount)}  # fmt: skip
        if note["related_count"] != 1 or (note["currency"] or "MXN") != currency:
            notes["credit_note_unallocated"][note["uuid"]] = None
            entry["subtracted"] = False
        else:
            credited += amount
            entry["subtracted"] = True
        notes_applied.append(entry)
    balance = total - paid - credited
    if stated != balance and (balance > 0 or stated > 0):  # the browser and the report would not agree
        notes["pending_differs"][uuid] = None
    if balance <= 0:
        return None
    if row["status"] == "unknown":
        notes["status_unknown"][uuid] = None
    last = lines[-1] if lines else None
    if stated_line is not None:
        later = sum(
            (
                _decimal(c["amount"]) or Decimal(0)
                for c in notes_applied
                if c["subtracted"] and (c["date"] or "") > (stated_line["payment_date"] or "")
            ),
            Decimal(0),
        )
        if stated - later != balance:
            notes["balance_differs"][uuid] = None
    issued = date.fromisoformat((row["issue_date"] or as_of.isoformat())[:10])
    days = (as_of - issued).days
    factor = document_factor(row["currency"], _decimal(row["exchange_rate"]))
    cents = to_cents(balance, factor)
    if cents is None:  # a foreign currency without a usable TipoCambio, or past the summed range: listed, not summed
        notes["balance_not_in_pesos"][uuid] = None
    counterpart = ("receiver" if row["direction"] == "issued" else "issuer") + "_"
    return {
        "uuid": uuid,
        "issue_date": row["issue_date"],
        "series": row["series"],
        "folio": row["folio"],
        "counterpart_rfc": row[counterpart + "rfc"],
        "counterpart_name": row[counterpart + "name"],
        "status": row["status"],
        "currency": currency,
        "exchange_rate": row["exchange_rate"],
        "total": decimal_text(total),
        "paid": decimal_text(paid),
        "credited": decimal_text(credited),
        "balance": decimal_text(balance),
        "balance_mxn": None if cents is None else money(cents),
        "days": days,
        "aging": bucket(days),
        "payments_count": len(lines),
        "last_payment_date": last["date"] if last else None,
        "last_stated_balance": stated_line["balance"] if stated_line is not None else None,
        "stated_balance": decimal_text(stated),
        "payments": lines,
        "credit_notes": notes_applied,
        "_cents": cents or 0,
    }


def cash_shares(repo: TaxRepository, rfc: str, credit_notes: Iterable[str]) -> dict[str, Decimal]:
    """The part of each credit note a cash basis counts, for those that only (or partly) reduced what a PPD invoice
    still owed when they were issued: a nota de crédito applied to the balance leaves less to pay, and the
    complementos de pago that pay the rest count the reduced amount already (their ImpuestosDR, or the paid
    proportion), so subtracting the credit note on its issue date as well would count the reduction twice. What
    exceeds the balance (money already collected and given back) still subtracts.

    For each credit note related, by this module's rule, to one PPD ingreso alone (TipoRelacion 01, 03 or 07; the
    invoice indexed, same side, same currency, neither cancelled nor damaged): the balance when it was issued =
    the invoice's Total − ImpPagado of the payments with a FechaPago up to its issue date − the credit notes to it
    issued before; the share = (its Total − the part of it that balance absorbs) / its Total, in [0, 1). Credit
    notes absent from the answer count whole, as before (a PUE invoice, several invoices, not indexed...)."""
    links: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for link in repo.credit_note_links(rfc, credit_notes):
        links[link["uuid"]].append(link)
    applied: dict[str, sqlite3.Row] = {}
    for uuid, rows in links.items():
        usable = [row for row in rows if row["relation"] in CREDIT_RELATIONS]
        if len(usable) == 1 and _on_ppd_balance(usable[0]):
            applied[uuid] = usable[0]
    if not applied:
        return {}
    invoices = sorted({row["related_uuid"] for row in applied.values()})
    paid: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for pay in repo.payments_of(rfc, invoices, "9999-12-31"):
        if pay["payment_status"] != "cancelado" and pay["payment_damaged"] is None:
            paid[pay["paid_uuid"]].append(pay)
    earlier: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for note in repo.credit_notes_of(rfc, invoices, "9999-12-31"):
        if note["status"] != "cancelado" and note["relation"] in CREDIT_RELATIONS and note["related_count"] == 1:
            earlier[note["related_uuid"]].append(note)
    shares: dict[str, Decimal] = {}
    for uuid, link in applied.items():
        amount = _decimal(link["total"]) or Decimal(0)
        if amount <= 0:
            continue
        invoice, currency, when = link["related_uuid"], link["currency"] or "MXN", link["issue_date"] or ""
        balance = (_decimal(link["x_total"]) or Decimal(0)) - sum(
            (
                _decimal(pay["amount_paid"]) or Decimal(0)
                for pay in paid[invoice]
                if (pay["currency"] or "MXN") == currency and (pay["payment_date"] or "") <= when
            ),
            Decimal(0),
        )
        balance -= sum(
            (
                _decimal(note["total"]) or Decimal(0)
                for note in earlier[invoice]
                if note["direction"] == link["direction"]
                and (note["currency"] or "MXN") == currency
                and ((note["issue_date"] or ""), note["uuid"]) < (when, uuid)
            ),
            Decimal(0),
        )
        absorbed = min(max(balance, Decimal(0)), amount)
        if absorbed > 0:
            shares[uuid] = (amount - absorbed) / amount
    return shares


def _on_ppd_balance(link: sqlite3.Row) -> bool:
    """Whether a credit note's one relation (``TaxRepository.credit_note_links``) is to a PPD ingreso alone that
    :func:`cash_shares` can follow."""
    return (
        link["related_count"] == 1
        and link["x_type"] == "I"
        and link["x_method"] == "PPD"
        and link["x_status"] != "cancelado"
        and link["x_damaged"] is None
        and link["x_direction"] == link["direction"]
        and (link["x_currency"] or "MXN") == (link["currency"] or "MXN")
    )


def share_of(cents: int | None, share: Decimal) -> int | None:
    """``cents`` × ``share``, rounded half-up to a cent (None stays None: an amount outside the summed range)."""
    if cents is None:
        return None
    return int((cents * share).to_integral_value(ROUND_HALF_UP))


def _latest_stated(payments: list[sqlite3.Row]) -> sqlite3.Row | None:
    """The payment line whose ImpSaldoInsoluto the browser shows (``schema.PENDING_SQL``'s order): of the lines
    that state one, the highest NumParcialidad, then the latest FechaPago, receipt issue date, receipt UUID, line.
    ``payments``: the invoice's lines up to the report's date, of receipts neither cancelled nor damaged."""
    stated = [pay for pay in payments if pay["balance"] is not None]
    if not stated:
        return None
    return max(
        stated,
        key=lambda pay: (
            _installment(pay["installment"]),
            pay["payment_date"] or "",
            pay["payment_issued"] or "",
            pay["payment_uuid"] or "",
            pay["line"] or 0,
        ),
    )


def _installment(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _decimal(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
