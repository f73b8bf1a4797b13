"""``descarga-masiva --self-test`` in-process: the JSON contract, exit codes, and failures named exactly."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop_app import selftest
from desktop_app.cli import main


def _run(capsys, *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 1, out  # exactly one JSON document
    return code, json.loads(lines[0])


def test_self_test_passes_and_lists_every_check(qapp, capsys):
    from PySide6.QtCore import QCoreApplication, QLocale

    locale_before = QLocale().name()
    code, doc = _run(capsys, "--self-test")
    assert code == 0, doc
    assert doc["success"] is True
    checks = doc["data"]["checks"]
    assert [c["check"] for c in checks] == [name for name, _ in selftest.CHECKS]
    assert all(c["ok"] for c in checks)
    by_name = {c["check"]: c for c in checks}
    assert by_name["imports"]["imported"] > 50
    assert by_name["imports"]["tls"] in ("system_bundle", "certifi")  # Windows and macOS: os_store
    assert by_name["imports"]["skipped"] == [
        {"module": "desktop_app.__main__", "reason": "importing it starts the app"}
    ]
    assert set(by_name["resources"]["files"]) == set(selftest.REQUIRED_RESOURCES)
    assert by_name["sync"]["invoices"] == by_name["invoices"]["count"] > 0
    assert by_name["fiel_check"]["rfc"] == "EKU9003173C9"
    assert doc["data"]["seconds"] > 0
    # the application it borrowed is left as it was: Spanish, no English translator installed
    assert QLocale().name() == locale_before
    context, source = selftest.TRANSLATION_PROBE
    assert QCoreApplication.translate(context, source) == source


def test_a_failed_check_is_named_and_its_dependents_are_not_run(qapp, capsys, monkeypatch):
    def broken(_state):
        raise RuntimeError("no FIEL here")

    checks = tuple((name, broken if name == "fiel_check" else check) for name, check in selftest.CHECKS)
    monkeypatch.setattr(selftest, "CHECKS", checks)
    code, doc = _run(capsys, "--self-test")
    assert code == 1
    assert doc["success"] is False
    error = doc["error"]
    assert error["code"] == "self_test_failed"
    failed = {item["check"]: item["error"] for item in error["failed"]}
    assert set(failed) == {"fiel_check", "sync", "invoices", "workers", "window"}
    assert failed["fiel_check"]["code"] == "RuntimeError" and failed["fiel_check"]["message"] == "no FIEL here"
    assert failed["sync"] == {"code": "not_run", "message": "needs fiel_check"}
    assert "fiel_check" in error["message"]
    assert {c["check"] for c in error["checks"] if c["ok"]} == {"imports", "resources", "qt", "data_home", "sandbox"}


def test_missing_resource_is_reported_by_name(qapp, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "REQUIRED_RESOURCES", (*selftest.REQUIRED_RESOURCES, "icons/nope.png"))
    monkeypatch.setattr(selftest, "CHECKS", selftest.CHECKS[:2])
    code, doc = _run(capsys, "--self-test")
    assert code == 1
    (item,) = doc["error"]["failed"]
    assert item["check"] == "resources"
    assert item["error"]["code"] == "resources_missing"
    assert item["error"]["details"]["missing"] == ["icons/nope.png"]


def test_import_failures_are_listed_not_skipped(capsys, monkeypatch):
    import importlib

    real = importlib.import_module

    def flaky(name, *args, **kwargs):
        if name == "desktop_app.core.export":
            raise ImportError("libsomething.so: cannot open shared object file")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", flaky)
    monkeypatch.setattr(selftest, "CHECKS", selftest.CHECKS[:1])
    code, doc = _run(capsys, "--self-test")
    assert code == 1
    details = doc["error"]["failed"][0]["error"]["details"]
    assert details["modules"] == [
        {"module": "desktop_app.core.export", "error": "ImportError: libsomething.so: cannot open shared object file"}
    ]


def test_self_test_with_a_command_is_a_usage_error(capsys):
    code, doc = _run(capsys, "--self-test", "history")
    assert code == 2
    assert doc["error"]["code"] == "usage_error"


@pytest.mark.parametrize("argv", [["--version"]])
def test_version_stays_instant(argv):
    """--version must not import the self-test, Qt or the core service."""
    probe = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('desktop_app.selftest', 'PySide6.QtWidgets', 'desktop_app.core.service')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out
