"""End to end against the SAT sandbox: ~10,000 CFDI, our sync vs a satcfdi-based script doing the same flow.

    python -m benchmarks.e2e_sandbox [--target 10000]

Both flows run against a fresh sandbox process (same world, packages of 1,000, ready at once) and do the same
work: one issued-CFDI request per month for January–May 2026 → verify → download every package → store every
XML as a file and index it in SQLite. Timed from the first request to the last document stored (the e.firma is
loaded before the clock starts, for both).

- *ours*: ``DescargaService.create_request(submit=False)`` per month, then ``sync_once`` until nothing is open
  (the app's crash-safe path: ledger, atomic files, batched commits, FTS).
- *satcfdi*: ``satcfdi.pacs.sat.SAT`` (endpoints pointed at the sandbox, as ``../shared/checks/peer_interop.py``
  does) + ``satcfdi.cfdi.CFDI.from_string`` for each XML, written to ``<uuid>.xml`` and a row of a SQLite table
  (uuid, issuer, receiver, date, total), one commit per package — the minimal script a Python user would write.

SAT's test FIEL is used with a real-time clock here (satcfdi signs with the real time), so this benchmark works
until that certificate expires (May 2027). No budget: the table reports both times and the ratio.
"""

from __future__ import annotations

import base64
import io
import shutil
import sqlite3
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks._common import (
    OWNER_RFC,
    SandboxProcess,
    parser,
    print_machine,
    print_table,
    sandbox_service,
    sandbox_world_invoices,
)
from benchmarks.gui_stall import create_monthly_requests

START, END = "2026-01-01T00:00:00", "2026-05-31T23:59:59"


def ours(url: str, home: Path) -> dict[str, Any]:
    service = sandbox_service(home, url, real_clock=True)
    try:
        start = time.perf_counter()
        create_monthly_requests(service, START, END)
        ingested = passes = 0
        while True:
            report = service.sync_once(OWNER_RFC, trigger="bench")
            ingested += report["documents_ingested"]
            passes += 1
            if not report["open_requests"] or passes > 200:
                break
        seconds = time.perf_counter() - start
    finally:
        service.close()
    return {"seconds": seconds, "documents": ingested}


SATCFDI_PATHS = {
    "_CFDIAutenticacion": "/Autenticacion/Autenticacion.svc",
    "_CFDISolicitaDescargaEmitidos": "/SolicitaDescargaService.svc",
    "_CFDISolicitaDescargaRecibidos": "/SolicitaDescargaService.svc",
    "_CFDIVerificaSolicitudDescarga": "/VerificaSolicitudDescargaService.svc",
    "_CFDIDescargaMasiva": "/DescargaMasivaService.svc",
}


def satcfdi_flow(url: str, out: Path) -> dict[str, Any]:
    from satcfdi.cfdi import CFDI
    from satcfdi.models import Signer
    from satcfdi.pacs import sat as satmod

    from desktop_app.core.sync import month_periods
    from desktop_app.demo import DEMO_PASSWORD, demo_credentials

    cer, key = demo_credentials()
    signer = Signer.load(certificate=cer, key=key, password=DEMO_PASSWORD)
    for class_name, path in SATCFDI_PATHS.items():
        getattr(satmod, class_name).soap_url = url + path
    sat = satmod.SAT(signer=signer)
    db = sqlite3.connect(out / "index.sqlite3")
    db.execute(
        "CREATE TABLE cfdi (uuid TEXT PRIMARY KEY, issuer TEXT, receiver TEXT, issued TEXT, total TEXT, path TEXT)"
    )
    start = time.perf_counter()
    ids = []
    for first, last in month_periods(datetime.fromisoformat(START), datetime.fromisoformat(END)):
        res = sat.recover_comprobante_emitted_request(
            fecha_inicial=first, fecha_final=last, tipo_solicitud="CFDI", estado_comprobante="Todos"
        )
        ids.append(res["IdSolicitud"])
    documents = 0
    pending = list(ids)
    while pending:
        request_id = pending.pop(0)
        status = sat.recover_comprobante_status(request_id)
        if int(status.get("EstadoSolicitud") or 0) != 3:
            pending.append(request_id)
            time.sleep(0.05)
            continue
        for package_id in status.get("IdsPaquetes") or []:
            _res, paquete = sat.recover_comprobante_download(package_id)
            with zipfile.ZipFile(io.BytesIO(base64.b64decode(paquete))) as archive:
                for info in archive.infolist():
                    data = archive.read(info)
                    cfdi = CFDI.from_string(data)
                    uuid = cfdi["Complemento"]["TimbreFiscalDigital"]["UUID"].upper()
                    path = out / f"{uuid}.xml"
                    path.write_bytes(data)
                    db.execute(
                        "INSERT OR REPLACE INTO cfdi VALUES (?, ?, ?, ?, ?, ?)",
                        (uuid, cfdi["Emisor"]["Rfc"], cfdi["Receptor"]["Rfc"], str(cfdi["Fecha"]),
                         str(cfdi.get("Total")), str(path)),
                    )  # fmt: skip
                    documents += 1
            db.commit()
    seconds = time.perf_counter() - start
    db.close()
    return {"seconds": seconds, "documents": documents}


def run(target: int = 10_000) -> dict[str, Any]:
    from benchmarks.ingest import has_satcfdi

    invoices = sandbox_world_invoices(target, START, END)
    result: dict[str, Any] = {"target": target}
    home = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    try:
        with SandboxProcess(invoices=invoices, real_clock=True) as url:
            result["ours"] = ours(url, home / "ours")
        if has_satcfdi():
            (home / "satcfdi").mkdir()
            with SandboxProcess(invoices=invoices, real_clock=True) as url:
                result["satcfdi"] = satcfdi_flow(url, home / "satcfdi")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return result


def table(r: dict[str, Any]) -> str:
    rows = []
    for name, key in (("**ours** (sync: ledger, vault, index)", "ours"), ("satcfdi script", "satcfdi")):
        got = r.get(key)
        if got is None:
            rows.append([name, "not installed", "", ""])
            continue
        rows.append(
            [name, f"{got['documents']:,}", f"{got['seconds']:.1f}", f"{got['documents'] / got['seconds']:,.0f}"]
        )
    if r.get("satcfdi"):
        ratio = r["satcfdi"]["seconds"] / r["ours"]["seconds"]
        rows.append(["satcfdi time ÷ our time", "", f"{ratio:.2f}", ""])
    return print_table(
        f"End to end against the sandbox (~{r['target']:,} CFDI, five monthly requests)",
        ["flow", "documents", "seconds", "CFDI/s"],
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--target", type=int, default=10_000)
    args = p.parse_args(argv)
    print_machine()
    table(run(args.target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
