"""The sandbox's synthetic world: deterministic, lazy, and internally consistent (headers ⇔ XML ⇔ metadata)."""

from __future__ import annotations

import importlib.util
import itertools
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.sandbox.world import METADATA_HEADER, THIRD_PARTY_HEADER, InvoiceHeader, World

CFDI_NS = {"3.3": "http://www.sat.gob.mx/cfd/3", "4.0": "http://www.sat.gob.mx/cfd/4"}
TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
PAGOS20_NS = "http://www.sat.gob.mx/Pagos20"
PAGOS10_NS = "http://www.sat.gob.mx/Pagos"
NOMINA_NS = "http://www.sat.gob.mx/nomina12"
IMPLOCAL_NS = "http://www.sat.gob.mx/implocal"
RET20_NS = "http://www.sat.gob.mx/esquemas/retencionpago/2"
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
EKU = "EKU9003173C9"
UUID_RE = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")
FAR_FUTURE = datetime(2099, 1, 1)


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=3, invoices=6000, start=date(2020, 1, 1), end=date(2024, 12, 31))


@pytest.fixture(scope="module")
def sample(world: World) -> list[InvoiceHeader]:
    """A few hundred documents covering every type, version and family."""
    rng = random.Random(11)
    picked: dict[tuple, list[InvoiceHeader]] = {}
    for i in rng.sample(range(len(world)), 3000):
        h = world.header(i)
        bucket = picked.setdefault((h.doc_type, h.version, h.third_party_rfc is not None), [])
        if len(bucket) < 45:
            bucket.append(h)
    return [h for bucket in picked.values() for h in bucket]


def D(text: str | None) -> Decimal:
    return Decimal(text or "0")


def parse(world: World, h: InvoiceHeader) -> etree._Element:
    data = world.xml(h)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return etree.fromstring(data)


# --- determinism and laziness -----------------------------------------------------------------------------------------


def test_same_seed_same_world_in_any_order() -> None:
    a = World(seed=42, invoices=3000)
    b = World(seed=42, invoices=3000)
    indices = [0, 1, 17, 500, 1499, 2999]
    first = [(a.header(i), a.xml(i)) for i in indices]
    second = [(b.header(i), b.xml(i)) for i in reversed(indices)][::-1]
    assert first == second


def test_different_seeds_differ() -> None:
    a, b = World(seed=1, invoices=1000), World(seed=2, invoices=1000)
    assert [a.header(i).uuid for i in range(20)] != [b.header(i).uuid for i in range(20)]
    assert sum(a.header(i).total != b.header(i).total for i in range(50)) > 25


def test_a_million_invoice_world_is_built_lazily() -> None:
    started = time.perf_counter()
    w = World(invoices=1_000_000)
    assert time.perf_counter() - started < 0.5
    assert len(w) == 1_000_000
    assert w._header_cached.cache_info().currsize == 0  # nothing precomputed
    last = w.header(999_999)
    assert last.issue_date <= datetime(2032, 12, 31, 23, 59, 59)
    assert w.by_uuid(last.uuid) == last


def test_header_and_xml_are_cheap() -> None:
    w = World(seed=9, invoices=200_000)
    started = time.perf_counter()
    for i in range(0, 200_000, 400):
        w.header(i)
    per_header = (time.perf_counter() - started) / 500
    started = time.perf_counter()
    for i in range(1, 200_000, 2000):
        w.xml(i)
    per_xml = (time.perf_counter() - started) / 100
    assert per_header < 0.002
    assert per_xml < 0.02


# --- identity -----------------------------------------------------------------------------------------------------


def test_uuids_are_unique_v4_and_invert(world: World) -> None:
    uuids = [world.header(i).uuid for i in range(len(world))]
    assert len(set(uuids)) == len(uuids)
    assert all(UUID_RE.match(u) for u in uuids)
    for i in range(0, len(world), 97):
        assert world.by_uuid(uuids[i]).index == i
        assert world.by_uuid(uuids[i].lower()).index == i


def test_by_uuid_rejects_unknown(world: World) -> None:
    assert world.by_uuid("not-a-uuid") is None
    assert world.by_uuid("00000000-0000-4000-8000-000000000000") is None
    other = World(seed=4, invoices=6000, start=date(2020, 1, 1), end=date(2024, 12, 31))
    assert all(world.by_uuid(other.header(i).uuid) is None for i in range(50))
    bigger = World(seed=3, invoices=60_000, start=date(2020, 1, 1), end=date(2024, 12, 31))
    assert world.by_uuid(bigger.uuid(59_999)) is None


def test_dates_are_monotone_and_inside_the_span(world: World) -> None:
    dates = [world.header(i).issue_date for i in range(len(world))]
    assert dates == sorted(dates)
    assert dates[0] >= datetime(2020, 1, 1)
    assert dates[-1] <= datetime(2024, 12, 31, 23, 59, 59)
    for i in range(0, len(world), 50):
        h = world.header(i)
        assert h.issue_date < h.stamp_date <= h.issue_date + timedelta(hours=72)
        if h.cancelled_at is not None:
            assert h.stamp_date < h.cancelled_at <= datetime(2024, 12, 31, 23, 59, 59)
    hours = Counter(d.hour for d in dates)
    assert sum(hours[h] for h in range(9, 19)) > 0.6 * len(dates)  # office hours dominate


# --- queries agree with a brute-force scan ------------------------------------------------------------------------


def test_headers_between_matches_a_scan(world: World) -> None:
    everything = [world.header(i) for i in range(len(world))]
    rng = random.Random(5)
    for _ in range(25):
        a = datetime(2019, 12, 1) + timedelta(seconds=rng.randrange(5 * 366 * 86400))
        b = a + timedelta(seconds=rng.choice([1, 3600, 86400 * 3, 86400 * 40]))
        expected = [h for h in everything if a <= h.issue_date <= b]
        assert list(world.headers_between(a, b)) == expected
    # Exact bounds are inclusive on both ends.
    h = everything[1234]
    assert h in list(world.headers_between(h.issue_date, h.issue_date))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rfc": EKU, "direction": "issued"},
        {"rfc": EKU, "direction": "received"},
        {"rfc": EKU, "direction": "received", "status": "Vigente"},
        {"rfc": EKU, "direction": "issued", "status": "Cancelado"},
        {"rfc": EKU, "direction": "issued", "doc_type": "N"},
        {"rfc": EKU, "direction": "issued", "doc_type": "P", "complement": "pagos20"},
        {"rfc": "AAA010101AAA", "direction": "received", "doc_type": "I"},
        {"rfc": EKU, "direction": "issued", "family": "retenciones"},
        {"rfc": "eku9003173c9", "direction": "issued", "counterparts": ["AAA010101AAA", "P&H9502039Y5"]},
    ],
)
def test_find_matches_a_scan(world: World, kwargs: dict) -> None:
    start, end = datetime(2021, 3, 1), datetime(2022, 8, 31, 23, 59, 59)
    at = datetime(2023, 6, 1)
    got = list(world.find(start=start, end=end, at=at, **kwargs))
    rfc = kwargs["rfc"].upper()
    want_family = kwargs.get("family", "cfdi")
    others = set(kwargs.get("counterparts", ()))
    expected = []
    for h in world.headers_between(start, end):
        me, other = (
            (h.issuer_rfc, h.receiver_rfc) if kwargs["direction"] == "issued" else (h.receiver_rfc, h.issuer_rfc)
        )
        if me != rfc or h.family != want_family or (others and other not in others):
            continue
        if kwargs.get("doc_type") and h.doc_type != kwargs["doc_type"]:
            continue
        if kwargs.get("complement") and kwargs["complement"] not in h.complements:
            continue
        if kwargs.get("status", "Todos") != "Todos" and h.status_at(at) != kwargs["status"]:
            continue
        expected.append(h)
    assert got == expected
    assert world.count(start=start, end=end, at=at, **kwargs) == len(expected)
    assert expected, "the scenario should not be empty"


def test_find_by_third_party(world: World) -> None:
    with_third = [world.header(i) for i in range(len(world)) if world.header(i).third_party_rfc]
    assert with_third
    h = with_third[0]
    me = h.issuer_rfc if h.issuer_rfc in {t.rfc for t in world.taxpayers} else h.receiver_rfc
    direction = "issued" if me == h.issuer_rfc else "received"
    found = list(
        world.find(
            rfc=me,
            direction=direction,
            start=datetime(2020, 1, 1),
            end=datetime(2025, 1, 1),
            third_party=h.third_party_rfc,
        )
    )
    assert h in found
    assert all(f.third_party_rfc == h.third_party_rfc for f in found)


def test_find_status_depends_on_the_moment(world: World) -> None:
    cancelled = next(world.header(i) for i in range(len(world)) if world.header(i).cancelled_at)
    me = cancelled.issuer_rfc if cancelled.issuer_rfc in {t.rfc for t in world.taxpayers} else cancelled.receiver_rfc
    direction = "issued" if me == cancelled.issuer_rfc else "received"
    window = {
        "rfc": me,
        "direction": direction,
        "start": cancelled.issue_date,
        "end": cancelled.issue_date,
        "family": cancelled.family,
    }
    before = cancelled.cancelled_at - timedelta(seconds=1)
    assert cancelled in world.find(status="Vigente", at=before, **window)
    assert cancelled not in world.find(status="Cancelado", at=before, **window)
    assert cancelled in world.find(status="Cancelado", at=cancelled.cancelled_at, **window)


# --- the population ---------------------------------------------------------------------------------------------------


def test_population_shape() -> None:
    w = World(seed=1, invoices=50_000)
    assert [t.rfc for t in w.taxpayers[:2]] == [EKU, "AAA010101AAA"]
    assert w.taxpayers[0].name == "ESCUELA KEMPER URGATE SA DE CV"
    subjects = {t.rfc for t in w.taxpayers}
    headers = [w.header(i) for i in range(0, 50_000, 7)]
    assert all(h.issuer_rfc in subjects or h.receiver_rfc in subjects for h in headers)
    share_eku = sum(EKU in (h.issuer_rfc, h.receiver_rfc) for h in headers) / len(headers)
    assert 0.33 < share_eku < 0.5
    assert sum(h.issuer_rfc == EKU for h in headers) > 0.3 * sum(h.receiver_rfc == EKU for h in headers)
    types = Counter(h.doc_type for h in headers)
    assert types["I"] > 0.5 * len(headers)
    assert all(types[t] > 0 for t in "IEPNTR")
    cancelled = sum(h.cancelled_at is not None for h in headers) / len(headers)
    assert 0.02 < cancelled < 0.08
    versions = Counter(h.version for h in headers)
    assert versions["4.0"] > versions["3.3"] > 0
    assert all(h.version == "4.0" for h in headers if h.issue_date >= datetime(2023, 4, 1) and h.family == "cfdi")
    assert sum(h.third_party_rfc is not None for h in headers) > 0
    # A month of EKU: a healthy number of documents both ways.
    month = list(w.find(rfc=EKU, direction="issued", start=datetime(2024, 5, 1), end=datetime(2024, 5, 31, 23, 59)))
    month += list(w.find(rfc=EKU, direction="received", start=datetime(2024, 5, 1), end=datetime(2024, 5, 31, 23, 59)))
    assert len(month) > 80


def test_names_with_special_characters_survive_xml(world: World) -> None:
    seen = {"&": False, "Ñ": False, '"': False}
    for i in range(len(world)):
        h = world.header(i)
        names = {h.issuer_name, h.receiver_name}
        hits = [ch for ch in seen if any(ch in n for n in names) and not seen[ch]]
        if not hits:
            continue
        root = parse(world, h)
        if h.family == "cfdi":
            ns = CFDI_NS[h.version]
            got = {root.find(f"{{{ns}}}Emisor").get("Nombre"), root.find(f"{{{ns}}}Receptor").get("Nombre")}
        else:
            got = {
                root.find(f"{{{RET20_NS}}}Emisor").get("NomDenRazSocE"),
                root.find(f"{{{RET20_NS}}}Receptor/{{{RET20_NS}}}Nacional").get("NomDenRazSocR"),
            }
        assert got == names
        for ch in hits:
            seen[ch] = True
        if all(seen.values()):
            break
    assert all(seen.values()), seen
    rfcs = {world.header(i).issuer_rfc for i in range(len(world))}
    assert any("&" in r for r in rfcs) and any("Ñ" in r for r in rfcs)


# --- documents ----------------------------------------------------------------------------------------------------


def _check_cfdi_totals(root: etree._Element, ns: str) -> Decimal:
    c = f"{{{ns}}}"
    subtotal = discount = transferred = withheld = Decimal(0)
    for concept in root.iter(c + "Concepto"):
        subtotal += D(concept.get("Importe"))
        discount += D(concept.get("Descuento"))
        for t in concept.iter(c + "Traslado"):
            transferred += D(t.get("Importe"))
        for r in concept.iter(c + "Retencion"):
            withheld += D(r.get("Importe"))
    assert D(root.get("SubTotal")) == subtotal
    assert D(root.get("Descuento")) == discount
    total = D(root.get("Total"))
    local = root.find(f"{c}Complemento/{{{IMPLOCAL_NS}}}ImpuestosLocales")
    local_net = Decimal(0)
    if local is not None:
        local_tr = sum((D(x.get("Importe")) for x in local.iter(f"{{{IMPLOCAL_NS}}}TrasladosLocales")), Decimal(0))
        assert D(local.get("TotaldeTraslados")) == local_tr
        local_net = local_tr - D(local.get("TotaldeRetenciones"))
    assert abs(subtotal - discount + transferred - withheld + local_net - total) <= Decimal("0.01")
    taxes = root.find(c + "Impuestos")
    if taxes is not None:
        assert D(taxes.get("TotalImpuestosTrasladados")) == transferred
        assert D(taxes.get("TotalImpuestosRetenidos")) == withheld
        global_tr = sum((D(t.get("Importe")) for t in taxes.iter(c + "Traslado")), Decimal(0))
        assert global_tr == transferred
    else:
        assert transferred == withheld == 0
    return total


def test_sample_documents_are_consistent(world: World, sample: list[InvoiceHeader]) -> None:
    assert len(sample) > 300
    assert {h.doc_type for h in sample} == set("IEPNTR")
    fmt = "%Y-%m-%dT%H:%M:%S"
    for h in sample:
        root = parse(world, h)
        tfd = root.find(f".//{{{TFD_NS}}}TimbreFiscalDigital")
        assert tfd is not None and tfd.get("Version") == "1.1"
        assert tfd.get("UUID") == h.uuid
        assert tfd.get("FechaTimbrado") == h.stamp_date.strftime(fmt)
        assert tfd.get("RfcProvCertif") == h.pac_rfc
        assert len(tfd.get("SelloSAT")) == 344 and tfd.get("SelloCFD") == root.get("Sello")
        assert TFD_NS in tfd.get(XSI_LOCATION)
        if h.family == "retenciones":
            assert root.tag == f"{{{RET20_NS}}}Retenciones" and root.get("Version") == "2.0"
            assert root.get("FechaExp") == h.issue_date.strftime(fmt)
            r = f"{{{RET20_NS}}}"
            assert root.find(r + "Emisor").get("RfcE") == h.issuer_rfc
            assert root.find(f"{r}Receptor/{r}Nacional").get("RfcR") == h.receiver_rfc
            totals = root.find(r + "Totales")
            assert D(totals.get("MontoTotOperacion")) == h.total
            withheld = sum((D(x.get("MontoRet")) for x in totals.iter(r + "ImpRetenidos")), Decimal(0))
            assert D(totals.get("MontoTotRet")) == withheld
            continue
        ns = CFDI_NS[h.version]
        c = f"{{{ns}}}"
        assert root.tag == c + "Comprobante" and root.get("Version") == h.version
        assert root.get(XSI_LOCATION).startswith(ns + " http://www.sat.gob.mx/sitio_internet/cfd/")
        assert root.get("TipoDeComprobante") == h.doc_type
        assert root.get("Fecha") == h.issue_date.strftime(fmt)
        assert root.find(c + "Emisor").get("Rfc") == h.issuer_rfc
        assert root.find(c + "Receptor").get("Rfc") == h.receiver_rfc
        assert root.find(c + "Emisor").get("Nombre") == h.issuer_name
        total = _check_cfdi_totals(root, ns)
        assert total == h.total
        if h.doc_type in ("P", "T"):
            assert total == 0 and root.get("Moneda") == "XXX"
        if root.get("MetodoPago") == "PPD":
            assert root.get("FormaPago") == "99"
        if h.version == "4.0" and h.doc_type in ("I", "E"):
            assert all(cn.get("ObjetoImp") for cn in root.iter(c + "Concepto"))
        third = root.find(f"{c}Conceptos/{c}Concepto/{c}ACuentaTerceros")
        assert (third.get("RfcACuentaTerceros") if third is not None else None) == h.third_party_rfc
        if h.doc_type == "E":
            rel = root.find(f"{c}CfdiRelacionados")
            assert rel.get("TipoRelacion") == "01"
            related = world.by_uuid(rel.find(c + "CfdiRelacionado").get("UUID"))
            assert related.doc_type == "I" and related.index < h.index
            assert (related.issuer_rfc, related.receiver_rfc) == (h.issuer_rfc, h.receiver_rfc)
        expected_complements = {"P": {"pagos20", "pagos10"}, "N": {"nomina12"}}.get(h.doc_type, set())
        if root.find(f"{c}Complemento/{{{IMPLOCAL_NS}}}ImpuestosLocales") is not None:
            expected_complements = {"implocal"}
        assert set(h.complements) <= expected_complements
        assert bool(h.complements) == bool(expected_complements)


def test_taxes_cover_the_realistic_cases(world: World) -> None:
    rates: set[tuple[str, str, str | None]] = set()
    withholdings: set[tuple[str, str]] = set()
    for i in range(0, len(world), 3):
        h = world.header(i)
        if h.doc_type != "I" or h.family != "cfdi":
            continue
        root = parse(world, h)
        c = f"{{{CFDI_NS[h.version]}}}"
        for t in root.iter(c + "Traslado"):
            rates.add((t.get("Impuesto"), t.get("TipoFactor"), t.get("TasaOCuota")))
        for r in root.iter(c + "Retencion"):
            if r.get("TasaOCuota"):
                withholdings.add((r.get("Impuesto"), r.get("TasaOCuota")))
    assert ("002", "Tasa", "0.160000") in rates
    assert ("002", "Tasa", "0.080000") in rates
    assert ("002", "Tasa", "0.000000") in rates
    assert ("002", "Exento", None) in rates
    assert any(imp == "003" for imp, _f, _r in rates)
    assert ("002", "0.106667") in withholdings
    assert ("001", "0.100000") in withholdings
    assert ("001", "0.012500") in withholdings


def test_payments_chain_over_installments(world: World) -> None:
    payments = [world.header(i) for i in range(len(world)) if world.header(i).doc_type == "P"]
    assert len(payments) > 100
    by_invoice: dict[str, list[tuple[int, Decimal, Decimal, Decimal, datetime]]] = {}
    for h in payments:
        root = parse(world, h)
        v40 = h.version == "4.0"
        ns = PAGOS20_NS if v40 else PAGOS10_NS
        p = f"{{{ns}}}"
        pago = root.find(f".//{p}Pago")
        docs = pago.findall(p + "DoctoRelacionado")
        assert len(docs) == 1
        dr = docs[0]
        before, paid, after = D(dr.get("ImpSaldoAnt")), D(dr.get("ImpPagado")), D(dr.get("ImpSaldoInsoluto"))
        assert after == before - paid and paid > 0 and after >= 0
        assert D(pago.get("Monto")) == paid
        if v40:
            assert D(root.find(f".//{p}Totales").get("MontoTotalPagos")) == paid
        invoice = world.by_uuid(dr.get("IdDocumento"))
        assert invoice is not None and invoice.doc_type == "I" and invoice.index < h.index
        assert (invoice.issuer_rfc, invoice.receiver_rfc) == (h.issuer_rfc, h.receiver_rfc)
        inv_root = parse(world, invoice)
        assert inv_root.get("MetodoPago") == "PPD" and inv_root.get("FormaPago") == "99"
        assert datetime.fromisoformat(pago.get("FechaPago")) <= h.issue_date
        assert datetime.fromisoformat(pago.get("FechaPago")) >= invoice.issue_date - timedelta(days=1)
        by_invoice.setdefault(invoice.uuid, []).append(
            (int(dr.get("NumParcialidad")), before, paid, after, h.issue_date)
        )
    assert any(len(v) > 1 for v in by_invoice.values())
    for uuid, installments in by_invoice.items():
        installments.sort()
        invoice = world.by_uuid(uuid)
        assert [n for n, *_ in installments] == list(range(1, len(installments) + 1))
        assert installments[0][1] == invoice.total
        for prev, nxt in itertools.pairwise(installments):
            assert nxt[1] == prev[3]  # ImpSaldoAnt = previous ImpSaldoInsoluto
            assert nxt[4] > prev[4]


def test_payroll_totals(world: World) -> None:
    receipts = [world.header(i) for i in range(0, len(world), 2) if world.header(i).doc_type == "N"]
    assert len(receipts) > 50
    for h in receipts[:150]:
        root = parse(world, h)
        n = f"{{{NOMINA_NS}}}"
        nomina = root.find(f".//{n}Nomina")
        assert nomina.get("Version") == "1.2"
        perceptions = nomina.find(n + "Percepciones")
        taxed = sum((D(x.get("ImporteGravado")) for x in perceptions), Decimal(0))
        exempt = sum((D(x.get("ImporteExento")) for x in perceptions), Decimal(0))
        assert D(perceptions.get("TotalGravado")) == taxed and D(perceptions.get("TotalExento")) == exempt
        assert D(perceptions.get("TotalSueldos")) == taxed + exempt == D(nomina.get("TotalPercepciones"))
        deductions = nomina.find(n + "Deducciones")
        ded = Decimal(0)
        if deductions is not None:
            items = list(deductions)
            ded = sum((D(x.get("Importe")) for x in items), Decimal(0))
            isr = sum((D(x.get("Importe")) for x in items if x.get("TipoDeduccion") == "002"), Decimal(0))
            assert D(deductions.get("TotalImpuestosRetenidos")) == isr
            assert D(deductions.get("TotalOtrasDeducciones")) == ded - isr
        assert D(nomina.get("TotalDeducciones")) == ded
        others = sum((D(x.get("Importe")) for x in nomina.iter(n + "OtroPago")), Decimal(0))
        assert D(nomina.get("TotalOtrosPagos")) == others
        assert D(root.get("SubTotal")) == taxed + exempt + others
        assert D(root.get("Descuento") or "0") == ded
        assert D(root.get("Total")) == taxed + exempt + others - ded == h.total
        receptor = nomina.find(n + "Receptor")
        curp = receptor.get("Curp")
        assert len(curp) == 18 and curp[:10] == h.receiver_rfc[:10].replace("Ñ", "X")


# --- metadata and status --------------------------------------------------------------------------------------


def test_metadata_lines_agree_with_the_documents(world: World, sample: list[InvoiceHeader]) -> None:
    assert METADATA_HEADER.split("~") == [
        "Uuid", "RfcEmisor", "NombreEmisor", "RfcReceptor", "NombreReceptor", "RfcPac", "FechaEmision",
        "FechaCertificacionSat", "Monto", "EfectoComprobante", "Estatus", "FechaCancelacion",
    ]  # fmt: skip
    assert THIRD_PARTY_HEADER == "Uuid~RfcACuentaTerceros~NombreACuentaTerceros"
    for h in sample:
        line = world.metadata_line(h, at=FAR_FUTURE)
        fields = line.split("~")
        assert len(fields) == 12 and "\n" not in line and "\r" not in line
        assert fields[0] == h.uuid and fields[1] == h.issuer_rfc and fields[3] == h.receiver_rfc
        assert fields[2] == h.issuer_name and fields[4] == h.receiver_name
        assert datetime.strptime(fields[6], "%Y-%m-%d %H:%M:%S") == h.issue_date
        assert datetime.strptime(fields[7], "%Y-%m-%d %H:%M:%S") == h.stamp_date
        assert re.fullmatch(r"\d+\.\d\d", fields[8]) and Decimal(fields[8]) == h.total
        assert fields[9] == h.doc_type
        if h.cancelled_at:
            assert fields[10] == "0" and fields[11] == h.cancelled_at.strftime("%Y-%m-%d %H:%M:%S")
            early = world.metadata_line(h, at=h.cancelled_at - timedelta(seconds=1)).split("~")
            assert early[10:] == ["1", ""]
        else:
            assert fields[10:] == ["1", ""]
        third = world.third_party_line(h)
        if h.third_party_rfc:
            assert third == f"{h.uuid}~{h.third_party_rfc}~{h.third_party_name}"
        else:
            assert third is None


def test_consulta(world: World) -> None:
    h = next(world.header(i) for i in range(len(world)) if world.header(i).doc_type == "I")
    found = world.consulta(h.uuid.lower(), h.issuer_rfc, h.receiver_rfc, f"{h.total}", at=h.stamp_date)
    assert found["CodigoEstatus"] == "S - Comprobante obtenido satisfactoriamente."
    assert found["Estado"] == "Vigente" and found["ValidacionEFOS"] == "200"
    assert found["EsCancelable"] in {"No cancelable", "Cancelable sin aceptación", "Cancelable con aceptación"}
    trimmed = f"{h.total.normalize():f}"  # the QR expression drops trailing zeros
    assert world.consulta(h.uuid, h.issuer_rfc, h.receiver_rfc, trimmed, at=h.stamp_date)["Estado"] == "Vigente"
    wrong = world.consulta(h.uuid, h.issuer_rfc, h.receiver_rfc, str(h.total + 1), at=h.stamp_date)
    assert wrong["CodigoEstatus"].startswith("N - 602") and wrong["Estado"] == "No Encontrado"
    assert world.consulta(h.uuid, h.receiver_rfc, h.issuer_rfc, str(h.total))["Estado"] == "No Encontrado"
    assert world.consulta("garbage", h.issuer_rfc, h.receiver_rfc, "1")["CodigoEstatus"].startswith("N - ")

    c = next(
        world.header(i) for i in range(len(world)) if world.header(i).cancelled_at and world.header(i).family == "cfdi"
    )
    before = world.consulta(c.uuid, c.issuer_rfc, c.receiver_rfc, str(c.total), at=c.cancelled_at - timedelta(hours=1))
    after = world.consulta(c.uuid, c.issuer_rfc, c.receiver_rfc, str(c.total), at=c.cancelled_at)
    assert before["Estado"] == "Vigente" and after["Estado"] == "Cancelado"
    assert after["EstatusCancelacion"].startswith(("Cancelado", "Plazo"))
    assert (
        c.status_at(c.cancelled_at) == "Cancelado" and c.status_at(c.cancelled_at - timedelta(seconds=1)) == "Vigente"
    )


def test_aware_datetimes_are_taken_as_mexico_city(world: World) -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("America/Mexico_City")
    start, end = datetime(2022, 2, 1), datetime(2022, 2, 28, 23, 59, 59)
    naive = list(world.find(rfc=EKU, direction="issued", start=start, end=end, at=FAR_FUTURE))
    aware = list(
        world.find(
            rfc=EKU,
            direction="issued",
            start=start.replace(tzinfo=tz),
            end=end.replace(tzinfo=tz),
            at=FAR_FUTURE.replace(tzinfo=tz),
        )
    )
    assert naive == aware and naive
    h = naive[0]
    assert world.metadata_line(h, at=FAR_FUTURE) == world.metadata_line(h, at=FAR_FUTURE.replace(tzinfo=tz))


def test_local_taxes_complement(world: World) -> None:
    with_local = [world.header(i) for i in range(len(world)) if "implocal" in world.header(i).complements]
    assert with_local
    h = with_local[0]
    root = parse(world, h)
    c = f"{{{CFDI_NS[h.version]}}}"
    assert root.find(f"{c}Complemento/{{{IMPLOCAL_NS}}}ImpuestosLocales") is not None
    _check_cfdi_totals(root, CFDI_NS[h.version])
    me = h.issuer_rfc if h.issuer_rfc in {t.rfc for t in world.taxpayers} else h.receiver_rfc
    direction = "issued" if me == h.issuer_rfc else "received"
    found = world.find(
        rfc=me, direction=direction, start=h.issue_date, end=h.issue_date, complement="implocal", at=FAR_FUTURE
    )
    assert list(found) == [h]


def _sat_schema_dir() -> Path | None:
    """SAT's XSDs as shipped inside satcfdi, if it is installed here or in the peer-interop check's venv."""
    spec = importlib.util.find_spec("satcfdi")
    candidates = [Path(spec.origin).parent] if spec and spec.origin else []
    candidates += sorted(Path.home().glob(".cache/descarga-masiva-checks/*/lib/python*/site-packages/satcfdi"))
    for base in candidates:
        schemas = base / "transform" / "schemas"
        if (schemas / "www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd").exists():
            return schemas
    return None


def test_documents_validate_against_sat_schemas() -> None:
    schemas = _sat_schema_dir()
    if schemas is None:
        pytest.skip("SAT XSDs not available (they come with satcfdi)")

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.startswith("http://"):
                return self.resolve_filename(str(schemas / url[len("http://") :]), context)
            return None

    base = "http://www.sat.gob.mx/"
    imports = {
        CFDI_NS["4.0"]: "sitio_internet/cfd/4/cfdv40.xsd",
        CFDI_NS["3.3"]: "sitio_internet/cfd/3/cfdv33.xsd",
        TFD_NS: "sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd",
        PAGOS20_NS: "sitio_internet/cfd/Pagos/Pagos20.xsd",
        PAGOS10_NS: "sitio_internet/cfd/Pagos/Pagos10.xsd",
        NOMINA_NS: "sitio_internet/cfd/nomina/nomina12.xsd",
        IMPLOCAL_NS: "sitio_internet/cfd/implocal/implocal.xsd",
        RET20_NS: "esquemas/retencionpago/2/retencionpagov2.xsd",
        "http://www.sat.gob.mx/esquemas/retencionpago/1/intereses": "esquemas/retencionpago/1/intereses/intereses.xsd",
    }
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:wrapper">'
        + "".join(f'<xs:import namespace="{ns}" schemaLocation="{base}{loc}"/>' for ns, loc in imports.items())
        + "</xs:schema>"
    )
    parser = etree.XMLParser()
    parser.resolvers.add(Local())
    schema = etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))
    # Years up to 2027: the Retenciones catalog in these XSDs lists Ejercicio values only up to then.
    w = World(seed=8, invoices=4000, start=date(2019, 1, 1), end=date(2027, 12, 31))
    kinds = Counter()
    for i in range(0, len(w), 5):
        h = w.header(i)
        document = etree.fromstring(w.xml(h))
        assert schema.validate(document), (h.doc_type, h.version, str(schema.error_log.last_error))
        kinds[h.doc_type, h.version] += 1
    assert len(kinds) >= 9


def test_same_world_in_another_process() -> None:
    """Nothing depends on Python's per-process hash randomisation."""
    code = (
        "import hashlib, datetime\n"
        "from desktop_app.sandbox.world import World\n"
        "w = World(seed=5, invoices=3000)\n"
        "h = hashlib.sha256()\n"
        "for i in range(0, 3000, 29):\n"
        "    h.update(w.xml(i)); h.update(w.metadata_line(w.header(i), at=datetime.datetime(2040, 1, 1)).encode())\n"
        "print(h.hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[2]
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


@pytest.mark.parametrize("invoices", [0, 1, 7, 40])
def test_tiny_worlds(invoices: int) -> None:
    w = World(seed=2, invoices=invoices, start=date(2024, 3, 1), end=date(2024, 3, 1))
    assert len(w) == invoices
    everything = list(w.headers_between(datetime(2024, 1, 1), datetime(2024, 12, 31)))
    assert [h.index for h in everything] == list(range(invoices))
    for h in everything:
        assert datetime(2024, 3, 1) <= h.issue_date <= datetime(2024, 3, 1, 23, 59, 59)
        assert h.cancelled_at is None or h.cancelled_at <= datetime(2024, 3, 1, 23, 59, 59)
        etree.fromstring(w.xml(h))
        assert w.by_uuid(h.uuid) == h
    with pytest.raises(IndexError):
        w.header(invoices)


def test_the_apps_own_parser_reads_the_documents(world: World, sample: list[InvoiceHeader]) -> None:
    parser = pytest.importorskip("desktop_app.core.cfdi.parser")
    for h in sample[::3]:
        invoice = parser.parse_document(world.xml(h), owner_rfc=EKU)
        assert invoice.uuid.upper() == h.uuid
        assert (invoice.type, invoice.version) == (h.doc_type, h.version)
        assert (invoice.issuer_rfc, invoice.receiver_rfc) == (h.issuer_rfc, h.receiver_rfc)
        assert (invoice.issuer_name, invoice.receiver_name) == (h.issuer_name, h.receiver_name)
        assert invoice.total == h.total
        assert invoice.pac_rfc == h.pac_rfc
        assert not invoice.warnings


def test_eku_seals_with_its_real_test_certificate() -> None:
    import base64

    from cryptography import x509

    w = World(seed=1, invoices=50_000)
    during = next(w.find(rfc=EKU, direction="issued", start=datetime(2024, 1, 1), end=datetime(2024, 2, 1)))
    root = etree.fromstring(w.xml(during))
    assert root.get("NoCertificado") == "30001000000500003416"
    cert = x509.load_der_x509_certificate(base64.b64decode(root.get("Certificado")))
    assert "EKU9003173C9" in cert.subject.rfc4514_string()
    before = next(w.find(rfc=EKU, direction="issued", start=datetime(2020, 1, 1), end=datetime(2020, 2, 1)))
    assert etree.fromstring(w.xml(before)).get("NoCertificado") != "30001000000500003416"


def test_documents_appear_only_once_stamped(world: World) -> None:
    start, end = datetime(2023, 3, 1), datetime(2023, 3, 31, 23, 59, 59)
    month = list(world.find(rfc=EKU, direction="issued", start=start, end=end, at=FAR_FUTURE))
    middle = month[len(month) // 2]
    at = middle.stamp_date
    seen = list(world.find(rfc=EKU, direction="issued", start=start, end=end, at=at))
    assert seen == [h for h in month if h.stamp_date <= at]
    assert middle in seen and month[-1] not in seen
    assert world.count(rfc=EKU, direction="issued", start=start, end=end, at=start) == 0
