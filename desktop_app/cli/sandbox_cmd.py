"""Placeholder registration; filled in by its own module."""

from typing import Any


def register(commands: Any) -> None:
    return None
