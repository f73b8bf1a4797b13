"""Known errors with stable codes (DESIGN.md §3).

Every failure a user or their environment can cause is an :class:`AppError` with a snake_case ``code``
that the CLI prints and the GUI turns into a Spanish sentence. Anything else is a bug.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """A known, user-facing failure.

    Attributes:
        code: stable snake_case identifier (``wrong_password``, ``sat_rejected`` …).
        message: a short English explanation for logs and the CLI; the GUI translates by ``code``.
        details: extra JSON-serialisable facts (SAT's ``CodEstatus``/``Mensaje``, a field name …).
    """

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        error.update(self.details)
        return error

    def __repr__(self) -> str:
        return f"AppError({self.code!r}, {self.message!r})"
