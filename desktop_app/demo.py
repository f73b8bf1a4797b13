"""The demo: the whole app against the built-in SAT sandbox, with SAT's public test FIEL.

Used by ``descarga-masiva demo`` (and, headless, by the README's first command): a throw-away data home,
an in-process sandbox on 127.0.0.1, and a password kept only in memory — nothing touches the real SAT,
the user's keyring or their data.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from keyring.backends import fail

from desktop_app.core.fiel import Fiel
from desktop_app.core.months import previous_month_bounds
from desktop_app.core.sat.endpoints import CONSULTA_PATH, Endpoints, ServiceUrls
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.sync import SyncPolicy
from desktop_app.sandbox.clock import SandboxClock

DEMO_RFC = "EKU9003173C9"
DEMO_NAME = "Escuela Kemper Urgate (demo)"
DEMO_PASSWORD = "12345678a"  # noqa: S105 - SAT's published password for its public test FIEL
DEMO_FIEL_VALID_UNTIL = datetime(2027, 5, 1, tzinfo=UTC)
DEMO_POLICY = SyncPolicy(first_check_after=0.5, min_check_interval=0.5, max_check_interval=2.0)


def demo_credentials() -> tuple[bytes, bytes]:
    """SAT's public test FIEL (EKU9003173C9), shipped with the app for the demo."""
    folder = resources.files("desktop_app.resources") / "demo"
    return (folder / "EKU9003173C9.cer").read_bytes(), (folder / "EKU9003173C9.key").read_bytes()


@dataclass(frozen=True)
class DemoPrefill:
    """What the setup wizard shows already filled in in the demo: SAT's public test e.firma and its RFC.

    The composition root (``desktop_app.app``) hands it to the window through ``AppContext.demo_prefill``:
    the wizard itself knows nothing of the demo.
    """

    rfc: str
    name: str
    password: str
    cer_path: str
    key_path: str


def wizard_prefill() -> DemoPrefill:
    """SAT's public test e.firma (shipped with the app) as the demo's wizard pre-fills it."""
    folder = resources.files("desktop_app.resources") / "demo"
    return DemoPrefill(
        rfc=DEMO_RFC,
        name=DEMO_NAME,
        password=DEMO_PASSWORD,
        cer_path=str(folder / f"{DEMO_RFC}.cer"),
        key_path=str(folder / f"{DEMO_RFC}.key"),
    )


def sandbox_endpoints(base_url: str) -> Endpoints:
    return Endpoints(
        cfdi=ServiceUrls.from_base(base_url),
        retenciones=ServiceUrls.from_base(base_url + "/ret"),
        consulta=base_url + CONSULTA_PATH,
    )


def sandbox_factory(base_url: str, clock: Any = None) -> Callable[[Fiel], Any]:
    from desktop_app.core.sat.client import SatClient

    endpoints = sandbox_endpoints(base_url)

    def factory(fiel: Fiel) -> Any:
        return SatClient(fiel, endpoints, clock=clock.now if clock is not None else None)

    return factory


@dataclass
class DemoEnvironment:
    """A running sandbox plus a service wired to it, in a throw-away folder."""

    home: Path
    sandbox: Any
    service: DescargaService
    _owns_home: bool

    def close(self) -> None:
        self.service.close()
        self.sandbox.stop()
        if self._owns_home:
            shutil.rmtree(self.home, ignore_errors=True)


def demo_clock(real_now: datetime | None = None) -> SandboxClock:
    """Real time, moved back into the test FIEL's validity once SAT's test certificate has expired.

    SAT's public test FIEL expires on 2027-05-17; the demo must keep working after that, so the whole demo
    (app, SAT client and sandbox share this clock) then lives a year earlier.
    """
    clock = SandboxClock()
    now = real_now or clock.now()
    if now > DEMO_FIEL_VALID_UNTIL:
        clock.advance(-(now - DEMO_FIEL_VALID_UNTIL).total_seconds() - 365 * 86400)
    return clock


def start_demo(home: Path | None = None, *, ready_after: float = 1.0, invoices: int = 50_000) -> DemoEnvironment:
    from desktop_app.sandbox.server import SandboxServer

    owns = home is None
    home = Path(tempfile.mkdtemp(prefix="descarga-masiva-demo-")) if home is None else home
    clock = demo_clock()
    sandbox = SandboxServer(ready_after=ready_after, invoices=invoices, clock=clock).start()
    service = DescargaService(
        home,
        clock=clock,
        secrets=SecretStore(fail.Keyring()),
        sat_factory=sandbox_factory(sandbox.url, clock),
        policy=DEMO_POLICY,
    )
    return DemoEnvironment(home, sandbox, service, owns)


def run_headless(env: DemoEnvironment, *, log: Callable[[str], None] = print, lang: str = "es") -> dict[str, Any]:
    """The whole flow without a window: profile → activation → FIEL → requests (CFDI and Retenciones) → sync →
    invoices → the month's IVA report; what it prints in ``lang`` (the window's language: an English user got one
    English sentence and the rest in Spanish, an outside audit)."""
    words = _WORDS["en" if lang == "en" else "es"]
    service = env.service
    cer, key = demo_credentials()
    log(words["start"].format(url=env.sandbox.url, home=env.home))
    service.add_profile(DEMO_RFC, DEMO_NAME)
    service.activate(DEMO_RFC)
    fiel = service.upload_fiel(DEMO_RFC, cer, key, DEMO_PASSWORD)
    registered = words["registered" if fiel["registered"] else "not_registered"]
    log(words["fiel"].format(serial=fiel["serial_number"], rfc=fiel["rfc"], registered=registered))
    today = service.profiles.today()
    first, last = previous_month_bounds(today)
    requests = [
        service.create_request(DEMO_RFC, start=first.isoformat(), end=last.isoformat(), rfc_type="issued"),
        service.create_request(
            DEMO_RFC, start=first.isoformat(), end=last.isoformat(), rfc_type="issued", request_type="metadata"
        ),
        service.create_request(
            DEMO_RFC, start=first.isoformat(), end=last.isoformat(), rfc_type="received", request_type="metadata"
        ),
        service.create_request(DEMO_RFC, start=first.isoformat(), end=last.isoformat(), rfc_type="received"),
    ]
    # SAT's other service: the constancias de retenciones the demo company received (its bank's interest, a few a
    # year): the last twelve months, one request per month as SAT takes them
    retenciones = service.create_requests(
        DEMO_RFC,
        start=_year_before(first).isoformat(),
        end=last.isoformat(),
        rfc_types=("received",),
        service="retenciones",
    )
    requests += retenciones["requests"]
    for r in requests:
        log(words["request"].format(id=r["request_id"], status=words["status"].get(r["status"], r["status"])))
    _wait_until_done(service, log, words)
    history = service.history(DEMO_RFC)["history"]
    from desktop_app.core.index import InvoiceFilter

    listing = service.list_invoices(DEMO_RFC, InvoiceFilter(date_from=first.isoformat(), date_to=last.isoformat()))
    totals = listing["totals"]
    month = f"{first:%m/%Y}"
    log(
        words["invoices"].format(
            count=totals["count"], month=month, total=_pesos(totals["total"]), iva=_pesos(totals["iva_transferred"])
        )
    )
    from desktop_app.core.reports import Period

    iva = service.report(DEMO_RFC, "iva", Period.of(f"{first:%Y-%m}"), basis="cash")
    cash = iva["cash"]
    log(
        words["iva"].format(
            month=month,
            transferred=_pesos(cash["transferred"]),
            creditable=_pesos(cash["creditable"]),
            withheld=_pesos(cash["withheld"]),
            balance=_pesos(cash["balance"]),
        )
    )
    return {
        "home": str(env.home),
        "sandbox": env.sandbox.url,
        "period": {"start": first.isoformat(), "end": last.isoformat()},
        "history": history,
        "totals": totals,
        "iva": iva,
    }


def _year_before(first: date) -> date:
    """The first day of the twelve months that end with ``first``'s month."""
    if first.month == 12:
        return first.replace(month=1)
    return first.replace(year=first.year - 1, month=first.month + 1)


def _wait_until_done(
    service: DescargaService, log: Callable[[str], None], words: dict[str, Any], timeout: float = 120.0
) -> None:
    report = service.sync_until_done(DEMO_RFC, timeout=timeout, trigger="demo")
    if report["timed_out"]:
        log(words["timed_out"])


# What the console says, in the window's two languages (the JSON keeps the contract's codes).
_WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "start": "Sandbox del SAT en {url}; datos en {home}",
        "registered": "registrada con el SAT",
        "not_registered": "sin registrar con el SAT (se reintentará)",
        "fiel": "e.firma {serial} de {rfc}: {registered}",
        "request": "Solicitud {id}: {status}",
        "status": {
            "pending": "pendiente",
            "accepted": "aceptada por el SAT",
            "processing": "en proceso",
            "completed": "terminada",
            "failed": "con error",
            "expired": "vencida",
        },
        "timed_out": "El demo tardó demasiado; el sandbox sigue respondiendo, revisa el historial.",
        "invoices": "{count:,} facturas de {month}: total {total}, IVA trasladado {iva}",
        "iva": "IVA de {month} (flujo de efectivo): trasladado {transferred}, acreditable {creditable}, retenido "
        "{withheld}, saldo {balance}",
    },
    "en": {
        "start": "SAT sandbox at {url}; data in {home}",
        "registered": "registered with SAT",
        "not_registered": "not registered with SAT yet (will be retried)",
        "fiel": "e.firma {serial} of {rfc}: {registered}",
        "request": "Request {id}: {status}",
        "status": {
            "pending": "pending",
            "accepted": "accepted by SAT",
            "processing": "in progress",
            "completed": "completed",
            "failed": "failed",
            "expired": "expired",
        },
        "timed_out": "The demo took too long; the sandbox is still answering, look at the history.",
        "invoices": "{count:,} invoices of {month}: total {total}, VAT (IVA) transferred {iva}",
        "iva": "VAT (IVA) of {month} (cash basis): transferred {transferred}, creditable {creditable}, withheld "
        "{withheld}, balance {balance}",
    },
}


def _pesos(amount: str) -> str:
    """``1274075.02`` → ``$1,274,075.02`` (``-$55,868.42``), as the window writes pesos."""
    value = Decimal(amount)
    return f"{'-' if value < 0 else ''}${abs(value):,.2f}"
