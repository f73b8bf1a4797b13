"""``descarga-masiva sandbox serve``: run the SAT simulator on 127.0.0.1 until SIGINT/SIGTERM.

Prints one JSON line as soon as it listens —
``{"success": true, "data": {"url", "ret_url", "consulta_url", "seed", "invoices"}}`` — then logs to stderr only.
Fault specs (``--fault``, repeatable): ``OP:KIND[:times=N][:p=P][:seconds=S]``, e.g. ``download:http500:times=2``;
see :mod:`desktop_app.sandbox.faults` for the kinds.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from desktop_app.cli.common import emit, success
from desktop_app.core.errors import AppError


def register(commands: Any) -> None:
    sandbox = commands.add_parser("sandbox", help="the SAT simulator (for demos and tests)")
    sub = sandbox.add_subparsers(dest="sandbox_command", metavar="SUBCOMMAND", parser_class=type(sandbox))
    sub.required = True
    serve = sub.add_parser("serve", help="serve SAT's Descarga Masiva SOAP on 127.0.0.1")
    serve.add_argument("--port", type=_port, default=0, help="TCP port (default 0: a free one)")
    serve.add_argument("--seed", type=int, default=1, help="seed of the synthetic world (default 1)")
    serve.add_argument("--invoices", type=int, default=50_000, help="documents in the world (default 50000)")
    serve.add_argument(
        "--ready-after", type=float, default=3.0, help="seconds per request state step 1→2→3 (default 3; 0 = at once)"
    )
    serve.add_argument("--package-size", type=int, default=1000, help="documents per package (default 1000)")
    serve.add_argument(
        "--max-results",
        type=int,
        default=None,
        help="per-request limit for CFDI and metadata alike (default SAT's 200000 / 1000000)",
    )
    serve.add_argument(
        "--stuck",
        nargs="?",
        const="all",
        default=None,
        metavar="SELECTORS",
        help="keep requests in state 1 (Aceptada): all of them, or those matching every comma-separated "
        "selector (cfdi, metadata, emitidos, recibidos, folio, ret, or an RFC)",
    )
    serve.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        type=_fault_spec,
        help="inject a fault: OP:KIND[:times=N][:p=P][:seconds=S] (repeatable)",
    )
    serve.add_argument("--state", default=None, metavar="FILE", help="persist requests and counts in FILE (JSON)")
    serve.add_argument("--verbose", action="store_true", help="log every HTTP request to stderr")
    serve.set_defaults(handler=_serve)


def _fault_spec(value: str) -> str:
    from desktop_app.sandbox.faults import FaultSpecError, parse_fault_spec

    try:
        parse_fault_spec(value)
    except FaultSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("the port must be between 0 and 65535")
    return port


def _serve(args: argparse.Namespace) -> None:
    from desktop_app.sandbox import SandboxConfig, SandboxServer
    from desktop_app.sandbox.config import stuck_predicate
    from desktop_app.sandbox.faults import parse_fault_spec

    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    faults = [parse_fault_spec(spec) for spec in args.fault]
    if args.package_size < 1:
        raise AppError("usage_error", "--package-size must be at least 1")
    config = SandboxConfig(
        seed=args.seed,
        invoices=args.invoices,
        port=args.port,
        ready_after=max(0.0, args.ready_after),
        package_size=args.package_size,
        stuck=False if args.stuck is None else (True if args.stuck == "all" else stuck_predicate(args.stuck)),
        faults=faults,
        state_file=args.state,
    )
    if args.max_results is not None:
        config.max_cfdi_results = config.max_metadata_results = args.max_results
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server = SandboxServer(config)
    except ValueError as exc:
        raise AppError("invalid_state_file", str(exc)) from None
    try:
        try:
            server.start()
        except OSError as exc:
            raise AppError("sandbox_unavailable", f"Cannot listen on 127.0.0.1:{args.port}: {exc}") from None
        emit(
            success(
                {
                    "url": server.url,
                    "ret_url": server.ret_url,
                    "consulta_url": server.consulta_url,
                    "seed": config.seed,
                    "invoices": config.invoices,
                }
            )
        )
        while not stop.wait(0.5):
            pass
        logging.getLogger("desktop_app.sandbox").info("stopping")
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return None
