"""Reports in English (``lang="en"``, ``report KIND --lang en``): every word a user sees in a sheet, a header, a
label or the text is English, the figures are the Spanish report's, and SAT's DIOT batch file has no language."""

from __future__ import annotations

import re
import zipfile
from typing import Any

import pytest

from desktop_app.core.reports import diot, isr, nomina, retenciones, text, xlsx
from desktop_app.core.reports.kinds import REPORTS
from tests.core.reports.conftest import cli, report
from tests.core.reports.scenario_isr import income_world  # noqa: F401 - the fixture
from tests.core.reports.test_report_cli import _sheets

# Spanish words of the sheets' names, headers and row labels that have no place in an English report.
SPANISH = (
    "Concepto", "Total de", "Periodo", "Saldo", "Retenido", "Recibos", "Proveedor", "Proveedores", "Fecha", "Nombre",
    "Moneda", "Pagos", "Pagado", "Ingresos", "Gastos", "Percepciones", "Deducciones", "Devoluciones", "Detalle",
    "Flujo de efectivo", "Devengado", "Ejercicio", "Clave", "Constancias", "Tipo de", "Por cobrar", "Por pagar",
    "Días", "Antigüedad", "Nómina", "Empleados", "Retenciones", "Carga", "Valor pagado", "acreditable", "Exento",
    "Otros", "Importe", "Neto", "Subsidio", "Honorarios", "Arrendamiento", "patrón", "Región", "Lista",
)  # fmt: skip
_SPANISH = re.compile("|".join(rf"\b{re.escape(word)}\b" for word in SPANISH), re.IGNORECASE)
# Sentences of the Spanish notes and text that must not be left in the English ones.
SPANISH_SENTENCES = re.compile(
    r"importes en MXN|saldos al|flujo de efectivo|fuera del cálculo|no incluidos|\bNotas\b|\bPor tasa\b|"
    r"Reporte de|\brecibos\b|\bfacturas\b|\bdocumentos\b|constancias cuyo|\bdías\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}\b")
_FIGURES = frozenset({"money", "number", "rate", "date"})


def _spanish_in(texts: list[str]) -> list[str]:
    return [t for t in texts if isinstance(t, str) and _SPANISH.search(t)]


@pytest.fixture(scope="module")
def datas(world, income_world) -> dict[str, dict[str, Any]]:  # noqa: F811
    """Each kind's data over a period with figures, with ``detail`` (every sheet and every line there is)."""
    return {
        "iva": report(world.home, "iva", "--period", "2025-03", "--detail"),
        "ppd": report(world.home, "ppd", "--period", "2025-03", "--detail"),
        "diot": report(world.home, "diot", "--period", "2025-03", "--detail"),
        "isr": report(income_world.home, "isr", "--period", "2025-02", "--to", "2025-03", "--detail"),
        "nomina": report(income_world.home, "nomina", "--period", "2025-02", "--to", "2025-03", "--detail"),
        "retenciones": report(income_world.home, "retenciones", "--period", "2025-01", "--to", "2025-12", "--detail"),
    }


def test_every_kind_has_a_title_in_both_languages():
    for kind, entry in REPORTS.items():
        assert set(entry.titles) == {"es", "en"}, kind
        assert entry.title == entry.titles["es"] == entry.title_in("es") == entry.title_in("fr")
        assert entry.title_in("en") != entry.title and not _spanish_in([entry.title_in("en")]), kind
    assert REPORTS["iva"].title_in("en") == "VAT (IVA)"
    assert REPORTS["diot"].title_in("en").startswith("DIOT ")


def _same_shape(left: Any, right: Any, where: str) -> None:
    """Two word tables of a module, Spanish and English: the same keys and list lengths, all the way down."""
    assert type(left) is type(right), where
    if isinstance(left, dict):
        assert list(left) == list(right), where
        for key in left:
            _same_shape(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        assert len(left) == len(right), where


@pytest.mark.parametrize(
    "words",
    [xlsx.WORDS, text.TEXT_WORDS, isr.WORDS, nomina.WORDS, retenciones.WORDS, diot.WORDS],
    ids=["xlsx", "text", "isr", "nomina", "retenciones", "diot"],
)
def test_each_module_has_one_table_of_words_per_language(words):
    assert set(words) == {"es", "en"}
    _same_shape(words["es"], words["en"], "words")
    # every {placeholder} of a Spanish sentence is in its English twin, and no other
    for key, spanish in words["es"].items():
        if isinstance(spanish, str):
            assert set(re.findall(r"\{\w+\}", spanish)) == set(re.findall(r"\{\w+\}", words["en"][key])), key


def test_english_labels_fit_the_texts_columns():
    """The text cuts a label at its column's width: no English label of a fixed-width line is cut."""
    words = xlsx.WORDS["en"]
    labels = [*words["summary"], words["balance"], words["withheld_to_pay"]]
    labels += [f"  {rate}: {field}" for rate in words["rate"].values() for field in words["rate_field"].values()]
    assert max(len(label) for label in labels) <= 62, max(labels, key=len)
    isr_words = isr.WORDS["en"]
    labels = [
        f"{title}: {kind}" if figure.startswith("withheld") else title
        for figure, title in isr_words["figure"].items()
        for kind in isr_words["kind"].values()
    ]
    assert max(len(label) for label in labels) <= 68, max(labels, key=len)
    assert max(len(title) for title in nomina.WORDS["en"]["amount"].values()) <= 40
    assert max(len(title) for title in retenciones.WORDS["en"]["amount"].values()) <= 36
    assert max(len(title) for title in xlsx.WORDS["en"]["aging"].values()) <= 16


@pytest.mark.parametrize("kind", list(REPORTS))
def test_english_sheets_have_english_words_and_the_same_figures(datas, kind):
    data = datas[kind]
    spanish, english = REPORTS[kind].sheets(data), REPORTS[kind].sheets(data, "en")
    assert len(spanish) == len(english) >= 2
    for es, en in zip(spanish, english, strict=True):
        assert es.name != en.name or es.name == "DIOT", es.name
        assert len(en.name) <= 31  # Excel's limit
        headers = [title for title, _kind, _width in en.columns]
        labels = [values[0] for values, _bold in en.rows if values and isinstance(values[0], str)]
        assert not _spanish_in([en.name, *headers, *labels]), (en.name, _spanish_in([en.name, *headers, *labels]))
        assert not [note for note in en.notes if SPANISH_SENTENCES.search(note)], en.notes
        # the same table: columns of the same kinds and widths, the same rows, bold and invoices behind them
        assert [(k, w) for _t, k, w in es.columns] == [(k, w) for _t, k, w in en.columns]
        assert len(es.rows) == len(en.rows) and es.sources == en.sources and len(es.notes) == len(en.notes)
        kinds = [k for _t, k, _w in es.columns]
        for (es_values, es_bold), (en_values, en_bold) in zip(es.rows, en.rows, strict=True):
            assert es_bold == en_bold and len(es_values) == len(en_values)
            for value_es, value_en, column_kind in zip(es_values, en_values, kinds, strict=False):
                if column_kind in _FIGURES:
                    assert value_es == value_en, (kind, es.name, es_values)


def _rows(sheet) -> dict[str, list[Any]]:
    return {values[0]: values[1:] for values, _bold in sheet.rows if values and isinstance(values[0], str)}


def test_english_labels_kind_by_kind(datas):
    iva, iva_detail = REPORTS["iva"].sheets(datas["iva"], "en")
    assert (iva.name, iva_detail.name) == ("VAT (IVA)", "Detail")
    assert [t for t, _k, _w in iva.columns] == ["Item", "Cash basis", "Accrual basis"]
    rows = _rows(iva)
    assert rows["VAT (IVA) transferred"] == ["3472.13", "1128.13"]
    assert rows["Balance: payable (+) / in favor (−)"] == ["2450.79", "-37.21"]
    assert "16 %: VAT (IVA) transferred" in rows and "By rate" in rows
    assert iva.notes[0].startswith("RFC EKU9003173C9, period 3/1/2025 to 3/31/2025; amounts in MXN")  # as en_US
    assert any(note.startswith("Cash basis: Cancelled ") and note.endswith(" — 1.") for note in iva.notes), iva.notes

    receivable, payable, payments = REPORTS["ppd"].sheets(datas["ppd"], "en")
    assert (receivable.name, payable.name, payments.name) == ("Receivable", "Payable", "Payments")
    headers = [t for t, _k, _w in receivable.columns]
    assert "Outstanding balance" in headers and "Aging" in headers and "Issue date" in headers
    assert "Total MXN — invoices: 3" in _rows(receivable) and "Over 90 days" in _rows(receivable)

    summary, detail = REPORTS["isr"].sheets(datas["isr"], "en")
    assert (summary.name, detail.name) == ("Income tax (ISR)", "Income tax (ISR) detail")
    assert [t for t, _k, _w in summary.columns][:2] == ["Item", "Period"]
    rows = _rows(summary)
    assert rows["ISR withheld from the taxpayer: Professional fees (612)"][2] == "1944.10"
    assert rows["Non-deductible expenses: 69-B definitive suppliers (CFF)"][2] == "25000.00"
    assert "69-B list" in " ".join(summary.notes)

    people, months = REPORTS["nomina"].sheets(datas["nomina"], "en")
    assert (people.name, months.name) == ("Payroll by employee", "Payroll by month")
    headers = [t for t, _k, _w in people.columns]
    assert headers[:5] == ["RFC", "CURP", "Name", "Employee no.", "Receipts"]
    assert "Total earnings" in headers and "ISR withheld on wages" in headers and "Net paid" in headers
    assert any(label.startswith("Employer total — employees: ") for label in _rows(people))

    summary, documents = REPORTS["retenciones"].sheets(datas["retenciones"], "en")
    assert (summary.name, documents.name) == ("Withholdings", "Certificates")
    headers = [t for t, _k, _w in summary.columns]
    assert headers[:4] == ["Fiscal year", "Key", "Kind of withholding", "Documents"]
    assert "Total withheld" in headers and "ISR withheld" in headers

    review, batch = REPORTS["diot"].sheets(datas["diot"], "en")
    assert (review.name, batch.name) == ("DIOT", "Batch upload")
    headers = [t for t, _k, _w in review.columns]
    assert headers[:4] == ["RFC", "Name", "Third-party type", "Operation type"]
    assert "Creditable VAT (IVA) 16 %" in headers and "Tax effects" in headers
    captions = [t for t, _k, _w in batch.columns]
    assert (captions[0], captions[53]) == ("1 Third-party type", "54 Statement of tax effects")
    assert any(label.startswith("Total — suppliers: ") for label in _rows(review))
    assert all(values[2] in ("04 Domestic supplier", "05 Foreign supplier", "15 Global supplier")
               for values, _bold in review.rows[:-1])  # fmt: skip


_ISO_DAY_OR_MONTH = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("kind", list(REPORTS))
def test_days_and_months_read_as_the_window_writes_them(datas, kind, lang):
    """A report's sheets (names, headers, notes) and its text write a day dd/mm/aaaa (M/d/yyyy in English) and a
    month "mar 2025", never ISO (the figures' date cells are dates: Excel and the window format them); the DIOT
    batch file is SAT's layout, not words."""
    data = datas[kind]
    for sheet in REPORTS[kind].sheets(data, lang):
        words = [sheet.name, *(title for title, _kind, _width in sheet.columns), *sheet.notes]
        assert not [w for w in words if _ISO_DAY_OR_MONTH.search(w)], (sheet.name, words)
    if kind != "diot":
        body = REPORTS[kind].text(data, lang)
        found = [line for line in body.splitlines() if _ISO_DAY_OR_MONTH.search(line)]
        assert not found, found


def test_a_period_note_in_each_language():
    from desktop_app.core.vocabulary import day_text, month_text

    assert (day_text("2025-03-01", "es"), day_text("2025-03-31T23:59:59", "es")) == ("01/03/2025", "31/03/2025")
    assert (day_text("2025-03-01", "en"), day_text("2025-12-31", "en")) == ("3/1/2025", "12/31/2025")
    assert (month_text("2025-09", "es"), month_text("2025-12-05", "en")) == ("sep 2025", "Dec 2025")
    assert [day_text(v, "es") for v in (None, "", "al corte", "2025-13-01")] == ["", "", "al corte", "2025-13-01"]
    assert [month_text(v, "es") for v in (None, "2025-00", "2025-13", "marzo")] == ["", "2025-00", "2025-13", "marzo"]


@pytest.mark.parametrize("kind", [kind for kind in REPORTS if kind != "diot"])
def test_english_text_has_english_words_and_the_same_figures(datas, kind):
    data = datas[kind]
    spanish, english = REPORTS[kind].text(data), REPORTS[kind].text(data, "en")
    assert spanish != english
    found = [line for line in english.splitlines() if SPANISH_SENTENCES.search(line)]
    assert not found, found
    assert sorted(_MONEY.findall(spanish)) == sorted(_MONEY.findall(english))
    assert len(spanish.splitlines()) == len(english.splitlines())
    first = english.splitlines()[0]
    assert first.endswith(f"— RFC {data['rfc']}") and not _spanish_in([first]), first


def test_the_diot_batch_file_has_no_language(datas):
    data = datas["diot"]
    assert data["suppliers"]
    assert REPORTS["diot"].text(data, "en") == REPORTS["diot"].text(data) == diot.diot_text(data)


def test_spanish_stays_the_default():
    for kind, entry in REPORTS.items():
        assert entry.sheets.__defaults__ == ("es",), kind
        assert entry.text.__defaults__ == ("es",), kind


def test_cli_lang_en_writes_english_workbooks_and_text(world, tmp_path):
    target = tmp_path / "iva.xlsx"
    data = report(world.home, "iva", "--period", "2025-03", "--format", "xlsx", "--output", str(target), "--detail",
                  "--lang", "en")  # fmt: skip
    assert data["cash"]["transferred"] == "3472.13"  # stdout is data: no language
    sheets = _sheets(target)
    assert list(sheets) == ["VAT (IVA)", "Detail"]
    assert sheets["VAT (IVA)"][0] == ["Item", "Cash basis", "Accrual basis"]
    summary = {row[0]: row[1:] for row in sheets["VAT (IVA)"] if row}
    assert summary["VAT (IVA) transferred"] == ["3472.13", "1128.13"]
    assert sheets["Detail"][0][:3] == ["Basis", "Figure", "UUID"]

    ppd = tmp_path / "ppd.xlsx"
    report(world.home, "ppd", "--period", "2025-03", "--format", "xlsx", "--output", str(ppd), "--lang", "en")
    assert list(_sheets(ppd)) == ["Receivable", "Payable", "Payments"]
    # its date cells shown as English writes days (DESIGN §3: M/d/yyyy), as its own notes do; before dd/mm/yyyy
    spanish = tmp_path / "ppd-es.xlsx"
    report(world.home, "ppd", "--period", "2025-03", "--format", "xlsx", "--output", str(spanish))
    for path, shown, not_shown in ((ppd, "m/d/yyyy", "dd/mm/yyyy"), (spanish, "dd/mm/yyyy", "m/d/yyyy")):
        with zipfile.ZipFile(path) as book:
            styles = book.read("xl/styles.xml").decode()
        assert f'formatCode="{shown}"' in styles and f'formatCode="{not_shown}"' not in styles, path
    body = tmp_path / "ppd.txt"
    report(world.home, "ppd", "--period", "2025-03", "--format", "txt", "--output", str(body), "--lang", "en")
    written = body.read_text(encoding="utf-8")
    assert "Receivable — invoices: 3; balance 17,574.00 MXN" in written and "Over 90 days" in written

    default, spanish = tmp_path / "default.xlsx", tmp_path / "es.xlsx"
    report(world.home, "iva", "--period", "2025-03", "--format", "xlsx", "--output", str(default))
    report(world.home, "iva", "--period", "2025-03", "--format", "xlsx", "--output", str(spanish), "--lang", "es")
    assert list(_sheets(default)) == list(_sheets(spanish)) == ["IVA"]  # es is the default


def test_cli_diot_batch_file_is_the_same_in_english(world, tmp_path):
    spanish, english = tmp_path / "es.txt", tmp_path / "en.txt"
    report(world.home, "diot", "--period", "2025-03", "--format", "txt", "--output", str(spanish))
    report(world.home, "diot", "--period", "2025-03", "--format", "txt", "--output", str(english), "--lang", "en")
    assert spanish.read_bytes() == english.read_bytes() and spanish.read_bytes()
    workbook = tmp_path / "diot.xlsx"
    report(world.home, "diot", "--period", "2025-03", "--format", "xlsx", "--output", str(workbook), "--lang", "en")
    sheets = _sheets(workbook)
    assert list(sheets) == ["DIOT", "Batch upload"]
    assert sheets["DIOT"][0][:3] == ["RFC", "Name", "Third-party type"]


def test_cli_refuses_a_language_it_does_not_speak(world):
    code, doc = cli(world.home, "report", "iva", "--period", "2025-03", "--lang", "fr")
    assert code == 2 and doc["success"] is False
