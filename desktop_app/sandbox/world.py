"""The deterministic synthetic "world" of invoices behind the SAT sandbox.

A :class:`World` is a pure function of ``(seed, index)``: nothing is generated up front, so a world of a million
invoices costs nothing to create and any invoice can be rebuilt in isolation.

* Issue dates are monotone in the index (invoice *i* sits in its slot of the ``[start, end]`` span, jittered inside
  the slot and warped towards office hours), so a date range maps to an index range by bisection.
* The UUID embeds the index (scrambled by a seed-keyed bijection) in its last group, so :meth:`World.by_uuid` is
  O(1).
* Payments (``P``) use "lanes": indices ``r, r+L, r+2L, r+3L`` (``L`` ≈ three weeks of invoices) may form a
  segment whose head is a PPD invoice and whose next slots are its successive installments, so a payment knows
  which invoice it pays and which installment it is without any search; credit notes (``E``) point at an earlier
  ordinary invoice and copy its parties.
* Cheap things (parties, type, dates, status) come from a first random stream; amounts from a second one; the
  XML's cosmetic details (seals) from a third. :meth:`World.header` needs the first two,
  :meth:`World.find` filters on the first before paying for the second.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from desktop_app.sandbox import world_xml
from desktop_app.sandbox.world_catalog import PRODUCTS
from desktop_app.sandbox.world_parties import (
    BANK,
    COMPANY_COUNTERPARTS,
    COUNTERPARTS,
    EMPLOYEES,
    EMPLOYERS,
    FRONTERA_ZIPS,
    PERSON_COUNTERPARTS,
    PUBLICO_EN_GENERAL,
    SUBJECT_SECTORS,
    SUBJECT_WEIGHTS,
    SUBJECTS,
    Employee,
    Taxpayer,
    employee,
    employee_count,
)

__all__ = [
    "METADATA_HEADER",
    "THIRD_PARTY_HEADER",
    "InvoiceHeader",
    "Taxpayer",
    "World",
]

METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~FechaCertificacionSat~Monto~"
    "EfectoComprobante~Estatus~FechaCancelacion"
)
THIRD_PARTY_HEADER = "Uuid~RfcACuentaTerceros~NombreACuentaTerceros"

CONSULTA_FOUND = "S - Comprobante obtenido satisfactoriamente."
CONSULTA_NOT_FOUND = "N - 602: Comprobante no encontrado."
CONSULTA_INVALID = "N - 601: La expresión impresa proporcionada no es válida."

_M64 = (1 << 64) - 1
_M48 = (1 << 48) - 1
_UUID_A = 0x5DEECE66D | 1
_UUID_B = 0xB5AD4ECEDA1B | 1
_UUID_A_INV = pow(_UUID_A, -1, 1 << 48)
_UUID_B_INV = pow(_UUID_B, -1, 1 << 48)
_UUID_RE = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")

PACS: tuple[str, ...] = (
    "SAT970701NN3", "DCD090706E42", "LSO1306189R5", "FLI081010EK2", "MAS0810247C0", "EME000602QR9",
    "INT020124V62", "SPR190613I52", "CVD110412TF6", "ASE0209252Q1",
)  # fmt: skip

# Share of office hours in a day: (hour where the band ends, cumulative share of the day's invoices).
_DAY_BANDS = ((7, 0.03), (9, 0.12), (14, 0.52), (19, 0.87), (24, 1.0))
_BAND_CUM = tuple(c for _, c in _DAY_BANDS)

_PAYMENT_SEGMENT_SHARE = 0.22  # of lane segments (4 slots) that are a PPD invoice + its installments
_CANCEL_SHARE = {"I": 0.06, "E": 0.05, "N": 0.02, "T": 0.04, "R": 0.03}
_CFDI40_FROM = datetime(2022, 1, 1)
_CFDI40_ONLY = datetime(2023, 4, 1)

_SUBJECT_CUM: tuple[float, ...] = tuple(sum(SUBJECT_WEIGHTS[: k + 1]) / sum(SUBJECT_WEIGHTS) for k in range(8))

_PRODUCTS_BY_SECTOR: dict[str, tuple[tuple, ...]] = {}
for _p in PRODUCTS:
    _PRODUCTS_BY_SECTOR.setdefault(_p[9], ())
    _PRODUCTS_BY_SECTOR[_p[9]] += (_p,)
_SECTORS = tuple(sorted(_PRODUCTS_BY_SECTOR))
_PERSONAL_DEDUCTION_REGIMES = frozenset({"605", "606", "607", "608", "611", "612", "614", "615", "625"})
_IEPS_RATES = {"S": 80_000, "B": 265_000, "V": 250_000}
_LODGING = frozenset({"90111501", "90111504"})
_GOODS_SECTORS = ("papeleria", "computo", "mobiliario", "alimentos", "limpieza", "construccion", "autopartes")


def _mix64(x: int) -> int:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def _div_round(num: int, den: int) -> int:
    """Round-half-up integer division for non-negative numerators (SAT rounds amounts half up)."""
    return (2 * num + den) // (2 * den)


def _mexico_tz():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("America/Mexico_City")
    except Exception:  # no tz database: Mexico City has been UTC-6 all year since 2022
        return timezone(timedelta(hours=-6))


_MEXICO = _mexico_tz()


def _now_mexico() -> datetime:
    return datetime.now(_MEXICO).replace(tzinfo=None)


def _naive(moment: datetime) -> datetime:
    """The world is naive Mexico City wall clock; aware datetimes are converted to it."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_MEXICO).replace(tzinfo=None)


@dataclass(frozen=True)
class InvoiceHeader:
    """What SAT's metadata knows about a document; cheap to compute (no XML)."""

    index: int
    uuid: str
    family: str
    version: str
    issuer_rfc: str
    issuer_name: str
    receiver_rfc: str
    receiver_name: str
    issue_date: datetime
    stamp_date: datetime
    doc_type: str
    total: Decimal
    cancelled_at: datetime | None
    pac_rfc: str
    third_party_rfc: str | None
    third_party_name: str | None
    complements: tuple[str, ...]

    def status_at(self, moment: datetime) -> str:
        """ "Vigente" or "Cancelado", as SAT would answer at ``moment`` (naive, Mexico City)."""
        if self.cancelled_at is not None and moment >= self.cancelled_at:
            return "Cancelado"
        return "Vigente"


# --- internal plan of one document --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    """Everything decided by the first random stream: who, what, when. Amounts come later (:class:`_Content`)."""

    index: int
    kind: str  # I E P N T R
    version: str
    issuer: Taxpayer
    receiver: Taxpayer
    issue: datetime
    stamp: datetime
    cancelled: datetime | None
    pac: str
    ppd: bool = False
    anchor: int = -1  # P: index of the PPD invoice paid; E: index of the related invoice
    installment: int = 0  # P: NumParcialidad
    installments: int = 0  # PPD anchor: how many payments it gets
    third: Taxpayer | None = None
    employee_no: int = -1
    complements: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class _Line:
    product: tuple
    quantity_milli: int
    unit_cents: int
    amount: int
    discount: int
    transfers: list  # (impuesto, factor, rate_micro | None, base, importe | None)
    withholdings: list  # (impuesto, rate_micro, base, importe)
    description: str
    third: Taxpayer | None = None


@dataclass(slots=True)
class _Content:
    lines: list
    subtotal: int
    discount: int
    transferred: int
    withheld: int
    total: int
    payment_form: str = "03"
    payment_method: str = "PUE"
    use: str = "G03"
    extra: dict = field(default_factory=dict)


# --- the world ------------------------------------------------------------------------------------------------------


class World:
    """A lazily generated, deterministic universe of CFDI and Retenciones documents.

    Args:
        seed: Everything derives from it; two worlds with the same arguments are identical.
        invoices: Number of documents, spread evenly over ``[start, end]``.
        start, end: First and last day (inclusive) of the issue dates.
    """

    def __init__(
        self,
        seed: int = 1,
        invoices: int = 50_000,
        *,
        start: date = date(2019, 1, 1),
        end: date = date(2032, 12, 31),
    ) -> None:
        if invoices < 0 or invoices >= 1 << 48:
            raise ValueError("invoices must be in [0, 2**48)")
        if end < start:
            raise ValueError("end must not be before start")
        self.seed = seed
        self.start = start
        self.end = end
        self._n = invoices
        self._t0 = datetime.combine(start, time())
        self._end_dt = datetime.combine(end, time(23, 59, 59))
        span = ((end - start).days + 1) * 86400
        self._slot = span / invoices if invoices else float(span)
        self._stride = max(1, round(21 * 86400 / self._slot))
        base = _mix64(seed & _M64)
        self._key = (seed & _M64) << 72
        self._k1, self._k2 = _mix64(base ^ 1) & _M48, _mix64(base ^ 2) & _M48
        self._k3, self._k4 = _mix64(base ^ 3), _mix64(base ^ 4)
        self._kdate, self._kseg = _mix64(base ^ 5), _mix64(base ^ 6)
        self.taxpayers: tuple[Taxpayer, ...] = SUBJECTS
        self.counterparts: tuple[Taxpayer, ...] = COUNTERPARTS
        self._header_cached = lru_cache(maxsize=8192)(self._build_header)
        self._plan_cached = lru_cache(maxsize=4096)(self._build_plan)
        self._content_cached = lru_cache(maxsize=1024)(self._build_content)

    def __len__(self) -> int:
        return self._n

    def __repr__(self) -> str:
        return f"World(seed={self.seed}, invoices={self._n}, start={self.start}, end={self.end})"

    # --- identity: dates and UUIDs ---------------------------------------------------------------------------------

    def _issue_seconds(self, i: int) -> int:
        """Seconds after ``start`` 00:00 of invoice ``i``: its slot, jittered, warped towards office hours."""
        x = (i + _mix64(self._kdate ^ i) / 18446744073709551616.0) * self._slot
        day, in_day = divmod(x, 86400.0)
        u = in_day / 86400.0
        k = bisect_right(_BAND_CUM, u)
        if k >= len(_DAY_BANDS):
            k = len(_DAY_BANDS) - 1
        h0, c0 = (0, 0.0) if k == 0 else _DAY_BANDS[k - 1]
        h1, c1 = _DAY_BANDS[k]
        hours = h0 + (u - c0) / (c1 - c0) * (h1 - h0)
        return int(day) * 86400 + min(int(hours * 3600), 86399)

    def issue_date(self, index: int) -> datetime:
        return self._t0 + timedelta(seconds=self._issue_seconds(index))

    def uuid(self, index: int) -> str:
        y = ((index ^ self._k1) * _UUID_A) & _M48
        y ^= y >> 24
        y = ((y * _UUID_B) & _M48) ^ self._k2
        h1, h2 = _mix64(self._k3 ^ index), _mix64(self._k4 ^ index)
        return (
            f"{h1 >> 32:08X}-{(h1 >> 16) & 0xFFFF:04X}-{0x4000 | (h1 & 0xFFF):04X}-"
            f"{0x8000 | (h2 & 0x3FFF):04X}-{y:012X}"
        )

    def _index_of_uuid(self, uuid: str) -> int | None:
        u = uuid.strip().upper()
        if not _UUID_RE.match(u):
            return None
        y = int(u[24:], 16) ^ self._k2
        y = (y * _UUID_B_INV) & _M48
        y ^= y >> 24
        index = ((y * _UUID_A_INV) & _M48) ^ self._k1
        if index >= self._n or self.uuid(index) != u:
            return None
        return index

    def _first_index_at_or_after(self, moment: datetime) -> int:
        """Smallest index whose issue date is >= moment (``len`` if none)."""
        target = (moment - self._t0).total_seconds()
        # The office-hours warp only moves times inside their day, so the answer lies among the slots of the
        # target's day: narrow to them arithmetically, then bisect.
        day = target // 86400
        lo = min(self._n, max(0, int(day * 86400 / self._slot) - 2))
        hi = min(self._n, max(0, int((day + 1) * 86400 / self._slot) + 2))
        while lo < hi:
            mid = (lo + hi) // 2
            if self._issue_seconds(mid) < target:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def index_range(self, start: datetime, end: datetime) -> range:
        """Indices of the documents issued in ``[start, end]`` (both inclusive)."""
        start, end = _naive(start), _naive(end)
        lo = self._first_index_at_or_after(start)
        hi = self._first_index_at_or_after(end + timedelta(microseconds=1)) if end >= start else lo
        return range(lo, max(lo, hi))

    # --- first stream: the plan -------------------------------------------------------------------------------------

    def _rng(self, index: int, stream: int) -> random.Random:
        return random.Random(self._key | (index << 8) | stream)  # noqa: S311 - synthetic data, not security

    def _segment(self, index: int) -> tuple[int, int, int]:
        """(anchor index, position in segment 0..3, installments) if ``index`` is in a payment segment."""
        L = self._stride
        q, r = divmod(index, L)
        seg, pos = divmod(q, 4)
        anchor = (seg * 4) * L + r
        h = _mix64(self._kseg ^ anchor)
        if (h & 0xFFFF) >= int(_PAYMENT_SEGMENT_SHARE * 65536):
            return -1, 0, 0
        installments = 1 + (h >> 16) % 3
        return anchor, pos, installments

    def _raw_kind(self, index: int) -> tuple[str, random.Random | None, int, int]:
        """Kind before resolving references: ("PPD"|"P"|"I"|"E"|"N"|"T"|"R", rng, anchor, installment info)."""
        anchor, pos, installments = self._segment(index)
        if anchor >= 0:
            if pos == 0:
                return "PPD", self._rng(index, 0), -1, installments
            if pos <= installments:
                return "P", None, anchor, pos
        rng = self._rng(index, 0)
        u = rng.random()
        kind = "I" if u < 0.70 else "E" if u < 0.79 else "N" if u < 0.93 else "T" if u < 0.965 else "R"
        return kind, rng, -1, 0

    def _version_for(self, issue: datetime, rng: random.Random) -> str:
        if issue < _CFDI40_FROM:
            return "3.3" if rng.random() < 0.9 else "4.0"
        if issue < _CFDI40_ONLY:
            return "3.3" if rng.random() < 0.4 else "4.0"
        return "4.0"

    def _pick_subject(self, rng: random.Random, exclude: str | None = None) -> Taxpayer:
        while True:
            s = SUBJECTS[min(bisect_right(_SUBJECT_CUM, rng.random()), len(SUBJECTS) - 1)]
            if s.rfc != exclude:
                return s

    def _pick_counterpart(self, rng: random.Random, subject: Taxpayer, pool: Sequence[Taxpayer] = COUNTERPARTS):
        if pool is COUNTERPARTS and rng.random() < 0.06:
            return self._pick_subject(rng, exclude=subject.rfc)
        return pool[int(len(pool) * rng.random() ** 1.6)]

    def _stamp_and_pac(self, issue: datetime, rng: random.Random) -> tuple[datetime, str]:
        u = rng.random()
        delay = 2 + int(u * 240) if u < 0.97 else 300 + int(rng.random() * 6 * 3600)
        return issue + timedelta(seconds=delay), PACS[int(len(PACS) * rng.random() ** 2)]

    def _cancel_for(self, kind: str, stamp: datetime, rng: random.Random) -> datetime | None:
        if rng.random() >= _CANCEL_SHARE.get(kind, 0.0):
            return None
        delay = timedelta(seconds=int(3600 + rng.random() ** 2 * 75 * 86400))
        cancelled = stamp + delay
        if cancelled > self._end_dt:
            cancelled = stamp + (self._end_dt - stamp) / 2 if self._end_dt > stamp else stamp
            cancelled = cancelled.replace(microsecond=0)
        return cancelled

    def _plan(self, index: int) -> _Plan:
        if not 0 <= index < self._n:
            raise IndexError(index)
        return self._plan_cached(index)

    def _build_plan(self, index: int) -> _Plan:
        kind, rng, ref, info = self._raw_kind(index)
        issue = self.issue_date(index)
        if kind == "P":
            return self._payment_plan(index, issue, ref, info)
        assert rng is not None
        if kind == "E":
            back = 1 + int(rng.random() * min(index, 3 * self._stride)) if index else 0
            related = index - back
            if back and self._raw_kind(related)[0] == "I":
                return self._credit_note_plan(index, issue, related, rng)
            kind = "I"
        subject = self._pick_subject(rng)
        if kind == "N":
            plan = self._payroll_plan(index, issue, subject, rng)
            if plan is not None:
                return plan
            kind = "I"
        if kind == "R":
            return self._retention_plan(index, issue, subject, rng)
        issued = rng.random() < 0.55
        other = self._pick_counterpart(rng, subject)
        issuer, receiver = (subject, other) if issued else (other, subject)
        if kind == "I" and issued and not receiver.is_person and rng.random() < 0.03:
            receiver = PUBLICO_EN_GENERAL
        version = self._version_for(issue, rng)
        stamp, pac = self._stamp_and_pac(issue, rng)
        plan = _Plan(index, "I" if kind == "PPD" else kind, version, issuer, receiver, issue, stamp, None, pac)
        if kind == "PPD":
            plan.ppd, plan.installments = True, info
        else:
            plan.cancelled = self._cancel_for(kind, stamp, rng)
        if plan.kind == "I" and version == "4.0" and receiver is not PUBLICO_EN_GENERAL and rng.random() < 0.05:
            third = COUNTERPARTS[int(rng.random() * len(COUNTERPARTS))]
            if third.rfc not in (issuer.rfc, receiver.rfc):
                plan.third = third
        return plan

    def _credit_note_plan(self, index: int, issue: datetime, related: int, rng: random.Random) -> _Plan:
        rel = self._plan(related)
        version = self._version_for(issue, rng)
        stamp, pac = self._stamp_and_pac(issue, rng)
        plan = _Plan(index, "E", version, rel.issuer, rel.receiver, issue, stamp, None, pac, anchor=related)
        plan.cancelled = self._cancel_for("E", stamp, rng)
        return plan

    def _payment_plan(self, index: int, issue: datetime, anchor: int, installment: int) -> _Plan:
        rng = self._rng(index, 0)
        inv = self._plan(anchor)
        version = "3.3" if inv.version == "3.3" and issue < _CFDI40_ONLY else "4.0"
        if issue >= _CFDI40_FROM and version == "3.3" and rng.random() < 0.5:
            version = "4.0"
        stamp, pac = self._stamp_and_pac(issue, rng)
        plan = _Plan(index, "P", version, inv.issuer, inv.receiver, issue, stamp, None, pac)
        plan.anchor, plan.installment, plan.installments = anchor, installment, inv.installments
        plan.complements = ("pagos20",) if version == "4.0" else ("pagos10",)
        return plan

    def _payroll_plan(self, index: int, issue: datetime, subject: Taxpayer, rng: random.Random) -> _Plan | None:
        if subject.rfc in EMPLOYERS:
            number = int(rng.random() * employee_count(subject.rfc))
            worker = employee(subject.rfc, number).taxpayer
            issuer, receiver = subject, worker
        elif subject.rfc in EMPLOYEES:
            issuer = COMPANY_COUNTERPARTS[(sum(map(ord, subject.rfc)) + self.seed) % len(COMPANY_COUNTERPARTS)]
            number = 10_000 + SUBJECTS.index(subject)
            receiver = subject
        else:
            return None
        version = self._version_for(issue, rng)
        stamp, pac = self._stamp_and_pac(issue, rng)
        plan = _Plan(index, "N", version, issuer, receiver, issue, stamp, None, pac, employee_no=number)
        plan.cancelled = self._cancel_for("N", stamp, rng)
        plan.complements = ("nomina12",)
        return plan

    def _retention_plan(self, index: int, issue: datetime, subject: Taxpayer, rng: random.Random) -> _Plan:
        # Persons receive their bank's constancia of interest; companies issue constancias to the persons they pay
        # (fees, rent) and, one document in three, receive their bank's (so a company's ``report retenciones`` has
        # something to show). That share is drawn from a hash, not the stream, so every other document is as before.
        if subject.is_person or _mix64(self._kseg ^ index ^ 0x16) % 3 == 0:
            issuer, receiver, key = BANK, subject, "16"
        else:
            receiver = self._pick_counterpart(rng, subject, PERSON_COUNTERPARTS)
            issuer = subject
            key = "05" if receiver.regimen == "606" else "01"
        stamp, pac = self._stamp_and_pac(issue, rng)
        plan = _Plan(index, "R", "2.0", issuer, receiver, issue, stamp, None, pac)
        plan.cancelled = self._cancel_for("R", stamp, rng)
        plan.extra["cve"] = key
        plan.complements = ("intereses",) if key == "16" else ()
        return plan

    # --- second stream: amounts ------------------------------------------------------------------------------------

    def _content(self, plan: _Plan) -> _Content:
        return self._content_cached(plan.index)

    def _build_content(self, index: int) -> _Content:
        plan = self._plan(index)
        rng = self._rng(index, 1)
        if plan.kind == "I":
            return self._invoice_content(plan, rng)
        if plan.kind == "E":
            return self._credit_note_content(plan, rng)
        if plan.kind == "N":
            return self._payroll_content(plan, rng)
        if plan.kind == "T":
            return self._transfer_content(plan, rng)
        if plan.kind == "P":
            return self._payment_content(plan, rng)
        return self._retention_content(plan, rng)

    def _sectors_of(self, issuer: Taxpayer) -> tuple[str, ...]:
        sectors = SUBJECT_SECTORS.get(issuer.rfc)
        if sectors:
            return sectors
        h = _mix64(sum(ord(c) * 131**k for k, c in enumerate(issuer.rfc)) & _M64)
        return tuple(_SECTORS[(h >> (8 * k)) % len(_SECTORS)] for k in range(3))

    @staticmethod
    def _quantity(style: str, rng: random.Random) -> int:
        """Quantity in thousandths."""
        if style == "n":
            return 1000 * (1 + int(rng.random() ** 2 * 60))
        if style == "s":
            return 1000 * (1 + int(rng.random() ** 2 * 5))
        if style == "h":
            return 1000 * (1 + int(rng.random() * 60))
        if style == "d":
            return 1000 * (1 + int(rng.random() * 6))
        if style == "k":
            return 250 + 5 * int(rng.random() ** 2 * 30000)
        if style == "l":
            return 20_000 + 10 * int(rng.random() * 40_000)
        if style == "t":
            return 500 + 10 * int(rng.random() * 3000)
        return 1000

    def _invoice_content(self, plan: _Plan, rng: random.Random) -> _Content:
        issuer, receiver = plan.issuer, plan.receiver
        sectors = self._sectors_of(issuer)
        u = rng.random()
        count = 1 if u < 0.42 else 2 if u < 0.67 else 3 if u < 0.82 else 4 if u < 0.91 else 5 + int(rng.random() * 4)
        frontera = issuer.zip_code in FRONTERA_ZIPS and rng.random() < 0.85
        withholds = issuer.is_person and not receiver.is_person and receiver is not PUBLICO_EN_GENERAL
        lines = []
        for k in range(count):
            pool = _PRODUCTS_BY_SECTOR[sectors[int(rng.random() * len(sectors))]]
            product = pool[int(rng.random() * len(pool))]
            qty = self._quantity(product[8], rng)
            lo, hi = product[4] * 100, product[5] * 100
            unit = int(lo * (hi / lo) ** rng.random())
            amount = _div_round(qty * unit, 1000)
            discount = 0
            if rng.random() < 0.12:
                discount = amount * (5 * (1 + int(rng.random() * 3))) // 100
            base = amount - discount
            transfers, withholdings = self._line_taxes(product, base, frontera, withholds, issuer, receiver)
            third = plan.third if k == 0 else None
            lines.append(_Line(product, qty, unit, amount, discount, transfers, withholdings, product[1], third))
        content = self._totals(lines)
        lodging = sum(ln.amount - ln.discount for ln in lines if ln.product[0] in _LODGING)
        if lodging:  # state lodging tax (ISH, 3 %) goes in the implocal complement and into the total
            ish = _div_round(lodging * 3, 100)
            content.extra["local"] = [("ISH", "3.00", ish)]
            content.total += ish
        if plan.ppd:
            content.payment_method, content.payment_form = "PPD", "99"
        else:
            content.payment_form = self._payment_form(content.total, rng)
        content.use = self._use_for(plan, receiver, rng, lines)
        return content

    @staticmethod
    def _payment_form(total: int, rng: random.Random) -> str:
        if total < 200_000 and rng.random() < 0.3:
            return "01"
        u = rng.random()
        return "03" if u < 0.7 else "04" if u < 0.82 else "28" if u < 0.9 else "02"

    @staticmethod
    def _use_for(plan: _Plan, receiver: Taxpayer, rng: random.Random, lines: Sequence[_Line] = ()) -> str:
        """A UsoCFDI that SAT accepts for the receiver's regime (CFDI 4.0 cross-checks them)."""
        if receiver is PUBLICO_EN_GENERAL:
            return "S01"
        deductions_ok = receiver.regimen in _PERSONAL_DEDUCTION_REGIMES
        if receiver.regimen == "605":  # wage earners only have personal deductions to claim
            if any(ln.product[9] == "educacion" for ln in lines):
                return "D10"
            return "D01" if any(ln.product[9] == "medicos" for ln in lines) else "S01"
        if plan.kind == "E":
            return "G02"
        if deductions_ok and rng.random() < 0.35:
            if any(ln.product[9] == "educacion" for ln in lines):
                return "D10"
            if any(ln.product[9] == "medicos" for ln in lines):
                return "D01"
        return "G03" if rng.random() < 0.7 else ("G01", "I04", "I08")[int(rng.random() * 3)]

    @staticmethod
    def _line_taxes(product, base, frontera, withholds, issuer, receiver) -> tuple[list, list]:
        profile, service = product[6], product[7]
        iva = 80_000 if frontera else 160_000
        transfers: list = []
        withholdings: list = []
        if profile == "Z":
            transfers.append(("002", "Tasa", 0, base, 0))
        elif profile == "X" or (profile == "R" and product[0] == "80131501"):
            transfers.append(("002", "Exento", None, base, None))
        elif profile in _IEPS_RATES:
            rate = _IEPS_RATES[profile]
            ieps = _div_round(base * rate, 1_000_000)
            transfers.append(("003", "Tasa", rate, base, ieps))
            transfers.append(("002", "Tasa", iva, base + ieps, _div_round((base + ieps) * iva, 1_000_000)))
        else:
            transfers.append(("002", "Tasa", iva, base, _div_round(base * iva, 1_000_000)))
        if profile == "F" and not receiver.is_person and receiver is not PUBLICO_EN_GENERAL:
            withholdings.append(("002", 40_000, base, _div_round(base * 40_000, 1_000_000)))
        elif withholds and (service or profile == "R") and transfers[-1][1] == "Tasa":
            isr = 12_500 if issuer.regimen == "626" else 100_000
            withholdings.append(("001", isr, base, _div_round(base * isr, 1_000_000)))
            if transfers[-1][2] == 160_000:
                withholdings.append(("002", 106_667, base, _div_round(base * 106_667, 1_000_000)))
        return transfers, withholdings

    @staticmethod
    def _totals(lines: list) -> _Content:
        subtotal = sum(ln.amount for ln in lines)
        discount = sum(ln.discount for ln in lines)
        transferred = sum(t[4] for ln in lines for t in ln.transfers if t[4] is not None)
        withheld = sum(w[3] for ln in lines for w in ln.withholdings)
        total = subtotal - discount + transferred - withheld
        return _Content(lines, subtotal, discount, transferred, withheld, total)

    def _credit_note_content(self, plan: _Plan, rng: random.Random) -> _Content:
        related = self._content(self._plan(plan.anchor))
        base_rel = related.subtotal - related.discount
        pct = 5 + int(rng.random() * 96)
        base = max(1, base_rel * pct // 100)
        first = related.lines[0].transfers[-1] if related.lines[0].transfers else ("002", "Exento", None, 0, None)
        if first[1] == "Exento":
            transfers = [("002", "Exento", None, base, None)]
        else:
            transfers = [("002", "Tasa", first[2], base, _div_round(base * first[2], 1_000_000))]
        reason = "Devolución de mercancía" if pct > 60 else "Descuento por pronto pago" if pct < 15 else "Bonificación"
        product = ("84111506", "Servicios de facturación", "ACT", "Actividad", 0, 0, "G", 1, "1", "nota")
        desc = f"{reason} sobre factura {world_xml.folio_of(plan.anchor)}"
        line = _Line(product, 1000, base, base, 0, transfers, [], desc)
        content = self._totals([line])
        content.payment_form = self._payment_form(content.total, rng) if rng.random() < 0.5 else "15"
        content.use = "S01" if plan.receiver.regimen in ("605", "616") else "G02"
        return content

    def _transfer_content(self, plan: _Plan, rng: random.Random) -> _Content:
        lines = []
        for _ in range(1 + int(rng.random() * 3)):
            pool = _PRODUCTS_BY_SECTOR[_GOODS_SECTORS[int(rng.random() * len(_GOODS_SECTORS))]]
            product = pool[int(rng.random() * len(pool))]
            lines.append(_Line(product, self._quantity(product[8], rng), 0, 0, 0, [], [], product[1]))
        content = self._totals(lines)
        content.use = "S01"
        return content

    def installment_amounts(self, anchor: int) -> list[tuple[int, int, int]]:
        """(ImpSaldoAnt, ImpPagado, ImpSaldoInsoluto) in cents for each installment of a PPD invoice."""
        plan = self._plan(anchor)
        total = self._content(plan).total
        rng = random.Random(_mix64(self._kseg ^ anchor ^ 0xA5A5))  # noqa: S311
        out, balance = [], total
        for m in range(1, plan.installments + 1):
            if m < plan.installments:
                paid = max(1, balance * (25 + int(rng.random() * 50)) // 100)
            elif rng.random() < 0.85:
                paid = balance
            else:
                paid = max(1, balance * (40 + int(rng.random() * 50)) // 100)
            out.append((balance, paid, balance - paid))
            balance -= paid
        return out

    def _payment_content(self, plan: _Plan, rng: random.Random) -> _Content:
        anchor = self._plan(plan.anchor)
        inv = self._content(anchor)
        before, paid, after = self.installment_amounts(plan.anchor)[plan.installment - 1]
        # Taxes of the paid share, per (impuesto, factor, rate) of the invoice.
        groups: dict = {}
        for ln in inv.lines:
            for imp, factor, rate, base, amount in ln.transfers:
                g = groups.setdefault(("T", imp, factor, rate), [0, 0])
                g[0] += base
                g[1] += amount or 0
            for imp, rate, base, amount in ln.withholdings:
                g = groups.setdefault(("R", imp, "Tasa", rate), [0, 0])
                g[0] += base
                g[1] += amount
        dr_taxes = []
        for (kind, imp, factor, rate), (base, amount) in groups.items():
            dr_base = _div_round(base * paid, inv.total)
            dr_amount = _div_round(amount * paid, inv.total) if factor == "Tasa" else None
            dr_taxes.append((kind, imp, factor, rate, dr_base, dr_amount))
        days_back = int(rng.random() * 5)
        paid_on = max(anchor.issue, plan.issue - timedelta(days=days_back)).replace(hour=12, minute=0, second=0)
        paid_on = min(paid_on, plan.issue)
        form = self._payment_form(paid, rng)
        content = _Content([], 0, 0, 0, 0, 0, payment_form=form, payment_method="", use="CP01")
        content.extra.update(
            anchor_uuid=self.uuid(plan.anchor),
            anchor_index=plan.anchor,
            anchor_version=anchor.version,
            before=before,
            paid=paid,
            after=after,
            paid_on=paid_on,
            dr_taxes=dr_taxes,
        )
        return content

    def _payroll_content(self, plan: _Plan, rng: random.Random) -> _Content:
        employer = plan.issuer
        worker = self._employee_of(plan)
        weekly = _mix64(sum(map(ord, employer.rfc))) % 3 == 0
        days = 7 if weekly else 15
        daily = worker.daily_salary_cents
        extraordinary = plan.issue.month == 12 and rng.random() < 0.3
        perceptions: list = []  # (tipo, clave, concepto, gravado, exento)
        if extraordinary:
            aguinaldo = daily * 15
            exempt = min(aguinaldo, 30 * 10_857)
            perceptions.append(("002", "002", "Aguinaldo", aguinaldo - exempt, exempt))
        else:
            salary = daily * days
            perceptions.append(("001", "001", "Sueldo", salary, 0))
            if rng.random() < 0.3:
                perceptions.append(("010", "010", "Premio por puntualidad", salary // 10, 0))
            if rng.random() < 0.4:
                perceptions.append(("029", "029", "Vales de despensa", 0, 50_000 + int(rng.random() * 100) * 1000))
        taxed = sum(p[3] for p in perceptions)
        exempt_total = sum(p[4] for p in perceptions)
        rate = 3 if daily < 30_000 else 8 if daily < 50_000 else 13 if daily < 90_000 else 18 if daily < 150_000 else 24
        deductions: list = []  # (tipo, clave, concepto, importe)
        if not extraordinary:
            deductions.append(("001", "052", "I.M.S.S.", _div_round(taxed * 2775, 100_000)))
        isr = _div_round(taxed * rate, 100)
        if isr:
            deductions.append(("002", "045", "I.S.R.", isr))
        if not extraordinary and rng.random() < 0.2:
            deductions.append(("010", "016", "Crédito INFONAVIT", _div_round(taxed * 7, 100)))
        subsidy = 0
        caused = 0
        if daily < 30_000 and not extraordinary:
            caused = _div_round(days * 1_300, 1)  # 13.00 MXN a day
            subsidy = max(0, caused - isr)
        other_payments = [] if extraordinary else [("002", "035", "Subsidio para el empleo", subsidy, caused)]
        t_perc = taxed + exempt_total
        t_ded = sum(d[3] for d in deductions)
        t_other = sum(o[3] for o in other_payments)
        total = t_perc + t_other - t_ded
        pay_day = plan.issue.date()
        content = _Content([], t_perc + t_other, t_ded, 0, 0, total, payment_form="99", use="CN01")
        content.extra.update(
            worker=worker,
            days=days,
            periodicity="02" if weekly else "04",
            kind="E" if extraordinary else "O",
            pay_day=pay_day,
            period_start=pay_day - timedelta(days=days - 1),
            perceptions=perceptions,
            deductions=deductions,
            other_payments=other_payments,
            taxed=taxed,
            exempt=exempt_total,
        )
        return content

    def _retention_content(self, plan: _Plan, rng: random.Random) -> _Content:
        key = plan.extra["cve"]
        if key == "16":
            operation = 50_000 + int(rng.random() ** 2 * 2_000_000) * 10
            retentions = [("001", operation, _div_round(operation * 97, 10_000), "04")]
        else:
            operation = 500_000 + int(rng.random() ** 2 * 6_000_000) * 10
            retentions = [
                ("001", operation, _div_round(operation, 10), "04"),
                ("002", operation, _div_round(operation * 106_667, 1_000_000), "01"),
            ]
        withheld = sum(r[2] for r in retentions)
        month = plan.issue.month - 1 or 12  # the certificate covers last month's payments...
        year = plan.issue.year if plan.issue.month > 1 else plan.issue.year - 1
        if year < 2019 or datetime(year, month, 1) < datetime(self.start.year, self.start.month, 1):
            month, year = plan.issue.month, plan.issue.year  # ...unless that is before the world began
        content = _Content([], operation, 0, 0, withheld, operation)
        content.extra.update(retentions=retentions, month=month, year=year)
        if key == "16":
            real = max(0, operation - int(operation * (0.3 + rng.random() * 0.5)))
            content.extra["interest_real"] = real
        return content

    # --- public API --------------------------------------------------------------------------------------------------

    def _build_header(self, index: int) -> InvoiceHeader:
        plan = self._plan(index)
        complements = plan.complements
        if plan.kind in ("P", "T"):
            total = 0
        else:
            content = self._content(plan)
            total = content.total
            if "local" in content.extra:
                complements = (*complements, "implocal")
        third = plan.third
        return InvoiceHeader(
            index=index,
            uuid=self.uuid(index),
            family="retenciones" if plan.kind == "R" else "cfdi",
            version=plan.version,
            issuer_rfc=plan.issuer.rfc,
            issuer_name=plan.issuer.name,
            receiver_rfc=plan.receiver.rfc,
            receiver_name=plan.receiver.name,
            issue_date=plan.issue,
            stamp_date=plan.stamp,
            doc_type=plan.kind,
            total=Decimal(total).scaleb(-2),
            cancelled_at=plan.cancelled,
            pac_rfc=plan.pac,
            third_party_rfc=third.rfc if third else None,
            third_party_name=third.name if third else None,
            complements=complements,
        )

    def header(self, index: int) -> InvoiceHeader:
        """The metadata-level view of document ``index`` (0 ≤ index < len)."""
        if not 0 <= index < self._n:
            raise IndexError(index)
        return self._header_cached(index)

    def headers_between(self, start: datetime, end: datetime) -> Iterator[InvoiceHeader]:
        """Documents whose issue date is in ``[start, end]``, in index (= date) order."""
        for i in self.index_range(start, end):
            yield self.header(i)

    def find(
        self,
        *,
        rfc: str,
        direction: str,
        start: datetime,
        end: datetime,
        family: str = "cfdi",
        doc_type: str | None = None,
        status: str = "Todos",
        at: datetime | None = None,
        counterparts: Sequence[str] = (),
        third_party: str | None = None,
        complement: str | None = None,
    ) -> Iterator[InvoiceHeader]:
        """What a Descarga Masiva request for ``rfc`` would return, in date order.

        ``direction`` is "issued" (``rfc`` is the issuer; ``counterparts`` filter the receivers, up to 5) or
        "received" (``rfc`` is the receiver; ``counterparts`` = the one issuer). ``status`` is "Todos",
        "Vigente" or "Cancelado", evaluated at ``at`` (default: now in Mexico City). Documents not yet stamped
        at ``at`` do not exist for SAT and are never returned, so the world "unfolds" as the clock moves.
        """
        rfc = rfc.strip().upper()
        d = direction.strip().lower()
        if d in ("issued", "emitidos", "emitido", "emisor"):
            issued = True
        elif d in ("received", "recibidos", "recibido", "receptor"):
            issued = False
        else:
            raise ValueError(f"direction must be 'issued' or 'received', not {direction!r}")
        others = {c.strip().upper() for c in counterparts if c and c.strip()}
        status_l = (status or "Todos").strip().capitalize()
        if status_l not in ("Todos", "Vigente", "Cancelado"):
            raise ValueError(f"unknown status {status!r}")
        moment = _naive(at) if at is not None else _now_mexico()
        want_r = family.strip().lower().startswith("ret")
        third = third_party.strip().upper() if third_party else None
        kind = doc_type.strip().upper() if doc_type else None
        comp = complement.strip().lower() if complement else None
        for i in self.index_range(start, end):
            plan = self._plan(i)
            if plan.stamp > moment:
                if plan.issue > moment:
                    break  # dates grow with the index: nothing later exists yet either
                continue  # issued but not stamped yet: SAT does not know it
            if (plan.kind == "R") != want_r:
                continue
            me, other = (plan.issuer, plan.receiver) if issued else (plan.receiver, plan.issuer)
            if me.rfc != rfc or (others and other.rfc not in others):
                continue
            if kind and plan.kind != kind:
                continue
            if third and (plan.third is None or plan.third.rfc != third):
                continue
            if comp and comp not in (self.header(i).complements if comp == "implocal" else plan.complements):
                continue
            if status_l != "Todos":
                cancelled = plan.cancelled is not None and moment >= plan.cancelled
                if cancelled != (status_l == "Cancelado"):
                    continue
            yield self.header(i)

    def count(self, **kwargs) -> int:
        """Number of documents :meth:`find` would yield with the same arguments."""
        return sum(1 for _ in self.find(**kwargs))

    def by_uuid(self, uuid: str) -> InvoiceHeader | None:
        """The document with this UUID (any case), or None. O(1): the index is encoded in the UUID."""
        index = self._index_of_uuid(uuid) if isinstance(uuid, str) else None
        return None if index is None else self.header(index)

    def xml(self, index_or_header: int | InvoiceHeader) -> bytes:
        """The full stamped document (UTF-8 bytes with XML declaration)."""
        index = index_or_header.index if isinstance(index_or_header, InvoiceHeader) else int(index_or_header)
        plan = self._plan(index)
        content = self._content(plan)
        return world_xml.render(self, plan, content, self._rng(index, 2))

    def metadata_line(self, header: InvoiceHeader, at: datetime | None = None) -> str:
        """The row of a metadata TXT for ``header`` (12 ``~``-separated fields, no line ending)."""
        moment = _naive(at) if at is not None else _now_mexico()
        cancelled = header.status_at(moment) == "Cancelado"
        fmt = "%Y-%m-%d %H:%M:%S"
        return "~".join(
            (
                header.uuid,
                header.issuer_rfc,
                _clean(header.issuer_name),
                header.receiver_rfc,
                _clean(header.receiver_name),
                header.pac_rfc,
                header.issue_date.strftime(fmt),
                header.stamp_date.strftime(fmt),
                f"{header.total:.2f}",
                header.doc_type,
                "0" if cancelled else "1",
                header.cancelled_at.strftime(fmt) if cancelled and header.cancelled_at else "",
            )
        )

    def third_party_line(self, header: InvoiceHeader) -> str | None:
        """The row of a ``_tercero.txt`` for ``header``, or None when it has no third party."""
        if not header.third_party_rfc:
            return None
        return f"{header.uuid}~{header.third_party_rfc}~{_clean(header.third_party_name or '')}"

    def consulta(
        self, uuid: str, issuer_rfc: str, receiver_rfc: str, total: str, at: datetime | None = None
    ) -> dict[str, str]:
        """The fields of ConsultaCFDIService's answer for a QR expression's data."""
        moment = _naive(at) if at is not None else _now_mexico()
        try:
            amount = Decimal(str(total).strip())
        except (InvalidOperation, ValueError):
            amount = None
        if amount is None or not isinstance(uuid, str) or not _UUID_RE.match(uuid.strip().upper()):
            return _consulta_answer(CONSULTA_INVALID, "No Encontrado")
        h = self.by_uuid(uuid)
        if (
            h is None
            or h.issuer_rfc != (issuer_rfc or "").strip().upper()
            or h.receiver_rfc != (receiver_rfc or "").strip().upper()
            or abs(h.total - amount) > Decimal("0.005")
            or moment < h.stamp_date
        ):
            return _consulta_answer(CONSULTA_NOT_FOUND, "No Encontrado")
        state = h.status_at(moment)
        cancellable = self._cancellability(h, moment)
        if state == "Cancelado":
            how = "Cancelado sin aceptación" if cancellable != "Cancelable con aceptación" else "Plazo vencido"
            if cancellable == "Cancelable con aceptación" and h.index % 3 == 0:
                how = "Cancelado con aceptación"
            return _consulta_answer(CONSULTA_FOUND, "Cancelado", cancellable, how, "200")
        return _consulta_answer(CONSULTA_FOUND, "Vigente", cancellable, "", "200")

    def _cancellability(self, h: InvoiceHeader, moment: datetime) -> str:
        plan = self._plan(h.index)
        if plan.ppd:
            first_payment = plan.index + self._stride
            if plan.installments and first_payment < self._n and self._plan(first_payment).stamp <= moment:
                return "No cancelable"
        if h.doc_type in ("E", "N", "T", "P", "R") or h.total <= 1000 or h.receiver_rfc == PUBLICO_EN_GENERAL.rfc:
            return "Cancelable sin aceptación"
        return "Cancelable con aceptación"

    @staticmethod
    def _employee_of(plan: _Plan) -> Employee:
        """The payroll receiver's employment record (numbers ≥ 10,000 are subjects employed elsewhere)."""
        if plan.employee_no >= 10_000:
            return employee(plan.issuer.rfc, plan.employee_no, plan.receiver)
        return employee(plan.issuer.rfc, plan.employee_no)


def _clean(name: str) -> str:
    """Metadata fields cannot hold the separator or line breaks."""
    return name.replace("~", " ").replace("\r", " ").replace("\n", " ")


def _consulta_answer(code: str, state: str, cancellable: str = "", status: str = "", efos: str = "") -> dict:
    return {
        "CodigoEstatus": code,
        "Estado": state,
        "EsCancelable": cancellable,
        "EstatusCancelacion": status,
        "ValidacionEFOS": efos,
    }
