"""``descarga-masiva --self-test``: prove that this installation (frozen or not) works, headless.

Every step is a named check; a failed step is reported with what failed, and the steps that need it are
reported as not run (never skipped silently). The steps:

``imports``       every module of ``desktop_app`` imports (``__main__`` is listed as skipped: importing it
                  would start the app)
``resources``     the icon, SAT's test FIEL, the catalogs and the compiled English translation are there
``qt``            a QApplication starts offscreen, renders the SVG icon, translates a string to English and
                  finds Qt's own Spanish strings (``qtbase_es.qm``)
``data_home``     a temporary data home can be created and written
``sandbox``       the built-in SAT simulator starts in-process (a small world) with a service wired to it
``fiel_check``    SAT's test FIEL loads and validates (``fiel check``) at the demo clock's "now"
``sync``          profile → activation → FIEL upload → one month's request → sync until completed
``invoices``      the invoice listing of that month has exactly the sandbox's number of CFDI
``workers``       the worker processes that parse large packages start (a frozen app runs itself as the
                  worker) and read the sync's packages exactly as the in-process reader does
``window``        the main window builds over that service and shows (offscreen)

The result is the CLI's JSON contract: ``{"checks": [...], "seconds": …}`` on success; on failure an
``AppError("self_test_failed", …, failed=[{"check", "error"}], checks=[...])``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError

# Checks whose failure makes the others pointless, and what each needs.
DEPENDS: dict[str, tuple[str, ...]] = {
    "imports": (),
    "resources": (),
    "qt": ("resources",),
    "data_home": (),
    "sandbox": ("data_home",),
    "fiel_check": ("resources", "sandbox"),
    "sync": ("fiel_check",),
    "invoices": ("sync",),
    "workers": ("sync",),
    "window": ("qt", "invoices"),
}
REQUIRED_RESOURCES = (
    "icons/app.svg",
    "demo/EKU9003173C9.cer",
    "demo/EKU9003173C9.key",
    "catalogs/sat-catalogs.json",
    "translations/descarga_masiva_en.qm",
)
# Modules that must be found by the package walk: a frozen app that lost its package index would otherwise
# "import every module" by importing none.
REQUIRED_MODULES = (
    "desktop_app.app",
    "desktop_app.demo",
    "desktop_app.cli",
    "desktop_app.core.service",
    "desktop_app.sandbox.server",
    "desktop_app.sandbox.world",
    "desktop_app.gui.main_window",
)
NOT_IMPORTED = {"desktop_app.__main__": "importing it starts the app"}
# The office server (issue 19) is an optional extra: its modules import only where its packages are installed
# (never in the desktop installer, which leaves the package out).
SERVER_PACKAGE = "desktop_app.server"
SERVER_EXTRA = ("starlette", "uvicorn", "multipart")


def _server_extra_installed() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in SERVER_EXTRA)


TRANSLATION_PROBE = ("MainWindow", " — demostración")


class _State:
    def __init__(self, invoices: int) -> None:
        self.invoices = invoices
        self.app: Any = None
        self.translators: list[Any] = []
        self.locale: Any = None
        self.home: Path | None = None
        self.env: Any = None
        self.period: tuple[str, str] | None = None
        self.expected: int | None = None


def _walk_modules() -> tuple[list[str], list[dict[str, str]]]:
    import pkgutil

    import desktop_app

    names: list[str] = []
    errors: list[dict[str, str]] = []

    def onerror(name: str) -> None:
        errors.append({"module": name, "error": _describe(sys.exc_info()[1])})

    for info in pkgutil.walk_packages(desktop_app.__path__, "desktop_app.", onerror=onerror):
        names.append(info.name)
    return sorted(set(names)), errors


def _describe(exc: BaseException | None) -> str:
    return f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"


def check_imports(state: _State) -> dict[str, Any]:
    import importlib

    names, errors = _walk_modules()
    missing = [name for name in REQUIRED_MODULES if name not in names and name not in sys.modules]
    if missing:
        errors.append({"module": ", ".join(missing), "error": "not found by the package walk"})
    imported = 0
    skipped = []
    for name in names:
        if name in NOT_IMPORTED:
            skipped.append({"module": name, "reason": NOT_IMPORTED[name]})
            continue
        if name.startswith(SERVER_PACKAGE + ".") and not _server_extra_installed():
            skipped.append({"module": name, "reason": "the office server's [server] extra is not installed"})
            continue
        try:
            importlib.import_module(name)
        except BaseException as exc:  # a SystemExit or a missing DLL are failures too, not the end of the test
            errors.append({"module": name, "error": _describe(exc)})
        else:
            imported += 1
    from desktop_app.core import tls

    try:  # what every HTTPS connection needs (on Windows and macOS, truststore and the system's libraries)
        tls.verified_context()
    except BaseException as exc:
        errors.append({"module": "desktop_app.core.tls", "error": f"verified TLS settings: {_describe(exc)}"})
    if errors:
        raise AppError("import_failed", f"{len(errors)} module(s) failed to import", modules=errors)
    return {"imported": imported, "skipped": skipped, "tls": tls.trust_source()}


def check_resources(state: _State) -> dict[str, Any]:
    from importlib import resources

    base = resources.files("desktop_app.resources")
    sizes: dict[str, int] = {}
    missing: list[str] = []
    for relative in REQUIRED_RESOURCES:
        item = base.joinpath(*relative.split("/"))
        size = len(item.read_bytes()) if item.is_file() else 0
        if size:
            sizes[relative] = size
        else:
            missing.append(relative)
    if missing:
        raise AppError("resources_missing", "missing or empty: " + ", ".join(missing), missing=missing)
    return {"files": sizes}


def check_qt(state: _State) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.i18n import install_translators

    app = QApplication.instance() or QApplication(["descarga-masiva", "-platform", "offscreen"])
    state.app = app
    state.locale = QLocale()
    app.setQuitOnLastWindowClosed(False)
    state.translators = install_translators(app, "en")  # removed again when the self-test ends
    from importlib import resources

    svg = resources.files("desktop_app.resources") / "icons" / "app.svg"
    pixmap = QIcon(str(svg)).pixmap(64, 64)  # not app_icon(): it falls back to a stock icon
    if pixmap.isNull():
        raise AppError("icon_not_rendered", "the SVG icon did not render (Qt's svg plugins missing?)")
    context, source = TRANSLATION_PROBE
    translated = QCoreApplication.translate(context, source)
    if translated == source:
        raise AppError("translation_not_loaded", f"{source!r} was not translated to English")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_es", qt_dir):  # Qt's own buttons and dialogs in Spanish
        raise AppError("qt_translation_missing", f"qtbase_es.qm is not in {qt_dir}")
    return {"platform": app.platformName(), "translated": {source: translated}, "icon": [64, 64]}


def check_data_home(state: _State) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="descarga-masiva-selftest-"))
    state.home = home
    probe = home / "write-probe"
    probe.write_bytes(b"ok")
    probe.unlink()
    return {"home": str(home)}


def check_sandbox(state: _State) -> dict[str, Any]:
    from desktop_app.demo import start_demo

    assert state.home is not None
    state.env = start_demo(state.home, ready_after=0, invoices=state.invoices)
    return {"url": state.env.sandbox.url, "invoices": state.invoices}


def check_fiel(state: _State) -> dict[str, Any]:
    from desktop_app.core.fiel import load_fiel
    from desktop_app.demo import DEMO_PASSWORD, DEMO_RFC, demo_credentials

    cer, key = demo_credentials()
    fiel = load_fiel(cer, key, DEMO_PASSWORD, now=state.env.sandbox.clock.now(), expected_rfc=DEMO_RFC)
    info = fiel.info.to_json()
    if info.get("rfc") != DEMO_RFC:
        raise AppError("unexpected_fiel", f"the demo FIEL reads as {info.get('rfc')!r}")
    return {"rfc": info["rfc"], "serial_number": info.get("serial_number"), "kind": info.get("kind")}


def check_sync(state: _State, *, timeout: float = 90.0) -> dict[str, Any]:
    from datetime import datetime

    from desktop_app.core.months import previous_month_bounds
    from desktop_app.demo import DEMO_PASSWORD, DEMO_RFC, demo_credentials

    service = state.env.service
    cer, key = demo_credentials()
    service.add_profile(DEMO_RFC, "Self-test")
    service.activate(DEMO_RFC)
    fiel = service.upload_fiel(DEMO_RFC, cer, key, DEMO_PASSWORD)
    if not fiel.get("registered"):
        raise AppError("not_registered", "the sandbox did not register the FIEL")
    first, last = previous_month_bounds(service.profiles.today())
    request = service.create_request(DEMO_RFC, start=first.isoformat(), end=last.isoformat(), rfc_type="issued")
    report = service.sync_until_done(DEMO_RFC, timeout=timeout, trigger="self-test")
    if report["timed_out"]:
        raise AppError("sync_timeout", f"the request was still open after {timeout:.0f} s")
    passes = report["passes"]
    item = next(h for h in service.history(DEMO_RFC)["history"] if h["id"] == request["request_id"])
    if item["status"] != "completed":
        raise AppError("sync_not_completed", f"the request ended {item['status']!r}", request=item)
    state.period = (first.isoformat(), last.isoformat())
    state.expected = state.env.sandbox.world.count(
        rfc=DEMO_RFC,
        direction="issued",
        start=datetime.combine(first, datetime.min.time()),
        end=datetime.combine(last, datetime.max.time()).replace(microsecond=0),
        status="Todos",
        at=state.env.sandbox.clock.now(),
    )
    if item["invoiceCount"] != state.expected:
        raise AppError(
            "sync_count_mismatch",
            f"SAT reported {item['invoiceCount']} CFDI, the sandbox has {state.expected}",
        )
    return {"period": list(state.period), "passes": passes, "invoices": item["invoiceCount"]}


def check_invoices(state: _State) -> dict[str, Any]:
    from desktop_app.core.index import InvoiceFilter
    from desktop_app.demo import DEMO_RFC

    assert state.period is not None
    start, end = state.period
    listing = state.env.service.list_invoices(DEMO_RFC, InvoiceFilter(date_from=start, date_to=end))
    if listing["count"] != state.expected or len(listing["invoices"]) != state.expected:
        raise AppError("invoice_count_mismatch", f"listed {listing['count']} CFDI, expected {state.expected}")
    missing = [r["uuid"] for r in listing["invoices"] if not r.get("path") or not Path(r["path"]).is_file()]
    if missing:
        raise AppError("invoice_xml_missing", f"{len(missing)} listed CFDI have no XML in the vault")
    return {"count": listing["count"], "total": str(listing["totals"].get("total"))}


def check_workers(state: _State) -> dict[str, Any]:
    import zipfile

    from desktop_app.core import parallel
    from desktop_app.core.cfdi.package import EntryRef, read_package
    from desktop_app.core.index import PrepareSpec, prepare_document
    from desktop_app.demo import DEMO_RFC

    assert state.home is not None
    packages = sorted((state.home / DEMO_RFC / "paquetes").rglob("*.zip"))
    if not packages:
        raise AppError("no_package", "the sync left no package to read")
    spec = PrepareSpec(DEMO_RFC, str(state.home / DEMO_RFC), "self-test", 0)
    pool = parallel.DocumentPool(2)
    documents = 0
    try:
        for package in packages:
            with zipfile.ZipFile(package) as archive:
                refs = [EntryRef.of(info) for info in archive.infolist()]
            with read_package(package, owner_rfc=DEMO_RFC) as reader:
                expected = [prepare_document(d.xml_bytes, d.invoice, spec) for d in reader if hasattr(d, "xml_bytes")]
            got = list(pool.prepared(package, refs, DEMO_RFC, reader.limits, spec))
            if got != expected:
                raise AppError("workers_mismatch", f"the worker processes read {package.name} differently")
            documents += len(got)
        if not pool.running:
            raise AppError("workers_not_started", "the worker processes did not start")
    finally:
        pool.close()
    return {"packages": len(packages), "documents": documents, "workers": pool.workers}


def check_window(state: _State) -> dict[str, Any]:
    from PySide6.QtCore import QThreadPool

    from desktop_app.app import build_window

    window = build_window(state.env.service, demo=state.env, poll_interval_ms=3_600_000)
    try:
        window.show()
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            state.app.processEvents()
            time.sleep(0.02)
        if not window.isVisible():
            raise AppError("window_not_shown", "the main window did not show")
        title = window.windowTitle()
    finally:
        window.close()
        state.app.processEvents()
        QThreadPool.globalInstance().waitForDone(10_000)
        window.deleteLater()
        state.app.processEvents()
    return {"title": title}


def _restore_qt(state: _State) -> None:
    """Leave a QApplication that outlives the self-test (tests, a running window) as it was."""
    if state.app is None:
        return
    from PySide6.QtCore import QLocale

    for translator in state.translators:
        state.app.removeTranslator(translator)
    if state.locale is not None:
        QLocale.setDefault(state.locale)


CHECKS: tuple[tuple[str, Callable[[_State], dict[str, Any]]], ...] = (
    ("imports", check_imports),
    ("resources", check_resources),
    ("qt", check_qt),
    ("data_home", check_data_home),
    ("sandbox", check_sandbox),
    ("fiel_check", check_fiel),
    ("sync", check_sync),
    ("invoices", check_invoices),
    ("workers", check_workers),
    ("window", check_window),
)


def _error_of(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, AppError):
        return {"code": exc.code, "message": exc.message, **({"details": exc.details} if exc.details else {})}
    return {"code": type(exc).__name__, "message": str(exc), "traceback": traceback.format_exc(limit=6)}


def run(*, invoices: int = 2_000, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run every check; return the data document, or raise ``AppError("self_test_failed")``."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless by definition, also on a desktop
    started = time.perf_counter()
    state = _State(invoices)
    results: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    passed: set[str] = set()
    try:
        for name, check in CHECKS:
            blocked = [dep for dep in DEPENDS[name] if dep not in passed]
            if blocked:
                error = {"code": "not_run", "message": "needs " + ", ".join(blocked)}
                results.append({"check": name, "ok": False, "error": error})
                failed.append({"check": name, "error": error})
                continue
            t0 = time.perf_counter()
            try:
                detail = check(state)
            except BaseException as exc:  # report it, go on with what does not depend on it
                if isinstance(exc, KeyboardInterrupt):
                    raise
                error = _error_of(exc)
                results.append({"check": name, "ok": False, "seconds": round(time.perf_counter() - t0, 3)})
                results[-1]["error"] = error
                failed.append({"check": name, "error": error})
            else:
                passed.add(name)
                results.append({"check": name, "ok": True, "seconds": round(time.perf_counter() - t0, 3), **detail})
            if log is not None:
                log(f"self-test: {name}: {'ok' if name in passed else 'FAILED'}")
    finally:
        _restore_qt(state)
        if state.env is not None:
            state.env.close()
        if state.home is not None:
            shutil.rmtree(state.home, ignore_errors=True)
    seconds = round(time.perf_counter() - started, 3)
    if failed:
        names = ", ".join(item["check"] for item in failed)
        raise AppError(
            "self_test_failed",
            f"{len(failed)} of {len(CHECKS)} checks failed: {names}",
            failed=failed,
            checks=results,
            seconds=seconds,
        )
    return {
        "checks": results,
        "seconds": seconds,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version.split()[0],
    }
