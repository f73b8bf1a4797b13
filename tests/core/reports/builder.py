"""Stamped-looking CFDI 3.3/4.0 for the report tests: ingresos and egresos with taxes per concept and the
``cfdi:Impuestos`` summary SAT's rules derive from them, and complementos de pago 1.0 and 2.0 (with
``ImpuestosDR``). Seals and certificates are dummies (the index never checks them); every amount is written with
the decimals given, so the tests know each figure exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import quoteattr

NS = {"4.0": "http://www.sat.gob.mx/cfd/4", "3.3": "http://www.sat.gob.mx/cfd/3"}
TFD = "http://www.sat.gob.mx/TimbreFiscalDigital"
PAGOS10 = "http://www.sat.gob.mx/Pagos"
PAGOS20 = "http://www.sat.gob.mx/Pagos20"


@dataclass
class T:
    """A transferred tax of a concept (Exento: ``factor="Exento"``, no rate nor amount)."""

    base: str
    amount: str | None = None
    rate: str | None = "0.160000"
    factor: str = "Tasa"
    tax: str = "002"


@dataclass
class R:
    """A withheld tax of a concept."""

    base: str
    amount: str
    rate: str
    tax: str = "002"


@dataclass
class Concept:
    amount: str
    taxes: list[T] = field(default_factory=list)
    withheld: list[R] = field(default_factory=list)
    description: str = "Servicio profesional"


def _attrs(**values: str | None) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in values.items() if value is not None)


def _el(tag: str, **values: str | None) -> str:
    """An empty element with the attributes that have a value."""
    return f"<{tag}{_attrs(**values)}/>"


def _d(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def cfdi(
    uuid: str,
    fecha: str,
    *,
    issuer: str,
    receiver: str,
    concepts: list[Concept],
    kind: str = "I",
    method: str | None = "PUE",
    currency: str = "MXN",
    rate: str | None = None,
    version: str = "4.0",
    related: tuple[tuple[str, str], ...] = (),
    complement: str = "",
    extra_ns: str = "",
) -> bytes:
    """One CFDI; ``complement`` is put in ``cfdi:Complemento`` before the stamp."""
    ns = NS[version]
    subtotal = sum((_d(c.amount) for c in concepts), Decimal(0))
    transferred: dict[tuple[str, str, str | None], list[Decimal]] = {}
    withheld: dict[str, Decimal] = {}
    concept_xml = []
    for c in concepts:
        parts = []
        if c.withheld:
            parts.append(
                "<cfdi:Retenciones>"
                + "".join(
                    _el(
                        "cfdi:Retencion",
                        Base=r.base,
                        Impuesto=r.tax,
                        TipoFactor="Tasa",
                        TasaOCuota=r.rate,
                        Importe=r.amount,
                    )
                    for r in c.withheld
                )
                + "</cfdi:Retenciones>"
            )
            for r in c.withheld:
                withheld[r.tax] = withheld.get(r.tax, Decimal(0)) + _d(r.amount)
        if c.taxes:
            parts.insert(
                0,
                "<cfdi:Traslados>"
                + "".join(
                    _el(
                        "cfdi:Traslado",
                        Base=t.base,
                        Impuesto=t.tax,
                        TipoFactor=t.factor,
                        TasaOCuota=t.rate if t.factor != "Exento" else None,
                        Importe=t.amount if t.factor != "Exento" else None,
                    )
                    for t in c.taxes
                )
                + "</cfdi:Traslados>",
            )
            for t in c.taxes:
                key = (t.tax, t.factor, t.rate if t.factor != "Exento" else None)
                sums = transferred.setdefault(key, [Decimal(0), Decimal(0)])
                sums[0] += _d(t.base)
                sums[1] += _d(t.amount)
        objeto = "02" if (c.taxes or c.withheld) else "01"
        head = _attrs(
            ClaveProdServ="84111506",
            Cantidad="1",
            ClaveUnidad="E48" if kind != "P" else "ACT",
            Descripcion=c.description if kind != "P" else "Pago",
            ValorUnitario=c.amount,
            Importe=c.amount,
            ObjetoImp=objeto if version == "4.0" else None,
        )
        inner = f"<cfdi:Impuestos>{''.join(parts)}</cfdi:Impuestos>" if parts else ""
        concept_xml.append(f"<cfdi:Concepto{head}>{inner}</cfdi:Concepto>")
    total_t = sum((v[1] for v in transferred.values()), Decimal(0))
    total_r = sum(withheld.values(), Decimal(0))
    summary = ""
    if transferred or withheld:
        t_items = []
        for (tax, factor, trate), (base, amount) in transferred.items():
            if factor == "Exento":
                if version == "4.0":
                    t_items.append(f"<cfdi:Traslado{_attrs(Base=str(base), Impuesto=tax, TipoFactor=factor)}/>")
                continue
            base_attr = str(base) if version == "4.0" else None
            t_items.append(
                _el(
                    "cfdi:Traslado",
                    Base=base_attr,
                    Impuesto=tax,
                    TipoFactor=factor,
                    TasaOCuota=trate,
                    Importe=str(amount),
                )
            )
        r_items = [f"<cfdi:Retencion{_attrs(Impuesto=tax, Importe=str(amount))}/>" for tax, amount in withheld.items()]
        totals = _attrs(
            TotalImpuestosRetenidos=str(total_r) if r_items else None,
            TotalImpuestosTrasladados=str(total_t) if t_items else None,
        )
        summary = (
            f"<cfdi:Impuestos{totals}>"
            + (f"<cfdi:Retenciones>{''.join(r_items)}</cfdi:Retenciones>" if r_items else "")
            + (f"<cfdi:Traslados>{''.join(t_items)}</cfdi:Traslados>" if t_items else "")
            + "</cfdi:Impuestos>"
        )
    total = subtotal + total_t - total_r
    if kind == "P":
        currency, subtotal_text, total_text = "XXX", "0", "0"
    else:
        subtotal_text, total_text = str(subtotal), str(total)
    rel = ""
    if related:
        groups: dict[str, list[str]] = {}
        for relation, other in related:
            groups.setdefault(relation, []).append(other)
        rel = "".join(
            f'<cfdi:CfdiRelacionados TipoRelacion="{relation}">'
            + "".join(f'<cfdi:CfdiRelacionado UUID="{u}"/>' for u in uuids)
            + "</cfdi:CfdiRelacionados>"
            for relation, uuids in groups.items()
        )
    root = _attrs(
        Version=version,
        Serie="A",
        Folio=uuid[-4:],
        Fecha=fecha,
        FormaPago="03" if kind not in ("P",) and method == "PUE" else ("99" if kind != "P" else None),
        NoCertificado="30001000000500003416",
        Certificado="",
        SubTotal=subtotal_text,
        Moneda=currency,
        TipoCambio=rate,
        Total=total_text,
        TipoDeComprobante=kind,
        Exportacion="01" if version == "4.0" else None,
        MetodoPago=method if kind != "P" else None,
        LugarExpedicion="06000",
        Sello="AAAABBBBCCCCDDDD",
    )
    receptor = _attrs(
        Rfc=receiver,
        Nombre="RECEPTOR " + receiver,
        DomicilioFiscalReceptor="06000" if version == "4.0" else None,
        RegimenFiscalReceptor="601" if version == "4.0" else None,
        UsoCFDI="CP01" if kind == "P" else "G03",
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="{ns}"{extra_ns}{root}>{rel}'
        f'<cfdi:Emisor Rfc="{issuer}" Nombre="EMISOR {issuer}" RegimenFiscal="601"/><cfdi:Receptor{receptor}/>'
        f"<cfdi:Conceptos>{''.join(concept_xml)}</cfdi:Conceptos>{summary}<cfdi:Complemento>{complement}"
        f'<tfd:TimbreFiscalDigital xmlns:tfd="{TFD}" Version="1.1" UUID="{uuid}" FechaTimbrado="{fecha}" '
        'RfcProvCertif="SAT970701NN3" SelloCFD="x" NoCertificadoSAT="30001000000500003456" SelloSAT="y"/>'
        "</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


@dataclass
class DR:
    """A DoctoRelacionado; ``taxes``/``withheld`` (Pagos 2.0 ImpuestosDR): (rate, base, amount)."""

    uuid: str
    paid: str | None
    before: str
    after: str
    installment: int = 1
    currency: str = "MXN"
    equivalence: str | None = None
    taxes: list[tuple[str, str, str]] | None = None
    withheld: list[tuple[str, str, str]] | None = None
    objeto: str = "02"


@dataclass
class Pago:
    fecha: str
    amount: str
    docs: list[DR]
    currency: str = "MXN"
    rate: str | None = None


def pagos20(pagos: list[Pago]) -> str:
    body = []
    for pago in pagos:
        docs = []
        for d in pago.docs:
            taxes = ""
            if d.taxes is not None or d.withheld is not None:
                ret = "".join(
                    _el(
                        "pago20:RetencionDR",
                        BaseDR=base,
                        ImpuestoDR="002",
                        TipoFactorDR="Tasa",
                        TasaOCuotaDR=rate,
                        ImporteDR=amount,
                    )
                    for rate, base, amount in d.withheld or []
                )
                tra = "".join(
                    _el(
                        "pago20:TrasladoDR",
                        BaseDR=base,
                        ImpuestoDR="002",
                        TipoFactorDR="Exento" if rate == "Exento" else "Tasa",
                        TasaOCuotaDR=None if rate == "Exento" else rate,
                        ImporteDR=None if rate == "Exento" else amount,
                    )
                    for rate, base, amount in d.taxes or []
                )
                taxes = (
                    "<pago20:ImpuestosDR>"
                    + (f"<pago20:RetencionesDR>{ret}</pago20:RetencionesDR>" if ret else "")
                    + (f"<pago20:TrasladosDR>{tra}</pago20:TrasladosDR>" if tra else "")
                    + "</pago20:ImpuestosDR>"
                )
            attrs = _attrs(
                IdDocumento=d.uuid,
                MonedaDR=d.currency,
                EquivalenciaDR=d.equivalence or "1",
                NumParcialidad=str(d.installment),
                ImpSaldoAnt=d.before,
                ImpPagado=d.paid,
                ImpSaldoInsoluto=d.after,
                ObjetoImpDR=d.objeto,
            )
            docs.append(f"<pago20:DoctoRelacionado{attrs}>{taxes}</pago20:DoctoRelacionado>")
        attrs = _attrs(
            FechaPago=pago.fecha,
            FormaDePagoP="03",
            MonedaP=pago.currency,
            TipoCambioP=pago.rate or "1",
            Monto=pago.amount,
        )
        body.append(f"<pago20:Pago{attrs}>{''.join(docs)}</pago20:Pago>")
    total = sum((Decimal(p.amount) * Decimal(p.rate or "1") for p in pagos), Decimal(0))
    return (
        f'<pago20:Pagos xmlns:pago20="{PAGOS20}" Version="2.0">'
        f'<pago20:Totales MontoTotalPagos="{total.quantize(Decimal("0.01"))}"/>{"".join(body)}</pago20:Pagos>'
    )


def pagos10(pagos: list[Pago]) -> str:
    body = []
    for pago in pagos:
        docs = "".join(
            _el(
                "pago10:DoctoRelacionado",
                IdDocumento=d.uuid,
                MonedaDR=d.currency,
                TipoCambioDR=d.equivalence,
                MetodoDePagoDR="PPD",
                NumParcialidad=str(d.installment),
                ImpSaldoAnt=d.before,
                ImpPagado=d.paid,
                ImpSaldoInsoluto=d.after,
            )
            for d in pago.docs
        )
        attrs = _attrs(
            FechaPago=pago.fecha, FormaDePagoP="03", MonedaP=pago.currency, TipoCambioP=pago.rate, Monto=pago.amount
        )
        body.append(f"<pago10:Pago{attrs}>{docs}</pago10:Pago>")
    return f'<pago10:Pagos xmlns:pago10="{PAGOS10}" Version="1.0">{"".join(body)}</pago10:Pagos>'


def payment(uuid: str, fecha: str, *, issuer: str, receiver: str, complement: str, version: str = "4.0") -> bytes:
    """A complemento de pago (tipo P) carrying ``complement`` (``pagos20``/``pagos10``)."""
    return cfdi(
        uuid, fecha, issuer=issuer, receiver=receiver, concepts=[Concept("0")], kind="P", method=None,
        version=version, complement=complement,
    )  # fmt: skip


METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~FechaCertificacionSat~Monto~"
    "EfectoComprobante~Estatus~FechaCancelacion"
)


def metadata(rows: list[tuple[str, str, str, str, str, str, bool, str | None]]) -> bytes:
    """SAT's metadata file: (uuid, issuer, receiver, issue date 'YYYY-MM-DD HH:MM:SS', amount, type, vigente,
    cancelled at)."""
    lines = [METADATA_HEADER]
    for uuid, issuer, receiver, issued, amount, kind, vigente, cancelled in rows:
        lines.append(
            f"{uuid}~{issuer}~EMISOR {issuer}~{receiver}~RECEPTOR {receiver}~SAT970701NN3~{issued}~{issued}~{amount}~"
            f"{kind}~{1 if vigente else 0}~{cancelled or ''}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()
