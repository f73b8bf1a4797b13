"""A word-wrapped label that is never cut.

Qt lays out a word-wrapped ``QLabel`` by its size hint, worked out for a guessed width; once the layout gives
it a narrower one the text needs more lines than the height it got, and the last line (often the figure or
date) is clipped. :class:`WrappingLabel` asks for the height its text needs at the width it really has.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappingLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)  # the width never depends on the height: this settles at once
