"""The report tests' world: the scenario's CFDI indexed through the real ingest (``invoices import``, the XML
through the worker processes), read back with the real CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.core.reports import oracle, scenario

REPO = Path(__file__).resolve().parents[3]


def cli_process(home: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    """``descarga-masiva --home HOME ARGS`` in its own process; the ``data`` of its success."""
    full_env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **(env or {})}
    full_env["DESCARGA_MASIVA_SAT_URL"] = "http://127.0.0.1:9"  # never SAT
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home), *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout.decode("utf-8"))["data"]


def cli(home: Path, *args: str) -> tuple[int, dict]:
    """``descarga-masiva --home HOME ARGS`` in this process: (exit code, the JSON document)."""
    from desktop_app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--home", str(home), *args])
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, out.getvalue() + err.getvalue()
    return code, json.loads(lines[0])


def report(home: Path, *args: str) -> dict:
    code, doc = cli(home, "report", *args)
    assert code == 0, doc
    return doc["data"]


def build_home(base: Path, *, workers: bool) -> Path:
    """A data home with the scenario indexed the way a user does it: the XML folder, then SAT's metadata."""
    home = base / "home"
    cli_process(home, "profile", "add", scenario.OWNER)
    env = {"DESCARGA_MASIVA_PARALLEL_MIN": "1"} if workers else {}
    imported = cli_process(home, "invoices", "import", str(base / "xml"), env=env)
    assert imported["added"] == len(scenario.documents()) and imported["skipped"] == 0, imported
    cli_process(home, "invoices", "import", str(base / "metadata.txt"))
    return home


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    base = scenario.write(tmp_path_factory.mktemp("reports"))
    home = build_home(base, workers=True)
    docs, _status, only_metadata = oracle.read_world(base, scenario.OWNER)
    return SimpleNamespace(base=base, home=home, docs=docs, only_metadata=only_metadata)
