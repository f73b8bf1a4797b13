"""DESIGN.md §9, crash safety: ``descarga-masiva sync --once`` SIGKILLed at seeded points, restarted until done,
ends with exactly the vault and index of a run nobody killed.

The clean run records every crash point it reaches (``DESCARGA_MASIVA_CRASH_LOG``); the harness then picks
kill points from that log, spread over every phase (authentication, submission, verification, download,
ingestion, commit), plus kills from outside at seeded random moments, and checks after each scenario:

* the planned kill happened (the process died of SIGKILL);
* the index (every invoice column but ids/sources/timestamps, payments, the search index) and the vault
  (relative path + sha256 of every XML) equal the clean run's; no duplicate rows; no temporary or partial
  file anywhere in the data home; every killed run is closed as ``interrupted``;
* SAT (the sandbox) saw no package downloaded more than twice and no request sent twice with the same
  parameters by the app. A kill in the instant between sending a request and recording SAT's answer leaves
  its outcome unknown: the app says so and never resends it on its own (SAT allows two identical requests,
  ever); the harness then does what the message tells the user — create it again — and that explicit second
  request is the only identical one SAT ever sees.

``RELIABILITY_KILLS`` (env) raises the number of named kill points (default 40; every figure is printed).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop_app.core.crashpoints import POINTS
from desktop_app.core.store.db import DB_NAME
from desktop_app.sandbox.world import World
from tests.reliability import harness as h

SEED = 20260615
NAMED_KILLS = int(os.environ.get("RELIABILITY_KILLS", "40"))
TIMER_KILLS = 8
# Killing both downloads of one package is SAT's hard limit (two downloads, ever), not a crash-safety question:
# a second kill in the same scenario never targets a download in flight.
IN_FLIGHT_DOWNLOAD = ("sync.download.counted", "sat.download.partial")
PHASE = {point: phase for phase, points in POINTS.items() for point in points}


@pytest.fixture(scope="module")
def world():
    return World(seed=1, invoices=20_000)


@pytest.fixture(scope="module")
def clean(world, tmp_path_factory):
    """The uninterrupted run: final state + every crash point it reached."""
    base = tmp_path_factory.mktemp("clean")
    sandbox = h.start_sandbox(world)
    try:
        template = h.make_home(base / "template", sandbox)
        home = h.copy_home(template, base / "home")
        logs = base / "logs"
        logs.mkdir()
        outcome = h.sync_until_done(home, sandbox, crash_logs=logs)
    finally:
        sandbox.stop()
    assert not outcome.kills
    return {
        "template": template,
        "index": h.index_rows(home),
        "vault": h.vault_files(home),
        "hits": h.hits(logs),
        "runs": len(outcome.runs),
    }


def _plan(clean_hits, rng):
    """Seeded kill points: for each named point, hits spread over its occurrences (first, last, random)."""
    by_point: dict[str, list[tuple[int, str, int]]] = {}
    for hit in clean_hits:
        by_point.setdefault(hit[1], []).append(hit)
    chosen: list[tuple[int, str, int]] = []
    rounds = 0
    while len(chosen) < NAMED_KILLS and rounds < 20:
        for point in sorted(by_point):
            options = [hit for hit in by_point[point] if hit not in chosen]
            if not options or len(chosen) >= NAMED_KILLS:
                continue
            pick = {0: options[0], 1: options[-1]}.get(rounds) or rng.choice(options)
            chosen.append(pick)
        rounds += 1
    scenarios = []
    points = sorted(by_point)
    for i, (k, point, n) in enumerate(chosen):
        plan = {k: f"{point}:{n}"}
        if i % 3 == 2:  # every third scenario: the restart is killed too, at the first hit of another point
            second = rng.choice([p for p in points if p not in IN_FLIGHT_DOWNLOAD or point not in IN_FLIGHT_DOWNLOAD])
            plan[k + 1] = f"{second}:1"
        scenarios.append({"name": f"{point}:{n}@run{k}", "plan": plan, "timers": {}})
    for i in range(TIMER_KILLS):
        k = 2  # the run that verifies, downloads and ingests everything (~0.2 s of start-up, then the work)
        scenarios.append({"name": f"timer-{i}@run{k}", "plan": {}, "timers": {k: round(rng.uniform(0.15, 0.4), 3)}})
    return scenarios


def _recreate_unknown(home: Path, sandbox, index: int) -> tuple[int, list[str]]:
    """What the status message tells the user: create a request whose outcome is unknown again."""
    conn = sqlite3.connect(home / DB_NAME)
    conn.row_factory = sqlite3.Row
    try:
        unknown = conn.execute(
            "SELECT * FROM requests WHERE status = 'failed' AND submit_state = 'unknown' ORDER BY created_at"
        ).fetchall()
    finally:
        conn.close()
    keys = []
    for row in unknown:
        assert "may or may not" in row["status_message"]
        run = h.run_cli(
            home,
            sandbox,
            index,
            "request",
            "--start",
            row["start_at"],
            "--end",
            row["end_at"],
            "--rfc-type",
            row["rfc_type"],
            "--request-type",
            row["request_type"],
            "--password-stdin",
        )
        doc = run.document
        assert doc and doc["success"], (run.stdout, run.stderr[-2000:])
        keys.append(row["params_key"])
        index += 1
    return index, keys


def _scenario(world, clean, scenario, workdir: Path) -> dict:
    sandbox = h.start_sandbox(world)
    for spec in scenario.get("faults", ()):
        sandbox.faults.add_spec(spec)
    try:
        home = h.copy_home(clean["template"], workdir / "home")
        env = scenario.get("env")
        outcome = h.sync_until_done(home, sandbox, plan=scenario["plan"], timer_kills=scenario["timers"], env=env)
        runs = list(outcome.runs)
        for run in runs:
            if run.index in scenario["plan"] and run.index == min(scenario["plan"]):
                assert run.killed, f"{scenario['name']}: the planned kill did not happen: {run.stdout}"
        recreated: list[str] = []
        unknown_requests = 0
        next_index = runs[-1].index + 3  # SAT has finished anything the lost submission started by then
        conn = sqlite3.connect(home / DB_NAME)
        unknown_requests = conn.execute("SELECT COUNT(*) FROM requests WHERE submit_state = 'unknown'").fetchone()[0]
        conn.close()
        if unknown_requests:
            next_index, recreated = _recreate_unknown(home, sandbox, next_index)
            runs += h.sync_until_done(home, sandbox, first_index=next_index, env=env).runs
        state = h.index_rows(home)
        sat_requests = list(sandbox.state.requests.values())
    finally:
        sandbox.stop()

    name = scenario["name"]
    assert h.leftovers(home) == [], name
    assert state["counts"]["invoices"] == state["counts"]["distinct_uuids"] == state["counts"]["fts_rows"], name
    assert state["invoices"] == clean["index"]["invoices"], name
    assert state["payments"] == clean["index"]["payments"], name
    assert state["fts"] == clean["index"]["fts"], name
    assert state["requests"] == clean["index"]["requests"], name
    assert h.vault_files(home) == clean["vault"], name
    assert all(p["state"] == "ingested" and p["download_count"] <= 2 for p in state["packages"]), name
    assert all(r["finished_at"] is not None for r in state["runs"]), name
    killed = [r for r in runs if r.killed]
    assert sum(r["status"] == "interrupted" for r in state["runs"]) <= len(killed), name
    # Only a kill between "sending" and recording SAT's answer may leave an outcome unknown (not, say, one
    # while authenticating: the token is obtained before the request is marked as going out).
    window = {"sync.submit.sending", "sync.submit.answered"}
    planned = {spec.split(":")[0] for spec in scenario["plan"].values()}
    if recreated and not scenario["timers"]:
        assert planned & window, (name, "an outcome became unknown outside the sending window")
    per_key = Counter(r.key for r in sat_requests)
    for key, count in per_key.items():
        assert count <= 1 or (count == 2 and recreated), (name, key, count)
    downloads = [n for r in sat_requests for n in r.downloads.values()]
    assert max(downloads) <= 2, name
    return {
        "name": name,
        "kills": [(r.index, r.killed_by, scenario["plan"].get(r.index)) for r in killed],
        "runs": len(runs),
        "recreated": len(recreated),
        "double_downloads": sum(1 for n in downloads if n == 2),
    }


@pytest.mark.timeout(900)
def test_sigkill_at_seeded_points_then_restart_ends_like_a_clean_run(world, clean, tmp_path):
    rng = random.Random(SEED)
    phases_reached = {PHASE[name] for _k, name, _n in clean["hits"]}
    assert phases_reached == set(POINTS), f"the clean run misses phases: {set(POINTS) - phases_reached}"
    scenarios = _plan(clean["hits"], rng)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(_scenario, world, clean, scenario, tmp_path / f"s{i:03d}")
            for i, scenario in enumerate(scenarios)
        ]
        results = [f.result() for f in futures]
    kills = [kill for r in results for kill in r["kills"]]
    named = [k for k in kills if k[1] == "crashpoint"]
    by_phase = Counter(PHASE[k[2].split(":")[0]] for k in named)
    figures = {
        "scenarios": len(results),
        "kills": len(kills),
        "named_kills": len(named),
        "timer_kills": sum(1 for k in kills if k[1] == "timer"),
        "by_phase": dict(sorted(by_phase.items())),
        "distinct_points": len({k[2].split(":")[0] for k in named}),
        "cli_runs": sum(r["runs"] for r in results),
        "unknown_outcomes_recreated_by_user": sum(r["recreated"] for r in results),
        "packages_downloaded_twice": sum(r["double_downloads"] for r in results),
        "invoices_compared_per_scenario": len(clean["index"]["invoices"]),
        "vault_files_compared_per_scenario": len(clean["vault"]),
        "seconds": round(time.monotonic() - started, 1),
    }
    print("\nRELIABILITY crash figures:", json.dumps(figures))
    assert len(named) >= min(30, NAMED_KILLS)
    assert set(by_phase) == set(POINTS)


CHAIN_KILLS = 15
SENDING_WINDOW = ("sync.submit.sending", "sync.submit.answered")


def _pending_phases(home: Path) -> set[str]:
    """The phases the next run will go through, from the ledger (so that the chain's kill points can land)."""
    conn = sqlite3.connect(home / DB_NAME)
    try:
        unsent = conn.execute("SELECT COUNT(*) FROM requests WHERE status = 'pending'").fetchone()[0]
        waiting = conn.execute(
            "SELECT COUNT(*) FROM requests WHERE status IN ('accepted', 'processing') AND COALESCE(sat_state, 0) != 3"
        ).fetchone()[0]
        packages = conn.execute("SELECT COUNT(*) FROM packages WHERE state != 'ingested'").fetchone()[0]
        finishing = conn.execute(
            "SELECT COUNT(*) FROM requests WHERE status = 'processing' AND sat_state = 3"
        ).fetchone()[0]
    finally:
        conn.close()
    phases = {"authentication"} if unsent or waiting or packages or finishing else set()
    if unsent:
        phases.add("submission")
    if waiting:
        phases.add("verification")
    if packages:
        phases |= {"download", "ingestion", "commit"}
    if finishing:
        phases.add("commit")
    return phases


def test_one_home_killed_again_and_again_until_done(world, clean, tmp_path):
    """One data home, every run killed at a seeded point of a phase it still has to go through (1st or 2nd hit),
    until 15 kills landed, then left to finish: the same final state as the clean run."""
    rng = random.Random(SEED + 1)
    points = sorted({name for _k, name, _n in clean["hits"]})
    most = {p: max(n for _k, name, n in clean["hits"] if name == p) for p in points}  # hits per run, at most
    sandbox = h.start_sandbox(world)
    fired: list[str] = []
    in_flight_download_kills = 0
    try:
        home = h.copy_home(clean["template"], tmp_path / "home")
        k = 0
        runs: list[h.Run] = []
        while len(fired) < CHAIN_KILLS and k < 80:
            phases = _pending_phases(home)
            if not phases:
                break
            choices = [
                p
                for p in points
                if PHASE[p] in phases
                and (in_flight_download_kills == 0 or p not in IN_FLIGHT_DOWNLOAD)
                and p not in SENDING_WINDOW  # covered above; here each request must stay to absorb more kills
            ]
            point = rng.choice(choices)
            spec = f"{point}:{1 if rng.random() < 0.7 else min(2, most[point])}"
            run = h.run_cli(home, sandbox, k, crash_at=spec)
            runs.append(run)
            k += 1
            if run.killed:
                fired.append(spec)
                in_flight_download_kills += spec.split(":")[0] in IN_FLIGHT_DOWNLOAD
            else:
                assert run.document is not None, run.stderr[-2000:]
        runs += h.sync_until_done(home, sandbox, first_index=k).runs
        recreated = 0
        conn = sqlite3.connect(home / DB_NAME)
        unknown = conn.execute("SELECT COUNT(*) FROM requests WHERE submit_state = 'unknown'").fetchone()[0]
        conn.close()
        if unknown:
            next_index, keys = _recreate_unknown(home, sandbox, runs[-1].index + 3)
            recreated = len(keys)
            runs += h.sync_until_done(home, sandbox, first_index=next_index).runs
        state = h.index_rows(home)
        sat_requests = list(sandbox.state.requests.values())
    finally:
        sandbox.stop()
    assert len(fired) == CHAIN_KILLS, fired
    assert h.leftovers(home) == []
    for part in ("invoices", "payments", "fts", "requests"):
        assert state[part] == clean["index"][part], part
    assert h.vault_files(home) == clean["vault"]
    assert max(n for r in sat_requests for n in r.downloads.values()) <= 2
    per_key = Counter(r.key for r in sat_requests)
    assert all(count <= 1 or (count == 2 and recreated) for count in per_key.values())
    print(
        "\nRELIABILITY chain:",
        json.dumps({"kills": len(fired), "runs": len(runs), "recreated_by_user": recreated, "points": fired}),
    )


@pytest.mark.timeout(600)
@pytest.mark.parametrize("workers", ["2", "3"])
def test_sigkill_while_worker_processes_parse_then_restart_ends_like_a_clean_run(world, clean, tmp_path, workers):
    """Every package goes through the worker processes (core.parallel); kills during its ingestion, where the
    workers are mid-chunk, end like the clean (in-process) run: same index, vault, no leftovers. The workers
    stage each file beside its place, which the ingest thread renames (``DocumentPool.stage``); three
    workers on two cores are more processes than cores."""
    ingestion = ("sync.ingest.item", "vault.tmp_written", "sync.ingest.batch_committed")
    hits = sorted((k, point, n) for k, point, n in clean["hits"] if point in ingestion)
    assert hits, "the clean run ingested nothing"
    chosen = random.Random(SEED).sample(hits, min(5, len(hits)))
    env = {"DESCARGA_MASIVA_PARALLEL_MIN": "1", "DESCARGA_MASIVA_WORKERS": workers}
    results = []
    for k, (run, point, n) in enumerate(chosen):
        scenario = {"name": f"workers-{point}:{n}@{run}", "plan": {run: f"{point}:{n}"}, "timers": {}, "env": env}
        results.append(_scenario(world, clean, scenario, tmp_path / f"w{k}"))
    assert all(r["kills"] for r in results), results


# ``RELIABILITY_SCENARIO=<name>`` (a name of the seeded plan, e.g. ``sync.ingest.item:1@run2``; a comma-separated
# list for several) runs just those scenarios ``RELIABILITY_REPEAT`` times (default 30), two at a time as in the
# full test, and reports how many passed: the way to chase a scenario that failed once.
SCENARIO = os.environ.get("RELIABILITY_SCENARIO", "")
REPEAT = int(os.environ.get("RELIABILITY_REPEAT", "30"))


@pytest.mark.skipif(not SCENARIO, reason="set RELIABILITY_SCENARIO=<scenario name> to repeat seeded scenarios")
@pytest.mark.timeout(7200)
def test_seeded_scenario_again_and_again(world, clean, tmp_path):
    plan = {s["name"]: s for s in _plan(clean["hits"], random.Random(SEED))}
    names = [name.strip() for name in SCENARIO.split(",") if name.strip()]
    unknown = [name for name in names if name not in plan]
    assert not unknown, f"not in the seeded plan: {unknown}; it has {sorted(plan)}"
    jobs = [(k, name) for k in range(REPEAT) for name in names]
    failures: list[str] = []

    def one(k: int, name: str) -> None:
        try:
            _scenario(world, clean, plan[name], tmp_path / f"r{k:03d}-{names.index(name)}")
        except AssertionError as exc:
            failures.append(f"#{k} {name}: {str(exc)[:3000]}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(one, k, name) for k, name in jobs]:
            future.result()
    figures = {
        "scenarios": {name: plan[name]["plan"] for name in names},
        "runs": len(jobs),
        "passed": len(jobs) - len(failures),
    }
    print("\nRELIABILITY repeat:", json.dumps(figures))
    assert not failures, "\n\n".join(failures)


@pytest.mark.timeout(600)
def test_kills_during_ingestion_never_spend_the_next_packages_last_download(world, clean, tmp_path):
    """Regression (seeded scenario ``sync.ingest.item:1@run2``, which failed in one of nine full-suite runs on
    2 busy cores, the index short of a package from row 5 on): while a package is ingested, the next one
    downloads on the background thread, so a kill at an *ingestion* point also kills that download, which SAT
    has already counted. Two such kills in a row spent both of SAT's downloads of the same package: it ended
    ``error`` ("both were used") and its documents were lost. Here the timing that run met by chance is made
    certain: the ingestion starts only once the background download has counted its attempt
    (``RELIABILITY_PREFETCH_FIRST``, see ``cli_entry``), and SAT's first three downloads answer after 5 s, so
    that download is still in flight when each kill lands."""
    scenario = {
        "name": "prefetch-first:sync.ingest.item:1@run2+sync.ingest.package_committed:1@run3",
        "plan": {2: "sync.ingest.item:1", 3: "sync.ingest.package_committed:1"},
        "timers": {},
        "faults": ["download:delay:seconds=5:times=3"],
        "env": {"RELIABILITY_PREFETCH_FIRST": "1"},
    }
    result = _scenario(world, clean, scenario, tmp_path / "slow")
    assert len(result["kills"]) == 2, result
    # The first kill really took the next package's first download with it (the app counted two downloads of
    # it; SAT's count of the killed one may come later: its answer is delayed).
    conn = sqlite3.connect(tmp_path / "slow" / "home" / DB_NAME)
    try:
        twice = conn.execute("SELECT COUNT(*) FROM packages WHERE download_count = 2").fetchone()[0]
    finally:
        conn.close()
    assert twice == 1, result


@pytest.mark.timeout(600)
def test_a_kill_while_authenticating_for_a_download_does_not_spend_it(world, clean, tmp_path):
    """Regression: after a crash right after the packages were registered, the next run's first call to SAT is
    a package's download, so it authenticates then. The attempt used to be counted *before* authenticating, so a
    kill while authenticating spent one of the package's two downloads although SAT never saw it, and one more
    kill during the next (real) download lost the package. Authenticating first, the harness's rule holds: only
    two kills during downloads of one package can spend both."""
    scenario = {
        "name": "auth-during-download",
        "plan": {2: "sync.verify.packages_registered:1", 3: "sat.auth.before_send:1", 4: "sync.download.counted:1"},
        "timers": {},
    }
    result = _scenario(world, clean, scenario, tmp_path / "auth")
    assert len(result["kills"]) == 3, result
