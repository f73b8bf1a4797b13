"""What a scheduled run asks SAT for, and whether a pass has anything to do now."""

from __future__ import annotations

from datetime import datetime

from desktop_app.core.ledger import RequestRecord
from desktop_app.core.sat.query import QueryParams
from desktop_app.core.sync.model import SyncReport


def scheduled_params(kind: str, start: datetime, end: datetime) -> list[QueryParams]:
    """What a daily or backfill run asks for per download type.

    received: the XML of vigentes (all SAT still hands out) plus metadata of all (to learn cancellations);
    issued: the XML of all, vigentes and cancelled, plus metadata of all — the XML alone does not say which
    were cancelled, and an accountant's totals must leave those out.
    """
    if kind == "received":
        return [
            QueryParams(direction="received", start=start, end=end, request_type="CFDI", status="Vigente"),
            QueryParams(direction="received", start=start, end=end, request_type="Metadata", status="Todos"),
        ]
    return [
        QueryParams(direction="issued", start=start, end=end, request_type="CFDI", status="Todos"),
        QueryParams(direction="issued", start=start, end=end, request_type="Metadata", status="Todos"),
    ]


def work_due(open_requests: list[RequestRecord], now_ms: int) -> bool:
    """Whether a pass has anything to do now (else it need not even unlock the FIEL or call SAT)."""
    for request in open_requests:
        if request.submit_state == "sending":
            return True
        if request.next_check_at is None or request.next_check_at <= now_ms:
            return True
    return False


def idle_report(rfc: str, open_requests: list[RequestRecord]) -> SyncReport:
    report = SyncReport(rfc=rfc, open_requests=len(open_requests))
    checks = [r.next_check_at for r in open_requests if r.next_check_at is not None]
    report.next_check_at = min(checks) if checks else None
    return report
