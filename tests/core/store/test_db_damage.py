"""Issue 13, item 12: a damaged database and a read-only data home are clear errors, never tracebacks.

Real data homes (made by the service), real damage (a bad header, a truncated file, a page of garbage, a file
emptied to 0 bytes) and the real CLI in a subprocess. A read-only home is really read-only: the tests run as
root, where permission bits do not stop writes, so the CLI runs as an unprivileged user (``setpriv`` to
``nobody``) over a home that user owns with every write bit off — the same as ``chmod -R a-w`` for its owner;
as a non-root user the test removes the write bits and runs the CLI as itself. Each test fails on the code
before the fix (noted per test).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.store import db

REPO = Path(__file__).resolve().parents[3]
RFC = "EKU9003173C9"
OLDER, NEWER = "20260101000000", "20260301000000"
CFDI = (
    '<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
    'Version="4.0" TipoDeComprobante="I" Fecha="2026-05-10T10:00:00" SubTotal="100.00" Total="116.00" '
    'Moneda="MXN" MetodoPago="PUE" Folio="7"><cfdi:Emisor Rfc="AAA010101AAA" Nombre="Proveedor"/>'
    f'<cfdi:Receptor Rfc="{RFC}" Nombre="Mi empresa" UsoCFDI="G03"/><cfdi:Complemento>'
    '<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" '
    'UUID="0000ABCD-1111-4222-8333-444455556666" FechaTimbrado="2026-05-10T10:00:00"/>'
    "</cfdi:Complemento></cfdi:Comprobante>"
).encode()


def run(home: Path, *args: str, user: int | None = None) -> tuple[int, dict, str]:
    """The real CLI; stdout must be one JSON document and stderr must have no traceback."""
    command = [sys.executable, "-m", "desktop_app", "--home", str(home), *args]
    if user is not None:
        command = [*_as(user), *command]
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "DESCARGA_MASIVA_SAT_URL": "http://127.0.0.1:9",  # never SAT
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, timeout=120, check=False)
    lines = [line for line in proc.stdout.decode("utf-8").splitlines() if line.strip()]
    assert len(lines) == 1, proc.stdout
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return proc.returncode, json.loads(lines[0]), stderr


def _as(user: int) -> list[str]:
    return ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]


def make_home(home: Path) -> Path:
    """A home in use: a profile, an imported invoice (its vault folder), and two migration backups."""
    code, doc, _ = run(home, "profile", "add", RFC)
    assert code == 0, doc
    folder = home.parent / "xml"
    folder.mkdir(exist_ok=True)
    (folder / "f.xml").write_bytes(CFDI)
    code, doc, _ = run(home, "invoices", "import", str(folder))
    assert code == 0 and doc["data"]["added"] == 1, doc
    path = home / db.DB_NAME
    source = sqlite3.connect(path)
    version = db.schema_version(source)
    for stamp in (OLDER, NEWER):
        dest = sqlite3.connect(home / f"{db.DB_NAME}.v{version}-{stamp}.bak")
        source.backup(dest)
        dest.close()
    source.close()
    return home


def profiles_root_page(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'profiles'").fetchone()[0]
    finally:
        conn.close()


def damage(path: Path, kind: str) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    if kind == "bad_header":
        data[0:16] = b"garbage garbage!"
    elif kind == "garbage_page":  # the profiles table's page: every command reads it
        start = (profiles_root_page(path) - 1) * page
        data[start : start + page] = bytes((i * 131 + 7) % 251 for i in range(page))
    elif kind == "truncated":
        data = data[: 3 * page]
    elif kind == "zero_length":
        data = bytearray()
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("bad_header", "not_sqlite"),  # before: sqlite3.DatabaseError "file is not a database" → internal_error
        ("garbage_page", "malformed"),  # before: "database disk image is malformed" → internal_error
        ("truncated", "truncated"),  # before: "database disk image is malformed" → internal_error
        ("zero_length", "empty"),  # before: taken for a new home: success, 0 profiles (the ledger gone)
    ],
)
def test_a_damaged_database_names_the_newest_backup_and_how_to_restore_it(tmp_path, kind, reason):
    home = make_home(tmp_path / "home")
    path = home / db.DB_NAME
    damage(path, kind)
    damaged_bytes = path.read_bytes()
    code, doc, _ = run(home, "profile", "list")
    assert code == 1 and doc["success"] is False, doc
    error = doc["error"]
    assert error["code"] == "database_damaged" and error["reason"] == reason
    newest = next(home.glob(f"{db.DB_NAME}.v*-{NEWER}.bak"))
    assert error["path"] == str(path)
    assert error["backup"] == str(newest) and len(error["backups"]) == 2
    assert newest.name in error["message"] and "database restore" in error["message"]
    assert error["restore_command"] == f"descarga-masiva --home {home} database restore"
    assert path.read_bytes() == damaged_bytes  # nothing written over the damaged file


def test_restore_puts_the_newest_backup_back_and_keeps_the_damaged_file(tmp_path):
    """Before: there was no ``database`` command (usage_error) and no way but copying files by hand."""
    home = make_home(tmp_path / "home")
    path = home / db.DB_NAME
    damage(path, "garbage_page")
    damaged_bytes = path.read_bytes()
    code, doc, _ = run(home, "database", "check")
    assert code == 1 and doc["error"]["code"] == "database_damaged"
    code, doc, _ = run(home, "database", "restore")
    assert code == 0, doc
    data = doc["data"]
    assert data["restored_from"].endswith(f"-{NEWER}.bak") and data["profiles"] == [RFC]
    kept = Path(data["damaged_kept_as"][0])
    assert kept.read_bytes() == damaged_bytes and kept.parent == home
    assert "invoices import" in data["next"]
    code, doc, _ = run(home, "profile", "list")
    assert code == 0 and [p["rfc"] for p in doc["data"]["profiles"]] == [RFC]
    assert run(home, "database", "check")[1]["data"]["ok"] is True
    # nothing left to restore: a healthy database is not replaced unless asked to
    code, doc, _ = run(home, "database", "restore")
    assert code == 1 and doc["error"]["code"] == "database_not_damaged"


def test_a_zero_length_database_is_refused_in_a_home_with_data_but_a_new_home_still_starts(tmp_path):
    """Before: the emptied file was taken for a new database — profiles, requests and the index silently gone."""
    home = make_home(tmp_path / "home")
    for backup in home.glob("*.bak"):
        backup.unlink()  # only the RFC folder (the vault) is left to show the home was in use
    (home / db.DB_NAME).write_bytes(b"")
    code, doc, _ = run(home, "profile", "add", "AAA010101AAA")
    assert code == 1 and doc["error"]["code"] == "database_damaged" and doc["error"]["backup"] is None
    assert "restore --empty" in doc["error"]["restore_command"]
    assert (home / db.DB_NAME).stat().st_size == 0
    # --empty: set the file aside, start over (then `invoices import` re-indexes the vault)
    code, doc, _ = run(home, "database", "restore", "--empty")
    assert code == 0 and doc["data"]["restored_from"] is None and doc["data"]["profiles"] == [], doc
    assert run(home, "profile", "add", RFC)[0] == 0
    code, doc, _ = run(home, "invoices", "import", str(home / RFC))
    assert code == 0 and doc["data"]["added"] + doc["data"]["unchanged"] == 1, doc
    # a brand-new home whose database file was created empty (a first start killed at once) still starts
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / db.DB_NAME).write_bytes(b"")
    assert run(fresh, "profile", "add", RFC)[0] == 0


def test_connect_refuses_damage_with_an_app_error(tmp_path):
    """The same for the window, which opens the store directly. Before: sqlite3.DatabaseError."""
    path = tmp_path / db.DB_NAME
    db.connect(path).close()
    (tmp_path / f"{db.DB_NAME}.v1-{OLDER}.bak").write_bytes(path.read_bytes())
    damage(path, "bad_header")
    with pytest.raises(AppError) as info:
        db.connect(path)
    assert info.value.code == "database_damaged"
    assert info.value.details["backup"] == str(tmp_path / f"{db.DB_NAME}.v1-{OLDER}.bak")


# -- a read-only home ----------------------------------------------------------------------------------------

NOBODY = 65534


def _read_only_runner() -> int | str | None:
    """How to run the CLI without write access: as ``nobody`` when root (root ignores permission bits), as
    ourselves otherwise; a reason string when neither is possible here."""
    if not hasattr(os, "geteuid"):
        return "POSIX permissions only"
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv") is None:
        return "root without setpriv: cannot drop privileges to test a read-only home"
    probe = subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            sys.executable,
            "-c",
            "import desktop_app",
        ],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        return f"nobody cannot run this Python: {probe.stderr.decode(errors='replace')[-200:]}"
    return NOBODY


def _tree_digest(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(home.rglob("*"))
    }


@pytest.fixture
def read_only_home():
    runner = _read_only_runner()
    if isinstance(runner, str):
        pytest.skip(runner)
    # Not under pytest's tmp_path: its folders are 0700 (root's), which nobody cannot even enter.
    base = Path(tempfile.mkdtemp(prefix="descarga-ro-"))
    try:
        os.chmod(base, 0o711)  # noqa: S103 - the unprivileged user must reach the home inside
        home = make_home(base / "home")
        before = _tree_digest(home)
        for path in [home, *home.rglob("*")]:
            if runner is not None:
                os.chown(path, runner, runner, follow_symlinks=False)
            os.chmod(path, 0o500 if path.is_dir() else 0o400)
        yield home, runner, before
    finally:
        for path in base.rglob("*"):
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
        shutil.rmtree(base)


def test_a_read_only_home_still_reads_and_refuses_writes_with_home_not_writable(read_only_home, tmp_path):
    """Before: SQLite could not open the WAL database at all in a folder it cannot write
    (SQLITE_READONLY_DIRECTORY) — every command, reading ones included, was ``internal_error``."""
    home, user, before = read_only_home
    for args in (("profile", "list"), ("history",), ("invoices", "list"), ("schedule", "show")):
        code, doc, _ = run(home, *args, user=user)
        assert code == 0, (args, doc)
    listed = run(home, "invoices", "list", user=user)[1]["data"]
    assert listed["count"] == 1 and listed["invoices"][0]["uuid"] == "0000ABCD-1111-4222-8333-444455556666"
    folder = Path(tempfile.mkdtemp(prefix="descarga-ro-in-"))
    try:
        os.chmod(folder, 0o755)  # noqa: S103 - a folder the unprivileged user imports from
        (folder / "g.xml").write_bytes(CFDI.replace(b"0000ABCD", b"0000ABCE"))
        os.chmod(folder / "g.xml", 0o644)
        for args in (
            ("profile", "add", "AAA010101AAA"),
            ("activation", "on"),
            ("schedule", "set", "--time", "07:00"),
            ("invoices", "import", str(folder)),
            ("profile", "remove", RFC),
        ):
            code, doc, _ = run(home, *args, user=user)
            assert code == 1 and doc["error"]["code"] == "home_not_writable", (args, doc)
            assert doc["error"]["path"] == str(home)
    finally:
        shutil.rmtree(folder)
    assert _tree_digest(home) == before  # nothing written, nothing left behind
