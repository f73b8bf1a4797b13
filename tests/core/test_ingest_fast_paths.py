"""The folder import's fast paths (issue 14) give what the general code gave: the per-batch sync of the vault's
file system, MXN cents without the × 1, the parser's memo of amounts and rates."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pytest

from desktop_app.core.cfdi import parser, values
from desktop_app.core.cfdi.values import in_range_cents, parse_amount
from desktop_app.core.index.taxes import to_cents
from desktop_app.core.index.write import to_mxn_cents
from desktop_app.core.store import vault


def _general_cents(amount: Decimal | None, factor: Decimal) -> int | None:
    """The formula before the fast path: ``amount × factor`` in cents, half-up."""
    try:
        cents = int((amount * factor / Decimal("0.01")).quantize(Decimal(1), rounding=ROUND_HALF_UP))  # type: ignore[operator]
    except (InvalidOperation, OverflowError, ValueError):
        return None
    return cents if in_range_cents(cents) else None


def _amounts() -> list[Decimal]:
    rnd = random.Random(14)
    out = [Decimal(s) for s in ("0.005", "-0.005", "0.015", "1.125", "12345678901234.995", "9" * 39, "0." + "5" * 38)]
    for _ in range(20_000):
        whole = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 20)))
        fraction = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(0, 19)))
        text = ("-" if rnd.random() < 0.2 else "") + whole + ("." + fraction if fraction else "")
        out.append(Decimal(text[:40]))
    return out


def test_mxn_cents_without_the_rate_are_the_general_formulas():
    for amount in _amounts():
        general = _general_cents(amount, Decimal(1)) if amount else 0
        assert to_mxn_cents(amount, None, "MXN") == general
        assert to_mxn_cents(amount, Decimal("17.25"), None) == general  # a rate without a foreign currency: 1
        assert to_mxn_cents(amount, Decimal(0), "USD") == general  # a zero rate: 1
        assert to_mxn_cents(amount, Decimal("17.25"), "USD") == (
            _general_cents(amount, Decimal("17.25")) if amount else 0
        )
        assert to_cents(amount, Decimal(1)) == _general_cents(amount, Decimal(1))


def test_known_amounts_are_the_same_values_and_unreadable_ones_are_noted_every_time():
    assert parse_amount("0.160000") == parse_amount("0.160000") == Decimal("0.160000")
    assert str(parse_amount(" 0.160000 ")) == "0.160000"
    for _ in range(2):
        warnings: list[str] = []
        assert parse_amount("1e5", warnings, "Total") is None
        assert parse_amount("NaN", warnings, "Total") is None
        assert len(warnings) == 2
    assert parse_amount("   ") is None and parse_amount(None) is None


def test_the_memo_of_amounts_is_bounded(monkeypatch):
    monkeypatch.setattr(values, "_KNOWN_AMOUNTS", {})
    monkeypatch.setattr(values, "_KNOWN_AMOUNTS_MAX", 3)
    for k in range(10):
        assert parse_amount(f"{k}.50") == Decimal(f"{k}.50")
    assert len(values._KNOWN_AMOUNTS) == 3


@pytest.mark.parametrize(
    ("rate", "percent", "key", "line"),
    [
        ("0.160000", False, "0.160000", "0.160000"),
        ("0.16", False, "0.160000", "0.160000"),
        (" 0.08 ", False, "0.080000", "0.080000"),
        ("16.00", True, "0.160000", "0.160000"),  # CFDI 3.2's percent
        (None, False, None, ""),
        ("", False, None, ""),
        ("dieciseis", False, None, ""),
        ("1" * 30, False, "1" * 30, "1" * 30),  # too many digits to quantise: kept as written
    ],
)
def test_rates_read_twice_give_what_they_gave_once(rate, percent, key, line):
    for _ in range(2):  # the second time from the memo
        assert parser._rate_text(rate, percent) == key  # the key of the IVA by rate (None: not listed)
        assert parser._line_rate(rate, percent) == line


def test_a_batch_syncs_each_file_system_of_its_files_once(tmp_path, monkeypatch):
    synced: list[int] = []
    monkeypatch.setattr(vault, "_syncfs", lambda: lambda fd: synced.append(fd) or 0)
    monkeypatch.setattr(vault.os, "sync", lambda: pytest.fail("os.sync while syncfs works"))
    paths = []
    for month in ("01", "02"):
        folder = tmp_path / "2024" / month
        folder.mkdir(parents=True)
        for k in range(3):
            (folder / f"{k}.xml").write_bytes(b"<x/>")
            paths.append(str(folder / f"{k}.xml"))
    vault.sync_files(paths)
    assert len(synced) == 1  # one file system, six files in two folders
    vault.sync_files([])
    assert len(synced) == 1


@pytest.mark.parametrize("failure", ["returns -1", "folder gone"])
def test_a_failing_syncfs_falls_back_to_syncing_everything(tmp_path, monkeypatch, failure):
    calls: list[str] = []
    monkeypatch.setattr(vault, "_syncfs", lambda: lambda fd: -1)
    monkeypatch.setattr(vault.os, "sync", lambda: calls.append("sync"))
    path = tmp_path / "a.xml"
    path.write_bytes(b"<x/>")
    target = str(path) if failure == "returns -1" else str(tmp_path / "gone" / "a.xml")
    vault.sync_files([target])
    assert calls == ["sync"]


def test_syncfs_is_found_on_linux():
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("syncfs is Linux's")
    syncfs = vault._syncfs()
    assert syncfs is not None
    fd = vault.os.open(str(Path(__file__).parent), vault.os.O_RDONLY)
    try:
        assert syncfs(fd) == 0
    finally:
        vault.os.close(fd)
