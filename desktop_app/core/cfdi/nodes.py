"""Reading a parsed CFDI's nodes by local name, whatever the namespace prefix or version (3.2 writes attributes
in lower camel case): what the printed representation (``core.printed``) and the window's detail share."""

from __future__ import annotations

from typing import Any

from lxml import etree


def local(el: Any) -> str:
    """The element's name without its namespace ("" for a comment or processing instruction)."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def child(el: Any, name: str) -> Any:
    """The first child called ``name``, or None (also for no ``el``)."""
    if el is None:
        return None
    return next((c for c in el if local(c) == name), None)


def children(el: Any, name: str) -> list[Any]:
    return [] if el is None else [c for c in el if local(c) == name]


def descendants(el: Any, name: str) -> list[Any]:
    return [d for d in el.iter() if local(d) == name]


def attr(el: Any, *names: str) -> str | None:
    """The first attribute present among ``names`` (CFDI 3.2 spells them in lower camel case)."""
    if el is None:
        return None
    for name in names:
        value = el.get(name)
        if value is not None:
            return str(value)
    return None
