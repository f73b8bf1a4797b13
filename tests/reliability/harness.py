"""The kill-point harness: run ``descarga-masiva sync --once`` in a subprocess against the sandbox, kill it,
restart it, and compare what ends on disk with an uninterrupted run.

Time is virtual: each run of the CLI is frozen at ``T0 + k·STEP`` (the sandbox is set to the same moment
before each run), so the default pacing (first check 60 s after submitting) needs two runs per request —
one submits, the next verifies, downloads and ingests.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.core.clock import FakeClock
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME
from desktop_app.demo import sandbox_factory
from desktop_app.sandbox import SandboxClock, SandboxServer
from tests.conftest import CREDENTIALS, TEST_PASSWORD, MemoryKeyring

REPO = Path(__file__).resolve().parents[2]
RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"
T0 = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)
STEP = timedelta(minutes=1)
READY_AFTER = 50.0  # sandbox seconds per state step: state 2 one run after submitting, state 3 the next
INGEST_BATCH = 4
PACKAGE_SIZE = 6
MAX_RUNS = 14
# Issued and received XML, received metadata, and a second month: 4 requests, ~14 packages, ~100 documents.
REQUESTS = (
    {"start": "2026-05-01", "end": "2026-05-31", "rfc_type": "issued"},
    {"start": "2026-05-01", "end": "2026-05-31", "rfc_type": "received"},
    {"start": "2026-05-01", "end": "2026-05-31", "rfc_type": "received", "request_type": "metadata"},
    {"start": "2026-04-01", "end": "2026-04-30", "rfc_type": "issued"},
)
TEMP_SUFFIXES = (".tmp", ".part", ".invalid")


def start_sandbox(world: Any, **options: Any) -> SandboxServer:
    clock = SandboxClock(T0)
    return SandboxServer(
        clock=clock, world=world, ready_after=READY_AFTER, package_size=PACKAGE_SIZE, **options
    ).start()


def make_home(home: Path, sandbox: SandboxServer) -> Path:
    """A data home ready to sync: profile, activation, FIEL (registered), the requests queued, none sent."""
    clock = FakeClock(T0)
    service = DescargaService(
        home, clock=clock, secrets=SecretStore(MemoryKeyring()), sat_factory=sandbox_factory(sandbox.url, clock)
    )
    try:
        service.add_profile(RFC)
        service.activate(RFC)
        cer = (FIEL / "EKU9003173C9.cer").read_bytes()
        key = (FIEL / "EKU9003173C9.key").read_bytes()
        assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
        for options in REQUESTS:
            service.create_request(RFC, submit=False, **options)
    finally:
        service.close()
    return home


@dataclass
class Run:
    index: int
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    killed_by: str | None = None  # "crashpoint" | "timer"

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL

    @property
    def document(self) -> dict[str, Any] | None:
        lines = [ln for ln in self.stdout.splitlines() if ln.strip()]
        return json.loads(lines[-1]) if lines else None


def cli_env(sandbox: SandboxServer, now: datetime, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESCARGA_MASIVA_")}
    env.update(
        DESCARGA_MASIVA_SAT_URL=sandbox.url,
        RELIABILITY_NOW=now.isoformat(),
        RELIABILITY_INGEST_BATCH=str(INGEST_BATCH),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def run_cli(
    home: Path,
    sandbox: SandboxServer,
    index: int,
    *args: str,
    crash_at: str | None = None,
    crash_log: Path | None = None,
    kill_after: float | None = None,
    stdin: str = TEST_PASSWORD + "\n",
    env: dict[str, str] | None = None,
) -> Run:
    """One ``descarga-masiva --home HOME ARGS`` (default ``sync --once --password-stdin``) at ``T0 + index·STEP``."""
    now = T0 + index * STEP
    sandbox.clock.set(now)
    extra = dict(env or {})
    if crash_at:
        extra["DESCARGA_MASIVA_CRASH_AT"] = crash_at
    if crash_log:
        extra["DESCARGA_MASIVA_CRASH_LOG"] = str(crash_log)
    argv = [sys.executable, "-m", "tests.reliability.cli_entry", "--home", str(home)]
    argv += list(args) or ["sync", "--once", "--password-stdin"]
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=REPO,
        env=cli_env(sandbox, now, **extra),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed_by = "crashpoint" if crash_at else None
    if kill_after is not None:
        try:
            out, err = proc.communicate(stdin, timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
            killed_by = "timer"
    else:
        out, err = proc.communicate(stdin, timeout=120)
    return Run(index, proc.returncode, out, err, time.monotonic() - started, killed_by)


@dataclass
class Outcome:
    runs: list[Run] = field(default_factory=list)

    @property
    def kills(self) -> list[Run]:
        return [r for r in self.runs if r.killed]


def sync_until_done(
    home: Path,
    sandbox: SandboxServer,
    *,
    plan: dict[int, str] | None = None,
    timer_kills: dict[int, float] | None = None,
    first_index: int = 0,
    crash_logs: Path | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run ``sync --once`` until no request is open; ``plan[k]`` = crash point for run ``k``."""
    outcome = Outcome()
    plan = plan or {}
    timer_kills = timer_kills or {}
    for k in range(first_index, first_index + MAX_RUNS):
        log = crash_logs / f"run-{k}.log" if crash_logs else None
        run = run_cli(home, sandbox, k, crash_at=plan.get(k), crash_log=log, kill_after=timer_kills.get(k), env=env)
        outcome.runs.append(run)
        if run.killed:
            continue
        doc = run.document
        assert doc is not None and run.returncode in (0, 1), (run.returncode, run.stdout, run.stderr[-3000:])
        if doc["success"] and doc["data"]["open_requests"] == 0 and k not in plan and k not in timer_kills:
            return outcome
    raise AssertionError(f"still open after {MAX_RUNS} runs: {[r.stdout for r in outcome.runs][-3:]}")


# -- what ends on disk ------------------------------------------------------------------------------------


def leftovers(home: Path) -> list[str]:
    """Temporary or partial files anywhere in the data home (none may survive a finished sync)."""
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file() and p.name.endswith(TEMP_SUFFIXES))


def vault_files(home: Path) -> dict[str, str]:
    """Every XML in the vault: relative path → sha256."""
    out = {}
    for folder in ("emitidos", "recibidos", "otros"):
        for path in (home / RFC / folder).rglob("*"):
            if path.is_file():
                out[str(path.relative_to(home))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


_VOLATILE = {"id", "source", "updated_at", "party_id"}  # surrogate keys; the party is compared by content


def index_rows(home: Path) -> dict[str, Any]:
    """The index as comparable data: every invoice column but ids, sources and timestamps; its party; payments;
    FTS (invoices and parties)."""
    conn = sqlite3.connect(home / DB_NAME)
    conn.row_factory = sqlite3.Row
    try:
        invoices = []
        for row in conn.execute("SELECT * FROM invoices ORDER BY rfc, uuid"):
            item = {k: row[k] for k in row.keys() if k not in _VOLATILE}  # noqa: SIM118 - sqlite3.Row
            if item["path"]:  # absolute, or relative to the data home (both name the same file)
                path = Path(item["path"])
                item["path"] = str(path.relative_to(home) if path.is_absolute() else path)
            party = conn.execute(
                "SELECT p.issuer_rfc, p.issuer_name, p.receiver_rfc, p.receiver_name, f.text FROM parties p "
                "JOIN parties_fts f ON f.rowid = p.id WHERE p.id = ?",
                (row["party_id"],),
            ).fetchone()
            item["party"] = tuple(party) if party is not None else None
            invoices.append(item)
        payments = [tuple(r) for r in conn.execute("SELECT * FROM payments ORDER BY rfc, payment_uuid, line")]
        fts = sorted(
            tuple(r)
            for r in conn.execute("SELECT i.uuid, f.text FROM invoices_fts f JOIN invoices i ON i.id = f.rowid")
        )
        counts = {
            "invoices": conn.execute("SELECT COUNT(*) FROM invoices").fetchone()[0],
            "distinct_uuids": conn.execute("SELECT COUNT(DISTINCT rfc || uuid) FROM invoices").fetchone()[0],
            "fts_rows": conn.execute("SELECT COUNT(*) FROM invoices_fts").fetchone()[0],
            "parties": conn.execute("SELECT COUNT(*) FROM parties").fetchone()[0],
            "party_fts_rows": conn.execute("SELECT COUNT(*) FROM parties_fts").fetchone()[0],
        }
        requests = sorted(
            (
                r["rfc_type"],
                r["request_type"],
                r["start_at"],
                r["end_at"],
                r["status"],
                r["invoice_count"],
                r["processed_count"],
            )
            for r in conn.execute("SELECT * FROM requests WHERE status != 'failed'")
        )
        packages = [dict(r) for r in conn.execute("SELECT id, state, download_count FROM packages")]
        runs = [dict(r) for r in conn.execute("SELECT id, status, finished_at FROM sync_runs")]
    finally:
        conn.close()
    return {
        "invoices": invoices,
        "payments": payments,
        "fts": fts,
        "counts": counts,
        "requests": requests,
        "packages": packages,
        "runs": runs,
    }


def copy_home(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest)
    return dest


def hits(crash_logs: Path) -> list[tuple[int, str, int]]:
    """(run index, point, n-th hit in that run) for every crash point an uninterrupted run reached."""
    out = []
    for log in sorted(crash_logs.glob("run-*.log")):
        k = int(log.stem.split("-")[1])
        with contextlib.suppress(FileNotFoundError):
            for line in log.read_text().splitlines():
                name, n = line.rsplit(" ", 1)
                out.append((k, name, int(n)))
    return out
