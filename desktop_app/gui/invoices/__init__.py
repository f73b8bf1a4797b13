"""Facturas: the accountant's offline invoice browser (lazy SQL-backed table, filters, totals, detail)."""
