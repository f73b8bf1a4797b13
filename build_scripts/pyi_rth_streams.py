"""PyInstaller runtime hook: a windowed executable (Windows/macOS, no console) has no stdout/stderr.

PyInstaller leaves ``sys.stdout``/``sys.stderr`` as None there; the CLI's JSON document, logging and the OS
scheduler's ``sync`` runs (which start whichever executable installed them) write to them. Send them to the
null device instead of failing.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
