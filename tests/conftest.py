"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import keyring.backend
import pytest
from hypothesis import settings

# Property-based tests explore with a fixed seed by default, so CI is reproducible; run with
# HYPOTHESIS_PROFILE=explore to search new random inputs locally (and add any failure as a regression test).
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytest_plugins = ["tests.sandbox_env", "tests.pg_fixtures"]  # pg_fixtures: a real PostgreSQL (pg_support)

FIXTURES = Path(__file__).parent / "fixtures"
CREDENTIALS = FIXTURES / "credentials"
TEST_PASSWORD = "12345678a"
# A moment when SAT's public test FIEL (valid 2023-05-18 → 2027-05-17) is valid; tests pass it as "now"
# so the suite keeps passing after the certificate expires.
FIEL_VALID_AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_data_home(tmp_path_factory, monkeypatch):
    """No test may touch the real user data folder: the default home is a fresh temporary one."""
    monkeypatch.setenv("DESCARGA_MASIVA_HOME", str(tmp_path_factory.mktemp("default-home")))
    yield
    from desktop_app.core import logs

    logs.shutdown()  # a CLI or window run in-process logged to this test's home: detach it


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def fiel_paths() -> tuple[Path, Path]:
    d = CREDENTIALS / "eku9003173c9-fiel"
    return d / "EKU9003173C9.cer", d / "EKU9003173C9.key"


@pytest.fixture(scope="session")
def fiel(fiel_paths):
    from desktop_app.core.fiel import load_fiel_files

    cer, key = fiel_paths
    return load_fiel_files(cer, key, TEST_PASSWORD, now=FIEL_VALID_AT)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that works, in memory: what a desktop with a Secret Service looks like to the app."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def get_password(self, service, username):
        return self.items.get((service, username))

    def delete_password(self, service, username):
        self.items.pop((service, username), None)
