"""An independent reading of the report rules, straight from the raw XML with lxml (not the app's parser, index or
SQL): what ``report iva`` and ``report ppd`` must answer for a folder of CFDI and a SAT metadata file.

It follows docs/reports.md, written again from the documents themselves: each figure in MXN cents, each row
rounded half-up once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from lxml import etree

CFDI_NS = ("http://www.sat.gob.mx/cfd/4", "http://www.sat.gob.mx/cfd/3")
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"
P10, P20 = "http://www.sat.gob.mx/Pagos", "http://www.sat.gob.mx/Pagos20"


def cents(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def key_of(factor: str, rate: str | None) -> str:
    if factor == "Exento":
        return "exento"
    return format((Decimal(rate or "0") * 100).normalize(), "f")


@dataclass
class Row:
    kind: str  # T / R
    factor: str
    rate: str | None
    base: Decimal | None
    amount: Decimal


@dataclass
class Paid:
    date: str
    payment_currency: str
    payment_rate: Decimal | None
    amount: Decimal  # ImpPagado, or the Pago's Monto
    uuid: str
    currency: str
    equivalence: Decimal | None
    balance: Decimal | None
    v20_taxes: list[Row] | None
    objeto: str | None


@dataclass
class Doc:
    uuid: str
    direction: str
    type: str
    date: str
    method: str | None
    currency: str
    rate: Decimal | None
    total: Decimal
    related: list[tuple[str, str]]
    iva: list[Row]
    paid: list[Paid] = field(default_factory=list)
    status: str = "unknown"


def _q(el: etree._Element, local: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == local]


def read_doc(data: bytes, owner: str) -> Doc:
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace
    assert ns in CFDI_NS
    version = root.get("Version")
    uuid = next(root.iter(TFD)).get("UUID").upper()
    emisor = _q(root, "Emisor")[0]
    direction = "issued" if emisor.get("Rfc") == owner else "received"
    related = [(g.get("TipoRelacion"), r.get("UUID").upper()) for g in _q(root, "CfdiRelacionados") for r in g]
    # Concepts' IVA by (kind, factor, rate): the bases (and exentos) a 3.3 summary does not state
    concept_rows: dict[tuple[str, str, str | None], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for concept in _q(_q(root, "Conceptos")[0], "Concepto"):
        for imp in _q(concept, "Impuestos"):
            for group, kind in (("Traslados", "T"), ("Retenciones", "R")):
                for g in _q(imp, group):
                    for tax in g:
                        if tax.get("Impuesto") != "002":
                            continue
                        factor = tax.get("TipoFactor")
                        k = (kind, factor, tax.get("TasaOCuota") if factor != "Exento" else None)
                        concept_rows[k][0] += Decimal(tax.get("Base"))
                        concept_rows[k][1] += Decimal(tax.get("Importe") or "0")
    iva: list[Row] = []
    summary = _q(root, "Impuestos")
    if summary:
        for t in (x for g in _q(summary[0], "Traslados") for x in g):
            if t.get("Impuesto") != "002":
                continue
            factor = t.get("TipoFactor")
            rate = t.get("TasaOCuota") if factor != "Exento" else None
            base = Decimal(t.get("Base")) if t.get("Base") else concept_rows[("T", factor, rate)][0]
            iva.append(Row("T", factor, rate, base, Decimal(t.get("Importe") or "0")))
        if version == "3.3":  # 3.3 summaries list no exentos
            for (kind, factor, _rate), (base, _amount) in concept_rows.items():
                if kind == "T" and factor == "Exento":
                    iva.append(Row("T", factor, None, base, Decimal(0)))
        for r in (x for g in _q(summary[0], "Retenciones") for x in g):
            if r.get("Impuesto") == "002":
                iva.append(Row("R", "", None, None, Decimal(r.get("Importe"))))
    paid: list[Paid] = []
    for comp in _q(root, "Complemento"):
        for pagos in comp:
            qn = etree.QName(pagos)
            if qn.localname != "Pagos" or qn.namespace not in (P10, P20):
                continue
            for pago in _q(pagos, "Pago"):
                docs = _q(pago, "DoctoRelacionado")
                for d in docs:
                    taxes: list[Row] | None = None
                    if qn.namespace == P20:
                        imp = _q(d, "ImpuestosDR")
                        if imp:
                            taxes = []
                            for group, kind in (("TrasladosDR", "T"), ("RetencionesDR", "R")):
                                for g in _q(imp[0], group):
                                    for tax in g:
                                        if tax.get("ImpuestoDR") == "002":
                                            factor = tax.get("TipoFactorDR")
                                            rate = tax.get("TasaOCuotaDR")
                                            taxes.append(Row(kind, factor, rate, Decimal(tax.get("BaseDR")),
                                                             Decimal(tax.get("ImporteDR") or "0")))  # fmt: skip
                    equivalence = d.get("EquivalenciaDR") or d.get("TipoCambioDR")
                    amount = d.get("ImpPagado") or pago.get("Monto")
                    paid.append(
                        Paid(
                            date=pago.get("FechaPago"),
                            payment_currency=pago.get("MonedaP"),
                            payment_rate=Decimal(pago.get("TipoCambioP")) if pago.get("TipoCambioP") else None,
                            amount=Decimal(amount),
                            uuid=d.get("IdDocumento").upper(),
                            currency=d.get("MonedaDR"),
                            equivalence=Decimal(equivalence) if equivalence else None,
                            balance=Decimal(d.get("ImpSaldoInsoluto")) if d.get("ImpSaldoInsoluto") else None,
                            v20_taxes=taxes,
                            objeto=d.get("ObjetoImpDR"),
                        )
                    )
    rate = root.get("TipoCambio")
    return Doc(
        uuid=uuid,
        direction=direction,
        type=root.get("TipoDeComprobante"),
        date=root.get("Fecha"),
        method=root.get("MetodoPago"),
        currency=root.get("Moneda"),
        rate=Decimal(rate) if rate else None,
        total=Decimal(root.get("Total")),
        related=related,
        iva=iva,
        paid=paid,
    )


def read_world(folder: Path, owner: str) -> tuple[dict[str, Doc], dict[str, str], set[str]]:
    """(uuid → document, uuid → SAT status from the metadata file, uuids known only from the metadata)."""
    docs = {}
    for path in sorted((folder / "xml").glob("*.xml")):
        doc = read_doc(path.read_bytes(), owner)
        docs[doc.uuid] = doc
    status: dict[str, str] = {}
    lines = (folder / "metadata.txt").read_text().splitlines()[1:]
    only_metadata = set()
    for line in lines:
        cells = line.split("~")
        uuid = cells[0].upper()
        status[uuid] = "vigente" if cells[10] == "1" else "cancelado"
        if uuid not in docs:
            only_metadata.add(uuid)
    for uuid, doc in docs.items():
        doc.status = status.get(uuid, "unknown")
    return docs, status, only_metadata


def _doc_factor(doc: Doc) -> Decimal:
    return doc.rate if doc.currency not in ("MXN", "XXX") and doc.rate else Decimal(1)


def _pay_factor(p: Paid) -> Decimal:
    rate = p.payment_rate if p.payment_currency not in ("MXN", "XXX") and p.payment_rate else Decimal(1)
    return rate / (p.equivalence or Decimal(1))


@dataclass
class Figures:
    transferred: int = 0
    withheld: int = 0
    received: int = 0
    withheld_by_taxpayer: int = 0
    supplier_by_month: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_rate: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    uuids: dict[str, set[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(set))

    def result(self, last: str) -> dict[str, object]:
        previous = sum(v for m, v in self.supplier_by_month.items() if m != last)
        creditable = self.received - self.withheld_by_taxpayer + previous
        return {
            "transferred": self.transferred,
            "withheld": self.withheld,
            "creditable": creditable,
            "withheld_from_suppliers": self.withheld_by_taxpayer,
            "previous": previous,
            "received": self.received,
            "balance": self.transferred - self.withheld - creditable,
            "by_rate": {k: list(v) for k, v in self.by_rate.items()},
            "uuids": {k: set(v) for k, v in self.uuids.items()},
        }


def _count(fig: Figures, first: str, month: str, direction: str, row: Row, base: int, amount: int,
           who: tuple[str, str | None]) -> None:  # fmt: skip
    if row.kind == "R" and direction == "received":
        fig.supplier_by_month[month] += amount
    if month < first:
        return
    if row.kind == "T":
        k = key_of(row.factor, row.rate)
        if direction == "issued":
            fig.transferred += amount
            fig.by_rate[k][0] += base
            fig.by_rate[k][1] += amount
            fig.uuids["transferred"].add(who)
        else:
            fig.received += amount
            fig.by_rate[k][2] += base
            fig.by_rate[k][3] += amount
            fig.uuids["creditable"].add(who)
    elif direction == "issued":
        fig.withheld += amount
        fig.uuids["withheld"].add(who)
    else:
        fig.withheld_by_taxpayer += amount
        fig.uuids["withheld_from_suppliers"].add(who)


CREDITS = ("01", "03", "07")


def cash_share(docs: dict[str, Doc], note: Doc) -> Decimal:
    """The part of a credit note a cash basis subtracts: what did not merely lower the balance of the one PPD
    ingreso it relates to (with TipoRelacion 01/03/07) when it was issued — the payments after it pay the reduced
    balance, so that part is already left out of them. 1 when it relates to anything else."""
    targets = [u for relation, u in note.related if relation in CREDITS]
    invoice = docs.get(targets[0]) if len(targets) == 1 else None
    if (
        invoice is None
        or invoice.type != "I"
        or invoice.method != "PPD"
        or invoice.status == "cancelado"
        or invoice.direction != note.direction
        or invoice.currency != note.currency
        or note.total <= 0
    ):
        return Decimal(1)
    balance = invoice.total
    for doc in docs.values():
        if doc.status == "cancelado":
            continue
        if doc.type == "P":
            balance -= sum(
                (p.amount for p in doc.paid if p.uuid == invoice.uuid and p.currency == invoice.currency
                 and p.date <= note.date),
                Decimal(0),
            )  # fmt: skip
        elif (
            doc.type == "E"
            and (doc.date, doc.uuid) < (note.date, note.uuid)
            and doc.currency == invoice.currency
            and [u for relation, u in doc.related if relation in CREDITS] == [invoice.uuid]
        ):
            balance -= doc.total
    absorbed = min(max(balance, Decimal(0)), note.total)
    return (note.total - absorbed) / note.total


def part(value_cents: int, share: Decimal) -> int:
    """A figure in cents × a credit note's share, half-up to the cent."""
    return int((value_cents * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def iva(docs: dict[str, Doc], first: str, last: str, basis: str) -> dict[str, object]:
    """The figures of ``report iva`` for months first..last (``YYYY-MM``), from the documents alone."""
    y, m = int(first[:4]), int(first[5:7])
    before = f"{y - (m == 1):04d}-{(m - 2) % 12 + 1:02d}"
    fig = Figures()
    for doc in docs.values():
        month = doc.date[:7]
        if doc.type not in ("I", "E") or doc.status == "cancelado" or not before <= month <= last:
            continue
        if basis == "cash" and doc.type == "I" and doc.method == "PPD":
            continue
        sign = -1 if doc.type == "E" else 1
        factor = _doc_factor(doc)
        share = cash_share(docs, doc) if basis == "cash" and doc.type == "E" else Decimal(1)
        if not share:
            continue
        for row in doc.iva:
            base = part(cents(row.base * factor), share) if row.base is not None else 0
            amount = sign * part(cents(row.amount * factor), share)
            _count(fig, first, month, doc.direction, row, sign * base, amount, (doc.uuid, None))
    if basis == "cash":
        for receipt in docs.values():
            if receipt.type != "P" or receipt.status == "cancelado":
                continue
            for p in receipt.paid:
                month = p.date[:7]
                if not before <= month <= last:
                    continue
                invoice = docs.get(p.uuid)
                if invoice is not None and (invoice.status == "cancelado" or invoice.method != "PPD"):
                    continue
                factor = _pay_factor(p)
                who = (p.uuid, receipt.uuid)
                if p.v20_taxes is not None:
                    for row in p.v20_taxes:
                        _count(fig, first, month, receipt.direction, row, cents(row.base * factor),
                               cents(row.amount * factor), who)  # fmt: skip
                elif invoice is not None and p.objeto != "01":
                    ratio = p.amount / invoice.total
                    for row in invoice.iva:
                        base = cents(row.base * ratio * factor) if row.base is not None else 0
                        _count(fig, first, month, receipt.direction, row, base, cents(row.amount * ratio * factor), who)
    return fig.result(last)


BUCKETS = ((30, "0-30"), (60, "31-60"), (90, "61-90"))


def ppd(docs: dict[str, Doc], as_of: date) -> dict[str, dict[str, object]]:
    """uuid → {balance (Decimal, the invoice's currency), mxn (cents), days, aging, side} of every PPD ingreso open
    at ``as_of``."""
    end = as_of.isoformat()
    out = {}
    for inv in docs.values():
        if inv.type != "I" or inv.method != "PPD" or inv.status == "cancelado" or inv.date[:10] > end:
            continue
        balance = inv.total
        for receipt in docs.values():
            if receipt.type != "P" or receipt.status == "cancelado":
                continue
            for p in receipt.paid:
                if p.uuid == inv.uuid and p.date[:10] <= end and p.currency == inv.currency:
                    balance -= p.amount
        for note in docs.values():
            if note.type != "E" or note.status == "cancelado" or note.date[:10] > end:
                continue
            targets = [u for relation, u in note.related if relation in ("01", "03", "07")]
            if targets == [inv.uuid] and note.currency == inv.currency:
                balance -= note.total
        if balance <= 0:
            continue
        days = (as_of - date.fromisoformat(inv.date[:10])).days
        aging = next((name for limit, name in BUCKETS if days <= limit), "90+")
        out[inv.uuid] = {
            "balance": balance,
            "mxn": cents(balance * _doc_factor(inv)),
            "days": days,
            "aging": aging,
            "side": "receivable" if inv.direction == "issued" else "payable",
        }
    return out
