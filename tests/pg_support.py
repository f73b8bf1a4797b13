"""A real PostgreSQL server for the tests: started once per test session, in a temporary folder, on a free
loopback port, trust authentication on loopback only; stopped (and its folder removed) at the end.

Which server:

* ``DESCARGA_TEST_POSTGRES=postgresql://…``: that server (a developer's own; the tests create and drop
  databases named ``descarga_test_*`` on it);
* otherwise the PostgreSQL server binaries of this machine (``initdb``/``pg_ctl`` on PATH, or the newest
  ``/usr/lib/postgresql/<N>/bin``, ``/usr/pgsql-<N>/bin``, Homebrew's): a throw-away cluster. PostgreSQL refuses
  to run as root; under root the cluster is created and run as the unprivileged ``postgres`` user (the Debian
  package's) through ``runuser``, or ``nobody`` through ``setpriv``.

When none can be started the PostgreSQL tests are skipped with the reason, unless ``DESCARGA_TEST_POSTGRES`` is
``required`` (``tasks.py test`` sets it): then they fail, so CI never passes with PostgreSQL silently skipped.

Each test gets a database with the whole schema and no rows: ``CREATE DATABASE … TEMPLATE`` a database migrated
once per session, or one that an earlier test released, emptied (``Databases``).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ENV = "DESCARGA_TEST_POSTGRES"
TEMPLATE = "descarga_test_template"
_counter = itertools.count(1)
_counter_lock = threading.Lock()


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started or reached (the message says why)."""


def required() -> bool:
    return os.environ.get(ENV, "").strip().lower() in {"required", "1", "yes", "true"}


_EXE = ".exe" if os.name == "nt" else ""


def _has_server(folder: Path) -> bool:
    return (folder / f"initdb{_EXE}").exists() and (folder / f"pg_ctl{_EXE}").exists()


def server_bin_dir() -> Path | None:
    """The folder of this machine's PostgreSQL server binaries (``initdb``, ``pg_ctl``): on PATH, in ``$PGBIN``
    (GitHub's Windows runners), or the newest of the usual places (Debian/Ubuntu, RHEL, Homebrew, EDB's
    installers)."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    if os.environ.get("PGBIN") and _has_server(Path(os.environ["PGBIN"])):
        return Path(os.environ["PGBIN"])
    patterns = (
        "/usr/lib/postgresql/*/bin",
        "/usr/pgsql-*/bin",
        "/opt/homebrew/opt/postgresql*/bin",
        "/usr/local/opt/postgresql*/bin",
        "/Library/PostgreSQL/*/bin",
        "C:/Program Files/PostgreSQL/*/bin",
    )
    candidates = [Path(p) for pattern in patterns for p in glob.glob(pattern)]
    candidates = [c for c in candidates if _has_server(c)]

    def version(path: Path) -> tuple[int, ...]:
        digits = "".join(ch if ch.isdigit() else " " for ch in str(path)).split()
        return tuple(int(d) for d in digits)

    return max(candidates, key=version) if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user_prefix() -> tuple[list[str], str | None]:
    """(command prefix, user name) to run the server as an unprivileged user when we are root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return [], None
    import pwd  # POSIX only, as is running as root

    for user in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return ["runuser", "-u", user, "--"], user
        if shutil.which("setpriv"):
            return [
                "setpriv",
                f"--reuid={entry.pw_uid}",
                f"--regid={entry.pw_gid}",
                "--clear-groups",
                "--",
            ], user
    raise PostgresUnavailable("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")


@dataclass
class Cluster:
    """A PostgreSQL server the tests may create databases on: its admin URL, and how to stop it."""

    admin_url: str
    folder: Path | None = None
    pg_ctl: list[str] | None = None

    def url(self, database: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{database}"

    def stop(self) -> None:
        if self.pg_ctl is not None and self.folder is not None:
            subprocess.run([*self.pg_ctl, "stop", "-m", "immediate", "-w"], capture_output=True, check=False)
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """A throw-away PostgreSQL cluster on a free loopback port (or the server ``DESCARGA_TEST_POSTGRES`` names)."""
    configured = os.environ.get(ENV, "").strip()
    if configured.startswith(("postgresql://", "postgres://")):
        return Cluster(admin_url=configured)
    bindir = server_bin_dir()
    if bindir is None:
        raise PostgresUnavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) on this machine: install PostgreSQL "
            "(apt-get install postgresql), or set DESCARGA_TEST_POSTGRES=postgresql://… to a server"
        )
    prefix, user = _as_user_prefix()
    folder = Path(tempfile.mkdtemp(prefix="descarga-pg-"))
    data = folder / "data"
    if user is not None:
        import pwd

        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        folder.chmod(0o700)
    port = _free_port()
    initdb = [
        *prefix,
        str(bindir / f"initdb{_EXE}"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
    ]
    done = subprocess.run(initdb, capture_output=True, text=True, check=False, cwd=folder)
    if done.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    # Loopback and our own socket folder only; durability off (a test database is thrown away).
    sockets = "''" if os.name == "nt" else str(folder)  # TCP on loopback only on Windows
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    pg_ctl = [*prefix, str(bindir / f"pg_ctl{_EXE}"), "-D", str(data)]
    started = subprocess.run(
        [*pg_ctl, "start", "-w", "-t", "60", "-l", str(folder / "server.log"), "-o", options],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    if started.returncode:
        log = ""
        with contextlib.suppress(OSError):
            log = (folder / "server.log").read_text(errors="replace")[-2000:]
        shutil.rmtree(folder, ignore_errors=True)
        raise PostgresUnavailable(f"pg_ctl start failed: {started.stderr.strip()} {log}".strip())
    return Cluster(admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres", folder=folder, pg_ctl=pg_ctl)


class Databases:
    """Fresh databases on a cluster: a migrated template made once; a test's database is a copy of it, or one
    an earlier test released, emptied (deleting the rows of a few tables takes milliseconds, a new copy ~0.4 s)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._prefix = f"descarga_test_{os.getpid()}_"
        self.template = f"{TEMPLATE}_{os.getpid()}"
        self._free: list[str] = []
        self._made: list[str] = []
        self._lock = threading.Lock()
        self._admin(f"DROP DATABASE IF EXISTS {self.template}")
        self._admin(f"CREATE DATABASE {self.template}")
        from desktop_app.core.store import pg

        pg.connect(self.cluster.url(self.template)).close()  # migrates
        self._empty_sql = self._emptying_sql()

    def _admin(self, sql: str, url: str | None = None) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(url or self.cluster.admin_url, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def _emptying_sql(self) -> str:
        """Every row out of every table (triggers and foreign keys off meanwhile), identities back to 1."""
        url = self.cluster.url(self.template)
        tables = self._admin(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'", url
        )
        identities = self._admin(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND is_identity = 'YES'",
            url,
        )
        return " ".join(
            [
                "SET session_replication_role = replica;",
                *(f"DELETE FROM {table};" for (table,) in tables),  # noqa: S608 - the catalog's names
                *(f"ALTER TABLE {table} ALTER COLUMN {column} RESTART;" for table, column in identities),
                "SET session_replication_role = DEFAULT;",
            ]
        )

    def _name(self) -> str:
        with _counter_lock:
            return f"{self._prefix}{next(_counter)}"

    def create(self) -> str:
        """A migrated database with no rows (a copy of the template, or a released one emptied); its URL."""
        with self._lock:
            name = self._free.pop() if self._free else None
        if name is None:
            name = self._name()
            self._admin(f"CREATE DATABASE {name} TEMPLATE {self.template}")
            with self._lock:
                self._made.append(name)
        else:
            self._admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")  # noqa: S608
            self._admin(self._empty_sql, self.cluster.url(name))
        return self.cluster.url(name)

    def release(self, url: str) -> None:
        """A database from :meth:`create` that its test is done with (emptied when handed out again)."""
        with self._lock:
            self._free.append(url.rpartition("/")[2])

    def create_empty(self) -> str:
        """A new database with no schema at all (migrations from scratch); its URL (:meth:`drop` it)."""
        name = self._name()
        self._admin(f"CREATE DATABASE {name}")
        return self.cluster.url(name)

    def drop(self, url: str) -> None:
        name = url.rpartition("/")[2]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        with self._lock:
            self._free = [n for n in self._free if n != name]

    def close(self) -> None:
        for name in [*self._made, self.template]:
            with contextlib.suppress(Exception):
                self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def session_databases() -> Iterator[Databases]:
    """The session's :class:`Databases` (raises :class:`PostgresUnavailable` with the reason)."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PostgresUnavailable("psycopg is not installed (pip install -e .[dev])") from exc
    cluster = start_cluster()
    try:
        databases = Databases(cluster)
    except BaseException:
        cluster.stop()
        raise
    try:
        yield databases
    finally:
        databases.close()
        cluster.stop()
