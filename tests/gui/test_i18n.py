"""Translations: the English .ts is complete and consistent, English shows in a real page, Qt speaks Spanish.

The .qm is compiled from the committed .ts into a temporary folder (so a stale or missing build cannot hide a
problem), and every translator a test installs is removed again so the rest of the suite stays in Spanish.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "build_scripts" / "i18n.py"

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d")
_MNEMONIC = re.compile(r"&(?!&)")
_SYMBOLS = "✓⚠✗⟳○ℹ"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_scripts_i18n", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def messages(script: ModuleType) -> dict[str, dict[str, list[str]]]:
    return script.extract()


@pytest.fixture(scope="module")
def english(script: ModuleType) -> dict[tuple[str, str], str]:
    return script.read_ts(script.ts_path("en"))


def _mnemonics(text: str) -> int:
    return len(_MNEMONIC.findall(text.replace("&&", "")))


# -- (a) complete and up to date ---------------------------------------------------------------------------------


def test_every_source_string_has_a_finished_english_translation(messages, english):
    missing = [
        f"[{ctx}] {text!r} ({locations[0]})"
        for ctx, texts in messages.items()
        for text, locations in texts.items()
        if not english.get((ctx, text))
    ]
    assert not missing, "run `python build_scripts/i18n.py extract` and translate:\n" + "\n".join(missing)


def test_ts_has_no_stale_strings(messages, english):
    current = {(ctx, text) for ctx, texts in messages.items() for text in texts}
    stale = sorted(set(english) - current)
    assert not stale, f"run `python build_scripts/i18n.py extract` to drop strings no longer in the code: {stale}"


# -- (b) placeholders and mnemonics ------------------------------------------------------------------------------


def test_translations_keep_placeholders_mnemonics_and_symbols(english):
    problems = []
    for (ctx, source), translation in sorted(english.items()):
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
            problems.append(f"[{ctx}] placeholders differ: {source!r} -> {translation!r}")
        if _mnemonics(source) != _mnemonics(translation):
            problems.append(f"[{ctx}] mnemonic count differs: {source!r} -> {translation!r}")
        if source[:1] in _SYMBOLS and translation[:1] != source[:1]:
            problems.append(f"[{ctx}] leading symbol lost: {source!r} -> {translation!r}")
        if source.count("\n") != translation.count("\n"):
            problems.append(f"[{ctx}] line breaks differ: {source!r} -> {translation!r}")
    assert not problems, "\n".join(problems)


# -- (c) English in a real page ----------------------------------------------------------------------------------


@pytest.fixture
def compiled_qm(script: ModuleType, tmp_path: Path) -> Path:
    """descarga_masiva_en.qm built from the committed .ts into a temporary folder."""
    target = tmp_path / "descarga_masiva_en.qm"
    subprocess.run([script.lrelease(), "-silent", str(script.ts_path("en")), "-qm", str(target)], check=True)
    assert target.exists()
    return target


@pytest.fixture
def installed(qapp) -> Iterator[list]:
    """Translators installed during the test; removed (and the default locale restored) afterwards."""
    from PySide6.QtCore import QLocale

    saved_locale = QLocale()
    translators: list = []
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(saved_locale)


def test_english_translates_the_summary_page(qapp, context, compiled_qm, installed, english, monkeypatch):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QLabel, QPushButton

    from desktop_app.gui import i18n
    from desktop_app.gui.summary.page import SummaryPage

    monkeypatch.setattr(i18n, "translations_dir", lambda: str(compiled_qm.parent))
    installed.extend(i18n.install_translators(qapp, "en"))
    assert any(not t.isEmpty() and t.filePath() == str(compiled_qm) for t in installed), "English .qm not loaded"

    source = "&Configurar un RFC…"
    expected = english[("SummaryPage", source)]
    assert expected != source
    assert QCoreApplication.translate("SummaryPage", source) == expected

    page = SummaryPage(context)
    button = page.findChild(QPushButton, "summarySetupButton")
    assert button is not None
    assert button.text() == expected
    empty = page.findChild(QLabel, "summaryEmpty")
    assert empty is not None
    assert empty.text().startswith("No RFC is set up yet")
    page.deleteLater()


def test_translators_removed_after_english_test(qapp):
    """Runs after the English test: the rest of the suite sees the Spanish source again."""
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("SummaryPage", "&Configurar un RFC…") == "&Configurar un RFC…"


# -- (d) Qt's own strings in Spanish -----------------------------------------------------------------------------


def test_spanish_translates_qt_standard_buttons(qapp, installed):
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop_app.gui.i18n import install_translators

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / "qtbase_es.qm").exists():
        pytest.skip(f"Qt's qtbase_es.qm is not installed in {folder}")

    installed.extend(install_translators(qapp, "es"))
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
    assert "Cancelar" in text
    box.deleteLater()
