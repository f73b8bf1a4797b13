"""Package (ZIP) and folder reading: fixtures, noise, and hostile archives built in tmp dirs."""

from __future__ import annotations

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
