"""CFDI / Retenciones XML parsing, SAT metadata TXT parsing and safe package (ZIP) reading.

- :func:`parse_document` — bytes of one stamped CFDI 3.0/3.2/3.3/4.0 or Retenciones 1.0/2.0 → :class:`Invoice`.
- :func:`iter_metadata` / :func:`read_third_parties` — streaming metadata TXT → :class:`MetadataRow`.
- :func:`read_package` / :func:`iter_files` — ZIPs, folders and loose files → :class:`PackageDocument` and
  :class:`MetadataRow` items plus a :class:`PackageSummary`.

Everything raises :class:`desktop_app.core.errors.AppError` for bad input, never anything else.
"""

from desktop_app.core.cfdi.metadata import (
    MetadataRow,
    iter_metadata,
    iter_third_parties,
    read_third_parties,
    sniff_kind,
)
from desktop_app.core.cfdi.model import Invoice, PaidDocument, Payroll, RateAmount
from desktop_app.core.cfdi.package import (
    FilesReader,
    PackageDocument,
    PackageLimits,
    PackageReader,
    PackageSummary,
    SkippedEntry,
    iter_files,
    read_package,
)
from desktop_app.core.cfdi.parser import parse_document

__all__ = [
    "FilesReader",
    "Invoice",
    "MetadataRow",
    "PackageDocument",
    "PackageLimits",
    "PackageReader",
    "PackageSummary",
    "PaidDocument",
    "Payroll",
    "RateAmount",
    "SkippedEntry",
    "iter_files",
    "iter_metadata",
    "iter_third_parties",
    "parse_document",
    "read_package",
    "read_third_parties",
    "sniff_kind",
]
