"""Issue 17.2 through the real ``descarga-masiva`` CLI (a subprocess over a real data home): ``invoices list``'s
new filters — ``--payment-method``, ``--payment-form``, ``--use``, ``--currency`` (comma-separated),
``--pending-balance``, ``--damaged`` — and every ``--sort`` key, ascending and descending (DESIGN.md §3)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from decimal import Decimal

import pytest

from desktop_app.core.index import to_mxn_cents
from tests.cli.test_hostile_cli import REPO, run
from tests.core.store.cfdi_grid import RFC, invoice, receipt, uuid_of

SORT_KEYS = {
    "date": lambda r: r["issue_date"] or "",
    "folio": lambda r: (r["series"] or "", len(r["folio"] or ""), r["folio"] or ""),
    "issuer_rfc": lambda r: r["issuer_rfc"] or "",
    "issuer": lambda r: r["issuer_name"] or "",
    "receiver_rfc": lambda r: r["receiver_rfc"] or "",
    "receiver": lambda r: r["receiver_name"] or "",
    "type": lambda r: r["type"] or "",
    "status": lambda r: r["status"],
    "total": lambda r: to_mxn_cents(
        Decimal(r["total"]), Decimal(r["exchange_rate"]) if r["exchange_rate"] else None, r["currency"]
    ),
    "uuid": lambda r: r["uuid"],
}
SUPPLIERS = (("AAA010101AAA", "PROVEEDOR"), ("BBB020202BB2", "ÁNGEL MUÑOZ"), ("CCC030303CC3", None))


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    base = tmp_path_factory.mktemp("grid-cli")
    home, folder = base / "home", base / "xml"
    folder.mkdir()
    docs = {}
    for n in range(1, 25):
        issuer, name = SUPPLIERS[n % 3]
        method = ("PUE", "PPD", None)[n % 3] if n % 5 else "PPD"
        docs[n] = invoice(
            n,
            f"{100 + (n % 4) * 50}.00",
            fecha=f"2026-0{1 + n % 3}-{10 + n % 7}T10:00:00",
            kind="IIIEN"[n % 5] if method else "T",
            series=("A", "B", None)[n % 3],
            folio=str(n * 7 % 13),
            issuer=issuer,
            issuer_name=name,
            method=method,
            form="99" if method == "PPD" else ("03", "01", None)[n % 3],
            use=("G03", "G01", "S01", "CP01")[n % 4],
            currency="USD" if n % 6 == 0 else "MXN",
            rate="18.25" if n % 6 == 0 else None,
        )
    ppd = [n for n, xml in docs.items() if b'MetodoPago="PPD"' in xml]
    docs[101] = receipt(101, [(ppd[0], 1, "200.00", "0"), (ppd[1], 1, "150.00", "50.00")])
    for n, xml in docs.items():
        (folder / f"{n}.xml").write_bytes(xml)
    broken = invoice(102, "10.00", issuer_name="T&S").replace(b"T&amp;S", b"T&S")  # not well-formed: damaged
    (folder / "broken.xml").write_bytes(broken)
    assert run(home, "profile", "add", RFC)[0] == 0
    code, doc, _ = run(home, "invoices", "import", str(folder))
    assert code == 0 and doc["data"]["added"] == len(docs) + 1 and doc["data"]["damaged"] == 1, doc
    code, doc, _ = run(home, "invoices", "list")
    assert code == 0
    return {"home": home, "all": doc["data"]["invoices"], "ppd": ppd}


def listed(home, *args: str) -> list[dict]:
    code, doc, stderr = run(home, "invoices", "list", *args)
    assert code == 0, (doc, stderr)
    assert doc["data"]["count"] == len(doc["data"]["invoices"])
    return doc["data"]["invoices"]


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (("--payment-method", "ppd"), lambda r: r["payment_method"] == "PPD"),
        (("--payment-method", "PUE,PPD"), lambda r: r["payment_method"] in ("PUE", "PPD")),
        (("--payment-form", "3,99"), lambda r: r["payment_form"] in ("03", "99")),  # "3" is SAT's "03"
        (("--use", "g01,CP01"), lambda r: r["cfdi_use"] in ("G01", "CP01")),
        (("--currency", "usd"), lambda r: r["currency"] == "USD"),
        (
            ("--payment-method", "PPD", "--currency", "MXN"),
            lambda r: (r["payment_method"], r["currency"]) == ("PPD", "MXN"),
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_code_filters_list_what_python_reads(home, args, keep):
    expected = {r["uuid"] for r in home["all"] if keep(r)}
    assert expected and expected != {r["uuid"] for r in home["all"]}
    assert {r["uuid"] for r in listed(home["home"], *args)} == expected


def test_pending_balance_and_damaged(home):
    paid_in_full, half_paid = home["ppd"][0], home["ppd"][1]
    pending = {r["uuid"] for r in listed(home["home"], "--pending-balance")}
    ppd = {r["uuid"] for r in home["all"] if r["payment_method"] == "PPD"}
    assert pending == ppd - {uuid_of(paid_in_full)}
    assert uuid_of(half_paid) in pending
    code, doc, _ = run(home["home"], "invoices", "list", "--pending-balance", "--limit", "0")
    assert code == 0 and doc["data"]["totals"]["count"] == len(pending)
    damaged = listed(home["home"], "--damaged")
    assert [r["uuid"] for r in damaged] == [uuid_of(102)] and damaged[0]["damaged"]
    assert uuid_of(102) not in {r["uuid"] for r in home["all"]}


@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
def test_every_sort_key_orders_the_list(home, sort):
    rows = listed(home["home"], "--sort", sort)
    keys = [SORT_KEYS[sort](r) for r in rows]
    assert keys == sorted(keys)
    assert sorted(r["uuid"] for r in rows) == sorted(r["uuid"] for r in home["all"])
    if sort in ("issuer", "folio", "total"):  # descending: "-name" and --desc alike
        down = listed(home["home"], f"--sort=-{sort}")  # "=": argparse takes "-total" alone for an option
        assert [SORT_KEYS[sort](r) for r in down] == sorted(keys, reverse=True)
        assert [r["uuid"] for r in listed(home["home"], "--sort", sort, "--desc")] == [r["uuid"] for r in down]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--payment-method", "PUE,CONTADO"), "payment_method"),
        (("--payment-form", "03,,99"), "payment_form"),
        (("--use", "G 03"), "use"),
        (("--currency", "PESOS"), "currency"),
    ],
)
def test_a_bad_code_is_a_usage_error(home, args, field):
    code, doc, _ = run(home["home"], "invoices", "list", *args)
    assert code == 2
    assert doc["error"]["code"] == "invalid_argument" and doc["error"]["field"] == field


@pytest.mark.skipif(sys.platform == "win32", reason="a process group's Ctrl+C is the POSIX terminal's")
def test_ctrl_c_stops_an_import_after_the_batch_being_written_and_the_same_command_finishes_it(tmp_path):
    """`invoices import DIR` tells its progress on stderr; Ctrl+C in the terminal (SIGINT to the app and its
    worker processes) stops it after the batch being written: the answer is printed (`stopped: true`, exit 0),
    no worker dies with a traceback, and the same command again imports the rest."""
    home, folder = tmp_path / "home", tmp_path / "xml"
    folder.mkdir()
    n = 5_000  # more than one batch (2,000) and than the workers' threshold
    for k in range(n):
        (folder / f"{k}.xml").write_bytes(invoice(10_000 + k, "10.00"))
    assert run(home, "profile", "add", RFC)[0] == 0
    environment = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--home", str(home), "invoices", "import", str(folder)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    try:
        first = proc.stderr.readline().decode()
        assert first.startswith("[import] ") and " archivos leídos" in first, first
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = first + err.decode("utf-8", "replace")
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    data = json.loads(out)["data"]
    assert data["stopped"] is True and 0 < data["added"] < n, data
    assert "[import] detenida" in stderr
    code, again, stderr = run(home, "invoices", "import", str(folder))
    assert code == 0 and "stopped" not in again["data"]
    assert (again["data"]["added"], again["data"]["unchanged"]) == (n - data["added"], data["added"])
    assert f"[import] {n:,} de {n:,} archivos leídos" in stderr
