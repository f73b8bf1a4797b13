"""Reportes (issue 18): the report kinds of ``core.reports.kinds.REPORTS`` in the window, each figure traceable to
the invoices behind it."""
