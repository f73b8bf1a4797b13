"""Where SAT's services live (sat-protocol.md §1.1, §8), with test overrides from the environment.

Only ``https://`` endpoints are accepted, except on this computer's loopback (127.0.0.0/8, ``::1``,
``localhost``), where the sandbox serves plain ``http://``. Anything else (``http://`` to another host,
``ftp://``, not a URL at all) is ``invalid_endpoint``, raised before any network call: SAT's answers carry
tokens and the user's invoices, and a request sent to a wrong place may be counted by SAT or lost.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from desktop_app.core.errors import AppError

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


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ``::1``): traffic that never leaves this computer."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_url(url: object, *, variable: str | None = None) -> str:
    """``url`` if SAT may be called there (https, or http on loopback); else ``invalid_endpoint``."""
    where = f" (from {variable})" if variable else ""
    allowed = "only https:// URLs are allowed, or http:// on this computer (127.0.0.1, ::1, localhost)"

    def invalid(why: str) -> AppError:
        shown = url if isinstance(url, str) and len(url) <= 200 else repr(url)[:200]
        if "@" in shown:  # never echo a password someone put in the URL
            shown = "<a URL with credentials>"
        return AppError(
            "invalid_endpoint",
            f"The SAT endpoint {shown!r}{where} is not allowed: {why}; {allowed}.",
            url=shown,
            variable=variable,
        )

    if not isinstance(url, str) or not url:
        raise invalid("it is empty")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise invalid("it contains spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        raise invalid("it is not a valid URL") from None
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("https", "http") or not host:
        raise invalid("it is not an http(s) URL with a host name")
    if scheme == "http" and not is_loopback_host(host):
        raise invalid("plain http:// is not encrypted")
    if parts.username is not None or parts.password is not None:
        raise invalid("it carries a user name or password")
    if parts.query or parts.fragment:
        raise invalid("it carries a query or fragment")
    return url


def from_env(environ: Mapping[str, str] | None = None) -> Endpoints:
    """Production endpoints, each family redirected when its variable is set (DESIGN.md §3).

    Raises ``invalid_endpoint`` (naming the variable) for a redirection that is not https or loopback.
    """
    if environ is None:
        import os

        environ = os.environ
    cfdi_base = environ.get(ENV_CFDI, "").strip()
    ret_base = environ.get(ENV_RETENCIONES, "").strip()
    consulta_base = environ.get(ENV_CONSULTA, "").strip()
    for variable, base in ((ENV_CFDI, cfdi_base), (ENV_RETENCIONES, ret_base), (ENV_CONSULTA, consulta_base)):
        if base:
            check_url(base, variable=variable)
    return Endpoints(
        cfdi=ServiceUrls.from_base(cfdi_base) if cfdi_base else PRODUCTION.cfdi,
        retenciones=ServiceUrls.from_base(ret_base) if ret_base else PRODUCTION.retenciones,
        consulta=consulta_base.rstrip("/") + CONSULTA_PATH if consulta_base else PRODUCTION.consulta,
    )
