"""One CFDI as Spanish HTML for a QTextBrowser (and for printing): what the accountant reads, with SAT's
catalog descriptions instead of bare codes.

The index row says what metadata and the parser know; the XML (parsed again, hardened, one file) adds the
concepts, taxes, payment complement, payroll and stamp. Every value is HTML-escaped: names carry ``&``, ``"``
and ``Ñ``.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

from lxml import etree
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.core.cfdi.model import TYPE_RETENCIONES
from desktop_app.core.cfdi.nodes import attr as _attr
from desktop_app.core.cfdi.nodes import child as _child
from desktop_app.core.cfdi.nodes import children as _children
from desktop_app.core.cfdi.nodes import descendants as _descendants
from desktop_app.core.cfdi.parser import repaired_root
from desktop_app.core.errors import AppError
from desktop_app.core.printed import currency_code, retenciones_period, retenciones_taxes
from desktop_app.gui.formatting import datetime_text, day_text
from desktop_app.gui.invoices import efos
from desktop_app.gui.invoices.catalogs import labelled
from desktop_app.gui.invoices.model import TYPE_TEXT, damaged_text, money, status_text


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


_NOWRAP = ' style="white-space: nowrap"'


def _nowrap(cell: str) -> str:
    """One token (an amount, a code, a UUID, a date) is never broken across lines, not even at its hyphens;
    text with spaces wraps between its words (the browser never breaks inside a word)."""
    return _NOWRAP if cell and not any(ch.isspace() for ch in cell) else ""


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th{_nowrap(_e(h))}>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td align="right"{_nowrap(cell)}>{cell}</td>' if i in numeric else f"<td{_nowrap(cell)}>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>{head}</tr>{body}</table>'


def _pairs(items: list[tuple[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td><b>{_e(label)}</b></td><td{_nowrap(_e(value))}>{_e(value)}</td></tr>"
        for label, value in items
        if value not in (None, "")
    )
    return f'<table cellspacing="0" cellpadding="2">{rows}</table>'


def _section(title: str, body: str) -> str:
    return f"<h3>{_e(title)}</h3>{body}"


def load_xml(path: str | None) -> etree._Element | None:
    """The document's root, or None when there is no readable XML (metadata-only rows, moved files, damaged
    documents). Read as the importer reads it: a document it repaired (``repaired_root``) shows in full."""
    if not path:
        return None
    try:
        return repaired_root(Path(path).read_bytes())
    except (OSError, AppError):
        return None


def _money_in(value: Any, currency: str | None) -> str:
    """``$8,586.31 USD`` for another currency (as the printed CFDI writes it), ``$1,234.56`` for pesos (however a
    document before 3.3 wrote them: ``MXP``, ``Pesos``…)."""
    text = money(value)
    code = currency_code(currency) if currency else "MXN"
    return f"{text} {code}" if text and code not in ("MXN", "XXX") else text


def render(row: dict[str, Any], root: etree._Element | None, payments: list[dict[str, Any]] | None = None,
           sat_status: dict[str, Any] | None = None, efos_entry: dict[str, Any] | None = None) -> str:  # fmt: skip
    """The HTML of one invoice: ``row`` is the index row (``SELECT *`` as a dict); ``efos_entry`` the counterpart's
    situation on SAT's 69-B list (``gui.invoices.efos.entry_of``), said under the status when it is listed."""
    parts: list[str] = []
    kind = row.get("type") or ""
    retenciones = kind == TYPE_RETENCIONES  # a constancia: its own family, no c_TipoDeComprobante
    if retenciones:
        title = tr("R — Retenciones e información de pagos")
    elif kind in TYPE_TEXT:  # the list's own words, in the window's language («I Income» in English)
        title = QCoreApplication.translate("InvoicesPage", TYPE_TEXT[kind])
    else:
        title = labelled("c_TipoDeComprobante", kind) or tr("Comprobante")
    folio = "-".join(p for p in (row.get("series"), row.get("folio")) if p)
    direction = tr("Emitida") if row.get("direction") == "issued" else tr("Recibida")
    parts.append(f"<h2>{_e(title)} {_e(folio)}</h2><p{_NOWRAP}>{_e(direction)} · UUID <b>{_e(row.get('uuid'))}</b></p>")
    parts.append(_status_block(row, sat_status))
    parts.append(efos.detail_html(efos_entry, _e))
    emisor = _child(root, "Emisor")
    receptor = _child(root, "Receptor")
    parts.append(
        _section(
            tr("Emisor"),
            _pairs(
                [
                    (tr("RFC"), row.get("issuer_rfc")),
                    (tr("Nombre"), row.get("issuer_name")),
                    (
                        tr("Régimen fiscal"),
                        labelled("c_RegimenFiscal", _attr(emisor, "RegimenFiscal", "RegimenFiscalE")),
                    ),
                ]
            ),
        )
    )
    parts.append(
        _section(
            tr("Receptor"),
            _pairs(
                [
                    (tr("RFC"), row.get("receiver_rfc")),
                    (tr("Nombre"), row.get("receiver_name")),
                    (tr("Régimen fiscal"), labelled("c_RegimenFiscal", _attr(receptor, "RegimenFiscalReceptor"))),
                    (tr("Domicilio fiscal (C.P.)"), _attr(receptor, "DomicilioFiscalReceptor")),
                    (tr("Uso del CFDI"), labelled("c_UsoCFDI", row.get("cfdi_use") or _attr(receptor, "UsoCFDI"))),
                ]
            ),
        )
    )
    parts.append(
        _section(
            tr("Comprobante"),
            _pairs(
                [
                    (tr("Tipo"), title),
                    (tr("Versión"), row.get("version")),
                    (tr("Serie y folio"), folio),
                    (tr("Fecha de emisión"), datetime_text(row.get("issue_date"), seconds=True, empty="")),
                    (tr("Lugar de expedición"), _attr(root, "LugarExpedicion")),
                    (tr("Forma de pago"), labelled("c_FormaPago", row.get("payment_form"))),
                    (tr("Método de pago"), labelled("c_MetodoPago", row.get("payment_method"))),
                    (tr("Moneda"), labelled("c_Moneda", row.get("currency"))),
                    (tr("Tipo de cambio"), row.get("exchange_rate")),
                    (tr("Subtotal"), _money_in(row.get("subtotal"), row.get("currency"))),
                    (tr("Descuento"), _money_in(row.get("discount"), row.get("currency"))),
                    (
                        tr("Monto total de la operación") if retenciones else tr("Total"),
                        _money_in(row.get("total"), row.get("currency")),
                    ),
                ]
            ),
        )
    )
    if row.get("damaged"):
        parts.append(_damaged(row))
    elif root is None:
        parts.append(_metadata_only(row))
    elif retenciones:
        parts.append(_withholdings(root))
    else:
        parts.append(_concepts(root, row.get("currency")))
        parts.append(_taxes(root, row))
        pagos = _descendants(root, "Pagos")
        if pagos:
            parts.append(_payment_complement(pagos[0]))
        for nomina in _descendants(root, "Nomina"):
            parts.append(_payroll(nomina))
    if row.get("payment_method") == "PPD" and payments is not None:
        parts.append(_ppd_balance(row, payments))
    related = json.loads(row.get("related_uuids") or "[]") if isinstance(row.get("related_uuids"), str) else []
    if related:
        items = [[_e(labelled("c_TipoRelacion", kind_)), _e(uuid)] for kind_, uuid in related]
        parts.append(_section(tr("CFDI relacionados"), _table([tr("Relación"), tr("UUID")], items)))
    parts.append(_stamp(root, row))
    parts.append(_warnings(row))
    return "<html><body>" + "".join(p for p in parts if p) + "</body></html>"


def _damaged(row: dict[str, Any]) -> str:
    text = tr(
        "El XML de este comprobante está dañado: se guardó tal como llegó, pero no se puede leer con certeza, así "
        "que no aparece en la lista ni se suma en los totales. Los datos de arriba son sólo para identificarlo. "
        "Descarga de nuevo este UUID del SAT o pide una copia al emisor: la copia buena lo reemplaza."
    )
    return f"<p><b>{_e(damaged_text(row.get('damaged')))}</b></p><p><i>{_e(text)}</i></p>"


def _warnings(row: dict[str, Any]) -> str:
    """The parser's notes on this XML (repairs of known quirks, unreadable values), as it wrote them."""
    raw = row.get("warnings")
    try:
        notes = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        notes = []
    if not notes:
        return ""
    items = "".join(f"<li>{_e(warning_text(note))}</li>" for note in notes if isinstance(note, str))
    return _section(tr("Avisos al leer el XML"), f"<ul>{items}</ul>")


# The parser's notes (``core.cfdi.parser`` writes them in English, for the CLI and the log) in the window's words:
# a Spanish window said «not well-formed XML, recovered by libxml2: …» (an outside audit of the browser).
_REPAIRS = {
    "removed bogus xmlns:schemaLocation declaration": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "se quitó una declaración xmlns:schemaLocation errónea"
    ),
    "completed character references missing ';'": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "se completaron referencias de carácter sin «;»"
    ),
    "escaped '<' inside attribute values": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "se escaparon signos «<» dentro de valores de atributos"
    ),
    "dropped text before the XML": QT_TRANSLATE_NOOP("InvoiceDetail", "se descartó texto antes del XML"),
    "removed whitespace before the XML declaration": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "se quitaron espacios antes de la declaración XML"
    ),
    "dropped text after the root element": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "se descartó texto después del elemento raíz"
    ),
    "dropped a malformed Addenda": QT_TRANSLATE_NOOP("InvoiceDetail", "se descartó una Addenda mal formada"),
    "read as UTF-8, the encoding it is written in (it declares another)": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "se leyó como UTF-8, la codificación en que está escrito (declara otra)"
    ),
}
_NOTES = {
    "two TimbreFiscalDigital nodes with the same UUID": QT_TRANSLATE_NOOP(
        "InvoiceDetail", "dos TimbreFiscalDigital con el mismo UUID"
    ),
    "nil UUID (placeholder stamp)": QT_TRANSLATE_NOOP("InvoiceDetail", "UUID nulo (timbre de relleno)"),
}
_UNREADABLE_RE = re.compile(r"unreadable (amount|date) ([^=]*)=(.*)")
_LINE_RE = re.compile(r"line (\d+)")


def _repairs(text: str) -> str:
    return "; ".join(
        QCoreApplication.translate("InvoiceDetail", _REPAIRS[part]) if part in _REPAIRS else part
        for part in text.split("; ")
    )


def warning_text(note: str) -> str:
    """One parser note in the window's language; one it does not know, as written."""
    if note in _NOTES:
        return QCoreApplication.translate("InvoiceDetail", _NOTES[note])
    before = "repaired before the recovery: "
    if note.startswith(before):
        return tr("Reparado antes de recuperarlo: {0}").format(_repairs(note.removeprefix(before)))
    if note.startswith("repaired: "):
        return tr("Reparado al leerlo: {0}").format(_repairs(note.removeprefix("repaired: ")))
    if note.startswith("not well-formed XML, recovered by libxml2: "):
        line = _LINE_RE.search(note)
        return (
            tr("XML mal formado: se recuperó lo que se pudo leer (línea {0}).").format(line.group(1))
            if line
            else tr("XML mal formado: se recuperó lo que se pudo leer.")
        )
    found = _UNREADABLE_RE.fullmatch(note)
    if found:
        kind, what, value = found.groups()
        text = tr("Importe ilegible en {0}: {1}") if kind == "amount" else tr("Fecha ilegible en {0}: {1}")
        return text.format(what, value)
    return note


def _status_block(row: dict[str, Any], sat_status: dict[str, Any] | None) -> str:
    status = row.get("status")
    text = tr("Estado: {0}").format(status_text(status))
    if status == "cancelado" and row.get("cancelled_at"):
        text += " — " + tr("cancelado el {0}").format(datetime_text(row["cancelled_at"]))
    html = f"<p><b>{_e(text)}</b></p>"
    if sat_status:
        items = [
            (tr("Estado en el SAT"), sat_status.get("estado")),
            (tr("Código"), sat_status.get("codigo_estatus")),
            (tr("¿Es cancelable?"), sat_status.get("es_cancelable")),
            (tr("Estatus de cancelación"), sat_status.get("estatus_cancelacion")),
        ]
        html += _section(tr("Verificación en el SAT"), _pairs(items))
    return html


def _metadata_only(row: dict[str, Any]) -> str:
    text = tr(
        "Sólo se conocen los metadatos de este CFDI: no hay XML en la bóveda. El SAT no entrega el XML de los "
        "CFDI recibidos que están cancelados; los datos de arriba vienen de los metadatos."
    )
    return f"<p><i>{_e(text)}</i></p>"


def _concepts(root: etree._Element, currency: str | None) -> str:
    rows = []
    for concepto in _children(_child(root, "Conceptos"), "Concepto"):
        unit = _attr(concepto, "ClaveUnidad", "unidad") or ""
        unit_name = _attr(concepto, "Unidad")
        if unit_name and unit_name != unit:
            unit = f"{unit} {unit_name}".strip()
        rows.append(
            [
                _e(_attr(concepto, "ClaveProdServ", "noIdentificacion")),
                _e(_attr(concepto, "Descripcion", "descripcion")),
                _e(_attr(concepto, "Cantidad", "cantidad")),
                _e(unit),
                _e(_money_in(_attr(concepto, "ValorUnitario", "valorUnitario"), currency)),
                _e(_money_in(_attr(concepto, "Importe", "importe"), currency)),
            ]
        )
    if not rows:
        return ""
    headers = [tr("Clave"), tr("Descripción"), tr("Cantidad"), tr("Unidad"), tr("Valor unitario"), tr("Importe")]
    return _section(tr("Conceptos"), _table(headers, rows, {2, 4, 5}))


def _tax_name(code: str | None) -> str:
    names = {"IVA": "IVA", "ISR": "ISR", "IEPS": "IEPS"}
    return names.get(code or "", "") or labelled("c_Impuesto", code)


def _taxes(root: etree._Element, row: dict[str, Any]) -> str:
    impuestos = _child(root, "Impuestos")
    if impuestos is None:
        return ""
    currency = row.get("currency")
    transferred = []
    for t in _children(_child(impuestos, "Traslados"), "Traslado"):
        rate = _attr(t, "TasaOCuota", "tasa") or ""
        factor = _attr(t, "TipoFactor") or ""
        transferred.append(
            [
                _e(_tax_name(_attr(t, "Impuesto", "impuesto"))),
                _e(factor),
                _e(rate),
                _e(_money_in(_attr(t, "Base"), currency)),
                _e(_money_in(_attr(t, "Importe", "importe"), currency)),
            ]
        )
    withheld = []
    for r in _children(_child(impuestos, "Retenciones"), "Retencion"):
        amount = _money_in(_attr(r, "Importe", "importe"), currency)
        withheld.append([_e(_tax_name(_attr(r, "Impuesto", "impuesto"))), _e(amount)])
    html = ""
    if transferred:
        headers = [tr("Impuesto"), tr("Tipo factor"), tr("Tasa o cuota"), tr("Base"), tr("Importe")]
        html += f"<h4>{_e(tr('Trasladados'))}</h4>" + _table(headers, transferred, {3, 4})
    if withheld:
        html += f"<h4>{_e(tr('Retenidos'))}</h4>" + _table([tr("Impuesto"), tr("Importe")], withheld, {1})
    totals = _pairs(
        [
            (tr("Total de impuestos trasladados"), _money_in(_attr(impuestos, "TotalImpuestosTrasladados"), currency)),
            (tr("Total de impuestos retenidos"), _money_in(_attr(impuestos, "TotalImpuestosRetenidos"), currency)),
        ]
    )
    return _section(tr("Impuestos"), html + totals) if html else ""


def _withholdings(root: etree._Element) -> str:
    """A constancia de retenciones: what was paid (key of the withholding, period) and each tax withheld."""
    html = _pairs(
        [
            (tr("Clave de retención"), labelled("retenciones_c_CveRetenc", _attr(root, "CveRetenc"))),
            (tr("Descripción"), _attr(root, "DescRetenc")),
            (tr("Periodo (meses y ejercicio)"), retenciones_period(root)),
        ]
    )
    totales = _child(root, "Totales")
    rows = [
        [
            _e(_tax_name(tax.code)),
            _e(money(tax.base)),
            _e(money(tax.amount)),
            _e(labelled("retenciones_c_TipoPagoRet", tax.payment_type)),
        ]
        for tax in retenciones_taxes(root)
    ]
    if rows:
        headers = [tr("Impuesto"), tr("Base"), tr("Importe retenido"), tr("Tipo de pago")]
        html += f"<h4>{_e(tr('Retenidos'))}</h4>" + _table(headers, rows, {1, 2})
    html += _pairs(
        [
            (tr("Monto total gravado"), money(_attr(totales, "MontoTotGrav", "montoTotGrav"))),
            (tr("Monto total exento"), money(_attr(totales, "MontoTotExent", "montoTotExent"))),
            (tr("Total de impuestos retenidos"), money(_attr(totales, "MontoTotRet", "montoTotRet"))),
        ]
    )
    return _section(tr("Retenciones"), html)


def _payment_complement(pagos: etree._Element) -> str:
    html = ""
    for number, pago in enumerate(_children(pagos, "Pago"), start=1):
        html += f"<h4>{_e(tr('Pago {0}').format(number))}</h4>"
        html += _pairs(
            [
                (tr("Fecha de pago"), datetime_text(_attr(pago, "FechaPago"), empty="")),
                (tr("Forma de pago"), labelled("c_FormaPago", _attr(pago, "FormaDePagoP"))),
                (tr("Moneda"), labelled("c_Moneda", _attr(pago, "MonedaP"))),
                (tr("Monto"), money(_attr(pago, "Monto"))),
            ]
        )
        # The paid document's balances are in its own currency (MonedaDR; Pagos 1.0 leaves it out when it is
        # the payment's), which need not be the payment's: a USD invoice paid in pesos.
        paid_in = _attr(pago, "MonedaP")
        rows = [
            [
                _e(_attr(d, "IdDocumento")),
                _e("-".join(p for p in (_attr(d, "Serie"), _attr(d, "Folio")) if p)),
                _e(_attr(d, "NumParcialidad")),
                _e(_attr(d, "MonedaDR") or paid_in),
                _e(money(_attr(d, "ImpSaldoAnt"))),
                _e(money(_attr(d, "ImpPagado"))),
                _e(money(_attr(d, "ImpSaldoInsoluto"))),
            ]
            for d in _children(pago, "DoctoRelacionado")
        ]
        if rows:
            headers = [
                tr("Documento pagado (UUID)"),
                tr("Serie-Folio"),
                tr("Parcialidad"),
                tr("Moneda"),
                tr("Saldo anterior"),
                tr("Importe pagado"),
                tr("Saldo insoluto"),
            ]
            html += _table(headers, rows, {2, 4, 5, 6})
    return _section(tr("Complemento de pago"), html)


def _ppd_balance(row: dict[str, Any], payments: list[dict[str, Any]]) -> str:
    if not payments:
        owed = tr("Aún no hay complementos de pago para esta factura; se debe el total {0}.")
        return _section(tr("Pagos recibidos (PPD)"), f"<p>{_e(owed.format(money(row.get('total'))))}</p>")
    rows = [
        [
            _e(p.get("payment_uuid")),
            _e(datetime_text(p.get("payment_date"), empty="")),
            _e(p.get("installment")),
            _e(money(p.get("previous_balance"))),
            _e(money(p.get("amount_paid"))),
            _e(money(p.get("balance"))),
        ]
        for p in payments
    ]
    owed = payments[-1].get("balance")
    headers = [tr("Complemento (UUID)"), tr("Fecha de pago"), tr("Parcialidad"), tr("Saldo anterior"),
               tr("Importe pagado"), tr("Saldo insoluto")]  # fmt: skip
    text = tr("Saldo pendiente: {0}").format(money(owed))
    return _section(tr("Pagos recibidos (PPD)"), _table(headers, rows, {2, 3, 4, 5}) + f"<p><b>{_e(text)}</b></p>")


def _payroll(nomina: etree._Element) -> str:
    percepciones = _child(nomina, "Percepciones")
    deducciones = _child(nomina, "Deducciones")
    isr = sum(
        float(_attr(d, "Importe") or 0)
        for d in _children(deducciones, "Deduccion")
        if _attr(d, "TipoDeduccion") == "002"
    )
    receptor = _child(nomina, "Receptor")
    items = [
        (tr("Tipo de nómina"), labelled("nomina_c_TipoNomina", _attr(nomina, "TipoNomina"))),
        (tr("Fecha de pago"), day_text(_attr(nomina, "FechaPago"), empty="")),
        (
            tr("Periodo"),
            tr("{0} a {1}").format(
                day_text(_attr(nomina, "FechaInicialPago"), empty=""),
                day_text(_attr(nomina, "FechaFinalPago"), empty=""),
            ),
        ),
        (tr("Días pagados"), _attr(nomina, "NumDiasPagados")),
        (tr("Periodicidad"), labelled("nomina_c_PeriodicidadPago", _attr(receptor, "PeriodicidadPago"))),
        (tr("CURP del empleado"), _attr(receptor, "Curp")),
        (tr("Total de percepciones"), money(_attr(nomina, "TotalPercepciones"))),
        (tr("Total de deducciones"), money(_attr(nomina, "TotalDeducciones"))),
        (tr("Total de otros pagos"), money(_attr(nomina, "TotalOtrosPagos"))),
        (tr("ISR retenido"), money(f"{isr:.2f}")),
    ]
    rows = (
        [
            [
                _e(tr("Percepción")),
                _e(labelled("nomina_c_TipoPercepcion", _attr(p, "TipoPercepcion"))),
                _e(_attr(p, "Concepto")),
                _e(money(float(_attr(p, "ImporteGravado") or 0) + float(_attr(p, "ImporteExento") or 0))),
            ]
            for p in _children(percepciones, "Percepcion")
        ]
        + [
            [
                _e(tr("Deducción")),
                _e(labelled("nomina_c_TipoDeduccion", _attr(d, "TipoDeduccion"))),
                _e(_attr(d, "Concepto")),
                _e(money(_attr(d, "Importe"))),
            ]
            for d in _children(deducciones, "Deduccion")
        ]
        + [
            [
                _e(tr("Otro pago")),
                _e(labelled("nomina_c_TipoOtroPago", _attr(o, "TipoOtroPago"))),
                _e(_attr(o, "Concepto")),
                _e(money(_attr(o, "Importe"))),
            ]
            for o in _children(_child(nomina, "OtrosPagos"), "OtroPago")
        ]
    )
    body = _pairs(items)
    if rows:
        body += _table([tr("Clase"), tr("Tipo"), tr("Concepto"), tr("Importe")], rows, {3})
    return _section(tr("Nómina"), body)


def _stamp(root: etree._Element | None, row: dict[str, Any]) -> str:
    tfd = next(iter(_descendants(root, "TimbreFiscalDigital")), None) if root is not None else None
    details = row.get("details")
    try:
        info = json.loads(details) if isinstance(details, str) else {}
    except ValueError:
        info = {}
    items = [
        (tr("Folio fiscal (UUID)"), row.get("uuid")),
        (
            tr("Fecha de timbrado"),
            datetime_text(row.get("stamp_date") or _attr(tfd, "FechaTimbrado"), seconds=True, empty=""),
        ),
        (tr("RFC del PAC"), _attr(tfd, "RfcProvCertif") or info.get("pac_rfc")),
        (tr("Certificado del SAT"), _attr(tfd, "NoCertificadoSAT")),
        (tr("Certificado del emisor"), _attr(root, "NoCertificado", "noCertificado")),
    ]
    return _section(tr("Timbre fiscal digital"), _pairs(items))
