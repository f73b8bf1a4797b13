"""Issue 16.10: switching language needs no restart on every page — every fixed text the window shows in
Spanish that has an English translation shows in English after the switch (and back)."""

from __future__ import annotations

from lxml import etree
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QHeaderView, QLabel, QWidget

from tests.gui.shell.test_language import compiled_qm, installed  # noqa: F401  (fixtures)

PAGES = ("summary", "history", "invoices", "schedule", "settings")


def translations() -> dict[str, str]:
    """Spanish source → English, every finished entry of the committed .ts (mnemonic ampersands dropped)."""
    import importlib.util

    from tests.gui.shell.test_language import ROOT

    spec = importlib.util.spec_from_file_location("build_scripts_i18n", ROOT / "build_scripts" / "i18n.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    found = {}
    for message in etree.parse(str(script.ts_path("en"))).getroot().iter("message"):
        source, translation = message.findtext("source"), message.find("translation")
        if source and translation is not None and translation.text and translation.get("type") != "unfinished":
            found[source.replace("&", "")] = translation.text.replace("&", "")
    return found


def shown_texts(page: QWidget) -> set[str]:
    texts: set[str] = set()
    for widget in [page, *page.findChildren(QWidget)]:
        if not widget.isVisibleTo(page) and widget is not page:
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.add(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.add(widget.title())
        elif isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            model = widget.model()
            count = model.columnCount() if widget.orientation().name == "Horizontal" else 0
            texts.update(str(model.headerData(i, widget.orientation())) for i in range(count))
        placeholder = getattr(widget, "placeholderText", None)
        if callable(placeholder):
            texts.add(placeholder())
        texts.add(widget.toolTip())
        texts.add(widget.accessibleName())
    return {t.replace("&", "") for t in texts if t}


def test_every_page_follows_a_language_switch(qtbot, ready_service, compiled_qm, installed, tmp_path):  # noqa: F811
    from PySide6.QtCore import QSettings

    from desktop_app.app import build_window
    from desktop_app.gui.main_window import show_page

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    english = translations()
    window = build_window(ready_service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    spanish_shown = {key: shown_texts(show_page(window, key)) & english.keys() for key in PAGES}
    assert all(spanish_shown.values()), "the walk must see translatable texts on every page"

    settings = show_page(window, "settings")
    combo = settings.findChild(QComboBox, "languageCombo")
    with qtbot.waitSignal(window.pages_rebuilt, timeout=5_000):
        combo.setCurrentIndex(combo.findData("en"))
    assert window.nav.item(0).text() == "Summary"
    stale = {}
    for key in PAGES:
        page = show_page(window, key)
        still = {t for t in spanish_shown[key] & shown_texts(page) if english[t] != t}
        if still:
            stale[key] = sorted(still)
    combo = show_page(window, "settings").findChild(QComboBox, "languageCombo")
    with qtbot.waitSignal(window.pages_rebuilt, timeout=5_000):
        combo.setCurrentIndex(combo.findData("es"))
    back = {key: shown_texts(show_page(window, key)) & english.keys() for key in PAGES}
    window.close()
    for key in PAGES:  # and back to Spanish, every text again
        assert back[key] == spanish_shown[key], (key, back[key] ^ spanish_shown[key])
    assert not stale, stale
