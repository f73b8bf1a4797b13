"""Which documents a request matches, and the package ZIPs SAT would hand out for them (sat-protocol.md §6).

Packages are built lazily, the first time one is downloaded, by streaming the world's documents into a ZIP
on disk: a 200,000-CFDI request never needs all its XML in memory. The ZIPs are deterministic (fixed entry
times), so a second download returns the same bytes.
"""

from __future__ import annotations

import itertools
import math
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.sandbox.state import RequestRecord

THIRD_PARTY_HEADER = "Uuid~RfcACuentaTerceros~NombreACuentaTerceros"
CRLF = "\r\n"


def metadata_header() -> str:
    try:
        from desktop_app.sandbox.world import METADATA_HEADER

        return METADATA_HEADER
    except ImportError:  # pragma: no cover - the world module is always there in the product
        return (
            "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~"
            "FechaCertificacionSat~Monto~EfectoComprobante~Estatus~FechaCancelacion"
        )


def find_kwargs(record: RequestRecord) -> dict[str, Any]:
    """The ``World.find``/``World.count`` arguments for an Emitidos/Recibidos request."""
    p = record.params
    counterparts: tuple[str, ...] = ()
    if record.operation == "emitidos":
        counterparts = tuple(p.get("RfcReceptores") or ())
    elif p.get("RfcEmisor"):
        counterparts = (p["RfcEmisor"],)
    return {
        "rfc": record.rfc,
        "direction": "issued" if record.operation == "emitidos" else "received",
        "start": datetime.fromisoformat(p["FechaInicial"]),
        "end": datetime.fromisoformat(p["FechaFinal"]),
        "family": record.family,
        "doc_type": p.get("TipoComprobante"),
        "status": p.get("EstadoComprobante", "Vigente"),
        "at": datetime.fromisoformat(record.at),
        "counterparts": counterparts,
        "third_party": p.get("RfcACuentaTerceros"),
        "complement": p.get("Complemento"),
    }


def folio_header(world: Any, record_or_rfc: RequestRecord | str, folio: str, family: str) -> Any | None:
    """The document a Folio request names, if it exists and belongs to the requester (issuer or receiver)."""
    rfc = record_or_rfc if isinstance(record_or_rfc, str) else record_or_rfc.rfc
    header = world.by_uuid(folio.upper())
    if header is None or header.family != family:
        return None
    if rfc not in (header.issuer_rfc, header.receiver_rfc):
        return None
    return header


def count_results(world: Any, record: RequestRecord) -> int:
    if record.operation == "folio":
        return 1 if folio_header(world, record, record.params["Folio"], record.family) is not None else 0
    return world.count(**find_kwargs(record))


def iter_results(world: Any, record: RequestRecord) -> Iterator[Any]:
    if record.operation == "folio":
        header = folio_header(world, record, record.params["Folio"], record.family)
        return iter([header] if header is not None else [])
    return iter(world.find(**find_kwargs(record)))


def package_count(record: RequestRecord, package_size: int) -> int:
    return math.ceil(record.count / package_size) if record.count else 0


def package_ids(record: RequestRecord, package_size: int) -> list[str]:
    return [package_id(record.id, n) for n in range(1, package_count(record, package_size) + 1)]


def package_id(request_id: str, number: int) -> str:
    """``<IdSolicitud>_01`` … ``_99``, ``_100`` (two digits at least)."""
    return f"{request_id}_{number:02d}"


def split_package_id(value: str) -> tuple[str, int] | None:
    request_id, sep, number = value.strip().rpartition("_")
    if not sep or not number.isdigit() or int(number) < 1:
        return None
    return request_id.upper(), int(number)


def _entry(name: str, moment: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(moment.year, 1980), moment.month, moment.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def result_indices(world: Any, record: RequestRecord) -> list[int]:
    """The world indices a request matches, in SAT's (date) order: small enough to keep per request."""
    return [header.index for header in iter_results(world, record)]


def build_package(
    world: Any,
    record: RequestRecord,
    number: int,
    package_size: int,
    target: Path,
    indices: list[int] | None = None,
) -> Path:
    """Write package ``number`` (1-based) of ``record`` to ``target`` and return it.

    ``indices`` (from :func:`result_indices`) saves re-running the query for every package of a big request.
    """
    start = (number - 1) * package_size
    if indices is not None:
        headers: Any = (world.header(i) for i in indices[start : start + package_size])
    else:
        headers = itertools.islice(iter_results(world, record), start, start + package_size)
    moment = datetime.fromisoformat(record.at)
    tmp = target.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        if record.params.get("TipoSolicitud") == "Metadata":
            _write_metadata(archive, world, record, number, headers, moment)
        else:
            for header in headers:
                archive.writestr(_entry(f"{header.uuid.lower()}.xml", moment), world.xml(header))
    tmp.replace(target)
    return target


def _write_metadata(
    archive: zipfile.ZipFile, world: Any, record: RequestRecord, number: int, headers: Any, moment: datetime
) -> None:
    at = datetime.fromisoformat(record.at)
    third_party_lines: list[str] = []
    name = f"{record.id}-{number:04d}.txt"
    with archive.open(_entry(name, moment), "w", force_zip64=True) as out:
        out.write(metadata_header().encode("utf-8"))
        for header in headers:
            out.write((CRLF + world.metadata_line(header, at=at)).encode("utf-8"))
            line = world.third_party_line(header)
            if line:
                third_party_lines.append(line)
        # SAT's files end in CRLF except, sometimes, the last line: we leave the last line without EOL.
    if third_party_lines:
        text = CRLF.join([THIRD_PARTY_HEADER, *third_party_lines])
        archive.writestr(_entry(f"{record.id}_tercero.txt", moment), text.encode("utf-8"))
