"""Bulk status checks at SAT (issue 17.3): is the chosen rate ever exceeded, and what a stop + resume asks again.

    python -m benchmarks.bulk_verify [--n 80] [--rates 2,5,0.5]

A data home with the sandbox world's CFDI of the main RFC (March–May 2026, imported from XML) checked with
``DescargaService.verify_invoices`` against a sandbox on loopback, once per rate. The sandbox stamps every
ConsultaCFDI call when it arrives (its own ``time.monotonic()``), so the rate is judged where SAT would see it:

- *achieved*: calls ÷ (last arrival − first arrival), over the run;
- *min gap*: the closest two consecutive calls ever came (the pacer's promise: ≥ 1/rate);
- *most in 1 s*: the most calls that arrived in any one-second window;
- *stop + resume*: the first run is stopped (cancel) halfway and resumed; *asked twice* counts UUIDs SAT was asked
  about more than once over both (must be 0: an answer is kept before the next call).

No budget beyond "never above the rate": the table says PASS when the min gap is ≥ 1/rate less 5 ms.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks._common import OWNER_RFC, parser, print_machine, print_table, verdict

NOW = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)
_UUID = re.compile(rb"id=([0-9A-Fa-f-]{36})")


def build(home: Path, sandbox: Any, clock: Any) -> tuple[Any, list[str]]:
    from keyring.backends import fail

    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService
    from desktop_app.demo import sandbox_factory

    moment = NOW.replace(tzinfo=None)
    folder = home.parent / "xml"
    folder.mkdir()
    uuids = []
    for direction in ("issued", "received"):
        for header in sandbox.world.find(
            rfc=OWNER_RFC, direction=direction, start=datetime(2026, 3, 1), end=datetime(2026, 5, 31, 23, 59), at=moment
        ):
            if "&" in header.issuer_rfc + header.receiver_rfc:
                continue
            (folder / f"{header.uuid}.xml").write_bytes(sandbox.world.xml(header))
            uuids.append(header.uuid)
    service = DescargaService(
        home, clock=clock, secrets=SecretStore(fail.Keyring()), sat_factory=sandbox_factory(sandbox.url, clock)
    )
    service.add_profile(OWNER_RFC)
    service.import_invoices(OWNER_RFC, [str(folder)])
    return service, uuids


def record(sandbox: Any) -> list[tuple[float, str]]:
    calls: list[tuple[float, str]] = []
    handle = sandbox.handle

    def recording(path: str, headers: Any, body: bytes) -> Any:
        if "IConsultaCFDIService/Consulta" in (headers.get("SOAPAction") or ""):
            found = _UUID.search(body)
            calls.append((time.monotonic(), found.group(1).decode().upper() if found else ""))
        return handle(path, headers, body)

    sandbox.handle = recording
    return calls


def measure(calls: list[tuple[float, str]]) -> tuple[float, float, int]:
    moments = [m for m, _ in calls]
    gaps = [b - a for a, b in itertools.pairwise(moments)]
    achieved = (len(moments) - 1) / (moments[-1] - moments[0]) if len(moments) > 1 else 0.0
    most = max(sum(1 for m in moments if s <= m < s + 1.0) for s in moments) if moments else 0
    return achieved, min(gaps) if gaps else 0.0, most


def main() -> None:
    cli = parser("Bulk status checks at SAT: rate kept, stop + resume (nothing is cached: --cache is unused).")
    cli.add_argument("--n", type=int, default=80, help="UUIDs per rate")
    cli.add_argument("--rates", default="2,5,0.5", help="calls per second to try (comma-separated)")
    args = cli.parse_args()
    from desktop_app.sandbox import SandboxClock, SandboxServer

    print_machine()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        clock = SandboxClock(NOW)
        sandbox = SandboxServer(clock=clock, invoices=20_000).start()
        try:
            service, uuids = build(Path(tmp) / "home", sandbox, clock)
            calls = record(sandbox)
            for index, rate in enumerate(float(r) for r in args.rates.split(",")):
                n = min(args.n if rate >= 1 else 12, len(uuids))  # (the slow rate: fewer, it takes 2 s each)
                chosen = uuids[:n]  # the same invoices again at each rate: SAT answers the same
                first = len(calls)
                cancel = threading.Event()
                started = time.perf_counter()
                resumed = ""
                if index == 0:  # stop halfway, then resume: nothing may be asked twice

                    def halfway(step: Any, n: int = n, cancel: threading.Event = cancel) -> None:
                        if step.done == n // 2:
                            cancel.set()

                    stopped = service.verify_invoices(
                        OWNER_RFC, uuids=chosen, rate=rate, cancel=cancel, on_progress=halfway
                    )
                    result = service.verify_invoices(OWNER_RFC, resume=True, rate=rate)
                    resumed = f"stopped at {stopped['checked']}, resumed"
                else:
                    result = service.verify_invoices(OWNER_RFC, uuids=chosen, rate=rate)
                seconds = time.perf_counter() - started
                run_calls = calls[first:]
                achieved, min_gap, most = measure(run_calls)
                twice = sum(1 for count in Counter(u for _, u in run_calls).values() if count > 1)
                rows.append(
                    [
                        f"{rate:g}/s",
                        n,
                        result["checked"],
                        f"{seconds:.1f}",
                        f"{achieved:.3f}/s",
                        f"{min_gap * 1000:.0f} ms (≥ {1000 / rate:.0f})",
                        most,
                        f"{twice} {resumed}".strip(),
                        verdict(min_gap >= 1 / rate - 0.005 and achieved <= rate),
                    ]
                )
            service.close()
        finally:
            sandbox.stop()
    print_table(
        "Bulk verification against the sandbox (sandbox-side arrival times)",
        ["rate", "UUIDs", "answered", "seconds", "achieved", "min gap", "most in 1 s", "asked twice", "rate kept"],
        rows,
    )


if __name__ == "__main__":
    main()
