"""What an OS error on the data folder means, said the same way by the CLI and the window (db.home_error)."""

from __future__ import annotations

import errno
import os

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import home_error


def _error(code: int, path) -> OSError:
    return OSError(code, os.strerror(code), str(path))


def test_the_meaning_of_each_error(tmp_path):
    home = tmp_path / "home"
    assert home_error(_error(errno.ENOSPC, home / "x.xml"), home).code == "disk_full"
    denied = home_error(_error(errno.EACCES, home / "EKU9003173C9"), home)
    assert denied.code == "home_not_writable" and denied.details["file"] == str(home / "EKU9003173C9")
    assert home_error(_error(errno.EROFS, home), home).code == "home_not_writable"
    assert home_error(_error(errno.EACCES, tmp_path / "elsewhere.csv"), home) is None  # not the home's: the caller's
    assert home_error(_error(errno.EIO, home / "x"), home) is None  # a failure we cannot name


def test_a_file_where_the_home_or_one_of_its_folders_should_be(tmp_path):
    a_file = tmp_path / "archivo"
    a_file.write_text("x")
    itself = home_error(_error(errno.EEXIST, a_file), a_file)
    assert itself.code == "invalid_home" and "file" not in itself.details
    inside = home_error(_error(errno.ENOTDIR, a_file / "datos"), a_file / "datos" / "sat")
    assert inside.code == "invalid_home" and inside.details["file"] == str(a_file)
    assert inside.details["path"] == str(a_file / "datos" / "sat")


def test_a_home_that_cannot_be_made_there_is_said(tmp_path):
    """An outside audit: `--home /proc/nope` was internal_error with a traceback (mkdir: ENOENT)."""
    home = tmp_path / "datos"
    error = home_error(_error(errno.ENOENT, home), home)
    assert error is not None and error.code == "invalid_home" and "cannot be created" in error.message
    assert home_error(_error(errno.ENOENT, home / "RFC" / "x.xml"), home) is None  # a file inside: not this


def test_the_service_says_it_with_the_code(tmp_path):
    a_file = tmp_path / "archivo"
    a_file.write_text("x")
    with pytest.raises(AppError) as itself:  # before: FileExistsError, the window's crash dialog
        DescargaService(a_file)
    assert itself.value.code == "invalid_home" and itself.value.details["path"] == str(a_file)
    with pytest.raises(AppError) as raised:
        DescargaService(a_file / "datos")
    assert raised.value.code == "invalid_home" and raised.value.details["file"] == str(a_file)
    assert isinstance(raised.value.__cause__, NotADirectoryError)


def test_a_full_disk_outside_the_data_folder_is_that_folders_and_names_the_users_file(tmp_path):
    """`invoices list --format xlsx --output /elsewhere/x.xlsx` onto a full disk said «The disk of the data folder
    … is full» (an outside audit freed space in the wrong place), naming the app's hidden temporary file."""
    home, elsewhere = tmp_path / "home", tmp_path / "usb"
    exc = OSError(errno.ENOSPC, "No space left on device", str(elsewhere / ".x.xlsx.k2j4_9az.tmp"))
    error = home_error(exc, home)
    assert error is not None and error.code == "disk_full"
    assert error.details["path"] == str(elsewhere / "x.xlsx")
    assert str(elsewhere) in error.message and "data folder" not in error.message
    inside = home_error(OSError(errno.ENOSPC, "No space left on device", str(home / "EKU9003173C9" / "a.xml")), home)
    assert inside is not None and "data folder" in inside.message and "nothing is half-written" in inside.message


def test_an_io_error_of_sqlite_on_a_disk_with_no_room_is_a_full_disk(tmp_path, monkeypatch):
    """With 0 bytes free SQLite cannot size its -shm file: «disk I/O error» at the connection, and every command,
    reads and `database check` included, answered internal_error (outside audit, hostile disk)."""
    import shutil
    import sqlite3

    from desktop_app.core.store import db

    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = sqlite3.SQLITE_IOERR | (19 << 8)  # SQLITE_IOERR_SHMSIZE
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=0))
    known = db.known_error(exc, tmp_path / db.DB_NAME)
    assert known is not None and known.code == "disk_full"
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=10 * 1024 * 1024 * 1024))
    assert db.known_error(exc, tmp_path / db.DB_NAME) is None  # an I/O error with room: not a full disk


@pytest.mark.parametrize("kind", ["csv", "xlsx", "report"])
def test_a_disk_that_fills_while_an_export_is_written_is_the_exports_disk(tmp_path, monkeypatch, kind):
    """A full disk is told by ``write()``/``fsync()``, whose error names no file: the message then spoke of the data
    folder (an outside audit filled a small output disk and was told to free space in the data folder)."""
    from desktop_app.core import export
    from desktop_app.core.reports import xlsx

    home, elsewhere = tmp_path / "home", tmp_path / "usb"
    elsewhere.mkdir()
    target = elsewhere / f"x.{kind}"

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the kernel says it: no file name

    monkeypatch.setattr(export.zipfile.ZipFile, "writestr", full)
    monkeypatch.setattr(export.os, "fsync", full)
    with pytest.raises(OSError) as raised:
        if kind == "csv":
            export.write_csv([], target)
        elif kind == "xlsx":
            export.write_xlsx([], target)
        else:
            xlsx.write_workbook([xlsx.Sheet("Hoja", [("A", "text", 10)])], target)
    error = home_error(raised.value, home)
    assert error is not None and error.code == "disk_full" and error.details["path"] == str(target)
    assert "data folder" not in error.message and list(elsewhere.iterdir()) == []


def test_a_report_sheet_longer_than_excels_is_refused_before_anything_is_written(tmp_path):
    """An outside audit: ``report iva --detail --format xlsx`` of 530,000 invoices wrote 1,060,003 rows and
    answered success; Excel drops the rows past 1,048,576 — the totals last — without a word."""
    from desktop_app.core.export import EXCEL_MAX_ROWS
    from desktop_app.core.reports import xlsx

    target = tmp_path / "reporte.xlsx"
    fits = xlsx.Sheet("Hoja", [("A", "text", 10)], rows=[(["x"], False)] * (EXCEL_MAX_ROWS - 2), notes=["nota"])
    too_long = xlsx.Sheet("Detalle", [("A", "text", 10)], rows=[*fits.rows, (["y"], False)], notes=["nota"])
    with pytest.raises(AppError) as refused:
        xlsx.write_workbook([fits, too_long], target)
    assert refused.value.code == "too_many_rows_for_excel" and refused.value.details["sheet"] == "Detalle"
    assert refused.value.details["rows"] == EXCEL_MAX_ROWS + 1 and list(tmp_path.iterdir()) == []
