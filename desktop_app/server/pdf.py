"""The printed CFDI (``core/printed.py``'s HTML + QR) as a PDF, made by a child process.

The layout is Qt's (``gui/invoices/printing.py``, the same page as the window's and ``invoice --pdf``), and Qt
wants its application on a process's main thread — which in the server is uvicorn's event loop. So each PDF is
made by ``python -m desktop_app.server.pdf`` (XML on stdin, PDF on stdout): the server process never imports
Qt, a crash in Qt cannot take it down, and at most ``concurrency`` children run at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from desktop_app.core.errors import AppError

TIMEOUT = 120.0


class PdfRenderer:
    def __init__(self, *, concurrency: int = 2, timeout: float = TIMEOUT) -> None:
        self._slots = threading.BoundedSemaphore(concurrency)
        self.timeout = timeout

    def render(self, xml: bytes, *, status: str | None, lang: str, cancelled_at: str | None = None) -> bytes:
        """The PDF of the CFDI ``xml`` (``status`` stamps a cancelled one as such, with ``cancelled_at`` when the
        index knows it; ``lang`` es|en)."""
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        with self._slots:
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "desktop_app.server.pdf", status or "", lang, cancelled_at or ""],
                    input=xml,
                    capture_output=True,
                    timeout=self.timeout,
                    env=env,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise AppError("pdf_failed", f"The PDF was not made within {self.timeout:.0f} s.") from None
        if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise AppError("pdf_failed", f"The PDF could not be made: {tail[0][:300]}")
        return done.stdout


def main() -> int:
    """The child: the XML on stdin, ``status`` and ``lang`` as arguments, the PDF on stdout."""
    from desktop_app.core.printed import render
    from desktop_app.gui.invoices.printing import ensure_application, save_printed_pdf

    status, lang = sys.argv[1] or None, sys.argv[2]
    cancelled_at = (sys.argv[3] if len(sys.argv) > 3 else "") or None
    xml = sys.stdin.buffer.read()
    printed = render(xml, status=status, lang=lang, cancelled_at=cancelled_at)
    ensure_application()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "cfdi.pdf"
        save_printed_pdf(printed, target)
        sys.stdout.buffer.write(target.read_bytes())
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
