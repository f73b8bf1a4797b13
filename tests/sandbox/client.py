"""A minimal SAT client for the sandbox tests: signs with tests/sandbox/signer.py, parses with lxml."""

from __future__ import annotations

import base64
from datetime import datetime

import httpx
from lxml import etree

from tests.sandbox import signer

DES = signer.DES
SOAP = signer.SOAP


class Reply:
    def __init__(self, response: httpx.Response) -> None:
        self.http = response
        self.status = response.status_code
        parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
        self.root = etree.fromstring(response.content, parser) if response.content.startswith(b"<") else None

    def find(self, path: str):
        return self.root.find(path) if self.root is not None else None

    @property
    def fault(self) -> str | None:
        code = self.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault/faultcode")
        return code.text if code is not None else None


class SatTestClient:
    def __init__(self, base_url: str, cred: signer.Credential | None = None, *, style: str = "phpcfdi") -> None:
        self.base = base_url
        self.cred = cred or signer.fiel()
        self.style = style
        self.http = httpx.Client(timeout=30)
        self.token: str | None = None

    def close(self) -> None:
        self.http.close()

    def post(self, path: str, action: str, data: bytes, token: str | None = None) -> Reply:
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": action}
        if token:
            headers["Authorization"] = f'WRAP access_token="{token}"'
        return Reply(self.http.post(self.base + path, content=data, headers=headers))

    def authenticate(self, created: datetime, **kwargs) -> Reply:
        reply = self.post(
            "/Autenticacion/Autenticacion.svc",
            signer.AUTH_ACTION,
            signer.auth_envelope(kwargs.pop("cred", self.cred), created, **kwargs),
        )
        result = reply.find(
            f"{{{SOAP}}}Body/{{http://DescargaMasivaTerceros.gob.mx}}AutenticaResponse/"
            "{http://DescargaMasivaTerceros.gob.mx}AutenticaResult"
        )
        if result is not None:
            self.token = result.text
        return reply

    def _signed(self, path: str, operation: str, attrs: dict, *, token=..., cred=None, **kwargs) -> Reply:
        data = signer.signed_request(
            cred or self.cred, operation, attrs, style=kwargs.pop("style", self.style), **kwargs
        )
        return self.post(path, signer.ACTIONS[operation], data, self.token if token is ... else token)

    def solicita(self, operation: str, attrs: dict, **kwargs) -> dict:
        reply = self._signed("/SolicitaDescargaService.svc", operation, attrs, **kwargs)
        result = reply.find(f"{{{SOAP}}}Body/{{{DES}}}{operation}Response/{{{DES}}}{operation}Result")
        out = dict(result.attrib) if result is not None else {}
        out["_reply"] = reply
        return out

    def emitidos(self, start: str, end: str, **attrs) -> dict:
        receptores = attrs.pop("receptores", ())
        options = {k: attrs.pop(k) for k in ("style", "tamper", "key", "cred", "token") if k in attrs}
        base = {
            "RfcSolicitante": self.cred.rfc,
            "RfcEmisor": self.cred.rfc,
            "FechaInicial": start,
            "FechaFinal": end,
            "TipoSolicitud": "CFDI",
            "EstadoComprobante": "Todos",
        }
        base.update(attrs)
        return self.solicita("SolicitaDescargaEmitidos", base, receptores=receptores, **options)

    def recibidos(self, start: str, end: str, **attrs) -> dict:
        options = {k: attrs.pop(k) for k in ("style", "tamper", "key", "cred", "token") if k in attrs}
        base = {
            "RfcSolicitante": self.cred.rfc,
            "RfcReceptor": self.cred.rfc,
            "FechaInicial": start,
            "FechaFinal": end,
            "TipoSolicitud": "CFDI",
            "EstadoComprobante": "Vigente",
        }
        base.update(attrs)
        return self.solicita("SolicitaDescargaRecibidos", base, **options)

    def folio(self, folio: str, **attrs) -> dict:
        options = {k: attrs.pop(k) for k in ("style", "tamper", "key", "cred", "token") if k in attrs}
        base = {"RfcSolicitante": self.cred.rfc, "Folio": folio}
        base.update(attrs)
        return self.solicita("SolicitaDescargaFolio", base, **options)

    def verifica(self, request_id: str, **kwargs) -> dict:
        attrs = {"RfcSolicitante": kwargs.pop("rfc", self.cred.rfc), "IdSolicitud": request_id}
        reply = self._signed("/VerificaSolicitudDescargaService.svc", "VerificaSolicitudDescarga", attrs, **kwargs)
        result = reply.find(
            f"{{{SOAP}}}Body/{{{DES}}}VerificaSolicitudDescargaResponse/{{{DES}}}VerificaSolicitudDescargaResult"
        )
        out = dict(result.attrib) if result is not None else {}
        if result is not None:
            out["IdsPaquetes"] = [e.text for e in result.findall(f"{{{DES}}}IdsPaquetes")]
        out["_reply"] = reply
        return out

    def descarga(self, package_id: str, **kwargs) -> dict:
        attrs = {"RfcSolicitante": kwargs.pop("rfc", self.cred.rfc), "IdPaquete": package_id}
        reply = self._signed("/DescargaMasivaService.svc", "PeticionDescargaMasivaTercerosEntrada", attrs, **kwargs)
        header = reply.find(f"{{{SOAP}}}Header/{{{DES}}}respuesta")
        out = dict(header.attrib) if header is not None else {}
        paquete = reply.find(f"{{{SOAP}}}Body/{{{DES}}}RespuestaDescargaMasivaTercerosSalida/{{{DES}}}Paquete")
        out["Paquete"] = paquete.text if paquete is not None else None
        out["_reply"] = reply
        return out

    @staticmethod
    def zip_bytes(result: dict) -> bytes:
        return base64.b64decode(result["Paquete"], validate=True)
