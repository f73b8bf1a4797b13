"""``report diot``: the DIOT (declaración informativa de operaciones con terceros, LIVA art. 32 fr. V and VIII) of
one RFC over whole months, and its 2025 *carga batch* file (54 pipe-separated fields per supplier).

The amounts are those of ``report iva``'s cash basis, regrouped by supplier: this module does not count anything
again. ``iva_report(..., detail=True)`` lists every IVA row it counted for received CFDI (PUE invoices on their
issue date, PPD invoices through their complementos de pago — Pagos 2.0 ``ImpuestosDR``, Pagos 1.0 by the paid
proportion — credit notes subtracting, cancelled documents out, foreign currency converted); each row is given to
the supplier that issued it (the invoice's issuer, or the complemento de pago's). On top of that:

* **Tipo de tercero** (field 1): ``05`` for the generic foreign RFC ``XEXX010101000``, ``15`` for the generic
  RFC ``XAXX010101000`` (the global supplier, operation ``87``), ``04`` otherwise.
* **Tipo de operación** (field 2): a national supplier whose paid CFDI carry an ISR retención is ``03``
  (prestación de servicios profesionales) or, when its CFDI say RegimenFiscal 606, ``06`` (uso o goce temporal
  de bienes); any other national supplier ``85`` (otros); a foreign one ``07`` (importación de bienes o servicios).
* **8 %** (the border stimulus) goes to the región fronteriza **sur** fields when the supplier's
  ``LugarExpedicion`` is in Campeche, Chiapas, Quintana Roo or Tabasco, to the **norte** fields otherwise (named in
  ``notes.border_region_assumed`` when that postal code is not in a northern border state).
* A supplier **definitivo** on the loaded 69-B list: its IVA is *no acreditable* ("no cumple con requisitos") and
  field 54 says ``02`` (CFF art. 69-B: its CFDI have no fiscal effect).
* The batch file rounds every amount once, to whole pesos (CFF art. 20: 1–50 centavos down, 51–99 up).

Rules and sources: ``docs/reports.md`` §DIOT; the layout field by field: ``docs/diot-2025.md``.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.reports.common import Period, money, period_days
from desktop_app.core.reports.efos69b import Listed69B
from desktop_app.core.reports.iva import iva_report
from desktop_app.core.reports.xlsx import NOTE_TEXT_ES, Column, Sheet, sentence
from desktop_app.core.store.db import Single
from desktop_app.core.store.taxes import DiotReads
from desktop_app.core.vocabulary import language

FOREIGN_RFC = "XEXX010101000"
GLOBAL_RFC = "XAXX010101000"
FIELDS = 54
RATES = ("16", "8", "0", "exento")
# Per rate of a supplier: what was paid (base, IVA), what credit notes gave back, and the IVA split.
AMOUNTS = ("paid_base", "returns_base", "paid_iva", "returns_iva", "creditable_iva", "not_creditable_iva")
# First two digits of a Mexican postal code (SEPOMEX) → the border states of the IVA stimulus decrees: Baja
# California, Sonora, Chihuahua, Coahuila, Nuevo León, Tamaulipas (north); Campeche, Chiapas, Quintana Roo, Tabasco.
_NORTH_STATES = frozenset((21, 22, 83, 84, 85, 31, 32, 33, 25, 26, 27, 64, 65, 66, 67, 87, 88, 89))
_SOUTH_STATES = frozenset((24, 29, 30, 77, 86))
_LUGAR = re.compile(rb"\bLugarExpedicion\s*=\s*[\"'](\d{5})[\"']")
_REGIMEN = re.compile(rb"<(?:[\w.-]+:)?Emisor\b[^>]*?\bRegimenFiscal\s*=\s*[\"'](\d{3})[\"']")
_REGIME_LEASING = "606"
_READS = 3  # CFDI of one supplier read at most for its LugarExpedicion and RegimenFiscal

NOTE_TEXT = {
    "list_69b_definitivo": "suppliers definitivo on the 69-B list: their IVA is declared not creditable, field 54 = 02",
    "list_69b_presunto": "suppliers presunto on the 69-B list: counted as any other, check them",
    "list_69b_not_loaded": "no 69-B list loaded: suppliers listed as definitive cannot be told apart",
    "border_region_assumed": "8 % suppliers whose LugarExpedicion is not in a border state (or unreadable): "
    "declared in the región fronteriza norte",
    "foreign_supplier_incomplete": "foreign suppliers (XEXX010101000): the CFDI does not give their tax id nor "
    "country (fields 4 and 6): complete them before uploading",
    "returns_exceed_paid": "suppliers whose credit notes exceed what was paid to them in the period: the negative "
    "amounts are left empty in the batch file (the layout takes no negatives)",
    "other_rate": "IVA at a rate the DIOT has no field for: in the JSON, not in the batch file",
    "several_months": "the DIOT is monthly: this period covers several months, added up",
    "supplier_unknown": "IVA rows whose issuer the index does not know: not counted",
}
NOTE_TEXT_ES_DIOT = {
    "list_69b_definitivo": "proveedores en situación definitiva en la lista del 69-B: su IVA se declara no "
    "acreditable y el campo 54 dice 02",
    "list_69b_presunto": "proveedores presuntos en la lista del 69-B: incluidos como cualquier otro, revíselos",
    "list_69b_not_loaded": "no hay lista del 69-B cargada: no se distinguen los proveedores definitivos",
    "border_region_assumed": "proveedores al 8 % cuyo LugarExpedicion no está en un estado fronterizo (o no se "
    "pudo leer): declarados en la región fronteriza norte",
    "foreign_supplier_incomplete": "proveedores extranjeros (XEXX010101000): el CFDI no da su número de "
    "identificación fiscal ni su país (campos 4 y 6); complételos antes de la carga",
    "returns_exceed_paid": "proveedores cuyas notas de crédito superan lo pagado en el periodo: los importes "
    "negativos quedan vacíos en el archivo de carga (el layout no admite negativos)",
    "other_rate": "IVA a una tasa sin campo en la DIOT: en el JSON, no en el archivo de carga",
    "several_months": "la DIOT es mensual: este periodo abarca varios meses, sumados",
    "supplier_unknown": "renglones de IVA cuyo emisor no conoce el índice: no incluidos",
}
# The iva report's notes that concern the documents of a supplier (cash basis).
_IVA_NOTES = (
    "cancelled", "status_unknown", "without_xml", "taxes_unread", "not_summed", "base_not_stated",
    "cancelled_payments", "paid_invoice_cancelled", "payment_of_non_ppd", "paid_invoice_not_indexed",
    "payment_unresolved", "payment_receipts_unread", "credit_note_on_balance",
)  # fmt: skip


def pesos(cents: int) -> int:
    """Whole pesos as CFF art. 20 adjusts amounts to pay: 1 to 50 centavos down, 51 to 99 up (``150`` → 1,
    ``151`` → 2); negatives mirror positives."""
    if cents < 0:
        return -pesos(-cents)
    return (cents + 49) // 100


def cents_of(text: str) -> int:
    """A 2-decimal money string back to cents (``"-12.30"`` → ``-1230``)."""
    negative = text.startswith("-")
    whole, _, part = text.lstrip("-").partition(".")
    value = int(whole) * 100 + int((part + "00")[:2])
    return -value if negative else value


def region_of(postal_code: str | None) -> str | None:
    """``norte`` / ``sur`` for a postal code in a border state of the IVA stimulus, else None."""
    if not postal_code or len(postal_code) != 5 or not postal_code.isdigit():
        return None
    prefix = int(postal_code[:2])
    if prefix in _NORTH_STATES:
        return "norte"
    if prefix in _SOUTH_STATES:
        return "sur"
    return None


class _Supplier:
    def __init__(self, rfc: str, name: str) -> None:
        self.rfc = rfc
        self.name = name
        self.by_rate: dict[str, dict[str, int]] = {}
        self.withheld = 0
        self.uuids: dict[str, None] = {}
        self.documents: dict[str, tuple[str | None, bool]] = {}  # uuid → (vault path, has an ISR retención)

    def rate(self, key: str) -> dict[str, int]:
        return self.by_rate.setdefault(key, dict.fromkeys(AMOUNTS, 0))


class _Notes:
    def __init__(self, detail: bool) -> None:
        self.detail = detail
        self.uuids: dict[str, dict[str, None]] = {}
        self.rfcs: dict[str, dict[str, None]] = {}

    def add(self, code: str, uuid: str) -> None:
        self.uuids.setdefault(code, {})[uuid] = None

    def supplier(self, code: str, rfc: str) -> None:
        self.rfcs.setdefault(code, {})[rfc] = None

    def flag(self, code: str) -> None:
        """A note about the whole report (no document or supplier to name)."""
        self.rfcs.setdefault(code, {})

    def to_json(self, iva_notes: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, uuids in self.uuids.items():
            entry: dict[str, Any] = {"count": len(uuids), "what": iva_notes.get(code, {}).get("what", code)}
            if code in NOTE_TEXT:
                entry["what"] = NOTE_TEXT[code]
            if self.detail:
                entry["uuids"] = list(uuids)
            out[code] = entry
        for code, rfcs in self.rfcs.items():
            out[code] = {"count": len(rfcs), "what": NOTE_TEXT[code]}
            if rfcs:
                out[code]["rfcs"] = list(rfcs)
        return out


def diot_report(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool = False
) -> dict[str, Any]:
    """``data`` of ``report diot``: ``suppliers`` (one per supplier RFC: ``rfc``, ``name``, ``tipo_tercero``,
    ``tipo_operacion``, ``region``, ``list_69b``, ``tax_effects`` (field 54), ``by_rate`` — per rate ``16``, ``8``,
    ``0``, ``exento`` the bases paid and returned and the IVA paid, returned, creditable and not creditable —,
    ``iva_withheld`` and, with ``detail``, ``uuids``), ``totals``, ``notes`` and ``list_69b`` (the loaded list's
    date, its definitivo and presunto suppliers); MXN as 2-decimal strings."""
    # Only the received side: the DIOT is about suppliers (half the rows of an ``iva`` report, and its time).
    cash = iva_report(conn, rfc, period, detail=True, bases=("cash",), directions=("received",))["cash"]
    items = cash["detail"]
    transferred = [item for figure in ("creditable", "not_creditable_69b") for item in items.get(figure, [])]
    withheld = items.get("withheld_from_suppliers", [])
    iva_notes = cash["notes"]
    wanted: set[str] = set()
    for item in (*transferred, *withheld):
        wanted.add(item["uuid"])
        if item.get("payment_uuid"):
            wanted.add(item["payment_uuid"])
    for note in iva_notes.values():
        wanted.update(note.get("uuids", []))
    documents = {row["uuid"]: row for row in DiotReads(Single(conn)).documents(rfc, wanted)}
    notes = _Notes(detail)
    suppliers: dict[str, _Supplier] = {}

    def supplier_of(item: dict[str, Any]) -> _Supplier | None:
        issuer_doc = documents.get(item.get("payment_uuid") or item["uuid"])
        if issuer_doc is None or not issuer_doc["issuer_rfc"]:
            notes.add("supplier_unknown", item["uuid"])
            return None
        key = issuer_doc["issuer_rfc"].upper()
        supplier = suppliers.get(key)
        if supplier is None:
            supplier = suppliers[key] = _Supplier(key, issuer_doc["issuer_name"] or "")
        for uuid in (item["uuid"], item.get("payment_uuid")):
            if uuid:
                supplier.uuids[uuid] = None
        # The CFDI that tell the supplier's place and regime: the invoice (when indexed), else the receipt.
        source = documents.get(item["uuid"]) or issuer_doc
        if source["has_xml"]:
            supplier.documents[source["uuid"]] = (source["path"], bool(source["isr_withheld"]))
        return supplier

    for item in transferred:
        supplier = supplier_of(item)
        if supplier is None:
            continue
        sums = supplier.rate(item["rate"])
        base, amount = cents_of(item["base"]), cents_of(item["amount"])
        if item.get("type") == "E":  # a credit note: its (negative) rows are devoluciones, descuentos, bonificaciones
            sums["returns_base"] -= base
            sums["returns_iva"] -= amount
        else:
            sums["paid_base"] += base
            sums["paid_iva"] += amount
    for item in withheld:
        supplier = supplier_of(item)
        if supplier is not None:
            supplier.withheld += cents_of(item["amount"])

    listed = Listed69B.load(conn, rfc)
    if not listed.loaded:
        notes.flag("list_69b_not_loaded")
    if period.first != period.last:
        notes.flag("several_months")
    for code in _IVA_NOTES:
        for uuid in iva_notes.get(code, {}).get("uuids", []):
            row = documents.get(uuid)
            if row is None or row["direction"] == "received":  # not indexed: whose it is cannot be known
                notes.add(code, uuid)
    out = [_describe(s, home, listed, notes, detail) for s in suppliers.values()]
    out.sort(key=lambda s: (s["tipo_tercero"], s["rfc"]))
    totals = _totals(suppliers.values())
    return {
        "suppliers": out,
        "totals": totals,
        "notes": notes.to_json(iva_notes),
        "list_69b": listed.to_json(),
    }


def _describe(s: _Supplier, home: Path, listed: Listed69B, notes: _Notes, detail: bool) -> dict[str, Any]:
    rfc = s.rfc
    tipo = "05" if rfc == FOREIGN_RFC else "15" if rfc == GLOBAL_RFC else "04"
    isr = any(flag for _path, flag in s.documents.values())
    needs_region = any(s.by_rate.get("8", {}).get(k) for k in AMOUNTS)
    postal_code = regime = None
    if needs_region or (tipo == "04" and isr):
        postal_code, regime = _issuer_facts(home, s.documents)
    if tipo == "15":
        operation = "87"
    elif tipo == "05":
        operation = "07"
        notes.supplier("foreign_supplier_incomplete", rfc)
    elif isr:
        operation = "06" if regime == _REGIME_LEASING else "03"
    else:
        operation = "85"
    region = None
    if needs_region:
        region = region_of(postal_code)
        if region is None:
            region = "norte"
            notes.supplier("border_region_assumed", rfc)
    situation = None
    if rfc in listed.definitivos:
        situation = "definitivo"
        notes.supplier("list_69b_definitivo", rfc)
    elif rfc in listed.presuntos:
        situation = "presunto"
        notes.supplier("list_69b_presunto", rfc)
    negative = s.withheld < 0
    for key, sums in s.by_rate.items():
        net = sums["paid_iva"] - sums["returns_iva"]
        if situation == "definitivo":
            sums["not_creditable_iva"] = net
        else:
            sums["creditable_iva"] = net
        negative = negative or net < 0 or sums["paid_base"] - sums["returns_base"] < 0
        if key not in RATES:
            notes.supplier("other_rate", rfc)
    if negative:
        notes.supplier("returns_exceed_paid", rfc)
    # Field 54: the global line as SAT's sample writes it; a definitivo's CFDI have no fiscal effect.
    effects = "02" if tipo == "15" or situation == "definitivo" else "01"
    out: dict[str, Any] = {
        "rfc": rfc,
        "name": s.name,
        "tipo_tercero": tipo,
        "tipo_operacion": operation,
        "region": region,
        "postal_code": postal_code,
        "list_69b": situation,
        "tax_effects": effects,
        "by_rate": {
            key: {name: money(value) for name, value in s.by_rate[key].items()}
            for key in sorted(s.by_rate, key=lambda k: (RATES.index(k) if k in RATES else len(RATES), k))
        },
        "iva_withheld": money(s.withheld),
    }
    if tipo == "05":
        out["tax_id"] = None
        out["country"] = None
    if detail:
        out["uuids"] = list(s.uuids)
    return out


def _issuer_facts(home: Path, documents: dict[str, tuple[str | None, bool]]) -> tuple[str | None, str | None]:
    """(LugarExpedicion, Emisor RegimenFiscal) from the first of the supplier's CFDI that can be read from the
    vault (documents with an ISR retención first: the regime matters for them; at most :data:`_READS` tried)."""
    postal_code = regime = None
    folder = os.path.abspath(home)
    for stored, _isr in sorted(documents.values(), key=lambda d: not d[1])[:_READS]:
        if not stored:
            continue
        # os.path, not pathlib (``store.vault.resolve``): a month has hundreds of suppliers, pathlib was a third
        path = stored if os.path.isabs(stored) else os.path.join(folder, stored)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        lugar, emisor = _LUGAR.search(data), _REGIMEN.search(data)
        postal_code = postal_code or (lugar.group(1).decode() if lugar else None)
        regime = regime or (emisor.group(1).decode() if emisor else None)
        if postal_code and regime:
            break
    return postal_code, regime


def _totals(suppliers: Iterable[_Supplier]) -> dict[str, Any]:
    """The suppliers' amounts added up (after :func:`_describe` split each one's IVA)."""
    by_rate: dict[str, dict[str, int]] = {}
    count = withheld = 0
    for s in suppliers:
        count += 1
        withheld += s.withheld
        for key, sums in s.by_rate.items():
            into = by_rate.setdefault(key, dict.fromkeys(AMOUNTS, 0))
            for name, value in sums.items():
                into[name] += value
    return {
        "suppliers": count,
        "by_rate": {key: {name: money(v) for name, v in sums.items()} for key, sums in by_rate.items()},
        "iva_withheld": money(withheld),
        "creditable_iva": money(sum(sums["creditable_iva"] for sums in by_rate.values())),
        "not_creditable_iva": money(sum(sums["not_creditable_iva"] for sums in by_rate.values())),
    }


# -- the carga batch file ---------------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    """Free text for a field: no pipe nor line break inside, trimmed."""
    return " ".join((text or "").replace("|", " ").split())


def batch_fields(supplier: dict[str, Any]) -> list[str]:
    """The 54 fields of one supplier's line (docs/diot-2025.md §3): amounts in whole pesos (:func:`pesos`), empty
    when zero or negative; an IVA field is written (``0`` too) whenever its value field is above zero."""
    f = [""] * FIELDS
    tipo = supplier["tipo_tercero"]
    f[0], f[1] = tipo, supplier["tipo_operacion"]
    if tipo == "05":
        f[3] = _clean(supplier.get("tax_id"))
        f[4] = _clean(supplier["name"])
        f[5] = _clean(supplier.get("country"))
    else:
        f[2] = GLOBAL_RFC if tipo == "15" else supplier["rfc"]
    by_rate = supplier["by_rate"]

    def amount(key: str, name: str) -> int:
        return cents_of(by_rate.get(key, {}).get(name, "0.00"))

    def put(number: int, cents: int, keep_zero: bool = False) -> None:
        value = pesos(cents)
        if value > 0 or (value == 0 and keep_zero):
            f[number - 1] = str(value)

    def taxed(key: str, value: int, returns: int, creditable: int, not_creditable: int) -> None:
        put(value, amount(key, "paid_base"))
        put(returns, amount(key, "returns_base"))
        written = pesos(amount(key, "paid_base")) > 0
        put(creditable, amount(key, "creditable_iva"), keep_zero=written)
        put(not_creditable, amount(key, "not_creditable_iva"))

    if tipo == "05":  # a foreign supplier's 16 %: importación de bienes intangibles y servicios
        taxed("16", 16, 17, 26, 45)
    else:
        taxed("16", 12, 13, 22, 37)
    if supplier.get("region") == "sur":
        taxed("8", 10, 11, 20, 33)
    else:
        taxed("8", 8, 9, 18, 29)
    put(48, cents_of(supplier["iva_withheld"]))
    put(49 if tipo == "05" else 50, amount("exento", "paid_base") - amount("exento", "returns_base"))
    put(51, amount("0", "paid_base") - amount("0", "returns_base"))
    f[53] = supplier["tax_effects"]
    return f


def diot_text(data: dict[str, Any], lang: str = "es") -> str:
    """The carga batch file: one line per supplier, 54 fields joined by ``|``, lines separated by CRLF, none after
    the last (docs/diot-2025.md §2). UTF-8 without BOM is the caller's encoding. SAT's file has no language:
    ``lang`` is taken (every kind's text takes it) and never changes a byte."""
    return "\r\n".join("|".join(batch_fields(s)) for s in data["suppliers"])


# -- the workbook -----------------------------------------------------------------------------------------------

# Every word the workbook shows, by language (``xlsx.WORDS``' rule); the same keys in both. The batch sheet's
# captions are the layout's 54 fields, short (docs/diot-2025.md §3); RFN / RFS: región fronteriza norte / sur.
WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "tercero": {"04": "04 Proveedor nacional", "05": "05 Proveedor extranjero", "15": "15 Proveedor global"},
        "operacion": {
            "02": "02 Enajenación de bienes",
            "03": "03 Prestación de servicios profesionales",
            "06": "06 Uso o goce temporal de bienes",
            "07": "07 Importación de bienes o servicios",
            "08": "08 Importación por transferencia virtual",
            "85": "85 Otros",
            "87": "87 Operaciones globales",
        },
        "region": {"norte": "Región fronteriza norte", "sur": "Región fronteriza sur"},
        # the situation on the 69-B list: in Spanish the list's own codes, as the data has them
        "situation": {
            "presunto": "presunto",
            "desvirtuado": "desvirtuado",
            "definitivo": "definitivo",
            "sentencia_favorable": "sentencia_favorable",
        },
        "fields": [
            "Tipo de tercero", "Tipo de operación", "RFC", "Número de identificación fiscal", "Nombre del extranjero",
            "País o jurisdicción de residencia fiscal", "Lugar de jurisdicción fiscal",
            "Valor pagado RFN", "Devoluciones RFN", "Valor pagado RFS", "Devoluciones RFS",
            "Valor pagado 16 %", "Devoluciones 16 %", "Valor pagado importación bienes tangibles",
            "Devoluciones importación bienes tangibles", "Valor pagado importación intangibles y servicios",
            "Devoluciones importación intangibles y servicios",
            "IVA acreditable RFN (gravadas)", "IVA acreditable RFN (proporción)", "IVA acreditable RFS (gravadas)",
            "IVA acreditable RFS (proporción)", "IVA acreditable 16 % (gravadas)", "IVA acreditable 16 % (proporción)",
            "IVA acreditable importación tangibles (gravadas)", "IVA acreditable importación tangibles (proporción)",
            "IVA acreditable importación intangibles (gravadas)",
            "IVA acreditable importación intangibles (proporción)",
            *(
                f"IVA no acreditable {region} ({reason})"
                for region in ("RFN", "RFS", "16 %", "importación tangibles", "importación intangibles")
                for reason in ("proporción", "no cumple requisitos", "exentas", "no objeto")
            ),
            "IVA retenido por el contribuyente", "Importación exenta", "Actos exentos", "Actos a la tasa 0 %",
            "No objeto en territorio nacional", "No objeto sin establecimiento en territorio nacional",
            "Manifiesto de efectos fiscales",
        ],
        # The review sheet's amount columns, in the order of :data:`_REVIEW`.
        "review": [
            "Valor pagado 16 %", "Devoluciones 16 %", "IVA pagado 16 %", "IVA devuelto 16 %", "IVA acreditable 16 %",
            "IVA no acreditable 16 %", "Valor pagado 8 %", "Devoluciones 8 %", "IVA acreditable 8 %",
            "IVA no acreditable 8 %", "Valor pagado 0 %", "Devoluciones 0 %", "Valor pagado exento",
            "Devoluciones exento",
        ],
        "review_sheet": "DIOT",
        "columns": ["RFC", "Nombre", "Tipo de tercero", "Tipo de operación", "Región (8 %)", "Lista 69-B"],
        "withheld": "IVA retenido",
        "effects": "Efectos fiscales",
        "effects_yes": "01 Sí",
        "effects_no": "02 No",
        "total": "Total — proveedores: {suppliers}",
        "note": "RFC {rfc}, periodo {start} a {end}; importes en MXN (flujo de efectivo: lo efectivamente pagado). El "
        "archivo de carga redondea a pesos.",
        "batch_sheet": "Carga batch",
    },
    "en": {
        "tercero": {"04": "04 Domestic supplier", "05": "05 Foreign supplier", "15": "15 Global supplier"},
        "operacion": {
            "02": "02 Sale of goods",
            "03": "03 Professional services",
            "06": "06 Temporary use or enjoyment of goods",
            "07": "07 Import of goods or services",
            "08": "08 Import by virtual transfer",
            "85": "85 Other",
            "87": "87 Global operations",
        },
        "region": {"norte": "Northern border region", "sur": "Southern border region"},
        "situation": {
            "presunto": "Presumed",
            "desvirtuado": "Disproved",
            "definitivo": "Definitive",
            "sentencia_favorable": "Favorable ruling",
        },
        "fields": [
            "Third-party type", "Operation type", "RFC", "Tax identification number", "Foreign party's name",
            "Country or jurisdiction of tax residence", "Place of tax jurisdiction",
            "Value paid RFN", "Returns RFN", "Value paid RFS", "Returns RFS",
            "Value paid 16 %", "Returns 16 %", "Value paid imports of tangible goods",
            "Returns imports of tangible goods", "Value paid imports of intangibles and services",
            "Returns imports of intangibles and services",
            "Creditable VAT (IVA) RFN (taxed)", "Creditable VAT (IVA) RFN (proportion)",
            "Creditable VAT (IVA) RFS (taxed)", "Creditable VAT (IVA) RFS (proportion)",
            "Creditable VAT (IVA) 16 % (taxed)", "Creditable VAT (IVA) 16 % (proportion)",
            "Creditable VAT (IVA) imports of tangibles (taxed)",
            "Creditable VAT (IVA) imports of tangibles (proportion)",
            "Creditable VAT (IVA) imports of intangibles (taxed)",
            "Creditable VAT (IVA) imports of intangibles (proportion)",
            *(
                f"Non-creditable VAT (IVA) {region} ({reason})"
                for region in ("RFN", "RFS", "16 %", "imports of tangibles", "imports of intangibles")
                for reason in ("proportion", "requirements not met", "exempt", "not subject")
            ),
            "VAT (IVA) withheld by the taxpayer", "Exempt imports", "Exempt acts", "Acts at the 0 % rate",
            "Not subject in national territory", "Not subject, without establishment in national territory",
            "Statement of tax effects",
        ],
        "review": [
            "Value paid 16 %", "Returns 16 %", "VAT (IVA) paid 16 %", "VAT (IVA) returned 16 %",
            "Creditable VAT (IVA) 16 %", "Non-creditable VAT (IVA) 16 %", "Value paid 8 %", "Returns 8 %",
            "Creditable VAT (IVA) 8 %", "Non-creditable VAT (IVA) 8 %", "Value paid 0 %", "Returns 0 %",
            "Value paid exempt", "Returns exempt",
        ],
        "review_sheet": "DIOT",
        "columns": ["RFC", "Name", "Third-party type", "Operation type", "Region (8 %)", "69-B list"],
        "withheld": "VAT (IVA) withheld",
        "effects": "Tax effects",
        "effects_yes": "01 Yes",
        "effects_no": "02 No",
        "total": "Total — suppliers: {suppliers}",
        "note": "RFC {rfc}, period {start} to {end}; amounts in MXN (cash basis: what was actually paid). The batch "
        "file rounds to whole pesos.",
        "batch_sheet": "Batch upload",
    },
}  # fmt: skip
assert all(len(words["fields"]) == FIELDS for words in WORDS.values())
# The Spanish tables under their earlier names.
TERCERO_TITLES: dict[str, str] = WORDS["es"]["tercero"]
OPERACION_TITLES: dict[str, str] = WORDS["es"]["operacion"]
REGION_TITLES: dict[str, str] = WORDS["es"]["region"]
FIELD_TITLES: list[str] = WORDS["es"]["fields"]

_REVIEW: list[tuple[str, str]] = [  # (rate, amount) of the review sheet's amount columns
    ("16", "paid_base"),
    ("16", "returns_base"),
    ("16", "paid_iva"),
    ("16", "returns_iva"),
    ("16", "creditable_iva"),
    ("16", "not_creditable_iva"),
    ("8", "paid_base"),
    ("8", "returns_base"),
    ("8", "creditable_iva"),
    ("8", "not_creditable_iva"),
    ("0", "paid_base"),
    ("0", "returns_base"),
    ("exento", "paid_base"),
    ("exento", "returns_base"),
]


def _note(code: str, note: dict[str, Any], lang: str = "es") -> str:
    spanish = NOTE_TEXT_ES_DIOT.get(code) or NOTE_TEXT_ES.get(code)
    text = spanish if lang == "es" and spanish else note["what"]
    who = ", ".join(note.get("rfcs", []))
    if not note["count"]:
        return sentence(text)
    return f"{sentence(text)} — {note['count']:,}{f' ({who})' if who else ''}"


def diot_sheets(data: dict[str, Any], lang: str = "es") -> list[Sheet]:
    """``report diot``: *DIOT* (one row per supplier, exact amounts by rate, totals, notes) and *Carga batch* (the
    54 fields of the batch file under the layout's captions, whole pesos); in ``lang`` (:data:`WORDS`). The batch
    file itself (:func:`diot_text`) has no language."""
    lang = language(lang)
    words = WORDS[lang]
    columns: list[Column] = [
        *zip(words["columns"], ("text",) * 6, (15, 36, 22, 30, 22, 12), strict=True),
        *((title, "money", 16) for title in words["review"]),
        (words["withheld"], "money", 16),
        (words["effects"], "text", 10),
    ]
    review = Sheet(words["review_sheet"], columns)
    for s in data["suppliers"]:
        values = [
            s["rfc"],
            s["name"],
            words["tercero"].get(s["tipo_tercero"], s["tipo_tercero"]),
            words["operacion"].get(s["tipo_operacion"], s["tipo_operacion"]),
            words["region"].get(s["region"] or "", ""),
            words["situation"].get(s["list_69b"], s["list_69b"]) if s["list_69b"] else "",
            *(s["by_rate"].get(rate, {}).get(name, "0.00") for rate, name in _REVIEW),
            s["iva_withheld"],
            words["effects_yes"] if s["tax_effects"] == "01" else words["effects_no"],
        ]
        review.add(values, uuids=s.get("uuids", ()))
    totals = data["totals"]
    review.add(
        [
            words["total"].format(suppliers=totals["suppliers"]), "", "", "", "", "",
            *(totals["by_rate"].get(rate, {}).get(name, "0.00") for rate, name in _REVIEW),
            totals["iva_withheld"], "",
        ],
        bold=True,
        uuids=[u for s in data["suppliers"] for u in s.get("uuids", ())],
    )  # fmt: skip
    period = data["period"]
    review.notes.append(words["note"].format(rfc=data["rfc"], **period_days(period, lang)))
    for code, note in data["notes"].items():
        review.notes.append(f"{_note(code, note, lang)}.")
    batch = Sheet(
        words["batch_sheet"],
        [(f"{n} {title}", "number" if 8 <= n <= 53 else "text", 14) for n, title in enumerate(words["fields"], 1)],
    )
    for s in data["suppliers"]:
        batch.add(batch_fields(s), uuids=s.get("uuids", ()))
    return [review, batch]
