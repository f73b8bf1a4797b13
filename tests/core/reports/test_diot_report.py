"""``report diot``: June 2025 of a taxpayer's suppliers — PUE and PPD invoices paid in part in later months
(Pagos 1.0 and 2.0), 16 / 8 (north and south border) / 0 % / exento, honorarios and rent with IVA and ISR withheld,
USD invoices and payments, a credit note, a cancelled invoice and a cancelled payment, a 69-B definitivo supplier
and a foreign one — each supplier's figures against the hand-worked month and against an independent reading of
the raw XML (``oracle_diot``); the carga batch file byte by byte; the CLI's three formats. The shared scenario
(``scenario.py``, March 2025) is checked against the same oracle and against ``report iva``.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from lxml import etree

from desktop_app.core.reports.diot import FIELDS, batch_fields, pesos, region_of
from tests.core.reports import oracle_diot, scenario
from tests.core.reports.builder import DR, Concept, Pago, R, T, cfdi, metadata, pagos10, pagos20, payment
from tests.core.reports.conftest import cli, cli_process, report
from tests.core.reports.test_report_cli import _sheets
from tests.efos_support import list_text, row

OWNER = scenario.OWNER
MONTH = "2025-06"
A = "IIA040805DZ4"  # a company, 16 %: PUE, a credit note, a PPD invoice paid over two months (Pagos 2.0)
B = "XOJI740919U48"  # a person: honorarios (ISR 10 %, IVA two thirds), a 3.3 PPD invoice paid by Pagos 1.0
C = "CACX7605101P8"  # a person, RegimenFiscal 606: rent
D = "BNO010101AB1"  # LugarExpedicion in Tijuana: 8 %, región fronteriza norte
E = "BSU010101AB2"  # LugarExpedicion in Tapachula: 8 % (sur), 0 % and exento
F = "USD010101AB3"  # invoices in USD: one PUE, one PPD paid in USD
G = "DEF010101AB4"  # definitivo on the 69-B list
H = "PRE010101AB5"  # presunto on the 69-B list
X = "XEXX010101000"  # a foreign supplier (generic RFC)


def u(n: int) -> str:
    return f"DDDDDDDD-0000-4000-8000-{n:012X}"


A1, A2, A3, EA1, AP1, AP2, AP3 = (u(0xA0 + n) for n in range(1, 8))
B1, B2, BP1 = u(0xB1), u(0xB2), u(0xB3)
C1, D1, E1, F1, F2, FP1, G1, H1, X1 = (u(n) for n in (0xC1, 0xD1, 0xE1, 0xF1, 0xF2, 0xF3, 0x61, 0x71, 0x81))
V16 = "0.160000"


def _as(data: bytes, *, place: str | None = None, regime: str | None = None, name: str | None = None) -> bytes:
    """A builder CFDI issued from another LugarExpedicion, under another regime, or by another name."""
    if place:
        data = data.replace(b'LugarExpedicion="06000"', f'LugarExpedicion="{place}"'.encode())
    if regime:
        data = data.replace(
            b'RegimenFiscal="601"/><cfdi:Receptor', f'RegimenFiscal="{regime}"/><cfdi:Receptor'.encode()
        )
    if name:
        data = data.replace(b'Nombre="EMISOR XEXX010101000"', f'Nombre="{name}"'.encode())
    return data


def documents() -> dict[str, bytes]:
    by = {s: {"issuer": s, "receiver": OWNER} for s in (A, B, C, D, E, F, G, H, X)}
    docs: dict[str, bytes] = {}
    docs[A1] = cfdi(A1, "2025-06-03T10:00:00", **by[A], concepts=[Concept("10000.00", [T("10000.00", "1600.00")])])
    docs[EA1] = cfdi(EA1, "2025-06-20T10:00:00", **by[A], kind="E", related=(("01", A1),), concepts=[
        Concept("1000.00", [T("1000.00", "160.00")], description="Bonificación"),
    ])  # fmt: skip
    docs[A2] = cfdi(A2, "2025-05-10T10:00:00", **by[A], method="PPD", concepts=[
        Concept("20000.00", [T("20000.00", "3200.00")]),
    ])  # fmt: skip
    docs[AP1] = payment(AP1, "2025-05-20T10:00:00", **by[A], complement=pagos20([
        Pago("2025-05-20T12:00:00", "11600.00", [
            DR(A2, "11600.00", "23200.00", "11600.00", taxes=[(V16, "10000.00", "1600.00")]),
        ]),
    ]))  # fmt: skip
    docs[AP2] = payment(AP2, "2025-06-12T10:00:00", **by[A], complement=pagos20([
        Pago("2025-06-12T12:00:00", "5800.00", [
            DR(A2, "5800.00", "11600.00", "5800.00", installment=2, taxes=[(V16, "5000.00", "800.00")]),
        ]),
    ]))  # fmt: skip
    docs[AP3] = payment(AP3, "2025-06-25T10:00:00", **by[A], complement=pagos20([  # cancelled
        Pago("2025-06-25T12:00:00", "1160.00", [
            DR(A2, "1160.00", "5800.00", "4640.00", installment=3, taxes=[(V16, "1000.00", "160.00")]),
        ]),
    ]))  # fmt: skip
    docs[A3] = cfdi(A3, "2025-06-15T10:00:00", **by[A], concepts=[Concept("900.00", [T("900.00", "144.00")])])
    honorarios = [R("5000.00", "500.00", "0.100000", tax="001"), R("5000.00", "533.33", "0.106667")]
    docs[B1] = _as(cfdi(B1, "2025-06-05T10:00:00", **by[B], concepts=[
        Concept("5000.00", [T("5000.00", "800.00")], honorarios),
    ]), regime="612")  # fmt: skip
    docs[B2] = _as(cfdi(B2, "2025-04-10T10:00:00", **by[B], method="PPD", version="3.3", concepts=[
        Concept("3000.00", [T("3000.00", "480.00")],
                [R("3000.00", "300.00", "0.100000", tax="001"), R("3000.00", "320.00", "0.106667")]),
    ]), regime="612")  # fmt: skip
    docs[BP1] = payment(BP1, "2025-06-18T10:00:00", **by[B], version="3.3", complement=pagos10([
        Pago("2025-06-17T12:00:00", "1430.00", [DR(B2, "1430.00", "2860.00", "1430.00")]),
    ]))  # fmt: skip
    docs[C1] = _as(cfdi(C1, "2025-06-01T09:00:00", **by[C], concepts=[
        Concept("10000.00", [T("10000.00", "1600.00")],
                [R("10000.00", "1000.00", "0.100000", tax="001"), R("10000.00", "1066.67", "0.106667")],
                description="Arrendamiento de local"),
    ]), regime="606")  # fmt: skip
    docs[D1] = _as(cfdi(D1, "2025-06-07T10:00:00", **by[D], concepts=[
        Concept("2000.50", [T("2000.50", "160.04", rate="0.080000")]),
    ]), place="22000")  # fmt: skip
    docs[E1] = _as(cfdi(E1, "2025-06-08T10:00:00", **by[E], concepts=[
        Concept("1250.00", [T("1250.00", "100.00", rate="0.080000")]),
        Concept("400.00", [T("400.00", "0.00", rate="0.000000")], description="Alimentos"),
        Concept("300.00", [T("300.00", factor="Exento", rate=None)], description="Libros"),
    ]), place="30700")  # fmt: skip
    docs[F1] = cfdi(F1, "2025-06-09T10:00:00", **by[F], currency="USD", rate="17.2345", concepts=[
        Concept("100.00", [T("100.00", "16.00")]),
    ])  # fmt: skip
    docs[F2] = cfdi(F2, "2025-05-09T10:00:00", **by[F], method="PPD", currency="USD", rate="17.00", concepts=[
        Concept("100.00", [T("100.00", "16.00")]),
    ])  # fmt: skip
    docs[FP1] = payment(FP1, "2025-06-19T10:00:00", **by[F], complement=pagos20([
        Pago("2025-06-19T12:00:00", "116.00", [
            DR(F2, "116.00", "116.00", "0.00", currency="USD", taxes=[(V16, "100.00", "16.00")]),
        ], currency="USD", rate="18.50"),
    ]))  # fmt: skip
    docs[G1] = cfdi(G1, "2025-06-10T10:00:00", **by[G], concepts=[Concept("3000.00", [T("3000.00", "480.00")])])
    docs[H1] = cfdi(H1, "2025-06-11T10:00:00", **by[H], concepts=[Concept("700.00", [T("700.00", "112.00")])])
    docs[X1] = _as(cfdi(X1, "2025-06-12T10:00:00", **by[X], concepts=[
        Concept("1000.00", [T("1000.00", "160.00")]),
    ]), name="ACME CLOUD | INC")  # fmt: skip
    return docs


CANCELLED = {A3, AP3}


def metadata_file(docs: dict[str, bytes]) -> bytes:
    """SAT's word on status: A3 and AP3 cancelled, the rest vigente."""
    rows = []
    for uuid, data in docs.items():
        issuer = re.search(rb'Emisor Rfc="([^"]+)"', data).group(1).decode()  # type: ignore[union-attr]
        kind = re.search(rb'TipoDeComprobante="(.)"', data).group(1).decode()  # type: ignore[union-attr]
        vigente = uuid not in CANCELLED
        cancelled_at = None if vigente else "2025-06-28 10:00:00"
        rows.append((uuid, issuer, OWNER, "2025-06-01 00:00:00", "0.00", kind, vigente, cancelled_at))
    return metadata(rows)


@pytest.fixture(scope="module")
def june(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    base = tmp_path_factory.mktemp("diot")
    docs = documents()
    (base / "xml").mkdir()
    for uuid, data in docs.items():
        (base / "xml" / f"{uuid}.xml").write_bytes(data)
    (base / "metadata.txt").write_bytes(metadata_file(docs))
    listed = [
        row(1, G, "DEFINITIVO SA DE CV", "Definitivo", presunto=("16/02/2018", "08/03/2018"),
            definitivo=("28/09/2018", "23/10/2018")),
        row(2, H, "PRESUNTO SA DE CV", "Presunto", presunto=("08/04/2025", "30/04/2025")),
    ]  # fmt: skip
    (base / "69b.csv").write_bytes(list_text(listed).encode("cp1252"))
    home = base / "home"
    cli_process(home, "profile", "add", OWNER)
    imported = cli_process(home, "invoices", "import", str(base / "xml"))
    assert imported["added"] == len(docs), imported
    cli_process(home, "invoices", "import", str(base / "metadata.txt"))
    cli_process(home, "lists", "import", str(base / "69b.csv"))
    return SimpleNamespace(base=base, home=home, docs=docs)


def _cells(path, number: int) -> list[dict[str, str]]:
    """Rows of sheet ``number`` as {column letter: text}: empty cells are not written, so place matters."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(f"xl/worksheets/sheet{number}.xml"))
    return [
        {re.sub(r"\d", "", c.get("r")): "".join(c.itertext()) for c in r.iter(main + "c")}
        for r in root.iter(main + "row")
    ]


def _by_rfc(data: dict) -> dict[str, dict]:
    return {s["rfc"]: s for s in data["suppliers"]}


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


# June 2025 worked by hand from documents() (docs/reports.md §DIOT):
#  A: A1 PUE 10,000 / 1,600 + AP2 (Pagos 2.0, second installment of A2) 5,000 / 800 = 15,000 / 2,400; EA1 gives
#     back 1,000 / 160 → creditable 2,240. AP1 is May's, AP3 and A3 are cancelled.
#  B: B1 5,000 / 800 (withheld 533.33) + BP1 pays half of B2 (Pagos 1.0: 1,430 / 2,860): 1,500 / 240, withheld
#     160 → 6,500 / 1,040, withheld 693.33; ISR withheld, RegimenFiscal 612 → 03.
#  C: rent 10,000 / 1,600, withheld 1,066.67; RegimenFiscal 606 → 06.
#  D: 8 % from Tijuana: 2,000.50 / 160.04 → fields 8 and 18: 2,000 (50 centavos go down) and 160.
#  E: 8 % from Tapachula 1,250 / 100 → fields 10 and 20; 0 % 400 → 51; exento 300 → 50.
#  F: F1 100 USD × 17.2345 = 1,723.45 / 275.75 + FP1 100 USD × 18.50 = 1,850.00 / 296.00 → 3,573.45 / 571.75.
#  G: definitivo: 3,000 / 480 not creditable (field 37), field 22 written 0, field 54 = 02.
#  H: presunto: counted as creditable, named in the notes.  X: foreign, 1,000 / 160 in fields 16 and 26.
# fmt: off
HAND = {
    A: ("04", "85", {"16": ("15000.00", "1000.00", "2240.00", "0.00")}, "0.00"),
    B: ("04", "03", {"16": ("6500.00", "0.00", "1040.00", "0.00")}, "693.33"),
    C: ("04", "06", {"16": ("10000.00", "0.00", "1600.00", "0.00")}, "1066.67"),
    D: ("04", "85", {"8": ("2000.50", "0.00", "160.04", "0.00")}, "0.00"),
    E: ("04", "85", {"8": ("1250.00", "0.00", "100.00", "0.00"), "0": ("400.00", "0.00", "0.00", "0.00"),
                     "exento": ("300.00", "0.00", "0.00", "0.00")}, "0.00"),
    F: ("04", "85", {"16": ("3573.45", "0.00", "571.75", "0.00")}, "0.00"),
    G: ("04", "85", {"16": ("3000.00", "0.00", "0.00", "480.00")}, "0.00"),
    H: ("04", "85", {"16": ("700.00", "0.00", "112.00", "0.00")}, "0.00"),
    X: ("05", "07", {"16": ("1000.00", "0.00", "160.00", "0.00")}, "0.00"),
}
# fmt: on


def test_june_by_hand(june):
    data = report(june.home, "diot", "--period", MONTH)
    suppliers = _by_rfc(data)
    assert set(suppliers) == set(HAND)
    for rfc, (tipo, operation, rates, withheld) in HAND.items():
        s = suppliers[rfc]
        assert (s["tipo_tercero"], s["tipo_operacion"], s["iva_withheld"]) == (tipo, operation, withheld), rfc
        for key, (base, returns, creditable, not_creditable) in rates.items():
            got = s["by_rate"][key]
            assert (got["paid_base"], got["returns_base"], got["creditable_iva"], got["not_creditable_iva"]) == (
                base, returns, creditable, not_creditable), (rfc, key)  # fmt: skip
    assert suppliers[D]["region"] == "norte" and suppliers[E]["region"] == "sur"
    assert suppliers[G]["list_69b"] == "definitivo" and suppliers[G]["tax_effects"] == "02"
    assert suppliers[H]["list_69b"] == "presunto" and suppliers[H]["tax_effects"] == "01"
    assert data["totals"]["creditable_iva"] == "5983.79"  # 2240 + 1040 + 1600 + 160.04 + 100 + 571.75 + 112 + 160
    assert data["totals"]["not_creditable_iva"] == "480.00"
    assert data["totals"]["iva_withheld"] == "1760.00"
    notes = data["notes"]
    assert notes["list_69b_definitivo"]["rfcs"] == [G] and notes["list_69b_presunto"]["rfcs"] == [H]
    assert notes["foreign_supplier_incomplete"]["rfcs"] == [X]
    assert notes["cancelled"]["count"] == 1 and notes["cancelled_payments"]["count"] == 1
    assert "border_region_assumed" not in notes and "list_69b_not_loaded" not in notes
    assert data["list_69b"]["loaded"] and [e["rfc"] for e in data["list_69b"]["definitivos"]] == [G]


@pytest.mark.parametrize(("first", "last"), [("2025-05", "2025-05"), ("2025-06", "2025-06"),
                                             ("2025-04", "2025-04"), ("2025-04", "2025-06")])  # fmt: skip
def test_every_supplier_against_the_oracle(june, first, last):
    data = report(june.home, "diot", "--period", first, "--to", last, "--detail")
    got = _by_rfc(data)
    truth = oracle_diot.suppliers(june.base, OWNER, first, last)
    assert ("several_months" in data["notes"]) is (first != last)
    definitivos = {G}
    assert set(got) == {rfc for rfc, s in truth.items() if s.paid or s.returns or s.withheld}
    for rfc, s in truth.items():
        if rfc not in got:
            continue
        e = oracle_diot.expected(s, definitivos)
        g = got[rfc]
        assert (g["tipo_tercero"], g["tipo_operacion"], g["region"], g["tax_effects"]) == (
            e["tipo_tercero"], e["tipo_operacion"], e["region"], e["tax_effects"]), rfc  # fmt: skip
        assert _cents(g["iva_withheld"]) == e["iva_withheld"], rfc
        assert {k: {n: _cents(v) for n, v in r.items()} for k, r in g["by_rate"].items()} == e["by_rate"], rfc
        assert set(g["uuids"]) == s.uuids, rfc
        fields = batch_fields(g)
        for number, amount in oracle_diot.batch_amounts(e).items():
            if amount > 0:
                assert fields[number - 1] == str(amount), (rfc, number)
            else:  # nothing due (a 0 where its value field is written), or a negative net: never written
                assert fields[number - 1] in (("", "0") if amount == 0 else ("",)), (rfc, number)


def test_the_shared_scenario_against_the_oracle_and_report_iva(world):
    data = report(world.home, "diot", "--period", "2025-03", "--detail")
    iva = report(world.home, "iva", "--period", "2025-03", "--basis", "cash")["cash"]
    truth = oracle_diot.suppliers(world.base, scenario.OWNER, "2025-03", "2025-03")
    got = _by_rfc(data)
    assert set(got) == {scenario.SUPPLIER, scenario.SUPPLIER_PF}
    for rfc, g in got.items():
        e = oracle_diot.expected(truth[rfc], set())
        assert {k: {n: _cents(v) for n, v in r.items()} for k, r in g["by_rate"].items()} == e["by_rate"], rfc
        assert _cents(g["iva_withheld"]) == e["iva_withheld"]
        assert g["tipo_operacion"] == e["tipo_operacion"]
    # the same IVA, regrouped: what the IVA report credits (and withholds) is the DIOT's total
    assert data["totals"]["creditable_iva"] == iva["creditable_breakdown"]["transferred_to_taxpayer"] == "1352.00"
    assert data["totals"]["iva_withheld"] == iva["withheld_from_suppliers"] == "544.00"
    assert got[scenario.SUPPLIER_PF]["tipo_operacion"] == "03"  # honorarios: ISR withheld
    assert data["notes"]["border_region_assumed"]["rfcs"] == [scenario.SUPPLIER]  # 8 % from Mexico City's 06000
    assert "list_69b_not_loaded" in data["notes"]


def test_the_totals_are_report_ivas(june):
    data = report(june.home, "diot", "--period", MONTH)
    cash = report(june.home, "iva", "--period", MONTH, "--basis", "cash")["cash"]
    creditable = _cents(data["totals"]["creditable_iva"]) + _cents(data["totals"]["not_creditable_iva"])
    iva_side = _cents(cash["creditable_breakdown"]["transferred_to_taxpayer"]) + _cents(
        cash.get("not_creditable_69b", "0.00")
    )
    assert creditable == iva_side
    assert data["totals"]["iva_withheld"] == cash["withheld_from_suppliers"]


# Lines written by hand from the layout (docs/diot-2025.md §3), 54 fields, 53 pipes:
#  A: 1 = 04 national, 2 = 85 otros, 3 = RFC, 12 = 15,000 paid at 16 %, 13 = 1,000 of credit notes, 22 = 2,240
#     creditable, 54 = 01.
#  D: 8 = 2,000 paid in the región fronteriza norte (2,000.50: 50 centavos go down), 18 = 160 creditable.
#  G: definitivo on the 69-B list: 12 = 3,000, 22 = 0 (written: its value field is), 37 = 480 not creditable
#     ("no cumple con requisitos"), 54 = 02.
#  X: 1 = 05 foreign, 2 = 07, 3 and 4 empty (no RFC, the CFDI gives no tax id), 5 = the name (its pipe made a
#     space), 6 empty (no country), 16 = 1,000 import of services, 26 = 160 creditable.
GOLDEN_A = "04|85|IIA040805DZ4|||||||||15000|1000|||||||||2240||||||||||||||||||||||||||||||||01"
GOLDEN_D = "04|85|BNO010101AB1|||||2000||||||||||160||||||||||||||||||||||||||||||||||||01"
GOLDEN_G = "04|85|DEF010101AB4|||||||||3000||||||||||0|||||||||||||||480|||||||||||||||||02"
GOLDEN_X = "05|07|||ACME CLOUD INC|||||||||||1000||||||||||160||||||||||||||||||||||||||||01"


def test_the_batch_file(june, tmp_path):
    target = tmp_path / "diot.txt"
    out = report(june.home, "diot", "--period", MONTH, "--format", "txt", "--output", str(target))
    assert out["output"] == str(target) and out["format"] == "txt"
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    text = raw.decode("utf-8")
    assert not text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # CRLF between lines, none after
    lines = text.split("\r\n")
    assert len(lines) == len(HAND)
    for line in lines:
        assert line.count("|") == FIELDS - 1 and len(line.split("|")) == 54, line
        fields = line.split("|")
        assert all(f == f.strip() for f in fields)
        assert all(f.isdigit() for f in fields[7:53] if f)  # whole pesos, no sign, no decimals
        assert fields[53] in ("01", "02")
    by_rfc = {line.split("|")[2] or line.split("|")[4]: line for line in lines}
    assert by_rfc[A] == GOLDEN_A
    assert by_rfc[D] == GOLDEN_D
    assert by_rfc[G] == GOLDEN_G
    assert by_rfc["ACME CLOUD INC"] == GOLDEN_X
    assert [line.split("|")[0] for line in lines] == sorted(line.split("|")[0] for line in lines)
    e_line = by_rfc[E].split("|")
    assert (e_line[9], e_line[19], e_line[49], e_line[50], e_line[7]) == ("1250", "100", "300", "400", "")
    b_line = by_rfc[B].split("|")
    assert (b_line[1], b_line[11], b_line[21], b_line[47]) == ("03", "6500", "1040", "693")


def test_workbook_and_json(june, tmp_path):
    target = tmp_path / "diot.xlsx"
    report(june.home, "diot", "--period", MONTH, "--format", "xlsx", "--output", str(target), "--detail")
    assert zipfile.is_zipfile(target)
    sheets = _sheets(target)  # every part well-formed, header frozen, widths, no formulas
    assert list(sheets) == ["DIOT", "Carga batch"]
    table = _cells(target, 1)
    header = table[0]
    assert [header[c] for c in "ABCD"] == ["RFC", "Nombre", "Tipo de tercero", "Tipo de operación"]
    rows = {r["A"]: {header[c]: v for c, v in r.items()} for r in table[1:] if "A" in r}
    assert Decimal(rows[A]["IVA acreditable 16 %"]) == Decimal("2240")
    assert Decimal(rows[G]["IVA no acreditable 16 %"]) == Decimal("480")
    total = rows["Total — proveedores: 9"]
    assert Decimal(total["Valor pagado 16 %"]) == Decimal("39773.45")  # A 15,000 + B 6,500 + C 10,000 + F + G + H + X
    batch = sheets["Carga batch"]
    assert len(batch[0]) == 54 and batch[0][0] == "1 Tipo de tercero" and batch[0][53].startswith("54 ")
    data = report(june.home, "diot", "--period", MONTH, "--detail")
    a = _by_rfc(data)[A]
    assert set(a["uuids"]) == {A1, EA1, A2, AP2}
    assert "uuids" not in _by_rfc(report(june.home, "diot", "--period", MONTH))[A]


def test_usage(june):
    code, doc = cli(june.home, "report", "diot", "--period", MONTH, "--basis", "cash")
    assert code == 1 and doc["error"]["code"] == "basis_not_applicable"
    code, doc = cli(june.home, "report", "diot", "--period", MONTH, "--format", "txt")
    assert code == 1 and doc["error"]["code"] == "output_required"


def test_a_month_without_payments_writes_an_empty_batch(june, tmp_path):
    target = tmp_path / "empty.txt"
    data = report(june.home, "diot", "--period", "2024-01", "--format", "txt", "--output", str(target))
    assert data["totals"]["suppliers"] == 0 and target.read_bytes() == b""


@pytest.mark.parametrize(
    ("cents", "whole"),
    [(0, 0), (49, 0), (50, 0), (51, 1), (150, 1), (151, 2), (199, 2), (200050, 2000), (16004, 160), (-151, -2)],
)
def test_pesos_follow_cff_article_20(cents, whole):
    assert pesos(cents) == whole == oracle_diot.whole_pesos(cents)


@pytest.mark.parametrize(
    ("code", "region"),
    [("22000", "norte"), ("83000", "norte"), ("88500", "norte"), ("30700", "sur"), ("77000", "sur"),
     ("86000", "sur"), ("24000", "sur"), ("06000", None), ("23000", None), ("", None), ("2200", None)],
)  # fmt: skip
def test_border_region_by_postal_code(code, region):
    assert region_of(code) == region
    if len(code) == 5:
        assert oracle_diot.border(code) == region


def test_fields_are_54_for_every_kind_of_supplier():
    zero = {"paid_base": "0.00", "returns_base": "0.00", "creditable_iva": "0.00", "not_creditable_iva": "0.00"}
    for tipo, operation in (("04", "85"), ("05", "07"), ("15", "87")):
        supplier = {"rfc": "XAXX010101000", "name": "A|B\r\nC", "tipo_tercero": tipo, "tipo_operacion": operation,
                    "region": None, "by_rate": {"16": zero}, "iva_withheld": "0.00", "tax_effects": "01"}  # fmt: skip
        fields = batch_fields(supplier)
        assert len(fields) == 54 and all("|" not in f and "\n" not in f for f in fields)
        assert fields[2] == ("" if tipo == "05" else "XAXX010101000")
        assert fields[4] == ("A B C" if tipo == "05" else "")
