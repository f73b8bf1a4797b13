"""The office server under test: as a subprocess (``descarga-masiva server --port 0`` through
``tests/server/server_entry.py``, its JSON line read for the URL) or in this process on a real loopback socket;
the CLI run in-process for keys and profiles; SAT's sandbox from ``tests/sandbox_env.py``."""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import CREDENTIALS, TEST_PASSWORD
from tests.sandbox_env import NOW

REPO = Path(__file__).resolve().parents[2]
RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"
PREFIX = "/v2/invoices/download"


def run_cli(home: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """``descarga-masiva --home HOME ARGS`` in this process (no SAT involved): exit code and its one document."""
    from desktop_app.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--home", str(home), *args])
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, out.getvalue()
    return code, json.loads(lines[0])


def new_key(home: Path, *rfcs: str, read_only: bool = False) -> str:
    args = ["server", "keys", "create", *(f"--rfc={rfc}" for rfc in rfcs)]
    code, doc = run_cli(home, *args, *(["--read-only"] if read_only else []))
    assert code == 0, doc
    return doc["data"]["key"]


def fiel_upload_files(rfc_dir: Path = FIEL, rfc: str = RFC) -> dict[str, tuple[str, bytes]]:
    return {
        "cer": (f"{rfc}.cer", (rfc_dir / f"{rfc}.cer").read_bytes()),
        "key": (f"{rfc}.key", (rfc_dir / f"{rfc}.key").read_bytes()),
    }


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, message: str = "condition") -> Any:
    """Poll ``condition`` until it returns something truthy (a server answering over HTTP: nothing to wait on)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.05)


@dataclass
class ServerProcess:
    proc: subprocess.Popen[bytes]
    document: dict[str, Any]
    stderr_lines: list[str]
    readers: list[threading.Thread]

    def close(self) -> None:
        """Kill it if it still runs; close its pipes once their readers are done."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)
        for reader in self.readers:
            reader.join(10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    @property
    def url(self) -> str:
        return self.document["data"]["url"]

    def client(self, key: str | None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url + PREFIX, headers=headers, timeout=30, **kwargs)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)

    def stdout_rest(self) -> bytes:
        assert self.proc.stdout is not None
        return self.proc.stdout.read() or b""


def start_server(
    home: Path, sandbox_url: str, *args: str, env: dict[str, str] | None = None, now: datetime = NOW
) -> ServerProcess:
    """``descarga-masiva --home HOME server --port 0 ARGS`` in a subprocess; returns once its JSON line says it
    listens (or fails the test with its stderr)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DESCARGA_MASIVA_")}
    environment.update(
        DESCARGA_MASIVA_SAT_URL=sandbox_url,  # every SAT endpoint on the sandbox: only loopback is contacted
        DESCARGA_MASIVA_SAT_RET_URL=sandbox_url + "/ret",
        DESCARGA_MASIVA_CONSULTA_URL=sandbox_url,
        SERVER_TEST_NOW=now.isoformat(),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONDONTWRITEBYTECODE="1",
        DESCARGA_MASIVA_WORKERS="0",  # parse packages in-process: no worker processes to outlive a SIGKILL
        **(env or {}),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.server.server_entry", "--home", str(home), "server", "--port", "0", *args],
        cwd=REPO,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines: queue.Queue[bytes] = queue.Queue()
    stderr_lines: list[str] = []
    readers = [
        threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(
            target=lambda: stderr_lines.extend(line.decode("utf-8", "replace") for line in proc.stderr),  # type: ignore[union-attr]
            daemon=True,
        ),
    ]
    for reader in readers:
        reader.start()
    started = ServerProcess(proc, {}, stderr_lines, readers)
    try:
        line = lines.get(timeout=30)
    except queue.Empty:
        started.close()
        raise AssertionError("the server printed nothing within 30 s:\n" + "".join(stderr_lines)) from None
    if not line.strip():
        started.close()
        raise AssertionError(f"the server ended (exit {proc.returncode}):\n" + "".join(stderr_lines))
    started.document = json.loads(line)
    return started


@pytest.fixture
def server_processes() -> Iterator[list[ServerProcess]]:
    """Every server a test starts is stopped (or killed) when it ends."""
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.close()


# -- in this process -----------------------------------------------------------------------------------------------


class InProcessServer:
    """The application on a real 127.0.0.1 socket, served by uvicorn on a thread of this process."""

    def __init__(self, parts: Any) -> None:
        import uvicorn

        from desktop_app.server.app import create_app
        from desktop_app.server.run import ServeOptions, bind, url_of, uvicorn_config

        self.parts = parts
        self.sock = bind("127.0.0.1", 0)
        self.url = url_of("127.0.0.1", self.sock.getsockname()[1], False)
        self.server = uvicorn.Server(uvicorn_config(create_app(parts), ServeOptions()))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> InProcessServer:
        self.thread.start()
        wait_for(lambda: self.server.started, 15, "uvicorn to start")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()

    def client(self, key: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url + PREFIX, headers=headers, timeout=30)


@pytest.fixture
def sat_env(sandbox, monkeypatch):
    """Every SAT endpoint of this process (``debug``, ``server check``) on the sandbox."""
    monkeypatch.setenv("DESCARGA_MASIVA_SAT_URL", sandbox.url)
    monkeypatch.setenv("DESCARGA_MASIVA_SAT_RET_URL", sandbox.url + "/ret")
    monkeypatch.setenv("DESCARGA_MASIVA_CONSULTA_URL", sandbox.url)
    return sandbox


@pytest.fixture
def fake_monotonic() -> list[float]:
    """A monotonic clock the rate limiter reads: ``fake_monotonic[0] += 61`` moves it."""
    return [1000.0]


@pytest.fixture
def parts(service, fake_monotonic, sat_env):
    """The server's parts over the sandbox-wired ``service`` (tests/sandbox_env.py), the limiter on a fake clock."""
    from desktop_app.server.ratelimit import FailedAttempts
    from desktop_app.server.run import ServeOptions, build_parts

    built = build_parts(service, ServeOptions(workers=2, interval=0.5))
    built.limiter = FailedAttempts(limit=5, window=60.0, monotonic=lambda: fake_monotonic[0])
    return built


@pytest.fixture
def live(parts) -> Iterator[InProcessServer]:
    server = InProcessServer(parts).start()
    yield server
    server.stop()


__all__ = ["FIEL", "PREFIX", "RFC", "TEST_PASSWORD"]
