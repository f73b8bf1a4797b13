"""The window's data service over the office server (``core.remote.RemoteService``), against a real server on
127.0.0.1: every read gives what the same data home gives locally (profiles, the e.firma's expiry, requests, the
browser's counts, pages at any depth and in every order, sums, one invoice with its XML); errors keep their codes;
a server out of reach is ``server_unreachable`` and the key never shows."""

from __future__ import annotations

import socket
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from desktop_app.core.api import DataService, InvoiceCount
from desktop_app.core.apikeys import ApiKeys
from desktop_app.core.browse import PAGE_SIZE, InvoiceQuery
from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.remote import OfficeLink, RemoteService, check_url
from tests.conftest import FIXTURES
from tests.gui.invoices import synthetic
from tests.server.conftest import FIEL, PREFIX, RFC, TEST_PASSWORD, wait_for

pytestmark = pytest.mark.timeout(120)

OTHER = "CACX7605101P8"
ROWS = 1_250  # seven pages: deep pages are read from anchors, backwards from the end, and by offset


@pytest.fixture
def office(service):
    """The server's home: EKU with invoices (not activated: the scheduler leaves it alone), another RFC, keys."""
    service.add_profile(RFC, "Escuela Kemper Urgate")
    service.add_profile(OTHER)
    synthetic.fill(service.db.get(), RFC, ROWS)
    service.db.get().commit()
    keys = ApiKeys(service.db, service.clock)
    return {"eku": keys.create([RFC])["key"], "other": keys.create([OTHER])["key"]}


@pytest.fixture
def remote(live, office, clock, secrets):
    with RemoteService(live.url, office["eku"], clock=clock, secrets=secrets) as service:
        yield service


def test_both_services_are_the_windows_data_service(service, remote):
    assert isinstance(service, DataService)
    assert isinstance(remote, DataService)
    assert remote.local_folder() is None and remote.data_location() == remote.url


def test_profiles_and_the_efirma_status_are_the_local_ones(service, remote):
    assert remote.profile_records() == (service.profile_record(RFC),)  # only the key's RFC
    assert remote.profile_record(RFC.lower()) == service.profile_record(RFC)
    assert remote.fiel_status(RFC) == service.fiel_status(RFC)
    assert remote.today() == service.today()
    with pytest.raises(AppError) as refused:
        remote.profile_record(OTHER)
    assert refused.value.code == "profile_not_configured"


@pytest.mark.parametrize(
    "query",
    [
        InvoiceQuery(RFC),
        InvoiceQuery(RFC, sort="issuer", descending=False),
        InvoiceQuery(RFC, InvoiceFilter(direction="received", min_total=Decimal("100")), sort="total"),
        InvoiceQuery(RFC, InvoiceFilter(date_from="2021-01-01", date_to="2023-12-31", types=("I", "E")), "folio"),
    ],
    ids=["date", "issuer-asc", "received-by-total", "period-types-by-folio"],
)
def test_the_browser_reads_the_same_pages_counts_and_sums(service, remote, query):
    counted = remote.invoice_count(query)
    assert counted == service.invoice_count(query)
    assert counted.total > PAGE_SIZE
    pages = (counted.total + PAGE_SIZE - 1) // PAGE_SIZE
    local_anchors: dict = {}
    remote_anchors: dict = {}
    # In the order a reader jumps: the last page (read backwards), the middle (by offset), then each neighbour
    # (by keyset from the anchors the earlier pages left).
    for page in (pages - 1, pages // 2, pages // 2 + 1, 0, 1, pages - 2):
        here = service.invoice_rows(query, page, counted, local_anchors)
        there = remote.invoice_rows(query, page, counted, remote_anchors)
        assert [dict(r) for r in there.rows] == [dict(r) for r in here.rows], page
        assert there.anchor == here.anchor
        local_anchors[page] = here.anchor
        remote_anchors[page] = there.anchor
    keys = ("direction", "type", "currency", "status")
    assert remote.invoice_sums(RFC, query.flt, keys) == service.invoice_sums(RFC, query.flt, keys)
    assert remote.invoice_rows(query, pages, counted, remote_anchors).rows == ()  # past the end: nothing asked


def test_an_export_reads_every_record_of_the_filter(service, remote):
    query = InvoiceQuery(RFC, InvoiceFilter(direction=None), "total", False)
    local = [dict(r, path=None) for r in service.invoice_records(query)]
    there = [dict(r, path=None) for r in remote.invoice_records(query)]
    assert len(there) == service.invoice_count(query).total > 1000  # more than one request's worth
    assert there == local


def test_one_invoice_with_its_xml_and_payments(service, remote, tmp_path):
    first = service.invoice_rows(InvoiceQuery(RFC), 0, InvoiceCount(ROWS, True), {}).rows[0]
    here = service.invoice_detail(RFC, first["id"])
    there = remote.invoice_detail(RFC, first["id"])
    assert here is not None and there is not None
    assert {k: v for k, v in there.row.items() if k != "path"} == {k: v for k, v in here.row.items() if k != "path"}
    assert there.payments == here.payments
    assert remote.invoice_detail(RFC, 10**9) is None


def test_an_invoice_xml_is_copied_from_the_server(live, service, clock):
    issuer = "AAA010101AAA"  # the issuer of SAT's signed CFDI 4.0 example
    service.add_profile(issuer, accept_check_digit=True)
    imported = service.import_invoices(issuer, [str(FIXTURES / "cfdi" / "cfdv40-ejemplo-signed-tfd.xml")])
    assert imported["added"] == 1, imported
    row = service.invoice_rows(InvoiceQuery(issuer), 0, service.invoice_count(InvoiceQuery(issuer)), {}).rows[0]
    here = service.invoice_detail(issuer, row["id"])
    key = ApiKeys(service.db, service.clock).create([issuer], read_only=True)["key"]
    with RemoteService(live.url, key, clock=clock) as remote:
        there = remote.invoice_detail(issuer, row["id"])
        assert here is not None and there is not None and here.row["has_xml"]
        copy = Path(there.row["path"])
        assert copy.read_bytes() == Path(here.row["path"]).read_bytes()
        assert not copy.is_relative_to(service.home)
        assert copy.parent.stat().st_mode & 0o077 == 0  # invoices are private on this computer too
    assert not copy.exists()  # the copies go with the service


def test_several_requests_through_the_server_are_all_or_nothing(service, remote, clock):
    """The window's «Nueva solicitud» against an office server sent one POST /request a piece: a piece refused
    after the first left those stored though the window said it failed (outside audit of the server)."""
    service.activate(RFC)
    cer, key = (FIEL / f"{RFC}.cer").read_bytes(), (FIEL / f"{RFC}.key").read_bytes()
    service.upload_fiel(RFC, cer, key, TEST_PASSWORD)
    today = clock.now().date()
    later = today.replace(year=today.year + 1)  # the last pieces start in the future: refused
    with pytest.raises(AppError) as caught:
        remote.create_requests(RFC, start=f"{today:%Y-%m}-01", end=later.isoformat(), rfc_types=["issued", "received"])
    assert caught.value.code == "invalid_date_range"
    assert not service.request_records(RFC)  # nothing stored, as a local home answers


def test_requests_made_through_the_server_are_its_history(service, remote):
    service.activate(RFC)
    cer, key = (FIEL / f"{RFC}.cer").read_bytes(), (FIEL / f"{RFC}.key").read_bytes()
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
    made = remote.create_requests(RFC, start="2026-03-01T00:00:00", end="2026-04-30T23:59:59", rfc_types=["issued"])
    assert made["created"] == 2 and made["duplicates"] == 0
    # The server's scheduler sends them meanwhile: the two reads agree once no pass writes between them.
    wait_for(lambda: remote.request_records(RFC) == service.request_records(RFC), 30, "the same history")
    assert {r.id for r in service.request_records(RFC)} == {a["request_id"] for a in made["requests"]}
    request_id = made["requests"][0]["request_id"]
    wait_for(lambda: remote.request_record(RFC, request_id) == service.request_record(RFC, request_id), 30, "one")
    wait_for(lambda: remote.request_detail(RFC, request_id) == service.request_detail(RFC, request_id), 30, "detail")
    # asked by SAT's IdSolicitud, the detail is the same (before: the request, with no packages and no events)
    done = wait_for(lambda: (r := service.request_record(RFC, request_id)).status == "completed" and r, 30, "done")
    by_sat = remote.request_detail(RFC, done.sat_request_id)
    assert by_sat == remote.request_detail(RFC, request_id) and by_sat.events and by_sat.packages
    assert remote.get_schedule(RFC)["schedule"] == service.get_schedule(RFC)["schedule"]
    assert remote.fiel_status(RFC) == service.fiel_status(RFC) and remote.fiel_status(RFC).uploaded
    look = remote.sync_once(RFC)
    assert look["rfc"] == RFC and look["errors"] == [] and look["documents_ingested"] == 0  # the first look


def test_errors_keep_their_codes_and_never_show_the_key(live, office, service, clock):
    with RemoteService(live.url, office["other"], clock=clock) as other:
        with pytest.raises(AppError) as forbidden:
            other.request_records(RFC)
        assert forbidden.value.code == "forbidden"
        eku_invoice = service.invoice_rows(InvoiceQuery(RFC), 0, InvoiceCount(ROWS, True), {}).rows[0]["id"]
        assert service.invoice_detail(RFC, eku_invoice) is not None
        assert other.invoice_detail(OTHER, eku_invoice) is None  # ids are the server's: only the key's RFC's rows
    bad = "dm_0123456789ab_" + "A" * 43
    with RemoteService(live.url, bad, clock=clock) as stranger:
        with pytest.raises(AppError) as unauthorized:
            stranger.profile_records()
        assert unauthorized.value.code == "unauthorized"
        assert bad not in repr(stranger) and bad not in str(unauthorized.value.to_json())
    with RemoteService(live.url, office["eku"], clock=clock) as remote:
        with pytest.raises(AppError) as unsupported:
            remote.import_invoices(RFC, ["/tmp"])
        assert unsupported.value.code == "remote_unsupported"


def test_a_server_out_of_reach_is_said_at_once_and_tried_again_by_the_look(clock):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = "dm_0123456789ab_" + "C" * 43
    with RemoteService(f"http://127.0.0.1:{port}", key, clock=clock) as remote:
        with pytest.raises(AppError) as first:
            remote.profile_records()
        assert first.value.code == "server_unreachable" and not remote.online
        assert key not in str(first.value) and key not in repr(first.value.to_json())
        with pytest.raises(AppError) as soon:  # while it was just found away: no wait on the network
            remote.request_records(RFC)
        assert soon.value.code == "server_unreachable"
        with pytest.raises(AppError) as look:  # the poller's look always tries
            remote.sync_once(RFC)
        assert look.value.code == "server_unreachable"


@pytest.mark.parametrize("url", ["", "servidor:8000", "ftp://x", "http://user:pw@x", "http://x/?k=1", "http://x:99999"])
def test_a_server_address_must_be_http_or_https(url):
    with pytest.raises(AppError) as refused:
        check_url(url)
    assert refused.value.code == "invalid_server_url"
    assert check_url(" https://servidor.despacho.mx:8443/ ") == "https://servidor.despacho.mx:8443"


@pytest.mark.parametrize("url", ["http://192.0.2.2:8000", "http://servidor.despacho.mx", "http://10.0.0.5:8000/api"])
def test_the_api_key_never_goes_in_clear_to_another_computer(url):
    """An outside audit: «Probar conexión» with a LAN http:// address sent the Bearer key unencrypted."""
    with pytest.raises(AppError) as refused:
        check_url(url)
    assert (refused.value.code, refused.value.details["field"]) == ("insecure_server_url", "url")
    for here in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "http://127.0.0.2"):
        assert check_url(here) == here


def test_the_link_keeps_the_key_in_the_keyring_and_checks_before_switching(live, office, service, secrets, clock):
    link = OfficeLink(service, secrets, clock=clock)
    assert link.saved_key() is None
    with pytest.raises(AppError):
        link.connect(live.url, "dm_0123456789ab_" + "D" * 43)
    assert link.saved_key() is None and link.remote is None  # a key the server refused is not kept
    assert [p.rfc for p in link.check(live.url, office["eku"])] == [RFC]
    remote = link.connect(live.url, office["eku"])
    assert link.remote is remote and link.saved_key() == office["eku"]
    assert secrets.get_password("office-server") == office["eku"]
    link.release()
    assert link.remote is None
    link.forget_key()
    assert link.saved_key() is None


def test_a_date_that_is_not_one_is_refused_by_the_server(remote):
    with pytest.raises(AppError) as refused:
        remote.invoice_count(InvoiceQuery(RFC, InvoiceFilter(date_from="2021-13-45")))
    assert refused.value.code == "invalid_date"


@pytest.mark.parametrize(
    "flt",
    [
        InvoiceFilter(payment_methods=("PPD",)),
        InvoiceFilter(payment_methods=("PUE",), currencies=("MXN",), direction="issued"),
        InvoiceFilter(pending_balance=True),
    ],
    ids=["ppd", "pue-mxn-issued", "pending-balance"],
)
def test_the_browsers_code_filters_reach_the_server(service, remote, flt):
    """The grid's código filters (método and forma de pago, uso de CFDI, moneda, saldo pendiente) filter on the
    server exactly as at home: they used to be dropped on the way, and every total on the server was the whole."""
    query = InvoiceQuery(RFC, flt)
    counted = remote.invoice_count(query)
    assert counted == service.invoice_count(query)
    assert 0 < counted.total < service.invoice_count(InvoiceQuery(RFC)).total
    keys = ("direction", "type", "currency", "status")
    assert remote.invoice_sums(RFC, flt, keys) == service.invoice_sums(RFC, flt, keys)


def test_every_filter_field_crosses_to_the_server_and_back():
    """Each field of the browser's filter goes into the query string and the server reads it back unchanged (a
    field added to ``InvoiceFilter`` and forgotten here fails this test)."""
    import dataclasses

    from desktop_app.core.remote import _filter_params
    from desktop_app.server.routes import invoice_filter

    flt = InvoiceFilter(
        date_from="2025-01-01",
        date_to="2025-03-31",
        direction="received",
        types=("I", "E"),
        status="vigente",
        counterpart_rfc="AAA010101AAA",
        text="lopez",
        min_total=Decimal("100.50"),
        max_total=Decimal("2000"),
        damaged=True,
        payment_methods=("PPD",),
        payment_forms=("03", "04"),
        cfdi_uses=("G03",),
        currencies=("USD",),
        pending_balance=True,
    )
    default = InvoiceFilter()
    unset = [f.name for f in dataclasses.fields(InvoiceFilter) if getattr(flt, f.name) == getattr(default, f.name)]
    assert unset == [], f"give these a value here: {unset}"
    params = _filter_params(flt)
    query = {name: value for name, value in params if name != "type"}
    assert invoice_filter(query, [value for name, value in params if name == "type"]) == flt


def test_reports_the_69b_list_and_an_invoice_by_uuid_come_from_the_server(live, clock, secrets, service, tmp_path):
    """What the Reportes page and its drill-down ask: the reports computed on the server (the same data as at home),
    the 69-B list's age and situations, an invoice by UUID from the index alone (never a SAT request)."""
    from desktop_app.core.reports import Period
    from tests.core.reports import scenario
    from tests.gui.reports.homes import import_efos, import_scenario

    service.add_profile(OTHER)  # a key covering two RFCs must name one: it does
    import_scenario(service, tmp_path / "scenario")
    key = ApiKeys(service.db, service.clock).create([RFC], read_only=True)["key"]
    march = Period.of("2025-03")
    with RemoteService(live.url, key, clock=clock, secrets=secrets) as remote:
        assert remote.efos_status()["loaded"] is False
        import_efos(service, tmp_path / "efos")
        for kind in ("iva", "ppd", "isr", "diot"):
            there = remote.report(RFC, kind, march, detail=True)
            assert there == service.report(RFC, kind, march, detail=True), kind
        assert remote.report(RFC, "iva", march, basis="cash")["cash"]["transferred"] != "0.00"
        assert remote.efos_status() == service.efos_status()
        rfcs = [scenario.SUPPLIER, "AAA010101AAA", RFC]
        assert remote.efos_situation_of(rfcs) == service.efos_situation_of(rfcs)
        assert remote.efos_situation_of(rfcs)[scenario.SUPPLIER]["situation"] == "definitivo"
        uuid = next(iter(scenario.documents()))
        here, there = service.invoice(RFC, uuid, ask_sat=False), remote.invoice(RFC, uuid, ask_sat=False)
        assert (
            there["invoice"]["uuid"] == here["invoice"]["uuid"]
            and there["invoice"]["total"] == here["invoice"]["total"]
        )
        # its path is a copy on this desk of the server's XML — before, the server's own path (a file of the
        # server's disk the window tried to open here); the server's answer names no path of its disk
        assert Path(there["invoice"]["path"]).read_bytes() == Path(here["invoice"]["path"]).read_bytes()
        assert Path(there["invoice"]["path"]) != Path(here["invoice"]["path"])
        with httpx.Client(base_url=live.url + PREFIX, headers={"Authorization": f"Bearer {key}"}) as http:
            answer = http.get(f"/invoice/{uuid}", params={"ask_sat": "false"}).json()["data"]
        assert "path" not in answer["invoice"] and str(service.home) not in str(answer)
        with pytest.raises(AppError) as missing:
            remote.invoice(RFC, "00000000-0000-4000-8000-000000000000", ask_sat=False)
        assert missing.value.code == "not_found"
        with pytest.raises(AppError) as wrong:
            remote.report(RFC, "iva", Period.of("2025-03"), basis="weekly")
        assert wrong.value.code == "invalid_argument"
