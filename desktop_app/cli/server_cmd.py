"""``server``: the office server (issue 19) — the seed's REST API for many RFCs, over this data home.

``server [--host H] [--port N] [--tls-cert F --tls-key F] …`` serves until SIGINT/SIGTERM and prints one JSON line
as soon as it listens — ``{"success": true, "data": {"url", "openapi", "home", "tls", "workers", "vault_key"}}``
(like ``sandbox serve``) — then logs to the home's log and stderr only.

``server keys create --rfc RFC… [--read-only] [--name N]`` prints the new key once, as ``data.key``;
``server keys list`` | ``server keys revoke ID``; ``server audit [--limit N] [--key ID]``; ``server check``
validates a deployment. Needs the ``server`` extra (``pip install descarga-masiva-sat[server]``) to serve; the
key, audit and check commands work without it.

``server --database postgresql://USER@HOST/DB …`` (or ``DESCARGA_MASIVA_DATABASE``) keeps the tables in PostgreSQL
(psycopg 3, the ``server`` extra) instead of ``<home>/descarga.sqlite3``; the vault, the logs and the vault key
stay in the home. The key, audit and check commands take it too (``server --database URL keys create …``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from desktop_app.cli.common import count, emit, open_service, seconds, success
from desktop_app.core.errors import AppError

# Tests build the service themselves: a callable ``(home, secrets) -> DescargaService`` (the secrets store is the
# server's sealed one, which the service must use); with ``--database`` it is also passed ``database=URL``.
SERVICE_FACTORY: Callable[..., Any] | None = None


def register(commands: Any) -> None:
    server = commands.add_parser(
        "server", help="the office server: the seed's REST API for many RFCs (needs the [server] extra)"
    )
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer)")
    server.add_argument("--port", type=_port, default=8000, help="TCP port (default 8000; 0: a free one)")
    _tls_options(server)
    server.add_argument("--workers", type=_workers, default=4, help="RFCs that may sync at once (default 4)")
    server.add_argument(
        "--database",
        metavar="URL",
        help="keep the tables in PostgreSQL (postgresql://user@host:5432/db; or $DESCARGA_MASIVA_DATABASE) "
        "instead of the home's SQLite file; before a sub-command too (server --database URL keys create …)",
    )
    _vault_option(server)
    server.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="trust X-Forwarded-For/-Proto from these addresses (a reverse proxy; comma-separated, or *)",
    )
    server.add_argument(
        "--max-failed-auth", type=_positive, default=10, help="failed authentications per address (default 10) …"
    )
    server.add_argument(
        "--failed-auth-window", type=seconds, default=60.0, help="… within this many seconds (default 60)"
    )
    server.set_defaults(handler=_serve)
    sub = server.add_subparsers(dest="server_command", metavar="ACTION", parser_class=type(server))

    keys = sub.add_parser("keys", help="API keys: create, list, revoke")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True, parser_class=type(server))
    create = keys_sub.add_parser("create", help="a new key for these RFCs (printed once, as data.key)")
    create.add_argument(
        "--rfc",
        dest="key_rfcs",
        action="append",
        required=True,
        metavar="RFC",
        help="an RFC the key may see (repeatable, or comma-separated); each must be a profile of the home",
    )
    create.add_argument("--read-only", action="store_true", help="the key may only read")
    create.add_argument("--name", default="", help="who or what uses it (shown by keys list)")
    create.set_defaults(handler=_keys_create)
    keys_sub.add_parser("list", help="every key: id, name, RFCs, read-only, created, revoked").set_defaults(
        handler=_keys_list
    )
    revoke = keys_sub.add_parser("revoke", help="revoke a key (by the id keys list shows)")
    revoke.add_argument("key_id")
    revoke.set_defaults(handler=_keys_revoke)

    audit = sub.add_parser("audit", help="the newest entries of the audit log")
    audit.add_argument("--limit", type=count, default=100)
    audit.add_argument("--key", dest="audit_key", help="only this key's requests (its id)")
    audit.set_defaults(handler=_audit)

    check = sub.add_parser("check", help="validate a deployment: home, database, vault key, TLS, keys, SAT")
    _tls_options(check)
    _vault_option(check)
    check.add_argument("--timeout", type=seconds, default=10.0, help="seconds per SAT endpoint (default 10)")
    check.set_defaults(handler=_check)


def _tls_options(parser: Any) -> None:
    parser.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate (PEM, full chain)")
    parser.add_argument("--tls-key", metavar="FILE", help="… and this private key (PEM)")


def _vault_option(parser: Any) -> None:
    parser.add_argument(
        "--vault-key",
        metavar="FILE",
        help="the key that seals the FIEL passwords (default <home>/server/vault.key; made 0600 when missing)",
    )


def _port(value: str) -> int:
    from desktop_app.cli.sandbox_cmd import _port as port

    return port(value)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _workers(value: str) -> int:
    number = _positive(value)
    if number > 64:
        raise argparse.ArgumentTypeError("at most 64")
    return number


def _home(args: argparse.Namespace) -> Path:
    from desktop_app.core.paths import resolve_home

    return resolve_home(args.home).absolute()


def _vault_key_path(args: argparse.Namespace) -> Path:
    from desktop_app.core.sealed_secrets import default_vault_key_path

    return Path(args.vault_key).absolute() if args.vault_key else default_vault_key_path(_home(args))


def _database(args: argparse.Namespace) -> str | None:
    """The PostgreSQL URL of ``--database`` (or ``$DESCARGA_MASIVA_DATABASE``); None: the home's SQLite file."""
    from desktop_app.cli.common import database_url

    return database_url(getattr(args, "database", None))


def _open_service(args: argparse.Namespace) -> Any:
    """``common.open_service``, on ``--database`` when given (the key, audit and check commands)."""
    database = _database(args)
    if database is None:
        return open_service(args)
    from desktop_app.cli import common

    if common.SERVICE_FACTORY is not None:
        return common.SERVICE_FACTORY(args.home, database=database)
    from desktop_app.core.service import DescargaService

    return DescargaService(_home(args), database=database)


def _server_service(args: argparse.Namespace) -> Any:
    """The home's service with the server's sealed password store (made with its vault key)."""
    from desktop_app.core.sealed_secrets import SealedSecretStore, load_vault_key

    database = _database(args)
    secrets = SealedSecretStore(load_vault_key(_vault_key_path(args)))
    if SERVICE_FACTORY is not None:
        service = SERVICE_FACTORY(args.home, secrets, **({"database": database} if database else {}))
    else:
        from desktop_app.core.service import DescargaService

        service = DescargaService(_home(args), secrets=secrets, database=database)
    secrets.attach(service.db)
    return service


def _serve(args: argparse.Namespace) -> None:
    try:
        from desktop_app.server.run import ServeOptions, check_tls, serve
    except ImportError as exc:
        raise AppError(
            "server_not_installed",
            "The office server needs its extra packages: pip install 'descarga-masiva-sat[server]' "
            f"({exc.name or exc} is missing). The desktop installer does not include it.",
        ) from None
    if args.profile_rfc:
        raise AppError("usage_error", "server serves every RFC of the home; it takes no --rfc (keys choose RFCs).")
    options = ServeOptions(
        host=args.host,
        port=args.port,
        tls_cert=Path(args.tls_cert) if args.tls_cert else None,
        tls_key=Path(args.tls_key) if args.tls_key else None,
        workers=args.workers,
        max_failed=args.max_failed_auth,
        failed_window=args.failed_auth_window,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    check_tls(options.tls_cert, options.tls_key)  # before anything is made in the home
    service = _server_service(args)
    try:

        def listening(url: str) -> None:
            emit(
                success(
                    {
                        "url": url,
                        "openapi": f"{url}/openapi.json",
                        "home": str(service.home),
                        "tls": options.tls_cert is not None,
                        "workers": options.workers,
                        "vault_key": str(_vault_key_path(args)),
                        "database": _database_label(service),
                    }
                )
            )

        serve(service, options, listening)
    finally:
        service.close()
    return None


def _database_label(service: Any) -> str:
    """Where the tables are: ``postgresql://user:***@host/db`` or ``sqlite`` (never a password)."""
    from desktop_app.core.store import pg

    database = getattr(service, "database", None)
    return pg.redact(database) if database else "sqlite"


# -- keys and the audit log ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _keys(args: argparse.Namespace) -> Iterator[Any]:
    """The home's API keys, its service closed after (a PostgreSQL connection is not left to the collector)."""
    from desktop_app.core.apikeys import ApiKeys

    service = _open_service(args)
    try:
        yield ApiKeys(service.db, service.clock)
    finally:
        service.close()


def _keys_create(args: argparse.Namespace) -> dict[str, Any]:
    rfcs = [rfc.strip() for value in args.key_rfcs for rfc in value.split(",") if rfc.strip()]
    if args.profile_rfc:  # `--rfc` before the command is the global option: count it too
        rfcs.insert(0, args.profile_rfc)
    with _keys(args) as keys:
        created: dict[str, Any] = keys.create(rfcs, read_only=args.read_only, name=args.name)
        return created


def _keys_list(args: argparse.Namespace) -> dict[str, Any]:
    with _keys(args) as keys:
        return {"keys": keys.list()}


def _keys_revoke(args: argparse.Namespace) -> dict[str, Any]:
    with _keys(args) as keys:
        revoked: dict[str, Any] = keys.revoke(args.key_id)
        return revoked


def _audit(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.audit import AuditTrail

    service = _open_service(args)
    try:
        entries = AuditTrail(service.db).recent(args.limit, key_id=args.audit_key)
    finally:
        service.close()
    return {"entries": entries, "count": len(entries)}


# -- server check ----------------------------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> dict[str, Any]:
    """Each check is ``{check, ok, …}``; any failure makes the command fail (exit 1) with every check listed."""
    checks: list[dict[str, Any]] = []

    def run(name: str, step: Callable[[], dict[str, Any]]) -> bool:
        try:
            checks.append({"check": name, "ok": True, **step()})
        except AppError as exc:
            checks.append({"check": name, "ok": False, "error": exc.to_json()})
            return False
        except OSError as exc:
            error = {"code": "os_error", "message": f"{type(exc).__name__}: {exc}"}
            checks.append({"check": name, "ok": False, "error": error})
            return False
        return True

    home = _home(args)
    state: dict[str, Any] = {}
    if run("home", lambda: _check_home(home)):
        run("database", lambda: _check_database(args, state))
    if "service" in state:
        run("vault_key", lambda: _check_vault(args, state["service"]))
        run("keys", lambda: _check_keys(state["service"]))
        run("profiles", lambda: _check_profiles(state["service"]))
    run("tls", lambda: _check_tls(args))
    run("server_packages", lambda: _check_packages(postgresql=_database(args) is not None))
    run("sat", lambda: _check_sat(args))
    if "service" in state:
        state["service"].close()
    failed = [c["check"] for c in checks if not c["ok"]]
    if failed:
        raise AppError(
            "server_check_failed", f"{len(failed)} check(s) failed: {', '.join(failed)}.", failed=failed, checks=checks
        )
    return {"home": str(home), "checks": checks}


def _check_home(home: Path) -> dict[str, Any]:
    from desktop_app.core.store.db import not_writable_error
    from desktop_app.core.store.vault import private_dirs

    private_dirs(home)
    try:
        with tempfile.NamedTemporaryFile(dir=home, prefix=".server-check.", delete=True) as fh:
            fh.write(b"ok")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        raise not_writable_error(home) from None
    return {"path": str(home)}


def _check_database(args: argparse.Namespace, state: dict[str, Any]) -> dict[str, Any]:
    from desktop_app.core.store import db, pg, schema, schema_pg

    service = _open_service(args)  # opening migrates
    state["service"] = service
    if getattr(service, "database", None):
        version = pg.schema_version(service.db.get())
        if version != len(schema_pg.MIGRATIONS):
            raise AppError(
                "database_not_migrated", f"The database is at schema {version}, not {len(schema_pg.MIGRATIONS)}."
            )
        return {"database": _database_label(service), "schema_version": version}
    version, problems = db.integrity(service.home / db.DB_NAME, quick=True)
    if problems:
        raise db.damaged_error(service.home / db.DB_NAME, "; ".join(problems[:3]))
    if version != schema.SCHEMA_VERSION:
        raise AppError("database_not_migrated", f"The database is at schema {version}, not {schema.SCHEMA_VERSION}.")
    return {"path": str(service.home / db.DB_NAME), "schema_version": version}


def _check_vault(args: argparse.Namespace, service: Any) -> dict[str, Any]:
    from desktop_app.core.sealed_secrets import SealedSecretStore, load_vault_key
    from desktop_app.core.store.server_keys import SealedSecretRepository

    path = _vault_key_path(args)
    sealed = SealedSecretRepository(service.db).names()
    if not path.exists() and not sealed:
        return {"path": str(path), "exists": False, "note": "made (0600) when the server first starts"}
    store = SealedSecretStore(load_vault_key(path, create=False), service.db)
    rfcs = [name.split(":", 1)[1] for name in sealed if name.startswith("fiel_password:")]
    for rfc in rfcs:
        store.get_password(rfc)  # vault_key_mismatch when this key does not open it
    return {"path": str(path), "exists": True, "passwords_opened": len(rfcs)}


def _check_keys(service: Any) -> dict[str, Any]:
    from desktop_app.core.apikeys import ApiKeys

    active = ApiKeys(service.db, service.clock).active_count()
    if not active:
        raise AppError(
            "no_api_keys", "No API key is active: nobody can call the server. Create one with `server keys create`."
        )
    return {"active_keys": active}


def _check_profiles(service: Any) -> dict[str, Any]:
    profiles = service.profiles.list()
    return {
        "profiles": len(profiles),
        "ready": [p.rfc for p in profiles if p.activated and p.has_fiel],
        "not_ready": [p.rfc for p in profiles if not (p.activated and p.has_fiel)],
    }


def _check_tls(args: argparse.Namespace) -> dict[str, Any]:
    if not (args.tls_cert or args.tls_key):
        return {
            "configured": False,
            "note": "plain HTTP: keep the default 127.0.0.1, or put a TLS reverse proxy in front (docs/server.md)",
        }
    try:
        from desktop_app.server.run import check_tls
    except ImportError:
        raise AppError("server_not_installed", "pip install 'descarga-masiva-sat[server]'") from None
    check_tls(Path(args.tls_cert) if args.tls_cert else None, Path(args.tls_key) if args.tls_key else None)
    return {"configured": True, "cert": args.tls_cert, "key": args.tls_key}


def _check_packages(*, postgresql: bool = False) -> dict[str, Any]:
    import importlib.metadata

    versions = {}
    for name in ("starlette", "uvicorn", "python-multipart", *(("psycopg",) if postgresql else ())):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            raise AppError(
                "server_not_installed",
                f"{name} is not installed: pip install 'descarga-masiva-sat[server]'.",
                package=name,
            ) from None
    return {"versions": versions}


def _check_sat(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.clock import SystemClock
    from desktop_app.core.diagnostics import probe_endpoints

    entries, _skews = probe_endpoints(SystemClock(), timeout=args.timeout)
    unreachable = [e for e in entries if not e["reachable"]]
    if unreachable:
        raise AppError(
            "sat_unreachable",
            f"{len(unreachable)} of {len(entries)} SAT endpoint(s) cannot be reached from this server "
            "(firewall, proxy or DNS): " + "; ".join(f"{e['url']}: {e['error']}" for e in unreachable[:3]),
            endpoints=entries,
        )
    return {"endpoints": entries}
