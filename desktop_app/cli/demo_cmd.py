"""``demo``: the whole app against the built-in SAT sandbox with SAT's public test FIEL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import log


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="see the whole flow on the built-in SAT sandbox (nothing real)")
    demo.add_argument("--headless", action="store_true", help="run the flow without a window and print it")
    demo.add_argument("--keep", metavar="DIR", help="keep the demo's data in DIR instead of a temporary folder")
    demo.add_argument("--invoices", type=int, default=50_000, help="size of the sandbox's synthetic world")
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> dict[str, Any] | None:
    from desktop_app.demo import run_headless, start_demo

    home = Path(args.keep) if args.keep else None
    if home is not None:
        from desktop_app.core.store.vault import private_dirs

        private_dirs(home)  # 0700, as every data home
    if not args.headless and not _window_possible(args):
        args.headless = True
    if not args.headless:
        from desktop_app.app import demo

        code = demo(keep=home, invoices=args.invoices)
        if code:
            raise SystemExit(code)
        return None
    env = start_demo(home, invoices=args.invoices)
    try:
        from desktop_app.gui.display import saved_language

        return run_headless(env, log=log, lang=saved_language())
    finally:
        env.close()


def _window_possible(args: argparse.Namespace) -> bool:
    """Whether the demo's window can open here; if not, why, and that it runs without one (as ``tasks.py demo``
    does on a machine with no display) instead of Qt aborting."""
    from desktop_app.gui.display import explain, prepare_window, saved_language

    check = prepare_window()
    if check.ok:
        return True
    language = saved_language()
    then = (
        " The demo runs without a window (--headless)."
        if language == "en"
        else " El demo corre sin ventana (--headless)."
    )
    print(explain(check, language) + then, file=sys.stderr, flush=True)
    return False
