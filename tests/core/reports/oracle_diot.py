"""An independent reading of ``report diot`` straight from the raw XML (lxml, not the app's parser, index, SQL or
``report iva``): per supplier RFC, the cash-basis bases and IVA by rate, credit notes, IVA withheld, and the whole
pesos the batch file must carry. Documents are read with ``oracle.read_doc`` (the IVA rows and payments of one
CFDI); who issued them, where and under which regime is read here from the same bytes.

The rules, written again from docs/reports.md §DIOT: PUE (non-PPD) invoices and every credit note on their issue
date, PPD invoices through the payments of their complementos de pago (Pagos 2.0 ImpuestosDR, else the paid
proportion), cancelled documents out, foreign currency at the document's (payments: the payment's) rate; each row
rounded half-up to cents once; amounts in the batch file rounded to pesos once per field, 50 centavos down
(CFF art. 20).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_DOWN, Decimal
from pathlib import Path

from lxml import etree

from tests.core.reports.oracle import Doc, cash_share, cents, key_of, part, read_world

# States by the first two digits of their postal codes (SEPOMEX).
NORTH_BORDER_STATES = {
    "Baja California": (21, 22),
    "Sonora": (83, 84, 85),
    "Chihuahua": (31, 32, 33),
    "Coahuila": (25, 26, 27),
    "Nuevo León": (64, 65, 66, 67),
    "Tamaulipas": (87, 88, 89),
}
SOUTH_BORDER_STATES = {"Campeche": (24,), "Chiapas": (29, 30), "Quintana Roo": (77,), "Tabasco": (86,)}


@dataclass
class Issuer:
    rfc: str
    name: str
    place: str | None
    regime: str | None
    isr_withheld: bool


@dataclass
class Supplier:
    rfc: str
    name: str = ""
    paid: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # rate → [base, iva]
    returns: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    withheld: int = 0
    isr: bool = False
    places: set[str] = field(default_factory=set)
    regimes: set[str] = field(default_factory=set)
    uuids: set[str] = field(default_factory=set)


def issuer_of(data: bytes) -> Issuer:
    root = etree.fromstring(data)
    emisor = next(c for c in root if isinstance(c.tag, str) and etree.QName(c).localname == "Emisor")
    isr = any(
        etree.QName(el).localname == "Retencion" and el.get("Impuesto") == "001"
        for el in root.iter()
        if isinstance(el.tag, str)
    )
    return Issuer(emisor.get("Rfc"), emisor.get("Nombre") or "", root.get("LugarExpedicion"),
                  emisor.get("RegimenFiscal"), isr)  # fmt: skip


def whole_pesos(cents_value: int) -> int:
    """CFF art. 20: 1 to 50 centavos to the peso below, 51 to 99 to the peso above."""
    return int((Decimal(cents_value) / 100).quantize(Decimal(1), rounding=ROUND_HALF_DOWN))


def border(place: str | None) -> str | None:
    if not place:
        return None
    prefix = int(place[:2])
    if any(prefix in p for p in NORTH_BORDER_STATES.values()):
        return "norte"
    if any(prefix in p for p in SOUTH_BORDER_STATES.values()):
        return "sur"
    return None


def _factor(doc: Doc) -> Decimal:
    return doc.rate if doc.currency not in ("MXN", "XXX") and doc.rate else Decimal(1)


def suppliers(folder: Path, owner: str, first: str, last: str) -> dict[str, Supplier]:
    """Supplier RFC → what it was paid in months first..last (``YYYY-MM``), from the XML folder and metadata."""
    docs, _status, _only = read_world(folder, owner)
    issuers = {}
    for path in (folder / "xml").glob("*.xml"):
        data = path.read_bytes()
        issuers[read_uuid(data)] = issuer_of(data)
    out: dict[str, Supplier] = {}

    def supplier(uuid: str, invoice_uuid: str | None = None) -> Supplier:
        who = issuers[uuid]
        s = out.setdefault(who.rfc, Supplier(who.rfc, who.name))
        s.uuids.add(uuid)
        facts = issuers.get(invoice_uuid or "", who)
        s.isr = s.isr or facts.isr_withheld
        if facts.place:
            s.places.add(facts.place)
        if facts.regime:
            s.regimes.add(facts.regime)
        if invoice_uuid:
            s.uuids.add(invoice_uuid)
        return s

    for doc in docs.values():
        month = doc.date[:7]
        if doc.direction != "received" or doc.status == "cancelado" or not first <= month <= last:
            continue
        if doc.type == "E" or (doc.type == "I" and doc.method != "PPD"):
            share = cash_share(docs, doc) if doc.type == "E" else Decimal(1)
            if not share:
                continue
            s = supplier(doc.uuid)
            factor = _factor(doc)
            for row in doc.iva:
                amount = part(cents(row.amount * factor), share)
                if row.kind == "R":
                    s.withheld += -amount if doc.type == "E" else amount
                    continue
                base = part(cents(row.base * factor), share) if row.base is not None else 0
                into = s.returns if doc.type == "E" else s.paid
                into[key_of(row.factor, row.rate)][0] += base
                into[key_of(row.factor, row.rate)][1] += amount
    for receipt in docs.values():
        if receipt.type != "P" or receipt.direction != "received" or receipt.status == "cancelado":
            continue
        for p in receipt.paid:
            if not first <= p.date[:7] <= last:
                continue
            invoice = docs.get(p.uuid)
            if invoice is not None and (invoice.status == "cancelado" or invoice.method != "PPD"):
                continue
            rate = p.payment_rate if p.payment_currency not in ("MXN", "XXX") and p.payment_rate else Decimal(1)
            factor = rate / (p.equivalence or Decimal(1))
            if p.v20_taxes is not None:
                rows = [(r, r.base, r.amount) for r in p.v20_taxes]
            elif invoice is not None and p.objeto != "01":
                ratio = p.amount / invoice.total
                rows = [(r, r.base * ratio if r.base is not None else None, r.amount * ratio) for r in invoice.iva]
            else:
                continue
            s = supplier(receipt.uuid, p.uuid if invoice is not None else None)
            if invoice is None:
                s.uuids.add(p.uuid)
            for row, base, amount in rows:
                if row.kind == "R":
                    s.withheld += cents(amount * factor)
                    continue
                s.paid[key_of(row.factor, row.rate)][0] += cents(base * factor) if base is not None else 0
                s.paid[key_of(row.factor, row.rate)][1] += cents(amount * factor)
    return out


def read_uuid(data: bytes) -> str:
    root = etree.fromstring(data)
    return next(root.iter("{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital")).get("UUID").upper()


def expected(s: Supplier, definitivos: set[str]) -> dict[str, object]:
    """What the report must say of one supplier: its codes, region, and per rate the cents of each amount."""
    tipo = {"XEXX010101000": "05", "XAXX010101000": "15"}.get(s.rfc, "04")
    if tipo == "15":
        operation = "87"
    elif tipo == "05":
        operation = "07"
    elif s.isr:
        operation = "06" if "606" in s.regimes else "03"
    else:
        operation = "85"
    has_8 = "8" in s.paid or "8" in s.returns
    region = None
    if has_8:
        region = next((border(p) for p in sorted(s.places) if border(p)), None) or "norte"
    listed = s.rfc in definitivos
    by_rate = {}
    for key in set(s.paid) | set(s.returns):
        paid, returns = s.paid.get(key, [0, 0]), s.returns.get(key, [0, 0])
        net = paid[1] - returns[1]
        by_rate[key] = {
            "paid_base": paid[0],
            "returns_base": returns[0],
            "paid_iva": paid[1],
            "returns_iva": returns[1],
            "creditable_iva": 0 if listed else net,
            "not_creditable_iva": net if listed else 0,
        }
    return {
        "tipo_tercero": tipo,
        "tipo_operacion": operation,
        "region": region,
        "tax_effects": "02" if listed or tipo == "15" else "01",
        "by_rate": by_rate,
        "iva_withheld": s.withheld,
    }


def batch_amounts(e: dict[str, object]) -> dict[int, int]:
    """Field number → whole pesos the batch line must carry (zero where nothing is due), from :func:`expected`."""
    by_rate: dict[str, dict[str, int]] = e["by_rate"]  # type: ignore[assignment]
    zero = dict.fromkeys(("paid_base", "returns_base", "creditable_iva", "not_creditable_iva"), 0)
    r16, r8 = by_rate.get("16", zero), by_rate.get("8", zero)
    foreign = e["tipo_tercero"] == "05"
    value, returns, credit, not_credit = (16, 17, 26, 45) if foreign else (12, 13, 22, 37)
    out = {value: r16["paid_base"], returns: r16["returns_base"], credit: r16["creditable_iva"],
           not_credit: r16["not_creditable_iva"]}  # fmt: skip
    south = e["region"] == "sur"
    for number, amount in zip(
        (10, 11, 20, 33) if south else (8, 9, 18, 29),
        (r8["paid_base"], r8["returns_base"], r8["creditable_iva"], r8["not_creditable_iva"]),
        strict=True,
    ):
        out[number] = amount
    exento, zero_rate = by_rate.get("exento", zero), by_rate.get("0", zero)
    out[49 if foreign else 50] = exento["paid_base"] - exento["returns_base"]
    out[51] = zero_rate["paid_base"] - zero_rate["returns_base"]
    out[48] = e["iva_withheld"]  # type: ignore[assignment]
    return {number: whole_pesos(amount) for number, amount in out.items()}
