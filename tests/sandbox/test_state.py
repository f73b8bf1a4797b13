"""--state: requests, quotas, download counts and tokens survive a restart."""

from __future__ import annotations

import json

from tests.sandbox.client import SatTestClient

MAY = ("2026-05-01T00:00:00", "2026-05-31T23:59:59")


def test_state_survives_restart(make_server, clock, tmp_path):
    state = tmp_path / "sandbox-state.json"
    first = make_server(ready_after=0, state_file=state)
    client = SatTestClient(first.url)
    try:
        client.authenticate(clock.now())
        request_id = client.emitidos(*MAY)["IdSolicitud"]
        assert client.emitidos(*MAY)["CodEstatus"] == "5000"
        (package_id, *_) = client.verifica(request_id)["IdsPaquetes"]
        data = client.zip_bytes(client.descarga(package_id))
        token = client.token
    finally:
        client.close()
    first.stop()
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert {r["id"] for r in saved["requests"]} >= {request_id}
    assert not list(tmp_path.glob("*.tmp"))

    second = make_server(ready_after=0, state_file=state)
    client = SatTestClient(second.url)
    try:
        client.token = token  # the token is still known and valid
        assert client.verifica(request_id)["IdsPaquetes"][0] == package_id
        assert client.emitidos(*MAY)["CodEstatus"] == "5002"  # the lifetime quota remembers
        again = client.descarga(package_id)
        assert client.zip_bytes(again) == data  # same bytes, rebuilt deterministically
        assert client.descarga(package_id)["CodEstatus"] == "5008"  # 2 downloads across both runs
        assert request_id in next(t for t in saved["tokens"] if t["token"] == token)["requests"]
    finally:
        client.close()
