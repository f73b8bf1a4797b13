"""Stamped CFDI 4.0 for the grid's tests (issue 17.2): invoices with the columns the browser sorts and filters on
(serie, folio, names, método/forma de pago, uso, currency) and payment receipts (Pagos 2.0) that pay PPD ones."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import quoteattr

RFC = "EKU9003173C9"
SUPPLIER = "AAA010101AAA"


def uuid_of(n: int) -> str:
    return f"{n:08X}-1111-4222-8333-444455556666"


def _attrs(**values: str | None) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in values.items() if value is not None)


def invoice(
    n: int,
    total: str,
    *,
    fecha: str = "2026-03-05T10:00:00",
    kind: str = "I",
    series: str | None = "A",
    folio: str | None = None,
    issuer: str = SUPPLIER,
    issuer_name: str | None = "PROVEEDOR",
    receiver: str = RFC,
    receiver_name: str | None = "ESCUELA KEMPER URGATE",
    method: str | None = "PUE",
    form: str | None = "03",
    use: str | None = "G03",
    currency: str = "MXN",
    rate: str | None = None,
) -> bytes:
    """A CFDI 4.0 without taxes (SubTotal = Total) of any type; ``folio`` defaults to ``n``."""
    head = _attrs(
        Version="4.0",
        TipoDeComprobante=kind,
        Fecha=fecha,
        SubTotal=total,
        Total=total,
        Moneda=currency,
        TipoCambio=rate,
        MetodoPago=method,
        FormaPago=form,
        Serie=series,
        Folio=str(n) if folio is None else folio,
        Sello="QUJD",
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4"{head}>'
        f"<cfdi:Emisor{_attrs(Rfc=issuer, Nombre=issuer_name, RegimenFiscal='601')}/>"
        f"<cfdi:Receptor{_attrs(Rfc=receiver, Nombre=receiver_name, UsoCFDI=use)}/>"
        f'<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="01010101" Cantidad="1" Descripcion="x" '
        f'ValorUnitario="{total}" Importe="{total}" ObjetoImp="01"/></cfdi:Conceptos>'
        f"<cfdi:Complemento>{_stamp(n, fecha)}</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


def receipt(
    n: int,
    lines: list[tuple[int, int, str, str]],
    *,
    fecha: str = "2026-04-05T10:00:00",
    issuer: str = SUPPLIER,
    receiver: str = RFC,
) -> bytes:
    """A payment receipt (type P, Pagos 2.0) paying ``lines``: (invoice n, NumParcialidad, ImpSaldoAnt,
    ImpSaldoInsoluto) each."""
    related = "".join(
        f"<pago20:DoctoRelacionado{_attrs(IdDocumento=uuid_of(paid), MonedaDR='MXN', EquivalenciaDR='1')}"
        f"{_attrs(NumParcialidad=str(k), ImpSaldoAnt=before, ImpPagado=str(Decimal(before) - Decimal(after)))}"
        f'{_attrs(ImpSaldoInsoluto=after)} ObjetoImpDR="01"/>'
        for paid, k, before, after in lines
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" xmlns:pago20="http://www.sat.gob.mx/Pagos20"'
        f"{_attrs(Version='4.0', TipoDeComprobante='P', Fecha=fecha, SubTotal='0', Total='0', Moneda='XXX')}"
        f' Serie="P" Folio="{n}" Sello="QUJD">'
        f"<cfdi:Emisor{_attrs(Rfc=issuer, Nombre='PROVEEDOR', RegimenFiscal='601')}/>"
        f"<cfdi:Receptor{_attrs(Rfc=receiver, Nombre='ESCUELA KEMPER URGATE', UsoCFDI='CP01')}/>"
        '<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="84111506" Cantidad="1" ClaveUnidad="ACT" Descripcion="Pago" '
        'ValorUnitario="0" Importe="0" ObjetoImp="01"/></cfdi:Conceptos>'
        '<cfdi:Complemento><pago20:Pagos Version="2.0"><pago20:Totales MontoTotalPagos="1"/>'
        f'<pago20:Pago FechaPago="{fecha}" FormaDePagoP="03" MonedaP="MXN" TipoCambioP="1" Monto="1">{related}'
        f"</pago20:Pago></pago20:Pagos>{_stamp(n, fecha)}</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


def _stamp(n: int, fecha: str) -> str:
    return (
        '<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" '
        f'UUID="{uuid_of(n)}" FechaTimbrado="{fecha}" RfcProvCertif="SAT970701NN3"/>'
    )
