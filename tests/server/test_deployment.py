"""Running the server for real: TLS with --tls-cert/--tls-key, `server check`, the optional extra (a clear error
without it; never in the desktop installer)."""

from __future__ import annotations

import ssl
import subprocess
import sys
import tomllib

import httpx
import pytest

from desktop_app.core.errors import AppError
from tests.server.conftest import REPO, RFC, new_key, run_cli, start_server, wait_for
from tests.tls_support import self_signed

pytestmark = pytest.mark.timeout(60)


def test_tls_serves_https_only(sandbox, tmp_path, server_processes, monkeypatch):
    home = tmp_path / "office"
    assert run_cli(home, "profile", "add", RFC)[0] == 0
    key = new_key(home, RFC)
    cert, private = self_signed(tmp_path)
    server = start_server(home, sandbox.url, "--tls-cert", str(cert), "--tls-key", str(private))
    server_processes.append(server)
    assert server.url.startswith("https://127.0.0.1:") and server.document["data"]["tls"] is True
    with server.client(key, verify=ssl.create_default_context(cafile=str(cert))) as http:
        assert http.get("/activate/status").json()["data"]["rfc"] == RFC
    with pytest.raises(httpx.TransportError):  # nobody talks to it in clear
        httpx.get(server.url.replace("https://", "http://") + "/openapi.json", timeout=5)
    with pytest.raises(httpx.ConnectError):  # and an unknown certificate is refused by a verifying client
        httpx.get(server.url + "/openapi.json", timeout=5)
    # A desk's window: the office's certificate is trusted once its CA is installed on the computer (SSL_CERT_FILE
    # stands for Linux's system bundle; Windows and macOS ask their own store, tests/core/sat/test_transport.py).
    from desktop_app.core.remote import RemoteService

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with RemoteService(server.url, key) as desk, pytest.raises(AppError) as info:
        desk.profile_records()
    assert info.value.code == "server_unreachable" and info.value.details["cause"] == "certificate_rejected"
    assert "certificate was not accepted (self-signed certificate)" in info.value.message
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with RemoteService(server.url, key) as desk:
        assert [p.rfc for p in desk.profile_records()] == [RFC]
    assert server.stop() == 0


def test_unusable_tls_files_stop_the_server_before_it_listens(sandbox, tmp_path):
    home = tmp_path / "office"
    cert, private = self_signed(tmp_path)
    private.write_text("not a key")
    code, doc = run_cli(home, "server", "--port", "0", "--tls-cert", str(cert), "--tls-key", str(private))
    assert code == 1 and doc["error"]["code"] == "tls_invalid"
    code, doc = run_cli(home, "server", "--port", "0", "--tls-cert", str(cert))
    assert code == 2 and doc["error"]["code"] == "usage_error"


def test_server_check_validates_a_deployment(sat_env, tmp_path, monkeypatch):
    home = tmp_path / "office"
    code, doc = run_cli(home, "server", "check")
    assert code == 1 and doc["error"]["code"] == "server_check_failed"
    assert doc["error"]["failed"] == ["keys"]  # an empty home: everything but the keys is fine
    checks = {c["check"]: c for c in doc["error"]["checks"]}
    assert checks["keys"]["error"]["code"] == "no_api_keys"
    assert checks["sat"]["ok"] and len(checks["sat"]["endpoints"]) == 6
    assert checks["database"]["schema_version"] > 0 and checks["tls"]["configured"] is False

    assert run_cli(home, "profile", "add", RFC)[0] == 0
    new_key(home, RFC)
    code, doc = run_cli(home, "server", "check")
    assert code == 0, doc
    assert [c["check"] for c in doc["data"]["checks"]] == [
        "home", "database", "vault_key", "keys", "profiles", "tls", "server_packages", "sat"
    ]  # fmt: skip

    cert, private = self_signed(tmp_path)
    code, doc = run_cli(home, "server", "check", "--tls-cert", str(cert), "--tls-key", str(private))
    assert code == 0 and {c["check"]: c for c in doc["data"]["checks"]}["tls"]["configured"] is True
    code, doc = run_cli(home, "server", "check", "--tls-cert", str(private), "--tls-key", str(cert))
    assert code == 1 and doc["error"]["failed"] == ["tls"]

    # A vault key others can read, or one that does not open the sealed passwords, is said plainly.
    from desktop_app.core.sealed_secrets import SealedSecretStore, load_vault_key
    from desktop_app.core.store.db import ConnectionPerThread

    vault = home / "server" / "vault.key"
    db = ConnectionPerThread(home / "descarga.sqlite3")
    SealedSecretStore(load_vault_key(vault), db).set_password(RFC, "secret")
    db.close()
    vault.chmod(0o644)
    code, doc = run_cli(home, "server", "check")
    assert code == 1 and {c["check"]: c for c in doc["error"]["checks"]}["vault_key"]["error"]["code"] == (
        "vault_key_insecure"
    )
    vault.unlink()
    load_vault_key(vault)  # another key
    code, doc = run_cli(home, "server", "check")
    assert {c["check"]: c for c in doc["error"]["checks"]}["vault_key"]["error"]["code"] == "vault_key_mismatch"

    # SAT out of reach: reported per endpoint, not a traceback.
    monkeypatch.setenv("DESCARGA_MASIVA_SAT_URL", "http://127.0.0.1:9")
    code, doc = run_cli(home, "server", "check", "--timeout", "2")
    sat = {c["check"]: c for c in doc["error"]["checks"]}["sat"]
    assert sat["error"]["code"] == "sat_unreachable" and "127.0.0.1:9" in sat["error"]["message"]


def test_without_the_extra_the_server_says_how_to_install_it(tmp_path):
    code = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from desktop_app.cli import main\n"
        f"raise SystemExit(main(['--home', {str(tmp_path / 'h')!r}, 'server', '--port', '0']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert '"server_not_installed"' in done.stdout and "[server]" in done.stdout


def test_the_extra_is_optional_and_the_desktop_bundle_leaves_it_out():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    server = project["optional-dependencies"]["server"]
    names = {r.split(">")[0].split("=")[0] for r in server}
    assert names == {"starlette", "uvicorn", "python-multipart", "psycopg[binary]"}  # psycopg: --database postgresql
    assert set(server) <= set(project["optional-dependencies"]["dev"])  # the test command installs them
    assert not names & {r.split(">")[0].split("=")[0].split("<")[0] for r in project["dependencies"]}
    spec = (REPO / "build_scripts" / "descarga_masiva.spec").read_text(encoding="utf-8")
    assert "*SERVER_ONLY" in spec and 'not name.startswith("desktop_app.server")' in spec
    for module in ("desktop_app.server", "starlette", "uvicorn", "multipart", "psycopg", "desktop_app.core.store.pg"):
        assert f'"{module}"' in spec.split("SERVER_ONLY = ")[1].splitlines()[0]


def test_sealed_passwords_open_only_with_their_key_and_their_rfc(tmp_path):
    from desktop_app.core.sealed_secrets import SealedSecretStore, load_vault_key
    from desktop_app.core.store.db import ConnectionPerThread, transaction
    from desktop_app.core.store.server_keys import SealedSecretRepository

    db = ConnectionPerThread(tmp_path / "descarga.sqlite3")
    try:
        key = load_vault_key(tmp_path / "server" / "vault.key")
        assert load_vault_key(tmp_path / "server" / "vault.key") == key  # made once, then read
        store = SealedSecretStore(key, db)
        assert store.keyring_available() is True and store.get_password(RFC) is None
        store.set_password(RFC, "contraseña secreta")
        assert store.get_password(RFC) == "contraseña secreta"
        repo = SealedSecretRepository(db)
        sealed = repo.get(f"fiel_password:{RFC}")
        assert sealed is not None and "contraseña".encode() not in sealed
        with transaction(db.get()):  # moved to another RFC's name: refused (the RFC is the associated data)
            repo.put("fiel_password:CACX7605101P8", sealed, 0)
        with pytest.raises(AppError) as moved:
            store.get_password("CACX7605101P8")
        assert moved.value.code == "vault_key_mismatch" and "secreta" not in str(moved.value.to_json())
        with pytest.raises(AppError) as other_key:
            SealedSecretStore(load_vault_key(tmp_path / "other.key"), db).get_password(RFC)
        assert other_key.value.code == "vault_key_mismatch"
        store.delete_password(RFC)
        assert store.get_password(RFC) is None
        (tmp_path / "bad.key").write_text("hello")
        (tmp_path / "bad.key").chmod(0o600)
        with pytest.raises(AppError) as bad:
            load_vault_key(tmp_path / "bad.key")
        assert bad.value.code == "vault_key_invalid"
    finally:
        db.close()


def test_an_efirma_uploaded_at_the_console_is_waiting_for_its_password_through_the_api(
    cli, sandbox, tmp_path, server_processes
):
    """The FIEL given to `descarga-masiva fiel upload` on the server's console puts its password in that user's
    keyring, where the server does not look: the RFC waits with `password_required`, and what the server says
    tells the office how to give it (upload through the API), not the console's `--password-stdin`."""
    from tests.conftest import CREDENTIALS, TEST_PASSWORD

    home = tmp_path / "office"
    folder = CREDENTIALS / "eku9003173c9-fiel"
    for args, stdin in (
        (("profile", "add", RFC), ""),
        (("activation", "on"), ""),
        (
            ("fiel", "upload", "--cer", f"{folder}/{RFC}.cer", "--key", f"{folder}/{RFC}.key", "--password-stdin"),
            TEST_PASSWORD + "\n",
        ),
    ):
        code, doc = cli("--home", str(home), *args, stdin=stdin)
        assert code == 0, doc
    key = new_key(home, RFC)
    server = start_server(home, sandbox.url)
    server_processes.append(server)
    with server.client(key) as http:
        answer = http.post("/request", json={"start_date": "2026-05-01", "end_date": "2026-05-31"})
        assert answer.status_code == 200, answer.text

        def failed() -> dict | None:
            last = http.get("/schedule").json()["data"]["lastSync"]
            return last if last and last["status"] == "failed" else None

        last = wait_for(failed, 30, "the scheduler's pass")
    assert last["error_code"] == "password_required"
    assert "POST /v2/invoices/download/fiel" in last["error"]
    assert "--password-stdin" not in last["error"] and "keyring" not in last["error"]
