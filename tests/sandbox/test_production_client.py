"""A couple of end-to-end runs of the app's own SAT client (desktop_app.core.sat) against the sandbox."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.sandbox.conftest import NOW

client_module = pytest.importorskip("desktop_app.core.sat.client")
from desktop_app.core.sat.endpoints import Endpoints, ServiceUrls  # noqa: E402
from desktop_app.core.sat.query import QueryParams  # noqa: E402

CREDENTIALS = Path(__file__).resolve().parents[1] / "fixtures" / "credentials" / "eku9003173c9-fiel"


@pytest.fixture(scope="module")
def world():
    from desktop_app.sandbox.world import World

    return World(seed=1, invoices=50_000)


def _client(sat, clock):
    from desktop_app.core.fiel import load_fiel_files

    fiel = load_fiel_files(CREDENTIALS / "EKU9003173C9.cer", CREDENTIALS / "EKU9003173C9.key", "12345678a", now=NOW)
    endpoints = Endpoints(
        cfdi=ServiceUrls.from_base(sat.url),
        retenciones=ServiceUrls.from_base(sat.ret_url),
        consulta=sat.consulta_url + "/ConsultaCFDIService.svc",
    )
    return client_module.SatClient(fiel, endpoints, clock=clock.now)


def test_query_verify_download(make_server, world, clock, tmp_path):
    sat = make_server(world=world, ready_after=0, package_size=40)
    with _client(sat, clock) as client:
        query = client.query(
            QueryParams(
                direction="issued",
                start=datetime(2026, 4, 1),
                end=datetime(2026, 4, 30, 23, 59, 59),
                request_type="CFDI",
                status="Todos",
            )
        )
        assert query.cod_estatus == 5000
        verify = client.verify(query.request_id)
        assert verify.estado_solicitud == 3 and verify.numero_cfdis == sat.request(query.request_id).count
        total = 0
        for package_id in verify.package_ids:
            result = client.download(package_id, tmp_path / f"{package_id}.zip")
            with zipfile.ZipFile(result.path) as archive:
                total += len(archive.namelist())
        assert total == verify.numero_cfdis


def test_rejected_token_is_renewed(make_server, world, clock):
    sat = make_server(world=world, ready_after=60, token_error="http401")
    with _client(sat, clock) as client:
        query = client.query(
            QueryParams(
                direction="received",
                start=datetime(2026, 4, 1),
                end=datetime(2026, 4, 30, 23, 59, 59),
                request_type="Metadata",
                status="Todos",
            )
        )
        sat.faults.add("verify", "token_expiry", times=1)
        assert client.verify(query.request_id).estado_solicitud == 1
