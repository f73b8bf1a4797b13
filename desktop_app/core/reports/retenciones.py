"""``report retenciones``: the CFDI de Retenciones e información de pagos one RFC **received** (constancias of what
others withheld from it: interest, dividends, professional fees, rent…), by year and kind, for the annual return.

Rules (sources in ``docs/reports.md``, "report retenciones"):

* A document is read from its XML in the vault (Retenciones 1.0 and 2.0; the index keeps only its totals).
* **Which documents**: those whose ``Periodo`` — months ``MesIni``..``MesFin`` of ``Ejercicio`` (1.0 ``Ejerc``) —
  lies **wholly within** the months asked (``--period`` .. ``--to``); so ``--period 2025-01 --to 2025-12`` is the
  year 2025. One whose period is only partly inside is not counted and is named in ``notes``
  (``period_partly_outside``): its amounts cannot be split by month.
* **Grouped** by ``Ejercicio`` and ``CveRetenc`` (SAT's catalog ``c_CveRetenc``; ``DescRetenc`` for 25, "otro tipo
  de retenciones"): ``MontoTotOperacion``, ``MontoTotGrav``, ``MontoTotExent``, ``MontoTotRet`` and the
  ``ImpRetenidos`` by tax — ISR (001 / 1.0 "01"), IVA (002 / "02"), IEPS (003 / "03"). A document whose
  ``ImpRetenidos`` do not add up to its ``MontoTotRet`` is named (``withheld_breakdown_differs``).
* Cancelled documents are left out and named; documents known only from SAT's metadata (no XML: no period) are
  named. Amounts are MXN (Retenciones carry no currency), exact cents.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from desktop_app.core.cfdi.values import AMOUNT_LIMIT_MXN, parse_amount
from desktop_app.core.reports.common import Period, money
from desktop_app.core.reports.text import _amount, notes_lines
from desktop_app.core.reports.vaultread import Unreadable, children, read_root
from desktop_app.core.reports.xlsx import Column, Sheet, note_text
from desktop_app.core.store.db import Single
from desktop_app.core.store.taxes import IncomeReads
from desktop_app.core.vocabulary import catalog_name, language, month_text

RET_NS = ("http://www.sat.gob.mx/esquemas/retencionpago/2", "http://www.sat.gob.mx/esquemas/retencionpago/1")
TAXES = {"001": "isr", "002": "iva", "003": "ieps", "01": "isr", "02": "iva", "03": "ieps"}
AMOUNTS = ("operation", "taxed", "exempt", "withheld_total", "isr", "iva", "ieps")
NOTE_TEXT = {
    "cancelled": "cancelled withholding certificates of the period, left out",
    "status_unknown": "withholding certificates whose SAT status is not known (no SAT metadata or check yet): counted",
    "without_xml": "withholding certificates known only from SAT's metadata (no XML, no period): not counted",
    "xml_unreadable": "withholding certificates whose XML could not be read from the vault: not counted",
    "period_partly_outside": "documents whose Periodo is only partly within the months asked: not counted",
    "withheld_breakdown_differs": "documents whose ImpRetenidos do not add up to MontoTotRet: counted as written",
    "no_period": "withholding certificates without a Periodo (months and year) in their XML: not counted",
    "invalid_period": "withholding certificates whose Periodo is not a period (a month outside 1–12, MesIni after "
    "MesFin): not counted",
    "no_totals": "withholding certificates without Totales in their XML: not counted",
    "amount_not_summable": "withholding certificates with an amount that is not a number, is negative or is 10^13 "
    "pesos or more: not counted",
}
NOTE_TEXT_ES = {
    "cancelled": "CFDI de retenciones cancelados del periodo, fuera del cálculo",
    "status_unknown": "CFDI de retenciones cuyo estado en el SAT no se conoce (sin metadatos ni verificación del SAT): "
    "incluidos",
    "without_xml": "CFDI de retenciones conocidos sólo por los metadatos del SAT (sin XML ni periodo): no incluidos",
    "xml_unreadable": "CFDI de retenciones cuyo XML no pudo leerse de la bóveda: no incluidos",
    "period_partly_outside": "CFDI cuyo periodo queda sólo en parte dentro de los meses pedidos: no incluidos",
    "withheld_breakdown_differs": "CFDI cuyos ImpRetenidos no suman su MontoTotRet: incluidos como vienen",
    "no_period": "CFDI de retenciones sin Periodo (meses y ejercicio) en su XML: no incluidos",
    "invalid_period": "CFDI de retenciones cuyo Periodo no es un periodo (un mes fuera de 1 a 12, MesIni posterior a "
    "MesFin): no incluidos",
    "no_totals": "CFDI de retenciones sin Totales en su XML: no incluidos",
    "amount_not_summable": "CFDI de retenciones con un importe que no es un número, es negativo o es de 10^13 pesos "
    "o más: no incluidos",
}
_CENT = Decimal("0.01")


class NotSummable(Exception):
    """An amount the report cannot add: not a number in SAT's grammar (``1e3``, ``abc``), negative (SAT's
    ``t_Importe`` has no sign) or at or above :data:`~desktop_app.core.cfdi.values.AMOUNT_LIMIT_MXN` — the index's
    rule for every amount (it keeps such an amount out of its sums, and the report must agree with it)."""


def _cents(text: str | None) -> int:
    """Exact cents of an amount as written; 0 for a missing one. Raises :class:`NotSummable`."""
    if text is None or not text.strip():
        return 0
    amount = parse_amount(text)
    if amount is None or amount < 0 or amount >= AMOUNT_LIMIT_MXN:
        raise NotSummable(text)
    return int((amount / _CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _get(element: etree._Element, *names: str) -> str | None:
    for name in names:
        value = element.get(name)
        if value is not None:
            return value
    return None


def read_retention(root: etree._Element) -> dict[str, Any] | str:
    """What the report needs of one Retenciones document: ``key``, ``description``, ``year``, ``first_month``,
    ``last_month`` (ints) and the amounts in cents; else why it cannot be counted, a note code:
    ``xml_unreadable`` (not a Retenciones document), ``no_period``, ``invalid_period``, ``no_totals``,
    ``amount_not_summable``."""
    if etree.QName(root).namespace not in RET_NS or etree.QName(root).localname != "Retenciones":
        return "xml_unreadable"
    key = (root.get("CveRetenc") or "").strip()
    periods = children(root, "Periodo")
    if not periods:
        return "no_period"
    try:
        year = int(_get(periods[0], "Ejercicio", "Ejerc") or "")
        first = int(periods[0].get("MesIni") or "")
        last = int(periods[0].get("MesFin") or "")
    except ValueError:
        return "invalid_period"
    if not (1 <= first <= last <= 12 and 1 <= year <= 9999):
        return "invalid_period"
    description = catalog_name("retenciones_c_CveRetenc", key)
    if key == "25" or not description:
        description = (root.get("DescRetenc") or "").strip() or description
    totals_found = children(root, "Totales")
    if not totals_found:
        return "no_totals"
    sums = dict.fromkeys(AMOUNTS, 0)
    try:
        for totals in totals_found:
            sums["operation"] += _cents(_get(totals, "MontoTotOperacion", "montoTotOperacion"))
            sums["taxed"] += _cents(_get(totals, "MontoTotGrav", "montoTotGrav"))
            sums["exempt"] += _cents(_get(totals, "MontoTotExent", "montoTotExent"))
            sums["withheld_total"] += _cents(_get(totals, "MontoTotRet", "montoTotRet"))
            for tax in children(totals, "ImpRetenidos"):
                name = TAXES.get((_get(tax, "ImpuestoRet", "Impuesto") or "").strip())
                if name:
                    sums[name] += _cents(_get(tax, "MontoRet", "montoRet"))
    except NotSummable:
        return "amount_not_summable"
    return {
        "key": key,
        "description": description,
        "year": year,
        "first_month": first,
        "last_month": last,
        "sums": sums,
    }


def retenciones_report(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool = False
) -> dict[str, Any]:
    """``data`` of ``report retenciones``: ``selection`` (the rule), ``groups`` (per ``year`` and ``key``: the
    catalog ``description``, ``documents`` and the amounts of :data:`AMOUNTS` as 2-decimal MXN strings),
    ``totals``, ``documents`` (each one counted), ``notes``; with ``detail`` each group's ``uuids``."""
    reads = IncomeReads(Single(conn))
    notes: dict[str, dict[str, None]] = defaultdict(dict)
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    documents: list[dict[str, Any]] = []
    since = f"{period.first[:4]}-01-01"  # a Retenciones document is issued after its period starts
    for row in reads.received_retentions(rfc, since):
        uuid = row["uuid"]
        if not row["has_xml"]:
            if (row["issue_date"] or "") >= period.start:
                notes["without_xml"][uuid] = None
            continue
        try:
            root = read_root(home, row["path"], row["xml_sha256"])
        except Unreadable:
            notes["xml_unreadable"][uuid] = None
            continue
        doc = read_retention(root)
        if isinstance(doc, str):  # its period is unknown: named when it was issued within the months asked or after
            if (row["issue_date"] or period.start) >= period.start:
                notes[doc][uuid] = None
            continue
        first = f"{doc['year']:04d}-{doc['first_month']:02d}"
        last = f"{doc['year']:04d}-{doc['last_month']:02d}"
        if last < period.first or first > period.last:
            continue
        if row["status"] == "cancelado":
            notes["cancelled"][uuid] = None
            continue
        if first < period.first or last > period.last:
            notes["period_partly_outside"][uuid] = None
            continue
        if row["status"] == "unknown":
            notes["status_unknown"][uuid] = None
        sums = doc["sums"]
        if sums["isr"] + sums["iva"] + sums["ieps"] != sums["withheld_total"]:
            notes["withheld_breakdown_differs"][uuid] = None
        group = groups.setdefault(
            (doc["year"], doc["key"]),
            {
                "year": doc["year"],
                "key": doc["key"],
                "description": doc["description"],
                "documents": 0,
                "_sums": dict.fromkeys(AMOUNTS, 0),
                "uuids": [],
            },
        )
        group["documents"] += 1
        group["uuids"].append(uuid)
        for name, value in sums.items():
            group["_sums"][name] += value
        documents.append(
            {
                "uuid": uuid,
                "issue_date": row["issue_date"],
                "issuer_rfc": row["issuer_rfc"],
                "issuer_name": row["issuer_name"],
                "key": doc["key"],
                "description": doc["description"],
                "year": doc["year"],
                "months": f"{doc['first_month']:02d}-{doc['last_month']:02d}",
                "status": row["status"],
                **{name: money(value) for name, value in sums.items()},
            }
        )
    out_groups = []
    for _key, group in sorted(groups.items()):
        entry = {k: v for k, v in group.items() if not k.startswith("_") and k != "uuids"}
        entry.update({name: money(value) for name, value in group["_sums"].items()})
        if detail:
            entry["uuids"] = group["uuids"]
        out_groups.append(entry)
    totals = {name: money(sum(g["_sums"][name] for g in groups.values())) for name in AMOUNTS}
    return {
        "selection": "periodo_within",
        "groups": out_groups,
        "totals": {"documents": len(documents), **totals},
        "documents": documents,
        "notes": {
            code: {"count": len(found), "what": NOTE_TEXT[code], **({"uuids": list(found)} if detail else {})}
            for code, found in notes.items()
        },
    }


# -- workbook and text ---------------------------------------------------------------------------------------------

# Every word the workbook and the text show, by language (``xlsx.WORDS``' rule); the same keys in both. The kind of
# a withholding is SAT's catalog name (``c_CveRetenc``), in both: it has no official English.
WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "amount": {
            "operation": "Monto total de la operación",
            "taxed": "Monto gravado",
            "exempt": "Monto exento",
            "isr": "ISR retenido",
            "iva": "IVA retenido",
            "ieps": "IEPS retenido",
            "withheld_total": "Total retenido",
        },
        "summary_sheet": "Retenciones",
        "summary_columns": ["Ejercicio", "Clave", "Tipo de retención", "Documentos"],
        "total": "Total",
        "note": "RFC {rfc} (receptor), constancias cuyo periodo queda dentro de {first} a {last}; importes en MXN.",
        "documents_sheet": "Constancias",
        "documents_columns": [
            "UUID", "Fecha de emisión", "RFC del retenedor", "Retenedor", "Ejercicio", "Meses", "Clave",
            "Tipo de retención",
        ],
        "one_document": "{count} documento",
        "documents": "{count} documentos",
        "title": "CFDI de retenciones e información de pagos recibidos — RFC {rfc}",
        "period": "Constancias cuyo periodo queda dentro de {first} a {last}. Importes en MXN.",
        "total_line": "Total ({documents})",
        "notes": "Notas",
    },
    "en": {
        "amount": {
            "operation": "Total amount of the operation",
            "taxed": "Taxed amount",
            "exempt": "Exempt amount",
            "isr": "ISR withheld",
            "iva": "VAT (IVA) withheld",
            "ieps": "IEPS withheld",
            "withheld_total": "Total withheld",
        },
        "summary_sheet": "Withholdings",
        "summary_columns": ["Fiscal year", "Key", "Kind of withholding", "Documents"],
        "total": "Total",
        "note": "RFC {rfc} (recipient), withholding certificates whose period lies within {first} to {last}; amounts "
        "in MXN.",
        "documents_sheet": "Certificates",
        "documents_columns": [
            "UUID", "Issue date", "Withholder RFC", "Withholder", "Fiscal year", "Months", "Key",
            "Kind of withholding",
        ],
        "one_document": "{count} document",
        "documents": "{count} documents",
        "title": "Withholding CFDI received — RFC {rfc}",
        "period": "Withholding certificates whose period lies within {first} to {last}. Amounts in MXN.",
        "total_line": "Total ({documents})",
        "notes": "Notes",
    },
}  # fmt: skip
AMOUNT_TITLES: dict[str, str] = WORDS["es"]["amount"]  # the Spanish table under its earlier name
_ORDER = ("operation", "taxed", "exempt", "isr", "iva", "ieps", "withheld_total")


def _note(code: str, note: dict[str, Any], lang: str = "es") -> str:
    return note_text(code, note, lang, NOTE_TEXT_ES)


def retenciones_sheets(data: dict[str, Any], lang: str = "es") -> list[Sheet]:
    """*Retenciones* (one row per year and kind, the totals row) and *Constancias* (one row per document); in
    ``lang`` (:data:`WORDS`)."""
    lang = language(lang)
    words = WORDS[lang]
    amounts: list[Column] = [(words["amount"][k], "money", 18) for k in _ORDER]
    summary = Sheet(
        words["summary_sheet"],
        [
            *zip(words["summary_columns"], ("number", "text", "text", "number"), (10, 7, 44, 11), strict=True),
            *amounts,
        ],
    )
    by_group: dict[tuple[int, str], list[str]] = defaultdict(list)
    for doc in data["documents"]:
        by_group[doc["year"], doc["key"]].append(doc["uuid"])
    for g in data["groups"]:
        summary.add(
            [g["year"], g["key"], g["description"], g["documents"], *(g[k] for k in _ORDER)],
            uuids=by_group[g["year"], g["key"]],
        )
    totals = data["totals"]
    summary.add(
        [words["total"], "", "", totals["documents"], *(totals[k] for k in _ORDER)],
        bold=True,
        uuids=[d["uuid"] for d in data["documents"]],
    )
    period = data["period"]
    summary.notes.append(
        words["note"].format(
            rfc=data["rfc"], first=month_text(period["from"], lang), last=month_text(period["to"], lang)
        )
    )
    summary.notes += [f"{_note(code, note, lang)}." for code, note in data["notes"].items()]
    kinds = ("text", "date", "text", "text", "number", "text", "text", "text")
    docs = Sheet(
        words["documents_sheet"],
        [*zip(words["documents_columns"], kinds, (38, 12, 15, 36, 10, 8, 7, 40), strict=True), *amounts],
    )
    for d in data["documents"]:
        docs.add(
            [
                d["uuid"],
                d["issue_date"],
                d["issuer_rfc"],
                d["issuer_name"],
                d["year"],
                d["months"],
                d["key"],
                d["description"],
                *(d[k] for k in _ORDER),
            ],
            uuids=[d["uuid"]],
        )
    return [summary, docs]


def _documents(count: int, lang: str = "es") -> str:
    words = WORDS[lang]
    return str(words["one_document" if count == 1 else "documents"].format(count=count))


def retenciones_text(data: dict[str, Any], lang: str = "es") -> str:
    lang = language(lang)
    words = WORDS[lang]
    titles = words["amount"]
    period, totals = data["period"], data["totals"]
    out = [
        words["title"].format(rfc=data["rfc"]),
        words["period"].format(first=month_text(period["from"], lang), last=month_text(period["to"], lang)),
        "",
    ]
    for g in data["groups"]:
        out.append(f"{g['year']} — {g['key']} {g['description']} ({_documents(g['documents'], lang)})")
        for key in _ORDER:
            out.append(f"  {titles[key].ljust(36)}{_amount(g[key]).rjust(18)}")
        out += [f"    {uuid}" for uuid in g.get("uuids", [])]
    out.append(words["total_line"].format(documents=_documents(totals["documents"], lang)))
    for key in _ORDER:
        out.append(f"  {titles[key].ljust(36)}{_amount(totals[key]).rjust(18)}")
    out += notes_lines(words["notes"], data["notes"], lang, NOTE_TEXT_ES)
    return "\n".join(out) + "\n"


def build(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool, basis: str | None = None
) -> dict[str, Any]:
    """``kinds.REPORTS``' builder (``basis`` does not apply: ``core.reports.run`` refuses it)."""
    return retenciones_report(conn, home, rfc, period, detail=detail)
