"""PostgreSQL (psycopg 3) behind the repositories' connection API, for the office server (issue 19).

The repositories were written against ``sqlite3``: ``conn.execute(sql, params)`` with ``?`` placeholders, rows
read by name or position (``sqlite3.Row``), ``cursor.lastrowid``, ``db.transaction(conn)`` issuing ``BEGIN
IMMEDIATE``/``COMMIT``/``ROLLBACK``. :class:`PgConnection` offers exactly that over one psycopg connection, so
the SQL that is portable (most of it: ``ON CONFLICT`` upserts, ``coalesce``, ``lower``, ``substr``, ``||``) runs
unchanged; the few statements that differ are written per dialect in each repository (``dialect.of(conn)``).

What the wrapper does, and nothing more:

* SQL rewritten by :func:`translate`: placeholders, ``INSERT OR IGNORE/REPLACE``, plan hints, SQLite's casts;
* parameters bound on the client (``psycopg.ClientCursor``): ``? IS NULL`` with ``None`` works as on SQLite,
  where a server-side bound parameter would have no type; ``bool`` is sent as 0/1 (the schema's flags);
* rows (:class:`Row`) indexable by position and by name, iterable, ``dict(row)`` works; columns named ``_…``
  (the schema's own, e.g. ``requests._seq``) are left out, as SQLite's ``rowid`` is not in ``SELECT *``;
* ``numeric`` results (PostgreSQL's ``sum`` of a ``bigint``) come back as ``int`` when whole, as SQLite's;
* ``cursor.lastrowid``: the identity value an ``INSERT`` of one row just took (``lastval()``);
* errors are raised as the ``sqlite3`` classes the engine already catches (``IntegrityError``,
  ``OperationalError``, ``DatabaseError``), psycopg's error chained as the cause.

The static types stay ``sqlite3.Connection`` (:class:`PgConnectionSource` hands the wrapper out as one): the
wrapper is a stand-in for the part of that API the repositories use, which ``tests/core/store`` runs on both.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from desktop_app.core.errors import AppError
from desktop_app.core.store import schema_pg
from desktop_app.core.store.db import ConnectionPerThread

if TYPE_CHECKING:
    import psycopg

DIALECT = "postgresql"
_T = TypeVar("_T")
# Serialises migrations between processes (two servers started at once on one database).
_MIGRATION_LOCK = 0x44455343  # "DESC"


def is_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", url)


# -- SQL in SQLite's words → psycopg's ----------------------------------------------------------------------------


_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE)
_INDEXED_BY = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.IGNORECASE)
# "+i.rfc", "+i.total_c": SQLite's way of keeping a column's index out of a plan; PostgreSQL has no such hint
# (and no unary + on text). A "+" right after "(", "," or a space and right before a name is only ever that.
_UNARY_PLUS = re.compile(r"(?<=[\s(,])\+(?=[A-Za-z_])")
# SQLite's "CROSS JOIN t ON …" is an inner join whose order the planner keeps (a hint); PostgreSQL's CROSS JOIN
# takes no ON: the inner join it means.
_CROSS_JOIN_ON = re.compile(r"\bCROSS\s+JOIN\s+(\w+(?:\s+(?!ON\b)\w+)?)\s+ON\b", re.IGNORECASE)
_CAST_REAL = re.compile(r"CAST\(([^()]+?)\s+AS\s+REAL\)", re.IGNORECASE)
_AS_INTEGER = re.compile(r"\bAS\s+INTEGER\)", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """SQLite's spelling of what both databases do, in PostgreSQL's; each rule is a pure rewrite of syntax:

    * ``?`` → ``%s`` outside quoted text and ``%`` → ``%%`` (psycopg's placeholders); ``BEGIN IMMEDIATE`` → ``BEGIN``;
    * ``INSERT OR IGNORE INTO t(…)`` → ``INSERT INTO t(…) … ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE INTO
      t(…)`` → ``… ON CONFLICT (t's primary key) DO UPDATE SET`` every other column it names (the same row,
      since every such statement names every column; ``schema_pg.PRIMARY_KEYS``);
    * plan hints: ``INDEXED BY`` and unary ``+`` dropped, ``CROSS JOIN t ON`` (SQLite: keep this join order) →
      ``JOIN t ON``;
    * ``CAST(x AS REAL)`` → ``descarga_real(x)`` (SQLite's lenient reading of text as a number, schema_pg) and
      ``AS INTEGER)`` → ``AS BIGINT)`` (SQLite's integers are 64-bit). ``total()`` is an aggregate of the schema.

    What differs in meaning (NULL ordering, dates, the rowid) is the repository's to write per dialect.
    """
    stripped = sql.strip().upper()
    if stripped in ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "BEGIN DEFERRED"):
        return "BEGIN"
    conflict = ""
    match = _INSERT_OR.match(sql)
    if match is not None:
        action, table, columns = match.group(1).upper(), match.group(2), match.group(3)
        sql = f"INSERT INTO {table}({columns})" + sql[match.end() :]
        if action == "IGNORE":
            conflict = " ON CONFLICT DO NOTHING"
        else:
            key = schema_pg.PRIMARY_KEYS[table.lower()]
            names = [c.strip() for c in columns.split(",")]
            updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in key)
            conflict = f" ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")
    sql = _INDEXED_BY.sub("", sql)
    sql = _UNARY_PLUS.sub("", sql)
    sql = _CROSS_JOIN_ON.sub(r"JOIN \1 ON", sql)
    sql = _CAST_REAL.sub(r"descarga_real(\1)", sql)
    sql = _AS_INTEGER.sub("AS BIGINT)", sql)
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if ch == "%":
            out.append("%%")
            continue
        if quote is not None:
            if ch == quote:
                quote = None
            out.append(ch)
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out).rstrip().rstrip(";") + conflict


def _param(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(_param(v) for v in params) if params is not None else ()


# -- rows and cursors -------------------------------------------------------------------------------------------


class Row:
    """A result row like ``sqlite3.Row``: ``row[0]``, ``row["name"]``, ``row.keys()``, ``dict(row)``, iteration."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: tuple[Any, ...]) -> None:
        self._index = index
        self._values = values

    def keys(self) -> list[str]:
        return list(self._index)

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._values == other._values and self.keys() == other.keys()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def _row_factory(cursor: Any) -> Any:
    description = cursor.description or []
    names = [column.name for column in description]
    visible = [i for i, name in enumerate(names) if not name.startswith("_")]
    index = {names[i]: position for position, i in enumerate(visible)}
    if len(visible) == len(names):
        return lambda values: Row(index, tuple(values))
    return lambda values: Row(index, tuple(values[i] for i in visible))


class PgCursor:
    """The part of ``sqlite3.Cursor`` the repositories use."""

    def __init__(self, conn: PgConnection, cursor: Any, insert: bool) -> None:
        self._conn = conn
        self._cursor = cursor
        self._insert = insert

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def lastrowid(self) -> int | None:
        if not self._insert or self._cursor.rowcount != 1:
            return None
        row = self._conn.execute("SELECT lastval()").fetchone()
        return None if row is None else int(row[0])

    def fetchone(self) -> Row | None:
        if self._cursor.description is None:
            return None
        return cast("Row | None", _call(self._cursor.fetchone))

    def fetchall(self) -> list[Row]:
        if self._cursor.description is None:
            return []
        return cast("list[Row]", _call(self._cursor.fetchall))

    def fetchmany(self, size: int = 1) -> list[Row]:
        if self._cursor.description is None:
            return []
        return cast("list[Row]", _call(self._cursor.fetchmany, size))

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())

    def close(self) -> None:
        self._cursor.close()


def _mapped(exc: Exception) -> Exception:
    """psycopg's error as the ``sqlite3`` class the engine catches; any other exception as it is."""
    import psycopg

    if not isinstance(exc, psycopg.Error):
        return exc
    mapped: type[sqlite3.Error]
    if isinstance(exc, psycopg.errors.IntegrityError):
        mapped = sqlite3.IntegrityError
    elif isinstance(exc, psycopg.errors.ProgrammingError):
        mapped = sqlite3.ProgrammingError
    elif isinstance(exc, psycopg.errors.OperationalError):
        mapped = sqlite3.OperationalError
    elif isinstance(exc, psycopg.errors.DataError):
        mapped = sqlite3.DataError
    else:
        mapped = sqlite3.DatabaseError
    return mapped(str(exc).strip())


def _call(function: Callable[..., _T], *args: Any) -> _T:
    """``function(*args)`` with psycopg's errors raised as ``sqlite3``'s (psycopg's chained as the cause)."""
    try:
        return function(*args)
    except Exception as exc:
        mapped = _mapped(exc)
        if mapped is exc:
            raise
        raise mapped from exc


class PgConnection:
    """One PostgreSQL connection in autocommit mode with ``sqlite3.Connection``'s interface (the part the
    repositories and ``db.transaction`` use): transactions are the explicit ``BEGIN``/``COMMIT``/``ROLLBACK``
    they issue, as on SQLite with ``isolation_level=None``."""

    dialect = DIALECT
    read_only = False
    path = None

    def __init__(self, raw: psycopg.Connection[Any], url: str) -> None:
        self.raw = raw
        self.url = url
        # As a sqlite3 connection, one nobody closed is closed when it is collected (psycopg would warn). The
        # finalizer holds the psycopg connection, so that one is never collected before this wrapper.
        weakref.finalize(self, raw.close)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        import psycopg

        cursor = psycopg.ClientCursor(self.raw, row_factory=_row_factory)
        _call(cursor.execute, translate(sql), _params(params))
        return PgCursor(self, cursor, insert=sql.lstrip()[:6].upper() == "INSERT")

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        import psycopg

        cursor = psycopg.ClientCursor(self.raw, row_factory=_row_factory)
        _call(cursor.executemany, translate(sql), [_params(r) for r in rows])
        return PgCursor(self, cursor, insert=False)

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- opening, migrating ------------------------------------------------------------------------------------------


def _numeric_as_int(raw: psycopg.Connection[Any]) -> None:
    """``numeric`` → ``int`` when whole (PostgreSQL's ``sum(bigint)``; SQLite gives an integer), else ``float``."""
    from psycopg.adapt import Loader

    class NumericLoader(Loader):
        def load(self, data: Any) -> Any:
            value = Decimal(bytes(data).decode())
            return int(value) if value == value.to_integral_value() else float(value)

    raw.adapters.register_loader("numeric", NumericLoader)


def unreachable_error(url: str, exc: BaseException) -> AppError:
    # libpq quotes the URL it could not read («missing "]" in IPv6 host address in URI: "postgresql://u:PW@[::1"»):
    # its message goes out with the password taken out, as the URL itself does.
    detail = redact(str(exc).strip())
    password = _PASSWORD.search(url)
    if password and password[1]:
        detail = detail.replace(password[1], "***")
    return AppError(
        "database_unreachable",
        f"The PostgreSQL database {redact(url)} cannot be reached: {detail}",
        database=redact(url),
    )


_PASSWORD = re.compile(r"//[^:/@]+:([^@/]*)@")


# What every connection sets for itself: the repositories' reads are many short index range reads (a page of 200
# rows, the sums of one month), several at once from the desks, and two of PostgreSQL's defaults cost them more
# than they save (measured on 20 profiles × 100,000 invoices, one connection, 2 cores):
# * ``jit``: a statement the planner costs past ``jit_above_cost`` (100,000: any that might read a profile) is
#   compiled first, 90–130 ms of LLVM for a read that then takes 10–50 ms;
# * ``max_parallel_workers_per_gather``: starting two workers for a read of a few thousand index entries costs
#   ~30–40 ms on a busy machine (a text search's totals: 50 ms in parallel, 6 ms without), and 50 desks already
#   keep every core busy.
# A session's SET wins over the server's configuration: the office server's reads are short whatever the machine.
SESSION_SETTINGS = ("SET jit = off", "SET max_parallel_workers_per_gather = 0")


def connect(url: str, *, migrate: bool = True) -> sqlite3.Connection:
    """Open the PostgreSQL database at ``url`` (and bring its schema up to date), typed as the repositories see
    it. ``database_unreachable`` when the server refuses; ``database_too_new`` for a newer schema."""
    try:
        import psycopg
    except ImportError as exc:  # the server extra is not installed
        raise AppError(
            "unsupported_database",
            "PostgreSQL needs the psycopg package: install the server extra "
            "(pip install 'descarga-masiva-sat[server]').",
        ) from exc
    try:
        raw = psycopg.connect(url, autocommit=True, application_name="descarga-masiva")
    except psycopg.Error as exc:
        raise unreachable_error(url, exc) from None
    _numeric_as_int(raw)
    conn = PgConnection(raw, url)
    try:
        conn.execute("SET TIME ZONE 'UTC'")
        for setting in SESSION_SETTINGS:
            conn.execute(setting)
        if migrate:
            _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def schema_version(conn: sqlite3.Connection | PgConnection) -> int:
    """How many PostgreSQL migrations have run (0: a database we never touched)."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return 0
    got = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(got[0]) if got is not None else 0


def _migrate(conn: PgConnection) -> None:
    target = len(schema_pg.MIGRATIONS)
    current = schema_version(conn)
    if current > target:
        raise AppError(
            "database_too_new",
            f"The database was written by a newer version of the app (schema {current} > {target}).",
        )
    if current == target:
        return
    conn.execute("BEGIN")
    try:
        # One migrator at a time; the version is read again under the lock (another may have just finished).
        conn.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = schema_version(conn)
        if conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 0:  # type: ignore[index]
            conn.execute("INSERT INTO schema_version(version) VALUES (0)")
        for version in range(current, target):
            conn.raw.execute(schema_pg.MIGRATIONS[version].encode())  # a script: several statements
            conn.execute("UPDATE schema_version SET version = ?", (version + 1,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _lost(conn: Any) -> bool:
    raw = getattr(conn, "raw", None)
    return raw is not None and bool(raw.closed or raw.broken)


class PgConnectionSource(ConnectionPerThread):
    """Each thread its own connection to one PostgreSQL database: ``db.ConnectionPerThread``'s interface (the
    engine's parts are typed with it), over a URL instead of a file."""

    def __init__(self, url: str) -> None:  # not ConnectionPerThread.__init__: no file to open
        self.url = url
        self.path = Path(redact(url))  # what messages name; never opened as a file
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        connect(url).close()  # migrate once, up front

    def get(self) -> sqlite3.Connection:
        """This thread's connection; a new one when the last was lost (the database restarted, a network cut):
        the statement that met the loss failed, the next one reconnects."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and _lost(conn):
            self.close()
            conn = None
        if conn is None:
            conn = connect(self.url, migrate=False)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            with self._lock:
                self._all = [c for c in self._all if c is not conn]

    def close_all(self) -> None:
        with self._lock:
            every, self._all = self._all, []
        for conn in every:
            conn.close()
