"""Issue 13, "a hostile world", through the real ``descarga-masiva`` CLI: absurd numbers, file names that are not
UTF-8, a keyring that cannot load, a removed profile's e.firma.

The contract (DESIGN.md §3): one JSON document on stdout — valid UTF-8 — exit 0/1/2, a stable code, never a
traceback. The CLI runs in a subprocess (``python -m desktop_app``) against a real data home, with "no keyring"
and SAT pointed at a closed loopback port (nothing here talks to SAT); the e.firma test uses the in-process CLI
and the SAT sandbox of ``tests/sandbox_env.py``. Each test fails on the code before the fix (noted per test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CREDENTIALS, TEST_PASSWORD

REPO = Path(__file__).resolve().parents[2]
RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"


def run(
    home: Path, *args: str, env: dict[str, str] | None = None, umask: int | None = None, stdin: bytes | None = None
) -> tuple[int, dict, str]:
    """``descarga-masiva --home HOME ARGS``: (exit code, the one JSON document, stderr). stdout must be UTF-8.
    ``umask``: the process's own (cron's and most desktops' 022, say); ``stdin``: bytes to read."""
    environment = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "DESCARGA_MASIVA_SAT_URL": "http://127.0.0.1:9",
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home), *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        input=stdin,
        timeout=120,
        check=False,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )
    stdout = proc.stdout.decode("utf-8")  # strict: raw bytes on stdout fail here
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert len(lines) == 1, stdout
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return proc.returncode, json.loads(lines[0]), stderr


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("hostile-cli") / "home"
    code, doc, _ = run(home, "profile", "add", RFC)
    assert code == 0, doc
    return home


@pytest.mark.parametrize(
    ("args", "code", "field"),
    [
        (("invoices", "list", "--limit", "99999999999999999999"), "invalid_argument", "limit"),  # was internal_error
        (("invoices", "list", "--limit", "-5"), "invalid_argument", "limit"),  # was success: SQLite's "no limit"
        (("invoices", "list", "--offset", "-1"), "invalid_argument", "offset"),  # was success
        (("invoices", "list", "--limit", "1.5"), "invalid_argument", "limit"),  # was usage_error
        (("invoices", "list", "--min-total", "NaN"), "invalid_amount", "min_total"),  # was internal_error
        (("invoices", "list", "--max-total", "1e400"), "invalid_amount", "max_total"),  # was internal_error
        (("invoices", "list", "--min-total=-Infinity"), "invalid_amount", "min_total"),  # was internal_error
        (("invoices", "list", "--max-total", "1e20"), "invalid_amount", "max_total"),  # was internal_error
        (("history", "--limit", "-1"), "invalid_argument", "limit"),  # was success
    ],
)
def test_absurd_numbers_are_usage_errors_with_a_clear_code(home, args, code, field):
    exit_code, doc, _ = run(home, *args)
    assert exit_code == 2, doc
    assert doc["success"] is False
    assert doc["error"]["code"] == code and doc["error"]["field"] == field
    assert args[-1].split("=")[-1] in doc["error"]["message"]


def test_the_bounds_themselves_are_accepted_and_one_past_them_is_not(home):
    """Before: ``--limit 1000000001`` and ``--max-total 1000000000000000`` were taken as given."""
    code, doc, _ = run(
        home,
        "invoices",
        "list",
        "--limit",
        "1000000000",
        "--offset",
        "0",
        "--min-total=-999999999999999.99",
        "--max-total",
        "999999999999999.99",
    )
    assert code == 0 and doc["data"]["count"] == 0, doc
    assert run(home, "invoices", "list", "--limit", "1000000001")[0] == 2
    assert run(home, "invoices", "list", "--max-total", "1000000000000000")[0] == 2


def test_a_file_name_that_is_not_utf8_prints_valid_utf8_json(home, tmp_path):
    """Before: the skipped file's name went to stdout as the raw bytes ``\\xff\\xfe`` (not UTF-8, not JSON)."""
    folder = tmp_path / "xml"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"\xff\xfe.xml")
    with open(raw, "wb") as fh:
        fh.write(b"not xml at all")
    code, doc, _ = run(home, "invoices", "import", str(folder))
    assert code == 0, doc
    skipped = doc["data"]["files"]["skipped"]
    assert [entry["name"] for entry in skipped] == [os.fsdecode(raw)]  # \udcff\udcfe: the same str Python had
    assert os.fsencode(skipped[0]["name"]) == raw  # and the same bytes
    assert skipped[0]["reason"] == "invalid_xml"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("invoices", "list", "--text", "\udcff"), "text"),  # the bytes b"\xff" on the command line
        (("invoices", "list", "--counterpart", "AAA\udcff"), "counterpart_rfc"),
        (("status", "\udcff\udcfe"), "request_id"),
        (("profile", "remove", "\udcff"), "rfc"),
    ],
)
def test_undecodable_bytes_in_a_text_argument_are_a_usage_error(home, args, field):
    """Before: SQLite refused the lone surrogate (UnicodeEncodeError) → ``internal_error`` and a traceback."""
    code, doc, _ = run(home, *args)
    assert code == 2 and doc["error"]["code"] == "invalid_argument" and doc["error"]["field"] == field, doc


def test_a_home_that_is_a_file_and_an_output_that_is_a_folder_are_said_so(home, tmp_path):
    """Before: FileExistsError / IsADirectoryError → ``internal_error`` and a traceback."""
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    code, doc, _ = run(a_file, "profile", "list")
    assert code == 1 and doc["error"]["code"] == "invalid_home" and doc["error"]["path"] == str(a_file), doc
    code, doc, _ = run(home, "invoices", "list", "--format", "csv", "--output", str(tmp_path))
    assert code == 2 and doc["error"]["code"] == "invalid_argument" and doc["error"]["field"] == "output", doc


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("invoice", "827C734C-DCCD-42A8-B201-63EA518A2582", "--pdf"), "pdf"),  # was success, and no file
        (("invoice", "827C734C-DCCD-42A8-B201-63EA518A2582", "--output"), "output"),  # was internal_error
        (("package", "B1A26075-0000-4000-8000-000000000000_01", "--output"), "output"),  # was internal_error
        (("invoices", "list", "--format", "csv", "--output"), "output"),
        (("report", "iva", "--period", "2026-11", "--format", "txt", "--output"), "output"),
    ],
)
def test_an_output_in_a_folder_that_does_not_exist_is_refused_before_anything_is_done(home, tmp_path, args, field):
    target = tmp_path / "no-such-folder" / "file"
    code, doc, stderr = run(home, *args, str(target))
    assert code == 2 and doc["error"]["code"] == "invalid_argument" and doc["error"]["field"] == field, doc
    assert str(tmp_path / "no-such-folder") in doc["error"]["message"]
    assert not target.parent.exists()


def test_a_password_typed_after_an_option_that_does_not_exist_is_never_echoed(home, tmp_path):
    """Before: ``--password`` was taken for an abbreviation of ``--password-stdin`` and the password itself
    reported back, on stdout and stderr, as an unrecognized argument."""
    secret = "Mi-clave-de-e.firma-2026"
    for args in (
        ("fiel", "check", "--cer", "a.cer", "--key", "a.key", "--password", secret),
        ("fiel", "check", "--cer", "a.cer", "--key", "a.key", f"--password={secret}"),
        ("invoices", "list", secret),
        # a value given to the flag itself, or typed where a subcommand goes: argparse quoted both back
        ("fiel", "upload", "--cer", "a.cer", "--key", "a.key", f"--password-stdin={secret}"),
        ("sync", f"--password-stdin={secret}"),
        ("fiel", secret),
        ("sat", secret),
    ):
        code, doc, stderr = run(home, *args)
        assert code == 2 and doc["error"]["code"] == "usage_error", doc
        assert secret not in json.dumps(doc) and secret not in stderr, args
        assert "--password" in doc["error"]["message"] or "…" in doc["error"]["message"]


def test_a_password_that_is_not_text_is_a_wrong_password_not_a_traceback(home):
    cer, key = FIEL / "EKU9003173C9.cer", FIEL / "EKU9003173C9.key"
    args = ("fiel", "check", "--cer", str(cer), "--key", str(key), "--password-stdin")
    code, doc, _ = run(home, *args, stdin=b"\xff\xfe\xfa\n")  # was internal_error and a traceback
    assert code == 1 and doc["error"]["code"] == "wrong_password", doc


def test_a_home_inside_a_file_is_said_so(tmp_path):
    """Before: a data home whose parent is a file (``XDG_DATA_HOME`` or ``--home`` pointing into one) →
    NotADirectoryError → ``internal_error`` and a traceback; the window crashed the same way."""
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    code, doc, stderr = run(a_file / "datos" / "sat", "profile", "list")
    assert code == 1, doc
    assert doc["error"]["code"] == "invalid_home", doc
    assert doc["error"]["path"] == str(a_file / "datos" / "sat") and doc["error"]["file"] == str(a_file), doc
    assert "Traceback" not in stderr
    assert a_file.read_text() == "x"  # untouched


def test_an_invalid_keyring_backend_is_a_warning_not_a_traceback(tmp_path):
    """Before: ``PYTHON_KEYRING_BACKEND=nonexistent.Backend`` → ModuleNotFoundError → ``internal_error`` — and
    ``profile remove`` had already deleted the profile when it failed."""
    home = tmp_path / "home"
    broken = {"PYTHON_KEYRING_BACKEND": "nonexistent.Backend"}
    code, doc, _ = run(home, "profile", "add", RFC, env=broken)
    assert code == 0, doc
    code, doc, stderr = run(home, "profile", "remove", RFC, env=broken)
    assert code == 0, doc
    assert doc["data"]["removed"] is True and doc["data"]["fiel_removed"] is True
    assert "keyring cannot be loaded" in stderr and "memory only" in stderr
    assert run(home, "profile", "list", env=broken)[1]["data"]["count"] == 0


def test_profile_remove_deletes_the_efirma_and_its_password(cli, tmp_path, secrets):
    """Before: ``<home>/<RFC>/fiel/<RFC>.cer|.key`` stayed on disk after ``profile remove`` (only the password went)."""
    cli("profile", "add", RFC)
    cli("activation", "on")
    cer, key = str(FIEL / f"{RFC}.cer"), str(FIEL / f"{RFC}.key")
    code, doc = cli("fiel", "upload", "--cer", cer, "--key", key, "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert code == 0, doc
    folder = tmp_path / "home" / RFC / "fiel"
    assert sorted(p.name for p in folder.iterdir()) == [f"{RFC}.cer", f"{RFC}.key"]
    assert secrets.get_password(RFC) == TEST_PASSWORD
    code, doc = cli("profile", "remove", RFC)
    assert code == 0, doc
    assert doc["data"]["fiel_removed"] is True and "fiel_kept" not in doc["data"]
    assert not folder.exists()
    assert secrets.get_password(RFC) is None
    assert (tmp_path / "home" / RFC).is_dir()  # the XML vault folder stays: nothing else is deleted


def test_profile_remove_keeps_a_file_the_user_put_in_the_fiel_folder(cli, tmp_path):
    """Only the app's own two files go (before: nothing went, so ``fiel_removed`` did not exist)."""
    cli("profile", "add", RFC)
    cli("activation", "on")
    cer, key = str(FIEL / f"{RFC}.cer"), str(FIEL / f"{RFC}.key")
    assert cli("fiel", "upload", "--cer", cer, "--key", key, "--password-stdin", stdin=TEST_PASSWORD + "\n")[0] == 0
    folder = tmp_path / "home" / RFC / "fiel"
    (folder / "notas.txt").write_text("mis notas")
    code, doc = cli("profile", "remove", RFC)
    assert code == 0 and doc["data"]["fiel_removed"] is True
    assert sorted(p.name for p in folder.iterdir()) == ["notas.txt"]


def test_ctrl_c_while_the_program_loads_still_prints_one_json_document(tmp_path):
    """Ctrl+C in a command's first ~0.25 s (still importing) printed a traceback and no JSON (outside audit of the
    CLI contract). The interrupt is delivered here as the program's import of its CLI raises it."""
    script = (
        "import builtins, runpy\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'desktop_app.cli':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "runpy.run_module('desktop_app', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 130, proc.stderr.decode(errors="replace")
    assert json.loads(proc.stdout) == {
        "success": False,
        "error": {"code": "interrupted", "message": "Interrupted by the user."},
    }


def test_an_export_is_never_written_over_the_apps_own_files(home, tmp_path):
    """An outside audit: ``--output <home>/descarga.sqlite3`` replaced the database and answered success — profiles
    and SAT's request ledger gone, no backup —, and ``--output`` of a vault XML replaced that invoice."""
    database = home / "descarga.sqlite3"
    before = database.read_bytes()
    link = tmp_path / "a-link-to-the-home"
    link.symlink_to(home, target_is_directory=True)
    for target in (
        database,
        home / "x.csv",
        link / "descarga.sqlite3",
        tmp_path / ".." / tmp_path.name / "a-link-to-the-home" / "y.csv",
    ):
        code, doc, _ = run(home, "invoices", "list", "--format", "csv", "--output", str(target))
        assert (code, doc["error"]["code"]) == (1, "output_in_data_home"), (target, doc)
    code, doc, _ = run(home, "report", "iva", "--period", "2026-05", "--format", "xlsx", "--output", str(database))
    assert (code, doc["error"]["code"]) == (1, "output_in_data_home"), doc
    assert database.read_bytes() == before and not (home / "x.csv").exists()
    assert run(home, "profile", "list")[1]["success"] is True
    elsewhere = tmp_path / "facturas.csv"  # beside the home, not in it
    assert run(home, "invoices", "list", "--format", "csv", "--output", str(elsewhere))[0] == 0 and elsewhere.exists()


def test_an_efirma_uploaded_without_a_keyring_says_its_password_was_not_kept(tmp_path):
    """An outside audit: «e.firma validada y guardada» and nothing else; the next request failed with
    password_required. (``run`` gives the app a keyring that fails, as a headless Linux has.)"""
    home = tmp_path / "home"
    assert run(home, "profile", "add", RFC)[0] == 0
    assert run(home, "activation", "on")[0] == 0
    cer, key = str(FIEL / f"{RFC}.cer"), str(FIEL / f"{RFC}.key")
    code, doc, _ = run(
        home, "fiel", "upload", "--cer", cer, "--key", key, "--password-stdin", stdin=TEST_PASSWORD.encode() + b"\n"
    )
    assert code == 0 and doc["data"]["password_in_keyring"] is False, doc
    assert "La contraseña no se guardó" in doc["message"]
    assert [w["code"] for w in doc["data"]["warnings"]] == ["keyring_unavailable"]


def _popen(home: Path, *args: str, **kwargs) -> subprocess.Popen:
    environment = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "DESCARGA_MASIVA_SAT_URL": "http://127.0.0.1:9",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--home", str(home), *args], cwd=REPO, env=environment, **kwargs
    )


def test_a_stderr_whose_reader_is_gone_stops_nothing_and_the_json_still_comes(home, tmp_path):
    """An outside audit: `invoices import DIR 2> >(true)` stopped at the first progress line with BrokenPipeError,
    and the error handler failed again printing the traceback: exit 1, nothing on stdout."""
    folder = tmp_path / "xml"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.xml").write_bytes(b"<not-a-cfdi/>")
    proc = _popen(home, "invoices", "import", str(folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stderr.close()  # the reader of stderr is gone before the first progress line
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    [line] = out.decode().splitlines()
    assert json.loads(line)["data"]["skipped"] == 3


def test_with_stderr_closed_stdout_is_still_one_document(home):
    """An outside audit: with `2>&-` Python has no sys.stderr, and print(file=None) wrote progress and usage text on
    stdout before the JSON."""
    proc = _popen(home, "invoices", "list", "--limit", "x", stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2))
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 2
    [line] = out.decode().splitlines()
    assert json.loads(line)["error"]["code"] == "invalid_argument"


def test_a_stdout_that_is_gone_or_full_is_exit_1_without_a_traceback(home):
    """An outside audit: `profile list | true` and `> /dev/full` ended in a traceback."""
    proc = _popen(home, "profile", "list", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and b"Traceback" not in err, err
    if Path("/dev/full").exists():
        with open("/dev/full", "wb") as full:
            proc = _popen(home, "profile", "list", stdout=full, stderr=subprocess.PIPE)
            _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1 and b"Traceback" not in err, err


@pytest.mark.parametrize("timeout", ["nan", "inf", "-1", "1e9"])
def test_a_wait_that_is_no_duration_is_a_usage_error(home, timeout):
    """An outside audit: `sync --wait --timeout nan` looped for good (103,732 lines in 20 s); inf raised in a thread."""
    code, doc, _ = run(home, "sync", "--wait", "--timeout", timeout)
    assert (code, doc["error"]["code"], doc["error"]["field"]) == (2, "invalid_argument", "timeout")


def test_a_usage_error_a_command_finds_is_exit_2(home):
    """An outside audit: `sync --all --wait` answered usage_error with exit 1."""
    code, doc, _ = run(home, "sync", "--all", "--wait")
    assert (code, doc["error"]["code"]) == (2, "usage_error")


@pytest.mark.parametrize(("option", "field"), [("--home", "home"), ("--rfc", "rfc")])
def test_an_empty_home_or_rfc_is_refused_not_taken_for_none(home, option, field):
    """An outside audit: `--home ''` used the user's real data folder (a script's variable left empty), and
    `--rfc ''` acted as if no RFC had been given."""
    args = ("--rfc", "") if option == "--rfc" else ()
    if option == "--home":
        proc = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--home", "", "profile", "list"],
            cwd=REPO,
            capture_output=True,
            timeout=120,
            check=False,
        )
        code, doc = proc.returncode, json.loads(proc.stdout)
    else:
        code, doc, _ = run(home, *args, "profile", "list")
    assert (code, doc["error"]["code"], doc["error"]["field"]) == (2, "invalid_argument", field)
