"""The income world of the ISR, nómina and retenciones tests: the IVA scenario's months (``scenario.py``: PUE and PPD
with partial payments in later months, Pagos 1.0 and 2.0, USD, credit notes, cancelled documents) plus

* issued CFDI whose clients withheld ISR, under the owner's regimes 612 (honorarios) and 606 (arrendamiento), one
  of them PPD in USD paid in March (Pagos 2.0 with ``RetencionesDR`` of ISR) and April (Pagos 2.0 without
  ``ImpuestosDR``: the paid proportion);
* received CFDI from which the owner withheld ISR: a 612 person (honorarios), a 606 landlord, a 626 RESICO;
* received CFDI from a supplier that is *definitivo* on the 69-B list (PUE, and PPD paid by a Pagos 2.0 in March)
  and from a *presunto* one, with the list itself;
* payroll receipts (Nómina 1.2) with ISR, subsidio para el empleo, one paid in March but issued in April, one
  issued in March for February, one cancelled;
* received CFDI de Retenciones (2.0 and 1.0): interest of March, a quarter of honorarios (January–March), an
  "otro tipo" whose ImpRetenidos do not add up, a cancelled one.

Everything is written as files (XML folder, SAT metadata, the 69-B CSV) and indexed through the real CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.core.reports import scenario
from tests.core.reports.builder import DR, TFD, Concept, Pago, R, T, cfdi, metadata, pagos20, payment
from tests.core.reports.conftest import cli_process
from tests.efos_support import list_text, row

OWNER = scenario.OWNER
CLIENT = scenario.CLIENT
PERSON_612 = "XOJI740919U48"
LANDLORD_606 = "GOMJ7505123A1"  # desvirtuado on the list: counted as any other
RESICO_626 = "ROSL800101AB2"
DEFINITIVO = "IMP1104018N5"
PRESUNTO = "CAP0807157Z3"
BANK = "BBA830831LJ2"


def u(n: int) -> str:
    return f"33333333-0000-4000-8000-{n:012X}"


H1, A1, H2, HP1, HP2 = u(0x101), u(0x102), u(0x103), u(0x1A1), u(0x1A2)
RH1, RA1, RR1 = u(0x201), u(0x202), u(0x203)
D1, D2, DP1, PR1 = u(0x301), u(0x302), u(0x3A1), u(0x303)
N1, N2, N3, N4, N5 = (u(0x400 + n) for n in range(1, 6))
RT1, RT2, RT3, RT4, RT5 = (u(0x500 + n) for n in range(1, 6))
CANCELLED = {N5, RT5}


def _regime(data: bytes, issuer: str, regime: str) -> bytes:
    """The builder writes every issuer as 601: this document's issuer has ``regime``."""
    old = f'<cfdi:Emisor Rfc="{issuer}" Nombre="EMISOR {issuer}" RegimenFiscal="601"/>'.encode()
    assert data.count(old) == 1
    return data.replace(
        old, f'<cfdi:Emisor Rfc="{issuer}" Nombre="EMISOR {issuer}" RegimenFiscal="{regime}"/>'.encode()
    )


def _isr_dr(complement: str) -> str:
    """Pagos 2.0 RetencionDR at 10 % written as IVA by the builder → ISR (001)."""
    old = 'ImpuestoDR="002" TipoFactorDR="Tasa" TasaOCuotaDR="0.100000"'
    assert old in complement
    return complement.replace(old, 'ImpuestoDR="001" TipoFactorDR="Tasa" TasaOCuotaDR="0.100000"')


def _honorarios(amount: str, iva: str, isr: str, iva_w: str, rate: str = "0.100000") -> Concept:
    return Concept(amount, [T(amount, iva)], [R(amount, isr, rate, tax="001"), R(amount, iva_w, "0.106667")])


def cfdi_documents() -> dict[str, bytes]:
    docs: dict[str, bytes] = {}
    iss = {"issuer": OWNER, "receiver": CLIENT}
    docs[H1] = _regime(cfdi(H1, "2025-03-07T10:00:00", **iss, concepts=[
        _honorarios("10000.00", "1600.00", "1000.00", "1066.67")]), OWNER, "612")  # fmt: skip
    docs[A1] = _regime(cfdi(A1, "2025-03-09T10:00:00", **iss, concepts=[
        _honorarios("8000.00", "1280.00", "800.00", "853.33")]), OWNER, "606")  # fmt: skip
    docs[H2] = _regime(cfdi(H2, "2025-02-14T10:00:00", **iss, method="PPD", currency="USD", rate="17.80", concepts=[
        _honorarios("1000.00", "160.00", "100.00", "106.67")]), OWNER, "612")  # fmt: skip
    # H2 totals 953.33 USD: 500.00 paid in March in MXN (EquivalenciaDR 0.0555555556: 18.00 MXN per USD) with
    # ImpuestosDR (ISR withheld among them), the rest in April without ImpuestosDR (the paid proportion counts)
    docs[HP1] = _regime(payment(HP1, "2025-03-21T09:00:00", **iss, complement=_isr_dr(pagos20([
        Pago("2025-03-20T12:00:00", "9000.00", [
            DR(H2, "500.00", "953.33", "453.33", currency="USD", equivalence="0.0555555556",
               taxes=[("0.160000", "524.48", "83.92")],
               withheld=[("0.100000", "524.48", "52.45"), ("0.106667", "524.48", "55.94")]),
        ]),
    ]))), OWNER, "612")  # fmt: skip
    docs[HP2] = _regime(payment(HP2, "2025-04-16T09:00:00", **iss, complement=pagos20([
        Pago("2025-04-15T12:00:00", "453.33", [
            DR(H2, "453.33", "453.33", "0.00", installment=2, currency="USD"),
        ], currency="USD", rate="18.50"),
    ])), OWNER, "612")  # fmt: skip
    # Received: the owner withheld ISR
    docs[RH1] = _regime(cfdi(RH1, "2025-03-04T10:00:00", issuer=PERSON_612, receiver=OWNER, concepts=[
        _honorarios("5000.00", "800.00", "500.00", "533.33")]), PERSON_612, "612")  # fmt: skip
    docs[RA1] = _regime(cfdi(RA1, "2025-03-01T10:00:00", issuer=LANDLORD_606, receiver=OWNER, concepts=[
        _honorarios("12000.00", "1920.00", "1200.00", "1280.00")]), LANDLORD_606, "606")  # fmt: skip
    docs[RR1] = _regime(cfdi(RR1, "2025-03-05T10:00:00", issuer=RESICO_626, receiver=OWNER, concepts=[
        Concept("3000.00", [T("3000.00", "480.00")], [R("3000.00", "37.50", "0.012500", tax="001")])]),
        RESICO_626, "626")  # fmt: skip
    # 69-B
    docs[D1] = cfdi(D1, "2025-03-12T10:00:00", issuer=DEFINITIVO, receiver=OWNER, concepts=[
        Concept("20000.00", [T("20000.00", "3200.00")])])  # fmt: skip
    docs[D2] = cfdi(D2, "2025-02-03T10:00:00", issuer=DEFINITIVO, receiver=OWNER, method="PPD", concepts=[
        Concept("10000.00", [T("10000.00", "1600.00")])])  # fmt: skip
    docs[DP1] = payment(DP1, "2025-03-16T09:00:00", issuer=DEFINITIVO, receiver=OWNER, complement=pagos20([
        Pago("2025-03-15T12:00:00", "5800.00", [DR(D2, "5800.00", "11600.00", "5800.00",
                                                   taxes=[("0.160000", "5000.00", "800.00")])]),
    ]))  # fmt: skip
    docs[PR1] = cfdi(PR1, "2025-03-18T10:00:00", issuer=PRESUNTO, receiver=OWNER, concepts=[
        Concept("1000.00", [T("1000.00", "160.00")])])  # fmt: skip
    return docs


# -- payroll -----------------------------------------------------------------------------------------------------

NOMINA12 = "http://www.sat.gob.mx/nomina12"


@dataclass
class Employee:
    rfc: str
    curp: str
    name: str
    number: str


EMP1 = Employee("PEGJ800101AB1", "PEGJ800101HDFRRN05", "JUAN PÉREZ GARCÍA", "0007")
EMP2 = Employee("LOMM900505CD2", "LOMM900505MJCPRR08", "MARÍA LÓPEZ MORA", "0012")


@dataclass
class Slip:
    """One payroll receipt: perceptions (tipo, gravado, exento), deductions (tipo, importe), other payments
    (tipo, importe, subsidio causado)."""

    uuid: str
    issued: str
    paid: str
    employee: Employee
    perceptions: list[tuple[str, str, str]]
    deductions: list[tuple[str, str]] = field(default_factory=list)
    others: list[tuple[str, str, str | None]] = field(default_factory=list)


SLIPS = [
    Slip(N1, "2025-03-15T18:00:00", "2025-03-15", EMP1, [("001", "7500.00", "0.00"), ("029", "0.00", "1000.00")],
         [("001", "200.00"), ("002", "650.00")]),
    Slip(N2, "2025-03-15T18:05:00", "2025-03-15", EMP2, [("001", "3000.00", "0.00")], [("001", "80.00")],
         [("002", "150.00", "195.00")]),
    Slip(N3, "2025-04-02T10:00:00", "2025-03-31", EMP1, [("001", "7500.00", "0.00"), ("010", "750.00", "0.00")],
         [("001", "200.00"), ("002", "812.34")]),
    Slip(N4, "2025-03-01T09:00:00", "2025-02-28", EMP2, [("001", "3000.00", "0.00")], [("001", "80.00")],
         [("002", "150.00", "195.00")]),
    Slip(N5, "2025-03-31T19:00:00", "2025-03-31", EMP2, [("001", "3000.00", "0.00")], [("001", "80.00")],
         [("002", "150.00", "195.00")]),
]  # fmt: skip


def payroll(slip: Slip) -> bytes:
    from decimal import Decimal

    taxed = sum((Decimal(g) for _t, g, _e in slip.perceptions), Decimal(0))
    exempt = sum((Decimal(e) for _t, _g, e in slip.perceptions), Decimal(0))
    deductions = sum((Decimal(a) for _t, a in slip.deductions), Decimal(0))
    others = sum((Decimal(a) for _t, a, _c in slip.others), Decimal(0))
    isr = sum((Decimal(a) for t, a in slip.deductions if t == "002"), Decimal(0))
    perc = "".join(
        f'<nomina12:Percepcion TipoPercepcion="{t}" Clave="{t}" Concepto="P{t}" ImporteGravado="{g}" '
        f'ImporteExento="{e}"/>'
        for t, g, e in slip.perceptions
    )
    ded_attrs = f' TotalOtrasDeducciones="{deductions - isr}"' + (f' TotalImpuestosRetenidos="{isr}"' if isr else "")
    ded = "".join(
        f'<nomina12:Deduccion TipoDeduccion="{t}" Clave="{t}" Concepto="D{t}" Importe="{a}"/>'
        for t, a in slip.deductions
    )
    other = "".join(
        f'<nomina12:OtroPago TipoOtroPago="{t}" Clave="{t}" Concepto="O{t}" Importe="{a}">'
        + (f'<nomina12:SubsidioAlEmpleo SubsidioCausado="{c}"/>' if c else "")
        + "</nomina12:OtroPago>"
        for t, a, c in slip.others
    )
    totals = f' TotalPercepciones="{taxed + exempt}" TotalDeducciones="{deductions}"' + (
        f' TotalOtrosPagos="{others}"' if slip.others else ""
    )
    e = slip.employee
    complement = (
        f'<nomina12:Nomina xmlns:nomina12="{NOMINA12}" Version="1.2" TipoNomina="O" FechaPago="{slip.paid}" '
        f'FechaInicialPago="2025-03-01" FechaFinalPago="{slip.paid}" NumDiasPagados="15.000"{totals}>'
        '<nomina12:Emisor RegistroPatronal="A1234567890"/>'
        f'<nomina12:Receptor Curp="{e.curp}" NumSeguridadSocial="12345678901" TipoContrato="01" TipoRegimen="02" '
        f'NumEmpleado="{e.number}" PeriodicidadPago="04" ClaveEntFed="CMX"/>'
        f'<nomina12:Percepciones TotalSueldos="{taxed + exempt}" TotalGravado="{taxed}" TotalExento="{exempt}">'
        f"{perc}</nomina12:Percepciones>"
        + (f"<nomina12:Deducciones{ded_attrs}>{ded}</nomina12:Deducciones>" if slip.deductions else "")
        + (f"<nomina12:OtrosPagos>{other}</nomina12:OtrosPagos>" if slip.others else "")
        + "</nomina12:Nomina>"
    )
    total = taxed + exempt + others - deductions
    return (
        '<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" Serie="N" Folio="{slip.uuid[-4:]}" Fecha="{slip.issued}" FormaPago="99" '
        'NoCertificado="30001000000500003416" Certificado="" '
        f'SubTotal="{taxed + exempt + others}" Descuento="{deductions}" Moneda="MXN" Total="{total}" '
        'TipoDeComprobante="N" Exportacion="01" MetodoPago="PUE" LugarExpedicion="06000" Sello="AAAA">'
        f'<cfdi:Emisor Rfc="{OWNER}" Nombre="EMISOR {OWNER}" RegimenFiscal="601"/>'
        f'<cfdi:Receptor Rfc="{e.rfc}" Nombre="{e.name}" DomicilioFiscalReceptor="06000" '
        'RegimenFiscalReceptor="605" UsoCFDI="CN01"/>'
        '<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="84111505" Cantidad="1" ClaveUnidad="ACT" '
        f'Descripcion="Pago de nómina" ValorUnitario="{taxed + exempt + others}" Importe="{taxed + exempt + others}" '
        f'Descuento="{deductions}" ObjetoImp="01"/></cfdi:Conceptos>'
        f"<cfdi:Complemento>{complement}"
        f'<tfd:TimbreFiscalDigital xmlns:tfd="{TFD}" Version="1.1" UUID="{slip.uuid}" FechaTimbrado="{slip.issued}" '
        'RfcProvCertif="SAT970701NN3" SelloCFD="x" NoCertificadoSAT="30001000000500003456" SelloSAT="y"/>'
        "</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


# -- Retenciones ---------------------------------------------------------------------------------------------------

RET2 = "http://www.sat.gob.mx/esquemas/retencionpago/2"
RET1 = "http://www.sat.gob.mx/esquemas/retencionpago/1"


def retention20(
    uuid: str,
    issued: str,
    issuer: str,
    key: str,
    months: tuple[int, int],
    year: int,
    totals: tuple[str, str, str, str],
    taxes: list[tuple[str, str, str]],
    desc: str | None = None,
) -> bytes:
    operation, taxed, exempt, withheld = totals
    imp = "".join(
        f'<retenciones:ImpRetenidos BaseRet="{base}" ImpuestoRet="{tax}" MontoRet="{amount}" TipoPagoRet="01"/>'
        for tax, base, amount in taxes
    )
    desc_attr = f' DescRetenc="{desc}"' if desc else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><retenciones:Retenciones xmlns:retenciones="{RET2}" Version="2.0" '
        f'FolioInt="{uuid[-4:]}" NoCertificado="30001000000500003416" Certificado="" Sello="AAAA" '
        f'CveRetenc="{key}"{desc_attr} FechaExp="{issued}" LugarExpRetenc="06000">'
        f'<retenciones:Emisor RfcE="{issuer}" NomDenRazSocE="RETENEDOR {issuer}" RegimenFiscalE="601"/>'
        f'<retenciones:Receptor NacionalidadR="Nacional"><retenciones:Nacional RfcR="{OWNER}" '
        f'NomDenRazSocR="RECEPTOR {OWNER}" DomicilioFiscalR="06000"/></retenciones:Receptor>'
        f'<retenciones:Periodo MesIni="{months[0]:02d}" MesFin="{months[1]:02d}" Ejercicio="{year}"/>'
        f'<retenciones:Totales MontoTotOperacion="{operation}" MontoTotGrav="{taxed}" MontoTotExent="{exempt}" '
        f'MontoTotRet="{withheld}">{imp}</retenciones:Totales>'
        f'<retenciones:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="{TFD}" Version="1.1" UUID="{uuid}" '
        f'FechaTimbrado="{issued}" RfcProvCertif="SAT970701NN3" SelloCFD="x" NoCertificadoSAT="30001000000500003456" '
        'SelloSAT="y"/></retenciones:Complemento></retenciones:Retenciones>'
    ).encode()


def retention10(uuid: str, issued: str) -> bytes:
    """Retenciones 1.0: interest of March 2025 (lower-case Totales attributes, Impuesto "01")."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><retenciones:Retenciones xmlns:retenciones="{RET1}" Version="1.0" '
        f'FolioInt="R10" Sello="AAAA" NumCert="30001000000500003416" Cert="" FechaExp="{issued}-06:00" '
        'CveRetenc="16">'
        f'<retenciones:Emisor RFCEmisor="{BANK}" NomDenRazSocE="BANCO"/>'
        f'<retenciones:Receptor Nacionalidad="Nacional"><retenciones:Nacional RFCRecep="{OWNER}"/>'
        '</retenciones:Receptor><retenciones:Periodo MesIni="3" MesFin="3" Ejerc="2025"/>'
        '<retenciones:Totales montoTotOperacion="1234.56" montoTotGrav="1000.00" montoTotExent="234.56" '
        'montoTotRet="12.35"><retenciones:ImpRetenidos BaseRet="1234.56" Impuesto="01" montoRet="12.35" '
        'TipoPagoRet="Pago definitivo"/></retenciones:Totales>'
        f'<retenciones:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="{TFD}" Version="1.0" UUID="{uuid}" '
        f'FechaTimbrado="{issued}" selloCFD="x" noCertificadoSAT="30001000000500003456" selloSAT="y"/>'
        "</retenciones:Complemento></retenciones:Retenciones>"
    ).encode()


def retention_documents() -> dict[str, bytes]:
    return {
        RT1: retention20(RT1, "2025-04-05T10:00:00", BANK, "16", (3, 3), 2025,
                         ("5000.00", "5000.00", "0.00", "48.50"), [("001", "5000.00", "48.50")]),
        RT2: retention20(RT2, "2025-04-10T10:00:00", CLIENT, "01", (1, 3), 2025,
                         ("30000.00", "30000.00", "0.00", "6200.00"),
                         [("001", "30000.00", "3000.00"), ("002", "30000.00", "3200.00")]),
        RT3: retention20(RT3, "2025-03-20T10:00:00", CLIENT, "25", (3, 3), 2025,
                         ("700.00", "500.00", "200.00", "20.00"),
                         [("001", "500.00", "10.00"), ("003", "500.00", "4.00")],
                         desc="Premios de lotería estatal"),
        RT4: retention10(RT4, "2025-04-06T10:00:00"),
        RT5: retention20(RT5, "2025-04-05T11:00:00", BANK, "16", (3, 3), 2025,
                         ("900.00", "900.00", "0.00", "9.00"), [("001", "900.00", "9.00")]),
    }  # fmt: skip


def documents() -> dict[str, bytes]:
    """Every document of the income world (the IVA scenario's too)."""
    return {
        **scenario.documents(),
        **cfdi_documents(),
        **{slip.uuid: payroll(slip) for slip in SLIPS},
        **retention_documents(),
    }


def metadata_file() -> bytes:
    """The IVA scenario's statuses, and this world's: N5 and RT5 cancelled, the rest vigente."""
    base = scenario.metadata_file().decode().rstrip("\r\n")
    lines = []
    for uuid in [*cfdi_documents(), *(s.uuid for s in SLIPS), *retention_documents()]:
        cancelled = uuid in CANCELLED
        kind = "N" if uuid in {s.uuid for s in SLIPS} else "I"
        lines.append((uuid, OWNER, CLIENT, "2025-03-01 00:00:00", "0.00", kind, not cancelled,
                      "2025-04-20 10:00:00" if cancelled else None))  # fmt: skip
    extra = metadata(lines).decode().split("\r\n", 1)[1]
    return (base + "\r\n" + extra).encode()


def efos_list() -> bytes:
    rows = [
        row(1, DEFINITIVO, "INMOBILIARIA DEFINITIVA, S.A. DE C.V.", "Definitivo",
            presunto=("15/08/2019", "05/09/2019"), definitivo=("12/06/2020", "02/07/2020")),
        row(2, PRESUNTO, "COMERCIALIZADORA PRESUNTA, S.A. DE C.V.", "Presunto", presunto=("08/04/2026", "30/04/2026")),
        row(3, LANDLORD_606, "GÓMEZ MUÑOZ JOSÉ", "Desvirtuado", presunto=("14/05/2018", "04/06/2018"),
            desvirtuado=("10/01/2019", "")),
    ]  # fmt: skip
    return list_text(rows).encode("cp1252")


def write(folder: Path) -> Path:
    xml = folder / "xml"
    xml.mkdir(parents=True, exist_ok=True)
    for uuid, data in documents().items():
        (xml / f"{uuid}.xml").write_bytes(data)
    (folder / "metadata.txt").write_bytes(metadata_file())
    (folder / "Listado_Completo_69-B.csv").write_bytes(efos_list())
    return folder


def build_home(base: Path) -> Path:
    home = base / "home"
    cli_process(home, "profile", "add", OWNER)
    imported = cli_process(home, "invoices", "import", str(base / "xml"), env={"DESCARGA_MASIVA_PARALLEL_MIN": "1"})
    assert imported["added"] == len(documents()) and imported["skipped"] == 0, imported
    cli_process(home, "invoices", "import", str(base / "metadata.txt"))
    loaded = cli_process(home, "lists", "import", str(base / "Listado_Completo_69-B.csv"))
    assert loaded["rows"] == 3, loaded
    return home


@pytest.fixture(scope="session")
def income_world(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    base = write(tmp_path_factory.mktemp("income"))
    home = build_home(base)
    return SimpleNamespace(base=base, home=home)
