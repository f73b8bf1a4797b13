"""The data home's log (issue 15 item 5; DESIGN §4 promised ``<home>/logs/``): what a support person needs, no
secret, private, rotated; ``debug`` and the crash report point to it."""

from __future__ import annotations

import logging
import stat

from desktop_app.core import logs
from tests.conftest import CREDENTIALS, TEST_PASSWORD

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"


def test_a_cli_sync_is_logged_in_the_home_without_secrets(cli, tmp_path, sandbox):
    home = tmp_path / "home"
    cli("profile", "add", RFC)
    cli("activation", "on")
    cer, key = str(FIEL / f"{RFC}.cer"), str(FIEL / f"{RFC}.key")
    assert cli("fiel", "upload", "--cer", cer, "--key", key, "--password-stdin", stdin=TEST_PASSWORD + "\n")[0] == 0
    cli("request", "--start", "2026-05-01", "--end", "2026-05-10", "--rfc-type", "issued")
    code, _ = cli("sync", "--wait", "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert code == 0
    cli("status", "not-a-request")  # a handled error is logged too
    path = home / "logs" / "descarga-masiva.log"
    text = path.read_text(encoding="utf-8")
    for expected in ("profile add: started", "fiel upload: done", "sync pass", "SAT Autentica: HTTP 200",
                     "SAT SolicitaDescarga", "ingested", "sync: done in", "status: "):  # fmt: skip
        assert expected in text, expected
    assert TEST_PASSWORD not in text
    tokens = [t for r in sandbox.state.requests.values() for t in [getattr(r, "token", None)] if t]
    assert not any(t in text for t in tokens)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # debug points to it and shows its end
    code, doc = cli("debug", "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert doc["data"]["log"]["path"] == str(path.absolute())
    assert "debug: started" in doc["data"]["log"]["tail"][-1]
    assert doc["data"]["log"]["tail"][-2].endswith(text.splitlines()[-1][-40:])


def test_lines_are_scrubbed_of_anything_shaped_like_a_secret(tmp_path):
    logs.setup(tmp_path)
    log = logging.getLogger("desktop_app.test")
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
    log.warning(f"password=hunter2 token: abc.def wrap_access_token=xyz {jwt} " + "A" * 200)
    log.warning('database: missing "]" in URI: "postgresql://dmuser:Zq9-Db-Pw@[::1"')  # libpq quoting a URL
    text = logs.log_path(tmp_path).read_text(encoding="utf-8")
    for secret in ("hunter2", "abc.def", "xyz", "eyJhbGciOiJIUzI1NiJ9", "A" * 200, "Zq9-Db-Pw"):
        assert secret not in text, secret
    assert "[token]" in text and "[base64]" in text


def test_the_log_rotates_and_its_old_files_stay_private(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    logs.shutdown()
    logs.setup(tmp_path)
    log = logging.getLogger("desktop_app.test")
    for n in range(200):
        log.warning("line %d %s", n, "x" * 50)
    folder = tmp_path / "logs"
    files = sorted(folder.iterdir())
    assert len(files) == 1 + logs.BACKUPS
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert logs.tail(tmp_path, 1)[0].endswith("x" * 50)


def test_a_home_that_cannot_be_written_gets_no_log_and_no_noise(tmp_path, capsys):
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    logs.setup(target)  # its "logs" folder can never be made
    logging.getLogger("desktop_app.test").warning("hello")
    assert "Logging error" not in capsys.readouterr().err


def test_the_crash_report_carries_the_log_path_and_tail(tmp_path):
    from desktop_app.gui.dialogs import crash_report

    logs.setup(tmp_path)
    logging.getLogger("desktop_app.test").warning("the last thing that happened")
    report = crash_report("Traceback: boom")
    assert str(logs.log_path(tmp_path.absolute())) in report and "the last thing that happened" in report
