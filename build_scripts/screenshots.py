#!/usr/bin/env python3
"""Screenshots of every page for docs/ and the README, rendered offscreen from the real demo.

    python build_scripts/screenshots.py [OUTPUT_DIR]

Starts the built-in SAT sandbox with SAT's test FIEL, runs the headless demo flow (so there are requests and
invoices to show), then grabs the window on each page, the wizard's pages and the new-request dialog.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QTableView

    from desktop_app.app import build_window, create_application
    from desktop_app.demo import run_headless, start_demo
    from desktop_app.gui.main_window import show_page

    out.mkdir(parents=True, exist_ok=True)
    app = create_application(["screenshots"], language=os.environ.get("SCREENSHOT_LANGUAGE", "es"))
    app.setQuitOnLastWindowClosed(False)
    env = start_demo(Path(tempfile.mkdtemp(prefix="dm-shots-")), ready_after=0, invoices=50_000)

    def settle(ms: int = 600) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    try:
        run_headless(env, log=lambda _m: None)
        env.service.set_schedule("EKU9003173C9", enabled=True, time="06:30")
        window = build_window(env.service, demo=env, poll_interval_ms=60_000)
        window.resize(1280, 800)
        window.show()
        settle(1500)
        for key in ("summary", "history", "invoices", "schedule", "settings"):
            page = show_page(window, key)
            if key in ("history", "invoices"):
                settle(1200)
                view = page.findChild(QTableView, f"{key}Table")
                if view is not None and view.model().rowCount():
                    view.selectRow(0)
            settle(900)
            window.grab().save(str(out / f"{key}.png"))
        wizard = window.open_wizard()
        settle(300)
        for index in range(3):
            wizard.grab().save(str(out / f"wizard-{index + 1}.png"))
            wizard.next()
            settle(500)
        wizard.reject()
        window.close()
    finally:
        env.close()
    print("\n".join(sorted(str(p.relative_to(ROOT)) for p in out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
