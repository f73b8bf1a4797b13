"""Issue 16.10: in English the invoice list's own texts are English too ("I Income", not "I Ingreso")."""

from __future__ import annotations

from desktop_app.gui.invoices.model import COL_TYPE, cell_text
from tests.gui.shell.test_language import compiled_qm, installed  # noqa: F401  (fixtures)


def test_type_column_follows_the_language(qapp, compiled_qm, installed):  # noqa: F811
    from desktop_app.gui.i18n import install_translators

    row = {"type": "I"}
    assert cell_text(row, COL_TYPE) == "I Ingreso"
    installed.extend(install_translators(qapp, "en"))
    assert cell_text(row, COL_TYPE) == "I Income"
    assert cell_text({"type": "N"}, COL_TYPE) == "N Payroll"
    assert cell_text({"type": "X"}, COL_TYPE) == "X"  # a code SAT's catalog lacks stays as written
