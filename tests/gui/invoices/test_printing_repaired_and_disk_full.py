"""The window's detail pane and the printed CFDI read a document the importer repaired as the importer does (they
said «no hay XML en la bóveda» and printed without QR or seals); the detail's line items carry a foreign currency;
a PDF that could not be written is an error, never an empty file reported as saved."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.printed import render
from desktop_app.gui.invoices import detail, printing
from tests.gui.conftest import RFC
from tests.gui.invoices.conftest import open_page
from tests.gui.invoices.test_invoices_page import row_id

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXTRA = FIXTURES / "cfdi-extra"
CFDI33 = FIXTURES / "cfdi" / "cfdi33-real.xml"
REPAIRED_UUID = "9D81C696-0401-4F85-B703-6E0D3AFD6056"  # cfdi33-implocal-terceros-unescaped-lt.xml, issued by RFC
METADATA_ONLY = "Sólo se conocen los metadatos"


@pytest.mark.parametrize(
    "name",
    [
        "cfdi33-implocal-terceros-unescaped-lt.xml",
        "cfdi40-bom-sello-line-breaks-charref-no-semicolon.xml",
        "cfdi40-text-outside-root.xml",
        "cfdi40-mismatched-tags-addenda.xml",
    ],
)
def test_the_detail_reads_a_repaired_document(qapp, tmp_path, name):
    path = tmp_path / name
    shutil.copy(EXTRA / name, path)
    root = detail.load_xml(str(path))
    assert root is not None and etree.QName(root).localname == "Comprobante"


@pytest.mark.parametrize("name", ["cfdi40-truncated.xml", "cfdi40-mismatched-tags-body.xml"])
def test_the_detail_does_not_read_a_damaged_document(qapp, name):
    assert detail.load_xml(str(EXTRA / name)) is None


def test_a_repaired_invoice_shows_in_full_and_prints_with_its_qr(qtbot, ready_context, tmp_path):
    folder = tmp_path / "repaired"
    folder.mkdir()
    shutil.copy(EXTRA / "cfdi33-implocal-terceros-unescaped-lt.xml", folder / "factura.xml")
    report = ready_context.service.import_invoices(RFC, [str(folder)])
    assert report["added"] == 1 and not report["damaged"]
    page = open_page(qtbot, ready_context)
    page.show_invoice(row_id(page, "uuid = ?", REPAIRED_UUID))
    qtbot.waitUntil(lambda: page.current_row is not None, timeout=5_000)
    text = page.detail.toPlainText()
    assert METADATA_ONLY not in text
    assert "Conceptos" in text and "KEMPER <URGATE> CO" in text and "Timbre fiscal digital" in text
    printed = page.printed()
    assert printed is not None and printed.uuid == REPAIRED_UUID and printed.qr_png is not None
    assert "Impuestos locales" in printed.html


def _row(currency: str) -> dict:
    return {
        "uuid": "AAAAAAAA-0000-4000-8000-000000000009", "type": "I", "direction": "issued", "currency": currency,
        "exchange_rate": "18.50", "subtotal": "1000", "total": "1160", "status": "vigente", "has_xml": 1,
    }  # fmt: skip


def test_the_details_line_items_and_taxes_carry_a_foreign_currency(qapp):
    """The totals said «USD», the line items and their taxes above them read as pesos."""
    root = etree.fromstring(CFDI33.read_bytes())
    concept = next(d for d in root.iter() if etree.QName(d).localname == "Concepto")
    importe = f"${float(concept.get('Importe')):,.2f}"
    html = detail.render(_row("USD"), root)
    concepts = html[html.index("Conceptos") : html.index("Timbre fiscal digital")]
    assert f"{importe} USD" in concepts
    taxes = html[html.index("Trasladados") :]
    assert " USD" in taxes[: taxes.index("</table>")]
    # pesos, however a document before 3.3 wrote them, carry no code
    for pesos in ("MXN", "MXP", "Pesos", "M.N."):
        html = detail.render(_row(pesos), root)
        assert importe in html and f"{importe} {pesos}" not in html and f"{importe} MXN" not in html, pesos
        assert f"$1,160.00 {pesos}" not in html and "$1,160.00" in html


# -- a PDF that could not be written ------------------------------------------------------------------------------


class _SilentDocument:
    """What Qt's printer does on a full disk: nothing, and says nothing."""

    def print_(self, printer) -> None:
        pass


def _silent_printer(monkeypatch) -> None:
    monkeypatch.setattr(printing, "_document", lambda html, printed=None: _SilentDocument())


def test_a_pdf_qt_could_not_write_is_an_error_and_leaves_the_old_file(qapp, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "factura.pdf"
    target.write_bytes(b"%PDF-1.4 the one saved before\n%%EOF\n")
    printed = render(CFDI33.read_bytes())
    _silent_printer(monkeypatch)
    with pytest.raises(AppError) as caught:
        printing.save_printed_pdf(printed, target)
    assert caught.value.code == "pdf_not_written"
    assert target.read_bytes() == b"%PDF-1.4 the one saved before\n%%EOF\n"
    assert [p.name for p in folder.iterdir()] == ["factura.pdf"]  # no temporary file left behind


def test_a_pdf_onto_a_full_disk_says_the_disk_is_full(qapp, tmp_path, monkeypatch):
    printed = render(CFDI33.read_bytes())
    _silent_printer(monkeypatch)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(printing.os, "fsync", no_space)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(AppError) as caught:
        printing.save_printed_pdf(printed, folder / "factura.pdf")
    assert caught.value.code == "disk_full"
    assert list(folder.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs (root only): a real full disk, where Qt's printer used to leave a 0-byte PDF."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_pdf_onto_a_really_full_disk_says_so_and_leaves_no_empty_file(qapp, tiny_disk):
    printed = render(CFDI33.read_bytes())
    with pytest.raises(AppError) as caught:
        printing.save_printed_pdf(printed, tiny_disk / "factura.pdf")
    assert caught.value.code == "disk_full"
    assert list(tiny_disk.iterdir()) == []


def test_a_written_pdf_is_whole(qapp, tmp_path):
    data = printing.save_printed_pdf(render(CFDI33.read_bytes()), tmp_path / "factura.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
