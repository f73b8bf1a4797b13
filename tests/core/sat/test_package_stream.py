"""The streaming package decoder: chunk boundaries, odd whitespace, memory bound on a big package."""

from __future__ import annotations

import base64
import hashlib
import os
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.errors import AppError
from desktop_app.core.sat import endpoints, package_stream
from desktop_app.core.sat.client import SatClient
from desktop_app.core.sat.transport import Transport
from tests.conftest import FIEL_VALID_AT, FIXTURES
from tests.core.sat.conftest import AUTH, DOWNLOAD, Reply, response

PACKAGE_ZIP = (FIXTURES / "packages" / "satdoc-cfdi33-package.zip").read_bytes()
TEMPLATE = response("download/phpcfdi-descarga-template-paquete-vacio.xml")
HEAD, TAIL = TEMPLATE.split(b"<Paquete />")


def wrapped_base64(data: bytes, line_end: bytes) -> bytes:
    """Base64 in 76-character lines ending with ``line_end`` (.NET writes ``&#13;\\n`` sometimes)."""
    text = base64.b64encode(data)
    return b"".join(text[i : i + 76] + line_end for i in range(0, len(text), 76))


def split(data: bytes, sizes: list[int]) -> list[bytes]:
    chunks, pos = [], 0
    for size in sizes:
        if pos >= len(data):
            break
        chunks.append(data[pos : pos + size])
        pos += size
    chunks.append(data[pos:])
    return [c for c in chunks if c]


def run(document: bytes, chunk_sizes: list[int], dest):
    chunks = iter(split(document, chunk_sizes))
    head, rest = package_stream.read_head(chunks)
    assert head.status is not None and head.status.cod_estatus == 5000
    return package_stream.save_package(rest, chunks, dest)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=97), min_size=1, max_size=300),
    line_end=st.sampled_from([b"", b"\n", b"\r\n", b"&#13;\n", b"&#xD;&#xA;", b"  \t", b"&#10;"]),
)
def test_any_chunking_and_whitespace_decodes_exactly(tmp_path, sizes, line_end):
    document = HEAD + b"<Paquete>" + wrapped_base64(PACKAGE_ZIP, line_end) + b"</Paquete>" + TAIL
    dest = tmp_path / "p.zip"
    saved = run(document, sizes, dest)
    assert dest.read_bytes() == PACKAGE_ZIP
    assert saved.sha256 == hashlib.sha256(PACKAGE_ZIP).hexdigest()
    dest.unlink()


def test_prefixed_paquete_element(tmp_path):
    document = (
        HEAD.replace(
            b"<RespuestaDescargaMasivaTercerosSalida",
            b'<d:RespuestaDescargaMasivaTercerosSalida xmlns:d="http://DescargaMasivaTerceros.sat.gob.mx"',
        )
        + b'<d:Paquete xmlns:d="http://DescargaMasivaTerceros.sat.gob.mx">'
        + base64.b64encode(PACKAGE_ZIP)
        + b"</d:Paquete>"
        + TAIL
    )
    run(document, [7] * 50, tmp_path / "p.zip")
    assert (tmp_path / "p.zip").read_bytes() == PACKAGE_ZIP


@pytest.mark.parametrize(
    "text",
    [b"QUJD=QUJD", b"QUJDR", b"QU&amp;JD", b"QUJD&#65;", b"QU JD*"],
    ids=["padding-inside", "incomplete-quantum", "entity", "char-ref", "bad-char"],
)
def test_invalid_base64(tmp_path, text):
    document = HEAD + b"<Paquete>" + text + b"</Paquete>" + TAIL
    with pytest.raises(AppError) as info:
        run(document, [3] * 200, tmp_path / "p.zip")
    assert info.value.code == "invalid_package"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.zip.invalid"]


def test_truncated_package_text(tmp_path):
    document = HEAD + b"<Paquete>" + base64.b64encode(PACKAGE_ZIP)[:1000]
    with pytest.raises(package_stream.StreamTruncated):
        run(document, [100] * 50, tmp_path / "p.zip")
    assert list(tmp_path.iterdir()) == []


def test_status_header_is_required(tmp_path):
    document = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Paquete>QUJD</Paquete></s:Body></s:Envelope>'
    with pytest.raises(AppError) as info:
        package_stream.read_head(iter([document]))
    assert info.value.code == "sat_bad_response"


def test_answer_without_package_is_returned_whole():
    body = response("download/satkit-descarga-5008.xml").replace(b"<Paquete/>", b"")
    head, rest = package_stream.read_head(iter([body[:50], body[50:]]))
    assert head.status is None and head.whole == body and rest == b""


def _big_zip(path, size: int) -> None:
    """A ZIP with one stored (incompressible) entry, written in blocks."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf,
        zf.open("big.xml", "w", force_zip64=True) as entry,
    ):
        block = os.urandom(1024 * 1024)
        for _ in range(size // len(block)):
            entry.write(block)


def _answer_file(zip_path, answer_path) -> None:
    with zip_path.open("rb") as src, answer_path.open("wb") as out:
        out.write(HEAD + b"<Paquete>")
        while block := src.read(57 * 1024):  # multiple of 3 and 57: whole base64 lines
            out.write(wrapped_base64(block, b"\r\n"))
        out.write(b"</Paquete>" + TAIL)


@pytest.mark.slow
def test_big_package_streams_in_bounded_memory(fiel, sat_server, tmp_path):
    size = 32 * 1024 * 1024
    zip_path, answer = tmp_path / "source.zip", tmp_path / "answer.xml"
    _big_zip(zip_path, size)
    _answer_file(zip_path, answer)
    assert answer.stat().st_size > 40 * 1024 * 1024
    sat_server.script(AUTH, Reply(response("authenticate/phpcfdi-autentica-token.xml")))
    sat_server.script(DOWNLOAD, Reply(file=answer))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    ep = endpoints.from_env({"DESCARGA_MASIVA_SAT_URL": sat_server.url})
    with SatClient(fiel, ep, transport=Transport(max_attempts=1), clock=lambda: FIEL_VALID_AT) as client:
        client.authenticate()
        tracemalloc.start()
        try:
            result = client.download("big_01", out_dir / "big.zip")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.size == zip_path.stat().st_size
    with zip_path.open("rb") as fh:
        assert result.sha256 == hashlib.file_digest(fh, "sha256").hexdigest()
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes for a {size}-byte package"
    assert sorted(p.name for p in out_dir.iterdir()) == ["big.zip"]
