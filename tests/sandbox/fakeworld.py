"""A tiny, fully known world with the same API as ``desktop_app.sandbox.world.World``.

Rule and quota tests need exact counts; this world gives them without depending on the synthetic one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

RFC = "EKU9003173C9"
OTHER = "XAXX010101000"
METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~"
    "FechaCertificacionSat~Monto~EfectoComprobante~Estatus~FechaCancelacion"
)


@dataclass(frozen=True)
class Header:
    index: int
    uuid: str
    family: str
    version: str
    issuer_rfc: str
    issuer_name: str
    receiver_rfc: str
    receiver_name: str
    issue_date: datetime
    stamp_date: datetime
    doc_type: str
    total: Decimal
    cancelled_at: datetime | None
    pac_rfc: str
    third_party_rfc: str | None
    third_party_name: str | None
    complements: tuple[str, ...]

    def status_at(self, moment: datetime | None) -> str:
        if self.cancelled_at is not None and (moment is None or self.cancelled_at <= moment):
            return "Cancelado"
        return "Vigente"


def _uuid(i: int) -> str:
    return f"{i:08X}-AAAA-4BBB-8CCC-{i:012X}"


class FakeWorld:
    """May 2026: 30 issued by RFC (every 5th cancelled, every 7th with a third party), 12 received by RFC
    (the 3rd cancelled), 5 between other parties; one retenciones document issued by RFC."""

    def __init__(self) -> None:
        self.headers: list[Header] = []
        base = datetime(2026, 5, 1, 8, 0, 0)
        counterparts = ["AAA010101AAA", "BBB010101BBB", "CCC010101CCC", "DDD010101DDD", "EEE010101EEE", "FFF010101FFF"]
        for n in range(30):
            when = base + timedelta(hours=20 * n)
            self._add("cfdi", RFC, counterparts[n % 6], when, "IEPNT"[n % 5], cancelled=n % 5 == 4, third=n % 7 == 0)
        for n in range(12):
            when = base + timedelta(hours=50 * n + 3)
            self._add("cfdi", counterparts[n % 3], RFC, when, "I", cancelled=n == 2, third=False)
        for n in range(5):
            self._add("cfdi", OTHER, "AAA010101AAA", base + timedelta(days=n), "I", cancelled=False, third=False)
        self._add("retenciones", RFC, "AAA010101AAA", base + timedelta(days=3), "R", cancelled=False, third=False)

    def _add(self, family, issuer, receiver, when, doc_type, *, cancelled, third) -> None:
        index = len(self.headers)
        self.headers.append(
            Header(
                index=index,
                uuid=_uuid(index + 1),
                family=family,
                version="4.0" if family == "cfdi" else "2.0",
                issuer_rfc=issuer,
                issuer_name=f"Emisor {issuer}",
                receiver_rfc=receiver,
                receiver_name=f"Receptor {receiver}",
                issue_date=when,
                stamp_date=when + timedelta(minutes=3),
                doc_type=doc_type,
                total=Decimal("1160.00") + index,
                pac_rfc="SAT970701NN3",
                cancelled_at=when + timedelta(days=2) if cancelled else None,
                third_party_rfc="TER010101AAA" if third else None,
                third_party_name="Tercero SA" if third else None,
                complements=(),
            )
        )

    def __len__(self) -> int:
        return len(self.headers)

    def header(self, index: int) -> Header:
        return self.headers[index]

    def find(
        self,
        *,
        rfc,
        direction,
        start,
        end,
        family="cfdi",
        doc_type=None,
        status="Todos",
        at=None,
        counterparts=(),
        third_party=None,
        complement=None,
    ) -> Iterator[Header]:
        for h in self.headers:
            if h.family != family or not (start <= h.issue_date <= end):
                continue
            mine, other = (h.issuer_rfc, h.receiver_rfc) if direction == "issued" else (h.receiver_rfc, h.issuer_rfc)
            if mine != rfc or (counterparts and other not in counterparts):
                continue
            if doc_type and h.doc_type != doc_type:
                continue
            if status != "Todos" and h.status_at(at) != status:
                continue
            if third_party and h.third_party_rfc != third_party:
                continue
            if complement and complement not in h.complements:
                continue
            yield h

    def count(self, **kwargs) -> int:
        return sum(1 for _ in self.find(**kwargs))

    def by_uuid(self, uuid: str) -> Header | None:
        return next((h for h in self.headers if h.uuid == uuid.upper()), None)

    def xml(self, header: Header | int) -> bytes:
        h = self.headers[header] if isinstance(header, int) else header
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
            'xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="4.0" '
            f'Fecha="{h.issue_date.isoformat()}" Total="{h.total}" TipoDeComprobante="{h.doc_type}">'
            f'<cfdi:Emisor Rfc="{h.issuer_rfc}"/><cfdi:Receptor Rfc="{h.receiver_rfc}"/>'
            f'<cfdi:Complemento><tfd:TimbreFiscalDigital Version="1.1" UUID="{h.uuid}"/></cfdi:Complemento>'
            "</cfdi:Comprobante>"
        ).encode()

    def metadata_line(self, header: Header, at: datetime | None = None) -> str:
        h = header
        cancelled = h.status_at(at) == "Cancelado"
        return "~".join(
            [
                h.uuid,
                h.issuer_rfc,
                h.issuer_name,
                h.receiver_rfc,
                h.receiver_name,
                h.pac_rfc,
                h.issue_date.strftime("%Y-%m-%d %H:%M:%S"),
                h.stamp_date.strftime("%Y-%m-%d %H:%M:%S"),
                f"{h.total:.2f}",
                h.doc_type,
                "0" if cancelled else "1",
                h.cancelled_at.strftime("%Y-%m-%d %H:%M:%S") if cancelled else "",
            ]
        )

    def third_party_line(self, header: Header) -> str | None:
        if not header.third_party_rfc:
            return None
        return f"{header.uuid}~{header.third_party_rfc}~{header.third_party_name}"

    def consulta(self, uuid, issuer_rfc, receiver_rfc, total, at=None) -> dict:
        h = self.by_uuid(uuid)
        if h is None or h.issuer_rfc != issuer_rfc or h.receiver_rfc != receiver_rfc:
            return {
                "CodigoEstatus": "N - 602: Comprobante no encontrado.",
                "Estado": "No Encontrado",
                "EsCancelable": None,
                "EstatusCancelacion": None,
                "ValidacionEFOS": None,
            }
        return {
            "CodigoEstatus": "S - Comprobante obtenido satisfactoriamente.",
            "Estado": h.status_at(at),
            "EsCancelable": "Cancelable sin aceptación",
            "EstatusCancelacion": None,
            "ValidacionEFOS": "200",
        }
