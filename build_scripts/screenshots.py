#!/usr/bin/env python3
"""Screenshots of every page of the window, as a user sees it, at 1440×900, 1024×700 and 800×600.

    python build_scripts/screenshots.py [--out docs/screenshots] [--invoices 50000] [--lang es|en]

Runs the demo (the built-in SAT sandbox, SAT's test e.firma, a throw-away data home) headless to fill the index,
then renders the real main window offscreen — no display needed — and saves ``<width>x<height>/<page>.png`` and
the wizard's first pages as ``wizard-N.png``; the reports page shows the demo month's IVA. The README shows the
1024×700 set. Every render waits for the page's own data (the invoice list and totals, the summary's figures, the
report, the wizard's next page), never for a fixed time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1440, 900), (1024, 700), (800, 600))
PAGES = ("summary", "history", "invoices", "reports", "schedule", "settings")


def _wait(app, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not finish loading")
        app.processEvents()


def _wizard(app, env, out: Path) -> list[Path]:
    """The wizard's first three pages, filled in as the demo fills them; cancelled, so it stores nothing."""
    from desktop_app.app import build_window
    from desktop_app.demo import wizard_prefill

    window = build_window(env.service, demo=env, demo_prefill=wizard_prefill(), poll_interval_ms=600_000)
    window.resize(1024, 700)
    window.show()
    wizard = window.open_wizard()
    saved = []
    try:
        for number in range(1, 4):
            page = wizard.currentPage()
            _wait(app, lambda p=page: not getattr(p, "busy", False))  # its own checks (RFC, SAT status) done
            target = out / f"wizard-{number}.png"
            wizard.grab().save(str(target))
            saved.append(target)
            if number == 3:
                break
            current = wizard.currentId()
            if hasattr(page, "consent_check"):  # the activation page: give consent, as the user would
                page.consent_check.setChecked(True)
                page.activate_button.click()
            wizard.next()
            _wait(app, lambda c=current: wizard.currentId() != c)
        wizard.reject()
    finally:
        window.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--invoices", type=int, default=50_000, help="the sandbox world's size (the demo's)")
    parser.add_argument("--lang", choices=("es", "en"), default="es")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings

    from desktop_app.app import build_window, create_application
    from desktop_app.demo import run_headless, start_demo, wizard_prefill
    from desktop_app.gui.main_window import show_page

    app = create_application(["screenshots"], language=args.lang)
    env = start_demo(invoices=args.invoices, ready_after=0.0)
    args.out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    try:
        saved += _wizard(app, env, args.out)  # first, on the empty data home a new user starts from
        month = run_headless(env, log=lambda line: print(line, file=sys.stderr))["period"]["start"][:7]
        env.service.set_schedule("EKU9003173C9", enabled=True, time="06:30")
        settings = QSettings(str(env.home / "screenshots.ini"), QSettings.Format.IniFormat)  # not the user's
        window = build_window(
            env.service, demo=env, demo_prefill=wizard_prefill(), poll_interval_ms=600_000, settings=settings
        )
        window.show()
        for width, height in SIZES:
            window.resize(width, height)
            for key in PAGES:
                page = show_page(window, key)
                if key == "invoices":
                    _wait(app, lambda p=page: p.model.rowCount() > 0 and bool(p.totals_bar.values))
                    page.select_row(0)
                    _wait(app, lambda p=page: p.current_row is not None)
                elif key == "summary":
                    _wait(app, lambda p=page: p.data is not None)
                elif key == "reports":  # the demo month's IVA, as an accountant opens it for the return
                    if page.tabs.count() == 0:
                        page.set_kind("iva")
                        page.set_period(month)
                        page.generate()
                    _wait(app, lambda p=page: p.tabs.count() > 0)
                app.processEvents()
                target = args.out / f"{width}x{height}" / f"{key}.png"
                target.parent.mkdir(exist_ok=True)
                if not window.grab().save(str(target)):
                    raise OSError(f"could not write {target}")
                saved.append(target)
        window.close()
    finally:
        env.close()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
