"""The sync pass against a scripted SAT client (no network): each SAT answer leaves the ledger in the state,
status code and English sentence the rules say."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.core.clock import FakeClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger
from desktop_app.core.sat.query import QueryParams
from desktop_app.core.sat.responses import QueryResult, VerifyResult
from desktop_app.core.store import db
from desktop_app.core.sync import SyncPass, SyncPolicy, disk

RFC = "EKU9003173C9"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MAY = QueryParams(direction="received", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59))
POLICY = SyncPolicy(first_check_after=0, min_check_interval=60, resubmit_after=900)


class ScriptedSat:
    """Answers each call with the next scripted answer (an exception is raised)."""

    def __init__(self, *, query=(), verify=(), download=()):
        self.answers = {"query": list(query), "verify": list(verify), "download": list(download)}
        self.calls: list[str] = []
        self.sent: list[QueryParams] = []

    def _next(self, operation):
        self.calls.append(operation)
        answer = self.answers[operation].pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def query(self, params):
        self.sent.append(params)
        return self._next("query")

    def verify(self, request_id, service):
        return self._next("verify")

    def download(self, package_id, dest, service):
        return self._next("download")


def accepted(request_id="SAT-1"):
    return QueryResult(5000, "Solicitud Aceptada", request_id, RFC)


def verified(state, code=5000, count=0, packages=()):
    return VerifyResult(5000, "Solicitud Aceptada", state, code, count, tuple(packages))


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setattr(disk, "free_bytes", lambda _path: 1 << 40)
    return tmp_path


@pytest.fixture
def store(home, db_source):
    source = db_source(home / db.DB_NAME)  # SQLite and PostgreSQL (tests/core/conftest.py)
    with db.transaction(source.get()) as conn:
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    return source


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def ledger(store, clock):
    return Ledger(store, clock)


def run(home, store, clock, ledger, client):
    events = []
    sync_pass = SyncPass(
        home=home, db=store, clock=clock, ledger=ledger, rfc=RFC, client=client, policy=POLICY, on_event=events.append
    )
    return sync_pass.run(), events


def test_a_refusal_is_failed_with_its_code_and_the_same_english(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    report, events = run(home, store, clock, ledger, ScriptedSat(query=[QueryResult(5002, "Agotado", None, RFC)]))
    record = ledger.get(record.id)
    assert (record.status, record.submit_state, record.sat_code) == ("failed", "sent", 5002)
    assert record.status_code == "rejected_limit_used_up"
    assert record.status_message == "SAT's lifetime limit for identical requests of this period is used up (5002)."
    assert report.failed == 1 and [e.kind for e in events] == ["failed"]
    assert ledger.events(record.id)[0]["sat_code"] == 5002


def test_an_unknown_refusal_keeps_sats_words(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    run(home, store, clock, ledger, ScriptedSat(query=[QueryResult(5011, "Límite por día", None, RFC)]))
    record = ledger.get(record.id)
    assert record.status_code == "rejected"
    assert record.to_history()["statusParams"] == {"sat_code": 5011, "sat_message": "Límite por día"}
    assert record.status_message == "SAT rejected the request: 5011 Límite por día"


def test_error_no_controlado_sends_again_later(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    client = ScriptedSat(query=[QueryResult(404, "Error no controlado", None, RFC)])
    report, _ = run(home, store, clock, ledger, client)
    record = ledger.get(record.id)
    assert (record.status, record.submit_state, record.submit_attempts) == ("pending", "unsent", 1)
    assert record.next_check_at == to_ms(NOW) + 900_000
    assert record.status_code == "resend_uncontrolled_error"
    assert record.status_message == "SAT answered 'Error no controlado'; it will be sent again later."
    assert report.failed == 0 and report.open_requests == 1 and report.next_check_at == record.next_check_at
    run(home, store, clock, ledger, client)  # not due yet: SAT is not asked
    assert client.calls == ["query"]


def test_a_request_left_sending_is_never_resent(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    ledger.update(record.id, submit_state="sending")
    client = ScriptedSat()
    report, _ = run(home, store, clock, ledger, client)
    record = ledger.get(record.id)
    assert (record.status, record.submit_state, record.status_code) == (
        "failed",
        "unknown",
        "interrupted_while_sending",
    )
    assert record.status_message.startswith("The app stopped while sending this request")
    assert record.status_message.endswith("create it again if you need it.")
    assert client.calls == [] and report.failed == 1


def test_accepted_and_verified_in_one_pass_then_split_on_5003(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    client = ScriptedSat(query=[accepted()], verify=[verified(5, 5003)])
    report, _ = run(home, store, clock, ledger, client)
    parent = ledger.get(record.id)
    assert (parent.status, parent.status_code, parent.sat_request_id) == ("failed", "split", "SAT-1")
    assert parent.status_message == (
        "The period has more documents than SAT hands out in one request; it was split in two."
    )
    halves = sorted((r for r in ledger.history(RFC) if r.parent_id == record.id), key=lambda r: r.start_at)
    assert [(h.start_at, h.end_at) for h in halves] == [
        ("2026-05-01T00:00:00", "2026-05-16T11:59:59"),
        ("2026-05-16T12:00:00", "2026-05-31T23:59:59"),
    ]
    assert report.submitted == 1 and report.verified == 1 and report.failed == 1


def test_a_5003_is_split_down_to_an_hour_and_no_further(home, store, clock, ledger):
    """A hostile SAT answering 5003 to every period (an outside audit): halved down to two seconds, one month of 45
    invoices spent 1,015 of SAT's requests in 31 s. An hour holds more than any issuer stamps."""
    two_hours = QueryParams(direction="received", start=datetime(2026, 5, 1, 10), end=datetime(2026, 5, 1, 11, 59, 59))
    record = ledger.create(RFC, two_hours, "manual")
    run(home, store, clock, ledger, ScriptedSat(query=[accepted()], verify=[verified(5, 5003)]))
    halves = [r for r in ledger.history(RFC) if r.parent_id == record.id]
    assert sorted((h.start_at, h.end_at) for h in halves) == [
        ("2026-05-01T10:00:00", "2026-05-01T10:59:59"),
        ("2026-05-01T11:00:00", "2026-05-01T11:59:59"),
    ]
    clock._now += timedelta(minutes=20)
    sat = ScriptedSat(query=[accepted("SAT-2"), accepted("SAT-3")], verify=[verified(5, 5003), verified(5, 5003)])
    run(home, store, clock, ledger, sat)
    for half in halves:
        half = ledger.get(half.id)
        assert (half.status, half.status_code) == ("failed", "split_at_limit")
    assert len(ledger.history(RFC)) == 3  # nothing more was queued


def test_a_verification_that_fails_backs_off_and_says_so(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    client = ScriptedSat(query=[accepted()], verify=[AppError("sat_unavailable", "timed out")])
    report, _ = run(home, store, clock, ledger, client)
    record = ledger.get(record.id)
    assert record.status == "accepted" and record.check_count == 1
    assert record.next_check_at == to_ms(NOW) + 120_000  # check_interval(1) = 2 minutes
    assert record.status_code == "verify_unreachable"
    assert record.status_message == (
        "SAT could not be asked about this request (sat_unavailable: timed out); it will be asked again later."
    )
    assert [e["code"] for e in report.errors] == ["sat_unavailable"]


def test_packages_sat_no_longer_has_expire_the_request(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    client = ScriptedSat(
        query=[accepted()],
        verify=[verified(3, count=5, packages=["P_01"])],
        download=[AppError("not_found", "SAT no longer has it", cod_estatus=5007)],
    )
    run(home, store, clock, ledger, client)
    # SAT said so of a package it had just listed: the second download is spent on it before it is given up
    [package] = ledger.packages(record.id)
    assert (package["state"], package["download_count"]) == ("available", 1)
    assert ledger.get(record.id).status_code == "package_answer_broken"
    clock._now += timedelta(minutes=20)
    run(home, store, clock, ledger, ScriptedSat(download=[AppError("not_found", "still gone", cod_estatus=5007)]))
    record = ledger.get(record.id)
    [package] = ledger.packages(record.id)
    assert (package["state"], package["download_count"]) == ("expired", 2)
    assert (record.status, record.invoice_count, record.status_code) == ("expired", 5, "packages_lost_expired")
    assert record.status_message == "P_01: SAT no longer has this package (expired)."
    assert record.to_history()["statusParams"] == {
        "packages": [{"id": "P_01", "error": "SAT no longer has this package (expired)."}]
    }


@pytest.mark.parametrize(
    "refusal",
    [
        AppError("sat_rejected", "SAT answered 300 Usuario No Válido", cod_estatus=300, delivered=True),
        AppError("sat_fault", "InvalidSecurity", faultcode="a:InvalidSecurity", delivered=False),
    ],
)
def test_a_download_sat_refused_before_acting_does_not_spend_one_of_the_two(home, store, clock, ledger, refusal):
    """A hostile SAT (an outside audit): a download answered 300 (the token not honoured, even fresh) or refused by
    WCF's security layer was counted as spent; after two such passes the package was «both downloads used», though
    SAT never sent it."""
    record = ledger.create(RFC, MAY, "manual")
    sat = ScriptedSat(query=[accepted()], verify=[verified(3, count=5, packages=["P_01"])], download=[refusal])
    run(home, store, clock, ledger, sat)
    for _ in range(2):
        clock._now += timedelta(minutes=20)
        run(home, store, clock, ledger, ScriptedSat(download=[refusal]))
    [package] = ledger.packages(record.id)
    assert (package["state"], package["download_count"]) == ("available", 0)
    assert ledger.get(record.id).is_open


def test_state_1_keeps_the_request_accepted_without_a_note(home, store, clock, ledger):
    record = ledger.create(RFC, MAY, "manual")
    ledger.update(record.id, status_message="an older note")
    run(home, store, clock, ledger, ScriptedSat(query=[accepted()], verify=[verified(1)]))
    record = ledger.get(record.id)
    assert (record.status, record.status_code, record.status_message) == ("accepted", None, None)
    clock._now += timedelta(minutes=5)
    run(home, store, clock, ledger, ScriptedSat(verify=[verified(2)]))
    assert ledger.get(record.id).status == "processing"


def test_a_request_the_client_refuses_before_sending_fails_once_and_is_never_tried_again(home, store, clock, ledger):
    """A backfill month past SAT's six years (or a period a clock set ahead put in the future): the client refused
    it before sending, and the pass put it back to «send later» every 15 minutes, for good."""
    record = ledger.create(RFC, MAY, "backfill")
    from desktop_app.core.sat.query import RequestRefused

    refusal = RequestRefused("date_range_too_old", "SAT only serves the last six years: the start cannot be before …")
    report, _events = run(home, store, clock, ledger, ScriptedSat(query=[refusal]))
    record = ledger.get(record.id)
    assert (record.status, record.submit_state, record.status_code) == ("failed", "unsent", "submit_error")
    assert record.to_history()["statusParams"]["error_code"] == "date_range_too_old"
    assert report.failed == 1 and [e["code"] for e in report.errors] == ["date_range_too_old"]
    clock._now += timedelta(hours=1)
    client = ScriptedSat()
    run(home, store, clock, ledger, client)
    assert client.calls == []  # nothing due: never sent, never tried again


def test_a_period_that_fell_past_sats_six_years_before_it_was_sent_is_sent_from_the_oldest_day_sat_serves(
    home, store, clock, ledger
):
    """The backfill's oldest month was made from the day six years back; sent a day later (SAT down, the computer
    off) its start was past SAT's limit and the whole month failed, the days SAT still had never downloaded (an
    outside audit: 5 CFDI of 21–30 Sep 2020 lost for good, the schedule «success»)."""
    june = QueryParams(direction="issued", start=datetime(2020, 5, 31), end=datetime(2020, 6, 30, 23, 59, 59))
    record = ledger.create(RFC, june, "backfill")  # made on 2026-05-31; NOW is 2026-06-01
    sat = ScriptedSat(query=[accepted()], verify=[verified(1)])
    run(home, store, clock, ledger, sat)
    [sent] = sat.sent
    assert (sent.start, sent.end) == (datetime(2020, 6, 1), datetime(2020, 6, 30, 23, 59, 59))
    record = ledger.get(record.id)
    assert (record.status, record.start_at, record.params.start) == ("accepted", "2020-06-01T00:00:00", sent.start)
    assert record.to_history()["startDate"] == "2020-06-01"
    [clip, _answer] = ledger.events(record.id)
    assert clip["message"].startswith("start_clipped: The start was moved from 2020-05-31 to 2020-06-01")
    # a period wholly past the limit is not clipped into nothing: it goes as it is, for the client to refuse
    may = dataclasses.replace(june, end=datetime(2020, 5, 31, 23, 59, 59))
    gone = ledger.create(RFC, may, "backfill")
    from desktop_app.core.sat.query import RequestRefused

    sat = ScriptedSat(query=[RequestRefused("date_range_too_old", "SAT only serves six years")], verify=[verified(1)])
    run(home, store, clock, ledger, sat)
    assert sat.sent == [may] and ledger.get(gone.id).status == "failed"
