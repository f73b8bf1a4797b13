"""SAT metadata TXT parsing (sat-protocol.md §6.2)."""

from __future__ import annotations

import contextlib
import io
import itertools
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.cfdi.metadata import (
    METADATA_HEADER,
    THIRD_PARTY_HEADER,
    MetadataRow,
    iter_lines,
    iter_metadata,
    iter_third_parties,
    read_third_parties,
    sniff_kind,
)
from desktop_app.core.errors import AppError

from .conftest import METADATA

U1 = "A1B2C3D4-0000-4000-8000-000000000001"
U2 = "A1B2C3D4-0000-4000-8000-000000000002"


def test_phpcfdi_lf_file():
    rows = list(iter_metadata((METADATA / "phpcfdi-metadata.txt").read_bytes()))
    assert [r.uuid for r in rows] == ["E7215E3B-2DC5-4A40-AB10-C902FF9258DF", "129C4D12-1415-4ACE-BE12-34E71C4EAB4E"]
    first = rows[0]
    assert first == MetadataRow(
        uuid="E7215E3B-2DC5-4A40-AB10-C902FF9258DF",
        issuer_rfc="XAXX010101000",
        issuer_name="RAZON SOCIAL 1",
        receiver_rfc="XAXX010101001",
        receiver_name="RAZON SOCIAL 1 SA DE CV",
        pac_rfc="XAXX010101003",
        issue_date="2018-01-11T07:10:23",
        stamp_date="2018-01-11T07:10:51",
        amount=Decimal("1124.11"),
        type="I",
        status="vigente",
        cancelled_at=None,
    )


def test_crlf_file_with_cancelled_row_and_no_final_eol():
    path = METADATA / "synthetic-metadata-cancelado-crlf.txt"
    assert not path.read_bytes().endswith(b"\n")
    with open(path, "rb") as fh:
        rows = list(iter_metadata(fh))
    assert [(r.type, r.status, r.cancelled_at) for r in rows] == [
        ("I", "vigente", None),
        ("E", "cancelado", "2025-06-20T09:30:12"),
        ("P", "vigente", None),
    ]
    assert rows[2].amount == Decimal("0.00") and str(rows[2].amount) == "0.00"
    assert rows[2].uuid == "A1B2C3D4-0000-4000-8000-000000000003"


def test_a_file_whose_lines_end_in_cr_alone_is_read_row_by_row():
    """Excel's «CSV (Macintosh)» ends its lines in CR alone: the file was one endless line, its rows gone without a
    word (an outside audit)."""
    crlf = (METADATA / "synthetic-metadata-cancelado-crlf.txt").read_bytes()
    cr_only = crlf.replace(b"\r\n", b"\r")
    assert b"\n" not in cr_only
    expected = [(r.uuid, r.status) for r in iter_metadata(io.BytesIO(crlf))]
    assert len(expected) == 3
    assert [(r.uuid, r.status) for r in iter_metadata(io.BytesIO(cr_only))] == expected
    for cut in (1, 7, len(cr_only) // 2):  # read in chunks that split anywhere
        chunks = [cr_only[:cut].decode(), cr_only[cut:].decode()]
        assert [(r.uuid, r.status) for r in iter_metadata(chunks)] == expected


def test_a_file_saved_again_as_windows_ansi_keeps_its_names():
    """Excel's «CSV (MS-DOS)» saves in Windows' ANSI (cp1252): the names came out «MU�OZ Y C�A» (an outside audit)."""
    text = (METADATA / "synthetic-metadata-cancelado-crlf.txt").read_text(encoding="utf-8")
    ansi = text.replace("ESCUELA KEMPER URGATE", "MUÑOZ Y CÍA").encode("cp1252")
    assert {r.issuer_name for r in iter_metadata(io.BytesIO(ansi))} == {"MUÑOZ Y CÍA SA DE CV"}
    utf8 = text.replace("ESCUELA KEMPER URGATE", "MUÑOZ Y CÍA").encode("utf-8")
    assert {r.issuer_name for r in iter_metadata(io.BytesIO(utf8))} == {"MUÑOZ Y CÍA SA DE CV"}  # SAT's, as before


def test_third_party_join_is_case_insensitive():
    third = read_third_parties((METADATA / "nodecfdi-tercero.txt").read_bytes())
    assert third["00000000-AAAA-BBBB-1111-000000000003"] == ("AAAA010103AAA", "Registro de ejemplo 3")
    text = (
        METADATA_HEADER
        + "\r\n00000000-aaaa-bbbb-1111-000000000002~A~B~C~D~E~2020-01-01 00:00:00~2020-01-01 00:00:01~1~I~1~\r\n"
        + "11111111-aaaa-bbbb-1111-000000000002~A~B~C~D~E~2020-01-01 00:00:00~2020-01-01 00:00:01~1~I~1~"
    )
    rows = list(iter_metadata(text.encode(), third_parties=third))
    assert (rows[0].third_party_rfc, rows[0].third_party_name) == ("AAAA010102AAA", "Registro de ejemplo 2")
    assert rows[1].third_party_rfc is None


def test_crlf_mode_deletes_bare_lf_and_keeps_quotes():
    body = (
        METADATA_HEADER + "\r\n"
        f'{U1.lower()}~RFC1~"EMPRESA\n NUEVA" S.A.~RFC2~ÑOÑO & HIJOS~PAC~'
        "2020-01-01 00:00:00~2020-01-01 00:00:01~10.5~I~1~\r\n"
        "\r\n"
        f"{U2}~RFC1~X\r\n"
    )
    rows = list(iter_metadata(body.encode()))
    assert rows[0].uuid == U1
    assert rows[0].issuer_name == '"EMPRESA NUEVA" S.A.'
    assert rows[0].receiver_name == "ÑOÑO & HIJOS"
    assert rows[1].uuid == U2
    assert rows[1].receiver_rfc == "" and rows[1].amount is None and rows[1].status == "unknown"
    assert rows[1].extra == ()


def test_lf_mode_keeps_lines_and_drops_stray_cr():
    body = METADATA_HEADER + f"\n{U1}~B\r\n\n\n{U2}~C~D~E~F~G~~~~K~0~~extra1~extra2\n"
    rows = list(iter_metadata(body.encode()))
    assert [r.uuid for r in rows] == [U1, U2]
    assert rows[0].issuer_rfc == "B"
    assert rows[1].extra == ("extra1", "extra2")
    assert rows[1].status == "cancelado"


def test_bom_and_text_stream_and_chunks():
    raw = ("\ufeff" + METADATA_HEADER + f"\r\n{U1}~y\r\n").encode()
    assert [r.uuid for r in iter_metadata(raw)] == [U1]
    assert [r.uuid for r in iter_metadata(io.StringIO(raw.decode("utf-8")))] == [U1]
    # a CRLF split across two chunks, and a multi-byte character split too
    pieces = [raw[:-5], raw[-5:-1], raw[-1:]]
    assert [r.uuid for r in iter_metadata(pieces)] == [U1]
    accented = (METADATA_HEADER + f"\r\n{U1}~r~Ñandú\r\n").encode()
    cut = accented.index("Ñ".encode()) + 1
    assert next(iter_metadata([accented[:cut], accented[cut:]])).issuer_name == "Ñandú"


def test_columns_are_found_by_header_name():
    header = "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~FechaCertificacionSat~"
    header += "Monto~EfectoComprobante~Estatus~FechaCancelacion~NuevaColumna"
    rows = list(iter_metadata(f"{header}\n{U1}~a~b~c~d~e~2020-01-01 00:00:00~~1~I~1~~nuevo\n"))
    assert rows[0].extra == ()
    assert rows[0].stamp_date is None


def test_not_metadata_raises():
    with pytest.raises(AppError) as info:
        list(iter_metadata(b"This is not an CSV file, is created to test content filter\n"))
    assert info.value.code == "invalid_metadata"
    with pytest.raises(AppError):
        list(iter_metadata(b""))
    with pytest.raises(AppError):
        list(iter_metadata((METADATA / "nodecfdi-tercero.txt").read_bytes()))


def test_sniff_kind():
    assert sniff_kind((METADATA / "phpcfdi-metadata.txt").read_bytes()[:100]) == "metadata"
    assert sniff_kind((METADATA / "nodecfdi-tercero.txt").read_bytes()[:100]) == "third_parties"
    assert sniff_kind(b"\xef\xbb\xbfUUID~RFCEMISOR~") == "metadata"
    assert sniff_kind(b"other content") is None


def test_streams_a_million_rows_lazily():
    line = "A1B2C3D4-0000-4000-8000-000000000001~EKU9003173C9~ESCUELA~XAXX010101000~PUBLICO~SAT970701NN3~"
    line += "2025-06-01 10:15:00~2025-06-01 10:15:42~1160.00~I~1~\r\n"

    def chunks():
        yield (METADATA_HEADER + "\r\n").encode()
        block = (line * 1000).encode()
        for _ in range(1000):
            yield block

    rows = iter_metadata(chunks())
    assert next(rows).amount == Decimal("1160.00")  # the first row arrives before the rest is produced
    total = 1 + sum(1 for _ in zip(range(20_000), rows, strict=False))
    assert total == 20_001


# ---------------------------------------------------------------------------------------------- properties

_field = st.text(
    alphabet=st.characters(blacklist_characters="~\r\n", blacklist_categories=("Cs",)),
    max_size=20,
)
_name = st.one_of(_field, st.sampled_from(['"COMILLAS" S.A.', "H & E", "PEÑA Ñ", "A\"B'C", " espacios "]))
_rfc = st.from_regex(r"[A-Z&Ñ]{3,4}[0-9]{6}[A-Z0-9]{3}", fullmatch=True)
_uuid = st.uuids().map(lambda u: str(u).upper())
_date = st.datetimes(min_value=datetime(1900, 1, 1)).map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S"))
_amount = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)
_row = st.tuples(_uuid, _rfc, _name, _rfc, _name, _rfc, _date, _date, _amount, st.sampled_from("IEPNT"), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(_row, max_size=15), st.booleans(), st.booleans())
def test_round_trip(rows, crlf, final_eol):
    eol = "\r\n" if crlf else "\n"
    lines = [METADATA_HEADER]
    for uuid, ie, ne, ir, nr, pac, fe, fc, amount, kind, active in rows:
        cancelled = "" if active else fc
        lines.append(
            "~".join([uuid, ie, ne, ir, nr, pac, fe, fc, str(amount), kind, "1" if active else "0", cancelled])
        )
    text = eol.join(lines) + (eol if final_eol else "")
    parsed = list(iter_metadata(text.encode("utf-8")))
    # blank-looking names on an otherwise empty line cannot happen: a row always has a UUID
    assert len(parsed) == len(rows)
    for got, (uuid, ie, ne, ir, nr, pac, fe, fc, amount, kind, active) in zip(parsed, rows, strict=True):
        assert (got.uuid, got.issuer_rfc, got.issuer_name, got.receiver_rfc, got.receiver_name) == (
            uuid,
            ie,
            ne,
            ir,
            nr,
        )
        assert got.pac_rfc == pac
        assert got.issue_date == fe.replace(" ", "T") and got.stamp_date == fc.replace(" ", "T")
        assert got.amount == amount
        assert got.type == kind
        assert got.status == ("vigente" if active else "cancelado")
        assert got.cancelled_at == (None if active else fc.replace(" ", "T"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_arbitrary_text_never_crashes(text, with_header):
    source = (METADATA_HEADER + "\r\n" + text) if with_header else text
    try:
        rows = list(iter_metadata(source.encode("utf-8", "surrogatepass")))
    except AppError as exc:
        assert exc.code == "invalid_metadata"
        assert not with_header
        return
    for row in rows:
        assert row.uuid == row.uuid.upper()
        assert row.status in {"vigente", "cancelado", "unknown"}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data):
    list(iter_lines(data))
    with contextlib.suppress(AppError):
        list(iter_metadata(data))


def test_third_party_header_constant():
    assert sniff_kind(THIRD_PARTY_HEADER) == "third_parties"


# ------------------------------------------------------------------------------------ hostile rows and lines

_GOOD = "~EKU9003173C9~EMISOR~XAXX010101000~RECEPTOR~SAT970701NN3~2025-06-01 10:15:00~2025-06-01 10:15:42~1160.00~I~1~"


def _long_line_file(megabytes: int, eol: str = "\r\n"):
    """Header, a good row, one line of ``megabytes`` MB without a break, a good row: as 64 KiB byte chunks,
    produced lazily (the test's own source never holds the long line)."""
    yield (METADATA_HEADER + eol + U1 + _GOOD + eol).encode()
    block = b"x" * 65_536
    for _ in range(megabytes * 16):
        yield block
    yield (eol + U2 + _GOOD + eol).encode()


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_an_endless_line_is_read_in_bounded_memory_and_the_rows_around_it_survive(eol):
    """The old parser appended every chunk to one buffer and re-split all of it (quadratic: a 50 MB line took
    9-19 s) and held the whole line. Linear and bounded: traced memory stays under 1 MB for a 16 MB line."""
    import tracemalloc

    tracemalloc.start()
    try:
        rows = [row.uuid for row in iter_metadata(_long_line_file(16, eol))]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"{peak:,} bytes traced while parsing a 16 MB line"
    assert rows == [U1, U2]


def test_a_line_over_the_cap_is_one_bad_row_with_a_reason():
    skipped: list[tuple[int, str, str]] = []
    rows = list(iter_metadata(_long_line_file(2), on_skip=lambda *s: skipped.append(s)))
    assert [r.uuid for r in rows] == [U1, U2]
    assert [(line, reason) for line, reason, _detail in skipped] == [(3, "line_too_long")]
    # the cap is the caller's to choose: a row of exactly the cap is a row, one character more is not
    row = U1 + _GOOD + "~" + "e" * 200
    text = METADATA_HEADER + "\n" + row + "\n"
    assert [r.uuid for r in iter_metadata(text, max_line_chars=len(row))] == [U1]
    skipped.clear()
    assert list(iter_metadata(text, max_line_chars=len(row) - 1, on_skip=lambda *s: skipped.append(s))) == []
    assert [(line, reason) for line, reason, _detail in skipped] == [(2, "line_too_long")]
    assert list(iter_lines(text, max_chars=len(row) - 1)) == [METADATA_HEADER, None]


def test_a_header_line_over_the_cap_is_not_a_metadata_file():
    with pytest.raises(AppError) as info:
        next(iter_metadata(METADATA_HEADER + "~" * 20_000 + "\r\n" + U1 + _GOOD))
    assert info.value.code == "invalid_metadata"


BAD_DATES = [  # as FechaEmision, FechaCertificacionSat and FechaCancelacion
    "9999-99-99T99:99:99",
    "2023-02-29 10:00:00",  # not a leap year
    "2024-04-31 10:00:00",
    "2024-13-01 10:00:00",
    "2024-00-10 10:00:00",
    "2024-01-00 10:00:00",
    "2024-01-01 24:00:00",
    "2024-01-01 23:60:00",
    "2024-01-01 23:59:60",
    "0000-01-01 00:00:00",
    "2024-01-01 10:00:00 y algo",
    "ayer",
]
BAD_AMOUNTS = ["NaN", "nan", "Infinity", "1e999", "1E5", "999999999999999999", "10000000000000", "-10000000000000.00"]
BAD_UUIDS = [
    "../../ETC/PASSWD",
    "",
    "   ",
    "A1B2C3D4-0000-4000-8000-00000000000",  # one digit short
    "G1B2C3D4-0000-4000-8000-000000000001",  # not hexadecimal
    "A1B2C3D400004000800000000000000001",  # no dashes
]


def _row(uuid=U1, fe="2025-06-01 10:15:00", fc="2025-06-01 10:15:42", monto="1160.00", fcan=""):
    return "~".join([uuid, "EKU9003173C9", "E", "XAXX010101000", "R", "SAT970701NN3", fe, fc, monto, "I", "1", fcan])


def test_rows_with_impossible_dates_amounts_or_uuids_are_skipped_with_a_reason_and_the_rest_read():
    bad: list[tuple[str, str]] = []  # (line, reason)
    for value in BAD_DATES:
        bad += [(_row(fe=value), "invalid_date"), (_row(fc=value), "invalid_date"), (_row(fcan=value), "invalid_date")]
    bad += [(_row(monto=value), "invalid_amount") for value in BAD_AMOUNTS]
    bad += [(_row(uuid=value), "invalid_uuid") for value in BAD_UUIDS]
    good = [
        _row(uuid=U2.lower(), fe="2024-02-29 23:59:59", monto="9999999999999.99"),  # leap day, just under 10^13
        _row(fe="2000-02-29T00:00:00.123-06:00", fc="1999-12-31 23:59", monto="-9999999999999", fcan="2025-01-31"),
    ]
    lines = [line for line, _reason in bad]
    body = [*lines[:20], good[0], *lines[20:], good[1]]  # lines 2..; the header is line 1
    skipped: list[tuple[int, str, str]] = []
    rows = list(
        iter_metadata((METADATA_HEADER + "\r\n" + "\r\n".join(body)).encode(), on_skip=lambda *s: skipped.append(s))
    )
    assert [(line, reason) for line, reason, _detail in skipped] == [
        (body.index(line) + 2, reason) for line, reason in bad
    ]
    assert any("PASSWD" in detail for _line, _reason, detail in skipped)
    assert [(r.uuid, r.issue_date, r.stamp_date, r.amount, r.cancelled_at) for r in rows] == [
        (U2, "2024-02-29T23:59:59", "2025-06-01T10:15:42", Decimal("9999999999999.99"), None),
        (U1, "2000-02-29T00:00:00", "1999-12-31T23:59:00", Decimal("-9999999999999"), "2025-01-31"),
    ]


def test_third_party_rows_without_a_uuid_are_skipped_with_a_reason():
    text = "\r\n".join([THIRD_PARTY_HEADER, f"{U1}~AAA010101AAA~Uno", "../../x~BBB010101BBB~Dos", "~C~Tres"])
    skipped: list[tuple[int, str, str]] = []
    assert list(iter_third_parties(text, on_skip=lambda *s: skipped.append(s))) == [(U1, "AAA010101AAA", "Uno")]
    assert [(line, reason) for line, reason, _d in skipped] == [(3, "invalid_uuid"), (4, "invalid_uuid")]


def _reference_lines(text: str, max_chars: int) -> list[str | None]:
    """§6.2 on a whole text at once (the old, quadratic parser's rules), lines over ``max_chars`` as None; a file
    whose first break is a CR followed by something other than an LF breaks its lines at every CR."""
    first = min((i for i in (text.find("\r"), text.find("\n")) if i >= 0), default=-1)
    if first >= 0 and text[first] == "\r" and first + 1 < len(text) and text[first + 1] != "\n":
        text = text.replace("\r", "\n")
    lf = text.find("\n")
    crlf = lf > 0 and text[lf - 1] == "\r"
    parts = text.split("\r\n" if crlf else "\n")
    last = parts.pop()
    if crlf and last.endswith("\r"):
        last = last[:-1]
    if last:
        parts.append(last)

    def clean(line: str) -> str:
        return line.replace("\n", "") if crlf else line.removesuffix("\r")

    return [None if len(line) > max_chars else clean(line) for line in parts]


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="ab~\r\n", max_size=60),
    st.lists(st.integers(min_value=0, max_value=60), max_size=6),
    st.integers(min_value=1, max_value=8),
)
def test_lines_split_anywhere_into_chunks_are_the_lines_of_the_whole_text(text, cuts, max_chars):
    """The linear splitter against the whole-text rules, with CR/LF pairs cut between chunks and a small cap."""
    bounds = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    chunks = [text[a:b] for a, b in itertools.pairwise(bounds)]
    assert list(iter_lines(chunks, max_chars=max_chars)) == _reference_lines(text, max_chars)
