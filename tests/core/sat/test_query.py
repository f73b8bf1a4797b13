"""The v1.5 rules, each refused before anything is sent, and the CLI/seed options."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.sat.query import QueryParams, folio_params, lookback_limit, params_from_options, validate

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)  # 12:00 in Mexico City
RFC = "EKU9003173C9"
ISSUED = QueryParams(
    direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59), status="Todos"
)
RECEIVED = replace(ISSUED, direction="received", status="Vigente")


def code_of(params: QueryParams, rfc: str = RFC) -> str:
    with pytest.raises(AppError) as info:
        validate(params, rfc, NOW)
    return info.value.code


def test_valid_requests_pass():
    validate(ISSUED, RFC, NOW)
    validate(RECEIVED, RFC, NOW)
    validate(replace(RECEIVED, request_type="Metadata", status="Todos"), RFC, NOW)
    validate(replace(ISSUED, request_type="CFDI", status="Cancelado"), RFC, NOW)
    validate(folio_params("96623061-61FE-49DE-B298-C7156476AA8B"), RFC, NOW)


def test_start_must_be_before_end():
    assert code_of(replace(ISSUED, end=ISSUED.start)) == "invalid_date_range"
    assert code_of(replace(ISSUED, start=ISSUED.end, end=ISSUED.start)) == "invalid_date_range"
    assert code_of(replace(ISSUED, end=None)) == "invalid_date_range"


def test_lookback_is_six_years_from_today_midnight():
    assert lookback_limit(NOW) == datetime(2020, 6, 1)
    validate(replace(ISSUED, start=datetime(2020, 6, 1)), RFC, NOW)
    assert code_of(replace(ISSUED, start=datetime(2020, 5, 31, 23, 59, 59))) == "date_range_too_old"
    # 02:00 UTC on 1 June is still 31 May in Mexico City.
    assert lookback_limit(datetime(2026, 6, 1, 2, 0, tzinfo=UTC)) == datetime(2020, 5, 31)
    assert lookback_limit(datetime(2028, 2, 29, 12, 0)) == datetime(2022, 2, 28)


@pytest.mark.parametrize("status", [None, "Todos", "Cancelado"])
def test_received_xml_must_be_active(status):
    with pytest.raises(AppError) as info:
        validate(replace(RECEIVED, status=status), RFC, NOW)
    assert info.value.code == "received_cfdi_requires_active"
    assert "cancel" in info.value.message and "metadata" in info.value.message


def test_counterparts_are_limited():
    five = tuple(f"AAA01010{i}AA{i}" for i in range(5))
    validate(replace(ISSUED, counterpart_rfcs=five), RFC, NOW)
    assert code_of(replace(ISSUED, counterpart_rfcs=(*five, "XAXX010101000"))) == "too_many_receivers"
    assert code_of(replace(RECEIVED, counterpart_rfcs=five[:2])) == "too_many_issuers"


@pytest.mark.parametrize(
    "params",
    [
        replace(ISSUED, counterpart_rfcs=("NOT-AN-RFC",)),
        replace(ISSUED, third_party_rfc="XYZ"),
    ],
)
def test_rfcs_are_checked(params):
    assert code_of(params) == "invalid_rfc"


def test_requester_rfc_is_checked():
    assert code_of(ISSUED, rfc="bad") == "invalid_rfc"


def test_rfcs_with_ampersand_and_enye_are_valid():
    validate(replace(ISSUED, counterpart_rfcs=("A&B010101AB1", "ÑOÑO010101AB2")), RFC, NOW)


def test_folio_rules():
    assert code_of(QueryParams(folio="not-a-uuid")) == "invalid_uuid"
    mixed = replace(folio_params("96623061-61fe-49de-b298-c7156476aa8b"), invoice_type="I")
    assert code_of(mixed) == "invalid_folio_query"
    assert code_of(replace(mixed, invoice_type=None, start=datetime(2026, 1, 1))) == "invalid_folio_query"
    assert folio_params(" 96623061-61FE-49DE-B298-C7156476AA8B ").folio == "96623061-61fe-49de-b298-c7156476aa8b"


def test_complement_and_invoice_type():
    validate(replace(ISSUED, complement="nomina12"), RFC, NOW)
    assert code_of(replace(ISSUED, complement="nomina99")) == "invalid_complement"
    retenciones = replace(ISSUED, service="retenciones")
    validate(replace(retenciones, complement="dividendos"), RFC, NOW)
    assert code_of(replace(retenciones, complement="nomina12")) == "invalid_complement"
    assert code_of(replace(ISSUED, invoice_type="X")) == "invalid_invoice_type"
    assert code_of(replace(retenciones, invoice_type="I")) == "invalid_invoice_type"


def test_other_enumerations():
    assert code_of(replace(ISSUED, request_type="XML")) == "invalid_request_type"
    assert code_of(replace(ISSUED, status="Activo")) == "invalid_invoice_status"
    assert code_of(replace(ISSUED, direction="both")) == "invalid_direction"
    assert code_of(replace(ISSUED, service="nomina")) == "invalid_service"


def test_dates_must_be_naive_wall_clock():
    assert code_of(replace(ISSUED, start=datetime(2026, 5, 1, tzinfo=UTC))) == "invalid_date_range"


def test_options_dates_cover_whole_days():
    params = params_from_options("2026-05-01", "2026-05-31")
    assert params.start == datetime(2026, 5, 1, 0, 0, 0)
    assert params.end == datetime(2026, 5, 31, 23, 59, 59)
    assert params.direction == "received" and params.request_type == "CFDI"
    assert params.status == "Vigente"  # received XML: only active ones
    exact = params_from_options("2026-05-01T08:30:00", "2026-05-01 09:00:15", rfc_type="issued")
    assert (exact.start, exact.end) == (datetime(2026, 5, 1, 8, 30), datetime(2026, 5, 1, 9, 0, 15))
    # ISO's other date-only forms are whole days too: an end of 20261130 was sent as its midnight (an outside audit)
    for start, end in (("20261101", "20261130"), ("2026-W44-7", "2026W491"), (" 2026-11-01 ", "2026-11-30 ")):
        compact = params_from_options(start, end)
        assert (compact.start, compact.end) == (datetime(2026, 11, 1), datetime(2026, 11, 30, 23, 59, 59)), end


def test_options_status_defaults_and_mapping():
    assert params_from_options("2026-05-01", "2026-05-02", rfc_type="issued").status == "Todos"
    assert params_from_options("2026-05-01", "2026-05-02", request_type="metadata").status == "Todos"
    cancelled = params_from_options("2026-05-01", "2026-05-02", rfc_type="issued", invoice_status="cancelled")
    assert cancelled.status == "Cancelado"
    assert params_from_options("2026-05-01", "2026-05-02", invoice_status="active").status == "Vigente"
    assert params_from_options("2026-05-01", "2026-05-02", invoice_status="all").status == "Todos"


def test_options_normalise_filters():
    params = params_from_options(
        "2026-05-01",
        "2026-05-02",
        rfc_type="issued",
        request_type="Metadata",
        invoice_type="p",
        third_party_rfc=" xaxx010101000 ",
        counterpart_rfcs=["aaa010101aaa"],
        complement="Pagos20",
    )
    assert params.request_type == "Metadata"
    assert params.invoice_type == "P"
    assert params.third_party_rfc == "XAXX010101000"
    assert params.counterpart_rfcs == ("AAA010101AAA",)
    assert params.complement == "pagos20"
    validate(params, RFC, NOW)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"start": "2026-13-01"}, "invalid_date"),
        ({"end": "yesterday"}, "invalid_date"),
        ({"rfc_type": "both"}, "invalid_direction"),
        ({"request_type": "xml"}, "invalid_request_type"),
        ({"invoice_status": "maybe"}, "invalid_invoice_status"),
    ],
)
def test_options_errors(kwargs, code):
    options = {"start": "2026-05-01", "end": "2026-05-02", **kwargs}
    with pytest.raises(AppError) as info:
        params_from_options(options.pop("start"), options.pop("end"), **options)
    assert info.value.code == code


def test_operation_names():
    assert ISSUED.operation == "SolicitaDescargaEmitidos"
    assert RECEIVED.operation == "SolicitaDescargaRecibidos"
    assert folio_params("96623061-61fe-49de-b298-c7156476aa8b").operation == "SolicitaDescargaFolio"
