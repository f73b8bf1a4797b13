"""End to end against the real synthetic world (desktop_app.sandbox.world), as the demo runs it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.sandbox.client import SatTestClient

RFC = "EKU9003173C9"
MONTH = ("2026-04-01T00:00:00", "2026-04-30T23:59:59")
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"


@pytest.fixture(scope="module")
def world():
    from desktop_app.sandbox.world import World

    return World(seed=1, invoices=50_000)


@pytest.fixture
def real(make_server, world, clock):
    sat = make_server(world=world, ready_after=0, package_size=25)
    client = SatTestClient(sat.url)
    client.authenticate(clock.now())
    yield sat, client
    client.close()


def test_cfdi_packages_hold_the_worlds_documents(real):
    sat, client = real
    result = client.emitidos(*MONTH)
    record = sat.request(result["IdSolicitud"])
    assert record.count > 25  # more than one package
    verify = client.verifica(result["IdSolicitud"])
    assert int(verify["NumeroCFDIs"]) == record.count
    assert len(verify["IdsPaquetes"]) == -(-record.count // 25)
    seen = []
    for package_id in verify["IdsPaquetes"]:
        with zipfile.ZipFile(io.BytesIO(client.zip_bytes(client.descarga(package_id)))) as archive:
            assert archive.testzip() is None
            for name in archive.namelist():
                root = etree.fromstring(archive.read(name))
                uuid = root.find(f"{{{etree.QName(root).namespace}}}Complemento/{TFD}").get("UUID")
                assert name == uuid.lower() + ".xml"
                assert root.find(f"{{{etree.QName(root).namespace}}}Emisor").get("Rfc") == RFC
                assert MONTH[0] <= root.get("Fecha") <= MONTH[1]
                seen.append(uuid.upper())
    assert len(seen) == len(set(seen)) == record.count


def test_metadata_with_cancelled_rows(real):
    _sat, client = real
    result = client.recibidos(
        "2026-01-01T00:00:00", "2026-04-30T23:59:59", TipoSolicitud="Metadata", EstadoComprobante="Todos"
    )
    verify = client.verifica(result["IdSolicitud"])
    rows = []
    for package_id in verify["IdsPaquetes"]:
        with zipfile.ZipFile(io.BytesIO(client.zip_bytes(client.descarga(package_id)))) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode("utf-8")
                if name.endswith("_tercero.txt"):
                    assert text.startswith("Uuid~RfcACuentaTerceros~NombreACuentaTerceros\r\n")
                    continue
                lines = text.split("\r\n")
                assert lines[0].startswith("Uuid~RfcEmisor~NombreEmisor~")
                rows.extend(line.split("~") for line in lines[1:])
    assert len(rows) == int(verify["NumeroCFDIs"])
    assert all(len(r) == 12 and r[3] == RFC for r in rows)
    cancelled = [r for r in rows if r[10] == "0"]
    assert cancelled and all(r[11] for r in cancelled)


def test_folio_of_a_world_document(real, world):
    _sat, client = real
    from datetime import datetime

    header = next(world.find(rfc=RFC, direction="issued", start=datetime(2026, 4, 1), end=datetime(2026, 4, 30)))
    result = client.folio(header.uuid.lower())
    assert result["CodEstatus"] == "5000"
    (package_id,) = client.verifica(result["IdSolicitud"])["IdsPaquetes"]
    with zipfile.ZipFile(io.BytesIO(client.zip_bytes(client.descarga(package_id)))) as archive:
        assert archive.namelist() == [header.uuid.lower() + ".xml"]


@pytest.mark.skipif(not os.environ.get("SANDBOX_PEER_CHECK"), reason="set SANDBOX_PEER_CHECK=1 (needs PyPI once)")
def test_peer_interop():
    """satcfdi and cfdiclient, unchanged, against ``sandbox serve`` (../shared/checks/peer_interop.py)."""
    root = Path(__file__).resolve().parents[2]
    script = root.parent / "shared" / "checks" / "peer_interop.py"
    if not script.exists():
        pytest.skip("peer_interop.py is not beside this checkout")
    proc = subprocess.run(
        [
            sys.executable,
            str(script),
            "--consulta",
            "--start-cmd",
            f"{sys.executable} -m desktop_app sandbox serve --port 0",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
