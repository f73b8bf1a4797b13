"""Text folding for search: upper-case and accent-free, so that "munoz" finds "MUÑOZ".

A leaf module (standard library only): the storage layer registers it as an SQL function for migrations
(``store.db.register_functions``) and the index writes search text with it, without either importing the other.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def search_text(*parts: str | None) -> str:
    """Upper-case, accent-free text for the trigram index (so "munoz" finds "MUÑOZ")."""
    return " ".join(_fold(p) for p in parts if p)


@lru_cache(maxsize=65_536)
def _fold_cached(part: str) -> str:
    decomposed = unicodedata.normalize("NFKD", part)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def _fold(part: str) -> str:
    # Names and RFCs repeat across a profile's invoices (cache); UUIDs and most RFCs are plain ASCII.
    if part.isascii():
        return part.upper()
    return _fold_cached(part)
