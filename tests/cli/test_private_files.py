"""Every file the app writes is private (0600, folders 0700) whatever the umask, and never written through a name
someone else could have prepared — from an outside security audit (stop 18): an invoice's XML and PDF copied out,
a package copied out, the backup a migration makes, a restored database, the OS task's log, a data home that was
open to others, a file name an office server chose."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from desktop_app.core.errors import AppError
from tests.cli.test_hostile_cli import run
from tests.core.test_damaged_documents import cfdi, uuid_of

RFC = "EKU9003173C9"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def cli(home: Path, *args: str) -> tuple[int, dict, str]:
    """The real CLI under umask 022 (cron's and most desktops')."""
    return run(home, *args, env={"QT_QPA_PLATFORM": "offscreen"}, umask=0o022)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("private")
    home = base / "home"
    assert cli(home, "profile", "add", RFC)[0] == 0
    folder = base / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(cfdi(1, "100.00"))
    assert cli(home, "invoices", "import", str(folder))[0] == 0
    return home


def test_an_invoice_copied_out_and_its_pdf_are_private(home, tmp_path):
    """They were 0644 under umask 022 (``shutil.copyfile``, Qt's printer), while the exports were 0600."""
    xml, pdf = tmp_path / "factura.xml", tmp_path / "factura.pdf"
    code, doc, _ = cli(home, "invoice", uuid_of(1), "--output", str(xml), "--pdf", str(pdf))
    assert code == 0, doc
    assert xml.read_bytes() == cfdi(1, "100.00") and pdf.read_bytes().startswith(b"%PDF")
    assert (mode(xml), mode(pdf)) == (0o600, 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["factura.pdf", "factura.xml"]  # no temporary left


def test_a_copy_never_writes_through_what_is_at_its_name(tmp_path):
    """The exports wrote to ``.<name>.tmp``: a symlink planted there sent the invoices into another file."""
    from desktop_app.core.export import write_csv
    from desktop_app.core.store.vault import copy_private

    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    for name in ("facturas.csv", "paquete.zip"):
        (tmp_path / f".{name}.tmp").symlink_to(victim)
    write_csv([], tmp_path / "facturas.csv")
    source = tmp_path / "source.zip"
    source.write_bytes(b"PK\x05\x06" + bytes(18))
    copy_private(source, tmp_path / "paquete.zip")
    assert victim.read_text() == "untouched"
    assert not (tmp_path / "facturas.csv").is_symlink() and mode(tmp_path / "facturas.csv") == 0o600
    assert (tmp_path / "paquete.zip").read_bytes() == source.read_bytes() and mode(tmp_path / "paquete.zip") == 0o600


def test_the_backup_a_migration_makes_is_private(tmp_path):
    """A whole copy of the index, 0644 beside the 0600 database."""
    from desktop_app.core.store import db

    source = sqlite3.connect(tmp_path / "descarga.sqlite3")
    source.execute("CREATE TABLE t (x)")
    target = tmp_path / "descarga.sqlite3.v1.bak"
    previous = os.umask(0o022)
    try:
        db._backup(source, target)
    finally:
        os.umask(previous)
        source.close()
    assert mode(target) == 0o600
    assert sqlite3.connect(target).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_a_restored_database_is_private(home, tmp_path):
    """``database restore --backup F`` left ``descarga.sqlite3`` 0644 (and copied through a pid-named temporary)."""
    backup = tmp_path / "copia.sqlite3"
    conn = sqlite3.connect(home / "descarga.sqlite3")
    conn.execute(f"VACUUM INTO '{backup}'")
    conn.close()
    os.chmod(backup, 0o644)
    code, doc, _ = cli(home, "database", "restore", "--backup", str(backup), "--force")
    assert code == 0, doc
    assert mode(home / "descarga.sqlite3") == 0o600
    assert not list(home.glob(".descarga.sqlite3.*.tmp"))


def test_the_os_tasks_log_is_written_under_a_private_umask(tmp_path):
    """cron runs with umask 022: the sync log it appends to was created 0644."""
    from desktop_app.core.ostask.base import TaskSpec
    from desktop_app.core.ostask.linux import cron_command

    spec = TaskSpec(argv=("true",), home=str(tmp_path / "home"), times=("06:30",), workdir=str(tmp_path))
    command = cron_command(spec)
    assert command.startswith("umask 077; ")
    (tmp_path / "home").mkdir()  # its logs folder deleted: the run makes it again (it stopped the task for good)
    subprocess.run(["sh", "-c", command], check=True, preexec_fn=lambda: os.umask(0o022))
    assert mode(tmp_path / "home" / "logs" / "sync.log") == 0o600
    assert mode(tmp_path / "home" / "logs") == 0o700


def test_a_data_home_open_to_others_is_made_private_again(tmp_path):
    """A home (or a profile's folder) that existed 0777 was used as it was: only folders the app made were 0700."""
    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService
    from tests.conftest import MemoryKeyring

    home = tmp_path / "home"
    for folder in (home, home / RFC, home / "logs", home / "Fotos"):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o777)  # noqa: S103 - the open home the test is about
    service = DescargaService(home, secrets=SecretStore(MemoryKeyring()))
    service.close()
    assert [mode(home / name) for name in ("", RFC, "logs")] == [0o700, 0o700, 0o700]
    assert mode(home / "Fotos") == 0o777  # not the app's: left alone


def test_a_uuid_an_office_server_sends_never_names_a_file_outside_the_apps_folder(tmp_path):
    """The window's copy of an invoice's XML was named after the server's ``uuid``: «../../x» wrote outside."""
    from desktop_app.core.remote import RemoteService

    remote = RemoteService.__new__(RemoteService)
    remote.url = "http://127.0.0.1:9"
    remote._lock = __import__("threading").Lock()
    remote._xml_dir = tmp_path / "xml"
    remote._xml_dir.mkdir()
    remote._get = lambda *a, **k: b"<x/>"  # the server's body, whatever it is
    with pytest.raises(AppError) as info:
        remote._xml_copy(None, {"uuid": f"../../{tmp_path.name}/pwned"})
    assert info.value.code == "invalid_server_answer"
    assert not (tmp_path / "pwned.xml").exists() and not list(remote._xml_dir.iterdir())
