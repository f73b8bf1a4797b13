"""Shared by the 69-B list's tests (core, CLI, GUI): the fixture, lists written in SAT's layout, stamped CFDI.

``tests/fixtures/efos/Listado_Completo_69-B.csv`` is synthetic, in SAT's published layout (see its README row):
Windows-1252, CRLF, two lines of preamble, the 20-column header, seven rows (one suppressed by SAT) and a
filler line. What it holds is spelled out in :data:`FIXTURE_ROWS` so tests compare against it, not against the
parser's own output.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import quoteattr

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "efos" / "Listado_Completo_69-B.csv"
PROFILE = "EKU9003173C9"  # SAT's public test RFC, the sandbox's taxpayer

# The 20 columns, spelled as SAT's file spells them (docs/efos-69b.md).
HEADER = [
    "No",
    "RFC",
    "Nombre del Contribuyente",
    "Situación del contribuyente",
    "Número y fecha de oficio global de presunción SAT",
    "Publicación página SAT presuntos",
    "Número y fecha de oficio global de presunción DOF",
    "Publicación DOF presuntos",
    "Número y fecha de oficio global de contribuyentes que desvirtuaron SAT",
    "Publicación página SAT desvirtuados",
    "Número y fecha de oficio global de contribuyentes que desvirtuaron DOF",
    "Publicación DOF desvirtuados",
    "Número y fecha de oficio global de definitivos SAT",
    "Publicación página SAT definitivos",
    "Número y fecha de oficio global de definitivos DOF",
    "Publicación DOF definitivos",
    "Número y fecha de oficio global de sentencia favorable SAT",
    "Publicación página SAT sentencia favorable",
    "Número y fecha de oficio global de sentencia favorable DOF",
    "Publicación DOF sentencia favorable",
]
PREAMBLE = [
    '"Información actualizada al 31 de mayo de 2026; los listados que se publican son de carácter informativo, '
    'consulta la situación de tus proveedores.",' + "," * 18,
    "Listado completo de contribuyentes (Artículo 69-B del CFF)," + "," * 18,
]

# What the fixture holds, as an accountant reads it: rfc → (name, situation, {step: (portal, DOF)}, line).
FIXTURE_ROWS = {
    "CAP0807157Z3": (
        "COMERCIALIZADORA ÁLAMO Y PEÑA, S.A. DE C.V.",
        "presunto",
        {"presunto": ("2026-04-08", "2026-04-30")},
        4,
    ),
    "SEÑ130220KJ8": (
        'SERVICIOS EMPRESARIALES "LA ÑUBLA", S.C.',
        "definitivo",
        {"presunto": ("2018-02-16", "2018-03-08"), "definitivo": ("2018-09-28", "2018-10-23")},
        5,
    ),
    "GOMJ7505123A1": (
        "GÓMEZ MUÑOZ JOSÉ",
        "desvirtuado",
        {"presunto": ("2018-05-14", "2018-06-04"), "desvirtuado": ("2019-01-10", None)},
        6,
    ),
    "T&A100905RZ4": (
        "TRANSPORTES & ACARREOS DEL BAJÍO, S.A. DE C.V.",
        "sentencia_favorable",
        {
            "presunto": ("2017-09-18", "2017-10-20"),
            "definitivo": ("2018-12-12", "2019-01-14"),
            # the DOF cell holds the oficio's text: its date is read from the words
            "sentencia_favorable": ("2019-03-05", "2019-04-16"),
        },
        7,
    ),
    # line 8: XXXXXXXXXXXX, "Información suprimida…" (suppressed by SAT)
    "IMP1104018N5": (
        "INMOBILIARIA Y CONSTRUCTORA DEL PACÍFICO, S.A. DE C.V.",  # a line break inside the quoted name
        "definitivo",
        # the DOF cell holds the Excel serial 44014
        {"presunto": ("2019-08-15", "2019-09-05"), "definitivo": ("2020-06-12", "2020-07-02")},
        9,
    ),
    "ROSL800101AB2": ("ROSALES SALAZAR LUZ MARÍA", "presunto", {"presunto": ("2026-05-08", None)}, 11),
}


def list_text(rows: list[list[str]], *, preamble: bool = True, header: list[str] | None = None) -> str:
    """A list in SAT's layout (text; encode it as the test needs): preamble, header, rows, CRLF."""
    out = io.StringIO(newline="")
    if preamble:
        out.write("\r\n".join(PREAMBLE) + "\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue()


def row(no: int, rfc: str, name: str, situation: str, **steps: tuple[str, str]) -> list[str]:
    """One row: ``presunto=("16/02/2018", "08/03/2018")`` gives the step's oficio and portal / DOF dates."""
    cells = [str(no), rfc, name, situation]
    for step in ("presunto", "desvirtuado", "definitivo", "sentencia_favorable"):
        dates = steps.get(step)
        cells += [f"500-05-2020-{no} de fecha x", dates[0], f"500-05-2020-{no}", dates[1]] if dates else [""] * 4
    return cells


def synthetic_rfc(i: int) -> str:
    """The ``i``-th of 456,976 distinct RFC-shaped (persona física) RFCs."""
    letters = ""
    for _ in range(4):
        i, digit = divmod(i, 26)
        letters += chr(ord("A") + digit)
    return f"{letters}800101AB1"


def write_big_list(path: Path, size: int) -> int:
    """A valid list of at least ``size`` bytes written row by row (never whole in memory); how many rows."""
    n = 0
    with open(path, "w", encoding="cp1252", newline="") as fh:
        fh.write(list_text([]))
        writer = csv.writer(fh, lineterminator="\r\n")
        while fh.tell() < size:
            writer.writerows(
                row(n + k, synthetic_rfc(n + k), f"CONTRIBUYENTE SINTÉTICO {n + k}, S.A. DE C.V.", "Definitivo",
                    presunto=("16/02/2018", "08/03/2018"), definitivo=("28/09/2018", "23/10/2018"))
                for k in range(1000)
            )  # fmt: skip
            n += 1000
    return n


def cfdi(n: int, subtotal: str, *, issuer: str, receiver: str, issuer_name: str = "Emisor",
         receiver_name: str = "Receptor", fecha: str = "2026-05-10T10:00:00") -> bytes:  # fmt: skip
    """A stamped CFDI 4.0 with 16 % IVA (what the index reads: parties, amounts, the TFD's UUID)."""
    iva = f"{Decimal(subtotal) * Decimal('0.16'):.2f}"
    total = f"{Decimal(subtotal) + Decimal(iva):.2f}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" TipoDeComprobante="I" Fecha="{fecha}" SubTotal="{subtotal}" Total="{total}" Moneda="MXN" '
        f'MetodoPago="PUE" Serie="A" Folio="{n}" Sello="QUJDREVGR0g=">\n'
        f'  <cfdi:Emisor Rfc={quoteattr(issuer)} Nombre={quoteattr(issuer_name)} RegimenFiscal="601"/>\n'
        f'  <cfdi:Receptor Rfc={quoteattr(receiver)} Nombre={quoteattr(receiver_name)} UsoCFDI="G03"/>\n'
        f'  <cfdi:Conceptos><cfdi:Concepto ClaveProdServ="01010101" Cantidad="1" Descripcion="x" '
        f'ValorUnitario="{subtotal}" Importe="{subtotal}" ObjetoImp="02"/></cfdi:Conceptos>\n'
        f'  <cfdi:Impuestos TotalImpuestosTrasladados="{iva}"><cfdi:Traslados><cfdi:Traslado Base="{subtotal}" '
        f'Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="{iva}"/></cfdi:Traslados>'
        f"</cfdi:Impuestos>\n"
        f'  <cfdi:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" '
        f'Version="1.1" UUID="{uuid_of(n)}" FechaTimbrado="{fecha}" RfcProvCertif="SAT970701NN3"/>'
        f"</cfdi:Complemento>\n</cfdi:Comprobante>\n"
    ).encode()


def uuid_of(n: int) -> str:
    return f"{n:08X}-6969-4BBB-8EF0-5A7B0C1D2E3F"


def total_of(subtotal: str) -> Decimal:
    return (Decimal(subtotal) * Decimal("1.16")).quantize(Decimal("0.01"))


# The profile's documents for the lookups: (n, subtotal, issuer, receiver). Received from a definitivo (three, one
# of them cancelled later), from a taxpayer whose sentencia favorable cleared it and from one not on the list;
# issued to a presunto. Each figure of `lists check` is computed from these in the tests, not by the index.
DOCUMENTS = [
    (1, "1000.00", "SEÑ130220KJ8", PROFILE),
    (2, "2500.50", "SEÑ130220KJ8", PROFILE),
    (3, "700.00", "SEÑ130220KJ8", PROFILE),  # cancelled by the test
    (4, "500.00", PROFILE, "CAP0807157Z3"),
    (5, "80.00", "T&A100905RZ4", PROFILE),
    (6, "9999.99", "AAA010101AAA", PROFILE),  # not on the list
    (7, "123.45", PROFILE, "SEÑ130220KJ8"),  # the profile also sold to the definitivo
]
CANCELLED = 3


def write_documents(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, subtotal, issuer, receiver in DOCUMENTS:
        day = f"2026-0{1 + n % 5}-1{n}T10:00:00"
        (folder / f"doc{n}.xml").write_bytes(cfdi(n, subtotal, issuer=issuer, receiver=receiver, fecha=day))
    # a damaged document from a definitivo (a raw "&" in a name): never counted, like every list of the index
    bad = cfdi(99, "50.00", issuer="IMP1104018N5", receiver=PROFILE).replace(b'Nombre="Emisor"', b'Nombre="A & B"')
    (folder / "damaged.xml").write_bytes(bad)
    return folder
