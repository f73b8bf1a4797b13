"""Issue 15: one owner for the data. Every SQL statement lives in ``desktop_app/core/store/``.

The scan reads the source (AST), not the running program: a string that reads like SQL or a call to
``execute``/``executemany``/``executescript`` anywhere else in ``desktop_app`` fails the test, naming the line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import desktop_app

PACKAGE = Path(desktop_app.__file__).resolve().parent
STORE = PACKAGE / "core" / "store"

SQL = re.compile(
    r"""^\s*(
        SELECT\b[\s\S]*\bFROM\b | INSERT\s+(OR\s+\w+\s+)?INTO\b | UPDATE\s+\w+\s+SET\b | DELETE\s+FROM\b
        | CREATE\s+(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL|UNIQUE)\b | DROP\s+(TABLE|INDEX|VIEW|TRIGGER)\b
        | ALTER\s+TABLE\b | PRAGMA\s+\w+ | BEGIN(\s+(IMMEDIATE|EXCLUSIVE|DEFERRED))?\s*$ | COMMIT\s*$
        | ROLLBACK\s*$ | WITH\s+\w+\s+AS\s*\(
    )""",
    re.VERBOSE,
)
EXECUTE = {"execute", "executemany", "executescript"}


def sql_in(source: str) -> list[tuple[int, str]]:
    """(line, what) of every SQL string and ``execute`` call in ``source``."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    # An f-string's pieces are Constants too: judge the f-string whole, not its fragments.
    pieces = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if id(node) in pieces:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
            found.append((node.lineno, node.value.strip().splitlines()[0][:60]))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL.match(text):
                found.append((node.lineno, text.strip().splitlines()[0][:60]))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTE:
            found.append((node.lineno, f".{node.func.attr}(…)"))
    return found


def test_the_scan_finds_sql_in_its_shapes():
    sample = '''
conn.execute("SELECT 1")
q = "SELECT * FROM invoices WHERE rfc = ?"
u = f"UPDATE packages SET {x} WHERE id = ?"
i = """INSERT OR IGNORE INTO parties(rfc) VALUES (?)"""
p = "PRAGMA user_version"
doc = "Select the invoices from the list; update the totals."
'''
    lines = [line for line, _ in sql_in(sample)]
    assert sorted(set(lines)) == [2, 3, 4, 5, 6]


def test_no_sql_outside_the_storage_layer():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if STORE in path.parents:
            continue
        for line, what in sql_in(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {what}")
    assert offenders == [], "SQL outside desktop_app/core/store/:\n" + "\n".join(offenders)
