"""Index records built from CFDI / Retenciones XML (DESIGN.md §3 names).

Conventions (the store and the GUI rely on them):

- ``uuid`` and every UUID in a record are upper-case, taken from the ``TimbreFiscalDigital``.
- Dates are **naive ISO text**: ``YYYY-MM-DDTHH:MM:SS`` for moments (time-zone offsets and fractions written by
  some issuers are dropped; SAT's times are Mexico central time without zone), ``YYYY-MM-DD`` for pure dates
  (payroll periods). ``None`` when absent or unreadable (a warning says so).
- Amounts are :class:`decimal.Decimal` exactly as written (``Decimal("2010.01")``), never float; ``None`` when the
  document does not carry the value. Tax sums default to ``Decimal("0")`` (nothing withheld = zero).
- ``type``: ``I``/``E``/``P``/``N``/``T`` for CFDI (CFDI 3.0/3.2's ``ingreso``/``egreso``/``traslado`` are mapped to
  ``I``/``E``/``T``), ``R`` for Retenciones; ``family`` tells ``cfdi`` from ``retenciones``.
- ``status`` is ``unknown`` for a record built from XML alone (only metadata or ConsultaCFDI know it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any

FAMILY_CFDI = "cfdi"
FAMILY_RETENCIONES = "retenciones"
TYPE_RETENCIONES = "R"
# A Retenciones document's tax withheld → c_Impuesto's code: 1.0 wrote "01"–"03", 2.0 writes "001"–"003".
RETENCIONES_TAX_CODES = {"01": "001", "02": "002", "03": "003", "001": "001", "002": "002", "003": "003"}


@dataclass(frozen=True, slots=True)
class RateAmount:
    """IVA transferred at one rate: the taxable base (``None`` if the document does not say) and the tax."""

    base: Decimal | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TaxLine:
    """One tax of a document (or of one paid document of a Pagos 2.0 complement), added up per kind, tax, factor
    and rate, in the document's currency, exactly as written (the reports' source: ``core.reports``)."""

    kind: str  # "T" transferred (Traslado) / "R" withheld (Retencion)
    tax: str  # SAT c_Impuesto: 001 ISR, 002 IVA, 003 IEPS (CFDI 3.2's names mapped); anything else as written
    factor: str  # TipoFactor: Tasa / Cuota / Exento; "" when the node does not say (cfdi:Impuestos retentions)
    rate: str  # TasaOCuota quantised to 6 decimals ("0.160000"); "" for Exento or when not stated
    base: Decimal | None  # None when the document does not state it (3.2, 3.3 summaries, 4.0 summary retentions)
    amount: Decimal  # 0 for Exento


@dataclass(frozen=True, slots=True)
class PaidDocument:
    """One ``DoctoRelacionado`` of a Pagos 1.0/2.0 complement, with the data of the ``Pago`` that holds it.

    A ``Pago`` without any ``DoctoRelacionado`` gives one row with ``uuid=None``.
    """

    payment_date: str | None  # FechaPago
    payment_form: str | None  # FormaDePagoP
    payment_currency: str | None  # MonedaP
    payment_exchange_rate: Decimal | None  # TipoCambioP
    payment_amount: Decimal | None  # Monto
    uuid: str | None  # IdDocumento, upper-case
    series: str | None
    folio: str | None
    currency: str | None  # MonedaDR
    equivalence: Decimal | None  # EquivalenciaDR (2.0) / TipoCambioDR (1.0)
    installment: int | None  # NumParcialidad
    previous_balance: Decimal | None  # ImpSaldoAnt
    amount_paid: Decimal | None  # ImpPagado
    outstanding_balance: Decimal | None  # ImpSaldoInsoluto
    tax_object: str | None = None  # ObjetoImpDR (2.0)
    # Pagos 2.0 ImpuestosDR (TrasladosDR/RetencionesDR), in the paid document's currency; None when the node is
    # absent (Pagos 1.0 never has it)
    taxes: tuple[TaxLine, ...] | None = None


@dataclass(frozen=True, slots=True)
class Payroll:
    """Summary of one Nómina 1.1/1.2 complement (a CFDI may carry two)."""

    version: str | None
    payroll_type: str | None  # TipoNomina (1.2)
    payment_date: str | None  # FechaPago
    period_start: str | None  # FechaInicialPago
    period_end: str | None  # FechaFinalPago
    days_paid: Decimal | None  # NumDiasPagados
    total_perceptions: Decimal | None
    total_deductions: Decimal | None
    total_other_payments: Decimal | None
    isr_withheld: Decimal  # sum of Deduccion TipoDeduccion 002
    employee_rfc: str | None
    employee_curp: str | None


@dataclass(frozen=True, slots=True)
class Invoice:
    """One stamped CFDI or Retenciones document as the invoice index sees it.

    The first block holds the DESIGN.md §3 record names; the rest is detail used by the browser, the printed
    representation and the SAT status check. ``path`` is filled by the vault (``dataclasses.replace``).
    Mappings and tuples are built once by the parser and must be treated as read-only.
    """

    uuid: str
    direction: str | None  # "issued" / "received" / None (owner_rfc not given or not a party)
    version: str | None
    type: str | None  # I/E/P/N/T, "R" for Retenciones
    series: str | None
    folio: str | None
    issue_date: str | None
    stamp_date: str | None
    issuer_rfc: str | None
    issuer_name: str | None
    receiver_rfc: str | None
    receiver_name: str | None
    currency: str | None
    exchange_rate: Decimal | None
    subtotal: Decimal | None
    discount: Decimal | None
    total: Decimal | None
    payment_method: str | None
    payment_form: str | None
    cfdi_use: str | None
    iva_transferred: Decimal
    ieps_transferred: Decimal
    iva_withheld: Decimal
    isr_withheld: Decimal  # cfdi:Impuestos ISR withholding; 0 on a payroll receipt (DESIGN.md §3)
    local_taxes: Decimal  # implocal TotaldeTraslados (transferred local taxes)
    payroll_isr_withheld: Decimal = Decimal("0")  # ISR withheld from salaries (Nómina deductions 002)
    status: str = "unknown"
    cancelled_at: str | None = None
    related_uuids: tuple[tuple[str | None, str], ...] = ()  # (TipoRelacion, UUID)
    path: str | None = None
    # --- detail
    family: str = FAMILY_CFDI
    local_taxes_withheld: Decimal = Decimal("0")  # implocal TotaldeRetenciones
    iva_by_rate: dict[str, RateAmount] = field(default_factory=dict)
    taxes: tuple[TaxLine, ...] = ()  # every tax by kind, tax, factor and rate (cfdi:Impuestos, else the concepts)
    payments: tuple[PaidDocument, ...] = ()
    payroll: tuple[Payroll, ...] = ()
    third_parties: tuple[str, ...] = ()  # RFCs of ACuentaTerceros / terceros:PorCuentadeTerceros
    complements: tuple[tuple[str, str], ...] = ()  # (local name, namespace) of Complemento children
    tfd_version: str | None = None
    pac_rfc: str | None = None
    seal_tail: str | None = None  # last 8 characters of the document's Sello (QR expression ``fe=``)
    receiver_foreign_tax_id: str | None = None  # NumRegIdTrib(R) of a foreign receiver
    retention_code: str | None = None  # Retenciones CveRetenc
    total_withheld: Decimal | None = None  # Retenciones Totales/@MontoTotRet (may lack an ImpRetenidos breakdown)
    warnings: tuple[str, ...] = ()  # repairs and oddities noticed while parsing
    # Not well-formed XML (``malformed_xml: …`` / ``truncated_xml: …``): only the identifying values above were
    # read, from libxml2's recovered tree; taxes are zero and the index keeps it out of lists and totals.
    damaged: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts as decimal strings, tuples as lists, nested records as dicts."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value
