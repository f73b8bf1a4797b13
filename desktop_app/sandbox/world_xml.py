"""Renders the sandbox world's documents as stamped CFDI 3.3 / 4.0 and Retenciones 2.0 XML.

Structure, attribute order, namespaces and schema locations follow real stamped documents (see the fixtures under
``shared/fixtures/cfdi*``). Seals are random base64 of the right size: nobody verifies them.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING

from lxml import etree

from desktop_app.sandbox.world_parties import PUBLICO_EN_GENERAL, certificate_for, state_of

if TYPE_CHECKING:
    import random

XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_LOCATION = f"{{{XSI}}}schemaLocation"
CFDI_NS = {"3.3": "http://www.sat.gob.mx/cfd/3", "4.0": "http://www.sat.gob.mx/cfd/4"}
CFDI_XSD = {
    "3.3": "http://www.sat.gob.mx/sitio_internet/cfd/3/cfdv33.xsd",
    "4.0": "http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd",
}
TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
TFD_XSD = "http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd"
PAGOS20_NS = "http://www.sat.gob.mx/Pagos20"
PAGOS20_XSD = "http://www.sat.gob.mx/sitio_internet/cfd/Pagos/Pagos20.xsd"
PAGOS10_NS = "http://www.sat.gob.mx/Pagos"
PAGOS10_XSD = "http://www.sat.gob.mx/sitio_internet/cfd/Pagos/Pagos10.xsd"
NOMINA12_NS = "http://www.sat.gob.mx/nomina12"
NOMINA12_XSD = "http://www.sat.gob.mx/sitio_internet/cfd/nomina/nomina12.xsd"
RET20_NS = "http://www.sat.gob.mx/esquemas/retencionpago/2"
RET20_XSD = "http://www.sat.gob.mx/esquemas/retencionpago/2/retencionpagov2.xsd"
IMPLOCAL_NS = "http://www.sat.gob.mx/implocal"
IMPLOCAL_XSD = "http://www.sat.gob.mx/sitio_internet/cfd/implocal/implocal.xsd"
INTERESES_NS = "http://www.sat.gob.mx/esquemas/retencionpago/1/intereses"
INTERESES_XSD = "http://www.sat.gob.mx/esquemas/retencionpago/1/intereses/intereses.xsd"

_SAT_CERTIFICATES = ("00001000000505211329", "00001000000509846663", "00001000000504465028", "00001000000406258094")
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_SERIES = {"I": "F", "E": "NC", "P": "CP", "N": "N", "T": "T", "R": "R"}
_CVE_RETENC = {"01": "Servicios profesionales", "05": "Arrendamiento", "16": "Intereses"}


def folio_of(index: int) -> str:
    return str(1000 + index)


def cents(value: int) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d}"


def rate(micro: int) -> str:
    return f"{micro // 1_000_000}.{micro % 1_000_000:06d}"


def quantity(milli: int) -> str:
    if milli % 1000 == 0:
        return str(milli // 1000)
    return f"{milli // 1000}.{milli % 1000:03d}"


def _fecha(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _seal(rng: random.Random) -> str:
    return base64.b64encode(rng.randbytes(256)).decode()


def _el(parent, tag: str, attrs: list[tuple[str, str]] | tuple = (), nsmap=None):
    el = etree.SubElement(parent, tag, nsmap=nsmap) if parent is not None else etree.Element(tag, nsmap=nsmap)
    for k, v in attrs:
        el.set(k, v)
    return el


def render(world, plan, content, rng: random.Random) -> bytes:
    """The document of ``plan`` as UTF-8 bytes."""
    root = _retention(world, plan, content, rng) if plan.kind == "R" else _cfdi(world, plan, content, rng)
    return _DECLARATION + etree.tostring(root, encoding="UTF-8")


def _tfd(parent, world, plan, seal: str, rng: random.Random) -> None:
    _el(
        parent,
        f"{{{TFD_NS}}}TimbreFiscalDigital",
        [
            (_XSI_LOCATION, f"{TFD_NS} {TFD_XSD}"),
            ("Version", "1.1"),
            ("UUID", world.uuid(plan.index)),
            ("FechaTimbrado", _fecha(plan.stamp)),
            ("RfcProvCertif", plan.pac),
            ("SelloCFD", seal),
            ("NoCertificadoSAT", _SAT_CERTIFICATES[plan.index % len(_SAT_CERTIFICATES)]),
            ("SelloSAT", _seal(rng)),
        ],
        nsmap={"tfd": TFD_NS},
    )


def _cfdi(world, plan, content, rng: random.Random):
    v = plan.version
    ns = CFDI_NS[v]
    c = f"{{{ns}}}"
    v40 = v == "4.0"
    nsmap = {"cfdi": ns, "xsi": XSI}
    locations = [ns, CFDI_XSD[v]]
    if plan.kind == "P":
        pns, pxsd, prefix = (PAGOS20_NS, PAGOS20_XSD, "pago20") if v40 else (PAGOS10_NS, PAGOS10_XSD, "pago10")
        nsmap[prefix] = pns
        locations += [pns, pxsd]
    elif plan.kind == "N":
        nsmap["nomina12"] = NOMINA12_NS
        locations += [NOMINA12_NS, NOMINA12_XSD]
    local = content.extra.get("local") if plan.kind == "I" else None
    if local:
        nsmap["implocal"] = IMPLOCAL_NS
        locations += [IMPLOCAL_NS, IMPLOCAL_XSD]
    issuer, receiver = plan.issuer, plan.receiver
    cert_no, cert = certificate_for(issuer.rfc, plan.issue)
    seal = _seal(rng)
    kind = plan.kind
    attrs = [
        (_XSI_LOCATION, " ".join(locations)),
        ("Version", v),
        ("Serie", _SERIES[kind]),
        ("Folio", folio_of(plan.index)),
        ("Fecha", _fecha(plan.issue)),
        ("Sello", seal),
    ]
    if kind in ("I", "E") or (kind == "N" and not v40):
        attrs.append(("FormaPago", content.payment_form))
    attrs += [("NoCertificado", cert_no), ("Certificado", cert)]
    if kind == "I" and content.payment_method == "PPD":
        attrs.append(("CondicionesDePago", "Crédito a 30 días"))
    if kind in ("P", "T"):
        attrs += [("SubTotal", "0"), ("Moneda", "XXX"), ("Total", "0")]
    else:
        attrs.append(("SubTotal", cents(content.subtotal)))
        if content.discount:
            attrs.append(("Descuento", cents(content.discount)))
        attrs += [("Moneda", "MXN"), ("Total", cents(content.total))]
    attrs.append(("TipoDeComprobante", kind))
    if v40:
        attrs.append(("Exportacion", "01"))
    if kind in ("I", "E"):
        attrs.append(("MetodoPago", content.payment_method))
    elif kind == "N":
        attrs.append(("MetodoPago", "PUE"))
    attrs.append(("LugarExpedicion", issuer.zip_code))
    root = _el(None, c + "Comprobante", attrs, nsmap=nsmap)

    if v40 and receiver is PUBLICO_EN_GENERAL:
        _el(
            root,
            c + "InformacionGlobal",
            [("Periodicidad", "01"), ("Meses", f"{plan.issue.month:02d}"), ("Año", str(plan.issue.year))],
        )
    if kind == "E":
        rel = _el(root, c + "CfdiRelacionados", [("TipoRelacion", "01")])
        _el(rel, c + "CfdiRelacionado", [("UUID", world.uuid(plan.anchor))])
    _el(root, c + "Emisor", [("Rfc", issuer.rfc), ("Nombre", issuer.name), ("RegimenFiscal", issuer.regimen)])
    use = content.use
    if not v40 and use in ("S01", "CP01", "CN01"):
        use = "P01"
    rattrs = [("Rfc", receiver.rfc), ("Nombre", receiver.name)]
    if v40:
        zip_code = issuer.zip_code if receiver is PUBLICO_EN_GENERAL else receiver.zip_code
        regimen = "605" if kind == "N" else receiver.regimen  # payroll is always received as a wage earner
        rattrs += [("DomicilioFiscalReceptor", zip_code), ("RegimenFiscalReceptor", regimen)]
    rattrs.append(("UsoCFDI", use))
    _el(root, c + "Receptor", rattrs)

    concepts = _el(root, c + "Conceptos")
    if kind == "P":
        _simple_concept(concepts, c, v40, "84111506", "ACT", "Pago", 0, 0)
    elif kind == "N":
        _simple_concept(concepts, c, v40, "84111505", "ACT", "Pago de nómina", content.subtotal, content.discount)
    else:
        _concepts(concepts, c, v40, content, kind)
        _global_taxes(root, c, v40, content)

    complement = _el(root, c + "Complemento")
    if kind == "P":
        (_pagos20 if v40 else _pagos10)(complement, world, plan, content)
    elif kind == "N":
        _nomina12(complement, world, plan, content)
    if local:
        i = f"{{{IMPLOCAL_NS}}}"
        box = _el(
            complement,
            i + "ImpuestosLocales",
            [("version", "1.0"), ("TotaldeRetenciones", "0.00"), ("TotaldeTraslados", cents(sum(x[2] for x in local)))],
        )
        for name, tasa, amount in local:
            _el(
                box,
                i + "TrasladosLocales",
                [("ImpLocTrasladado", name), ("TasadeTraslado", tasa), ("Importe", cents(amount))],
            )
    _tfd(complement, world, plan, seal, rng)
    return root


def _simple_concept(parent, c, v40, key, unit, desc, amount, discount) -> None:
    attrs = [
        ("ClaveProdServ", key),
        ("Cantidad", "1"),
        ("ClaveUnidad", unit),
        ("Descripcion", desc),
        ("ValorUnitario", cents(amount) if amount else "0"),
        ("Importe", cents(amount) if amount else "0"),
    ]
    if discount:
        attrs.append(("Descuento", cents(discount)))
    if v40:
        attrs.append(("ObjetoImp", "01"))
    _el(parent, c + "Concepto", attrs)


def _concepts(parent, c, v40, content, kind) -> None:
    for k, ln in enumerate(content.lines):
        p = ln.product
        attrs = [("ClaveProdServ", p[0])]
        if kind != "E":
            attrs.append(("NoIdentificacion", f"{p[9][:3].upper()}-{p[0][-4:]}"))
        attrs += [("Cantidad", quantity(ln.quantity_milli)), ("ClaveUnidad", p[2])]
        if kind != "E":
            attrs.append(("Unidad", p[3]))
        attrs += [
            ("Descripcion", ln.description),
            ("ValorUnitario", cents(ln.unit_cents)),
            ("Importe", cents(ln.amount)),
        ]
        if ln.discount:
            attrs.append(("Descuento", cents(ln.discount)))
        taxed = bool(ln.transfers or ln.withholdings)
        if v40:
            attrs.append(("ObjetoImp", "02" if taxed else "01"))
        concept = _el(parent, c + "Concepto", attrs)
        if taxed:
            taxes = _el(concept, c + "Impuestos")
            if ln.transfers:
                tr = _el(taxes, c + "Traslados")
                for imp, factor, r, base, amount in ln.transfers:
                    a = [("Base", cents(base)), ("Impuesto", imp), ("TipoFactor", factor)]
                    if factor != "Exento":
                        a += [("TasaOCuota", rate(r)), ("Importe", cents(amount))]
                    _el(tr, c + "Traslado", a)
            if ln.withholdings:
                wh = _el(taxes, c + "Retenciones")
                for imp, r, base, amount in ln.withholdings:
                    a = [("Base", cents(base)), ("Impuesto", imp), ("TipoFactor", "Tasa")]
                    _el(wh, c + "Retencion", [*a, ("TasaOCuota", rate(r)), ("Importe", cents(amount))])
        if ln.third is not None and v40:
            t = ln.third
            _el(
                concept,
                c + "ACuentaTerceros",
                [
                    ("RfcACuentaTerceros", t.rfc),
                    ("NombreACuentaTerceros", t.name),
                    ("RegimenFiscalACuentaTerceros", t.regimen),
                    ("DomicilioFiscalACuentaTerceros", t.zip_code),
                ],
            )
        if k == 0 and p[0] == "80131502" and v40:
            _el(concept, c + "CuentaPredial", [("Numero", f"{(ln.amount * 7919) % 10**10:010d}")])


def _global_taxes(root, c, v40, content) -> None:
    transfers: dict = {}
    withholdings: dict = {}
    for ln in content.lines:
        for imp, factor, r, base, amount in ln.transfers:
            if factor == "Exento" and not v40:
                continue
            g = transfers.setdefault((imp, factor, r), [0, 0])
            g[0] += base
            g[1] += amount or 0
        for imp, _r, _base, amount in ln.withholdings:
            withholdings[imp] = withholdings.get(imp, 0) + amount
    if not transfers and not withholdings:
        return
    attrs = []
    if withholdings:
        attrs.append(("TotalImpuestosRetenidos", cents(sum(withholdings.values()))))
    if any(factor != "Exento" for _imp, factor, _r in transfers):
        attrs.append(("TotalImpuestosTrasladados", cents(content.transferred)))
    taxes = _el(root, c + "Impuestos", attrs)
    if withholdings:
        wh = _el(taxes, c + "Retenciones")
        for imp in sorted(withholdings):
            _el(wh, c + "Retencion", [("Impuesto", imp), ("Importe", cents(withholdings[imp]))])
    if transfers:
        tr = _el(taxes, c + "Traslados")
        for (imp, factor, r), (base, amount) in sorted(transfers.items(), key=lambda kv: (kv[0][0], kv[0][2] or 0)):
            a = [("Base", cents(base))] if v40 else []
            a += [("Impuesto", imp), ("TipoFactor", factor)]
            if factor != "Exento":
                a += [("TasaOCuota", rate(r)), ("Importe", cents(amount))]
            _el(tr, c + "Traslado", a)


def _pagos10(parent, world, plan, content) -> None:
    x = content.extra
    p = f"{{{PAGOS10_NS}}}"
    pagos = _el(parent, p + "Pagos", [("Version", "1.0")])
    pago = _el(
        pagos,
        p + "Pago",
        [
            ("FechaPago", _fecha(x["paid_on"])),
            ("FormaDePagoP", content.payment_form),
            ("MonedaP", "MXN"),
            ("Monto", cents(x["paid"])),
        ],
    )
    _el(
        pago,
        p + "DoctoRelacionado",
        [
            ("IdDocumento", x["anchor_uuid"]),
            ("Serie", _SERIES["I"]),
            ("Folio", folio_of(x["anchor_index"])),
            ("MonedaDR", "MXN"),
            ("MetodoDePagoDR", "PPD"),
            ("NumParcialidad", str(plan.installment)),
            ("ImpSaldoAnt", cents(x["before"])),
            ("ImpPagado", cents(x["paid"])),
            ("ImpSaldoInsoluto", cents(x["after"])),
        ],
    )


_IVA_TOTALS = {160_000: "IVA16", 80_000: "IVA8", 0: "IVA0"}


def _pagos20(parent, world, plan, content) -> None:
    x = content.extra
    p = f"{{{PAGOS20_NS}}}"
    pagos = _el(parent, p + "Pagos", [("Version", "2.0")])
    taxes = x["dr_taxes"]
    totals = []
    for kind, imp, name in (("R", "002", "TotalRetencionesIVA"), ("R", "001", "TotalRetencionesISR")):
        amount = sum(t[5] or 0 for t in taxes if t[0] == kind and t[1] == imp)
        if any(t[0] == kind and t[1] == imp for t in taxes):
            totals.append((name, cents(amount)))
    for r, label in _IVA_TOTALS.items():
        group = [t for t in taxes if t[0] == "T" and t[1] == "002" and t[2] == "Tasa" and t[3] == r]
        if group:
            totals.append((f"TotalTrasladosBase{label}", cents(sum(t[4] for t in group))))
            totals.append((f"TotalTrasladosImpuesto{label}", cents(sum(t[5] or 0 for t in group))))
    exempt = [t for t in taxes if t[0] == "T" and t[2] == "Exento"]
    if exempt:
        totals.append(("TotalTrasladosBaseIVAExento", cents(sum(t[4] for t in exempt))))
    totals.append(("MontoTotalPagos", cents(x["paid"])))
    _el(pagos, p + "Totales", totals)
    pago = _el(
        pagos,
        p + "Pago",
        [
            ("FechaPago", _fecha(x["paid_on"])),
            ("FormaDePagoP", content.payment_form),
            ("MonedaP", "MXN"),
            ("TipoCambioP", "1"),
            ("Monto", cents(x["paid"])),
        ],
    )
    dr = _el(
        pago,
        p + "DoctoRelacionado",
        [
            ("IdDocumento", x["anchor_uuid"]),
            ("Serie", _SERIES["I"]),
            ("Folio", folio_of(x["anchor_index"])),
            ("MonedaDR", "MXN"),
            ("EquivalenciaDR", "1"),
            ("NumParcialidad", str(plan.installment)),
            ("ImpSaldoAnt", cents(x["before"])),
            ("ImpPagado", cents(x["paid"])),
            ("ImpSaldoInsoluto", cents(x["after"])),
            ("ObjetoImpDR", "02" if taxes else "01"),
        ],
    )
    if not taxes:
        return
    withheld = [t for t in taxes if t[0] == "R"]
    transferred = [t for t in taxes if t[0] == "T"]
    for level, suffix in ((dr, "DR"), (None, "P")):
        level = _el(pago, p + "ImpuestosP") if level is None else _el(level, p + "ImpuestosDR")
        if withheld:
            box = _el(level, p + f"Retenciones{suffix}")
            for _k, imp, factor, r, base, amount in withheld:
                if suffix == "DR":
                    a = [("BaseDR", cents(base)), ("ImpuestoDR", imp), ("TipoFactorDR", factor)]
                    a += [("TasaOCuotaDR", rate(r)), ("ImporteDR", cents(amount))]
                else:
                    a = [("ImpuestoP", imp), ("ImporteP", cents(amount))]
                _el(box, p + f"Retencion{suffix}", a)
        if transferred:
            box = _el(level, p + f"Traslados{suffix}")
            for _k, imp, factor, r, base, amount in transferred:
                a = [(f"Base{suffix}", cents(base)), (f"Impuesto{suffix}", imp), (f"TipoFactor{suffix}", factor)]
                if factor != "Exento":
                    a += [(f"TasaOCuota{suffix}", rate(r)), (f"Importe{suffix}", cents(amount))]
                _el(box, p + f"Traslado{suffix}", a)


def _nomina12(parent, world, plan, content) -> None:
    x = content.extra
    w = x["worker"]
    p = f"{{{NOMINA12_NS}}}"
    extraordinary = x["kind"] == "E"
    pay_day = x["pay_day"]
    start = pay_day if extraordinary else x["period_start"]
    t_ded = sum(d[3] for d in x["deductions"])
    t_other = sum(o[3] for o in x["other_payments"])
    attrs = [
        ("Version", "1.2"),
        ("TipoNomina", x["kind"]),
        ("FechaPago", pay_day.isoformat()),
        ("FechaInicialPago", start.isoformat()),
        ("FechaFinalPago", pay_day.isoformat()),
        ("NumDiasPagados", "1.000" if extraordinary else f"{x['days']}.000"),
        ("TotalPercepciones", cents(x["taxed"] + x["exempt"])),
    ]
    if x["deductions"]:
        attrs.append(("TotalDeducciones", cents(t_ded)))
    if x["other_payments"]:
        attrs.append(("TotalOtrosPagos", cents(t_other)))
    nomina = _el(parent, p + "Nomina", attrs)
    employer = plan.issuer
    h = sum(ord(ch) * (k + 1) for k, ch in enumerate(employer.rfc))
    _el(nomina, p + "Emisor", [("RegistroPatronal", f"{'ABCDEFGHY'[h % 9]}{h * 7919 % 10**10:010d}")])
    y, m, d = w.start
    started = datetime(y, m, d).date()
    weeks = max(1, (pay_day - started).days // 7)
    daily = w.daily_salary_cents
    _el(
        nomina,
        p + "Receptor",
        [
            ("Curp", w.curp),
            ("NumSeguridadSocial", w.nss),
            ("FechaInicioRelLaboral", started.isoformat()),
            ("Antigüedad", f"P{weeks}W"),
            ("TipoContrato", "01"),
            ("Sindicalizado", "No"),
            ("TipoJornada", "01"),
            ("TipoRegimen", "02"),
            ("NumEmpleado", w.number),
            ("Departamento", w.department),
            ("Puesto", w.position),
            ("RiesgoPuesto", w.risk),
            ("PeriodicidadPago", "99" if extraordinary else x["periodicity"]),
            ("SalarioBaseCotApor", cents(daily * 1045 // 1000)),
            ("SalarioDiarioIntegrado", cents(daily * 1045 // 1000)),
            ("ClaveEntFed", state_of(employer.zip_code)),
        ],
    )
    perc = _el(
        nomina,
        p + "Percepciones",
        [
            ("TotalSueldos", cents(x["taxed"] + x["exempt"])),
            ("TotalGravado", cents(x["taxed"])),
            ("TotalExento", cents(x["exempt"])),
        ],
    )
    for tipo, clave, concepto, taxed, exempt in x["perceptions"]:
        _el(
            perc,
            p + "Percepcion",
            [
                ("TipoPercepcion", tipo),
                ("Clave", clave),
                ("Concepto", concepto),
                ("ImporteGravado", cents(taxed)),
                ("ImporteExento", cents(exempt)),
            ],
        )
    if x["deductions"]:
        isr = sum(d[3] for d in x["deductions"] if d[0] == "002")
        other = t_ded - isr
        attrs = []
        if other:
            attrs.append(("TotalOtrasDeducciones", cents(other)))
        if any(d[0] == "002" for d in x["deductions"]):
            attrs.append(("TotalImpuestosRetenidos", cents(isr)))
        ded = _el(nomina, p + "Deducciones", attrs)
        for tipo, clave, concepto, amount in x["deductions"]:
            _el(
                ded,
                p + "Deduccion",
                [("TipoDeduccion", tipo), ("Clave", clave), ("Concepto", concepto), ("Importe", cents(amount))],
            )
    if x["other_payments"]:
        others = _el(nomina, p + "OtrosPagos")
        for tipo, clave, concepto, amount, caused in x["other_payments"]:
            op = _el(
                others,
                p + "OtroPago",
                [("TipoOtroPago", tipo), ("Clave", clave), ("Concepto", concepto), ("Importe", cents(amount))],
            )
            if tipo == "002":
                _el(op, p + "SubsidioAlEmpleo", [("SubsidioCausado", cents(caused))])


def _retention(world, plan, content, rng: random.Random):
    r = f"{{{RET20_NS}}}"
    x = content.extra
    key = plan.extra["cve"]
    nsmap = {"retenciones": RET20_NS, "xsi": XSI}
    locations = [RET20_NS, RET20_XSD]
    if key == "16":
        nsmap["intereses"] = INTERESES_NS
        locations += [INTERESES_NS, INTERESES_XSD]
    issuer, receiver = plan.issuer, plan.receiver
    cert_no, cert = certificate_for(issuer.rfc, plan.issue)
    seal = _seal(rng)
    root = _el(
        None,
        r + "Retenciones",
        [
            (_XSI_LOCATION, " ".join(locations)),
            ("Version", "2.0"),
            ("FolioInt", folio_of(plan.index)),
            ("NoCertificado", cert_no),
            ("Certificado", cert),
            ("Sello", seal),
            ("CveRetenc", key),
            ("FechaExp", _fecha(plan.issue)),
            ("LugarExpRetenc", issuer.zip_code),
        ],
        nsmap=nsmap,
    )
    _el(root, r + "Emisor", [("RfcE", issuer.rfc), ("NomDenRazSocE", issuer.name), ("RegimenFiscalE", issuer.regimen)])
    rec = _el(root, r + "Receptor", [("NacionalidadR", "Nacional")])
    _el(
        rec,
        r + "Nacional",
        [("RfcR", receiver.rfc), ("NomDenRazSocR", receiver.name), ("DomicilioFiscalR", receiver.zip_code)],
    )
    month = f"{x['month']:02d}"
    _el(root, r + "Periodo", [("MesIni", month), ("MesFin", month), ("Ejercicio", str(x["year"]))])
    totals = _el(
        root,
        r + "Totales",
        [
            ("MontoTotOperacion", cents(content.total)),
            ("MontoTotGrav", cents(content.total)),
            ("MontoTotExent", "0.00"),
            ("MontoTotRet", cents(content.withheld)),
        ],
    )
    for imp, base, amount, kind in x["retentions"]:
        _el(
            totals,
            r + "ImpRetenidos",
            [("BaseRet", cents(base)), ("ImpuestoRet", imp), ("MontoRet", cents(amount)), ("TipoPagoRet", kind)],
        )
    complement = _el(root, r + "Complemento")
    if key == "16":
        real = x["interest_real"]
        _el(
            complement,
            f"{{{INTERESES_NS}}}Intereses",
            [
                ("Version", "1.0"),
                ("SistFinanciero", "SI"),
                ("RetiroAORESRetInt", "NO"),
                ("OperFinancDerivad", "NO"),
                ("MontIntNominal", cents(content.total)),
                ("MontIntReal", cents(real)),
                ("Perdida", "0.00"),
            ],
        )
    _tfd(complement, world, plan, seal, rng)
    return root
