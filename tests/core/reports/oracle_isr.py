"""An independent reading of the ISR, nómina, retenciones and 69-B rules (docs/reports.md) straight from the
raw XML with lxml — not the app's parser, index, SQL or report code: what each figure must be for a folder of
documents, SAT's metadata file and the 69-B list's definitivo / presunto RFCs.

Each figure in MXN cents, each document's (or payment's) amount rounded half-up once.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from lxml import etree

from tests.core.reports import oracle

CFDI_NS = ("http://www.sat.gob.mx/cfd/4", "http://www.sat.gob.mx/cfd/3")
RET_NS = ("http://www.sat.gob.mx/esquemas/retencionpago/2", "http://www.sat.gob.mx/esquemas/retencionpago/1")
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"
PAGOS = ("http://www.sat.gob.mx/Pagos", "http://www.sat.gob.mx/Pagos20")
NOMINA12 = "http://www.sat.gob.mx/nomina12"
KINDS = {"612": "honorarios", "606": "arrendamiento", "626": "resico"}


def cents(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _name(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _kids(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _name(c) == name]


@dataclass
class Payment:
    date: str
    currency_p: str
    rate_p: Decimal | None
    paid: Decimal
    uuid: str
    currency_dr: str
    equivalence: Decimal | None
    isr_dr: Decimal | None  # RetencionesDR ISR; None without ImpuestosDR


@dataclass
class Doc:
    uuid: str
    family: str
    direction: str
    type: str
    date: str
    method: str | None
    currency: str
    rate: Decimal | None
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    issuer: str
    receiver: str
    regime: str | None
    isr_withheld: Decimal
    payments: list[Payment] = field(default_factory=list)
    root: etree._Element | None = None
    status: str = "unknown"


def read(data: bytes, owner: str) -> Doc:
    root = etree.fromstring(data)
    uuid = next(root.iter(TFD)).get("UUID").upper()
    ns = etree.QName(root).namespace
    if ns in RET_NS:
        emisor = _kids(root, "Emisor")[0]
        issuer = emisor.get("RfcE") or emisor.get("RFCEmisor")
        return Doc(uuid, "retenciones", "issued" if issuer == owner else "received", "R", root.get("FechaExp"),
                   None, "MXN", None, Decimal(0), Decimal(0), Decimal(0), issuer, owner, None, Decimal(0),
                   root=root)  # fmt: skip
    assert ns in CFDI_NS
    emisor = _kids(root, "Emisor")[0]
    issuer = emisor.get("Rfc")
    isr = Decimal(0)
    summary = _kids(root, "Impuestos")
    if summary:
        for group in _kids(summary[0], "Retenciones"):
            isr += sum((Decimal(r.get("Importe")) for r in group if r.get("Impuesto") == "001"), Decimal(0))
    payments = []
    for comp in _kids(root, "Complemento"):
        for pagos in comp:
            if _name(pagos) != "Pagos" or etree.QName(pagos).namespace not in PAGOS:
                continue
            for pago in _kids(pagos, "Pago"):
                for d in _kids(pago, "DoctoRelacionado"):
                    isr_dr = None
                    taxes = _kids(d, "ImpuestosDR")
                    if taxes:
                        isr_dr = sum(
                            (Decimal(r.get("ImporteDR")) for g in _kids(taxes[0], "RetencionesDR") for r in g
                             if r.get("ImpuestoDR") == "001"),
                            Decimal(0),
                        )  # fmt: skip
                    equivalence = d.get("EquivalenciaDR") or d.get("TipoCambioDR")
                    payments.append(Payment(
                        pago.get("FechaPago"), pago.get("MonedaP"),
                        Decimal(pago.get("TipoCambioP")) if pago.get("TipoCambioP") else None,
                        Decimal(d.get("ImpPagado") or pago.get("Monto")), d.get("IdDocumento").upper(),
                        d.get("MonedaDR"), Decimal(equivalence) if equivalence else None, isr_dr,
                    ))  # fmt: skip
    rate = root.get("TipoCambio")
    return Doc(
        uuid=uuid, family="cfdi", direction="issued" if issuer == owner else "received",
        type=root.get("TipoDeComprobante"), date=root.get("Fecha"), method=root.get("MetodoPago"),
        currency=root.get("Moneda"), rate=Decimal(rate) if rate else None, subtotal=Decimal(root.get("SubTotal")),
        discount=Decimal(root.get("Descuento") or "0"), total=Decimal(root.get("Total")), issuer=issuer,
        receiver=_kids(root, "Receptor")[0].get("Rfc"), regime=emisor.get("RegimenFiscal"), isr_withheld=isr,
        payments=payments, root=root,
    )  # fmt: skip


def read_world(folder: Path, owner: str) -> dict[str, Doc]:
    """uuid → document, with its status from the metadata file (``unknown`` when not in it)."""
    docs = {}
    for path in sorted((folder / "xml").glob("*.xml")):
        doc = read(path.read_bytes(), owner)
        docs[doc.uuid] = doc
    for line in (folder / "metadata.txt").read_text().splitlines()[1:]:
        cells = line.split("~")
        if cells[0].upper() in docs:
            docs[cells[0].upper()].status = "vigente" if cells[10] == "1" else "cancelado"
    return docs


def _doc_factor(doc: Doc) -> Decimal:
    return doc.rate if doc.currency not in ("MXN", "XXX") and doc.rate else Decimal(1)


def _pay_factor(p: Payment) -> Decimal:
    rate = p.rate_p if p.currency_p not in ("MXN", "XXX") and p.rate_p else Decimal(1)
    return rate / (p.equivalence or Decimal(1))


def isr(docs: dict[str, Doc], first: str, last: str, definitivos: set[str]) -> dict[str, object]:
    """The figures of ``report isr`` (cents) for months first..last and the UUIDs behind each."""
    sums: dict[str, int] = defaultdict(int)
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    uuids: dict[str, set[str]] = defaultdict(set)

    def put(month: str, name: str, amount: int, uuid: str) -> None:
        sums[name] += amount
        months[month][name] += amount
        uuids[name.split(":")[0]].add(uuid)

    def amount_figure(direction: str, issuer: str) -> str:
        if direction == "issued":
            return "income"
        return "not_deductible_69b" if issuer in definitivos else "expenses"

    def withheld_figure(direction: str, regime: str | None) -> str:
        side = "withheld_to_taxpayer" if direction == "issued" else "withheld_by_taxpayer"
        return f"{side}:{KINDS.get(regime or '', 'otros')}"

    views = _iva_views(docs)  # the same documents as the IVA oracle reads them: for credit notes' shares
    for doc in docs.values():
        month = doc.date[:7]
        if doc.family != "cfdi" or doc.type not in ("I", "E") or doc.status == "cancelado":
            continue
        if not first <= month <= last or (doc.type == "I" and doc.method == "PPD"):
            continue
        sign = -1 if doc.type == "E" else 1
        factor = _doc_factor(doc)
        share = oracle.cash_share(views, views[doc.uuid]) if doc.type == "E" else Decimal(1)
        if not share:
            continue
        put(month, amount_figure(doc.direction, doc.issuer),
            sign * oracle.part(cents((doc.subtotal - doc.discount) * factor), share), doc.uuid)  # fmt: skip
        if doc.isr_withheld:
            put(month, withheld_figure(doc.direction, doc.regime),
                sign * oracle.part(cents(doc.isr_withheld * factor), share), doc.uuid)  # fmt: skip
    for receipt in docs.values():
        if receipt.family != "cfdi" or receipt.type != "P" or receipt.status == "cancelado":
            continue
        for p in receipt.payments:
            month = p.date[:7]
            if not first <= month <= last:
                continue
            invoice = docs.get(p.uuid)
            if invoice is not None and (invoice.status == "cancelado" or invoice.method != "PPD"):
                continue
            factor = _pay_factor(p)
            ratio = None
            if invoice is not None and invoice.currency == p.currency_dr and invoice.total:
                ratio = p.paid / invoice.total
                put(month, amount_figure(receipt.direction, receipt.issuer),
                    cents((invoice.subtotal - invoice.discount) * ratio * factor), p.uuid)  # fmt: skip
            isr_amount = None
            if p.isr_dr is not None:
                isr_amount = cents(p.isr_dr * factor)
            elif ratio is not None and invoice is not None and invoice.isr_withheld:
                isr_amount = cents(invoice.isr_withheld * ratio * factor)
            if isr_amount:
                put(month, withheld_figure(receipt.direction, receipt.regime), isr_amount, p.uuid)
    return {"sums": dict(sums), "months": {m: dict(v) for m, v in months.items()}, "uuids": dict(uuids)}


def _iva_views(docs: dict[str, Doc]) -> dict[str, oracle.Doc]:
    """``oracle.read_doc`` of each CFDI (its own reading of relations, totals and payments), with its status."""
    views = {}
    for uuid, doc in docs.items():
        if doc.family == "cfdi" and doc.root is not None:
            owner = doc.issuer if doc.direction == "issued" else doc.receiver
            views[uuid] = oracle.read_doc(etree.tostring(doc.root), owner)
            views[uuid].status = doc.status
    return views


def iva_69b(
    docs: dict[str, oracle.Doc], issuers: dict[str, str], first: str, last: str, basis: str, definitivos: set[str]
) -> tuple[dict[str, object], int, set[tuple[str, str | None]]]:
    """``report iva``'s figures when the IVA transferred by definitivo suppliers is not creditable: oracle.iva over
    the documents with those rows taken out, and (the amount taken out, its items). ``issuers``: uuid → issuer."""
    kept: dict[str, oracle.Doc] = {}
    removed: dict[str, oracle.Doc] = {}
    for uuid, doc in docs.items():
        listed = doc.direction == "received" and issuers.get(uuid) in definitivos
        if not listed:
            kept[uuid] = doc
            removed[uuid] = dataclasses.replace(doc, iva=[], paid=[])
            continue
        transferred = [r for r in doc.iva if r.kind == "T"]
        others = [r for r in doc.iva if r.kind != "T"]
        paid_t = [dataclasses.replace(p, v20_taxes=[r for r in p.v20_taxes if r.kind == "T"]) if p.v20_taxes
                  is not None else p for p in doc.paid]  # fmt: skip
        paid_o = [dataclasses.replace(p, v20_taxes=[r for r in p.v20_taxes if r.kind != "T"]) if p.v20_taxes
                  is not None else dataclasses.replace(p, objeto="01") for p in doc.paid]  # fmt: skip
        kept[uuid] = dataclasses.replace(doc, iva=others, paid=paid_o)
        removed[uuid] = dataclasses.replace(doc, iva=transferred, paid=paid_t)
    # a Pagos 1.0 payment of a definitivo's invoice counts the invoice's own rows: those of ``removed``
    figures = oracle.iva(kept, first, last, basis)
    apart = oracle.iva(removed, first, last, basis)
    return figures, int(apart["received"]), apart["uuids"].get("creditable", set())


def nomina(docs: dict[str, Doc], owner: str, first: str, last: str) -> dict[str, dict[str, int]]:
    """Employee RFC → the figures of the owner's issued payroll receipts paid (FechaPago) in first..last."""
    out: dict[str, dict[str, int]] = {}
    for doc in docs.values():
        if doc.family != "cfdi" or doc.type != "N" or doc.direction != "issued" or doc.status == "cancelado":
            continue
        nominas = [n for c in _kids(doc.root, "Complemento") for n in c if _name(n) == "Nomina"]
        if not nominas or not first <= nominas[0].get("FechaPago")[:7] <= last:
            continue
        e = out.setdefault(doc.receiver, defaultdict(int))
        e["receipts"] += 1
        for n in nominas:
            for perc in _kids(n, "Percepciones"):
                e["perceptions_taxed"] += cents(Decimal(perc.get("TotalGravado")))
                e["perceptions_exempt"] += cents(Decimal(perc.get("TotalExento")))
            for ded in (d for g in _kids(n, "Deducciones") for d in _kids(g, "Deduccion")):
                e["deductions"] += cents(Decimal(ded.get("Importe")))
                if ded.get("TipoDeduccion") == "002":
                    e["isr_withheld"] += cents(Decimal(ded.get("Importe")))
            for other in (o for g in _kids(n, "OtrosPagos") for o in _kids(g, "OtroPago")):
                e["other_payments"] += cents(Decimal(other.get("Importe")))
                if other.get("TipoOtroPago") == "002":
                    e["employment_subsidy"] += cents(Decimal(other.get("Importe")))
                    for s in _kids(other, "SubsidioAlEmpleo"):
                        e["subsidy_caused"] += cents(Decimal(s.get("SubsidioCausado")))
        # the net is what the CFDI paid: its Total
        e["net"] += cents(doc.total)
    return out


def retenciones(docs: dict[str, Doc], first: str, last: str) -> dict[tuple[int, str], dict[str, int]]:
    """(Ejercicio, CveRetenc) → the sums of the received Retenciones whose Periodo lies within first..last."""
    out: dict[tuple[int, str], dict[str, int]] = {}
    taxes = {"001": "isr", "01": "isr", "002": "iva", "02": "iva", "003": "ieps", "03": "ieps"}
    for doc in docs.values():
        if doc.family != "retenciones" or doc.direction != "received" or doc.status == "cancelado":
            continue
        root = doc.root
        period = _kids(root, "Periodo")[0]
        year = int(period.get("Ejercicio") or period.get("Ejerc"))
        start = f"{year}-{int(period.get('MesIni')):02d}"
        end = f"{year}-{int(period.get('MesFin')):02d}"
        if not (first <= start and end <= last):
            continue
        totals = _kids(root, "Totales")[0]
        g = out.setdefault((year, root.get("CveRetenc")), defaultdict(int))
        g["documents"] += 1
        for name, attrs in (("operation", ("MontoTotOperacion", "montoTotOperacion")),
                            ("taxed", ("MontoTotGrav", "montoTotGrav")), ("exempt", ("MontoTotExent", "montoTotExent")),
                            ("withheld_total", ("MontoTotRet", "montoTotRet"))):  # fmt: skip
            g[name] += cents(Decimal(next(totals.get(a) for a in attrs if totals.get(a) is not None)))
        for imp in _kids(totals, "ImpRetenidos"):
            tax = taxes[imp.get("ImpuestoRet") or imp.get("Impuesto")]
            g[tax] += cents(Decimal(imp.get("MontoRet") or imp.get("montoRet")))
    return out


def iva_docs(folder: Path, owner: str) -> dict[str, oracle.Doc]:
    """``oracle.read_world``'s documents for a folder that also holds Retenciones (which have no IVA rows)."""
    docs: dict[str, oracle.Doc] = {}
    for path in sorted((folder / "xml").glob("*.xml")):
        data = path.read_bytes()
        if etree.QName(etree.fromstring(data)).namespace in RET_NS:
            continue
        doc = oracle.read_doc(data, owner)
        docs[doc.uuid] = doc
    for line in (folder / "metadata.txt").read_text().splitlines()[1:]:
        cells = line.split("~")
        if cells[0].upper() in docs:
            docs[cells[0].upper()].status = "vigente" if cells[10] == "1" else "cancelado"
    return docs
