"""Persistence: the SQLite ledger/index (``db``, ``schema``) and the on-disk invoice vault (``vault``)."""
