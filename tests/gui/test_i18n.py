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
def english(script: ModuleType) -> dict[tuple[str, str], str | tuple[str, ...]]:
    """{(context, source): translation}; a numerus message maps to its plural forms (singular, plural)."""
    return script.read_ts(script.ts_path("en"))


@pytest.fixture(scope="module")
def numerus(script: ModuleType) -> set[tuple[str, str]]:
    return script.numerus_messages()


def _forms(translation: str | tuple[str, ...]) -> tuple[str, ...]:
    return translation if isinstance(translation, tuple) else (translation,)


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
    for (ctx, source), translations in sorted(english.items()):
        for translation in _forms(translations):
            problems.extend(_differences(ctx, source, translation))
    assert not problems, "\n".join(problems)


def _differences(ctx: str, source: str, translation: str) -> list[str]:
    problems = []
    if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
        problems.append(f"[{ctx}] placeholders differ: {source!r} -> {translation!r}")
    if _mnemonics(source) != _mnemonics(translation):
        problems.append(f"[{ctx}] mnemonic count differs: {source!r} -> {translation!r}")
    if source[:1] in _SYMBOLS and translation[:1] != source[:1]:
        problems.append(f"[{ctx}] leading symbol lost: {source!r} -> {translation!r}")
    if source.count("\n") != translation.count("\n"):
        problems.append(f"[{ctx}] line breaks differ: {source!r} -> {translation!r}")
    return problems


# -- (b2) plurals ------------------------------------------------------------------------------------------------


def test_counted_messages_have_english_singular_and_plural(numerus, english):
    """``translate(ctx, "… %n …", None, n)`` is written numerus="yes" with both English forms; others are not."""
    assert numerus, "no numerus message found: the extractor lost translate(..., n)"
    problems = []
    for key in sorted(numerus):
        translation = english.get(key)
        if not (isinstance(translation, tuple) and len(translation) == 2 and all(translation)):
            problems.append(f"{key}: needs two numerus forms, has {translation!r}")
        elif "%n" not in key[1] and "%Ln" not in key[1]:
            problems.append(f"{key}: a counted message without %n")
    plain_with_forms = sorted(key for key, value in english.items() if isinstance(value, tuple) and key not in numerus)
    assert not problems and not plain_with_forms, "\n".join(
        problems + [f"{k}: numerus in .ts only" for k in plain_with_forms]
    )


def test_extractor_reads_numerus_calls(script, tmp_path):
    (tmp_path / "mod.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def tr(text):\n    return QCoreApplication.translate('Ctx', text)\n"
        "a = QCoreApplication.translate('Ctx', '%n días', None, 3)\n"
        "b = QCoreApplication.translate('Ctx', '%n horas', n=2)\n"
        "c = tr('Hola')\n",
        encoding="utf-8",
    )
    messages = script.extract(tmp_path)
    assert set(messages["Ctx"]) == {"%n días", "%n horas", "Hola"}
    assert script.numerus_messages(tmp_path) == {("Ctx", "%n días"), ("Ctx", "%n horas")}
    ts = tmp_path / "x_en.ts"
    total, missing = script.write_ts(ts, "en_US", messages, script.numerus_messages(tmp_path))
    assert (total, missing) == (3, 3)
    text = ts.read_text(encoding="utf-8")
    assert text.count('numerus="yes"') == 2 and text.count("<numerusform") == 4
    ts.write_text(
        text.replace(
            '<translation type="unfinished">\n        <numerusform />\n        <numerusform />',
            "<translation>\n        <numerusform>%n day</numerusform>\n        <numerusform>%n days</numerusform>",
            1,
        ),
        encoding="utf-8",
    )
    assert script.read_ts(ts) == {("Ctx", "%n días"): ("%n day", "%n days")}
    assert script.write_ts(ts, "en_US", messages, script.numerus_messages(tmp_path)) == (3, 2)  # kept on re-extract


def test_lookup_tables_reach_tr_only_as_extracted_strings(qapp, messages, monkeypatch):
    """Strings handed to tr() through tables (statuses, SAT codes, headers…) must be extracted too."""
    from PySide6.QtCore import QCoreApplication

    seen: set[tuple[str, str]] = set()
    original = QCoreApplication.translate

    def record(context, text, disambiguation=None, n=-1):
        seen.add((context, text))
        return original(context, text, disambiguation, n)

    monkeypatch.setattr(QCoreApplication, "translate", record)
    from desktop_app.gui import messages as errors
    from desktop_app.gui.history import vocabulary as voc
    from desktop_app.gui.invoices import filters, model, totals

    for status in voc.STATUSES:
        voc.status_name(status)
        voc.status_hint(status)
    for rfc_type in voc._RFC_TYPES:
        for request_type in voc._REQUEST_TYPES:
            voc.kind_text({"rfcType": rfc_type, "requestType": request_type})
    for table, render in (
        (voc._SOURCES, voc.source_text),
        (voc._INVOICE_TYPES, voc.invoice_type_text),
        (voc._INVOICE_STATUSES, voc.invoice_status_text),
        (voc._PACKAGE_STATES, voc.package_state_text),
        (voc._OPERATIONS, voc.operation_text),
        (voc.SAT_CODES, voc.sat_code_text),
        (voc.SAT_STATES, voc.sat_state_text),
    ):
        for key in table:
            render(key)
    for note in [
        "1 documents downloaded and indexed.",
        "7 documents downloaded and indexed.",
        "SAT found no documents for this period.",
        "SAT found no document with that folio.",
        "SAT's packages expired",
        "The period has more documents than SAT",
        "The app stopped while sending",
        "SAT's answer to this request was lost",
        "SAT answered 'Error no controlado'",
        "SAT could not be reached",
        *(f"SAT says ({code})." for code in voc._REJECTIONS),
    ]:
        voc.status_message_text({"statusMessage": note, "status": "failed"})
    for code in [*errors.known_codes(), "not_a_known_code"]:
        errors.describe(code)
        errors.headline(code)
    for rows in (filters.PERIODS, filters.DIRECTIONS, filters.TYPES, filters.STATUSES, totals.FIELDS):
        for _key, text in rows:
            filters.tr(text)
    for text in [*model.STATUS_TEXT.values(), *(header for header, _sort in model.COLUMNS)]:
        model.tr(text)
    extracted = {(ctx, text) for ctx, texts in messages.items() for text in texts}
    assert seen, "nothing was recorded"
    assert not sorted(seen - extracted), f"reach tr() but are not extracted: {sorted(seen - extracted)}"


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


def test_english_plural_forms_follow_the_count(qapp, compiled_qm, installed, english, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    from desktop_app.gui import i18n

    monkeypatch.setattr(i18n, "translations_dir", lambda: str(compiled_qm.parent))
    installed.extend(i18n.install_translators(qapp, "en"))
    source = "⟳ %n solicitudes en proceso en el SAT"
    singular, plural = english[("MainWindow", source)]
    assert QCoreApplication.translate("MainWindow", source, None, 1) == singular.replace("%n", "1")
    assert QCoreApplication.translate("MainWindow", source, None, 3) == plural.replace("%n", "3")
    assert QCoreApplication.translate("MainWindow", source, None, 3) == "⟳ 3 requests in progress at SAT"


def test_spanish_source_reads_well_for_one(qapp):
    """No translator: Qt shows the Spanish source, so n == 1 has its own singular literal."""
    from desktop_app.gui.history.vocabulary import status_message_text

    one = status_message_text({"statusMessage": "1 documents downloaded and indexed.", "status": "completed"})
    many = status_message_text({"statusMessage": "18 documents downloaded and indexed.", "status": "completed"})
    assert one == "Se descargó e integró 1 comprobante."
    assert many == "Se descargaron e integraron 18 comprobantes."


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


@pytest.mark.parametrize(("lang", "locale"), [("es", "es_MX"), ("en", "en_US")])
def test_the_cores_days_and_months_are_the_windows(qapp, lang, locale):
    """Reports and exports are written by the core, which has no Qt: their days and months must read as the
    window's (``gui/formatting``: the locale's short date with four digits, "MMM yyyy")."""
    from PySide6.QtCore import QDate, QLocale

    from desktop_app.core.vocabulary import day_text, month_text
    from desktop_app.gui.formatting import date_format

    qt = QLocale(locale)
    for day in (QDate(2026, 1, 5), QDate(2026, 9, 30), QDate(2025, 12, 1)):
        iso = day.toString("yyyy-MM-dd")
        assert day_text(iso, lang) == qt.toString(day, date_format(qt)), iso
    for month in range(1, 13):
        assert month_text(f"2026-{month:02d}", lang) == qt.toString(QDate(2026, month, 1), "MMM yyyy")


def test_the_wizard_writes_days_as_every_other_page_in_english(qapp, compiled_qm, installed, monkeypatch):
    """The wizard wrote «Registered with SAT on 07/12/2026» and «From 18/05/2023 to 17/05/2027» while the
    Resumen wrote 12/7/2026 for the same day (outside audit of the owner's first run, in English)."""
    from datetime import UTC, datetime

    from desktop_app.core.clock import to_ms
    from desktop_app.gui import formatting, i18n
    from desktop_app.gui.wizard.base import certificate_day, mexico_time

    assert (
        certificate_day(datetime(2027, 5, 17, tzinfo=UTC)),
        mexico_time(to_ms(datetime(2026, 12, 7, 18, 0, tzinfo=UTC))),
    ) == (
        "17/05/2027",
        "07/12/2026 12:00",
    )
    monkeypatch.setattr(i18n, "translations_dir", lambda: str(compiled_qm.parent))
    installed.extend(i18n.install_translators(qapp, "en"))
    assert formatting.app_locale().language().name == "English"
    assert certificate_day(datetime(2027, 5, 17, tzinfo=UTC)) == "5/17/2027"
    assert mexico_time(to_ms(datetime(2026, 12, 7, 18, 0, tzinfo=UTC))) == "12/7/2026 12:00"
