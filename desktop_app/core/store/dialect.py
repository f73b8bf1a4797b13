"""Which SQL dialect a connection speaks: ``"sqlite"`` (``sqlite3``) or ``"postgresql"`` (:mod:`.pg`'s wrapper).

A repository whose SQL differs between the two keeps both spellings side by side in one small table keyed by
:func:`of` (e.g. ``requests._INSERTION_ORDER``); everything else is written once, in the SQL both accept.
"""

from __future__ import annotations

from typing import Any, Literal

Name = Literal["sqlite", "postgresql"]
SQLITE: Name = "sqlite"
POSTGRESQL: Name = "postgresql"


def of(conn: Any) -> Name:
    """The dialect of ``conn`` (a ``sqlite3.Connection`` unless it says otherwise)."""
    return POSTGRESQL if getattr(conn, "dialect", SQLITE) == POSTGRESQL else SQLITE
