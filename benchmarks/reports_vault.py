"""Reports at a million with real XML in the vault (issue 18): every kind over 1,000,000 indexed invoices, the
documents the reports read from the vault really there.

    python -m benchmarks.reports_vault [--rows 1000000] [--runs 20] [--employees 200 1500]

``benchmarks.reports`` builds its index with plain SQL and no files, so what ``nomina`` reads (each payroll
receipt's Nómina complement), what ``isr`` reads (the issuer's RegimenFiscal of every document with ISR withheld)
and what ``diot`` reads (a supplier's LugarExpedicion and RegimenFiscal) fail to open there and are not measured.
This benchmark copies that index (cached) into a data home per payroll scenario and gives it a vault:

* the browser's payment lines (``payments``) and PPD balances (``invoices.pending_c``), which the plain index
  lacks and ``report ppd`` reads beside its own balance;
* every ingreso, egreso and complemento de pago issued March–August 2024 (~60,000 documents) gets a CFDI 4.0 file
  at a relative vault path (Emisor with a RegimenFiscal — 612/606/626 for some persons, 601 for companies —,
  LugarExpedicion, conceptos, taxes, the TFD with its seal and a certificate: ~3 KB, what SAT sends);
* the owner pays ``employees`` people every fortnight (the 15th and the last day), one Nómina 1.2 receipt each
  (~5 KB: percepciones 001/019/010, deducciones 001/002, the subsidio para el empleo for low salaries), issued on
  the pay day, from March to August 2024: 200 employees ≈ 400 receipts a month (a small company), 1,500 ≈ 3,000
  (a big employer). The index's rows for them carry the path, the SHA-256 and the FechaPago the writer keeps.

The benchmark checks what it times: the nómina totals the report gives must be those the generator wrote.
Each report runs ``--runs`` times on a warm connection through ``core.reports.run``; p50/p95/max in ms.

Budget (issue 18): any one-month report at 1,000,000 invoices < 500 ms.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._common import OWNER_RFC, REPO, cache_dir, parser, percentiles, print_machine, print_table, verdict
from benchmarks.browser import OWNER_NAME, _schema_key, timed
from benchmarks.reports import _INVOICE_COLUMNS, _uuid, index_home

MONTH = "2024-05"
TO = "2024-07"
WINDOW = ("2024-03-01", "2024-09-01")  # documents given XML; payroll paid in these months
VERSION = "v2"  # of what this module writes (the cache's key, beside the schema's)
_CFDI_NS = "http://www.sat.gob.mx/cfd/4"
_NOMINA_NS = "http://www.sat.gob.mx/nomina12"
_TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
_PAGOS_NS = "http://www.sat.gob.mx/Pagos20"
# postal codes: Mexico City, Monterrey (north border state), Tijuana (north), Chetumal (south), Guadalajara
_ZIPS = ("06600", "64000", "22000", "77000", "44100")


def _blob(rng: random.Random, size: int) -> str:
    return base64.b64encode(rng.randbytes(size)).decode()


def _regime(rfc: str) -> str:
    """A deterministic regime per issuer: persons (13 characters) 612 / 606 / 626 / 605, companies 601."""
    h = int(hashlib.md5(rfc.encode()).hexdigest()[:6], 16)
    if len(rfc) == 13:
        return ("612", "606", "626", "612")[h % 4]
    return "601"


def _zip(rfc: str) -> str:
    return _ZIPS[int(hashlib.md5(rfc.encode()).hexdigest()[6:10], 16) % len(_ZIPS)]


def _tfd(uuid: str, stamp: str, rng: random.Random) -> str:
    return (
        f'<tfd:TimbreFiscalDigital xmlns:tfd="{_TFD_NS}" Version="1.1" UUID="{uuid}" FechaTimbrado="{stamp}" '
        f'RfcProvCertif="SAT970701NN3" SelloCFD="{_blob(rng, 256)}" NoCertificadoSAT="00001000000509846663" '
        f'SelloSAT="{_blob(rng, 256)}"/>'
    )


def cfdi_xml(row: dict[str, Any], rng: random.Random) -> bytes:
    """A CFDI 4.0 for an index row (ingreso, egreso or complemento de pago): what the reports read of it is the
    Emisor's RegimenFiscal and the LugarExpedicion; the rest gives it a real size and shape."""
    kind, date = row["type"], row["issue_date"]
    issuer, receiver = row["issuer_rfc"], row["receiver_rfc"]
    total = row["total"]
    concepts = "".join(
        f'<cfdi:Concepto ClaveProdServ="84111506" Cantidad="1" ClaveUnidad="E48" Descripcion="Servicio {n}" '
        f'ValorUnitario="{row["subtotal"]}" Importe="{row["subtotal"]}" ObjetoImp="02"/>'
        for n in range(1 if kind == "P" else 2)
    )
    complement = _tfd(row["uuid"], date, rng)
    if kind == "P":
        complement = (
            f'<pago20:Pagos xmlns:pago20="{_PAGOS_NS}" Version="2.0"><pago20:Totales MontoTotalPagos="0"/>'
            f'<pago20:Pago FechaPago="{date}" FormaDePagoP="03" MonedaP="MXN" TipoCambioP="1" Monto="0"/>'
            f"</pago20:Pagos>{complement}"
        )
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante xmlns:cfdi="{_CFDI_NS}" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="4.0" Serie="A" Folio="{row["id"]}" '
        f'Fecha="{date}" Sello="{_blob(rng, 256)}" NoCertificado="30001000000500003416" '
        f'Certificado="{_blob(rng, 1400)}" SubTotal="{row["subtotal"]}" Moneda="{row["currency"]}" '
        f'Total="{total}" TipoDeComprobante="{kind}" Exportacion="01" MetodoPago="{row["payment_method"] or "PUE"}" '
        f'LugarExpedicion="{_zip(issuer)}">'
        f'<cfdi:Emisor Rfc="{issuer}" Nombre="{row["issuer_name"]}" RegimenFiscal="{_regime(issuer)}"/>'
        f'<cfdi:Receptor Rfc="{receiver}" Nombre="{row["receiver_name"]}" DomicilioFiscalReceptor="06600" '
        f'RegimenFiscalReceptor="601" UsoCFDI="G03"/><cfdi:Conceptos>{concepts}</cfdi:Conceptos>'
        f"<cfdi:Complemento>{complement}</cfdi:Complemento></cfdi:Comprobante>"
    )
    return text.encode()


def _c(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def payroll_xml(uuid: str, employee: int, pay_day: str, start: str, rng: random.Random) -> tuple[bytes, dict[str, int]]:
    """A Nómina 1.2 receipt of the owner to employee ``employee`` paid on ``pay_day``; its figures (cents)."""
    daily = 30_000 + (employee * 7919) % 150_000  # 300 to 1,800 pesos a day
    salary = daily * 15
    overtime = rng.choice((0, 0, 0, daily // 4 * 3))
    ot_exempt = min(overtime // 2, 5 * 10_857)
    bonus = salary // 10 if employee % 3 == 0 else 0
    taxed = salary + (overtime - ot_exempt) + bonus
    exempt = ot_exempt
    isr = taxed * (8 if daily < 60_000 else 18) // 100
    imss = salary * 3 // 100
    subsidy = 11_200 if daily < 45_000 else 0
    caused = subsidy
    perceptions = [("001", "001", "Sueldo", salary, 0)]
    if overtime:
        perceptions.append(("019", "019", "Horas extra", overtime - ot_exempt, ot_exempt))
    if bonus:
        perceptions.append(("010", "010", "Premios por puntualidad", bonus, 0))
    deductions = [("001", "001", "Seguridad social", imss), ("002", "002", "ISR", isr)]
    total_ded = imss + isr
    rfc = f"EMP{employee:06d}AB{employee % 10}"[:13]
    curp = f"EMPL{employee:06d}HDFRRN0{employee % 10}"[:18]
    p = "".join(
        f'<nomina12:Percepcion TipoPercepcion="{t}" Clave="{k}" Concepto="{c}" ImporteGravado="{_c(g)}" '
        f'ImporteExento="{_c(e)}"/>'
        for t, k, c, g, e in perceptions
    )
    d = "".join(
        f'<nomina12:Deduccion TipoDeduccion="{t}" Clave="{k}" Concepto="{c}" Importe="{_c(a)}"/>'
        for t, k, c, a in deductions
    )
    others = ""
    if subsidy:
        others = (
            f'<nomina12:OtrosPagos><nomina12:OtroPago TipoOtroPago="002" Clave="002" Concepto="Subsidio para el '
            f'empleo" Importe="{_c(subsidy)}"><nomina12:SubsidioAlEmpleo SubsidioCausado="{_c(caused)}"/>'
            "</nomina12:OtroPago></nomina12:OtrosPagos>"
        )
    net = taxed + exempt + subsidy - total_ded
    subtotal = taxed + exempt + subsidy
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante xmlns:cfdi="{_CFDI_NS}" '
        f'xmlns:nomina12="{_NOMINA_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="4.0" '
        f'Serie="N" Folio="{employee}" Fecha="{pay_day}T10:00:00" Sello="{_blob(rng, 256)}" '
        f'NoCertificado="30001000000500003416" Certificado="{_blob(rng, 1400)}" SubTotal="{_c(subtotal)}" '
        f'Descuento="{_c(total_ded)}" Moneda="MXN" Total="{_c(net)}" TipoDeComprobante="N" Exportacion="01" '
        f'MetodoPago="PUE" LugarExpedicion="06600"><cfdi:Emisor Rfc="{OWNER_RFC}" Nombre="{OWNER_NAME}" '
        f'RegimenFiscal="601"/><cfdi:Receptor Rfc="{rfc}" Nombre="EMPLEADO {employee}" '
        f'DomicilioFiscalReceptor="06600" RegimenFiscalReceptor="605" UsoCFDI="CN01"/><cfdi:Conceptos>'
        f'<cfdi:Concepto ClaveProdServ="84111505" Cantidad="1" ClaveUnidad="ACT" Descripcion="Pago de nómina" '
        f'ValorUnitario="{_c(subtotal)}" Importe="{_c(subtotal)}" Descuento="{_c(total_ded)}" ObjetoImp="01"/>'
        f"</cfdi:Conceptos><cfdi:Complemento>"
        f'<nomina12:Nomina Version="1.2" TipoNomina="O" FechaPago="{pay_day}" FechaInicialPago="{start}" '
        f'FechaFinalPago="{pay_day}" NumDiasPagados="15.000" TotalPercepciones="{_c(taxed + exempt)}" '
        f'TotalDeducciones="{_c(total_ded)}"{f" TotalOtrosPagos={chr(34)}{_c(subsidy)}{chr(34)}" if subsidy else ""}>'
        f'<nomina12:Emisor RegistroPatronal="Y1234567890"/><nomina12:Receptor Curp="{curp}" '
        f'NumSeguridadSocial="{employee:011d}" FechaInicioRelLaboral="2019-01-07" Antigüedad="P280W" '
        f'TipoContrato="01" Sindicalizado="No" TipoJornada="01" TipoRegimen="02" NumEmpleado="{employee}" '
        f'Departamento="Operación" Puesto="Puesto {employee % 40}" RiesgoPuesto="1" PeriodicidadPago="04" '
        f'SalarioBaseCotApor="{_c(daily)}" SalarioDiarioIntegrado="{_c(daily * 1045 // 1000)}" ClaveEntFed="CMX"/>'
        f'<nomina12:Percepciones TotalSueldos="{_c(taxed + exempt)}" TotalGravado="{_c(taxed)}" '
        f'TotalExento="{_c(exempt)}">{p}</nomina12:Percepciones><nomina12:Deducciones '
        f'TotalOtrasDeducciones="{_c(imss)}" TotalImpuestosRetenidos="{_c(isr)}">{d}</nomina12:Deducciones>'
        f"{others}</nomina12:Nomina>{_tfd(uuid, pay_day + 'T10:05:00', rng)}</cfdi:Complemento></cfdi:Comprobante>"
    )
    figures = {"perceptions_taxed": taxed, "perceptions_exempt": exempt, "employment_subsidy": subsidy,
               "isr_withheld": isr, "deductions": total_ded, "net": net}  # fmt: skip
    return text.encode(), figures


def _pay_days() -> list[tuple[str, str]]:
    """(pay day, first day paid) of every fortnight in :data:`WINDOW`."""
    import calendar

    out = []
    for month in range(3, 9):
        last = calendar.monthrange(2024, month)[1]
        out.append((f"2024-{month:02d}-15", f"2024-{month:02d}-01"))
        out.append((f"2024-{month:02d}-{last:02d}", f"2024-{month:02d}-16"))
    return out


def build_vault(home: Path, base_db: Path, employees: int, seed: int = 11) -> dict[str, Any]:
    """Copy the index at ``base_db`` into ``home`` and write the vault; the payroll figures by month."""
    from desktop_app.core.store.db import connect
    from desktop_app.core.store.schema import RECOUNT_PENDING

    rng = random.Random(seed)
    tmp = home / "descarga.sqlite3.part"
    shutil.copyfile(base_db, tmp)
    conn = connect(tmp)
    conn.execute("PRAGMA synchronous = OFF")
    conn.row_factory = None
    columns = ["id", "uuid", "type", "issue_date", "issuer_rfc", "issuer_name", "receiver_rfc", "receiver_name",
               "subtotal", "total", "currency", "payment_method"]  # fmt: skip
    rows = conn.execute(
        f"SELECT {', '.join(columns)} FROM invoices WHERE rfc = ? AND issue_date >= ? AND issue_date < ? "  # noqa: S608
        "AND type IN ('I', 'E', 'P')",
        (OWNER_RFC, *WINDOW),
    ).fetchall()
    updates = []
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        data = cfdi_xml(row, rng)
        relative = f"vault/{row['uuid'][:2]}/{row['uuid']}.xml"
        target = home / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        updates.append((relative, hashlib.sha256(data).hexdigest(), row["id"]))
    conn.execute("BEGIN")
    conn.executemany("UPDATE invoices SET path = ?, xml_sha256 = ?, has_xml = 1 WHERE id = ?", updates)
    # The browser's payment lines and PPD balance (``invoices.pending_c``), which the ingest writes and
    # ``report ppd`` compares with its own: from the same payment lines, as the writer would.
    conn.execute(
        "INSERT OR REPLACE INTO payments(rfc, payment_uuid, line, paid_uuid, installment, amount_paid, balance, "
        "currency, payment_date) SELECT d.rfc, p.uuid, d.line, d.paid_uuid, d.installment, d.amount_paid, "
        "d.balance, d.currency, d.payment_date FROM payment_docs d JOIN invoices p ON p.id = d.invoice_id "
        "WHERE d.rfc = ?",
        (OWNER_RFC,),
    )
    conn.execute(RECOUNT_PENDING, (OWNER_RFC,))
    # Payroll: the index's own receipts of the owner in the window first (given an employee and a pay day), then
    # new rows for the rest.
    existing = [r[0] for r in conn.execute(
        "SELECT id FROM invoices WHERE rfc = ? AND type = 'N' AND direction = 'issued' AND issue_date >= ? "
        "AND issue_date < ? ORDER BY issue_date, id", (OWNER_RFC, *WINDOW))]  # fmt: skip
    next_id = int(conn.execute("SELECT max(id) FROM invoices").fetchone()[0]) + 1
    expected: dict[str, dict[str, int]] = {}
    inserts, texts, reuses = [], [], []
    for pay_day, start in _pay_days():
        month = expected.setdefault(pay_day[:7], {"receipts": 0})
        for employee in range(1, employees + 1):
            uuid = _uuid(rng)
            data, figures = payroll_xml(uuid, employee, pay_day, start, rng)
            month["receipts"] += 1
            for key, value in figures.items():
                month[key] = month.get(key, 0) + value
            relative = f"vault/nomina/{uuid[:2]}/{uuid}.xml"
            target = home / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            details = json.dumps({"family": "cfdi", "payroll": [{"payment_date": pay_day}]})
            issue = f"{pay_day}T10:00:00"
            rfc, name = f"EMP{employee:06d}AB{employee % 10}"[:13], f"EMPLEADO {employee}"
            digest = hashlib.sha256(data).hexdigest()
            total = _c(figures["net"])
            if existing:
                reuses.append((uuid, issue, issue, rfc, name, details, relative, digest, total, figures["net"],
                               existing.pop()))  # fmt: skip
                continue
            row = {"id": next_id, "rfc": OWNER_RFC, "uuid": uuid, "direction": "issued", "family": "cfdi",
                   "version": "4.0", "type": "N", "series": "N", "folio": str(employee), "issue_date": issue,
                   "stamp_date": issue, "issuer_rfc": OWNER_RFC, "issuer_name": OWNER_NAME, "receiver_rfc": rfc,
                   "receiver_name": name, "currency": "MXN", "subtotal": total, "total": total,
                   "payment_method": "PUE", "iva_transferred": "0", "iva_withheld": "0", "isr_withheld": "0",
                   "status": "vigente", "related_uuids": "[]", "subtotal_c": figures["net"],
                   "total_c": figures["net"], "iva_t_c": 0, "iva_w_c": 0, "isr_w_c": 0, "details": details,
                   "path": relative, "has_xml": 1, "source": "bench", "updated_at": 0}  # fmt: skip
            inserts.append(tuple(row.get(column) for column in _INVOICE_COLUMNS))
            texts.append((next_id, uuid))
            next_id += 1
    conn.executemany(
        "UPDATE invoices SET uuid = ?, issue_date = ?, stamp_date = ?, receiver_rfc = ?, receiver_name = ?, "
        "details = ?, path = ?, xml_sha256 = ?, total = ?, total_c = ?, has_xml = 1, status = 'vigente' "
        "WHERE id = ?",
        reuses,
    )
    conn.executemany(
        f"INSERT INTO invoices ({', '.join(_INVOICE_COLUMNS)}) VALUES ({', '.join('?' for _ in _INVOICE_COLUMNS)})",  # noqa: S608
        inserts,
    )
    conn.executemany("INSERT INTO invoices_fts(rowid, text) VALUES (?, ?)", texts)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.replace(home / "descarga.sqlite3")
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    return {"files": len(updates), "payroll": expected, "employees": employees}


def vault_home(rows: int, employees: int, cache: Path | None = None) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The data home of a payroll scenario (built once, cached); the base index's counts; the vault's facts."""
    folder = cache or cache_dir()
    base, counts = index_home(rows, folder)
    home = folder / f"reports-vault-{rows}-{_schema_key()}-e{employees}-{VERSION}"
    facts_file = home / "vault.json"
    if not facts_file.exists():
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        facts_file.with_suffix(".part").write_text(json.dumps(build_vault(home, base / "descarga.sqlite3", employees)))
        os.replace(facts_file.with_suffix(".part"), facts_file)
    return home, counts, json.loads(facts_file.read_text())


def _check_payroll(data: dict[str, Any], expected: dict[str, int], what: str) -> None:
    """The nómina report must give what the generator wrote (a benchmark that times a wrong answer is no use)."""
    totals = data["totals"]
    assert totals["receipts"] == expected["receipts"], (what, totals["receipts"], expected["receipts"])
    for key in ("perceptions_taxed", "perceptions_exempt", "employment_subsidy", "isr_withheld", "deductions", "net"):
        assert totals[key] == _c(expected[key]), (what, key, totals[key], _c(expected[key]))


def run(rows: int = 1_000_000, runs: int = 20, employees: tuple[int, ...] = (200, 1500), cache: Path | None = None):
    from desktop_app.core import reports
    from desktop_app.core.store.db import connect

    result: dict[str, Any] = {"rows": rows, "lines": [], "scenarios": {}}
    one, three = reports.Period.of(MONTH), reports.Period.of(MONTH, TO)
    for count in employees:
        start = time.perf_counter()
        home, counts, facts = vault_home(rows, count, cache)
        result["counts"] = counts
        result["scenarios"][count] = {"build_s": time.perf_counter() - start, "files": facts["files"]}
        conn = connect(home / "descarga.sqlite3")
        payroll = facts["payroll"][MONTH]
        _check_payroll(reports.run(conn, home, OWNER_RFC, "nomina", one), payroll, MONTH)
        who = f"{count:,} employees ({payroll['receipts']:,} receipts/month)"
        lines = result["lines"]

        def report(kind: str, period: Any = one, conn: Any = conn, home: Path = home, **options: Any) -> Any:
            return lambda: reports.run(conn, home, OWNER_RFC, kind, period, **options)

        kinds = ("iva", "ppd", "isr", "nomina", "retenciones", "diot") if count == employees[0] else ("nomina",)
        for kind in kinds:
            lines.append((f"report {kind}", f"{MONTH}, {who}", timed(report(kind), runs), 500))
        for kind in kinds:
            lines.append((f"report {kind}", f"{MONTH} --detail, {who}", timed(report(kind, detail=True), runs), 500))
        for kind in kinds:
            lines.append((f"report {kind}", f"{MONTH} --to {TO}, {who}", timed(report(kind, three), max(5, runs // 2)),
                          None))  # fmt: skip
        conn.close()
        # what a user waits for the first time: the CLI in a fresh interpreter (start-up, a cold connection)
        for kind in kinds:
            lines.append((f"CLI {kind}", f"`report {kind} --period {MONTH}`, fresh interpreter, {who}",
                          _cli(home, kind, max(3, runs // 5)), None))  # fmt: skip
    return result


def _cli(home: Path, kind: str, runs: int) -> list[float]:
    samples = []
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for _ in range(runs):
        begin = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--home", str(home), "report", kind, "--period", MONTH],
            cwd=REPO, capture_output=True, check=False, env=env,
        )  # fmt: skip
        samples.append(time.perf_counter() - begin)
        assert proc.returncode == 0, (proc.stdout + proc.stderr).decode(errors="replace")[-2000:]
    return samples


def table(r: dict[str, Any]) -> str:
    out = []
    for group, label, samples, budget in r["lines"]:
        p50, p95, worst = percentiles(samples)
        load = os.getloadavg()[0]
        if budget is None:
            out.append([group, label, f"{p50:.1f}", f"{p95:.1f}", f"{worst:.1f}", "(info)", ""])
        else:
            out.append([group, label, f"{p50:.1f}", f"{p95:.1f}", f"{worst:.1f}", f"p95 < {budget} ms",
                        verdict(p95 < budget)])  # fmt: skip
    scenarios = ", ".join(f"{n:,} employees: {s['files']:,} CFDI files" for n, s in r["scenarios"].items())
    title = (
        f"Reports over {r['rows']:,} indexed documents with their XML in the vault ({scenarios}; payroll receipts "
        f"apart) (ms; load average {load:.1f} at the end)"
    )
    return print_table(title, ["report", "what", "p50", "p95", "max", "budget", "result"], out)


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--employees", type=int, nargs="+", default=[200, 1500])
    p.add_argument("--json", help="also write every sample (seconds) to this file, to compare runs")
    args = p.parse_args(argv)
    print_machine()
    result = run(args.rows, args.runs, tuple(args.employees), cache_dir(args.cache))
    table(result)
    if args.json:
        Path(args.json).write_text(json.dumps({"lines": result["lines"], "load": os.getloadavg()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
