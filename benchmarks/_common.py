"""Shared helpers: the corpus (realistic CFDI from the sandbox world), SAT-style ZIPs, timing and tables."""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

OWNER_RFC = "EKU9003173C9"  # the sandbox's main taxpayer (SAT's public test FIEL)
SEED = 7
REPO = Path(__file__).resolve().parent.parent


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where generated corpora are kept between runs (``$DESCARGA_BENCH_CACHE`` or the temp folder)."""
    folder = Path(override or os.environ.get("DESCARGA_BENCH_CACHE") or Path(tempfile.gettempdir()) / "descarga-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def world_for(n_owner_docs: int) -> Any:
    """A sandbox world dense enough that ``n_owner_docs`` documents of :data:`OWNER_RFC` (≈ 42 % of all) fall in
    its first weeks: like a real package, which answers a request of at most one month (one or two vault
    folders, not a hundred)."""
    from desktop_app.sandbox.world import World

    return World(SEED, max(10_000, n_owner_docs * 400))


def owner_indices(world: Any, n: int, rfc: str = OWNER_RFC) -> Iterator[int]:
    """The first ``n`` world indices where ``rfc`` is the issuer or the receiver (what SAT would hand it)."""
    found = 0
    for i in range(len(world)):
        header = world.header(i)
        if rfc in (header.issuer_rfc, header.receiver_rfc):
            yield i
            found += 1
            if found >= n:
                return
    raise ValueError(f"the world has fewer than {n} documents of {rfc}")


def iter_owner_xml(n: int) -> Iterator[tuple[str, bytes]]:
    """``(uuid, xml)`` of ``n`` realistic stamped documents of :data:`OWNER_RFC`, deterministic."""
    world = world_for(n)
    for i in owner_indices(world, n):
        yield world.uuid(i), world.xml(i)


def sat_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 6, 15, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_sat_zip(target: Path, docs: Iterator[tuple[str, bytes]]) -> int:
    """Pack documents the way SAT does (one ``<uuid>.xml`` entry each, deflated), streaming; returns the count."""
    tmp = target.with_suffix(".part")
    count = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for uuid, xml in docs:
            archive.writestr(sat_entry(f"{uuid.lower()}.xml"), xml)
            count += 1
    tmp.replace(target)
    return count


def corpus_zip(n: int, *, cache: Path | None = None) -> Path:
    """A SAT package of ``n`` CFDI of :data:`OWNER_RFC`, built once and cached."""
    folder = cache or cache_dir()
    target = folder / f"package-v2-seed{SEED}-{n}.zip"
    if not target.exists():
        write_sat_zip(target, iter_owner_xml(n))
    return target


def zip_documents(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(info) for info in archive.infolist()]


# -- measuring ---------------------------------------------------------------------------------------------------


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def percentiles(samples_s: Sequence[float]) -> tuple[float, float, float]:
    """(p50, p95, max) in milliseconds."""
    ms = sorted(s * 1000 for s in samples_s)
    if len(ms) == 1:
        return ms[0], ms[0], ms[0]
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return q[49], q[94], ms[-1]


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Linux: ``VmHWM`` of ``/proc/self/status`` (``ru_maxrss`` would carry over the parent's peak across
    fork + exec); elsewhere ``getrusage`` (macOS reports bytes, the others KiB).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- output ---------------------------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Print (and return) a Markdown table, ready to paste into docs/performance.md."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    out = [f"### {title}", "", line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in cells[1:]]
    text = "\n".join(out) + "\n"
    print(text, flush=True)
    return text


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        ram = f"{pages * size / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    import lxml.etree

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION[:3])),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a",
        "when": datetime.now().isoformat(timespec="seconds"),
    }


def print_machine() -> None:
    info = machine()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--cache", help="folder for generated corpora (default: $DESCARGA_BENCH_CACHE or the temp dir)")
    return p


def run_python(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 3600) -> str:
    """Run ``code`` in a fresh interpreter (this one) with the repository importable; return its stdout."""
    full_env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"subprocess failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result.stdout


# -- the sandbox in its own process (so its XML generation does not share our GIL) --------------------------------

SANDBOX_NOW = "2026-06-15T18:00:00+00:00"  # inside the test FIEL's validity: the benchmarks outlive its expiry
SANDBOX_CHILD = r"""
import json, sys
from datetime import datetime
from desktop_app.sandbox import SandboxClock, SandboxServer
clock = SandboxClock() if sys.argv[1] == "real" else SandboxClock(datetime.fromisoformat(sys.argv[1]))
server = SandboxServer(clock=clock, seed=int(sys.argv[2]), invoices=int(sys.argv[3]), ready_after=0,
                       package_size=int(sys.argv[4])).start()
print(json.dumps({"url": server.url}), flush=True)
sys.stdin.read()  # until the parent closes our stdin
server.stop()
"""


class SandboxProcess:
    """``with SandboxProcess(invoices=…) as url:`` the SAT sandbox on 127.0.0.1 in a child interpreter."""

    def __init__(
        self, *, seed: int = SEED, invoices: int = 60_000, package_size: int = 1000, real_clock: bool = False
    ) -> None:
        self.args = ["real" if real_clock else SANDBOX_NOW, str(seed), str(invoices), str(package_size)]
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SANDBOX_CHILD, *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        import json

        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            self.__exit__()
            raise RuntimeError("the sandbox did not start")
        return json.loads(line)["url"]

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            if self.proc.stdout:
                self.proc.stdout.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


def sandbox_now() -> datetime:
    return datetime.fromisoformat(SANDBOX_NOW)


def sandbox_service(home: Path, url: str, *, real_clock: bool = False) -> Any:
    """A ``DescargaService`` on ``home`` wired to the sandbox at ``url``, on the sandbox's frozen clock, with a
    ready profile (:data:`OWNER_RFC`, activated, SAT's public test FIEL; its password only in memory)."""
    from keyring.backends import fail

    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService
    from desktop_app.core.sync import SyncPolicy
    from desktop_app.demo import DEMO_PASSWORD, demo_credentials, sandbox_factory
    from desktop_app.sandbox import SandboxClock

    clock = SandboxClock() if real_clock else SandboxClock(sandbox_now())
    fast = SyncPolicy(first_check_after=0, min_check_interval=0, max_check_interval=0, resubmit_after=0)
    service = DescargaService(
        home, clock=clock, secrets=SecretStore(fail.Keyring()), sat_factory=sandbox_factory(url, clock), policy=fast
    )
    service.add_profile(OWNER_RFC, "Escuela Kemper Urgate (benchmark)")
    service.activate(OWNER_RFC)
    cer, key = demo_credentials()
    service.upload_fiel(OWNER_RFC, cer, key, DEMO_PASSWORD)
    return service


def sandbox_world_invoices(target_issued: int, start: str, end: str) -> int:
    """How many world documents give about ``target_issued`` CFDI issued by :data:`OWNER_RFC` in [start, end]."""
    from desktop_app.sandbox.world import World

    probe = 400_000
    world = World(SEED, probe)
    found = world.count(
        rfc=OWNER_RFC,
        direction="issued",
        start=datetime.fromisoformat(start),
        end=datetime.fromisoformat(end),
        at=sandbox_now().replace(tzinfo=None),
    )
    return max(1000, int(probe * target_issued / max(found, 1) * 1.02))
