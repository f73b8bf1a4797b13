"""Where SAT's services live (sat-protocol.md §1.1, §8), with test overrides from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SERVICES = ("cfdi", "retenciones")

AUTH_PATH = "/Autenticacion/Autenticacion.svc"
QUERY_PATH = "/SolicitaDescargaService.svc"
VERIFY_PATH = "/VerificaSolicitudDescargaService.svc"
DOWNLOAD_PATH = "/DescargaMasivaService.svc"
CONSULTA_PATH = "/ConsultaCFDIService.svc"

ENV_CFDI = "DESCARGA_MASIVA_SAT_URL"
ENV_RETENCIONES = "DESCARGA_MASIVA_SAT_RET_URL"
ENV_CONSULTA = "DESCARGA_MASIVA_CONSULTA_URL"


@dataclass(frozen=True)
class ServiceUrls:
    """The four URLs of one service family (CFDI or Retenciones)."""

    auth: str
    query: str
    verify: str
    download: str

    @classmethod
    def from_base(cls, base: str) -> ServiceUrls:
        """All four services under one base URL (how a simulator or proxy serves them)."""
        root = base.rstrip("/")
        return cls(root + AUTH_PATH, root + QUERY_PATH, root + VERIFY_PATH, root + DOWNLOAD_PATH)


@dataclass(frozen=True)
class Endpoints:
    cfdi: ServiceUrls
    retenciones: ServiceUrls
    consulta: str

    def family(self, service: str) -> ServiceUrls:
        if service == "cfdi":
            return self.cfdi
        if service == "retenciones":
            return self.retenciones
        raise ValueError(f"unknown SAT service family: {service!r}")


# Production: note the download host differs from the other three ("…descargamasiva", no "solicitud").
PRODUCTION = Endpoints(
    cfdi=ServiceUrls(
        auth="https://cfdidescargamasivasolicitud.clouda.sat.gob.mx" + AUTH_PATH,
        query="https://cfdidescargamasivasolicitud.clouda.sat.gob.mx" + QUERY_PATH,
        verify="https://cfdidescargamasivasolicitud.clouda.sat.gob.mx" + VERIFY_PATH,
        download="https://cfdidescargamasiva.clouda.sat.gob.mx" + DOWNLOAD_PATH,
    ),
    retenciones=ServiceUrls(
        auth="https://retendescargamasivasolicitud.clouda.sat.gob.mx" + AUTH_PATH,
        query="https://retendescargamasivasolicitud.clouda.sat.gob.mx" + QUERY_PATH,
        verify="https://retendescargamasivasolicitud.clouda.sat.gob.mx" + VERIFY_PATH,
        download="https://retendescargamasiva.clouda.sat.gob.mx" + DOWNLOAD_PATH,
    ),
    consulta="https://consultaqr.facturaelectronica.sat.gob.mx" + CONSULTA_PATH,
)


def from_env(environ: Mapping[str, str] | None = None) -> Endpoints:
    """Production endpoints, each family redirected when its variable is set (DESIGN.md §3)."""
    if environ is None:
        import os

        environ = os.environ
    cfdi_base = environ.get(ENV_CFDI, "").strip()
    ret_base = environ.get(ENV_RETENCIONES, "").strip()
    consulta_base = environ.get(ENV_CONSULTA, "").strip()
    return Endpoints(
        cfdi=ServiceUrls.from_base(cfdi_base) if cfdi_base else PRODUCTION.cfdi,
        retenciones=ServiceUrls.from_base(ret_base) if ret_base else PRODUCTION.retenciones,
        consulta=consulta_base.rstrip("/") + CONSULTA_PATH if consulta_base else PRODUCTION.consulta,
    )
