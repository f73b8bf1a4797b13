"""A taxpayer's months (January–May 2025) written as CFDI files and a SAT metadata file: PUE and PPD ingresos with
partial payments in later months (Pagos 1.0 and 2.0, one without ImpPagado), rates 16 / 8 / 0 / exento, IVA and ISR
withheld both ways, USD invoices and payments with exchange rates, credit notes related to invoices, cancelled
documents and a cancelled payment, a document known only from SAT's metadata, an open invoice from 2024.

The hand-worked figures of March 2025 are in ``test_iva_report.HAND_MARCH`` and ``test_ppd_report``.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.reports.builder import DR, Concept, Pago, R, T, cfdi, metadata, pagos10, pagos20, payment

OWNER = "EKU9003173C9"
CLIENT = "AAA010101AAA"  # a company
CLIENT_PF = "CACX7605101P8"  # a person
SUPPLIER_PF = "XOJI740919U48"  # a person: honorarios (ISR 10 %, IVA two thirds)
SUPPLIER = "IIA040805DZ4"  # a company: fletes (IVA 4 %)


def u(side: int, n: int) -> str:
    return f"{side}{side}{side}{side}{side}{side}{side}{side}-0000-4000-8000-{n:012X}"


# Issued
I1, I2, I3, I4, I5, I6, I7, I8 = (u(1, n) for n in range(1, 9))
E1, E2 = u(1, 0xE1), u(1, 0xE2)
P1, P2, P3, P4, P5, P6, P7 = (u(1, 0xA0 + n) for n in range(1, 8))
M1 = u(1, 0x99)  # metadata only
# Received
R1, R2, R3, R4, R5, R6, R7 = (u(2, n) for n in range(1, 8))
ER1 = u(2, 0xE1)
RP1, RP2 = u(2, 0xB1), u(2, 0xB2)
NOT_INDEXED = u(2, 0x77)

V16 = "0.160000"


def documents() -> dict[str, bytes]:
    """UUID → XML of every document with an XML."""
    docs: dict[str, bytes] = {}
    iss = {"issuer": OWNER, "receiver": CLIENT}
    rec = {"issuer": SUPPLIER, "receiver": OWNER}
    docs[I1] = cfdi(I1, "2025-03-05T10:00:00", **iss, concepts=[
        Concept("1000.00", [T("1000.00", "160.00")]),
        Concept("500.00", [T("500.00", "0.00", rate="0.000000")]),
        Concept("200.00", [T("200.00", factor="Exento", rate=None)]),
    ])  # fmt: skip
    docs[I2] = cfdi(I2, "2025-03-10T11:00:00", **iss, concepts=[
        Concept("2000.00", [T("2000.00", "160.00", rate="0.080000")],
                [R("2000.00", "200.00", "0.100000", tax="001"), R("2000.00", "106.67", "0.053333")]),
    ])  # fmt: skip
    docs[I3] = cfdi(I3, "2025-02-20T09:00:00", **iss, method="PPD", concepts=[
        Concept("10000.00", [T("10000.00", "1600.00")]),
    ])  # fmt: skip
    docs[I4] = cfdi(I4, "2025-01-15T09:00:00", **iss, method="PPD", currency="USD", rate="17.50", concepts=[
        Concept("1000.00", [T("1000.00", "160.00")]),
    ])  # fmt: skip
    docs[I5] = cfdi(I5, "2025-03-01T08:30:00", issuer=OWNER, receiver=CLIENT_PF, method="PPD", version="3.3",
                    concepts=[Concept("3000.00", [T("3000.00", "480.00")])])  # fmt: skip
    docs[I6] = cfdi(I6, "2025-03-12T12:00:00", **iss, concepts=[Concept("5000.00", [T("5000.00", "800.00")])])
    docs[I7] = cfdi(I7, "2025-03-08T13:00:00", **iss, currency="USD", rate="18.2345", concepts=[
        Concept("123.45", [T("123.45", "19.75")]),
    ])  # fmt: skip
    docs[I8] = cfdi(I8, "2025-02-01T10:00:00", **iss, method="PPD", currency="USD", rate="17.00", concepts=[
        Concept("100.00", [T("100.00", "16.00")]),
    ])  # fmt: skip
    docs[E1] = cfdi(E1, "2025-03-28T10:00:00", **iss, kind="E", related=(("01", I1),), concepts=[
        Concept("100.00", [T("100.00", "16.00")], description="Bonificación"),
    ])  # fmt: skip
    docs[E2] = cfdi(E2, "2025-03-29T10:00:00", **iss, kind="E", related=(("01", I3),), concepts=[
        Concept("100.00", [T("100.00", "16.00")], description="Descuento"),
    ])  # fmt: skip
    # Complementos de pago issued by the owner
    docs[P1] = payment(P1, "2025-03-16T09:00:00", **iss, complement=pagos20([
        Pago("2025-03-15T12:00:00", "5800.00", [
            DR(I3, "5800.00", "11600.00", "5800.00", taxes=[(V16, "5000.00", "800.00")]),
        ]),
    ]))  # fmt: skip
    docs[P2] = payment(P2, "2025-04-10T09:00:00", **iss, complement=pagos20([
        Pago("2025-04-10T12:00:00", "5684.00", [
            DR(I3, "5684.00", "5684.00", "0.00", installment=2, taxes=[(V16, "4900.00", "784.00")]),
        ]),
    ]))  # fmt: skip
    docs[P6] = payment(P6, "2025-03-18T09:00:00", **iss, complement=pagos20([
        Pago("2025-03-18T12:00:00", "1000.00", [DR(I3, "1000.00", "5800.00", "4800.00", installment=2,
                                                   taxes=[(V16, "862.07", "137.93")])]),
    ]))  # fmt: skip
    docs[P3] = payment(P3, "2025-03-21T09:00:00", **iss, complement=pagos20([
        Pago("2025-03-20T12:00:00", "10730.00", [
            DR(I4, "580.00", "1160.00", "580.00", currency="USD", equivalence="0.0540540541",
               taxes=[(V16, "500.00", "80.00")]),
        ]),
    ]))  # fmt: skip
    docs[P4] = payment(P4, "2025-03-26T09:00:00", issuer=OWNER, receiver=CLIENT_PF, version="3.3", complement=pagos10([
        Pago("2025-03-25T12:00:00", "1740.00", [DR(I5, "1740.00", "3480.00", "1740.00")]),
    ]))  # fmt: skip
    docs[P5] = payment(P5, "2025-05-02T09:00:00", issuer=OWNER, receiver=CLIENT_PF, version="3.3", complement=pagos10([
        Pago("2025-05-02T12:00:00", "1740.00", [DR(I5, "1740.00", "1740.00", "0.00", installment=2)]),
    ]))  # fmt: skip
    # Pagos 1.0 in USD, one document in the payment's own currency: no ImpPagado (the Pago's Monto is it)
    docs[P7] = payment(P7, "2025-03-31T09:00:00", **iss, version="3.3", complement=pagos10([
        Pago("2025-03-30T12:00:00", "116.00", [DR(I8, None, "116.00", "0.00", currency="USD")], currency="USD",
             rate="18.00"),
    ]))  # fmt: skip
    # Received
    docs[R1] = cfdi(R1, "2025-03-03T10:00:00", issuer=SUPPLIER_PF, receiver=OWNER, concepts=[
        Concept("4000.00", [T("4000.00", "640.00")],
                [R("4000.00", "400.00", "0.100000", tax="001"), R("4000.00", "426.67", "0.106667")]),
    ])  # fmt: skip
    docs[R2] = cfdi(R2, "2025-02-10T10:00:00", **rec, method="PPD", concepts=[
        Concept("8000.00", [T("8000.00", "1280.00")], [R("8000.00", "320.00", "0.040000")], description="Flete"),
    ])  # fmt: skip
    docs[R3] = cfdi(R3, "2025-02-25T10:00:00", issuer=SUPPLIER_PF, receiver=OWNER, concepts=[
        Concept("1000.00", [T("1000.00", "160.00")],
                [R("1000.00", "100.00", "0.100000", tax="001"), R("1000.00", "106.67", "0.106667")]),
    ])  # fmt: skip
    docs[ER1] = cfdi(ER1, "2025-03-15T10:00:00", issuer=SUPPLIER_PF, receiver=OWNER, kind="E",
                     related=(("01", R1),), concepts=[
        Concept("400.00", [T("400.00", "64.00")],
                [R("400.00", "40.00", "0.100000", tax="001"), R("400.00", "42.67", "0.106667")]),
    ])  # fmt: skip
    docs[R4] = cfdi(R4, "2025-03-22T10:00:00", **rec, concepts=[
        Concept("1500.00", [T("1500.00", "120.00", rate="0.080000")]),
    ])  # fmt: skip
    docs[R5] = cfdi(R5, "2025-03-02T10:00:00", **rec, method="PPD", concepts=[
        Concept("2000.00", [T("2000.00", "320.00")]),
    ])  # fmt: skip
    docs[R6] = cfdi(R6, "2025-03-11T10:00:00", **rec, version="3.3", concepts=[
        Concept("700.00", [T("700.00", factor="Exento", rate=None)], description="Libros"),
        Concept("300.00", [T("300.00", "0.00", rate="0.000000")], description="Alimentos"),
    ])  # fmt: skip
    docs[R7] = cfdi(R7, "2024-11-10T10:00:00", **rec, method="PPD", concepts=[
        Concept("1000.00", [T("1000.00", "160.00")]),
    ])  # fmt: skip
    docs[RP1] = payment(RP1, "2025-03-06T09:00:00", **rec, complement=pagos20([
        Pago("2025-03-05T12:00:00", "4480.00", [
            DR(R2, "4480.00", "8960.00", "4480.00", taxes=[(V16, "4000.00", "640.00")],
               withheld=[("0.040000", "4000.00", "160.00")]),
        ]),
    ]))  # fmt: skip
    docs[RP2] = payment(RP2, "2025-03-27T09:00:00", **rec, complement=pagos20([
        Pago("2025-03-27T12:00:00", "116.00", [
            DR(NOT_INDEXED, "116.00", "116.00", "0.00", taxes=[(V16, "100.00", "16.00")]),
        ]),
    ]))  # fmt: skip
    return docs


def metadata_file() -> bytes:
    """SAT's word on status: I6 and P6 cancelled; M1 known only here; R6 never asked (status unknown)."""
    vigente = [u for u in documents() if u != R6 and u not in (I6, P6)]
    rows = [(uuid, OWNER, CLIENT, "2025-03-01 00:00:00", "0.00", "I", True, None) for uuid in vigente]
    rows.append((I6, OWNER, CLIENT, "2025-03-12 12:00:00", "5800.00", "I", False, "2025-03-20 10:00:00"))
    rows.append((P6, OWNER, CLIENT, "2025-03-18 09:00:00", "0.00", "P", False, "2025-03-19 10:00:00"))
    rows.append((M1, OWNER, CLIENT, "2025-03-20 10:00:00", "580.00", "I", True, None))
    return metadata(rows)


def write(folder: Path) -> Path:
    """The documents as ``<uuid>.xml`` under ``folder/xml`` and the metadata as ``folder/metadata.txt``."""
    xml = folder / "xml"
    xml.mkdir(parents=True, exist_ok=True)
    for uuid, data in documents().items():
        (xml / f"{uuid}.xml").write_bytes(data)
    (folder / "metadata.txt").write_bytes(metadata_file())
    return folder
