"""Endpoint selection and SAT code mapping."""

from __future__ import annotations

import pytest

from desktop_app.core.sat import codes, endpoints


def test_production_defaults_are_https_and_split_hosts():
    ep = endpoints.from_env({})
    assert ep == endpoints.PRODUCTION
    assert ep.cfdi.auth == "https://cfdidescargamasivasolicitud.clouda.sat.gob.mx/Autenticacion/Autenticacion.svc"
    assert ep.cfdi.download == "https://cfdidescargamasiva.clouda.sat.gob.mx/DescargaMasivaService.svc"
    assert ep.retenciones.query == "https://retendescargamasivasolicitud.clouda.sat.gob.mx/SolicitaDescargaService.svc"
    assert ep.consulta == "https://consultaqr.facturaelectronica.sat.gob.mx/ConsultaCFDIService.svc"
    for family in (ep.cfdi, ep.retenciones):
        assert all(url.startswith("https://") for url in (family.auth, family.query, family.verify, family.download))


def test_environment_overrides_each_family():
    ep = endpoints.from_env(
        {
            "DESCARGA_MASIVA_SAT_URL": "http://127.0.0.1:8000/",
            "DESCARGA_MASIVA_SAT_RET_URL": "http://127.0.0.1:8001",
            "DESCARGA_MASIVA_CONSULTA_URL": "http://127.0.0.1:8002",
        }
    )
    assert ep.cfdi.auth == "http://127.0.0.1:8000/Autenticacion/Autenticacion.svc"
    assert ep.cfdi.query == "http://127.0.0.1:8000/SolicitaDescargaService.svc"
    assert ep.cfdi.verify == "http://127.0.0.1:8000/VerificaSolicitudDescargaService.svc"
    assert ep.cfdi.download == "http://127.0.0.1:8000/DescargaMasivaService.svc"
    assert ep.retenciones.download == "http://127.0.0.1:8001/DescargaMasivaService.svc"
    assert ep.consulta == "http://127.0.0.1:8002/ConsultaCFDIService.svc"
    assert ep.family("retenciones") is ep.retenciones
    with pytest.raises(ValueError):
        ep.family("nomina")


@pytest.mark.parametrize(
    ("cod", "code"),
    [
        (5002, "quota_exhausted"),
        (5008, "package_download_limit"),
        (5004, "not_found"),
        (5005, "duplicate_request"),
        (5003, "too_many_results"),
        (404, "sat_unavailable"),
        (305, "sat_rejected"),
        (301, "sat_rejected"),
        (9999, "sat_rejected"),
    ],
)
def test_error_mapping_keeps_sat_code_and_message(cod, code):
    error = codes.error_for(cod, "Mensaje de SAT")
    assert error.code == code
    assert error.details["cod_estatus"] == cod
    assert error.details["mensaje"] == "Mensaje de SAT"


def test_5000_is_not_an_error_and_unknown_codes_are_labelled():
    codes.raise_for_status(5000, "Solicitud Aceptada")
    assert codes.meaning(1234) == "Código no documentado"
    assert codes.state_name(0) == "unknown" and codes.state_name(42) == "unknown"
    assert codes.state_name(3) == "finished"
