"""Start-up: ``descarga-masiva --version`` and the time until the main window is on screen.

    python -m benchmarks.startup [--runs 10]

Both are fresh interpreters, as a user starts them (the console script is ``python -m desktop_app``'s
``main``; the same code path). *Main window*: from just before the interpreter is started to the first
event-loop turn after ``window.show()`` (offscreen Qt), with a data home that already has a profile (the
wizard is not shown) and its poller started, as ``app.main`` does. Budgets (DESIGN.md §8): ``--version``
< 0.3 s, main window < 1.5 s; the median of ``--runs`` is compared.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import REPO, parser, print_machine, print_table, verdict

WINDOW_CHILD = r"""
import sys, time
t0 = float(sys.argv[2])
from desktop_app.app import build_window, create_application, shut_down
from desktop_app.core.service import DescargaService
app = create_application(["bench"])
service = DescargaService(__import__("pathlib").Path(sys.argv[1]))
window = build_window(service)
window.show()
from PySide6.QtCore import QTimer
def shown():
    print(f"{time.time() - t0:.4f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
shut_down(window)  # as the app's main() does
service.close()
"""


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }


def version_once() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop_app", "--version"], check=True, capture_output=True, env=_env())
    return time.perf_counter() - start


def python_once() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True)
    return time.perf_counter() - start


def window_once(home: Path) -> float:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", WINDOW_CHILD, str(home), repr(t0)],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    return float(out.stdout.strip().splitlines()[-1])


def prepared_home() -> Path:
    """A data home with one profile (so the window opens on the browser, not on the wizard)."""
    from desktop_app.core.service import DescargaService

    home = Path(tempfile.mkdtemp(prefix="bench-start-"))
    service = DescargaService(home)
    service.add_profile("EKU9003173C9", "Escuela Kemper Urgate (benchmark)")
    service.close()
    return home


def run(runs: int = 10) -> dict[str, Any]:
    version_once()  # warm the OS file cache, as for a user who has run it before
    home = prepared_home()
    try:
        window_once(home)
        result = {
            "runs": runs,
            "python": [python_once() for _ in range(runs)],
            "version": [version_once() for _ in range(runs)],
            "window": [window_once(home) for _ in range(runs)],
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return result


def table(r: dict[str, Any]) -> str:
    def line(label: str, samples: list[float], budget: float | None) -> list[str]:
        med = statistics.median(samples)
        return [
            label,
            f"{med:.3f}",
            f"{min(samples):.3f}",
            f"{max(samples):.3f}",
            f"< {budget} s" if budget else "",
            verdict(med < budget) if budget else "",
        ]

    rows = [
        line("bare `python -c pass` (reference)", r["python"], None),
        line("**`descarga-masiva --version`**", r["version"], 0.3),
        line("**main window shown**", r["window"], 1.5),
    ]
    return print_table(
        f"Start-up, seconds over {r['runs']} runs", ["what", "median", "min", "max", "budget", "result"], rows
    )


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=10)
    args = p.parse_args(argv)
    print_machine()
    table(run(args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
