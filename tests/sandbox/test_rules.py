"""v1.5 request rules and quotas (sat-protocol.md §3.1, §5.1)."""

from __future__ import annotations

import pytest

from tests.sandbox.fakeworld import OTHER, RFC

MAY = ("2026-05-01T00:00:00", "2026-05-31T23:59:59")
MAL = "XML Mal Formado:La solicitud de descarga no es válida. "


def test_emitidos_accepted_with_v15_shape(authed):
    result = authed.emitidos(*MAY)
    assert result["CodEstatus"] == "5000"
    assert result["Mensaje"] == "Solicitud Aceptada"
    assert result["RfcSolicitante"] == RFC
    assert result["IdSolicitud"] == result["IdSolicitud"].upper() and len(result["IdSolicitud"]) == 36
    assert result["_reply"].http.content.startswith(b"<s:Envelope")


@pytest.mark.parametrize("estado", ["Todos", "Cancelado"])
def test_recibidos_cfdi_must_be_vigente(authed, estado):
    result = authed.recibidos(*MAY, EstadoComprobante=estado)
    assert result["CodEstatus"] == "301"
    assert result["Mensaje"] == MAL + "No se permite la descarga de xml que se encuentren cancelados."


def test_recibidos_metadata_may_include_cancelled(authed, sat):
    result = authed.recibidos(*MAY, TipoSolicitud="Metadata", EstadoComprobante="Todos")
    assert result["CodEstatus"] == "5000"
    assert sat.request(result["IdSolicitud"]).count == 12


def test_estado_omitted_means_vigente(authed, sat):
    everything = authed.emitidos(*MAY, EstadoComprobante="Todos")
    omitted = authed.emitidos(*MAY, EstadoComprobante=None)
    assert sat.request(everything["IdSolicitud"]).count == 30
    assert sat.request(omitted["IdSolicitud"]).count == 24  # every 5th of 30 is cancelled
    assert authed.recibidos(*MAY, EstadoComprobante=None)["CodEstatus"] == "5000"


@pytest.mark.parametrize("end", ["2026-05-01T00:00:00", "2026-04-30T00:00:00"])
def test_start_must_be_before_end(authed, end):
    result = authed.emitidos("2026-05-01T00:00:00", end)
    assert result["CodEstatus"] == "301"
    assert result["Mensaje"] == MAL + "La fecha inicial es mayor o igual a la fecha final."
    assert "IdSolicitud" not in result


def test_six_year_lookback(authed):
    # now is 2026-06-01 in Mexico City: the floor is 2020-06-01 00:00:00
    assert authed.emitidos("2020-05-31T23:59:59", "2020-06-30T00:00:00")["CodEstatus"] == "301"
    assert authed.emitidos("2020-06-01T00:00:00", "2020-06-30T00:00:00")["CodEstatus"] == "5000"


def test_at_most_five_receivers(authed):
    five = ["AAA010101AAA", "BBB010101BBB", "CCC010101CCC", "DDD010101DDD", "EEE010101EEE"]
    assert authed.emitidos(*MAY, receptores=five)["CodEstatus"] == "5000"
    assert authed.emitidos(*MAY, receptores=[*five, "FFF010101FFF"])["CodEstatus"] == "301"


def test_receivers_filter_and_empty_receiver_is_ignored(authed, sat):
    two = authed.emitidos(*MAY, receptores=["AAA010101AAA", "BBB010101BBB"])
    assert sat.request(two["IdSolicitud"]).count == 10
    empty = authed.emitidos("2026-05-01T00:00:00", "2026-05-31T23:00:00", receptores=[""])  # cfdiclient's shape
    assert sat.request(empty["IdSolicitud"]).count == 30


def test_filters(authed, sat):
    by_type = authed.emitidos(*MAY, TipoComprobante="P")
    assert sat.request(by_type["IdSolicitud"]).count == 6
    third = authed.emitidos(*MAY, RfcACuentaTerceros="TER010101AAA")
    assert sat.request(third["IdSolicitud"]).count == 5
    issuer = authed.recibidos(*MAY, RfcEmisor="AAA010101AAA")
    assert sat.request(issuer["IdSolicitud"]).count == 4
    assert authed.emitidos(*MAY, TipoComprobante="X")["CodEstatus"] == "301"
    assert authed.emitidos(*MAY, TipoSolicitud="PDF")["CodEstatus"] == "301"
    assert authed.emitidos(*MAY, EstadoComprobante="Quizas")["CodEstatus"] == "301"
    assert authed.recibidos(*MAY, RfcReceptor=None)["CodEstatus"] == "301"
    assert authed.emitidos(*MAY, FechaInicial="mayo")["CodEstatus"] == "301"


def test_documents_of_others_are_simply_not_there(authed, sat):
    result = authed.recibidos(*MAY, RfcEmisor=OTHER)
    assert result["CodEstatus"] == "5000"
    assert sat.request(result["IdSolicitud"]).count == 0


def test_same_parameters_twice_then_5002(make_server, clock):
    from tests.sandbox.client import SatTestClient

    sat = make_server(ready_after=0)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        assert client.emitidos(*MAY)["CodEstatus"] == "5000"
        assert client.emitidos(*MAY)["CodEstatus"] == "5000"
        third = client.emitidos(*MAY)
        assert (third["CodEstatus"], third["Mensaje"]) == ("5002", "Se han agotado las solicitudes de por vida")
        # one second of difference makes it another request
        assert client.emitidos("2026-05-01T00:00:01", MAY[1])["CodEstatus"] == "5000"
    finally:
        client.close()


def test_active_duplicate_gets_5005(authed, clock):
    assert authed.emitidos(*MAY)["CodEstatus"] == "5000"
    duplicate = authed.emitidos(*MAY)
    assert duplicate["CodEstatus"] == "5005"
    clock.advance(61)  # state 2: still active
    assert authed.emitidos(*MAY)["CodEstatus"] == "5005"
    clock.advance(60)  # finished: the second identical request is allowed, the third is not
    assert authed.emitidos(*MAY)["CodEstatus"] == "5000"
    clock.advance(120)
    assert authed.emitidos(*MAY)["CodEstatus"] == "5002"


def test_folio(authed, sat, clock):
    world = sat.world
    mine = world.headers[0].uuid
    result = authed.folio(mine.lower())
    assert result["CodEstatus"] == "5000"
    assert sat.request(result["IdSolicitud"]).count == 1
    missing = authed.folio("11111111-2222-3333-4444-555555555555")
    assert (missing["CodEstatus"], missing["Mensaje"]) == ("5004", "No se encontro la informacion")
    assert missing["IdSolicitud"]
    others = next(h for h in world.headers if h.issuer_rfc == OTHER)
    assert authed.folio(others.uuid)["CodEstatus"] == "5004"
    cancelled_received = next(h for h in world.headers if h.receiver_rfc == RFC and h.cancelled_at)
    assert authed.folio(cancelled_received.uuid)["CodEstatus"] == "5012"


def test_folio_alone(authed, sat):
    mine = sat.world.headers[1].uuid
    assert authed.folio(mine, FechaInicial="2026-05-01T00:00:00")["CodEstatus"] == "301"
    assert authed.folio(mine, RfcEmisor=RFC)["CodEstatus"] == "301"
    assert authed.folio("not-a-uuid")["CodEstatus"] == "301"


def test_over_the_limit_is_rejected_with_5003(make_server, clock):
    from tests.sandbox.client import SatTestClient

    sat = make_server(ready_after=0, max_cfdi_results=20, max_metadata_results=25)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        cfdi = client.emitidos(*MAY)  # 30 > 20
        verify = client.verifica(cfdi["IdSolicitud"])
        assert (verify["EstadoSolicitud"], verify["CodigoEstadoSolicitud"]) == ("5", "5003")
        assert verify["IdsPaquetes"] == []
        meta = client.emitidos(*MAY, TipoSolicitud="Metadata")  # 30 > 25
        assert client.verifica(meta["IdSolicitud"])["CodigoEstadoSolicitud"] == "5003"
        fits = client.emitidos(*MAY, EstadoComprobante="Vigente")  # 24 > 20 still
        assert client.verifica(fits["IdSolicitud"])["CodigoEstadoSolicitud"] == "5003"
        small = client.emitidos(*MAY, TipoComprobante="I")
        assert client.verifica(small["IdSolicitud"])["EstadoSolicitud"] == "3"
    finally:
        client.close()


def test_nothing_found_is_5004_on_verification(make_server, clock):
    from tests.sandbox.client import SatTestClient

    sat = make_server(ready_after=0)
    client = SatTestClient(sat.url)
    try:
        client.authenticate(clock.now())
        result = client.emitidos("2026-03-01T00:00:00", "2026-03-31T23:59:59")
        assert result["CodEstatus"] == "5000"
        verify = client.verifica(result["IdSolicitud"])
        assert (
            verify["CodEstatus"],
            verify["EstadoSolicitud"],
            verify["CodigoEstadoSolicitud"],
            verify["NumeroCFDIs"],
        ) == ("5000", "5", "5004", "0")
    finally:
        client.close()
