"""Every captured SAT answer parses; faults and malformed answers become AppErrors, never crashes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.sat import responses
from tests.conftest import FIXTURES

RESPONSES = FIXTURES / "responses"
VERIFY_NS = 'xmlns="http://DescargaMasivaTerceros.sat.gob.mx"'


def read(relative: str) -> bytes:
    return (RESPONSES / relative).read_bytes()


def verify_body(attributes: str, children: str = "") -> bytes:
    return (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        f"<VerificaSolicitudDescargaResponse {VERIFY_NS}>"
        f"<VerificaSolicitudDescargaResult {attributes}>{children}</VerificaSolicitudDescargaResult>"
        "</VerificaSolicitudDescargaResponse></s:Body></s:Envelope>"
    ).encode()


PARSERS = {
    "authenticate": responses.parse_authenticate,
    "query": responses.parse_query,
    "verify": responses.parse_verify,
    "download": responses.parse_download,
    "consulta-cfdi": responses.parse_consulta,
}


@pytest.mark.parametrize("path", sorted(p.relative_to(RESPONSES).as_posix() for p in RESPONSES.rglob("*.xml")), ids=str)
def test_every_fixture_response_parses(path):
    result = PARSERS[path.split("/")[0]](read(path))
    assert result is not None


def test_tokens_are_kept_exactly_and_never_shown():
    token = responses.parse_authenticate(read("authenticate/phpcfdi-autentica-token.xml"))
    assert token.value.startswith("eyJhbGciOiJodHRwOi8vd3d3LnczLm9yZy8yMDAxLzA0L3htbGRzaWctbW9yZSNobWFjLXNoYTI1NiIs")
    assert token.value.endswith("%26wrap_subject%3d3330303031303030303030333030303233363835")
    assert token.created == datetime(2019, 8, 1, 3, 38, 20, 44000, tzinfo=UTC)
    assert token.expires == datetime(2019, 8, 1, 3, 43, 20, 44000, tzinfo=UTC)
    assert token.value not in repr(token) and token.value not in str(token)
    satkit = responses.parse_authenticate(read("authenticate/satkit-autentica-cfdi-token.xml"))
    assert (satkit.expires - satkit.created).total_seconds() == 300


@pytest.mark.parametrize(
    ("path", "request_id", "cod", "rfc"),
    [
        ("query/phpcfdi-emitidos-5000.xml", "d49af78d-1c80-4221-a48d-345ace91626b", 5000, None),
        ("query/phpcfdi-folio-5000.xml", "d49af78d-1c80-4221-a48d-345ace91626b", 5000, None),
        ("query/satdoc-v15-emitidos-5000.xml", "05e4038d-1f0d-4617-87d1-232fdd93bcc5", 5000, "AXT940727FP8"),
        ("query/satdoc-v15-folio-5000.xml", "ad9f0b1e-d398-45a1-8fd0-0dd5a4f66945", 5000, "AXT940727FP8"),
        ("query/satkit-recibidos-5000.xml", "8b15cb57-85a4-4ef3-8797-805de260c6bb", 5000, "XAXX010101000"),
        ("query/satkit-emitidos-301-fechas.xml", None, 301, None),
        ("query/satkit-folio-5002.xml", "238aba5a-cd61-43f5-9562-b5c92be9a51d", 5002, "XAXX010101000"),
        ("query/satkit-folio-5004.xml", "15296bd9-29b1-4f5c-8f26-92d8dbbad926", 5004, "XAXX010101000"),
    ],
)
def test_query_answers(path, request_id, cod, rfc):
    result = responses.parse_query(read(path))
    assert (result.request_id, result.cod_estatus, result.rfc_solicitante) == (request_id, cod, rfc)
    assert result.accepted is (cod == 5000)


def test_query_errors_map_to_codes():
    assert "fecha inicial es mayor" in responses.parse_query(read("query/satkit-emitidos-301-fechas.xml")).mensaje
    with pytest.raises(AppError) as info:
        responses.parse_query(read("query/satkit-folio-5002.xml")).raise_for_status()
    assert info.value.code == "quota_exhausted"
    assert info.value.details["cod_estatus"] == 5002
    assert info.value.details["request_id"] == "238aba5a-cd61-43f5-9562-b5c92be9a51d"
    with pytest.raises(AppError) as info:
        responses.parse_query(read("query/satkit-folio-5004.xml")).raise_for_status()
    assert info.value.code == "not_found"
    ok = responses.parse_query(read("query/satkit-recibidos-5000.xml"))
    assert ok.raise_for_status() is ok


@pytest.mark.parametrize(
    ("path", "estado", "codigo", "count", "packages"),
    [
        (
            "verify/phpcfdi-terminada-2-paquetes.xml",
            3,
            5000,
            12345,
            ("4e80345d-917f-40bb-a98f-4a73939343c5_01", "4e80345d-917f-40bb-a98f-4a73939343c5_02"),
        ),
        ("verify/satkit-aceptada-estado1.xml", 1, 5000, 0, ()),
        ("verify/satkit-terminada-codigo5010.xml", 3, 5010, 1, ("E7092BEB-1EAC-4C32-B4FE-DDA5FE95A712_01",)),
        ("verify/satkit-rechazada-estado5-5004.xml", 5, 5004, 0, ()),
        ("verify/satkit-vencida-estado6.xml", 6, 5000, 0, ()),
    ],
)
def test_verify_answers(path, estado, codigo, count, packages):
    result = responses.parse_verify(read(path))
    assert result.cod_estatus == 5000
    assert (result.estado_solicitud, result.codigo_estado_solicitud, result.numero_cfdis) == (estado, codigo, count)
    assert result.package_ids == packages  # case kept as SAT sent it


def test_a_verification_listing_packages_of_another_request_is_broken():
    """An answer that lists another request's packages completed this one with 0 documents: they were already
    that other request's, so none was attached, and this request's own were never downloaded."""
    data = read("verify/phpcfdi-terminada-2-paquetes.xml")
    own = "4e80345d-917f-40bb-a98f-4a73939343c5"
    assert len(responses.parse_verify(data, own).package_ids) == 2
    assert len(responses.parse_verify(data, own.upper()).package_ids) == 2  # SAT's case varies
    with pytest.raises(AppError) as info:
        responses.parse_verify(data, "3f30a4e1-af73-4085-8991-e4d97eef16bd")
    assert info.value.code == "sat_bad_response" and "not a package of request" in info.value.message
    with pytest.raises(AppError):
        responses.parse_verify(data, own[:-1])  # a prefix of the id is not the id


def test_verify_state_zero_and_unknown_values():
    zero = responses.parse_verify(
        verify_body(
            'CodEstatus="305" EstadoSolicitud="0" CodigoEstadoSolicitud="" NumeroCFDIs="0" '
            'Mensaje="Certificado Inválido"'
        )
    )
    assert (zero.estado_solicitud, zero.state, zero.codigo_estado_solicitud) == (0, "unknown", None)
    with pytest.raises(AppError) as info:
        zero.raise_for_status()
    assert info.value.code == "sat_rejected" and info.value.details["cod_estatus"] == 305
    odd = responses.parse_verify(verify_body('CodEstatus="5000" EstadoSolicitud="9" CodigoEstadoSolicitud="5099"'))
    assert (odd.estado_solicitud, odd.codigo_estado_solicitud, odd.numero_cfdis, odd.state) == (9, 5099, 0, "unknown")
    missing = responses.parse_verify(verify_body('CodEstatus="300" Mensaje="Usuario no válido"'))
    assert missing.estado_solicitud == 0


@pytest.mark.parametrize(
    "attributes",
    [
        'CodEstatus="5000" EstadoSolicitud="3" NumeroCFDIs="99999999999999999999999"',
        'CodEstatus="5000" EstadoSolicitud="99999999999999999999999"',
        'CodEstatus="99999999999999999999999" EstadoSolicitud="3"',
        'CodEstatus="5000" EstadoSolicitud="3" NumeroCFDIs="-7"',
        'CodEstatus="5000" EstadoSolicitud="3" NumeroCFDIs="١٢"',
        'CodEstatus="5000" EstadoSolicitud="3" CodigoEstadoSolicitud="+5000"',
    ],
)
def test_numbers_no_sat_answer_has_are_a_broken_answer(attributes):
    """A hostile SAT (an outside audit): a count of 10^22 could not be stored, and every pass of the profile stopped
    at that request with internal_error; a negative count was kept as the request's invoice count."""
    with pytest.raises(AppError) as info:
        responses.parse_verify(verify_body(attributes))
    assert info.value.code == "sat_bad_response"


def test_download_answers():
    status, package = responses.parse_download(read("download/phpcfdi-descarga-5000-paquete.xml"))
    assert (status.cod_estatus, status.mensaje) == (5000, "Solicitud Aceptada")
    import base64

    assert base64.b64decode(package) == (FIXTURES / "packages" / "satdoc-cfdi33-package.zip").read_bytes()
    empty_status, empty = responses.parse_download(read("download/phpcfdi-descarga-template-paquete-vacio.xml"))
    assert (empty_status.cod_estatus, empty) == (5000, "")
    for path, cod, code in [
        ("download/satkit-descarga-305.xml", 305, "sat_rejected"),
        ("download/satkit-descarga-5008.xml", 5008, "package_download_limit"),
    ]:
        status, package = responses.parse_download(read(path))
        assert (status.cod_estatus, package) == (cod, "")
        with pytest.raises(AppError) as info:
            status.raise_for_status()
        assert info.value.code == code
        assert info.value.details["mensaje"] == status.mensaje


def test_consulta_answer():
    result = responses.parse_consulta(read("consulta-cfdi/sat-estado-cfdi-response-vigente.xml"))
    assert result.codigo_estatus == "S - Comprobante obtenido satisfactoriamente."
    assert (result.estado, result.es_cancelable, result.estatus_cancelacion) == (
        "Vigente",
        "Cancelable con aceptación",
        "Solicitud rechazada",
    )
    assert result.validacion_efos == "" and result.found


FAULT = (
    b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
    b'<faultcode xmlns:a="http://schemas.xmlsoap.org/ws/2005/02/sc">a:InvalidSecurity</faultcode>'
    b"<faultstring>An error occurred when verifying security for the message.</faultstring>"
    b"</s:Fault></s:Body></s:Envelope>"
)


@pytest.mark.parametrize("parser", list(PARSERS.values()))
def test_faults_come_first(parser):
    with pytest.raises(AppError) as info:
        parser(FAULT)
    assert info.value.code == "sat_fault"
    assert info.value.details == {
        "faultcode": "a:InvalidSecurity",
        "faultstring": "An error occurred when verifying security for the message.",
        "cause": "invalid_security",  # what the window explains: the computer's clock, or the e.firma
    }
    assert "time zone" in info.value.message


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>Service Unavailable</body></html>",
        b"not xml at all",
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Bo',
        b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
        verify_body('EstadoSolicitud="3"'),
        verify_body('CodEstatus="cinco mil" EstadoSolicitud="3"'),
        verify_body('CodEstatus="5000"'),
        verify_body('CodEstatus="5000" EstadoSolicitud="3" NumeroCFDIs="x"'),
    ],
)
@pytest.mark.parametrize("parser", list(PARSERS.values()))
def test_malformed_answers_are_bad_responses(parser, body):
    with pytest.raises(AppError) as info:
        parser(body)
    assert info.value.code == "sat_bad_response"


def test_empty_token_and_bad_timestamps_are_bad_responses():
    body = read("authenticate/phpcfdi-autentica-token.xml")
    start = body.index(b"<AutenticaResult>") + len(b"<AutenticaResult>")
    end = body.index(b"</AutenticaResult>")
    with pytest.raises(AppError) as info:
        responses.parse_authenticate(body[:start] + body[end:])
    assert info.value.code == "sat_bad_response"
    with pytest.raises(AppError) as info:
        responses.parse_authenticate(body.replace(b"2019-08-01T03:38:20.044Z", b"yesterday"))
    assert info.value.code == "sat_bad_response"


# --- SAT's ids become file names: only SAT's shapes pass (issue 13, item 4) --------------------------------

HOSTILE_IDS = [
    "../../x/pwned",
    "../../../x/pwned_01",
    "/tmp/pwned_01",
    "C:\\Windows\\pwned_01",
    "..\\..\\pwned",
    "4e80345d-917f-40bb-a98f-4a73939343c5_01/../../pwned",
    "4e80345d-917f-40bb-a98f-4a73939343c5_01\x00",
    "4e80345d-917f-40bb-a98f-4a73939343c5_1",
    "4e80345d-917f-40bb-a98f-4a73939343c5_01.zip",
    "4e80345d-917f-40bb-a98f-4a73939343c5",
    "4e80345d917f40bba98f4a73939343c5_01",
    "4e80345d-917f-40bb-a98f-4a73939343c5_٠١",  # Arabic-Indic digits
    "g4e80345-917f-40bb-a98f-4a73939343c5_01",
    "",
]


@pytest.mark.parametrize(
    "value",
    [
        "4e80345d-917f-40bb-a98f-4a73939343c5_01",
        "E7092BEB-1EAC-4C32-B4FE-DDA5FE95A712_01",
        "E7092BEB-1EAC-4C32-B4FE-DDA5FE95A712_123",
        "e7092beb-1EAC-4c32-B4FE-dda5fe95a712_99",
    ],
)
def test_package_ids_of_sat_shape_are_valid(value):
    assert responses.is_valid_package_id(value)
    assert responses.is_valid_request_id(value.rsplit("_", 1)[0])


@pytest.mark.parametrize("value", [*HOSTILE_IDS, None, 5, b"4e80345d-917f-40bb-a98f-4a73939343c5_01"])
def test_anything_else_is_not_a_package_id(value):
    assert not responses.is_valid_package_id(value)


@pytest.mark.parametrize("value", ["../../x", "4e80345d-917f-40bb-a98f-4a73939343c5_01", "x" * 36, "", None])
def test_request_ids_must_be_bare_uuids(value):
    assert not responses.is_valid_request_id(value)


@pytest.mark.parametrize("hostile", [h for h in HOSTILE_IDS if h and "\x00" not in h])
def test_a_verification_listing_a_hostile_package_id_is_a_bad_response(hostile):
    from xml.sax.saxutils import escape

    body = read("verify/phpcfdi-terminada-2-paquetes.xml")
    assert b"4e80345d-917f-40bb-a98f-4a73939343c5_02" in body
    tampered = body.replace(b"4e80345d-917f-40bb-a98f-4a73939343c5_02", escape(hostile).encode())
    with pytest.raises(AppError) as info:
        responses.parse_verify(tampered)
    assert info.value.code == "sat_bad_response"
    assert "IdsPaquetes" in info.value.message


@pytest.mark.parametrize("hostile", ["../../x/pwned", "/etc/passwd", "d49af78d-1c80-4221-a48d-345ace91626b_01", "x"])
def test_a_request_accepted_with_a_hostile_id_is_a_bad_response(hostile):
    body = read("query/phpcfdi-emitidos-5000.xml")
    tampered = body.replace(b"d49af78d-1c80-4221-a48d-345ace91626b", hostile.encode())
    assert tampered != body
    with pytest.raises(AppError) as info:
        responses.parse_query(tampered)
    assert info.value.code == "sat_bad_response"
    assert "IdSolicitud" in info.value.message
