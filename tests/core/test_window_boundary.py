"""Issue 15.4 / 19.5: the window talks to its data through one interface (``core.api.DataService``), which the
local ``DescargaService`` and the office server's ``RemoteService`` both implement. The scan reads the GUI's
source (AST): reaching into a service's parts — its database, ledger, profile store, clock, secret store or home
folder — fails the test, naming the line; so does a repository built in the GUI."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop_app
from desktop_app.core.api import DataService
from desktop_app.core.remote import RemoteService
from desktop_app.core.service import DescargaService

GUI = Path(desktop_app.__file__).resolve().parent / "gui"
PARTS = {"db", "ledger", "profiles", "clock", "secrets", "home"}
REPOSITORIES = {"InvoiceRepository", "RequestRepository", "PackageRepository", "ProfileRepository"}


def _name(node: ast.AST) -> str:
    """The last name of an expression: ``self.context.service`` → ``service``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def reaches_in(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in PARTS and _name(node.value).lstrip("_") == "service":
            found.append((node.lineno, f"service.{node.attr}"))
        elif isinstance(node, ast.Call) and _name(node.func) in REPOSITORIES:
            found.append((node.lineno, f"{_name(node.func)}(…)"))
    return found


def test_the_scan_finds_the_shapes_of_reaching_in():
    sample = """
rows = self.context.service.db.get()
today = self._service.clock.now()
ok = service.secrets.keyring_available()
repo = InvoiceRepository(conn)
fine = self.context.service.profile_records()
home = settings.home
"""
    assert sorted(line for line, _ in reaches_in(sample)) == [2, 3, 4, 5]


def test_the_window_reaches_no_part_of_a_service():
    found = [
        f"{path.relative_to(GUI.parent)}:{line}: {what}"
        for path in sorted(GUI.rglob("*.py"))
        for line, what in reaches_in(path.read_text(encoding="utf-8"))
    ]
    assert not found, "the window must ask core.api.DataService:\n" + "\n".join(found)


def test_both_services_implement_every_call_of_the_interface():
    wanted = {name for name in dir(DataService) if not name.startswith("_")}
    assert wanted >= {"profile_records", "invoice_rows", "request_records", "today", "keyring_available"}
    for implementation in (DescargaService, RemoteService):
        assert not [n for n in wanted if not callable(getattr(implementation, n, None))], implementation
