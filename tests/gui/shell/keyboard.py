"""Keyboard helpers for GUI tests: mnemonics on screen, and key presses sent where the keyboard focus is."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMainWindow, QTabBar, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a widget text ("&&" is a literal ampersand), lower case."""
    found = _MNEMONIC.findall(text.replace("&&", ""))
    return found[0].lower() if found else None


def visible_mnemonics(top: QWidget) -> dict[str, list[str]]:
    """{letter: [texts]} of every mnemonic a user can press in ``top`` now (menu bar included)."""
    found: dict[str, list[str]] = defaultdict(list)
    texts: list[str] = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i))
    if isinstance(top, QMainWindow):
        texts.extend(action.text() for action in top.menuBar().actions() if action.isVisible())
    for text in texts:
        letter = mnemonic(text)
        if letter:
            found[letter].append(text)
    return dict(found)


def duplicate_mnemonics(top: QWidget) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in visible_mnemonics(top).items() if len(texts) > 1}


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key, to whatever has the keyboard focus (as a user's keyboard would)."""
    QTest.keyClick(focus(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focus(), text)


def alt(letter: str) -> None:
    press(getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
