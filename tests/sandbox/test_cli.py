"""``descarga-masiva sandbox serve``: one JSON line on stdout, serves, stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def test_serve_prints_its_url_and_stops_on_sigterm(tmp_path):
    state = tmp_path / "state.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "sandbox",
            "serve",
            "--port",
            "0",
            "--invoices",
            "500",
            "--seed",
            "7",
            "--ready-after",
            "0",
            "--fault",
            "consulta:error404:times=1",
            "--state",
            str(state),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        document = json.loads(line)
        assert document["success"] is True
        data = document["data"]
        assert data["url"].startswith("http://127.0.0.1:")
        assert data["ret_url"] == data["url"] + "/ret"
        assert data["consulta_url"] == data["url"]
        assert (data["seed"], data["invoices"]) == (7, 500)
        response = httpx.post(
            data["url"] + "/Autenticacion/Autenticacion.svc", content=b"<x/>", headers={"SOAPAction": "nope"}
        )
        assert response.status_code == 500 and b"ActionNotSupported" in response.content
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0
        assert out == ""  # nothing else on stdout
        assert "listening" in err
        assert state.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_bad_fault_spec_is_a_usage_error():
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "sandbox", "serve", "--fault", "download:melt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    document = json.loads(proc.stdout)
    assert document["success"] is False and document["error"]["code"] == "usage_error"


def test_unreadable_state_file_is_reported(tmp_path):
    state = tmp_path / "state.json"
    state.write_text("{not json", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "sandbox", "serve", "--invoices", "10", "--state", str(state)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"]["code"] == "invalid_state_file"
