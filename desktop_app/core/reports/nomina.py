"""``report nomina``: the payroll receipts (CFDI tipo N with the Nómina complement) one RFC **issued** as employer,
per month and per employee, with the employer's totals.

Rules (sources in ``docs/reports.md``, "report nomina"):

* A receipt belongs to the month of its Nómina ``FechaPago`` ("fecha en que se realizó el pago de la nómina",
  Nómina 1.2 guide), not of its issue date: the employer withholds ISR when it pays salaries (LISR art. 96) and
  pays that withholding by the 17th of the next month (art. 96, CFF art. 6); RMF rule 2.7.5.1 lets the receipt be
  issued before or after the payment. Receipts are looked for among those issued from the month before the
  period to the month after it; one issued further away from its FechaPago is not seen (and a receipt without a
  FechaPago falls back to its issue date, named in ``notes``).
* Per receipt, from its XML in the vault (the index keeps only totals): **percepciones** ``TotalGravado`` /
  ``TotalExento`` (Nómina 1.2 ``Percepciones``; their ``Percepcion`` sums when the totals are absent), **otros
  pagos** (``OtroPago Importe``; the **subsidio para el empleo**, TipoOtroPago 002, also apart, with its
  ``SubsidioCausado``), **deducciones** (``Deduccion Importe``; the **ISR retenido por salarios**, TipoDeduccion
  002, apart), **neto** = percepciones + otros pagos − deducciones. Nómina 1.1: its ``Deduccion`` ImporteGravado +
  ImporteExento; its ``Percepcion`` 017 (subsidio para el empleo) is counted as the subsidy, not a percepción.
  A CFDI carrying two complements adds both.
* An employee is its RFC (``cfdi:Receptor``), CURP and NumEmpleado; the name is the receptor's.
* Cancelled receipts are left out and named; receipts known only from SAT's metadata (no XML) are named.
  Amounts are MXN (a payroll receipt's currency), exact cents.
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from desktop_app.core.months import next_month, previous_month
from desktop_app.core.reports.common import Period, money, period_days
from desktop_app.core.reports.text import _amount, notes_lines
from desktop_app.core.reports.vaultread import Unreadable, children, local, months_of, parse_bytes, read_bytes
from desktop_app.core.reports.xlsx import Column, Sheet, note_text
from desktop_app.core.store.db import Single
from desktop_app.core.store.taxes import IncomeReads
from desktop_app.core.vocabulary import language, month_text

NOMINA_NS = ("http://www.sat.gob.mx/nomina12", "http://www.sat.gob.mx/nomina")
AMOUNTS = (
    "perceptions_taxed",
    "perceptions_exempt",
    "other_payments",
    "employment_subsidy",
    "subsidy_caused",
    "deductions",
    "isr_withheld",
    "net",
)
NOTE_TEXT = {
    "cancelled": "cancelled payroll receipts, left out",
    "status_unknown": "payroll receipts whose SAT status is not known (no SAT metadata or check yet): counted",
    "without_xml": "payroll receipts known only from SAT's metadata (no XML): not counted",
    "xml_unreadable": "payroll receipts whose XML could not be read from the vault: not counted",
    "no_payroll_complement": "tipo N receipts without a Nómina complement: not counted",
    "payment_date_from_issue": "receipts without a FechaPago: placed by their issue date",
}
NOTE_TEXT_ES = {
    "cancelled": "recibos de nómina cancelados, fuera del cálculo",
    "status_unknown": "recibos de nómina cuyo estado en el SAT no se conoce (sin metadatos ni verificación del SAT): "
    "incluidos",
    "without_xml": "recibos de nómina conocidos sólo por los metadatos del SAT (sin XML): no incluidos",
    "xml_unreadable": "recibos de nómina cuyo XML no pudo leerse de la bóveda: no incluidos",
    "no_payroll_complement": "comprobantes tipo N sin complemento de nómina: no incluidos",
    "payment_date_from_issue": "recibos sin FechaPago: ubicados por su fecha de emisión",
}
_CENT = Decimal("0.01")


@lru_cache(maxsize=8192)
def _cents(text: str | None) -> int:
    """An amount as exact cents, half-up; 0 when absent or not a number. Plain ``123.45`` (what SAT's t_Importe
    nearly always is) without Decimal, and memoized (a pure function of the text: salaries repeat; a month of a
    big payroll reads ~40,000 amounts)."""
    if not text:
        return 0
    text = text.strip()
    whole, dot, part = text.partition(".")
    if text.isascii() and whole.isdigit() and (not dot or (part.isdigit() and len(part) <= 2)):
        return int(whole) * 100 + int((part + "00")[:2])
    try:
        return int((Decimal(text) / _CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return 0


# The Nómina complement's element, by namespace: True for Nómina 1.1.
_NOMINA_TAGS = {f"{{{NOMINA_NS[0]}}}Nomina": False, f"{{{NOMINA_NS[1]}}}Nomina": True}


def receipt_amounts(root: etree._Element) -> tuple[dict[str, int], dict[str, str | None]] | None:
    """The figures (cents) and the employee (``curp``, ``number``, ``payment_date``) of one payroll CFDI's Nómina
    complements; None when it has none. Each complement's children are walked once (a big payroll is thousands
    of receipts a month)."""
    sums = dict.fromkeys(AMOUNTS, 0)
    who: dict[str, str | None] = {"curp": None, "number": None, "payment_date": None}
    found = False
    for complement in root.iterchildren("{*}Complemento"):
        for nomina in complement:
            v11 = _NOMINA_TAGS.get(nomina.tag) if isinstance(nomina.tag, str) else None
            if v11 is None:
                continue
            found = True
            who["payment_date"] = who["payment_date"] or (nomina.get("FechaPago") or "").strip()[:10] or None
            if v11:
                who["curp"] = who["curp"] or nomina.get("CURP")
                who["number"] = who["number"] or nomina.get("NumEmpleado")
            for group in nomina:
                name = local(group)
                if name == "Receptor":
                    who["curp"] = who["curp"] or group.get("Curp")
                    who["number"] = who["number"] or group.get("NumEmpleado")
                elif name == "Percepciones":
                    _perceptions(group, sums, v11)
                elif name == "Deducciones":
                    _deductions(group, sums, v11)
                elif name == "OtrosPagos":
                    _other_payments(group, sums)
    if not found:
        return None
    sums["net"] = sums["perceptions_taxed"] + sums["perceptions_exempt"] + sums["other_payments"] - sums["deductions"]
    return sums, who


def _deductions(group: etree._Element, sums: dict[str, int], v11: bool) -> None:
    for ded in group:
        if local(ded) != "Deduccion":
            continue
        get = ded.get
        amount = _cents(get("ImporteGravado")) + _cents(get("ImporteExento")) if v11 else _cents(get("Importe"))
        sums["deductions"] += amount
        if (get("TipoDeduccion") or "").strip() == "002":
            sums["isr_withheld"] += amount


def _other_payments(group: etree._Element, sums: dict[str, int]) -> None:
    for other in group:
        if local(other) != "OtroPago":
            continue
        amount = _cents(other.get("Importe"))
        sums["other_payments"] += amount
        if (other.get("TipoOtroPago") or "").strip() == "002":
            sums["employment_subsidy"] += amount
            for subsidy in children(other, "SubsidioAlEmpleo"):
                sums["subsidy_caused"] += _cents(subsidy.get("SubsidioCausado"))


def _perceptions(group: etree._Element, sums: dict[str, int], v11: bool) -> None:
    """One ``Percepciones`` node: its totals when it has both, else its items; Nómina 1.1's percepción 017 (the
    subsidio para el empleo) goes to the subsidy, not to the percepciones."""
    items = [p for p in group if local(p) == "Percepcion"]
    subsidy = [p for p in items if v11 and (p.get("TipoPercepcion") or "").strip() == "017"]
    for p in subsidy:  # Nómina 1.1 paid the subsidio para el empleo as percepción 017
        amount = _cents(p.get("ImporteGravado")) + _cents(p.get("ImporteExento"))
        sums["other_payments"] += amount
        sums["employment_subsidy"] += amount
    if group.get("TotalGravado") is not None and group.get("TotalExento") is not None:
        sums["perceptions_taxed"] += _cents(group.get("TotalGravado"))
        sums["perceptions_exempt"] += _cents(group.get("TotalExento"))
        for p in subsidy:
            sums["perceptions_taxed"] -= _cents(p.get("ImporteGravado"))
            sums["perceptions_exempt"] -= _cents(p.get("ImporteExento"))
    else:
        for p in items:
            if p in subsidy:
                continue
            sums["perceptions_taxed"] += _cents(p.get("ImporteGravado"))
            sums["perceptions_exempt"] += _cents(p.get("ImporteExento"))


Figures = tuple[dict[str, int], dict[str, str | None], str | None, str | None]


def read_receipt(folder: str, stored: str | None, sha256: str | None) -> Figures | None:
    """The figures, the employee and the comprobante's Receptor Rfc and Nombre of one payroll receipt in the vault
    (``folder``: the data home, absolute), its file read and parsed once; None without a Nómina complement;
    :class:`Unreadable` when it cannot be read or is not the file the index read (``sha256``).

    lxml's parse and one walk of the complement cost ~35 µs a receipt here; a byte-level reading of the complement
    (no tree) was tried and took ~75 µs in Python: the parser stays."""
    root = parse_bytes(read_bytes(folder, stored, sha256))
    read = receipt_amounts(root)
    if read is None:
        return None
    receptor = children(root, "Receptor")
    if not receptor:
        return read[0], read[1], None, None
    return read[0], read[1], receptor[0].get("Rfc"), receptor[0].get("Nombre")


def nomina_report(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool = False
) -> dict[str, Any]:
    """``data`` of ``report nomina``: ``date_basis`` (payment_date), ``totals`` (the employer's: ``receipts``,
    ``employees`` and every amount of :data:`AMOUNTS` as 2-decimal MXN strings, plus ``perceptions``),
    ``by_month`` (the same per month of FechaPago), ``employees`` (one entry per employee, by RFC), ``notes`` and,
    with ``detail``, each figure's UUIDs (``employees[].uuids`` and ``detail.receipts``)."""
    reads = IncomeReads(Single(conn))
    window_start = f"{previous_month(period.first)}-01"
    window_end = f"{next_month(next_month(period.last))}-01"
    notes: dict[str, dict[str, None]] = defaultdict(dict)
    months = {month: dict.fromkeys(AMOUNTS, 0) for month in months_of(period)}
    month_receipts: dict[str, int] = dict.fromkeys(months, 0)
    month_employees: dict[str, set[str]] = {month: set() for month in months}
    employees: dict[str, dict[str, Any]] = {}
    receipts: list[dict[str, Any]] = []
    start, end = period.start, period.end
    folder = os.path.abspath(home)
    for row in reads.payroll_receipts(rfc, window_start, window_end, start, end):
        uuid = row["uuid"]
        summary = (row["paid_on"] or "")[:10] or None
        issued = (row["issue_date"] or "")[:10]
        paid_on = summary or issued
        if not row["has_xml"]:
            if start <= issued < end:
                notes["without_xml"][uuid] = None
            continue
        if not start <= paid_on < end:
            continue
        if row["status"] == "cancelado":
            notes["cancelled"][uuid] = None
            continue
        try:
            read = read_receipt(folder, row["path"], row["xml_sha256"])
        except Unreadable:
            notes["xml_unreadable"][uuid] = None
            continue
        if read is None:
            notes["no_payroll_complement"][uuid] = None
            continue
        sums, who, receptor_rfc, receptor_name = read
        if not who["payment_date"]:
            notes["payment_date_from_issue"][uuid] = None
        if row["status"] == "unknown":
            notes["status_unknown"][uuid] = None
        month = paid_on[:7]
        employee_rfc = receptor_rfc or row["receiver_rfc"] or ""
        name = receptor_name or row["receiver_name"]
        key = f"{employee_rfc}|{who['curp'] or ''}|{who['number'] or ''}"
        employee = employees.setdefault(
            key,
            {
                "rfc": employee_rfc,
                "curp": who["curp"],
                "name": name,
                "number": who["number"],
                "receipts": 0,
                "_sums": dict.fromkeys(AMOUNTS, 0),
                "uuids": [],
            },
        )
        employee["receipts"] += 1
        employee["uuids"].append(uuid)
        for name_, value in sums.items():
            employee["_sums"][name_] += value
            months[month][name_] += value
        month_receipts[month] += 1
        month_employees[month].add(key)
        if detail:
            receipts.append(
                {
                    "uuid": uuid,
                    "payment_date": paid_on,
                    "issue_date": row["issue_date"],
                    "employee_rfc": employee_rfc,
                    "curp": who["curp"],
                    "number": who["number"],
                    **{k: money(v) for k, v in sums.items()},
                }
            )
    total = {name: sum(m[name] for m in months.values()) for name in AMOUNTS}
    out: dict[str, Any] = {
        "date_basis": "payment_date",
        "totals": {
            "receipts": sum(month_receipts.values()),
            "employees": len(employees),
            **_figures(total),
        },
        "by_month": {
            month: {"receipts": month_receipts[month], "employees": len(month_employees[month]), **_figures(sums)}
            for month, sums in months.items()
        },
        "employees": [],
        "notes": {
            code: {"count": len(found), "what": NOTE_TEXT[code], **({"uuids": list(found)} if detail else {})}
            for code, found in notes.items()
        },
    }
    for employee in sorted(employees.values(), key=lambda e: (e["name"] or "", e["rfc"], e["number"] or "")):
        entry = {k: v for k, v in employee.items() if not k.startswith("_") and k != "uuids"}
        entry.update(_figures(employee["_sums"]))
        if detail:
            entry["uuids"] = employee["uuids"]
        out["employees"].append(entry)
    if detail:
        out["detail"] = {"receipts": receipts}
    return out


def _figures(sums: dict[str, int]) -> dict[str, str]:
    return {
        **{name: money(sums[name]) for name in AMOUNTS},
        "perceptions": money(sums["perceptions_taxed"] + sums["perceptions_exempt"]),
        "other_deductions": money(sums["deductions"] - sums["isr_withheld"]),
    }


# -- workbook and text ---------------------------------------------------------------------------------------------

# Every word the workbook and the text show, by language (``xlsx.WORDS``' rule); the same keys in both.
WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "amount": {
            "perceptions_taxed": "Percepciones gravadas",
            "perceptions_exempt": "Percepciones exentas",
            "perceptions": "Total de percepciones",
            "other_payments": "Otros pagos",
            "employment_subsidy": "Subsidio para el empleo entregado",
            "subsidy_caused": "Subsidio para el empleo causado",
            "deductions": "Total de deducciones",
            "isr_withheld": "ISR retenido por salarios",
            "other_deductions": "Otras deducciones",
            "net": "Neto pagado",
        },
        "people_sheet": "Nómina por empleado",
        "people_columns": ["RFC", "CURP", "Nombre", "Núm. empleado", "Recibos"],
        "employer_total": "Total del patrón — empleados: {employees}",
        "note": "RFC {rfc} (patrón), periodo {start} a {end} por FechaPago del complemento de nómina; importes en MXN.",
        "months_sheet": "Nómina por mes",
        "months_columns": ["Mes", "Recibos", "Empleados"],
        "total": "Total",
        "title": "Reporte de nómina (recibos emitidos) — RFC {rfc}",
        "period": "Periodo: {start} a {end} por FechaPago. Importes en MXN.",
        "employer": "Total del patrón — recibos: {receipts}; empleados: {employees}",
        "month": "{month} — recibos: {receipts}; empleados: {employees}",
        "by_employee": "Por empleado",
        "employee": "rec. percepciones {perceptions} subsidio {subsidy} ISR {isr} neto {net}",
        "notes": "Notas",
    },
    "en": {
        "amount": {
            "perceptions_taxed": "Taxed earnings",
            "perceptions_exempt": "Exempt earnings",
            "perceptions": "Total earnings",
            "other_payments": "Other payments",
            "employment_subsidy": "Employment subsidy paid",
            "subsidy_caused": "Employment subsidy accrued",
            "deductions": "Total deductions",
            "isr_withheld": "ISR withheld on wages",
            "other_deductions": "Other deductions",
            "net": "Net paid",
        },
        "people_sheet": "Payroll by employee",
        "people_columns": ["RFC", "CURP", "Name", "Employee no.", "Receipts"],
        "employer_total": "Employer total — employees: {employees}",
        "note": "RFC {rfc} (employer), period {start} to {end} by the payroll complement's FechaPago; amounts in MXN.",
        "months_sheet": "Payroll by month",
        "months_columns": ["Month", "Receipts", "Employees"],
        "total": "Total",
        "title": "Payroll report (receipts issued) — RFC {rfc}",
        "period": "Period: {start} to {end} by FechaPago. Amounts in MXN.",
        "employer": "Employer total — receipts: {receipts}; employees: {employees}",
        "month": "{month} — receipts: {receipts}; employees: {employees}",
        "by_employee": "By employee",
        "employee": "rec. earnings {perceptions} subsidy {subsidy} ISR {isr} net {net}",
        "notes": "Notes",
    },
}
AMOUNT_TITLES: dict[str, str] = WORDS["es"]["amount"]  # the Spanish table under its earlier name
_ORDER = (
    "perceptions_taxed",
    "perceptions_exempt",
    "perceptions",
    "other_payments",
    "employment_subsidy",
    "subsidy_caused",
    "isr_withheld",
    "other_deductions",
    "deductions",
    "net",
)


def _note(code: str, note: dict[str, Any], lang: str = "es") -> str:
    return note_text(code, note, lang, NOTE_TEXT_ES)


def nomina_sheets(data: dict[str, Any], lang: str = "es") -> list[Sheet]:
    """*Nómina por empleado* (one row per employee and the employer's totals row) and *Nómina por mes*; in
    ``lang`` (:data:`WORDS`)."""
    lang = language(lang)
    words = WORDS[lang]
    amounts = [(words["amount"][k], "money", 16) for k in _ORDER]
    columns: list[Column] = [
        *zip(words["people_columns"], ("text", "text", "text", "text", "number"), (15, 20, 36, 12, 9), strict=True),
        *amounts,
    ]
    people = Sheet(words["people_sheet"], columns)
    for e in data["employees"]:
        people.add(
            [e["rfc"], e["curp"], e["name"], e["number"], e["receipts"], *(e[k] for k in _ORDER)],
            uuids=e.get("uuids", ()),
        )
    totals = data["totals"]
    every = [u for e in data["employees"] for u in e.get("uuids", ())]
    people.add(
        [
            words["employer_total"].format(employees=totals["employees"]),
            "",
            "",
            "",
            totals["receipts"],
            *(totals[k] for k in _ORDER),
        ],
        bold=True,
        uuids=every,
    )
    period = data["period"]
    people.notes.append(words["note"].format(rfc=data["rfc"], **period_days(period, lang)))
    people.notes += [f"{_note(code, note, lang)}." for code, note in data["notes"].items()]
    by_month = Sheet(
        words["months_sheet"],
        [*zip(words["months_columns"], ("text", "number", "number"), (10, 9, 10), strict=True), *amounts],
    )
    receipts = data.get("detail", {}).get("receipts", [])
    for month, m in data["by_month"].items():
        uuids = [r["uuid"] for r in receipts if r["payment_date"][:7] == month]
        by_month.add([month, m["receipts"], m["employees"], *(m[k] for k in _ORDER)], uuids=uuids)
    by_month.add(
        [words["total"], totals["receipts"], totals["employees"], *(totals[k] for k in _ORDER)], bold=True, uuids=every
    )
    return [people, by_month]


def nomina_text(data: dict[str, Any], lang: str = "es") -> str:
    lang = language(lang)
    words = WORDS[lang]
    titles = words["amount"]
    totals, period = data["totals"], data["period"]
    out = [
        words["title"].format(rfc=data["rfc"]),
        words["period"].format(**period_days(period, lang)),
        "",
        words["employer"].format(receipts=totals["receipts"], employees=totals["employees"]),
    ]
    for key in _ORDER:
        out.append(f"  {titles[key].ljust(40)}{_amount(totals[key]).rjust(18)}")
    for month, m in data["by_month"].items():
        out += [
            "",
            words["month"].format(month=month_text(month, lang), receipts=m["receipts"], employees=m["employees"]),
        ]
        for key in _ORDER:
            out.append(f"  {titles[key].ljust(40)}{_amount(m[key]).rjust(18)}")
    out += ["", words["by_employee"]]
    for e in data["employees"]:
        figures = words["employee"].format(
            perceptions=_amount(e["perceptions"]),
            subsidy=_amount(e["employment_subsidy"]),
            isr=_amount(e["isr_withheld"]),
            net=_amount(e["net"]),
        )
        out.append(
            f"  {e['rfc']:13} {e['curp'] or '':18} {e['number'] or '':>6} {(e['name'] or '')[:30]:30} "
            f"{e['receipts']:>3} {figures}"
        )
        out += [f"      {uuid}" for uuid in e.get("uuids", [])]
    out += notes_lines(words["notes"], data["notes"], lang, NOTE_TEXT_ES)
    return "\n".join(out) + "\n"


def build(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool, basis: str | None = None
) -> dict[str, Any]:
    """``kinds.REPORTS``' builder (``basis`` does not apply: ``core.reports.run`` refuses it)."""
    return nomina_report(conn, home, rfc, period, detail=detail)
