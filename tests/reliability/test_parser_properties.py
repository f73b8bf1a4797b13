"""Property-based tests (hypothesis) for the parsers of what SAT and the user hand the app.

The CFDI, metadata and package-stream parsers already have theirs (tests/core/cfdi, tests/core/sat); these
cover SAT's SOAP answers and the FIEL files: whatever the bytes, the outcome is a parsed value or an
``AppError`` with a stable code — never another exception (which the CLI would report as ``internal_error``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.errors import AppError
from desktop_app.core.sat import responses
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.sync import SyncPolicy
from tests.conftest import CREDENTIALS, TEST_PASSWORD, MemoryKeyring

FIEL = CREDENTIALS / "eku9003173c9-fiel"
GOOD_CER = (FIEL / "EKU9003173C9.cer").read_bytes()
GOOD_KEY = (FIEL / "EKU9003173C9.key").read_bytes()
RESPONSE_CODES = {"sat_bad_response", "sat_fault", "sat_unauthorized"}
FIEL_CODES = {
    "invalid_certificate_format",
    "invalid_key_format",
    "wrong_password",
    "key_certificate_mismatch",
    "not_a_fiel",
    "certificate_expired",
    "certificate_not_yet_valid",
    "rfc_mismatch",
}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_values = st.one_of(
    st.sampled_from(
        ["", "0", "1", "2", "3", "4", "5", "6", "5000", "5004", "404", "-1", "abc", "9" * 40, "3.5", " 3 "]
    ),
    st.text(max_size=12),
)
_attr_names = ("CodEstatus", "EstadoSolicitud", "CodigoEstadoSolicitud", "NumeroCFDIs", "Mensaje", "IdSolicitud")


def _attrs(values: dict[str, str]) -> str:
    from xml.sax.saxutils import quoteattr

    return " ".join(f"{k}={quoteattr(v)}" for k, v in values.items())


def _envelope(inner: str) -> bytes:
    return (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' + inner + "</s:Body></s:Envelope>"
    ).encode("utf-8", "surrogatepass")


@SETTINGS
@given(st.dictionaries(st.sampled_from(_attr_names), _values), st.lists(st.text(max_size=40), max_size=4))
def test_verify_answers_with_any_attributes(attrs, packages):
    ids = "".join(f"<IdsPaquetes>{p.replace('<', '').replace('&', '')}</IdsPaquetes>" for p in packages)
    body = _envelope(
        '<VerificaSolicitudDescargaResponse xmlns="http://DescargaMasivaTerceros.sat.gob.mx">'
        f"<VerificaSolicitudDescargaResult {_attrs(attrs)}>{ids}</VerificaSolicitudDescargaResult>"
        "</VerificaSolicitudDescargaResponse>"
    )
    try:
        result = responses.parse_verify(body)
    except AppError as exc:
        assert exc.code in RESPONSE_CODES and exc.message
        return
    assert isinstance(result.cod_estatus, int) and isinstance(result.estado_solicitud, int)
    assert isinstance(result.numero_cfdis, int)
    assert all(isinstance(p, str) and p for p in result.package_ids)


@SETTINGS
@given(st.dictionaries(st.sampled_from(_attr_names), _values))
def test_query_answers_with_any_attributes(attrs):
    body = _envelope(
        '<SolicitaDescargaRecibidosResponse xmlns="http://DescargaMasivaTerceros.sat.gob.mx">'
        f"<SolicitaDescargaRecibidosResult {_attrs(attrs)}/></SolicitaDescargaRecibidosResponse>"
    )
    try:
        result = responses.parse_query(body)
    except AppError as exc:
        assert exc.code in RESPONSE_CODES and exc.message
        return
    assert isinstance(result.cod_estatus, int)


@SETTINGS
@given(st.binary(max_size=800))
def test_any_bytes_as_any_sat_answer(data):
    for parse in (
        responses.parse_authenticate,
        responses.parse_query,
        responses.parse_verify,
        responses.parse_download,
        responses.parse_consulta,
    ):
        try:
            parse(data)
        except AppError as exc:
            assert exc.code in RESPONSE_CODES, (parse.__name__, exc.code)


@SETTINGS
@given(st.data())
def test_mutated_sat_answers(data):
    """Real answers from SAT with a few bytes flipped, cut or inserted."""
    from tests.conftest import FIXTURES

    names = sorted((FIXTURES / "responses").rglob("*.xml"))
    path = data.draw(st.sampled_from(names))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del raw[at:]
            if not raw:
                break
        else:
            raw[at:at] = data.draw(st.sampled_from([b"<", b"&", b'"', b"<!DOCTYPE x>", b"\x00", b"&lol;"]))
    parser = {
        "authenticate": responses.parse_authenticate,
        "query": responses.parse_query,
        "verify": responses.parse_verify,
        "download": responses.parse_download,
        "consulta-cfdi": responses.parse_consulta,
    }[path.parent.name]
    try:
        parser(bytes(raw))
    except AppError as exc:
        assert exc.code in RESPONSE_CODES | {"sat_rejected"}, exc.code


class _NoSat:
    def authenticate(self, service="cfdi", force=False):
        raise AppError("sat_unavailable", "not in this test")

    def close(self):
        pass


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    which=st.sampled_from(["cer", "key"]),
    edits=st.lists(st.tuples(st.floats(0, 0.999), st.integers(1, 255)), min_size=1, max_size=3),
    cut=st.none() | st.floats(0, 1),
)
def test_mutated_fiel_files_give_a_fiel_error_code(tmp_path_factory, which, edits, cut):
    """A .cer or .key with flipped bytes or cut short: a FIEL error code, never a crash."""
    from desktop_app.core.clock import FakeClock

    data = bytearray(GOOD_CER if which == "cer" else GOOD_KEY)
    for where, mask in edits:
        data[int(where * len(data))] ^= mask
    if cut is not None:
        del data[int(cut * len(data)) :]
    home = tmp_path_factory.mktemp("fiel")
    service = DescargaService(
        home,
        clock=FakeClock(datetime(2026, 6, 1, tzinfo=UTC)),
        secrets=SecretStore(MemoryKeyring()),
        sat_factory=lambda fiel: _NoSat(),
        policy=SyncPolicy(),
    )
    try:
        service.add_profile("EKU9003173C9")
        service.activate("EKU9003173C9")
        cer, key = (bytes(data), GOOD_KEY) if which == "cer" else (GOOD_CER, bytes(data))
        try:
            service.upload_fiel("EKU9003173C9", cer, key, TEST_PASSWORD)
        except AppError as exc:
            assert exc.code in FIEL_CODES, (exc.code, exc.message)
    finally:
        service.close()
