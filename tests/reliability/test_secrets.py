"""DESIGN.md §4/§9, secrets: after a full run (CLI in subprocesses, one of them killed), the FIEL password and
every SAT token issued appear nowhere — not in any file of the data home (database, WAL, vault, packages,
logs), not in the CLI's stdout or stderr, not in a crash report; FIEL files are 0600 in a 0700 folder;
without a keyring the documented fallback holds; production endpoints are https with TLS verification on.
"""

from __future__ import annotations

import ssl
import stat
import traceback

import pytest

from desktop_app.core.sat.endpoints import PRODUCTION, from_env
from desktop_app.core.sat.transport import Transport
from desktop_app.core.secrets import SecretStore
from desktop_app.sandbox.world import World
from tests.conftest import TEST_PASSWORD
from tests.reliability import harness as h


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """A whole sync through the real CLI: submissions, a run killed mid-ingestion, downloads, ingestion,
    plus `debug`, `register`, `history` and `sat auth` with the stored FIEL."""
    base = tmp_path_factory.mktemp("secrets")
    sandbox = h.start_sandbox(World(seed=1, invoices=20_000))
    try:
        home = h.make_home(base / "home", sandbox)
        refusal = h.run_cli(home, sandbox, 0, "sync", "--once")  # no keyring, no password: documented refusal
        outcome = h.sync_until_done(home, sandbox, plan={3: "sync.ingest.item:5"}, first_index=1)
        runs = [refusal, *outcome.runs]
        k = runs[-1].index + 1
        for args in (
            ("debug", "--password-stdin"),
            ("register",),
            ("history",),
            ("sat", "auth", "--password-stdin"),
        ):
            runs.append(h.run_cli(home, sandbox, k, *args))
            k += 1
        tokens = set(sandbox.state.tokens)
    finally:
        sandbox.stop()
    assert any(r.killed for r in runs)
    return home, runs, tokens


def test_password_and_tokens_appear_nowhere(full_run):
    home, runs, tokens = full_run
    assert len(tokens) >= 3  # one per CLI process that talked to SAT
    secrets = [TEST_PASSWORD.encode()] + [t.encode() for t in tokens]
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") or p.suffix == ".sqlite3" for p in files)
    assert any(p.suffix == ".zip" for p in files) and any(p.suffix == ".xml" for p in files)
    leaks = [(str(p), s[:6]) for p in files for s in secrets if s in p.read_bytes()]
    assert leaks == []
    for run in runs:
        for secret in secrets:
            assert secret.decode() not in run.stdout and secret.decode() not in run.stderr, run.index
    checked = len(files)
    print(f"\nRELIABILITY secrets: {checked} files and {len(runs)} CLI outputs grepped for {len(secrets)} secrets")


def test_fiel_files_are_private(full_run):
    home, _runs, _tokens = full_run
    folder = home / h.RFC / "fiel"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)


def test_without_a_keyring_the_documented_fallback_holds(full_run):
    home, runs, _tokens = full_run
    refusal = runs[0].document
    assert refusal["success"] is False and refusal["error"]["code"] == "password_required"
    assert "keyring" in refusal["error"]["message"]
    from keyring.backends import fail

    store = SecretStore(fail.Keyring())
    assert store.keyring_available() is False
    assert store.set_password(h.RFC, TEST_PASSWORD) is False  # memory only, and it says so
    assert store.get_password(h.RFC) == TEST_PASSWORD
    assert SecretStore(fail.Keyring()).get_password(h.RFC) is None  # another process: gone


def test_a_crash_report_carries_no_secret(tmp_path):
    """The window's crash dialog shows a traceback: one raised while the password was in hand has none of it."""
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.service import DescargaService
    from desktop_app.gui.dialogs import crash_report
    from tests.conftest import CREDENTIALS, MemoryKeyring

    def broken_factory(fiel):
        raise RuntimeError("a bug while registering")

    service = DescargaService(
        tmp_path / "home",
        clock=FakeClock(h.T0),
        secrets=SecretStore(MemoryKeyring()),
        sat_factory=broken_factory,
    )
    service.add_profile(h.RFC)
    service.activate(h.RFC)
    folder = CREDENTIALS / "eku9003173c9-fiel"
    try:
        service.upload_fiel(
            h.RFC, (folder / "EKU9003173C9.cer").read_bytes(), (folder / "EKU9003173C9.key").read_bytes(), TEST_PASSWORD
        )
    except RuntimeError as exc:
        report = crash_report("".join(traceback.format_exception(exc)))
    finally:
        service.close()
    assert "a bug while registering" in report
    assert TEST_PASSWORD not in report


def test_production_endpoints_are_https_with_verification_on(monkeypatch):
    for var in ("DESCARGA_MASIVA_SAT_URL", "DESCARGA_MASIVA_SAT_RET_URL", "DESCARGA_MASIVA_CONSULTA_URL"):
        monkeypatch.delenv(var, raising=False)
    endpoints = from_env()
    assert endpoints == PRODUCTION
    urls = [endpoints.consulta]
    for family in (endpoints.cfdi, endpoints.retenciones):
        urls += [family.auth, family.query, family.verify, family.download]
    assert all(u.startswith("https://") and u.split("/")[2].endswith(".sat.gob.mx") for u in urls)
    transport = Transport()
    try:
        pool = transport._client._transport._pool  # httpx → httpcore: the SSL context every connection uses
        context = pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname is True
    finally:
        transport.close()
