"""The representación impresa of one CFDI: what an accountant prints or files, as HTML for a page of paper.

One Letter page for a typical invoice: a «CANCELADO» banner when the index knows it cancelled, emisor and
receptor (with régimen and uso), the comprobante's terms, conceptos, impuestos (federal, then the Impuestos
Locales complement's), the total in words (*importe con letra*), related CFDI, the payment complement and the
payroll when present, and the stamp: the QR with SAT's verification URL (before 3.3, SAT's bare ``?re=…``
expression), the certificate numbers, the document's seal, SAT's seal and the *cadena original del complemento
de certificación*. Amounts in another currency than pesos carry its code, line items included.

Qt-free: this module builds the HTML and the QR image (PNG, ``segno``); ``gui/invoices/printing.py`` lays it
out on paper with Qt for the window and for ``invoice UUID --pdf``. Every value from the XML is HTML-escaped;
a missing node leaves its row out, never the page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape
from typing import Any

from desktop_app.core.cfdi.model import RETENCIONES_TAX_CODES
from desktop_app.core.cfdi.nodes import attr as _attr
from desktop_app.core.cfdi.nodes import child as _child
from desktop_app.core.cfdi.nodes import children as _children
from desktop_app.core.cfdi.nodes import descendants
from desktop_app.core.cfdi.nodes import local as _local
from desktop_app.core.cfdi.parser import repaired_root
from desktop_app.core.errors import AppError
from desktop_app.core.sat.envelopes import QR_URL, qr_expression, retenciones_qr_expression
from desktop_app.core.vocabulary import DOCUMENT_TYPE, STATUS, catalog_label, language

QR_RESOURCE = "qr.png"  # the name the HTML uses for the QR image; the renderer supplies its bytes
# Long seals have no spaces: a zero-width space every so often lets the page wrap them.
_WRAP_EVERY = 16
_ZWSP = "\u200b"
# A certificate number (20 digits) or a UUID: kept on one line, never cut mid-number.
_TOKEN_RE = re.compile(r"(?:<b>)?(?:[0-9]{16,}|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})(?:</b>)?")

LABELS: dict[str, dict[str, str]] = {
    "es": {
        "title": "Representación impresa de un CFDI",
        "issuer": "Emisor",
        "terms": "Datos del comprobante",
        "receiver": "Receptor",
        "rfc": "RFC",
        "name": "Nombre",
        "regime": "Régimen fiscal",
        "zip": "Domicilio fiscal (C.P.)",
        "use": "Uso del CFDI",
        "foreign_id": "Núm. reg. id. tributario",
        "type": "Tipo de comprobante",
        "series_folio": "Serie y folio",
        "uuid": "Folio fiscal (UUID)",
        "issued_at": "Fecha de emisión",
        "stamped_at": "Fecha de certificación",
        "place": "Lugar de expedición (C.P.)",
        "issuer_cert": "No. de certificado del emisor",
        "sat_cert": "No. de certificado del SAT",
        "pac": "RFC del proveedor de certificación",
        "payment_form": "Forma de pago",
        "payment_method": "Método de pago",
        "currency": "Moneda",
        "exchange_rate": "Tipo de cambio",
        "export": "Exportación",
        "conditions": "Condiciones de pago",
        "status": "Estado en el SAT",
        "concepts": "Conceptos",
        "product": "Clave prod./serv.",
        "quantity": "Cantidad",
        "unit": "Unidad",
        "description": "Descripción",
        "unit_value": "Valor unitario",
        "discount": "Descuento",
        "amount": "Importe",
        "tax_object": "Objeto de impuesto",
        "subtotal": "Subtotal",
        "total": "Total",
        "transferred": "Traslado",
        "withheld": "Retención",
        "exempt": "exento",
        "in_words": "Importe con letra",
        "local_taxes": "Impuestos locales",
        "local_transferred": "Traslado local",
        "local_withheld": "Retención local",
        "cancelled": "CANCELADO",
        "cancelled_on": "Cancelado el {date}",
        "related": "CFDI relacionados",
        "relation": "Tipo de relación",
        "payments": "Complemento de pago",
        "payment_date": "Fecha de pago",
        "paid_amount": "Monto",
        "document": "Documento relacionado",
        "installment": "Parcialidad",
        "previous_balance": "Saldo anterior",
        "paid": "Importe pagado",
        "outstanding": "Saldo insoluto",
        "payroll": "Nómina",
        "payroll_type": "Tipo de nómina",
        "period": "Periodo de pago",
        "days_paid": "Días pagados",
        "employee": "Empleado (CURP)",
        "perceptions": "Total de percepciones",
        "deductions": "Total de deducciones",
        "other_payments": "Total de otros pagos",
        "seal": "Sello digital del CFDI",
        "sat_seal": "Sello digital del SAT",
        "chain": "Cadena original del complemento de certificación digital del SAT",
        "legend": "Este documento es una representación impresa de un CFDI versión {version}.",
        "no_stamp": "Este documento no tiene timbre fiscal digital: no es un CFDI válido.",
        "verify": "Verifique este comprobante en",
        # a constancia de retenciones (CFDI de retenciones e información de pagos)
        "retenciones_type": "Retenciones e información de pagos",
        "internal_folio": "Folio interno",
        "retenciones_terms": "Datos de la retención",
        "retenciones_key": "Clave de retención",
        "retenciones_description": "Descripción de la retención",
        "retenciones_period": "Periodo (meses y ejercicio)",
        "curp": "CURP",
        "retenciones_taxes": "Impuestos retenidos",
        "tax": "Impuesto",
        "base": "Base",
        "payment_type": "Tipo de pago",
        "operation_total": "Monto total de la operación",
        "taxable_total": "Monto total gravado",
        "exempt_total": "Monto total exento",
        "withheld_total": "Monto total retenido",
        "retenciones_legend": (
            "Este documento es una representación impresa de un CFDI de retenciones e información de pagos "
            "versión {version}."
        ),
    },
    "en": {
        "title": "Printed representation of a CFDI",
        "issuer": "Issuer",
        "terms": "Document terms",
        "receiver": "Receiver",
        "rfc": "RFC",
        "name": "Name",
        "regime": "Tax regime",
        "zip": "Tax address (ZIP)",
        "use": "CFDI use",
        "foreign_id": "Foreign tax id",
        "type": "Document type",
        "series_folio": "Series and folio",
        "uuid": "Fiscal folio (UUID)",
        "issued_at": "Issued",
        "stamped_at": "Stamped",
        "place": "Place of issue (ZIP)",
        "issuer_cert": "Issuer's certificate no.",
        "sat_cert": "SAT's certificate no.",
        "pac": "Certification provider's RFC",
        "payment_form": "Payment form",
        "payment_method": "Payment method",
        "currency": "Currency",
        "exchange_rate": "Exchange rate",
        "export": "Export",
        "conditions": "Payment terms",
        "status": "Status at SAT",
        "concepts": "Line items",
        "product": "Product/service key",
        "quantity": "Quantity",
        "unit": "Unit",
        "description": "Description",
        "unit_value": "Unit value",
        "discount": "Discount",
        "amount": "Amount",
        "tax_object": "Tax object",
        "subtotal": "Subtotal",
        "total": "Total",
        "transferred": "Transferred",
        "withheld": "Withheld",
        "exempt": "exempt",
        "in_words": "Amount in words",
        "local_taxes": "Local taxes",
        "local_transferred": "Local tax transferred",
        "local_withheld": "Local tax withheld",
        "cancelled": "CANCELLED",
        "cancelled_on": "Cancelled on {date}",
        "related": "Related CFDI",
        "relation": "Relation type",
        "payments": "Payment complement",
        "payment_date": "Payment date",
        "paid_amount": "Amount",
        "document": "Related document",
        "installment": "Installment",
        "previous_balance": "Previous balance",
        "paid": "Amount paid",
        "outstanding": "Outstanding balance",
        "payroll": "Payroll",
        "payroll_type": "Payroll type",
        "period": "Pay period",
        "days_paid": "Days paid",
        "employee": "Employee (CURP)",
        "perceptions": "Total earnings",
        "deductions": "Total deductions",
        "other_payments": "Total other payments",
        "seal": "CFDI digital seal",
        "sat_seal": "SAT digital seal",
        "chain": "Original string of SAT's certification complement",
        "legend": "This document is a printed representation of a CFDI version {version}.",
        "no_stamp": "This document has no digital tax stamp: it is not a valid CFDI.",
        "verify": "Verify this document at",
        "retenciones_type": "Withholdings and payment information",
        "internal_folio": "Internal folio",
        "retenciones_terms": "Withholding data",
        "retenciones_key": "Withholding key",
        "retenciones_description": "Withholding description",
        "retenciones_period": "Period (months and fiscal year)",
        "curp": "CURP",
        "retenciones_taxes": "Taxes withheld",
        "tax": "Tax",
        "base": "Base",
        "payment_type": "Payment type",
        "operation_total": "Total amount of the operation",
        "taxable_total": "Total taxable amount",
        "exempt_total": "Total exempt amount",
        "withheld_total": "Total withheld",
        "retenciones_legend": (
            "This document is a printed representation of a CFDI of withholdings and payment information "
            "version {version}."
        ),
    },
}
TAX_NAMES = {"001": "ISR", "002": "IVA", "003": "IEPS"}


@dataclass(frozen=True)
class PrintedInvoice:
    """The page's HTML (it refers to the QR as :data:`QR_RESOURCE`), the QR's PNG and the URL it encodes."""

    uuid: str
    html: str
    qr_png: bytes | None
    qr_url: str | None


# -- the total in words ----------------------------------------------------------------------------------

_UNITS = (
    "", "UN", "DOS", "TRES", "CUATRO", "CINCO", "SEIS", "SIETE", "OCHO", "NUEVE", "DIEZ", "ONCE", "DOCE",
    "TRECE", "CATORCE", "QUINCE", "DIECISÉIS", "DIECISIETE", "DIECIOCHO", "DIECINUEVE", "VEINTE", "VEINTIÚN",
    "VEINTIDÓS", "VEINTITRÉS", "VEINTICUATRO", "VEINTICINCO", "VEINTISÉIS", "VEINTISIETE", "VEINTIOCHO",
    "VEINTINUEVE",
)  # fmt: skip
_TENS = ("", "", "", "TREINTA", "CUARENTA", "CINCUENTA", "SESENTA", "SETENTA", "OCHENTA", "NOVENTA")
_HUNDREDS = (
    "", "CIENTO", "DOSCIENTOS", "TRESCIENTOS", "CUATROCIENTOS", "QUINIENTOS", "SEISCIENTOS", "SETECIENTOS",
    "OCHOCIENTOS", "NOVECIENTOS",
)  # fmt: skip
CURRENCY_WORDS = {"MXN": ("PESO", "PESOS", "M.N."), "USD": ("DÓLAR", "DÓLARES", "USD"), "EUR": ("EURO", "EUROS", "EUR")}
# The largest whole number :func:`number_in_words` writes: 999,999 billones (the next word, trillón, is never needed
# on an invoice; SAT's schemas allow 18 integer digits).
MAX_IN_WORDS = 10**18 - 1
# How documents before CFDI 3.3 (a free-text Moneda) wrote pesos, folded (upper case, no accents, dots or spaces).
_PESO_SPELLINGS = frozenset(
    {"MXN", "MXP", "MN", "PESO", "PESOS", "PESOMEXICANO", "PESOSMEXICANOS", "MONEDANACIONAL", "NACIONAL"}
)
_FOLD = str.maketrans("ÁÉÍÓÚÜÑ", "AEIOUUN", ". $-_")


def currency_code(moneda: str | None) -> str:
    """The currency of a ``Moneda`` as SAT's catalog codes it: ``MXN`` without one and for the ways documents
    before 3.3 wrote pesos (``MXP``, ``Pesos``, ``M.N.``, ``MN``, ``Peso Mexicano``); any other value as written
    (upper case), so that amounts carry it and never read as pesos."""
    text = (moneda or "").strip()
    if not text:
        return "MXN"
    folded = text.upper().translate(_FOLD)
    return "MXN" if folded in _PESO_SPELLINGS else text.upper()


def _below_thousand(n: int) -> str:
    if n == 100:
        return "CIEN"
    hundreds, rest = divmod(n, 100)
    words = [_HUNDREDS[hundreds]] if hundreds else []
    if rest < 30:
        words.append(_UNITS[rest])
    else:
        tens, unit = divmod(rest, 10)
        words.append(_TENS[tens] + (f" Y {_UNITS[unit]}" if unit else ""))
    return " ".join(w for w in words if w)


def number_in_words(n: int) -> str:
    """A whole number in Spanish capitals, as amounts are written on Mexican invoices (``UN``, not ``UNO``:
    a currency follows). Up to 999,999 billones (:data:`MAX_IN_WORDS`; ``ValueError`` beyond); ``CERO`` for 0."""
    if n < 0:
        raise ValueError("number_in_words takes a non-negative number")
    if n > MAX_IN_WORDS:
        raise ValueError("number_in_words writes numbers up to 999,999 billones")
    if n == 0:
        return "CERO"
    parts = []
    billions, n = divmod(n, 10**12)  # Spanish billón = 10^12
    millions, n = divmod(n, 10**6)
    thousands, units = divmod(n, 1000)
    if billions:
        parts.append("UN BILLÓN" if billions == 1 else f"{_thousands(billions)} BILLONES")
    if millions:
        parts.append("UN MILLÓN" if millions == 1 else f"{_thousands(millions)} MILLONES")
    if thousands:
        parts.append("MIL" if thousands == 1 else f"{_below_thousand(thousands)} MIL")
    if units:
        parts.append(_below_thousand(units))
    return " ".join(parts)


def _thousands(n: int) -> str:
    """1–999,999 in words (the multiplier of millones/billones)."""
    thousands, units = divmod(n, 1000)
    words = []
    if thousands:
        words.append("MIL" if thousands == 1 else f"{_below_thousand(thousands)} MIL")
    if units:
        words.append(_below_thousand(units))
    return " ".join(words)


def amount_in_words(amount: Decimal, currency: str | None) -> str:
    """``MIL DOSCIENTOS TREINTA Y CUATRO PESOS 56/100 M.N.``: the whole part in words, cents as a fraction
    (rounded half up to the cent), the currency's name (its code for one we have no name for; pesos however a
    document before 3.3 wrote them, :func:`currency_code`). "" for an amount too large to write
    (:data:`MAX_IN_WORDS`): the page leaves it out rather than write it wrong."""
    if not amount.is_finite() or abs(amount) > MAX_IN_WORDS + 1:
        return ""
    cents_total = int((abs(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    whole, cents = divmod(cents_total, 100)
    if whole > MAX_IN_WORDS:
        return ""
    code = currency_code(currency)
    singular, plural, suffix = CURRENCY_WORDS.get(code, ("", "", code))
    words = number_in_words(whole)
    if singular:
        name = singular if whole == 1 else plural
        # "UN MILLÓN DE PESOS", "DOS MILLONES DE PESOS": de after a bare millón/billón
        joiner = " DE " if words.endswith(("MILLÓN", "MILLONES", "BILLÓN", "BILLONES")) else " "
        words = f"{words}{joiner}{name}"
    return f"{words} {cents:02d}/100 {suffix}".strip()


# -- reading the XML --------------------------------------------------------------------------------------


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


class _Page:
    """HTML building blocks in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = language(lang)
        self.words = LABELS[self.lang]

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    @staticmethod
    def e(value: Any) -> str:
        return escape("" if value is None else str(value), quote=True)

    def money(self, value: str | None, currency: str | None = None) -> str:
        """``$1,234.56`` (the document's decimals kept when it has more than two); the text as written when
        it is not a number."""
        number = _decimal(value)
        if number is None:
            return self.e(value)
        exponent = number.as_tuple().exponent
        places = max(2, -exponent) if isinstance(exponent, int) else 2
        text = f"{abs(number):,.{places}f}"
        sign = "-" if number < 0 else ""
        code = f" {currency}" if currency and currency not in ("MXN", "XXX") else ""
        return self.e(f"{sign}${text}{code}")

    def quantity(self, value: str | None) -> str:
        number = _decimal(value)
        if number is None:
            return self.e(value)
        text = f"{number:,f}"
        return self.e(text.rstrip("0").rstrip(".") if "." in text else text)

    def date(self, value: str | None) -> str:
        """``dd/mm/aaaa hh:mm:ss`` from an ISO date-time — ``M/d/yyyy`` in English, as the window and the workbooks
        write days there (as written when it is not one)."""
        if (
            not value
            or len(value) < 10
            or value[4] != "-"
            or value[7] != "-"
            or not value[:10].replace("-", "").isdigit()
        ):
            return _Page.e(value)
        if self.lang == "en":
            day = f"{int(value[5:7])}/{int(value[8:10])}/{value[0:4]}"
        else:
            day = f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
        return _Page.e(f"{day} {value[11:19]}".strip())

    def coded(self, catalog: str, code: str | None) -> str:
        """``"03 — Transferencia electrónica de fondos"``, escaped; the bare code for one SAT's catalog lacks."""
        return self.e(catalog_label(catalog, code))

    @staticmethod
    def wrap(value: str | None) -> str:
        """A seal or chain that may break anywhere (zero-width spaces every few characters)."""
        text = value or ""
        pieces = [text[i : i + _WRAP_EVERY] for i in range(0, len(text), _WRAP_EVERY)]
        return _ZWSP.join(_Page.e(p) for p in pieces)

    @staticmethod
    def pairs(rows: list[tuple[str, str]], columns: int = 2) -> str:
        """A compact label/value grid (rows with an empty value are left out)."""
        cells = [(label, value) for label, value in rows if value]
        out = ['<table width="100%" cellspacing="0" cellpadding="1">']
        for i in range(0, len(cells), columns):
            out.append("<tr>")
            for label, value in cells[i : i + columns]:
                keep = ' style="white-space: nowrap"' if _TOKEN_RE.fullmatch(value) else ""
                out.append(f'<td class="l">{label}</td><td{keep}>{value}</td>')
            out.append("</tr>")
        out.append("</table>")
        return "".join(out) if cells else ""


_STYLE = (
    "<html><head><style>"
    "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 7pt; }"
    ".name { font-size: 11pt; font-weight: bold; }"
    "td { vertical-align: top; } td.l { color: #444; font-weight: bold; white-space: nowrap; }"
    "th { background-color: #e6e6e6; text-align: left; } td.n { text-align: right; white-space: nowrap; }"
    ".small { font-size: 5.5pt; } .warn { color: #a00000; font-weight: bold; }"
    "</style></head><body>"
)


def _identity(
    page: _Page, kind: str, folio: tuple[str, str], uuid: str, issued: str | None, tfd: Any, status: str | None
) -> str:
    """The header's right column — type, folio (its label and value), UUID, dates, status — closing the header,
    then the warning of a document without a stamp."""
    e = page.e
    rows = [
        (page["type"], e(kind)),
        (folio[0], e(folio[1])),
        (page["uuid"], f"<b>{e(uuid.upper())}</b>"),
        (page["issued_at"], page.date(issued)),
        (page["stamped_at"], page.date(tfd.get("FechaTimbrado") if tfd is not None else None)),
        (page["status"], e(STATUS[page.lang].get(status or "", "")) if status else ""),
    ]
    out = page.pairs(rows, columns=1) + "</td></tr></table>"
    return out + (f'<p class="warn">{e(page["no_stamp"])}</p>' if tfd is None else "")


def _heading(text: str) -> str:
    """A section's title on a grey band (Qt's rich text draws a cell's background, not a heading's)."""
    return (
        '<table width="100%" cellspacing="0" cellpadding="1" style="margin-top: 4px">'
        f'<tr><td bgcolor="#e6e6e6"><b>{text}</b></td></tr></table>'
    )


def _tfd(root: Any) -> Any:
    return next(iter(descendants(root, "TimbreFiscalDigital")), None)


def certification_chain(tfd: Any) -> str:
    """The *cadena original del complemento de certificación digital del SAT* of a TimbreFiscalDigital
    (SAT's ``cadenaoriginal_TFD_1_1.xslt``: ``||1.1|UUID|FechaTimbrado|RfcProvCertif|[Leyenda|]SelloCFD|
    NoCertificadoSAT||``; version 1.0 has no RfcProvCertif)."""
    if tfd is None:
        return ""
    version = _attr(tfd, "Version", "version") or ""
    if version == "1.0":
        fields = [version, tfd.get("UUID"), tfd.get("FechaTimbrado"), tfd.get("selloCFD"), tfd.get("noCertificadoSAT")]
    else:
        fields = [version, tfd.get("UUID"), tfd.get("FechaTimbrado"), tfd.get("RfcProvCertif")]
        if tfd.get("Leyenda"):
            fields.append(tfd.get("Leyenda"))
        fields += [tfd.get("SelloCFD"), tfd.get("NoCertificadoSAT")]
    return "||" + "|".join(" ".join((f or "").split()) for f in fields) + "||"


def _qr(url: str) -> bytes:
    import segno  # imported on first print: the window and the CLI start without it

    buffer = io.BytesIO()
    # SAT asks for a QR of at least 2.75 cm a side; the renderer sizes it, the image needs only crisp modules.
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def render(
    xml: bytes, *, status: str | None = None, lang: str = "es", cancelled_at: str | None = None
) -> PrintedInvoice:
    """The printed representation of the CFDI ``xml`` (raises ``invalid_document`` for XML that is not one).

    The XML is read as the importer reads it (:func:`repaired_root`: a document it repaired prints; a damaged one,
    not well-formed even after the repairs, raises ``invalid_xml``). ``status`` is what the index knows of it at
    SAT (``vigente``/``cancelado``/``unknown``), printed as such; a cancelled one also under a «CANCELADO» banner
    across the top, with ``cancelled_at`` (ISO date-time) when the index knows it.
    """
    root = repaired_root(xml)
    if _local(root) == "Retenciones":
        return _render_retenciones(root, _Page(lang), status, cancelled_at)
    if _local(root) != "Comprobante":
        raise AppError("invalid_document", "The file is not a CFDI (no cfdi:Comprobante nor retenciones:Retenciones).")
    page = _Page(lang)
    e = page.e
    version = _attr(root, "Version", "version") or ""
    written_currency = _attr(root, "Moneda")
    currency = currency_code(written_currency)
    issuer, receiver = _child(root, "Emisor"), _child(root, "Receptor")
    tfd = _tfd(root)
    uuid = (tfd.get("UUID") if tfd is not None else "") or ""
    kind = _attr(root, "TipoDeComprobante", "tipoDeComprobante") or ""
    kind_name = DOCUMENT_TYPE[page.lang].get(kind[:1].upper(), kind)
    series_folio = "-".join(p for p in (_attr(root, "Serie", "serie"), _attr(root, "Folio", "folio")) if p)
    total = _attr(root, "Total", "total")
    sello = _attr(root, "Sello", "sello") or ""
    qr_url = None
    if tfd is not None and uuid and total is not None:
        try:
            qr_url = qr_expression(
                uuid.upper(),
                _attr(issuer, "Rfc", "rfc") or "",
                _attr(receiver, "Rfc", "rfc") or "",
                total,
                sello,
                version="3.2" if _before_33(version) else "4.0",
            )
        except (AppError, ArithmeticError):  # a Total that is no amount, or beyond what Decimal holds: no QR
            qr_url = None

    html: list[str] = [_STYLE, _cancelled_banner(page, status, cancelled_at)]
    # header: issuer on the left, the document's identity on the right
    html.append('<table width="100%" cellspacing="0" cellpadding="0"><tr><td width="55%">')
    html.append(f'<p class="name">{e(_attr(issuer, "Nombre", "nombre") or _attr(issuer, "Rfc", "rfc"))}</p>')
    regime = _attr(issuer, "RegimenFiscal") or _attr(_child(issuer, "RegimenFiscal"), "Regimen")
    html.append(
        page.pairs(
            [
                (page["rfc"], e(_attr(issuer, "Rfc", "rfc"))),
                (page["regime"], page.coded("c_RegimenFiscal", regime)),
                (page["place"], e(_attr(root, "LugarExpedicion", "LugarExpedicion"))),
            ],
            columns=1,
        )
    )
    html.append('</td><td width="45%">')
    kind_text = f"{kind} {kind_name}".strip() if len(kind) == 1 else kind_name
    html.append(
        _identity(
            page, kind_text, (page["series_folio"], series_folio), uuid, _attr(root, "Fecha", "fecha"), tfd, status
        )
    )

    # receiver and terms side by side
    html.append('<table width="100%" cellspacing="0" cellpadding="0"><tr><td width="55%">')
    html.append(_heading(page["receiver"]))
    html.append(
        page.pairs(
            [
                (page["name"], e(_attr(receiver, "Nombre", "nombre"))),
                (page["rfc"], e(_attr(receiver, "Rfc", "rfc"))),
                (page["zip"], e(_attr(receiver, "DomicilioFiscalReceptor"))),
                (page["regime"], page.coded("c_RegimenFiscal", _attr(receiver, "RegimenFiscalReceptor"))),
                (page["use"], page.coded("c_UsoCFDI", _attr(receiver, "UsoCFDI"))),
                (page["foreign_id"], e(_attr(receiver, "NumRegIdTrib"))),
            ],
            columns=1,
        )
    )
    html.append('</td><td width="45%">')
    html.append(_heading(page["terms"]))
    exchange = _attr(root, "TipoCambio")
    html.append(
        page.pairs(
            [
                (page["payment_form"], page.coded("c_FormaPago", _attr(root, "FormaPago", "formaDePago"))),
                (page["payment_method"], page.coded("c_MetodoPago", _attr(root, "MetodoPago", "metodoDePago"))),
                (page["currency"], _currency_text(page, written_currency, currency)),
                (page["exchange_rate"], e(exchange) if exchange and currency not in ("MXN", "XXX") else ""),
                (page["export"], page.coded("c_Exportacion", _attr(root, "Exportacion"))),
                (page["conditions"], e(_attr(root, "CondicionesDePago", "condicionesDePago"))),
                (page["issuer_cert"], e(_attr(root, "NoCertificado", "noCertificado"))),
            ],
            columns=1,
        )
    )
    html.append("</td></tr></table>")

    html.append(_concepts(page, root, currency))
    html.append(_totals(page, root, currency))
    html.append(_related(page, root))
    html.append(_payments(page, root))
    html.append(_payroll(page, root))
    # Before 3.3 the QR holds only SAT's expression (?re=…&rr=…&tt=…&id=…); the page names the site to verify at.
    html.append(_stamp(page, root, tfd, sello, qr_url, QR_URL if qr_url and qr_url.startswith("?") else None))
    html.append(f'<p class="small">{e(page["legend"].format(version=version))}</p>')
    html.append("</body></html>")
    return PrintedInvoice(uuid=uuid.upper(), html="".join(html), qr_png=_qr(qr_url) if qr_url else None, qr_url=qr_url)


def _before_33(version: str) -> bool:
    """Whether a Comprobante's version is one before 3.3 (3.2, 3.0, CFD 2.x): SAT's older QR rule applies."""
    number = _decimal(version)
    return number is not None and number < Decimal("3.3")


def _currency_text(page: _Page, written: str | None, code: str) -> str:
    """The Moneda row: SAT's code and catalog name, and what the document wrote when that differs (``MXP``)."""
    text = page.coded("c_Moneda", code)
    if written and written.strip() and written.strip() != code:
        text += f" ({page.e(written.strip())})"
    return text


def _cancelled_banner(page: _Page, status: str | None, cancelled_at: str | None) -> str:
    """A cancelled document says so across the top of its page, in words (never by colour alone)."""
    if status != "cancelado":
        return ""
    text = f'<span style="font-size: 14pt; font-weight: bold; color: #a00000">{page.e(page["cancelled"])}</span>'
    if cancelled_at:
        when = page["cancelled_on"].format(date=page.date(cancelled_at))
        text += f'<br><span style="font-size: 9pt; font-weight: bold; color: #a00000">{when}</span>'
    return (
        '<table width="100%" cellspacing="0" cellpadding="4" border="1" style="margin-bottom: 4px">'
        f'<tr><td align="center" bgcolor="#fde8e8">{text}</td></tr></table>'
    )


def _rate_text(tax: Any) -> str:
    """`` 16.00%`` for a tasa (3.3/4.0 write 0.160000; 3.2 writes 16.00), nothing for a cuota or exento."""
    if tax.get("TipoFactor") == "Tasa":
        rate = _decimal(tax.get("TasaOCuota"))
        return f" {rate * 100:.2f}%" if rate is not None else ""
    rate = _decimal(tax.get("tasa"))
    return f" {rate:.2f}%" if rate is not None else ""


def _tax_name(tax: Any) -> str:
    code = _attr(tax, "Impuesto", "impuesto") or ""
    return _Page.e(TAX_NAMES.get(code, code))


def _concept_taxes(page: _Page, concept: Any, currency: str) -> str:
    taxes = _child(concept, "Impuestos")
    parts = []
    for group, item, label in (("Traslados", "Traslado", "transferred"), ("Retenciones", "Retencion", "withheld")):
        for tax in _children(_child(taxes, group), item):
            if tax.get("TipoFactor") == "Exento":
                parts.append(f"{page[label]} {_tax_name(tax)} {page['exempt']}")
            else:
                amount = page.money(tax.get("Importe"), currency)
                parts.append(f"{page[label]} {_tax_name(tax)}{_rate_text(tax)}: {amount}")
    return "; ".join(parts)


def _concepts(page: _Page, root: Any, currency: str) -> str:
    concepts = _children(_child(root, "Conceptos"), "Concepto")
    if not concepts:
        return ""
    e = page.e
    out = [
        _heading(page["concepts"]),
        '<table width="100%" cellspacing="0" cellpadding="2" border="0">',
        f"<tr><th>{page['product']}</th><th>{page['quantity']}</th><th>{page['unit']}</th>"
        f"<th>{page['description']}</th><th>{page['unit_value']}</th><th>{page['discount']}</th>"
        f"<th>{page['amount']}</th></tr>",
    ]
    for concept in concepts:
        unit = " ".join(p for p in (_attr(concept, "ClaveUnidad"), _attr(concept, "Unidad", "unidad")) if p)
        description = e(_attr(concept, "Descripcion", "descripcion"))
        taxes = _concept_taxes(page, concept, currency)
        identifier = _attr(concept, "NoIdentificacion", "noIdentificacion")
        detail = [description]
        if identifier:
            detail.append(f'<span class="small">{e(identifier)}</span>')
        if _attr(concept, "ObjetoImp"):
            tax_object = page.coded("c_ObjetoImp", concept.get("ObjetoImp"))
            detail.append(f'<span class="small">{page["tax_object"]}: {tax_object}</span>')
        if taxes:
            detail.append(f'<span class="small">{taxes}</span>')
        discount = _attr(concept, "Descuento", "descuento")
        out.append(
            f"<tr><td>{e(_attr(concept, 'ClaveProdServ'))}</td>"
            f'<td class="n">{page.quantity(_attr(concept, "Cantidad", "cantidad"))}</td>'
            f"<td>{e(unit)}</td><td>{'<br>'.join(detail)}</td>"
            f'<td class="n">{page.money(_attr(concept, "ValorUnitario", "valorUnitario"), currency)}</td>'
            f'<td class="n">{page.money(discount, currency) if discount and _decimal(discount) else ""}</td>'
            f'<td class="n">{page.money(_attr(concept, "Importe", "importe"), currency)}</td></tr>'
        )
    out.append("</table>")
    return "".join(out)


def _totals(page: _Page, root: Any, currency: str) -> str:
    e = page.e
    taxes = _child(root, "Impuestos")
    rows: list[tuple[str, str]] = [(page["subtotal"], page.money(_attr(root, "SubTotal", "subTotal"), currency))]
    discount = _attr(root, "Descuento", "descuento")
    if discount and _decimal(discount):
        rows.append((page["discount"], page.money(discount, currency)))
    for tax in _children(_child(taxes, "Traslados"), "Traslado"):
        if tax.get("TipoFactor") == "Exento":
            rows.append((f"{page['transferred']} {_tax_name(tax)} {page['exempt']}", ""))
            continue
        label = f"{page['transferred']} {_tax_name(tax)}{_rate_text(tax)}"
        rows.append((label, page.money(_attr(tax, "Importe", "importe"), currency)))
    for tax in _children(_child(taxes, "Retenciones"), "Retencion"):
        rows.append((f"{page['withheld']} {_tax_name(tax)}", page.money(_attr(tax, "Importe", "importe"), currency)))
    rows.extend(_local_taxes(page, root, currency))
    total_text = _attr(root, "Total", "total")
    rows.append((f"<b>{page['total']}</b>", f"<b>{page.money(total_text, currency)}</b>"))
    total = _decimal(total_text)
    # A Pago or a Traslado carries no amount of its own (Total 0, Moneda XXX): «CERO 00/100 XXX» says nothing.
    # Beyond what can be written in words (MAX_IN_WORDS) the line is left out.
    words = amount_in_words(total, currency) if total is not None and currency != "XXX" else ""
    left = f'<span class="l"><b>{page["in_words"]}:</b></span><br>{e(words)}' if words else ""
    return _sums_beside(left, rows)


def _local_taxes(page: _Page, root: Any, currency: str) -> list[tuple[str, str]]:
    """The sums' rows of the Impuestos Locales complement (implocal: a state's or a city's taxes, e.g. the
    hotel tax), under their own title after the federal taxes: the Total adds them too."""
    complement = _child(root, "Complemento")
    nodes = [c for c in (complement if complement is not None else []) if _local(c) == "ImpuestosLocales"]
    rows: list[tuple[str, str]] = []
    for node in nodes:
        items = [
            (page["local_transferred"], tax.get("ImpLocTrasladado"), tax.get("TasadeTraslado"), tax.get("Importe"))
            for tax in _children(node, "TrasladosLocales")
        ] + [
            (page["local_withheld"], tax.get("ImpLocRetenido"), tax.get("TasadeRetencion"), tax.get("Importe"))
            for tax in _children(node, "RetencionesLocales")
        ]
        if not items:
            continue
        rows.append((f"<i>{page['local_taxes']}</i>", ""))
        for label, name, rate, amount in items:
            number = _decimal(rate)
            if number is not None:
                exponent = number.as_tuple().exponent
                places = max(2, -exponent) if isinstance(exponent, int) else 2
                rate_text = f" {number:.{places}f}%"
            else:
                rate_text = f" {page.e(rate)}" if rate else ""
            name_text = f" {page.e(name)}" if name else ""
            rows.append((f"{label}{name_text}{rate_text}", page.money(amount, currency)))
    return rows


def _sums_beside(left: str, rows: list[tuple[str, str]]) -> str:
    """The page's last lines: ``left`` (HTML, may be empty) on the left, the ``rows`` of sums (label, value)
    right-aligned on the right."""
    out = [f'<table width="100%" cellspacing="0" cellpadding="1"><tr><td width="60%">{left}</td><td width="40%">']
    out.append('<table width="100%" cellspacing="0" cellpadding="1">')
    out.extend(f'<tr><td class="l">{label}</td><td class="n">{value}</td></tr>' for label, value in rows)
    out.append("</table></td></tr></table>")
    return "".join(out)


def _related(page: _Page, root: Any) -> str:
    groups = _children(root, "CfdiRelacionados")
    rows = []
    for group in groups:
        relation = page.coded("c_TipoRelacion", group.get("TipoRelacion"))
        for related in _children(group, "CfdiRelacionado"):
            rows.append(f"<tr><td>{relation}</td><td>{page.e((related.get('UUID') or '').upper())}</td></tr>")
    if not rows:
        return ""
    return (
        f"{_heading(page['related'])}<table cellspacing='0' cellpadding='1'>"
        f"<tr><th>{page['relation']}</th><th>UUID</th></tr>{''.join(rows)}</table>"
    )


def _payments(page: _Page, root: Any) -> str:
    complement = _child(root, "Complemento")
    pagos = next((c for c in (complement if complement is not None else []) if _local(c) == "Pagos"), None)
    if pagos is None:
        return ""
    e = page.e
    out = [_heading(page["payments"])]
    for pago in _children(pagos, "Pago"):
        currency = pago.get("MonedaP") or "MXN"
        out.append(
            page.pairs(
                [
                    (page["payment_date"], page.date(pago.get("FechaPago"))),
                    (page["payment_form"], page.coded("c_FormaPago", pago.get("FormaDePagoP"))),
                    (page["currency"], page.coded("c_Moneda", currency)),
                    (page["paid_amount"], page.money(pago.get("Monto"), currency)),
                ],
                columns=4,
            )
        )
        documents = _children(pago, "DoctoRelacionado")
        if documents:
            out.append('<table width="100%" cellspacing="0" cellpadding="1">')
            out.append(
                f"<tr><th>{page['document']}</th><th>{page['series_folio']}</th><th>{page['installment']}</th>"
                f"<th>{page['previous_balance']}</th><th>{page['paid']}</th><th>{page['outstanding']}</th></tr>"
            )
            for doc in documents:
                folio = "-".join(p for p in (doc.get("Serie"), doc.get("Folio")) if p)
                doc_currency = doc.get("MonedaDR") or currency
                out.append(
                    f"<tr><td>{e((doc.get('IdDocumento') or '').upper())}</td><td>{e(folio)}</td>"
                    f'<td class="n">{e(doc.get("NumParcialidad"))}</td>'
                    f'<td class="n">{page.money(doc.get("ImpSaldoAnt"), doc_currency)}</td>'
                    f'<td class="n">{page.money(doc.get("ImpPagado"), doc_currency)}</td>'
                    f'<td class="n">{page.money(doc.get("ImpSaldoInsoluto"), doc_currency)}</td></tr>'
                )
            out.append("</table>")
    return "".join(out)


def _payroll(page: _Page, root: Any) -> str:
    complement = _child(root, "Complemento")
    nominas = [c for c in (complement if complement is not None else []) if _local(c) == "Nomina"]
    out = []
    for nomina in nominas:
        employee = _child(nomina, "Receptor")
        start, end = nomina.get("FechaInicialPago"), nomina.get("FechaFinalPago")
        period = f"{page.date(start)} – {page.date(end)}" if start and end else ""
        out.append(_heading(page["payroll"]))
        out.append(
            page.pairs(
                [
                    (page["payroll_type"], page.coded("nomina_c_TipoNomina", nomina.get("TipoNomina"))),
                    (page["payment_date"], page.date(nomina.get("FechaPago"))),
                    (page["period"], period),
                    (page["days_paid"], page.quantity(nomina.get("NumDiasPagados"))),
                    (page["employee"], page.e(_attr(employee, "Curp"))),
                    (page["perceptions"], page.money(nomina.get("TotalPercepciones"))),
                    (page["deductions"], page.money(nomina.get("TotalDeducciones"))),
                    (page["other_payments"], page.money(nomina.get("TotalOtrosPagos"))),
                ],
                columns=2,
            )
        )
    return "".join(out)


def _stamp(page: _Page, root: Any, tfd: Any, sello: str, qr_url: str | None, site: str | None = None) -> str:
    """The QR, SAT's certificate, the seals and the chain; the verification address under them: ``site`` when the
    QR holds only SAT's expression (CFDI before 3.3), else the QR's own URL."""
    if tfd is None:
        return f'{_heading(page["seal"])}<p class="small">{page.wrap(sello)}</p>' if sello else ""
    e = page.e
    sat_seal = _attr(tfd, "SelloSAT", "selloSAT")
    out = ['<table width="100%" cellspacing="0" cellpadding="2"><tr>']
    if qr_url:
        # 2.75 cm at 96 dpi ≈ 104 px: SAT's minimum printed size
        out.append(f'<td width="110"><img src="{QR_RESOURCE}" width="110" height="110"></td>')
    out.append("<td>")
    out.append(
        page.pairs(
            [
                (page["sat_cert"], e(_attr(tfd, "NoCertificadoSAT", "noCertificadoSAT"))),
                (page["pac"], e(tfd.get("RfcProvCertif"))),
            ],
            columns=1,  # one a line: the certificate number is never cut (it does not wrap)
        )
    )
    out.append(f'<b>{page["seal"]}</b><br><span class="small">{page.wrap(sello)}</span><br>')
    out.append(f'<b>{page["sat_seal"]}</b><br><span class="small">{page.wrap(sat_seal)}</span><br>')
    out.append(f'<b>{page["chain"]}</b><br><span class="small">{page.wrap(certification_chain(tfd))}</span>')
    if qr_url:
        out.append(f'<br><span class="small">{e(page["verify"])} {page.wrap(site or qr_url)}</span>')
    out.append("</td></tr></table>")
    return "".join(out)


# -- a constancia de retenciones ------------------------------------------------------------------------------


def retenciones_period(root: Any) -> str:
    """A Retenciones document's ``Periodo`` as the page and the window's detail say it: ``"3–3 2026"`` (first and
    last month, fiscal year; "" without one)."""
    periodo = _child(root, "Periodo")
    months = "–".join(m for m in (_attr(periodo, "MesIni"), _attr(periodo, "MesFin")) if m)
    return " ".join(p for p in (months, _attr(periodo, "Ejercicio", "Ejerc")) if p)


@dataclass(frozen=True)
class WithheldTax:
    """One ``ImpRetenidos`` of a Retenciones document, as written; ``code`` is c_Impuesto's (1.0's "01" → "001")."""

    code: str
    base: str | None
    amount: str | None
    payment_type: str | None


def retenciones_taxes(root: Any) -> list[WithheldTax]:
    """Each tax a Retenciones document says was withheld (1.0 or 2.0), in its order."""
    taxes = []
    for tax in _children(_child(root, "Totales"), "ImpRetenidos"):
        code = _attr(tax, "ImpuestoRet", "Impuesto") or ""
        taxes.append(
            WithheldTax(
                code=RETENCIONES_TAX_CODES.get(code, code),
                base=_attr(tax, "BaseRet"),
                amount=_attr(tax, "MontoRet", "montoRet"),
                payment_type=_attr(tax, "TipoPagoRet"),
            )
        )
    return taxes


def _render_retenciones(root: Any, page: _Page, status: str | None, cancelled_at: str | None) -> PrintedInvoice:
    """The printed representation of a CFDI de retenciones e información de pagos (1.0 or 2.0): issuer and
    receiver (national or foreign), the withholding's key and period, each tax withheld, the totals and the
    stamp, with the QR of its own verification service (:func:`retenciones_qr_expression`)."""
    e = page.e
    version = _attr(root, "Version") or ""
    v1 = version.startswith("1.")
    issuer, receptor = _child(root, "Emisor"), _child(root, "Receptor")
    national, foreign = _child(receptor, "Nacional"), _child(receptor, "Extranjero")
    issuer_rfc = _attr(issuer, "RfcE", "RFCEmisor") or ""
    receiver_rfc = _attr(national, "RfcR", "RFCRecep")
    foreign_id = _attr(foreign, "NumRegIdTribR", "NumRegIdTrib")
    totales = _child(root, "Totales")
    total = _attr(totales, "MontoTotOperacion", "montoTotOperacion")
    tfd = _tfd(root)
    uuid = (tfd.get("UUID") if tfd is not None else "") or ""
    sello = _attr(root, "Sello") or ""
    qr_url = None
    receiver_id = receiver_rfc or foreign_id
    if tfd is not None and uuid and total is not None and _decimal(total) is not None and receiver_id:
        qr_url = retenciones_qr_expression(
            uuid.strip(),  # as written: SAT's own expressions keep a 1.0 stamp's lower case
            issuer_rfc,
            receiver_id,
            total,
            sello,
            foreign=receiver_rfc is None,
            version="1.0" if v1 else "2.0",
        )
    html: list[str] = [_STYLE, _cancelled_banner(page, status, cancelled_at)]
    html.append('<table width="100%" cellspacing="0" cellpadding="0"><tr><td width="55%">')
    html.append(f'<p class="name">{e(_attr(issuer, "NomDenRazSocE") or issuer_rfc)}</p>')
    html.append(
        page.pairs(
            [
                (page["rfc"], e(issuer_rfc)),
                (page["curp"], e(_attr(issuer, "CurpE", "CURPE"))),
                (page["regime"], page.coded("c_RegimenFiscal", _attr(issuer, "RegimenFiscalE"))),
                (page["place"], e(_attr(root, "LugarExpRetenc"))),
            ],
            columns=1,
        )
    )
    html.append('</td><td width="45%">')
    folio = (page["internal_folio"], _attr(root, "FolioInt") or "")
    html.append(_identity(page, page["retenciones_type"], folio, uuid, _attr(root, "FechaExp"), tfd, status))
    html.append('<table width="100%" cellspacing="0" cellpadding="0"><tr><td width="55%">')
    html.append(_heading(page["receiver"]))
    receiver_node = national if national is not None else foreign
    html.append(
        page.pairs(
            [
                (page["name"], e(_attr(receiver_node, "NomDenRazSocR"))),
                (page["rfc"], e(receiver_rfc)),
                (page["curp"], e(_attr(national, "CurpR", "CURPR"))),
                (page["zip"], e(_attr(national, "DomicilioFiscalR"))),
                (page["foreign_id"], e(foreign_id)),
            ],
            columns=1,
        )
    )
    html.append('</td><td width="45%">')
    html.append(_heading(page["retenciones_terms"]))
    html.append(
        page.pairs(
            [
                (page["retenciones_key"], page.coded("retenciones_c_CveRetenc", _attr(root, "CveRetenc"))),
                (page["retenciones_description"], e(_attr(root, "DescRetenc"))),
                (page["retenciones_period"], e(retenciones_period(root))),
                (page["issuer_cert"], e(_attr(root, "NoCertificado", "NumCert"))),
            ],
            columns=1,
        )
    )
    html.append("</td></tr></table>")
    rows = [
        f"<tr><td>{e(TAX_NAMES.get(tax.code) or catalog_label('c_Impuesto', tax.code))}</td>"
        f'<td class="n">{page.money(tax.base)}</td><td>{page.coded("retenciones_c_TipoPagoRet", tax.payment_type)}</td>'
        f'<td class="n">{page.money(tax.amount)}</td></tr>'
        for tax in retenciones_taxes(root)
    ]
    if rows:
        html.append(_heading(page["retenciones_taxes"]))
        html.append(
            '<table width="100%" cellspacing="0" cellpadding="1">'
            f"<tr><th>{page['tax']}</th><th>{page['base']}</th><th>{page['payment_type']}</th>"
            f"<th>{page['amount']}</th></tr>{''.join(rows)}</table>"
        )
    sums = [
        (page["taxable_total"], page.money(_attr(totales, "MontoTotGrav", "montoTotGrav"))),
        (page["exempt_total"], page.money(_attr(totales, "MontoTotExent", "montoTotExent"))),
        (page["withheld_total"], page.money(_attr(totales, "MontoTotRet", "montoTotRet"))),
        (f"<b>{page['operation_total']}</b>", f"<b>{page.money(total)}</b>" if total else ""),
    ]
    html.append(_sums_beside("", [(label, value) for label, value in sums if value]))
    html.append(_stamp(page, root, tfd, sello, qr_url))
    html.append(f'<p class="small">{e(page["retenciones_legend"].format(version=version))}</p>')
    html.append("</body></html>")
    return PrintedInvoice(uuid=uuid.upper(), html="".join(html), qr_png=_qr(qr_url) if qr_url else None, qr_url=qr_url)
