"""Request lifecycle on the injected clock, package splitting, downloads, expiry, stuck requests."""

from __future__ import annotations

import io
import zipfile

from tests.sandbox.client import SatTestClient
from tests.sandbox.fakeworld import RFC

MAY = ("2026-05-01T00:00:00", "2026-05-31T23:59:59")
METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~"
    "FechaCertificacionSat~Monto~EfectoComprobante~Estatus~FechaCancelacion"
)


def test_states_follow_the_clock(authed, clock):
    request_id = authed.emitidos(*MAY)["IdSolicitud"]
    first = authed.verifica(request_id)
    assert (first["CodEstatus"], first["EstadoSolicitud"], first["CodigoEstadoSolicitud"], first["NumeroCFDIs"]) == (
        "5000",
        "1",
        "5000",
        "0",
    )
    assert first["IdsPaquetes"] == []
    clock.advance(60)
    assert authed.verifica(request_id)["EstadoSolicitud"] == "2"
    clock.advance(60)
    done = authed.verifica(request_id)
    assert (done["EstadoSolicitud"], done["CodigoEstadoSolicitud"], done["NumeroCFDIs"]) == ("3", "5000", "30")
    assert done["IdsPaquetes"] == [f"{request_id}_01", f"{request_id}_02", f"{request_id}_03"]


def test_ready_after_zero_is_immediate(make_server, clock):
    sat = make_server(ready_after=0, package_size=7)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        request_id = client.emitidos(*MAY)["IdSolicitud"]
        ids = client.verifica(request_id)["IdsPaquetes"]
        assert [p.rsplit("_", 1)[1] for p in ids] == ["01", "02", "03", "04", "05"]
        sizes = []
        for package_id in ids:
            with zipfile.ZipFile(io.BytesIO(client.zip_bytes(client.descarga(package_id)))) as archive:
                sizes.append(len(archive.namelist()))
        assert sizes == [7, 7, 7, 7, 2]
    finally:
        client.close()


def test_package_ids_beyond_99(make_server, clock):
    from desktop_app.sandbox import packages

    assert packages.package_id("ABC", 7) == "ABC_07"
    assert packages.package_id("ABC", 123) == "ABC_123"
    sat = make_server(ready_after=0, package_size=1)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        request_id = client.emitidos(*MAY)["IdSolicitud"]
        ids = client.verifica(request_id)["IdsPaquetes"]
        assert len(ids) == 30 and ids[-1] == f"{request_id}_30"
    finally:
        client.close()


def test_cfdi_package_contents_and_download_quota(make_server, clock):
    sat = make_server(ready_after=0, package_size=50)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        request_id = client.emitidos(*MAY)["IdSolicitud"]
        (package_id,) = client.verifica(request_id)["IdsPaquetes"]
        first = client.descarga(package_id)
        assert (first["CodEstatus"], first["Mensaje"]) == ("5000", "Solicitud Aceptada")
        data = client.zip_bytes(first)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            assert len(names) == 30
            expected = {
                h.uuid.lower() + ".xml" for h in sat.world.headers if h.issuer_rfc == RFC and h.family == "cfdi"
            }
            assert set(names) == expected
            assert b"TimbreFiscalDigital" in archive.read(names[0])
        second = client.descarga(package_id)
        assert second["CodEstatus"] == "5000" and client.zip_bytes(second) == data
        third = client.descarga(package_id)
        assert (third["CodEstatus"], third["Mensaje"]) == ("5008", "Maximo de descargas permitidas.")
        assert not third["Paquete"]
        assert third["_reply"].http.content.startswith(b"<s:Envelope")
    finally:
        client.close()


def test_unknown_packages_and_requests(authed, clock):
    request_id = authed.emitidos(*MAY)["IdSolicitud"]
    assert authed.descarga(f"{request_id}_01")["CodEstatus"] == "5004"  # not finished yet
    clock.advance(120)
    assert authed.descarga(f"{request_id}_09")["CodEstatus"] == "5004"
    assert authed.descarga("nonsense")["CodEstatus"] == "5004"
    unknown = authed.verifica("11111111-2222-3333-4444-555555555555")
    assert (unknown["CodEstatus"], unknown["EstadoSolicitud"]) == ("5004", "0")
    assert authed.descarga(f"{request_id.lower()}_01")["CodEstatus"] == "5000"


def test_packages_expire_after_72_hours(authed, clock):
    request_id = authed.emitidos(*MAY)["IdSolicitud"]
    clock.advance(120)
    package_id = authed.verifica(request_id)["IdsPaquetes"][0]
    clock.advance(72 * 3600 - 1)
    authed.authenticate(clock.now())
    assert authed.verifica(request_id)["EstadoSolicitud"] == "3"
    clock.advance(1)
    authed.authenticate(clock.now())
    expired = authed.verifica(request_id)
    assert (expired["CodEstatus"], expired["EstadoSolicitud"], expired["IdsPaquetes"]) == ("5000", "6", [])
    gone = authed.descarga(package_id)
    assert (gone["CodEstatus"], gone["Mensaje"]) == ("5007", "No existe el paquete solicitado")


def test_metadata_package_format(make_server, clock):
    sat = make_server(ready_after=0, package_size=100)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        request_id = client.emitidos(*MAY, TipoSolicitud="Metadata")["IdSolicitud"]
        (package_id,) = client.verifica(request_id)["IdsPaquetes"]
        with zipfile.ZipFile(io.BytesIO(client.zip_bytes(client.descarga(package_id)))) as archive:
            names = sorted(archive.namelist())
            assert names == sorted([f"{request_id}-0001.txt", f"{request_id}_tercero.txt"])
            text = archive.read(f"{request_id}-0001.txt").decode("utf-8")
            third = archive.read(f"{request_id}_tercero.txt").decode("utf-8")
        lines = text.split("\r\n")
        assert lines[0] == METADATA_HEADER
        assert "\n" not in text.replace("\r\n", "")
        assert not text.endswith("\r\n")  # last line without EOL
        rows = [line.split("~") for line in lines[1:]]
        assert len(rows) == 30 and all(len(r) == 12 for r in rows)
        cancelled = [r for r in rows if r[10] == "0"]
        assert len(cancelled) == 6 and all(r[11] for r in cancelled)
        assert all(r[11] == "" for r in rows if r[10] == "1")
        third_lines = third.split("\r\n")
        assert third_lines[0] == "Uuid~RfcACuentaTerceros~NombreACuentaTerceros"
        assert len(third_lines) == 1 + 5
    finally:
        client.close()


def test_stuck_requests(make_server, clock):
    sat = make_server(stuck=True)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        request_id = client.emitidos(*MAY)["IdSolicitud"]
        clock.advance(3600)
        client.authenticate(clock.now())
        assert client.verifica(request_id)["EstadoSolicitud"] == "1"
        sat.release(request_id)
        clock.advance(120)
        client.authenticate(clock.now())
        assert client.verifica(request_id)["EstadoSolicitud"] == "3"
    finally:
        client.close()


def test_stuck_predicate(sat, authed, clock):
    sat.set_stuck(lambda record: record.params["TipoSolicitud"] == "Metadata")
    meta = authed.emitidos(*MAY, TipoSolicitud="Metadata")["IdSolicitud"]
    xml = authed.emitidos(*MAY)["IdSolicitud"]
    clock.advance(120)
    assert authed.verifica(meta)["EstadoSolicitud"] == "1"
    assert authed.verifica(xml)["EstadoSolicitud"] == "3"


def test_other_rfc_cannot_see_a_request(make_server, clock):
    from tests.sandbox import signer

    sat = make_server(ready_after=0)
    owner = SatTestClient(sat.url)
    other = SatTestClient(sat.url, signer.expired_fiel())
    try:
        owner.authenticate(clock.now())
        request_id = owner.emitidos(*MAY)["IdSolicitud"]
        clock.set(clock.now().replace(year=2021, month=1))  # when the AAA010101AAA FIEL was still valid
        other.authenticate(clock.now())
        result = other.verifica(request_id)
        assert result["CodEstatus"] == "5004"
    finally:
        owner.close()
        other.close()


def test_retenciones_family(sat, clock):
    client = SatTestClient(sat.ret_url)
    try:
        client.authenticate(clock.now())
        result = client.emitidos(*MAY)
        assert result["CodEstatus"] == "5000"
        assert sat.request(result["IdSolicitud"]).count == 1
        assert sat.request(result["IdSolicitud"]).family == "retenciones"
    finally:
        client.close()


def test_stuck_selectors_from_the_cli(make_server, clock):
    from desktop_app.sandbox.config import stuck_predicate

    sat = make_server(stuck=stuck_predicate("recibidos,metadata"))
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        meta = client.recibidos(*MAY, TipoSolicitud="Metadata", EstadoComprobante="Todos")["IdSolicitud"]
        xml = client.recibidos(*MAY)["IdSolicitud"]
        issued = client.emitidos(*MAY, TipoSolicitud="Metadata")["IdSolicitud"]
        clock.advance(120)
        states = [client.verifica(i)["EstadoSolicitud"] for i in (meta, xml, issued)]
        assert states == ["1", "3", "3"]
        assert stuck_predicate("EKU9003173C9")(sat.request(xml))
        assert not stuck_predicate("ret")(sat.request(xml))
    finally:
        client.close()
