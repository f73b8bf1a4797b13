"""What the rest of the app needs from a SAT client, as a type: :class:`SatClientProtocol` and its factory.

The sync engine, the service and the CLI talk to SAT through these methods only, so tests and the demo can hand
them anything shaped so (the sandbox client, a fake). :class:`desktop_app.core.sat.client.SatClient` is the real
one; the check at the end of this module makes mypy prove it conforms.

Nothing here is imported at run time but :mod:`typing`: the types named are for the type checker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Self, TypeAlias

if TYPE_CHECKING:
    from desktop_app.core.fiel import Fiel
    from desktop_app.core.sat.client import DownloadResult, SatClient
    from desktop_app.core.sat.query import QueryParams
    from desktop_app.core.sat.responses import AuthToken, ConsultaResult, QueryResult, VerifyResult


class SatClientProtocol(Protocol):
    """SAT's Descarga Masiva and ConsultaCFDI calls for one FIEL (see :class:`~desktop_app.core.sat.client.SatClient`
    for what each one does and raises). Closed with :meth:`close` or by leaving a ``with`` block."""

    def authenticate(self, service: str = ..., *, force: bool = ...) -> AuthToken:
        """A token for ``service``'s family (``cfdi`` / ``retenciones``), cached while it is good."""

    def query(self, params: QueryParams) -> QueryResult:
        """Create a download request (Solicitud)."""

    def verify(self, request_id: str, service: str = ...) -> VerifyResult:
        """The status of a request and its package ids (Verificación)."""

    def download(self, package_id: str, dest: Path, service: str = ...) -> DownloadResult:
        """Stream one package to ``dest`` (Descarga); SAT counts every attempt that reaches it."""

    def consulta(self, expression: str) -> ConsultaResult:
        """The status of one CFDI by its QR expression (needs no FIEL)."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


# Builds a client for a FIEL (``None``: a client that can only run ``consulta``). The service's default makes a
# :class:`~desktop_app.core.sat.client.SatClient` for the endpoints of the environment; tests and the demo point
# it at the sandbox.
SatClientFactory: TypeAlias = "Callable[[Fiel | None], SatClientProtocol]"


if TYPE_CHECKING:

    def _real_client_conforms(client: SatClient) -> SatClientProtocol:
        return client  # mypy fails here if SatClient stops matching the protocol
