"""The SAT simulator's HTTP server: SAT's paths, SOAP actions, signatures, rules, quotas and lifecycle.

Python use::

    clock = SandboxClock(datetime(2026, 6, 1, 12, tzinfo=UTC))        # frozen; real time without argument
    config = SandboxConfig(invoices=2000, ready_after=60, package_size=50, clock=clock)
    with SandboxServer(config) as sat:                                  # listening on 127.0.0.1:<free port>
        sat.url, sat.ret_url, sat.consulta_url                          # base URLs (CFDI, Retenciones, Consulta)
        clock.advance(120)                                              # requests move 1 → 2 → 3
        sat.faults.add("download", "http500", times=2)                  # or sat.faults.add_spec("…")
        sat.set_stuck(True)                                             # or a predicate over RequestRecord
        sat.release()                                                   # un-stick them again
        sat.request(request_id)                                         # the RequestRecord (count, downloads)

Paths (under ``url`` for CFDI, under ``url + "/ret"`` for Retenciones): ``/Autenticacion/Autenticacion.svc``,
``/SolicitaDescargaService.svc``, ``/VerificaSolicitudDescargaService.svc``, ``/DescargaMasivaService.svc``;
ConsultaCFDIService is answered on ``/ConsultaCFDIService.svc`` (and any path ending that way). Calls are
dispatched by SOAPAction (quoted or not), which must belong to the path's service; anything else, including
the pre-1.5 ``SolicitaDescarga`` action, gets WCF's ``a:ActionNotSupported`` fault (HTTP 500).

Token errors: calls with a missing, unknown, revoked or expired ``Authorization: WRAP access_token="…"`` are
answered, by default, with HTTP 200 and the operation's normal answer carrying ``CodEstatus 300`` "Usuario No
Válido" (verification: ``EstadoSolicitud 0``). SAT's documentation lists 300 for every operation, and the
third-party clients we drive (satcfdi, cfdiclient) turn any non-200 status into an opaque exception while they
parse a 300 as a normal answer. ``SandboxConfig(token_error="http401")`` answers HTTP 401 with a SOAP fault
instead, which is what the app's own client (desktop_app.core.sat) treats as "authenticate again".

Order of checks on signed calls, as SAT reports them: token (300) → signature (302 "Sello Mal Formado") →
signing certificate is the token's (300) → FIEL, not CSD (305) → certificate valid now (304) →
RfcSolicitante is the certificate's RFC (300) → RfcEmisor (Emitidos) / RfcReceptor (Recibidos) is it (303) →
the operation's rules.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import html
import io
import json
import logging
import math
import re
import socket
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.xmlsafe import parse as parse_xml
from desktop_app.sandbox import packages, soap
from desktop_app.sandbox.clock import SandboxClock, to_mexico_naive
from desktop_app.sandbox.config import SandboxConfig
from desktop_app.sandbox.faults import Fault, FaultSet
from desktop_app.sandbox.state import RequestRecord, SandboxState, TokenRecord
from desktop_app.sandbox.xmldsig import SOAP, SignatureError, SignedBy, verify_authentication, verify_enveloped

log = logging.getLogger("desktop_app.sandbox")

NS_DES = soap.NS_DES
NS_AUTH = soap.NS_AUTH
NS_TEMPURI = "http://tempuri.org/"
MAX_BODY = 16 * 1024 * 1024
# The fault of ``late_http500``: the operation ran, its answer never came back through WCF.
LATE_FAULT_MESSAGE = "The request channel timed out while waiting for a reply."

# SOAPAction → (service path, operation, fault category)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "http://DescargaMasivaTerceros.gob.mx/IAutenticacion/Autentica": ("auth", "Autentica", "auth"),
    f"{NS_DES}/ISolicitaDescargaService/SolicitaDescargaEmitidos": (
        "solicita",
        "SolicitaDescargaEmitidos",
        "query",
    ),
    f"{NS_DES}/ISolicitaDescargaService/SolicitaDescargaRecibidos": (
        "solicita",
        "SolicitaDescargaRecibidos",
        "query",
    ),
    f"{NS_DES}/ISolicitaDescargaService/SolicitaDescargaFolio": ("solicita", "SolicitaDescargaFolio", "query"),
    f"{NS_DES}/IVerificaSolicitudDescargaService/VerificaSolicitudDescarga": (
        "verifica",
        "VerificaSolicitudDescarga",
        "verify",
    ),
    f"{NS_DES}/IDescargaMasivaTercerosService/Descargar": (
        "descarga",
        "PeticionDescargaMasivaTercerosEntrada",
        "download",
    ),
    "http://tempuri.org/IConsultaCFDIService/Consulta": ("consulta", "Consulta", "consulta"),
}
PATHS = {
    "/Autenticacion/Autenticacion.svc": "auth",
    "/SolicitaDescargaService.svc": "solicita",
    "/VerificaSolicitudDescargaService.svc": "verifica",
    "/DescargaMasivaService.svc": "descarga",
    "/ConsultaCFDIService.svc": "consulta",
}
OPERATION_KIND = {
    "SolicitaDescargaEmitidos": "emitidos",
    "SolicitaDescargaRecibidos": "recibidos",
    "SolicitaDescargaFolio": "folio",
}
MAL_FORMADO = "XML Mal Formado:La solicitud de descarga no es válida. "
JWT_HEADER = {"alg": "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256", "typ": "JWT"}
ISSUERS = {"cfdi": "LoadSolicitudDecargaMasivaTerceros", "retenciones": "LoadServicioDecargaMasivaTercerosRet"}
TIPOS_COMPROBANTE = ("I", "E", "T", "N", "P")
ESTADOS = {"todos": "Todos", "vigente": "Vigente", "cancelado": "Cancelado"}
FOLIO_FORBIDDEN = (
    "FechaInicial",
    "FechaFinal",
    "RfcEmisor",
    "RfcReceptor",
    "TipoComprobante",
    "EstadoComprobante",
    "RfcACuentaTerceros",
    "Complemento",
)


@dataclass
class Answer:
    """One HTTP answer: a body, or a head + a package file streamed as base64 + a tail."""

    status: int = 200
    body: bytes = b""
    stream_file: Path | None = None
    tail: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def length(self) -> int:
        if self.stream_file is None:
            return len(self.body)
        size = self.stream_file.stat().st_size
        return len(self.body) + 4 * math.ceil(size / 3) + len(self.tail)

    def chunks(self):
        yield self.body
        if self.stream_file is not None:
            with self.stream_file.open("rb") as fh:
                while block := fh.read(3 * 64 * 1024):
                    yield base64.b64encode(block)
            yield self.tail


class _Refusal(Exception):
    """A business error answered in the operation's normal shape."""

    def __init__(
        self, code: str, mensaje: str | None = None, *, id_solicitud: str | None = None, rfc: str | None = None
    ) -> None:
        super().__init__(code)
        self.code = code
        self.mensaje = mensaje or soap.MESSAGES.get(code, "")
        self.id_solicitud = id_solicitud
        self.rfc = rfc


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class SandboxServer:
    """The SAT simulator. ``start()`` returns once it listens; ``stop()`` or the context manager ends it."""

    def __init__(self, config: SandboxConfig | None = None, **overrides: Any) -> None:
        self.config = config or SandboxConfig()
        for key, value in overrides.items():
            setattr(self.config, key, value)
        self.clock: SandboxClock = self.config.clock
        self.faults = FaultSet(self.config.seed)
        for item in self.config.faults:
            if isinstance(item, Fault):
                self.faults.add_fault(item)
            else:
                self.faults.add_spec(str(item))
        self.state = SandboxState(self.config.state_file)
        self.world: Any = self.config.world
        self._stuck = self.config.stuck
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._package_locks: dict[str, threading.Lock] = {}
        self._package_files: dict[str, Path] = {}
        self._indices: dict[str, list[int]] = {}  # request id → matching world indices (a few, recent)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> SandboxServer:
        if self._httpd is not None:
            return self
        if self.world is None:
            from desktop_app.sandbox.world import World

            self.world = World(seed=self.config.seed, invoices=self.config.invoices)
        self._tmp = tempfile.TemporaryDirectory(prefix="sat-sandbox-")
        httpd = _HTTPServer((self.config.host, self.config.port), _Handler)
        httpd.sandbox = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="sat-sandbox", daemon=True
        )
        self._thread.start()
        log.info("SAT sandbox listening on %s", self.url)
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.state.save()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        self._package_files.clear()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the sandbox is not running")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    @property
    def ret_url(self) -> str:
        return self.url + "/ret"

    @property
    def consulta_url(self) -> str:
        """Base URL of ConsultaCFDIService (``DESCARGA_MASIVA_CONSULTA_URL``): the service is at
        ``consulta_url + "/ConsultaCFDIService.svc"``; any path ending in ``/ConsultaCFDIService.svc`` works."""
        return self.url

    # ------------------------------------------------------------------ controls for tests and the CLI
    def set_stuck(self, stuck: bool | Any) -> None:
        """Keep *new* requests in state 1: ``True`` for all, ``False`` for none, or a predicate(RequestRecord)."""
        self._stuck = stuck

    def release(self, request_id: str | None = None) -> None:
        """Un-stick one (or every) stuck request; its lifecycle starts again from now."""
        with self.state.lock:
            for record in self.state.requests.values():
                if record.stuck and (request_id is None or record.id == request_id.upper()):
                    record.stuck = False
                    record.created_at = _iso(self.clock.now())
            self.state.save()

    def request(self, request_id: str) -> RequestRecord | None:
        return self.state.requests.get(request_id.upper())

    def request_state(self, record: RequestRecord) -> tuple[int, str, int, list[str]]:
        """(EstadoSolicitud, CodigoEstadoSolicitud, NumeroCFDIs, package ids) of a request right now."""
        now = self.clock.now()
        if record.stuck:
            return 1, "5000", 0, []
        step = self.config.ready_after
        elapsed = (now - record.created).total_seconds()
        if step > 0 and elapsed < step:
            return 1, "5000", 0, []
        if step > 0 and elapsed < 2 * step:
            return 2, "5000", 0, []
        if record.count == 0:
            return 5, "5004", 0, []
        if record.count > self._limit(record):
            return 5, "5003", 0, []
        finished = record.created + timedelta(seconds=2 * step)
        if now >= finished + timedelta(seconds=self.config.package_lifetime):
            return 6, "5000", 0, []
        return 3, "5000", record.count, packages.package_ids(record, self.config.package_size)

    def _limit(self, record: RequestRecord) -> int:
        if record.params.get("TipoSolicitud") == "Metadata":
            return self.config.max_metadata_results
        return self.config.max_cfdi_results

    # ------------------------------------------------------------------ request handling
    def handle(self, path: str, headers: Any, body: bytes) -> Answer | None:
        """Answer one POST; None means: drop the connection without answering."""
        path = path.split("?", 1)[0].rstrip("/") or "/"
        family = "cfdi"
        if path == "/ret" or path.startswith("/ret/"):
            family = "retenciones"
            path = path[4:] or "/"
        service = PATHS.get(path)
        if service is None and path.endswith("/ConsultaCFDIService.svc"):
            service = "consulta"
        if service is None:
            return Answer(404, b"", headers={"Content-Type": "text/html"})
        action = (headers.get("SOAPAction") or "").strip().strip('"').strip()
        target = ACTIONS.get(action)
        if target is None or target[0] != service:
            return Answer(500, soap.action_not_supported_fault(action))
        _, operation, category = target
        fired = self.faults.draw(category)
        for fault in fired:
            if fault.kind == "delay":
                time.sleep(fault.seconds if fault.seconds is not None else 5.0)
        kinds = {fault.kind: fault for fault in fired}
        if "drop" in kinds:
            return None
        if "http500" in kinds:
            return Answer(500, soap.internal_fault())
        if "error404" in kinds:
            if operation in ("Autentica", "Consulta"):  # no CodEstatus in these answers: a fault instead
                return Answer(500, soap.fault("InternalServiceFault", soap.NS_DISPATCHER, "Error no controlado."))
            return Answer(200, self._error_body(operation, _Refusal("404")))
        if "token_expiry" in kinds and category in ("query", "verify", "download"):
            self._revoke(headers.get("Authorization"))
        try:
            root = parse_xml(body, code="bad_request")
        except AppError as exc:
            return Answer(400, soap.bad_request_fault(exc.message))
        try:
            if operation == "Autentica":
                answer = self._autentica(root, family, kinds.get("token_expiry"))
            elif operation == "Consulta":
                answer = self._consulta(root)
            else:
                answer = self._signed_operation(operation, root, headers, family, kinds)
        except _Refusal as refusal:
            answer = Answer(200, self._error_body(operation, refusal))
        if "late_http500" in kinds:
            return Answer(500, soap.fault("InternalServiceFault", soap.NS_DISPATCHER, LATE_FAULT_MESSAGE))
        if "truncate" in kinds:
            data = b"".join(answer.chunks())
            answer = Answer(answer.status, data[: len(data) // 2], headers=answer.headers)
        return answer

    @staticmethod
    def _error_body(operation: str, refusal: _Refusal) -> bytes:
        code, mensaje = refusal.code, refusal.mensaje
        if operation in OPERATION_KIND:
            return soap.solicita_response(
                operation, code, id_solicitud=refusal.id_solicitud, rfc=refusal.rfc, mensaje=mensaje
            )
        if operation == "VerificaSolicitudDescarga":
            return soap.verifica_response(code, estado=0, codigo_estado=None, numero=0, mensaje=mensaje)
        if operation == "PeticionDescargaMasivaTercerosEntrada":
            return soap.descarga_response(code, mensaje)
        return soap.internal_fault()

    # ------------------------------------------------------------------ Autentica
    def _autentica(self, root: etree._Element, family: str, early: Fault | None) -> Answer:
        body = root.find(f"{{{SOAP}}}Body")
        if body is None or body.find(f"{{{NS_AUTH}}}Autentica") is None:
            return Answer(500, soap.action_not_supported_fault("Autentica"))
        now = self.clock.now()
        try:
            signer = verify_authentication(root, now)
        except SignatureError as exc:
            log.info("Autentica refused: %s", exc)
            return Answer(500, soap.invalid_security_fault())
        token = self._issue_token(signer, family, now)
        if early is not None:
            with self.state.lock:
                record = self.state.tokens[token]
                record.expires_at = _iso(now + timedelta(seconds=early.seconds or 0))
        self.state.save()
        return Answer(200, soap.autentica_response(token, now, now + timedelta(seconds=300)))

    def _issue_token(self, signer: SignedBy, family: str, now: datetime) -> str:
        subject = signer.info.serial_number.encode("ascii").hex()
        iat = int(now.timestamp())
        claims = {"nbf": iat, "exp": iat + 600, "iat": iat, "iss": ISSUERS[family], "actort": subject}
        signing_input = (
            _b64url(json.dumps(JWT_HEADER, separators=(",", ":")).encode())
            + "."
            + _b64url(json.dumps(claims, separators=(",", ":")).encode())
        )
        mac = hmac.new(bytes.fromhex(self.state.secret), signing_input.encode(), hashlib.sha256).digest()
        token = f"{signing_input}.{_b64url(mac)}%26wrap_subject%3d{subject}"
        with self.state.lock:
            stale = now - timedelta(days=1)
            for old in [t for t in self.state.tokens.values() if datetime.fromisoformat(t.expires_at) < stale]:
                del self.state.tokens[old.token]
            previous = self.state.tokens.get(token)
            self.state.tokens[token] = TokenRecord(
                token=token,
                rfc=signer.info.rfc,
                serial_number=signer.info.serial_number,
                certificate_sha1=hashlib.sha1(signer.info.der).hexdigest(),
                family=family,
                issued_at=_iso(now),
                expires_at=_iso(now + timedelta(seconds=self.config.token_lifetime)),
                requests=previous.requests if previous else [],
            )
        return token

    @staticmethod
    def _token_from_header(value: str | None) -> str:
        text = (value or "").strip()
        if not text.upper().startswith("WRAP"):
            return ""
        text = text[4:].strip()
        name, _, token = text.partition("=")
        if name.strip() != "access_token":
            return ""
        return token.strip().strip('"')

    def _revoke(self, header: str | None) -> None:
        token = self._token_from_header(header)
        with self.state.lock:
            record = self.state.tokens.get(token)
            if record is not None:
                record.revoked = True
        self.state.save()

    def _check_token(self, header: str | None) -> TokenRecord | None:
        token = self._token_from_header(header)
        with self.state.lock:
            record = self.state.tokens.get(token)
        if record is None or record.revoked:
            return None
        if self.clock.now() >= datetime.fromisoformat(record.expires_at):
            return None
        return record

    # ------------------------------------------------------------------ signed operations
    def _signed_operation(
        self, operation: str, root: etree._Element, headers: Any, family: str, kinds: dict[str, Fault]
    ) -> Answer:
        token = self._check_token(headers.get("Authorization"))
        if token is None:
            if self.config.token_error == "http401":  # noqa: S105 - a mode name
                return Answer(401, soap.unauthorized_fault())
            raise _Refusal("300")
        body = root.find(f"{{{SOAP}}}Body")
        op_el = body.find(f"{{{NS_DES}}}{operation}") if body is not None else None
        if op_el is None:
            raise _Refusal("301", "XML Mal Formado")
        request_name = "peticionDescarga" if operation == "PeticionDescargaMasivaTercerosEntrada" else "solicitud"
        request_el = op_el.find(f"{{{NS_DES}}}{request_name}")
        if request_el is None:
            raise _Refusal("301", "XML Mal Formado")
        try:
            signer = verify_enveloped(op_el, request_el)
        except SignatureError as exc:
            log.info("%s: bad seal: %s", operation, exc)
            raise _Refusal("302") from None
        if hashlib.sha1(signer.info.der).hexdigest() != token.certificate_sha1:
            raise _Refusal("300")
        if signer.info.kind != "fiel":
            raise _Refusal("305")
        if not signer.info.is_valid_at(self.clock.now()):
            raise _Refusal("304")
        rfc = signer.info.rfc
        solicitante = (request_el.get("RfcSolicitante") or "").strip().upper()
        if operation == "SolicitaDescargaFolio" and not solicitante:
            raise _Refusal("301", MAL_FORMADO + "El RfcSolicitante es requerido.")
        if solicitante and solicitante != rfc:
            raise _Refusal("300")
        if operation in OPERATION_KIND:
            return self._solicita(operation, request_el, rfc, family, token)
        if operation == "VerificaSolicitudDescarga":
            return self._verifica(request_el, rfc, family)
        return self._descarga(request_el, rfc, family, kinds)

    # ------------------------------------------------------------------ Solicita
    def _solicita(
        self, operation: str, request_el: etree._Element, rfc: str, family: str, token: TokenRecord
    ) -> Answer:
        kind = OPERATION_KIND[operation]
        params = self._query_params(kind, request_el, rfc)
        now = self.clock.now()
        at = to_mexico_naive(now)
        record = RequestRecord(
            id=str(uuid.uuid4()).upper(),
            family=family,
            rfc=rfc,
            operation=kind,
            params=params,
            key=json.dumps([family, kind, rfc, params], sort_keys=True, ensure_ascii=False),
            created_at=_iso(now),
            at=at.isoformat(),
            count=0,
        )
        if kind == "folio":
            header = packages.folio_header(self.world, rfc, params["Folio"], family)
            if header is None:
                # As captured in production: 5004 on the Solicita call itself, with an IdSolicitud.
                raise _Refusal("5004", id_solicitud=record.id, rfc=rfc)
            if header.receiver_rfc == rfc and header.issuer_rfc != rfc and header.status_at(at) != "Vigente":
                raise _Refusal("5012", rfc=rfc)
        # Count outside the lock (it may walk many documents), then re-check the quotas under it.
        self._check_quotas(record)
        record.count = packages.count_results(self.world, record)
        stuck = self._stuck
        record.stuck = bool(stuck(record) if callable(stuck) else stuck)
        with self.state.lock:
            self._check_quotas(record)
            self.state.requests[record.id] = record
            token.requests.append(record.id)
        self.state.save()
        log.info("%s %s accepted: %s (%d documents)", family, operation, record.id, record.count)
        return Answer(
            200,
            soap.solicita_response(operation, "5000", id_solicitud=record.id, rfc=rfc, mensaje="Solicitud Aceptada"),
        )

    def _check_quotas(self, record: RequestRecord) -> None:
        with self.state.lock:
            same = [r for r in self.state.requests.values() if r.key == record.key]
            if len(same) >= self.config.lifetime_requests:
                raise _Refusal("5002", id_solicitud=record.id, rfc=record.rfc)
            if any(self.request_state(r)[0] in (1, 2) for r in same):
                raise _Refusal("5005", id_solicitud=record.id, rfc=record.rfc)

    def _query_params(self, kind: str, el: etree._Element, rfc: str) -> dict[str, Any]:
        attrs = {k: (v or "").strip() for k, v in el.attrib.items() if (v or "").strip()}
        if kind == "folio":
            present = [name for name in FOLIO_FORBIDDEN if name in attrs]
            if present:
                raise _Refusal("301", MAL_FORMADO + "La consulta por folio no admite " + ", ".join(present) + ".")
            folio = attrs.get("Folio", "")
            try:
                folio = str(uuid.UUID(folio)).upper()
            except ValueError:
                raise _Refusal("301", MAL_FORMADO + "El Folio no es un UUID válido.") from None
            return {"Folio": folio}
        params: dict[str, Any] = {}
        start = self._parse_date(attrs.get("FechaInicial"), "FechaInicial")
        end = self._parse_date(attrs.get("FechaFinal"), "FechaFinal")
        if start >= end:
            raise _Refusal("301", MAL_FORMADO + "La fecha inicial es mayor o igual a la fecha final.")
        today = self.clock.now_mexico().date()
        try:
            floor = today.replace(year=today.year - 6)
        except ValueError:  # 29 February
            floor = date(today.year - 6, 2, 28)
        if start < datetime.combine(floor, datetime.min.time()):
            raise _Refusal("301", MAL_FORMADO + "La fecha inicial no puede ser anterior a seis ejercicios fiscales.")
        params["FechaInicial"] = start.isoformat()
        params["FechaFinal"] = end.isoformat()
        tipo = attrs.get("TipoSolicitud", "")
        tipo = {"cfdi": "CFDI", "metadata": "Metadata", "retencion": "CFDI"}.get(tipo.lower(), "")
        if not tipo:
            raise _Refusal("301", MAL_FORMADO + "El TipoSolicitud no es válido.")
        params["TipoSolicitud"] = tipo
        estado = ESTADOS.get(attrs.get("EstadoComprobante", "Vigente").lower())
        if estado is None:
            raise _Refusal("301", MAL_FORMADO + "El EstadoComprobante no es válido.")
        params["EstadoComprobante"] = estado
        tipo_comprobante = attrs.get("TipoComprobante", "").upper()
        if tipo_comprobante:
            if tipo_comprobante not in TIPOS_COMPROBANTE:
                raise _Refusal("301", MAL_FORMADO + "El TipoComprobante no es válido.")
            params["TipoComprobante"] = tipo_comprobante
        for name in ("RfcACuentaTerceros", "Complemento"):
            if attrs.get(name):
                params[name] = attrs[name].upper() if name.startswith("Rfc") else attrs[name]
        if kind == "emitidos":
            emisor = attrs.get("RfcEmisor", "").upper()
            if not emisor:
                raise _Refusal("301", MAL_FORMADO + "El RfcEmisor es requerido.")
            if emisor != rfc:
                raise _Refusal("303")
            receivers = [
                (child.text or "").strip().upper()
                for child in el.iter(f"{{{NS_DES}}}RfcReceptor")
                if (child.text or "").strip()
            ]
            if attrs.get("RfcReceptor"):
                receivers.append(attrs["RfcReceptor"].upper())
            receivers = sorted(set(receivers))
            if len(receivers) > 5:
                raise _Refusal("301", MAL_FORMADO + "Se permiten como máximo 5 RfcReceptor.")
            if receivers:
                params["RfcReceptores"] = receivers
        else:
            receptor = attrs.get("RfcReceptor", "").upper()
            if not receptor:
                raise _Refusal("301", MAL_FORMADO + "El RfcReceptor es requerido.")
            if receptor != rfc:
                raise _Refusal("303")
            if attrs.get("RfcEmisor"):
                params["RfcEmisor"] = attrs["RfcEmisor"].upper()
            if tipo == "CFDI" and estado != "Vigente":
                raise _Refusal("301", MAL_FORMADO + "No se permite la descarga de xml que se encuentren cancelados.")
        return params

    @staticmethod
    def _parse_date(value: str | None, name: str) -> datetime:
        if not value:
            raise _Refusal("301", MAL_FORMADO + f"La {name} es requerida.")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _Refusal("301", MAL_FORMADO + f"La {name} no tiene un formato válido.") from None
        return moment.replace(tzinfo=None, microsecond=0)

    # ------------------------------------------------------------------ Verifica
    def _verifica(self, el: etree._Element, rfc: str, family: str) -> Answer:
        request_id = (el.get("IdSolicitud") or "").strip().upper()
        if not request_id:
            raise _Refusal("301", "XML Mal Formado")
        record = self.state.requests.get(request_id)
        if record is None or record.rfc != rfc or record.family != family:
            raise _Refusal("5004")
        estado, codigo, numero, ids = self.request_state(record)
        return Answer(
            200,
            soap.verifica_response(
                "5000", estado=estado, codigo_estado=codigo, numero=numero, mensaje="Solicitud Aceptada", paquetes=ids
            ),
        )

    # ------------------------------------------------------------------ Descargar
    def _descarga(self, el: etree._Element, rfc: str, family: str, kinds: dict[str, Fault]) -> Answer:
        package = (el.get("IdPaquete") or "").strip()
        parts = packages.split_package_id(package)
        if parts is None:
            raise _Refusal("5004")
        request_id, number = parts
        record = self.state.requests.get(request_id)
        if record is None or record.rfc != rfc or record.family != family:
            raise _Refusal("5004")
        estado, _, _, ids = self.request_state(record)
        if estado == 6:
            raise _Refusal("5007")
        package_id = packages.package_id(record.id, number)
        if estado != 3 or package_id not in ids or "not_found" in kinds:
            raise _Refusal("5004")
        with self.state.lock:
            if record.downloads.get(package_id, 0) >= self.config.package_downloads:
                raise _Refusal("5008")
            record.downloads[package_id] = record.downloads.get(package_id, 0) + 1
        self.state.save()
        if "bad_base64" in kinds:
            return Answer(200, soap.descarga_response("5000", "Solicitud Aceptada", "UEsDBB*%not-base64%*=="))
        if "not_zip" in kinds:
            junk = base64.b64encode(b"<html><body>Service Unavailable</body></html>").decode("ascii")
            return Answer(200, soap.descarga_response("5000", "Solicitud Aceptada", junk))
        path = self._package_file(record, number, package_id)
        if "corrupt_entry" in kinds or "empty_zip" in kinds:
            data = _corrupt_first_entry(path.read_bytes()) if "corrupt_entry" in kinds else _EMPTY_ZIP
            return Answer(200, soap.descarga_response("5000", "Solicitud Aceptada", base64.b64encode(data).decode()))
        head, tail = soap.descarga_parts("5000", "Solicitud Aceptada")
        return Answer(200, head, stream_file=path, tail=tail)

    def _package_file(self, record: RequestRecord, number: int, package_id: str) -> Path:
        with self.state.lock:
            lock = self._package_locks.setdefault(package_id, threading.Lock())
        with lock:
            path = self._package_files.get(package_id)
            if path is not None and path.exists():
                return path
            assert self._tmp is not None
            target = Path(self._tmp.name) / f"{package_id}.zip"
            indices = self._indices.get(record.id)
            if indices is None:
                indices = packages.result_indices(self.world, record)
                while len(self._indices) >= 8:
                    self._indices.pop(next(iter(self._indices)))
                self._indices[record.id] = indices
            packages.build_package(self.world, record, number, self.config.package_size, target, indices)
            self._package_files[package_id] = target
            return target

    # ------------------------------------------------------------------ ConsultaCFDIService
    def _consulta(self, root: etree._Element) -> Answer:
        expression = root.findtext(f"{{{SOAP}}}Body/{{{NS_TEMPURI}}}Consulta/{{{NS_TEMPURI}}}expresionImpresa")
        text = (expression or "").strip()
        query = text.split("?", 1)[1] if "?" in text else text
        # Not parse_qsl: RFCs may contain "&" (``T&S100415MH9``), so split only before a known key.
        # The expression carries RFCs XML-escaped ("P&amp;H…", as phpcfdi/cfdi-expresiones writes them); SAT
        # accepts that and the raw "&" alike.
        values = {m.group(1).lower(): html.unescape(m.group(2).strip()) for m in _EXPRESSION_FIELD.finditer(query)}
        uuid_text = values.get("id", "")
        try:
            uuid_text = str(uuid.UUID(uuid_text)).upper()
        except ValueError:
            uuid_text = ""
        if not uuid_text or not values.get("re") or not values.get("rr"):
            result = {
                "CodigoEstatus": "N - 601: La expresión impresa proporcionada no es válida.",
                "EsCancelable": None,
                "Estado": "No Encontrado",
                "EstatusCancelacion": None,
                "ValidacionEFOS": None,
            }
        else:
            result = self.world.consulta(
                uuid_text,
                values["re"].upper(),
                values["rr"].upper(),
                values.get("tt", ""),
                at=self.clock.now_mexico(),
            )
        return Answer(200, soap.consulta_response(result))


_EXPRESSION_FIELD = re.compile(r"(?:^|&)(id|re|rr|tt|fe)=(.*?)(?=&(?:id|re|rr|tt|fe)=|$)", re.IGNORECASE | re.DOTALL)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # The listen backlog. socketserver's default of 5 overflowed when 20-50 clients connected at once (the
    # accept loop shares the GIL with the test's threads): 1-3 % of the connections hung until the client gave
    # up, or were reset. The kernel caps it at net.core.somaxconn (4096 on current Linux).
    request_queue_size = 128
    sandbox: SandboxServer


class _DeadlineReader(io.RawIOBase):
    """The read side of a connection, every ``recv`` bounded by the time left to the handler's deadline.

    A plain socket timeout bounds each ``recv`` alone: a client sending one byte every few seconds would hold
    its thread forever. This bounds the whole request (request line, headers and body) instead.
    """

    def __init__(self, sock: socket.socket, handler: _Handler) -> None:
        self._sock = sock
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._handler.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the client did not send its request in time")
        self._sock.settimeout(left)
        try:
            return self._sock.recv_into(buffer)
        finally:
            self._sock.settimeout(self._handler.timeout)  # writes: each send within the timeout


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""

    deadline = math.inf  # time.monotonic() by which the request being read must have arrived

    def setup(self) -> None:
        # Each connection: a request (or the idle wait for the next one on a kept-alive connection) must arrive
        # within ``connection_timeout`` seconds, and each write must make progress within it; a client that
        # connects and sends nothing, or trickles, is disconnected and its thread freed.
        self.timeout = self.server.sandbox.config.connection_timeout or None
        super().setup()  # applies self.timeout to the socket
        # Headers and body go out in separate writes: without this, Nagle + delayed ACK add ~40 ms per call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.timeout is not None:
            self.rfile.close()  # the socket's own reader: the deadline reader replaces it
            self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self))

    def handle_one_request(self) -> None:
        if self.timeout is not None:
            self.deadline = time.monotonic() + self.timeout
        super().handle_one_request()  # a TimeoutError while reading or writing closes the connection

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header by the sandbox's clock, as SAT's by its own (``debug`` compares the app's clock with
        it)."""
        if timestamp is None:
            timestamp = self.server.sandbox.clock.now().timestamp()
        return super().date_time_string(timestamp)

    def do_GET(self) -> None:
        body = b"SAT Descarga Masiva sandbox: POST SOAP requests here."
        self.send_response(200 if self.path.split("?")[0].endswith(".svc") else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.send_error(413 if length > MAX_BODY else 400)
            return
        body = self.rfile.read(length) if length else b""
        try:
            answer = self.server.sandbox.handle(self.path, self.headers, body)
        except Exception:
            log.exception("sandbox error on %s", self.path)
            answer = Answer(500, soap.internal_fault())
        if answer is None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        length = answer.length()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.headers.get("Content-Type", "text/xml; charset=utf-8"))
        self.send_header("Content-Length", str(length))
        self.end_headers()
        try:
            for chunk in answer.chunks():
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


# A ZIP archive of no entry: its end-of-central-directory record alone.
_EMPTY_ZIP = b"PK\x05\x06" + bytes(18)


def _corrupt_first_entry(data: bytes) -> bytes:
    """The package with the CRC-32 its central directory gives the first entry changed: reading that entry fails
    its check (``zipfile.BadZipFile: Bad CRC-32``) while the archive still opens and lists every entry."""
    at = data.index(b"PK\x01\x02") + 16
    crc = bytes(b ^ 0xFF for b in data[at : at + 4])
    return data[:at] + crc + data[at + 4 :]
