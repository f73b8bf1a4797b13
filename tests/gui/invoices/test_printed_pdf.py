"""Issue 17.5: the representación impresa on paper — one Letter page with the QR drawn, from the window's
printing and from ``invoice UUID --pdf``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.core.printed import render
from desktop_app.gui.invoices.printing import save_printed_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize(
    "name",
    [
        "cfdi/cfdi33-real.xml",
        "cfdi/cfdv40-ejemplo-signed-tfd.xml",
        "cfdi-extra/cfdi40-pagos20-ampersand-rfc.xml",
        "cfdi-wild/nodecfdi-cfdi40-nomina12.xml",
        "cfdi/ret20-mexican-fake.xml",  # constancias de retenciones: refused before (no cfdi:Comprobante)
        "cfdi/ret10-mexican-fake.xml",
    ],
)
def test_a_typical_invoice_prints_on_one_page_with_its_qr(qapp, tmp_path, name):
    pdf = save_printed_pdf(render((FIXTURES / name).read_bytes()), tmp_path / "factura.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 1
    assert re.search(rb"/Subtype\s*/Image", pdf)  # the QR is drawn
