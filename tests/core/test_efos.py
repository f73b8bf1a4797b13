"""Issue 18.7: SAT's 69-B list (EFOS) — the file as SAT publishes it, hostile files, the one-transaction replace,
and the lookups against a profile's indexed CFDI. Real files, real SQLite; no Qt.

The fixture is synthetic in SAT's layout (``tests/fixtures/efos/``); what it holds is written out in
``tests.efos_support.FIXTURE_ROWS``, so the parse is checked against the file's meaning, not against itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core import efos
from desktop_app.core.clock import FakeClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME, integrity
from desktop_app.core.store.invoices import InvoiceRepository
from tests.conftest import MemoryKeyring
from tests.efos_support import (
    CANCELLED,
    DOCUMENTS,
    FIXTURE,
    FIXTURE_ROWS,
    HEADER,
    PROFILE,
    list_text,
    row,
    synthetic_rfc,
    total_of,
    uuid_of,
    write_big_list,
    write_documents,
)

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)  # 12:00 in Mexico City
FIXTURE_SHA = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def service(tmp_path, clock, backend, request):
    """A home on SQLite and on PostgreSQL (``backend``: tests/core/conftest.py)."""
    database = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    svc = DescargaService(tmp_path / "home", clock=clock, secrets=SecretStore(MemoryKeyring()), database=database)
    yield svc
    svc.close()


@pytest.fixture
def loaded(service):
    """A home with the fixture list loaded (the "old list" every refused import must leave alone)."""
    service.import_efos_list(FIXTURE)
    return service


def _write(path: Path, text: str, encoding: str = "cp1252") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _refused(service, path: Path, code: str) -> AppError:
    """Import ``path``, expect ``code``, and check that the fixture's list is still the one loaded, intact."""
    before = service.efos_status()
    with pytest.raises(AppError) as caught:
        service.import_efos_list(path)
    assert caught.value.code == code, caught.value.to_json()
    after = service.efos_status()
    assert after == before
    if before["loaded"]:
        assert after["sha256"] == FIXTURE_SHA and after["rows"] == len(FIXTURE_ROWS)
        assert set(service.efos_situation_of(list(FIXTURE_ROWS))) == set(FIXTURE_ROWS)
    return caught.value


# -- the file as SAT publishes it ------------------------------------------------------------------------------


def test_the_fixture_is_in_sats_layout_and_encoding():
    data = FIXTURE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # Windows-1252, as SAT publishes it: "ó" is one byte, 0xF3
    text = data.decode("cp1252")
    lines = text.split("\r\n")
    assert lines[0].startswith('"Información actualizada al 31 de mayo de 2026;')
    assert lines[1].startswith("Listado completo de contribuyentes (Artículo 69-B del CFF)")
    assert lines[2] == ",".join(HEADER)
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert b"\r\nDEL PAC\xcdFICO" in data  # a quoted name broken across lines


def test_import_reads_the_fixture(service):
    result = service.import_efos_list(FIXTURE)
    assert result["rows"] == len(FIXTURE_ROWS) == 6
    assert result["by_situation"] == {"presunto": 2, "desvirtuado": 1, "definitivo": 2, "sentencia_favorable": 1}
    assert (result["list_date"], result["list_date_source"]) == ("2026-05-31", "file")
    assert result["imported_at"] == "2026-06-15T18:00:00+00:00"
    assert (result["encoding"], result["sha256"], result["size"]) == (
        "windows-1252",
        FIXTURE_SHA,
        FIXTURE.stat().st_size,
    )
    assert (result["records"], result["suppressed"], result["duplicates"]) == (7, 1, 0)
    assert result["skipped"] == {"invalid_rfc": 0} and result["skipped_rows"] == []
    assert result["unreadable_dates"] == 0 and result["replaced"] is None

    found = service.efos_situation_of(list(FIXTURE_ROWS))
    assert set(found) == set(FIXTURE_ROWS)
    for rfc, (name, situation, steps, line) in FIXTURE_ROWS.items():
        entry = found[rfc]
        assert (entry["name"], entry["situation"], entry["line"]) == (name, situation, line), rfc
        for step in efos.SITUATIONS:
            sat, dof = steps.get(step, (None, None))
            assert entry["dates"][step] == {"sat": sat, "dof": dof}, (rfc, step)
        sat, dof = steps[situation]
        assert entry["situation_date"] == (dof or sat)
    assert found["SEÑ130220KJ8"]["oficios"]["definitivo"] == "500-05-2018-25620 de fecha 28 de septiembre de 2018"
    assert found["GOMJ7505123A1"]["oficios"]["presunto"] == "500 05 2018 8813 de fecha 14 de mayo de 2018"
    assert found["CAP0807157Z3"]["oficios"]["sentencia_favorable"] is None


def test_lookups_fold_the_rfc_as_written_and_ignore_what_is_not_listed(loaded):
    found = loaded.efos_situation_of([" sEñ130220kj8 ", "t&a100905rz4", "AAA010101AAA", "", "XXXXXXXXXXXX"])
    assert sorted(found) == ["SEÑ130220KJ8", "T&A100905RZ4"]
    assert loaded.efos_situation_of([]) == {}


def test_situation_of_many_rfcs_at_once(service, tmp_path):
    rows = [row(i, synthetic_rfc(i), f"N{i}", "Presunto", presunto=("01/01/2020", "")) for i in range(1200)]
    service.import_efos_list(_write(tmp_path / "mil.csv", list_text(rows)))
    asked = [synthetic_rfc(i) for i in range(1500)]  # 300 beyond the list, in chunks of 500
    found = service.efos_situation_of(asked)
    assert sorted(found) == sorted(asked[:1200])
    assert found[synthetic_rfc(1199)]["name"] == "N1199"


def test_the_same_list_in_utf8_with_a_bom_reads_the_same(service, tmp_path):
    text = FIXTURE.read_bytes().decode("cp1252")
    for name, encoding in (("bom.csv", "utf-8-sig"), ("plain.csv", "utf-8")):
        result = service.import_efos_list(_write(tmp_path / name, text, encoding))
        assert result["encoding"] == "utf-8" and result["rows"] == 6 and result["list_date"] == "2026-05-31"
        found = service.efos_situation_of(list(FIXTURE_ROWS))
        assert {rfc: e["name"] for rfc, e in found.items()} == {rfc: v[0] for rfc, v in FIXTURE_ROWS.items()}


def test_without_a_preamble_the_list_is_dated_by_its_newest_publication(service, tmp_path):
    rows = [
        row(1, "CAP0807157Z3", "UNO", "Presunto", presunto=("08/04/2026", "30/04/2026")),
        # a date after the import's day cannot be the list's date
        row(
            2, "SEÑ130220KJ8", "DOS", "Definitivo", presunto=("16/02/2018", "08/03/2018"), definitivo=("01/01/2031", "")
        ),
    ]
    result = service.import_efos_list(_write(tmp_path / "sin_preambulo.csv", list_text(rows, preamble=False)))
    assert (result["list_date"], result["list_date_source"]) == ("2026-04-30", "newest_publication")


def test_the_older_layout_without_sat_dof_suffixes_and_reordered_columns_loads(service, tmp_path):
    """SAT's earlier files titled the presunción's oficio twice without "SAT"/"DOF" and put the desvirtuados'
    portal date before its oficio; columns are found by name."""
    header = [
        "No.", "R.F.C.", "Nombre del Contribuyente", "Situación del contribuyente",
        "Número y fecha de oficio global de presunción", "Publicación página SAT presuntos",
        "Número y fecha de oficio global de presunción", "Publicación DOF presuntos",
        "Publicación página SAT desvirtuados", "Número y fecha de oficio global de contribuyentes que desvirtuaron",
        "Publicación DOF desvirtuados", "Número y fecha de oficio global de definitivos",
        "Publicación página SAT definitivos", "Publicación DOF definitivos",
        "Número y fecha de oficio global de sentencia favorable", "Publicación página SAT sentencia favorable",
        "Publicación DOF sentencia favorable",
    ]  # fmt: skip
    cells = ["1", "SEÑ130220KJ8", "VIEJO", "Definitivos", "OF-P-SAT", "16/02/2018", "OF-P-DOF", "08/03/2018",
             "", "", "", "OF-D", "28/09/18", "23/10/2018", "", "", ""]  # fmt: skip
    service.import_efos_list(_write(tmp_path / "viejo.csv", list_text([cells], preamble=False, header=header)))
    entry = service.efos_situation_of(["SEÑ130220KJ8"])["SEÑ130220KJ8"]
    assert entry["situation"] == "definitivo"
    assert entry["dates"]["presunto"] == {"sat": "2018-02-16", "dof": "2018-03-08"}
    assert entry["dates"]["definitivo"] == {"sat": "2018-09-28", "dof": "2018-10-23"}
    assert entry["oficios"]["presunto"] == "OF-P-SAT" and entry["oficios"]["definitivo"] == "OF-D"


def test_quirky_rows_load_and_are_counted(service, tmp_path):
    rows = [
        row(1, "cap0807157z3", "MINÚSCULAS", "presunto", presunto=("8/4/26", "")),
        row(2, "IMP-110401-8N5", "CON GUIONES", "Definitivo", definitivo=("31/02/2020", "sin fecha")),
        row(3, "NOESUNRFC", "RFC QUE NO ES RFC", "Definitivo", definitivo=("01/01/2020", "")),
        row(4, "", "Información suprimida en cumplimiento de la LFPDPPP", "Definitivo"),
        row(5, "CAP0807157Z3", "REPETIDO, MÁS RECIENTE", "Definitivo",
            presunto=("08/04/2026", ""), definitivo=("20/05/2026", "")),
        row(6, "CAP0807157Z3", "REPETIDO, MÁS VIEJO", "Presunto", presunto=("01/01/2019", "")),
    ]  # fmt: skip
    result = service.import_efos_list(_write(tmp_path / "raro.csv", list_text(rows)))
    assert result["rows"] == 2
    assert (result["suppressed"], result["skipped"], result["duplicates"]) == (1, {"invalid_rfc": 1}, 2)
    assert result["skipped_rows"] == [{"line": 6, "rfc": "NOESUNRFC", "reason": "invalid_rfc"}]
    assert result["unreadable_dates"] == 2  # 31/02/2020 and "sin fecha"
    assert result["undated_situation"] == 1  # the definitivo whose dates cannot be read
    found = service.efos_situation_of(["CAP0807157Z3", "IMP1104018N5"])
    assert (found["CAP0807157Z3"]["name"], found["CAP0807157Z3"]["situation"]) == (
        "REPETIDO, MÁS RECIENTE",
        "definitivo",
    )
    assert found["IMP1104018N5"]["dates"]["definitivo"] == {"sat": None, "dof": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16/02/2018", "2018-02-16"),
        ("1/2/2018", "2018-02-01"),
        ("16-02-18", "2018-02-16"),
        ("16/02/2018 00:00:00", "2018-02-16"),
        ("2018-02-16", "2018-02-16"),
        ("500-05-2018-32782 de fecha 12 de diciembre de 2018", "2018-12-12"),
        ("12 de Septiembre del 2019", "2019-09-12"),
        ("1 de setiembre de 2019", "2019-09-01"),
        ("44014", "2020-07-02"),
        ("", None),
        ("   ", None),
        ("99999", None),
        ("31/02/2020", None),
        ("12 de brumario de 2019", None),
        ("pendiente", None),
    ],
)
def test_publication_dates(text, expected):
    day = efos.parse_date(text)
    assert (day.isoformat() if day else None) == expected


# -- hostile files: each its code, and the old list untouched -------------------------------------------------


def test_garbage_is_not_a_list(loaded, tmp_path):
    error = _refused(loaded, _write(tmp_path / "basura.csv", "hola, mundo\r\n" * 50), "efos_not_a_list")
    assert error.details["reason"] == "no_header"
    random_bytes = bytes((i * 7919 + 13) % 251 + 1 for i in range(20_000)).replace(b'"', b"'")
    _refused(loaded, _write_bytes(tmp_path / "ruido.csv", random_bytes), "efos_not_a_list")
    assert _refused(loaded, tmp_path, "efos_not_a_list").details["path"] == str(tmp_path)  # a folder
    _refused(loaded, tmp_path / "no_existe.csv", "not_found")


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_wrong_encodings_are_refused(loaded, tmp_path):
    text = FIXTURE.read_bytes().decode("cp1252")
    assert (
        _refused(loaded, _write(tmp_path / "u16.csv", text, "utf-16"), "efos_wrong_encoding").details["reason"]
        == "utf16"
    )
    assert (
        _refused(loaded, _write(tmp_path / "u16le.csv", text, "utf-16-le"), "efos_wrong_encoding").details["reason"]
        == "nul_bytes"
    )
    # UTF-8 read as Windows-1252 and saved again as UTF-8: "SituaciÃ³n"
    garbled = text.encode("utf-8").decode("latin-1").encode("utf-8")
    error = _refused(loaded, _write_bytes(tmp_path / "doble.csv", garbled), "efos_wrong_encoding")
    assert error.details["reason"] == "garbled"
    bad_bom = b"\xef\xbb\xbf" + FIXTURE.read_bytes()  # says UTF-8, is Windows-1252
    assert (
        _refused(loaded, _write_bytes(tmp_path / "bom.csv", bad_bom), "efos_wrong_encoding").details["reason"]
        == "invalid_utf8"
    )


def test_a_workbook_is_not_the_csv(loaded, tmp_path):
    _refused(loaded, _write_bytes(tmp_path / "lista.xlsx", b"PK\x03\x04" + b"\x14" * 400), "efos_spreadsheet")
    _refused(loaded, _write_bytes(tmp_path / "lista.xls", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 400),
             "efos_spreadsheet")  # fmt: skip


def test_missing_columns_are_named(loaded, tmp_path):
    header = [h for h in HEADER if "definitivos" not in h and "Situación" not in h]
    cells = [["1", "CAP0807157Z3", "X"] + [""] * (len(header) - 3)]
    error = _refused(loaded, _write(tmp_path / "cols.csv", list_text(cells, header=header)), "efos_missing_columns")
    assert error.details["missing"] == [
        "Situación del contribuyente",
        "Publicación página SAT definitivos / Publicación DOF definitivos",
    ]


def test_a_truncated_file_is_refused(loaded, tmp_path):
    data = FIXTURE.read_bytes()
    cut = data[: data.index(b"GOMJ7505123A1") + 40]  # in the middle of line 6
    assert _refused(loaded, _write_bytes(tmp_path / "cortado.csv", cut), "efos_truncated").details["line"] == 6
    cut = data[: data.index(b"DEL PAC")]  # inside the quoted name that spans two lines
    _refused(loaded, _write_bytes(tmp_path / "cortado2.csv", cut), "efos_truncated")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        # a name with an unquoted comma: every cell after it one column to the right
        (["7", "CAP0807157Z3", "UNA COMA", " SIN COMILLAS", "Presunto", *[""] * 15, "01/01/2020"], "columns"),
        (["7", "CAP0807157Z3", "CORTO", "Presunto"], "columns"),
        (["7", "CAP0807157Z3", "X", "Investigado", *[""] * 16], "situation"),
        (["7", "CAP0807157Z3", "X", "", *[""] * 16], "situation"),
    ],
)
def test_a_garbage_line_among_good_ones_is_refused_with_its_line(loaded, tmp_path, bad, reason):
    rows = [row(i, synthetic_rfc(i), f"N{i}", "Definitivo", definitivo=("01/01/2020", "")) for i in range(2500)]
    rows.insert(2400, bad)  # after two batches were written: they are undone with the rest
    error = _refused(loaded, _write(tmp_path / "linea.csv", list_text(rows)), "efos_invalid_row")
    assert (error.details["line"], error.details["reason"]) == (3 + 2400 + 1, reason)


def test_bad_quoting_and_endless_lines_are_refused(loaded, tmp_path):
    good = list_text([row(1, "CAP0807157Z3", "X", "Presunto")])
    quoted = good + '2,SEÑ130220KJ8,"MAL "CERRADO" SA",Definitivo' + "," * 16 + "\r\n"
    error = _refused(loaded, _write(tmp_path / "comillas.csv", quoted), "efos_invalid_row")
    assert (error.details["line"], error.details["reason"]) == (5, "quoting")
    endless = good + "2,SEÑ130220KJ8," + "A" * 200_000  # one line of 200,000 characters, no line break
    error = _refused(loaded, _write(tmp_path / "larga.csv", endless), "efos_invalid_row")
    assert (error.details["line"], error.details["reason"]) == (5, "line_too_long")


def test_an_empty_list_is_refused(loaded, tmp_path):
    assert (
        _refused(loaded, _write(tmp_path / "vacia.csv", list_text([])), "efos_empty_list").details["reason"]
        == "no_rows"
    )
    only_suppressed = list_text([row(1, "XXXXXXXXXXXX", "Información suprimida", "Definitivo"), [""] * 20])
    _refused(loaded, _write(tmp_path / "suprimidos.csv", only_suppressed), "efos_empty_list")
    assert _refused(loaded, _write(tmp_path / "cero.csv", ""), "efos_empty_list").details["reason"] == "empty_file"


def test_a_file_over_the_limit_is_refused_before_it_is_read(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(efos, "MAX_FILE_BYTES", 1000)
    error = _refused(loaded, FIXTURE, "efos_file_too_large")
    assert (error.details["size"], error.details["limit"]) == (FIXTURE.stat().st_size, 1000)


def test_a_file_that_changes_between_the_reads_is_refused(loaded, tmp_path, monkeypatch):
    target = _write_bytes(tmp_path / "cambia.csv", FIXTURE.read_bytes().replace(b"31 de mayo", b"30 de mayo"))
    real = efos._survey

    def survey_then_change(path):
        found = real(path)
        path.write_bytes(path.read_bytes().replace(b"GOMJ7505123A1", b"GOMJ7505123A2"))
        return found

    monkeypatch.setattr(efos, "_survey", survey_then_change)
    _refused(loaded, target, "efos_file_changed")


def test_a_failure_mid_import_keeps_the_previous_list(loaded, tmp_path, monkeypatch):
    """The new list is written in batches inside one transaction: a failure after some were written (here the
    database refusing the third batch) leaves the previous list, whole."""
    big = tmp_path / "grande.csv"
    assert write_big_list(big, 1_000_000) > 3 * efos.BATCH_ROWS
    repo_add = efos.EfosRepository.add
    calls = []

    def failing_add(self, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return repo_add(self, rows)

    monkeypatch.setattr(efos.EfosRepository, "add", failing_add)
    with pytest.raises(OSError):
        loaded.import_efos_list(big)
    assert calls == [1000, 1000, 1000]
    status = loaded.efos_status()
    assert (status["sha256"], status["rows"]) == (FIXTURE_SHA, 6)
    assert set(loaded.efos_situation_of([synthetic_rfc(0), *FIXTURE_ROWS])) == set(FIXTURE_ROWS)


def test_a_new_list_replaces_the_old_one_whole(loaded, tmp_path):
    rows = [row(1, "AAA010101AAA", "NUEVO", "Presunto", presunto=("01/06/2026", ""))]
    result = loaded.import_efos_list(_write(tmp_path / "nueva.csv", list_text(rows)))
    assert result["replaced"] == {"list_date": "2026-05-31", "rows": 6, "sha256": FIXTURE_SHA}
    assert list(loaded.efos_situation_of([*FIXTURE_ROWS, "AAA010101AAA"])) == ["AAA010101AAA"]
    assert loaded.efos_status()["rows"] == 1


# Imports a list in a fresh process and reports its peak RSS: SQLite's memory counts too, not only Python's.
_PEAK_RSS = """
import json, resource, sys
from pathlib import Path
from desktop_app.core.clock import SystemClock
from desktop_app.core.efos import EfosOps
from desktop_app.core.store.db import ConnectionPerThread
rows = EfosOps(ConnectionPerThread(Path(sys.argv[1])), SystemClock()).import_list(sys.argv[2])["rows"]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "peak": peak if sys.platform == "darwin" else peak * 1024}))
"""


def _import_peak(home: Path, path: Path) -> tuple[int, int]:
    home.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, str(home / DB_NAME), str(path)],
        cwd=REPO,
        capture_output=True,
        check=True,
        timeout=110,
    )
    answer = json.loads(proc.stdout)
    return answer["rows"], answer["peak"]


@pytest.mark.slow
def test_a_50_mb_list_streams_with_bounded_memory(tmp_path):
    """A 50 MB list (16 times SAT's) is read row by row: the process's peak memory grows by far less than the
    file, over what importing the 3 KB fixture needs."""
    big = tmp_path / "50mb.csv"
    rows = write_big_list(big, 50 * 1024 * 1024)
    size = big.stat().st_size
    assert size >= 50 * 1024 * 1024
    small_rows, small_peak = _import_peak(tmp_path / "small", FIXTURE)
    big_rows, big_peak = _import_peak(tmp_path / "big", big)
    assert (small_rows, big_rows) == (6, rows)
    assert big_peak - small_peak < 24 * 1024 * 1024, f"{big_peak - small_peak:,} bytes more for {size:,} bytes"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])  # a CLI process on the home's SQLite file, its integrity check
def test_an_import_killed_midway_leaves_the_previous_list(loaded, tmp_path):
    """SIGKILL (the crash point after the third batch) in a real CLI process: the previous list, whole, and a
    healthy database that takes the next import."""
    home = loaded.home
    loaded.close()
    big = tmp_path / "grande.csv"
    rows = write_big_list(big, 1_500_000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESCARGA_MASIVA_")}
    env["DESCARGA_MASIVA_CRASH_AT"] = "efos.import.batch:3"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home), "lists", "import", str(big)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=90,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert proc.stdout == b""  # it died before answering
    assert integrity(home / DB_NAME) == (integrity(home / DB_NAME)[0], [])
    again = DescargaService(home, clock=FakeClock(NOW), secrets=SecretStore(MemoryKeyring()))
    try:
        status = again.efos_status()
        assert (status["sha256"], status["rows"]) == (FIXTURE_SHA, 6)
        assert not again.efos_situation_of([synthetic_rfc(0), synthetic_rfc(2999)])
        assert again.import_efos_list(big)["rows"] == rows
    finally:
        again.close()


# -- status and age ---------------------------------------------------------------------------------------------


def test_status_says_when_no_list_is_loaded(service):
    status = service.efos_status()
    assert status["loaded"] is False and "lists import" in status["message"]
    with pytest.raises(AppError) as caught:
        service.efos_counterparts(None)
    assert caught.value.code in ("efos_list_not_loaded", "profile_not_configured")
    service.add_profile(PROFILE)
    with pytest.raises(AppError) as caught:
        service.efos_counterparts(PROFILE)
    assert caught.value.code == "efos_list_not_loaded"


def test_the_age_counts_mexico_city_days_and_turns_stale_after_30(loaded, clock):
    status = loaded.efos_status()
    assert (status["age_days"], status["list_age_days"], status["stale"]) == (0, 15, False)
    assert status["imported_at_ms"] == to_ms(NOW) and status["stale_after_days"] == 30
    clock.set(datetime(2026, 6, 16, 5, 59, tzinfo=UTC))  # 23:59 of the 15th in Mexico City
    assert loaded.efos_status()["age_days"] == 0
    clock.set(datetime(2026, 6, 16, 6, 0, tzinfo=UTC))  # midnight there
    assert loaded.efos_status()["age_days"] == 1
    clock.set(NOW + timedelta(days=30))
    assert (loaded.efos_status()["age_days"], loaded.efos_status()["stale"]) == (30, False)
    clock.set(NOW + timedelta(days=31))
    status = loaded.efos_status()
    assert (status["age_days"], status["list_age_days"], status["stale"]) == (31, 46, True)


# -- a profile's counterparts against its indexed CFDI ---------------------------------------------------------


@pytest.fixture
def ingested(loaded, tmp_path):
    """The profile with its CFDI imported through the real index (one cancelled afterwards, one damaged)."""
    loaded.add_profile(PROFILE)
    report = loaded.import_invoices(PROFILE, [str(write_documents(tmp_path / "xml"))])
    assert report["added"] == len(DOCUMENTS) + 1 and report["damaged"] == 1
    repo = InvoiceRepository(loaded.db)
    repo.set_status(repo.by_uuid(PROFILE, uuid_of(CANCELLED))["id"], "cancelado", to_ms(NOW))
    return loaded


def _expected(direction: str, counterpart: str) -> dict:
    """The figures of one counterpart and direction, from the documents themselves."""
    side = 2 if direction == "received" else 3
    docs = [d for d in DOCUMENTS if d[side] == counterpart and (d[2] if direction == "issued" else d[3]) == PROFILE]
    kept = [d for d in docs if d[0] != CANCELLED]
    days = sorted(f"2026-0{1 + n % 5}-1{n}T10:00:00" for n, *_ in docs)
    return {
        "count": len(docs),
        "total": str(sum((total_of(d[1]) for d in kept), Decimal("0.00"))),
        "cancelled": len(docs) - len(kept),
        "first_issue_date": days[0] if days else None,
        "last_issue_date": days[-1] if days else None,
    }


def test_counterparts_of_an_ingested_profile(ingested):
    data = ingested.efos_counterparts(PROFILE)
    assert data["rfc"] == PROFILE and data["list"]["sha256"] == FIXTURE_SHA and data["list"]["age_days"] == 0
    # the most serious first: the definitivo, then the presunto, then the one cleared by a court
    assert [c["rfc"] for c in data["counterparts"]] == ["SEÑ130220KJ8", "CAP0807157Z3", "T&A100905RZ4"]
    assert data["count"] == 3
    assert data["by_situation"] == {"presunto": 1, "desvirtuado": 0, "definitivo": 1, "sentencia_favorable": 1}
    for entry in data["counterparts"]:
        for direction in ("issued", "received"):
            assert entry[direction] == _expected(direction, entry["rfc"]), (entry["rfc"], direction)
    definitivo = data["counterparts"][0]
    assert definitivo["received"] == {
        "count": 3,
        "total": "4060.58",  # 1,160.00 + 2,900.58; the cancelled 812.00 is counted, not summed
        "cancelled": 1,
        "first_issue_date": "2026-02-11T10:00:00",
        "last_issue_date": "2026-04-13T10:00:00",
    }
    assert definitivo["issued"]["count"] == 1 and definitivo["issued"]["total"] == "143.20"
    assert definitivo["situation"] == "definitivo" and definitivo["situation_date"] == "2018-10-23"
    assert definitivo["name"] == FIXTURE_ROWS["SEÑ130220KJ8"][0]


@pytest.mark.parametrize("backend", ["sqlite"])  # reads SQLite's query plan
def test_counterparts_are_read_through_the_invoice_indexes(ingested):
    """The profile's parties lead to their invoices through a covering index (no scan of the profile's invoices,
    no row read): what keeps the lookup fast at a million invoices (benchmarks/efos_lookup.py measures it)."""
    from desktop_app.core.store.efos import EfosRepository

    # with ANALYZE's statistics (a home that ran it, the benchmark's index) SQLite once chose an automatic index
    # over the profile's invoices instead: 2 s at 20,000 invoices
    ingested.db.get().execute("ANALYZE")
    plan = EfosRepository(ingested.db).counterpart_plan(PROFILE)
    probes = [step for step in plan if step.startswith(("SEARCH i ", "SCAN i"))]
    assert len(probes) == 2, plan  # one per side
    assert all(step.startswith("SEARCH i USING COVERING INDEX invoices_by_party ") for step in probes), plan
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_counterparts_of_a_profile_without_invoices_are_empty(loaded):
    loaded.add_profile(PROFILE)
    data = loaded.efos_counterparts(PROFILE)
    assert (data["count"], data["counterparts"]) == (0, [])
