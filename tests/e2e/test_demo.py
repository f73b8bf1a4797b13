"""The README's first command: the headless demo runs the whole flow on the in-process sandbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.core.reports.common import money
from desktop_app.demo import DEMO_FIEL_VALID_UNTIL, demo_clock, run_headless, start_demo


def test_headless_demo_downloads_last_month(tmp_path):
    env = start_demo(tmp_path / "demo", ready_after=0, invoices=20_000)
    lines: list[str] = []
    try:
        result = run_headless(env, log=lines.append)
    finally:
        env.close()
    # what it says on the console is Spanish, as the window (it said «registrada con el SAT = True», «accepted»
    # and amounts without their sign: an outside audit's «half translated»)
    text = "\n".join(lines)
    assert "registrada con el SAT" in text and "True" not in text and "accepted" not in text
    assert "aceptada por el SAT" in text and "IVA trasladado $" in text
    assert ", saldo -$" in text or ", saldo $" in text
    assert [h["status"] for h in result["history"]] == ["completed"] * 16
    assert all(h["invoiceCount"] == h["processedCount"] for h in result["history"])
    retenciones = [h for h in result["history"] if h.get("service") == "retenciones"]
    assert len(retenciones) == 12  # one a month
    assert sum(h["invoiceCount"] for h in retenciones) > 0  # the company's constancias of the last twelve months
    assert result["totals"]["count"] > 0
    cash = result["iva"]["cash"]
    assert cash["transferred"] != "0.00"  # the demo month has real figures
    assert cash["balance"] == money(cents(cash["transferred"]) - cents(cash["withheld"]) - cents(cash["creditable"])), (
        cash
    )
    assert (tmp_path / "demo" / "EKU9003173C9" / "emitidos").is_dir()


def test_headless_demo_speaks_the_windows_language(tmp_path):
    """An outside audit: with English saved as the window's language it said one English sentence and every progress
    line in Spanish («Solicitud …: aceptada por el SAT», «3 facturas de 11/2026…»)."""
    env = start_demo(tmp_path / "demo", ready_after=0, invoices=300)
    lines: list[str] = []
    try:
        run_headless(env, log=lines.append, lang="en")
    finally:
        env.close()
    text = "\n".join(lines)
    assert "registered with SAT" in text and "accepted by SAT" in text and "VAT (IVA) of " in text
    assert not any(word in text for word in ("Solicitud", "facturas", "registrada", "trasladado", "datos en"))


def test_demo_clock_stays_inside_the_test_fiel_validity():
    """Before SAT's test FIEL expires the demo runs on real time; after, a year before its expiry."""
    before = datetime(2026, 11, 25, tzinfo=UTC)
    assert abs((demo_clock(before).now() - datetime.now(UTC)).total_seconds()) < 60
    after = datetime(2029, 3, 1, tzinfo=UTC)
    shift = (demo_clock(after).now() - datetime.now(UTC)).total_seconds()
    expected = -((after - DEMO_FIEL_VALID_UNTIL).total_seconds() + 365 * 86400)
    assert abs(shift - expected) < 60
    # seen from that day, the demo's "now" is a year before the certificate's end
    assert (
        after + timedelta(seconds=shift) == DEMO_FIEL_VALID_UNTIL - timedelta(days=365)
        or abs((after + timedelta(seconds=shift) - (DEMO_FIEL_VALID_UNTIL - timedelta(days=365))).total_seconds()) < 60
    )


def test_every_request_of_the_demo_knows_its_date_range(tmp_path):
    env = start_demo(tmp_path / "demo", ready_after=0, invoices=20_000)
    try:
        result = run_headless(env, log=lambda _: None)
    finally:
        env.close()
    for item in result["history"]:  # metadata requests too, even when every row was already indexed
        if not item["invoiceCount"]:
            continue  # a month without constancias de retenciones
        assert item["earliestIssueDate"] and item["latestIssueDate"], item
        assert item["startDate"] <= item["earliestIssueDate"] <= item["latestIssueDate"] <= item["endDate"]


def cents(text: str) -> int:
    whole, _, part = text.lstrip("-").partition(".")
    value = int(whole) * 100 + int((part + "00")[:2])
    return -value if text.startswith("-") else value
