"""Package (ZIP) and folder reading: fixtures, noise, and hostile archives built in tmp dirs."""

from __future__ import annotations

import contextlib
import gc
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from desktop_app.core.cfdi.metadata import METADATA_HEADER, THIRD_PARTY_HEADER, MetadataRow
from desktop_app.core.cfdi.package import (
    PackageDocument,
    PackageLimits,
    iter_files,
    read_package,
    unsafe_name,
)
from desktop_app.core.errors import AppError

from .conftest import CFDI, METADATA, PACKAGES


def _read(path, **kwargs):
    with read_package(path, **kwargs) as package:
        items = list(package)
    return items, package.summary


def test_phpcfdi_cfdi_package_with_noise():
    items, summary = _read(PACKAGES / "phpcfdi-cfdi-with-noise.zip", owner_rfc="AAA010101AAA")
    assert [(i.name, i.uuid) for i in items] == [
        ("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.xml", "11111111-2222-3333-4444-000000000001"),
        ("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.xml.xml", "11111111-2222-3333-4444-000000000001"),
    ]
    assert all(isinstance(i, PackageDocument) and i.invoice.direction == "issued" for i in items)
    assert items[0].xml_bytes == (CFDI / "cfdi32-fake-tfd.xml").read_bytes()
    assert (summary.kind, summary.documents, summary.metadata_rows, summary.rejected) == ("cfdi", 2, 0, 0)
    reasons = {s.name: s.reason for s in summary.skipped}
    assert reasons == {
        "00000000-0000-0000-0000-000000000000.xml": "invalid_xml",
        "__MACOSX/": "macos_metadata",
        "__MACOSX/.aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.xml": "macos_metadata",
        "empty-file": "empty",
        "other.txt": "invalid_metadata",
    }


def test_phpcfdi_metadata_package_with_noise():
    items, summary = _read(PACKAGES / "phpcfdi-metadata-with-noise.zip")
    assert all(isinstance(i, MetadataRow) for i in items)
    assert [i.uuid for i in items] == ["E7215E3B-2DC5-4A40-AB10-C902FF9258DF", "129C4D12-1415-4ACE-BE12-34E71C4EAB4E"]
    assert items[1].amount is not None and str(items[1].amount) == "1485.17"
    assert (summary.kind, summary.documents, summary.metadata_rows) == ("metadata", 0, 2)
    assert summary.skipped_by_reason == {"invalid_metadata": 2, "macos_metadata": 2, "empty": 1}


def test_satdoc_package_keys_by_tfd_uuid_not_name():
    items, summary = _read(PACKAGES / "satdoc-cfdi33-package.zip")
    (doc,) = items
    assert doc.name == "4abf0f69-8e7d-42bd-ac5f-787275eb52d2.xml"
    assert doc.uuid == doc.invoice.uuid == "90DEE481-A3DD-45EF-9486-006943CBEB22"
    assert doc.invoice.version == "3.3"
    assert summary.skipped == []


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_zip_slip_names_are_rejected_and_counted(tmp_path):
    good = (CFDI / "cfdi33-real.xml").read_bytes()
    names = ["../evil.xml", "/abs.xml", "..\\evil.xml", "C:/win.xml", "a/../../b.xml", "sub\\..\\..\\c.xml"]
    path = _zip(tmp_path / "slip.zip", {**dict.fromkeys(names, good), "ok/inner.xml": good})
    items, summary = _read(path)
    assert [i.name for i in items] == ["ok/inner.xml"]
    assert summary.rejected == len(names)
    assert summary.skipped_by_reason["unsafe_name"] == len(names)
    assert not (tmp_path.parent / "evil.xml").exists()
    assert unsafe_name("x\x00.xml") and not unsafe_name("dir/file.xml")


def _raw_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> Path:
    """Write a ZIP by hand: (name, compressed deflate data, crc, declared uncompressed size, method)."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, declared, method in entries:
        offset = len(out)
        encoded = name.encode()
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), declared, len(encoded), 0
        )
        out += encoded + data
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data), declared,
            len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    cd_offset = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    path.write_bytes(bytes(out))
    return path


def _deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    crc = 0
    parts = []
    for _ in range(megabytes):
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(comp.flush())
    return b"".join(parts), crc


@pytest.fixture(scope="module")
def zeros_200mb() -> tuple[bytes, int]:
    return _deflated_zeros(200)


def test_zip_bomb_declared_small_is_not_trusted(tmp_path, zeros_200mb):
    data, crc = zeros_200mb
    good = zlib.compressobj(9, zlib.DEFLATED, -15)
    xml = (CFDI / "cfdi33-real.xml").read_bytes()
    good_data = good.compress(xml) + good.flush()
    path = _raw_zip(
        tmp_path / "bomb.zip",
        [("bomb.xml", data, crc, 1000, 8), ("real.xml", good_data, zlib.crc32(xml), len(xml), 8)],
    )
    started = time.perf_counter()
    items, summary = _read(path)
    assert time.perf_counter() - started < 5
    assert [i.name for i in items] == ["real.xml"]
    assert summary.skipped[0].name == "bomb.xml"
    assert summary.skipped[0].reason in {"corrupt", "invalid_xml"}


def test_zip_bomb_declared_honestly_hits_the_ratio_cap(tmp_path, zeros_200mb):
    data, crc = zeros_200mb
    path = _raw_zip(
        tmp_path / "bomb2.zip", [("bomb.xml", data, crc, 200 << 20, 8), ("bomb.txt", data, crc, 200 << 20, 8)]
    )
    started = time.perf_counter()
    items, summary = _read(path)
    assert time.perf_counter() - started < 5
    assert items == []
    assert summary.skipped_by_reason["compression_ratio"] >= 1


def test_size_cap_for_incompressible_entry(tmp_path):
    blob = b"<x>" + bytes(range(256)) * 8192 + b"</x>"  # 2 MB, compresses poorly enough
    path = _zip(tmp_path / "big.zip", {"big.xml": blob})
    limits = PackageLimits(max_xml_bytes=1 << 20, max_ratio=10_000)
    items, summary = _read(path, limits=limits)
    assert items == []
    assert summary.skipped[0].reason == "too_large"


def test_too_many_entries(tmp_path):
    path = _zip(tmp_path / "many.zip", {f"{i}.xml": b"<a/>" for i in range(11)})
    with pytest.raises(AppError) as info:
        read_package(path, limits=PackageLimits(max_entries=10))
    assert info.value.code == "package_too_many_entries"
    _items, summary = _read(path, limits=PackageLimits(max_entries=11))
    assert summary.skipped_by_reason == {"not_a_cfdi": 11}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"this is not a zip",
        (PACKAGES / "satdoc-cfdi33-package.zip").read_bytes()[:1500],
        b"PK\x03\x04" + bytes(40),
    ],
    ids=["empty", "text", "truncated", "header-only"],
)
def test_not_a_zip(tmp_path, content):
    path = tmp_path / "bad.zip"
    path.write_bytes(content)
    with pytest.raises(AppError) as info:
        read_package(path)
    assert info.value.code == "invalid_package"


def test_missing_file(tmp_path):
    with pytest.raises(AppError) as info:
        read_package(tmp_path / "nope.zip")
    assert info.value.code == "invalid_package"


def test_corrupt_entry_is_skipped_and_the_rest_read(tmp_path):
    xml = (CFDI / "cfdi33-real.xml").read_bytes()
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = comp.compress(xml) + comp.flush()
    broken = data[:100] + bytes(b ^ 0xFF for b in data[100:110]) + data[110:]
    path = _raw_zip(
        tmp_path / "crc.zip",
        [("broken.xml", broken, zlib.crc32(xml), len(xml), 8), ("good.xml", data, zlib.crc32(xml), len(xml), 8)],
    )
    items, summary = _read(path)
    assert [i.name for i in items] == ["good.xml"]
    assert summary.skipped[0].reason in {"corrupt", "invalid_xml"}


def test_metadata_package_with_third_parties_in_any_order(tmp_path):
    metadata = (
        METADATA_HEADER + "\r\n"
        "00000000-aaaa-bbbb-1111-000000000001~EKU9003173C9~A~XAXX010101000~B~SAT970701NN3~2025-01-01 00:00:00~"
        "2025-01-01 00:00:01~10.00~I~1~\r\n"
        "00000000-AAAA-BBBB-1111-000000000009~EKU9003173C9~A~XAXX010101000~B~SAT970701NN3~2025-01-01 00:00:00~"
        "2025-01-01 00:00:01~10.00~I~0~2025-02-01 00:00:00"
    ).encode()
    path = _zip(
        tmp_path / "meta.zip",
        {
            "45C5C344-DA01-497A-9271-5AA3852EE6AE-0001.txt": metadata,
            "45C5C344-DA01-497A-9271-5AA3852EE6AE_tercero.txt": (METADATA / "nodecfdi-tercero.txt").read_bytes(),
            "__MACOSX/._x.txt": b"junk",
        },
    )
    items, summary = _read(path)
    assert [(r.uuid, r.third_party_rfc, r.status) for r in items] == [
        ("00000000-AAAA-BBBB-1111-000000000001", "AAAA010101AAA", "vigente"),
        ("00000000-AAAA-BBBB-1111-000000000009", None, "cancelado"),
    ]
    assert (summary.kind, summary.metadata_rows, summary.third_party_rows) == ("metadata", 2, 3)
    assert THIRD_PARTY_HEADER in (METADATA / "nodecfdi-tercero.txt").read_text()


def test_bom_xml_without_extension_and_unstamped_are_reported(tmp_path):
    bom = (CFDI / "cfdv40-ejemplo-signed-tfd.xml").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf")
    unstamped = (PACKAGES.parent / "cfdi-wild" / "cfdiutils-ret20-unstamped.xml").read_bytes()
    path = _zip(
        tmp_path / "user.zip",
        {"a/b/NOEXT": bom, "c.XML": unstamped, "photo.jpg": b"\xff\xd8\xff\xe0", "d/": b""},
    )
    items, summary = _read(path)
    assert [i.uuid for i in items] == ["499E9A70-36AC-448A-BBD9-F3F52102E4BE"]
    assert summary.skipped_by_reason == {"cfdi_not_stamped": 1, "unsupported_type": 1, "directory": 1}


def test_unread_reader_does_not_leak(tmp_path):
    package = read_package(PACKAGES / "satdoc-cfdi33-package.zip")
    del package  # filterwarnings=error turns a ResourceWarning into a failure
    gc.collect()


def test_reader_iterates_once_and_closes(tmp_path):
    package = read_package(PACKAGES / "satdoc-cfdi33-package.zip")
    assert len(list(package)) == 1
    with pytest.raises(RuntimeError):
        list(package)


def test_iter_files_walks_folders_zips_and_loose_files(tmp_path):
    (tmp_path / "2019" / "01").mkdir(parents=True)
    (tmp_path / "2019" / "01" / "a.xml").write_bytes((CFDI / "cfdi33-real.xml").read_bytes())
    (tmp_path / "2019" / "b.xml.xml").write_bytes((CFDI / "ret20-mexican-fake.xml").read_bytes())
    (tmp_path / "2019" / "notes.docx").write_bytes(b"PK-not-really")
    (tmp_path / "2019" / "empty.xml").write_bytes(b"")
    (tmp_path / "meta.txt").write_bytes((METADATA / "synthetic-metadata-cancelado-crlf.txt").read_bytes())
    (tmp_path / "pkg.zip").write_bytes((PACKAGES / "satdoc-cfdi33-package.zip").read_bytes())
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04garbage")
    loose = tmp_path / "loose.xml"
    loose.write_bytes((CFDI / "cfdv40-ejemplo-signed-tfd.xml").read_bytes())
    reader = iter_files(
        [tmp_path / "2019", tmp_path / "meta.txt", tmp_path / "pkg.zip", tmp_path / "broken.zip", loose]
    )
    items = list(reader)
    docs = [i.uuid for i in items if isinstance(i, PackageDocument)]
    rows = [i.uuid for i in items if isinstance(i, MetadataRow)]
    assert sorted(docs) == sorted(
        [
            "CEE4BE01-ADFA-4DEB-8421-ADD60F0BEDAC",
            "4E3DD8EA-5220-8C42-85A8-E37F9D7502F8",
            "90DEE481-A3DD-45EF-9486-006943CBEB22",
            "499E9A70-36AC-448A-BBD9-F3F52102E4BE",
        ]
    )
    assert len(rows) == 3
    summary = reader.summary
    assert (summary.kind, summary.documents, summary.metadata_rows) == ("mixed", 4, 3)
    assert summary.skipped_by_reason == {"unsupported_type": 1, "empty": 1, "invalid_package": 1}


def test_a_zips_skipped_entries_name_their_zip_and_a_zip_inside_one_is_said(tmp_path):
    """An outside audit: a hundred monthly packages' «other.txt» could not be told apart (the entry name alone), and
    a package kept inside a yearly ZIP was a bare «unsupported_type» — its CFDI not imported, nothing said."""
    yearly = tmp_path / "anual.zip"
    with zipfile.ZipFile(yearly, "w") as zf:
        zf.writestr("enero_paquete.zip", (PACKAGES / "satdoc-cfdi33-package.zip").read_bytes())
        zf.writestr("otro.txt", "hola")
        zf.writestr("a.xml", (CFDI / "cfdi33-real.xml").read_bytes())
    loose = tmp_path / "suelto.docx"
    loose.write_bytes(b"no es un CFDI")
    reader = iter_files([yearly, loose])
    assert len([i for i in reader if isinstance(i, PackageDocument)]) == 1
    skipped = {s.name: s for s in reader.summary.skipped}
    assert skipped["enero_paquete.zip"].archive == str(yearly)
    assert "ZIP inside a ZIP" in skipped["enero_paquete.zip"].detail
    assert skipped["otro.txt"].archive == str(yearly)
    assert skipped[str(loose)].archive == ""  # a loose file is its own name
    as_json = {s["name"]: s for s in reader.summary.to_json()["skipped"]}
    assert as_json["otro.txt"]["archive"] == str(yearly) and "archive" not in as_json[str(loose)]


def test_many_entries_stream(tmp_path):
    xml = (CFDI / "ret10-mexican-fake.xml").read_bytes()
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3000):
            zf.writestr(f"{i:05d}.xml", xml)
    started = time.perf_counter()
    with read_package(path) as package:
        count = sum(1 for _ in package)
    assert count == 3000 == package.summary.documents
    assert time.perf_counter() - started < 5


def test_reading_an_entry_by_its_offsets_applies_the_same_caps_and_checks(tmp_path):
    """Worker processes read entries by offset (read_xml_ref): same bytes, same skips as through zipfile."""
    import random
    import zipfile

    from desktop_app.core.cfdi.package import EntryRef, PackageLimits, read_xml_entry, read_xml_ref

    limits = PackageLimits(max_xml_bytes=1_000, ratio_floor=100, max_ratio=10)
    noise = bytes(random.Random(1).randrange(256) for _ in range(5_000))
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("deflated.xml", b"<a>" + b"x" * 80 + b"</a>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("stored.xml", b"<b>stored</b>", compress_type=zipfile.ZIP_STORED)
        archive.writestr("big.xml", noise, compress_type=zipfile.ZIP_DEFLATED)  # too_large
        archive.writestr("big-stored.xml", noise, compress_type=zipfile.ZIP_STORED)  # too_large
        archive.writestr("bomb.xml", b"\0" * 900, compress_type=zipfile.ZIP_DEFLATED)  # compression_ratio
        archive.writestr("damaged.xml", b"<c>" + b"y" * 300 + b"</c>", compress_type=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        damaged = archive.getinfo("damaged.xml")
    raw[damaged.header_offset + 30 + len("damaged.xml") + 10] ^= 0xFF  # one byte of its data: bad CRC
    path.write_bytes(bytes(raw))

    def outcome(result):
        return result if isinstance(result, bytes) else result.reason

    with zipfile.ZipFile(path) as archive, open(path, "rb") as fp:
        got = {i.filename: outcome(read_xml_ref(fp, EntryRef.of(i), limits)) for i in archive.infolist()}
        expected = {i.filename: outcome(read_xml_entry(archive, i, limits)) for i in archive.infolist()}
    assert got == expected
    assert got["deflated.xml"].startswith(b"<a>") and got["stored.xml"] == b"<b>stored</b>"
    assert (got["big.xml"], got["big-stored.xml"], got["bomb.xml"], got["damaged.xml"]) == (
        "too_large",
        "too_large",
        "compression_ratio",
        "corrupt",
    )
    # Entries whose data is not the size they declare. zipfile stops at the declared size and fails the CRC,
    # or (shorter) returned the short data as good; the offset reader inflated on to the size cap (50 MB) or
    # the ratio cap first. Now both say corrupt, and the offset reader inflates at most the declared size + 1.
    text = b"<a>" + random.Random(2).randbytes(450).hex().encode() + b"</a>"  # 907 bytes, ~2:1
    zeros = bytes(20 << 20)
    lies = _raw_zip(
        tmp_path / "lies.zip",
        [
            ("longer.xml", zlib.compress(text, 9)[2:-4], zlib.crc32(text), 200, 8),
            ("shorter.xml", zlib.compress(text, 9)[2:-4], zlib.crc32(text), 999, 8),
            ("declared-over-cap.xml", zlib.compress(text, 9)[2:-4], zlib.crc32(text), 5_000, 8),
            ("zeros.xml", zlib.compress(zeros, 9)[2:-4], zlib.crc32(zeros), 200, 8),
        ],
    )
    for caps in (limits, PackageLimits()):
        with zipfile.ZipFile(lies) as archive, open(lies, "rb") as fp:
            got = {i.filename: outcome(read_xml_ref(fp, EntryRef.of(i), caps)) for i in archive.infolist()}
            expected = {i.filename: outcome(read_xml_entry(archive, i, caps)) for i in archive.infolist()}
        assert got == expected == dict.fromkeys(got, "corrupt")


# ------------------------------------------------------------------------------------- the package's budget


def _padded_cfdi_zip(path: Path, count: int, size: int) -> Path:
    """``count`` stamped CFDI, each padded with trailing blanks to ``size`` bytes: every entry under the
    per-entry ratio floor (1 MiB), together far more than the ZIP's size."""
    xml = (CFDI / "cfdi33-real.xml").read_bytes()
    padded = xml + b" " * (size - len(xml))
    return _zip(path, {f"{i:03d}.xml": padded for i in range(count)})


def _budget(path: Path, limits: PackageLimits) -> int:
    return min(
        limits.max_package_bytes, max(limits.package_ratio_floor, path.stat().st_size * limits.max_package_ratio)
    )


def test_many_entries_just_under_the_ratio_floor_cannot_inflate_past_the_package_budget(tmp_path):
    """40 entries of 1 MiB - 1 (40 MB) in a ZIP of ~160 KB: before, every one was read (the attack: 300 of
    them put 299 MB into the vault). Now the package gets 20 times its size, at least 16 MiB: the first 16
    documents are read, the other 24 are skipped as package_too_large, in entry order."""
    size = (1 << 20) - 1
    path = _padded_cfdi_zip(tmp_path / "wide.zip", 40, size)
    limits = PackageLimits()
    fits = _budget(path, limits) // size
    assert fits == 16  # the ratio floor: 16 MiB
    items, summary = _read(path)
    assert [i.name for i in items] == [f"{i:03d}.xml" for i in range(fits)]
    assert sum(len(i.xml_bytes) for i in items) <= limits.package_ratio_floor
    assert summary.documents == fits
    assert summary.skipped_by_reason == {"package_too_large": 40 - fits}
    assert [s.name for s in summary.skipped] == [f"{i:03d}.xml" for i in range(fits, 40)]
    assert "not read" in summary.skipped[0].detail


def test_the_worker_reader_gets_only_the_entries_that_fit(tmp_path):
    """core.parallel's workers read entries by offset (read_xml_ref): the budget is applied before they get
    them, so they cannot read past it either."""
    from desktop_app.core.cfdi.package import SkippedEntry, document_from_bytes, read_xml_ref

    size = 200_000
    path = _padded_cfdi_zip(tmp_path / "wide.zip", 30, size)
    limits = PackageLimits(package_ratio_floor=2_000_000)
    fits = _budget(path, limits) // size
    assert 0 < fits < 30
    handed: list[str] = []

    def parallel(zip_path, entries):
        handed.extend(e.name for e in entries)
        out: list[object] = []
        with open(zip_path, "rb") as fp:
            for ref in entries:
                data = read_xml_ref(fp, ref, limits)
                doc = None if isinstance(data, SkippedEntry) else document_from_bytes(ref.name, data, None, pytest.fail)
                out.append(doc or data)
        return out

    with read_package(path, limits=limits) as package:
        package.parallel = parallel
        items = list(package)
    assert handed == [f"{i:03d}.xml" for i in range(fits)]
    assert [i.name for i in items] == handed
    assert package.summary.skipped_by_reason == {"package_too_large": 30 - fits}
    in_process, summary = _read(path, limits=limits)
    assert [i.xml_bytes for i in in_process] == [i.xml_bytes for i in items]
    assert summary.skipped == package.summary.skipped


def test_the_budget_counts_metadata_and_third_party_files_too_and_leaves_junk_its_own_reason(tmp_path):
    xml = (CFDI / "cfdi33-real.xml").read_bytes()
    meta = (METADATA / "synthetic-metadata-cancelado-crlf.txt").read_bytes()
    third = (METADATA / "nodecfdi-tercero.txt").read_bytes()
    path = _zip(
        tmp_path / "mixed.zip",
        {
            "a.xml": xml,
            "m-0001.txt": meta,
            "b.xml": xml,
            "x_tercero.txt": third,
            "__MACOSX/._b.xml": b"junk",
            "photo.jpg": b"\xff\xd8\xff\xe0",  # never read anyway: keeps its own reason
        },
    )
    limits = PackageLimits(max_package_bytes=len(xml) + len(meta), max_package_ratio=1_000_000)
    items, summary = _read(path, limits=limits)
    assert [getattr(i, "name", "row") for i in items] == ["a.xml", "row", "row", "row"]
    assert {s.name: s.reason for s in summary.skipped} == {
        "b.xml": "package_too_large",
        "x_tercero.txt": "package_too_large",
        "__MACOSX/._b.xml": "macos_metadata",
        "photo.jpg": "unsupported_type",
    }
    assert summary.third_party_rows == 0
    # room for both CFDI: b.xml is read too (the cap is on the sum, in entry order)
    items, summary = _read(
        path, limits=PackageLimits(max_package_bytes=len(xml) * 2 + len(meta), max_package_ratio=10**6)
    )
    assert [getattr(i, "name", "row") for i in items] == ["a.xml", "row", "row", "row", "b.xml"]
    assert summary.skipped_by_reason == {"package_too_large": 1, "macos_metadata": 1, "unsupported_type": 1}


def test_one_entry_past_the_budget_does_not_cost_the_entries_after_it(tmp_path):
    """Before: a metadata file inflating to 17 MB from a few KB (past the 16 MiB floor) was refused — and so was
    every entry after it, a good CFDI included, all `package_too_large`. Only that entry is refused now; the bound
    holds (what is read was charged)."""
    xml = (CFDI / "cfdi33-real.xml").read_bytes()
    meta = (METADATA / "synthetic-metadata-cancelado-crlf.txt").read_bytes()
    header = meta.split(b"\n", 1)[0] + b"\n"
    path = _zip(tmp_path / "bomb-then-good.zip", {"a_meta.txt": header + b"a" * (17 << 20), "b_good.xml": xml})
    items, summary = _read(path)
    assert [i.name for i in items] == ["b_good.xml"]
    assert summary.skipped_by_reason == {"package_too_large": 1} and summary.skipped[0].name == "a_meta.txt"
    assert "not read" in summary.skipped[0].detail


def test_bad_metadata_rows_are_reported_by_entry_and_line_and_the_rest_ingested(tmp_path):
    good = "A1B2C3D4-0000-4000-8000-00000000000{}~EKU9003173C9~A~XAXX010101000~B~SAT970701NN3~2025-01-01 00:00:00~~"
    lines = [
        METADATA_HEADER,
        good.format(1) + "10.00~I~1~",
        "../../ETC/PASSWD" + good.format(0)[36:] + "10.00~I~1~",
        good.format(2) + "999999999999999999~I~1~",
        good.format(3).replace("2025-01-01 00:00:00", "9999-99-99T99:99:99") + "1~I~1~",
        "x" * 40_000,
        good.format(4) + "NaN~I~1~",
        good.format(5) + "1e999~I~1~",
        good.format(6) + "20.00~I~0~2025-02-30 00:00:00",
        good.format(7) + "30.00~I~1~",
    ]
    text = "\r\n".join(lines).encode()
    path = _zip(tmp_path / "meta.zip", {"R-0001.txt": text})
    items, summary = _read(path)
    assert [r.uuid[-1] for r in items] == ["1", "7"]
    expected = [
        ("R-0001.txt:3", "invalid_uuid"),
        ("R-0001.txt:4", "invalid_amount"),
        ("R-0001.txt:5", "invalid_date"),
        ("R-0001.txt:6", "line_too_long"),
        ("R-0001.txt:7", "invalid_amount"),
        ("R-0001.txt:8", "invalid_amount"),
        ("R-0001.txt:9", "invalid_date"),
    ]
    assert [(s.name, s.reason) for s in summary.skipped] == expected
    assert summary.metadata_rows == 2
    # the same file loose, through an import
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "R-0001.txt").write_bytes(text)
    reader = iter_files([tmp_path / "loose"])
    assert [r.uuid[-1] for r in reader] == ["1", "7"]
    loose = str(tmp_path / "loose" / "R-0001.txt")
    assert [(s.name, s.reason) for s in reader.summary.skipped] == [
        (name.replace("R-0001.txt", loose), reason) for name, reason in expected
    ]


def test_a_third_party_file_with_an_endless_header_is_skipped_not_raised(tmp_path):
    text = (THIRD_PARTY_HEADER + "~" * 40_000 + "\r\nA1B2C3D4-0000-4000-8000-000000000001~X~Y").encode()
    path = _zip(tmp_path / "t.zip", {"x_tercero.txt": text})
    items, summary = _read(path)
    assert items == []
    assert summary.skipped_by_reason == {"invalid_metadata": 1}


@pytest.fixture
def swapped(tmp_path, monkeypatch):
    """Files that the walk's ``lstat`` sees as a regular file (it answers with a real file's) but that are something
    else by the time they are opened: another process put a FIFO or a symlink in their place meanwhile."""
    import os

    from desktop_app.core.cfdi import package as package_module

    regular = tmp_path / "regular.xml"
    regular.write_bytes((CFDI / "cfdv40-ejemplo-signed-tfd.xml").read_bytes())
    places: set[str] = set()
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        return real_lstat(regular) if str(path) in places else real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(package_module.os, "lstat", lstat)

    def put(path: Path, kind: str) -> Path:
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(regular)
        places.add(str(path))
        return path

    return put


def _soon(function, *args):
    """``function(*args)`` in a thread, given 10 s: a reader that waits on a FIFO's writer would never return."""
    import threading

    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(function(*args)), daemon=True)
    worker.start()
    worker.join(10)
    return out, worker


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_a_file_swapped_for_a_fifo_or_a_symlink_after_the_walk_is_skipped_not_waited_on_or_followed(
    tmp_path, swapped, kind
):
    import os

    from desktop_app.core.cfdi.package import SkippedEntry, read_loose_xml

    folder = tmp_path / "import"
    folder.mkdir()
    xml = swapped(folder / f"a-{kind}.xml", kind)  # read by read_loose_xml (workers and in-process alike)
    text = swapped(folder / f"b-{kind}.txt", kind)  # sniffed by the walk for metadata, third parties or a ZIP
    out, worker = _soon(read_loose_xml, str(xml), PackageLimits())
    try:
        assert not worker.is_alive(), "read_loose_xml waited on a FIFO"
        assert out == [SkippedEntry(str(xml), "unsupported_type", "not a regular file")]
        reader = iter_files([folder])
        items, worker = _soon(list, reader)
        assert not worker.is_alive(), "the walk waited on a FIFO"
        assert items == [[]] and reader.summary.skipped_by_reason == {"unsupported_type": 2}
    finally:
        if kind == "fifo":  # let a reader that did wait go
            for path in (xml, text):
                with contextlib.suppress(OSError):
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def test_a_path_given_that_is_not_there_is_counted_with_the_others(tmp_path):
    """An outside audit: a missing path, or a link to itself, was listed as skipped but not counted in the files
    seen, so the import's counts did not add up (and a loop said «no such file»)."""
    loose = tmp_path / "a.xml"
    loose.write_bytes((CFDI / "cfdi33-real.xml").read_bytes())
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    reader = iter_files([loose, tmp_path / "missing.xml", loop])
    documents = [i for i in reader if isinstance(i, PackageDocument)]
    summary = reader.summary
    assert summary.entries == len(documents) + len(summary.skipped) == 3
    assert {s.name: s.detail for s in summary.skipped} == {
        str(tmp_path / "missing.xml"): "no such file",
        str(loop): "a link to nothing, or to itself",
    }
