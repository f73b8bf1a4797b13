"""What the sandbox remembers: tokens, download requests, package download counts.

Optionally persisted to a JSON file (``--state FILE``), rewritten atomically (temp file + rename) after each
change, so a restarted sandbox still knows its requests, their quotas and how often each package was taken.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

STATE_VERSION = 1


@dataclass
class TokenRecord:
    token: str
    rfc: str
    serial_number: str
    certificate_sha1: str
    family: str
    issued_at: str  # ISO UTC
    expires_at: str  # ISO UTC: when the sandbox stops accepting it (early-expiry faults move it)
    requests: list[str] = field(default_factory=list)
    revoked: bool = False


@dataclass
class RequestRecord:
    """One accepted Solicita call.

    ``params`` are the normalised query parameters (what identical-request quotas compare); ``count`` the
    number of matching documents when the request was made; ``at`` the Mexico-City moment the world's
    statuses were evaluated at (so packages are stable across downloads and restarts).
    """

    id: str
    family: str
    rfc: str
    operation: str  # emitidos | recibidos | folio
    params: dict[str, Any]
    key: str
    created_at: str  # ISO UTC
    at: str  # naive Mexico City ISO
    count: int
    stuck: bool = False
    downloads: dict[str, int] = field(default_factory=dict)

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)


class SandboxState:
    """Thread-safe registry of tokens and requests, with optional JSON persistence."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.lock = threading.RLock()
        self.path = Path(path) if path else None
        self.tokens: dict[str, TokenRecord] = {}
        self.requests: dict[str, RequestRecord] = {}
        self.secret: str = os.urandom(16).hex()
        if self.path and self.path.exists():
            self._load()

    def _load(self) -> None:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
                raise ValueError(f"unknown state version {data.get('version') if isinstance(data, dict) else None}")
            secret = str(data.get("secret") or self.secret)
            bytes.fromhex(secret)
            tokens = {t["token"]: TokenRecord(**t) for t in data.get("tokens", [])}
            requests = {r["id"]: RequestRecord(**r) for r in data.get("requests", [])}
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"{self.path} is not a sandbox state file: {exc}") from None
        self.secret, self.tokens, self.requests = secret, tokens, requests

    def save(self) -> None:
        """Write the state file atomically (no-op without a state file)."""
        if self.path is None:
            return
        with self.lock:
            data = {
                "version": STATE_VERSION,
                "secret": self.secret,
                "tokens": [asdict(t) for t in self.tokens.values()],
                "requests": [asdict(r) for r in self.requests.values()],
            }
            text = json.dumps(data, ensure_ascii=False, indent=1)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
