"""DESIGN.md §9, bad input: every hostile or broken input gets a clear error code and leaves the store unchanged.

The parsers' own hostile-input tests live in tests/core/cfdi and tests/core/sat; these are the cross-cutting
checks: the input goes through the *service* (FIEL upload, `invoices import`, a sync whose SAT answers or
packages are bad) and afterwards the data home is compared, byte for byte, with a fingerprint taken before
(every table of the database dumped, every file's path and sha256, the keyring).
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import zipfile
from pathlib import Path

import httpx
import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.sat.transport import Transport
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME
from desktop_app.core.sync import SyncPolicy
from desktop_app.demo import sandbox_endpoints
from tests.conftest import CREDENTIALS, FIXTURES, TEST_PASSWORD, MemoryKeyring

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"
CSD = CREDENTIALS / "eku9003173c9-csd"
EXPIRED = CREDENTIALS / "aaa010101aaa-fiel-expired"
FAST = SyncPolicy(first_check_after=0, min_check_interval=0, max_check_interval=0, resubmit_after=0)
SECRET_MARKER = "TOP-SECRET-MARKER-7f3a"

# -- the store's fingerprint ---------------------------------------------------------------------------


def fingerprint(home: Path, keyring: MemoryKeyring | None = None) -> dict:
    conn = sqlite3.connect(home / DB_NAME)
    try:
        dump = [line for line in conn.iterdump()]
    finally:
        conn.close()
    files = {}
    for path in sorted(home.rglob("*")):
        # lock files are no data: the first import makes the profile's imports.lock (as a sync its sync.lock)
        if path.is_file() and not path.name.startswith(DB_NAME) and path.suffix != ".lock":
            files[str(path.relative_to(home))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"db": dump, "files": files, "keyring": dict(keyring.items) if keyring else None}


def marker_anywhere(home: Path) -> list[str]:
    return [str(p) for p in home.rglob("*") if p.is_file() and SECRET_MARKER.encode() in p.read_bytes()]


@pytest.fixture
def keyring_backend():
    return MemoryKeyring()


@pytest.fixture
def ready(make_service, sandbox, keyring_backend, clock, tmp_path):
    """A profile with a good FIEL already stored and a few invoices already indexed."""
    from desktop_app.core.sat.client import SatClient

    endpoints = sandbox_endpoints(sandbox.url)
    service = DescargaService(
        tmp_path / "home",
        clock=clock,
        secrets=SecretStore(keyring_backend),
        sat_factory=lambda fiel: SatClient(fiel, endpoints, clock=clock.now),
        policy=FAST,
    )
    service.add_profile(RFC)
    service.activate(RFC)
    assert service.upload_fiel(RFC, _read(FIEL, "EKU9003173C9.cer"), _read(FIEL, "EKU9003173C9.key"), TEST_PASSWORD)[
        "registered"
    ]
    service.create_request(RFC, start="2026-05-01", end="2026-05-10", rfc_type="issued")
    assert _count(service) > 0
    yield service
    service.close()


def _read(folder: Path, name: str) -> bytes:
    return (folder / name).read_bytes()


def _count(service) -> int:
    return service.list_invoices(RFC, InvoiceFilter())["count"]


# -- FIEL: every seed error row, and broken files -------------------------------------------------------

GOOD_CER = _read(FIEL, "EKU9003173C9.cer")
GOOD_KEY = _read(FIEL, "EKU9003173C9.key")
RANDOM = os.urandom(4096)
HUGE = b"\x30\x82" + os.urandom(20 * 1024 * 1024)  # 20 MB that starts like DER

FIEL_CASES = {
    # the seed's Common Errors
    "wrong_password": (GOOD_CER, GOOD_KEY, "not-the-password", "wrong_password"),
    "csd_instead_of_fiel": (
        _read(CSD, "EKU9003173C9.cer"),
        _read(CSD, "EKU9003173C9.key"),
        TEST_PASSWORD,
        "not_a_fiel",
    ),
    "key_of_another_certificate": (GOOD_CER, _read(CSD, "EKU9003173C9.key"), TEST_PASSWORD, "key_certificate_mismatch"),
    "expired_and_another_rfc": (
        _read(EXPIRED, "certificate.cer"),
        _read(EXPIRED, "private_key.key"),
        _read(EXPIRED, "password.txt").decode().strip(),
        ("certificate_expired", "rfc_mismatch"),
    ),
    # damaged files
    "empty_cer": (b"", GOOD_KEY, TEST_PASSWORD, "invalid_certificate_format"),
    "truncated_cer": (GOOD_CER[: len(GOOD_CER) // 2], GOOD_KEY, TEST_PASSWORD, "invalid_certificate_format"),
    "garbage_cer": (RANDOM, GOOD_KEY, TEST_PASSWORD, "invalid_certificate_format"),
    "huge_cer": (HUGE, GOOD_KEY, TEST_PASSWORD, "invalid_certificate_format"),
    "flipped_byte_cer": (
        GOOD_CER[:200] + bytes([GOOD_CER[200] ^ 0xFF]) + GOOD_CER[201:],
        GOOD_KEY,
        TEST_PASSWORD,
        ("invalid_certificate_format", "key_certificate_mismatch"),
    ),
    "key_as_cer": (GOOD_KEY, GOOD_KEY, TEST_PASSWORD, "invalid_certificate_format"),
    "empty_key": (GOOD_CER, b"", TEST_PASSWORD, "invalid_key_format"),
    "truncated_key": (
        GOOD_CER,
        GOOD_KEY[: len(GOOD_KEY) // 2],
        TEST_PASSWORD,
        ("invalid_key_format", "wrong_password"),
    ),
    "garbage_key": (GOOD_CER, RANDOM, TEST_PASSWORD, "invalid_key_format"),
    "huge_key": (GOOD_CER, HUGE, TEST_PASSWORD, "invalid_key_format"),
    "cer_as_key": (GOOD_CER, GOOD_CER, TEST_PASSWORD, "invalid_key_format"),
    "empty_password": (GOOD_CER, GOOD_KEY, "", "wrong_password"),
}


@pytest.mark.parametrize("case", sorted(FIEL_CASES))
def test_a_bad_fiel_upload_changes_nothing(ready, keyring_backend, case):
    cer, key, password, expected = FIEL_CASES[case]
    expected = expected if isinstance(expected, tuple) else (expected,)
    before = fingerprint(ready.home, keyring_backend)
    with pytest.raises(AppError) as info:
        ready.upload_fiel(RFC, cer, key, password)
    assert info.value.code in expected, (case, info.value.code, info.value.message)
    assert (info.value.message and password not in info.value.message) or not password
    assert fingerprint(ready.home, keyring_backend) == before, case
    # the FIEL that was there still works
    assert ready.load_fiel(RFC).rfc == RFC


# -- files the user imports: XML bombs, XXE, DTDs, zip-slip, zip bombs, broken files ----------------------

CFDI = (FIXTURES / "cfdi" / "cfdv40-ejemplo-signed-tfd.xml").read_bytes()


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE c [{entities}]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="&lol9;"/>'
    ).encode()


def _quadratic() -> bytes:
    big = "A" * 50_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "{big}">]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="' + "&a;" * 20_000 + '"/>'
    ).encode()


def _xxe(secret: Path) -> bytes:
    text = CFDI.decode("utf-8")
    head, _, body = text.partition("?>") if text.startswith("<?xml") else ("", "", text)
    doctype = f'<!DOCTYPE cfdi:Comprobante [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    body = body.replace('Serie="', 'Serie="&xxe;', 1) if 'Serie="' in body else body.replace(">", ">&xxe;", 1)
    return ((head + "?>" if head else "") + doctype + body).encode("utf-8")


def _xxe_parameter(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0"/>'
    ).encode()


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    # 300 MB of spaces in front of a document: ratio ~1000:1, far over the cap
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, zf.open("bomb.xml", "w") as fh:
        chunk = b" " * (1024 * 1024)
        for _ in range(300):
            fh.write(chunk)
    return buffer.getvalue()


def hostile_files(folder: Path, secret: Path) -> dict[str, Path]:
    cases = {
        "billion_laughs.xml": _billion_laughs(),
        "quadratic_blowup.xml": _quadratic(),
        "xxe_local_file.xml": _xxe(secret),
        "xxe_parameter_entity.xml": _xxe_parameter(secret),
        "dtd_only.xml": b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><x/>',
        "empty.xml": b"",
        "truncated.xml": CFDI[: len(CFDI) // 2],
        "garbage.xml": os.urandom(2048),
        "not_xml.xml": b"%PDF-1.7 this is not xml",
        "zip_slip.zip": _zip(
            {
                "../../evil.xml": CFDI,
                "/tmp/evil-absolute.xml": CFDI,
                "..\\..\\evil-windows.xml": CFDI,
                "C:/evil-drive.xml": CFDI,
            }
        ),
        "zip_bomb.zip": _zip_bomb(),
        "truncated.zip": _zip({"a.xml": CFDI})[:-40],
        "empty.zip": b"",
        "garbage.zip": b"PK\x03\x04" + os.urandom(4096),
        "zip_of_hostile_xml.zip": _zip({"laughs.xml": _billion_laughs(), "xxe.xml": _xxe(secret)}),
    }
    paths = {}
    for name, data in cases.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    huge = folder / "huge.xml"  # over the 50 MB cap for one XML
    with huge.open("wb") as fh:
        fh.write(b'<?xml version="1.0"?><x a="')
        fh.seek(51 * 1024 * 1024)
        fh.write(b'"/>')
    paths["huge.xml"] = huge
    return paths


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET_MARKER)
    return path


def test_hostile_files_imported_one_by_one_change_nothing(ready, keyring_backend, secret_file, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    files = hostile_files(folder, secret_file)
    invoices_before = _count(ready)
    for name, path in files.items():
        before = fingerprint(ready.home, keyring_backend)
        result = ready.import_invoices(RFC, [str(path)])
        assert result["added"] == result["updated"] == 0, (name, result)
        skipped = result["files"]["skipped"]
        assert skipped, (name, result)
        for entry in skipped:
            assert entry["reason"] and entry["reason"].replace("_", "").isalpha(), (name, entry)
        assert fingerprint(ready.home, keyring_backend) == before, name
    assert _count(ready) == invoices_before
    assert marker_anywhere(ready.home) == []
    for target in ("evil.xml", "evil-windows.xml", "evil-drive.xml"):
        assert not (tmp_path / target).exists() and not (tmp_path.parent / target).exists()
    assert not Path("/tmp/evil-absolute.xml").exists()
    assert len(files) == 16


# -- what SAT sends: hostile packages and malformed answers, through a whole sync ---------------------------


def test_a_hostile_package_from_sat_changes_no_invoice(make_service, sandbox, secret_file, tmp_path, monkeypatch):
    service = make_service(tmp_path / "h2")
    service.add_profile(RFC)
    service.activate(RFC)
    service.upload_fiel(RFC, GOOD_CER, GOOD_KEY, TEST_PASSWORD)
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(
        _zip(
            {
                "../../evil.xml": CFDI,
                "laughs.xml": _billion_laughs(),
                "xxe.xml": _xxe(secret_file),
                "quadratic.xml": _quadratic(),
                "garbage.xml": os.urandom(1000),
            }
        )
    )
    monkeypatch.setattr(type(sandbox), "_package_file", lambda self, record, number, package_id: hostile)
    before = fingerprint(service.home)["files"]
    result = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    for _ in range(5):
        service.sync_once(RFC)
    status = service.request_status(RFC, result["request_id"])
    assert _count(service) == 0
    assert marker_anywhere(service.home) == []
    assert not (tmp_path / "evil.xml").exists() and not (service.home / RFC / "evil.xml").exists()
    vault = {
        k: v for k, v in fingerprint(service.home)["files"].items() if "paquetes" not in k and not k.endswith(".lock")
    }
    assert vault == before
    assert status["request"]["status"] == "completed"
    events = " ".join(e["message"] or "" for e in status["events"])
    assert '"unsafe_name": 1' in events and '"invalid_xml": 4' in events, events  # by reason, in the history


MALFORMED_VERIFY = {
    "missing_cod_estatus": b'<VerificaSolicitudDescargaResult EstadoSolicitud="3" Mensaje="x"/>',
    "missing_estado": b'<VerificaSolicitudDescargaResult CodEstatus="5000" Mensaje="x"/>',
    "estado_0": b'<VerificaSolicitudDescargaResult CodEstatus="5000" EstadoSolicitud="0" Mensaje="?"/>',
    "estado_0_305": b'<VerificaSolicitudDescargaResult CodEstatus="305" EstadoSolicitud="0" Mensaje="Certificado"/>',
    "unknown_estado": b'<VerificaSolicitudDescargaResult CodEstatus="5000" EstadoSolicitud="9" Mensaje="?"/>',
    "unknown_cod_estatus": b'<VerificaSolicitudDescargaResult CodEstatus="7777" EstadoSolicitud="1" Mensaje="?"/>',
    "unknown_codigo_estado": (
        b'<VerificaSolicitudDescargaResult CodEstatus="5000" EstadoSolicitud="5" CodigoEstadoSolicitud="5999"'
        b' Mensaje="?"/>'
    ),
    "not_a_number": b'<VerificaSolicitudDescargaResult CodEstatus="abc" EstadoSolicitud="x" Mensaje="?"/>',
    "estado_3_no_packages": (
        b'<VerificaSolicitudDescargaResult CodEstatus="5000" EstadoSolicitud="3" NumeroCFDIs="5" Mensaje="ok"/>'
    ),
    "wrong_element": b"<Nada/>",
}
MALFORMED_BODIES = {
    "empty_body": b"",
    "html_page": b"<html><body>Service Unavailable</body></html>",
    "billion_laughs_answer": _billion_laughs(),
    "truncated_envelope": b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>',
}
MALFORMED_QUERY = {
    "accepted_without_id": b'<SolicitaDescargaEmitidosResult CodEstatus="5000" Mensaje="Solicitud Aceptada"/>',
    "unknown_code": b'<SolicitaDescargaEmitidosResult CodEstatus="6123" Mensaje="Nuevo codigo"/>',
    "missing_code": b'<SolicitaDescargaEmitidosResult Mensaje="?"/>',
}


def _verify_envelope(result: bytes) -> bytes:
    return (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><VerificaSolicitudDescargaResponse'
        b' xmlns="http://DescargaMasivaTerceros.sat.gob.mx">' + result + b"</VerificaSolicitudDescargaResponse>"
        b"</s:Body></s:Envelope>"
    )


def _query_envelope(result: bytes) -> bytes:
    return (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><SolicitaDescargaEmitidosResponse'
        b' xmlns="http://DescargaMasivaTerceros.sat.gob.mx">' + result + b"</SolicitaDescargaEmitidosResponse>"
        b"</s:Body></s:Envelope>"
    )


def _tampering_factory(sandbox, clock, target: str, body: bytes, times: int):
    """SAT clients whose ``target`` calls (query/verify) get ``body`` the first ``times`` times; else the sandbox."""
    from desktop_app.core.sat.client import SatClient

    endpoints = sandbox_endpoints(sandbox.url)
    real = httpx.Client()
    state = {"left": times, "served": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        action = request.headers.get("SOAPAction", "")
        if state["left"] > 0 and target in action:
            state["left"] -= 1
            state["served"] += 1
            return httpx.Response(200, content=body, headers={"Content-Type": "text/xml"})
        answer = real.request(request.method, str(request.url), headers=dict(request.headers), content=request.content)
        return httpx.Response(answer.status_code, content=answer.content, headers={"Content-Type": "text/xml"})

    def factory(fiel):
        transport = Transport(client=httpx.Client(transport=httpx.MockTransport(handler)), sleep=lambda s: None)
        return SatClient(fiel, endpoints, transport=transport, clock=clock.now)

    state["real"] = real
    return factory, state


CASES = [("Verifica", name, _verify_envelope(b)) for name, b in MALFORMED_VERIFY.items()]
CASES += [("Verifica", name, b) for name, b in MALFORMED_BODIES.items()]
CASES += [("SolicitaDescarga", name, _query_envelope(b)) for name, b in MALFORMED_QUERY.items()]


@pytest.mark.parametrize(("target", "name", "body"), CASES, ids=[f"{t}-{n}" for t, n, _ in CASES])
def test_a_malformed_sat_answer_is_a_clear_error_and_nothing_is_lost(sandbox, clock, tmp_path, target, name, body):
    factory, state = _tampering_factory(sandbox, clock, target, body, times=10**6)
    service = DescargaService(
        tmp_path / "home", clock=clock, secrets=SecretStore(MemoryKeyring()), sat_factory=factory, policy=FAST
    )
    try:
        service.add_profile(RFC)
        service.activate(RFC)
        service.upload_fiel(RFC, GOOD_CER, GOOD_KEY, TEST_PASSWORD)
        created = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
        reports = [service.sync_once(RFC) for _ in range(3)]
        item = service.ledger.get(created["request_id"])
        assert state["served"] >= 1
        errors = [e for r in reports for e in r["errors"]]
        for error in errors:
            assert error["code"] != "internal_error" and error["message"], error
        # a clear status: either still open with a message saying SAT will be asked again, or failed with why
        assert item.status_message, (name, item)
        assert _count(service) == 0  # nothing indexed from a bad answer
        files = [
            p
            for p in (service.home / RFC).rglob("*")
            if p.is_file() and "fiel" not in p.parts and p.suffix != ".lock"  # the sync's and the requests' locks
        ]
        assert files == [], files
        if target == "SolicitaDescarga" and name == "unknown_code":
            assert item.status == "failed" and "6123" in item.status_message
            return
        if target == "SolicitaDescarga":
            assert item.status == "failed" and item.submit_state == "unknown", item  # the answer was unusable
            return
        if name == "unknown_codigo_estado":  # EstadoSolicitud 5 = rejected, whatever the unknown code
            assert item.status == "failed" and "5999" in item.status_message
            return
        if name == "estado_0_305":
            assert item.status == "accepted"  # SAT answered about the call, not the request: ask again
        # the request survives: once SAT answers properly it completes with everything
        state["left"] = 0
        for _ in range(4):
            service.sync_once(RFC)
        item = service.ledger.get(created["request_id"])
        assert item.status == "completed", (name, item)
        assert _count(service) > 0
    finally:
        service.close()
        state["real"].close()
