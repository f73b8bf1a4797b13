#!/usr/bin/env python3
"""Translations of the window: extract the Spanish source strings to Qt .ts files, compile them to .qm.

The UI is written in Spanish (es_MX); English comes from ``descarga_masiva_en.ts``. We extract with our own
AST scan instead of lupdate because the code uses a per-module ``tr(text)`` helper (one translation context
per feature, like OnionShare): lupdate cannot see through it. Recognised forms:

- ``tr("…")`` where the module defines ``def tr(text): return QCoreApplication.translate("Ctx", text)`` or
  imports such a ``tr`` from another module;
- ``QCoreApplication.translate("Ctx", "…")`` and ``QT_TRANSLATE_NOOP("Ctx", "…")`` anywhere;
- ``self.tr("…")`` inside a class (context = the class name, as Qt does).

Plurals: ``QCoreApplication.translate("Ctx", "… %n días …", None, n)`` (a 4th argument, or ``n=``) is a
numerus message: it is written with ``numerus="yes"`` and one ``<numerusform>`` per plural form of the
target language (English: singular, plural), and ``check`` wants every form filled in.

Usage::

    python build_scripts/i18n.py extract     # update resources/translations/*.ts (keeps translations)
    python build_scripts/i18n.py compile     # .ts → .qm with PySide6's lrelease
    python build_scripts/i18n.py check       # exit 1 if a string lacks a translation
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "desktop_app" / "gui"
TRANSLATIONS = ROOT / "resources" / "translations"  # the package desktop_app.resources (pyproject.toml)
LANGUAGES = {"en": "en_US"}
NUMERUS_FORMS = {"en": 2}  # plural forms Qt uses for the language (English: singular, plural)
SOURCE_LANGUAGE = "es_MX"
_TS_TO_ROOT = Path(os.path.relpath(ROOT, TRANSLATIONS)).as_posix()  # .ts locations are relative to it


def _module_name(path: Path, base: Path = ROOT) -> str:
    return ".".join(path.relative_to(base).with_suffix("").parts)


def _tr_context(tree: ast.Module) -> str | None:
    """The context of a module-level ``def tr(text): return QCoreApplication.translate("Ctx", text)``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _is_translate(inner) and inner.args:
                    first = inner.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        return first.value
    return None


def _is_translate(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "translate"


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_numerus(call: ast.Call) -> bool:
    """``translate(ctx, text, disambiguation, n)``: Qt picks a plural form by ``n``."""
    return len(call.args) >= 4 or any(keyword.arg == "n" for keyword in call.keywords)


def extract(sources: Path = SOURCES) -> dict[str, dict[str, list[str]]]:
    """{context: {source text: [locations]}} for every translatable string under ``sources``."""
    return _scan(sources)[0]


def numerus_messages(sources: Path = SOURCES) -> set[tuple[str, str]]:
    """The (context, source) pairs translated with a count (``translate(ctx, text, None, n)``)."""
    return _scan(sources)[1]


def _scan(sources: Path) -> tuple[dict[str, dict[str, list[str]]], set[tuple[str, str]]]:
    sources = sources.resolve()
    base = ROOT if sources.is_relative_to(ROOT) else sources.parent  # locations and module names start here
    files = sorted(sources.rglob("*.py"))
    trees = {_module_name(p, base): (p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in files}
    own = {name: _tr_context(tree) for name, (_p, tree) in trees.items()}
    messages: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    numerus: set[tuple[str, str]] = set()
    for name, (path, tree) in trees.items():
        context = own[name]
        if context is None:  # ``from x import tr`` borrows x's context
            for node in tree.body:
                if isinstance(node, ast.ImportFrom) and node.module in own:
                    for alias in node.names:
                        if alias.name == "tr" and alias.asname in (None, "tr"):
                            context = own[node.module]
        location = path.relative_to(base).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr == "tr"
                        and isinstance(inner.func.value, ast.Name)
                        and inner.func.value.id == "self"
                        and inner.args
                        and (text := _literal(inner.args[0])) is not None
                    ):
                        messages[node.name][text].append(f"{location}:{inner.lineno}")
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "tr" and context and node.args:
                text = _literal(node.args[0])
                if text is not None:
                    messages[context][text].append(f"{location}:{node.lineno}")
            elif (_is_translate(node) or (isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP")) and len(
                node.args
            ) >= 2:
                ctx, text = _literal(node.args[0]), _literal(node.args[1])
                if ctx is not None and text is not None:
                    messages[ctx][text].append(f"{location}:{node.lineno}")
                    if _is_translate(node) and _is_numerus(node):
                        numerus.add((ctx, text))
    return {ctx: dict(texts) for ctx, texts in sorted(messages.items())}, numerus


Translation = str | tuple[str, ...]  # a plain message's text, or a numerus message's forms


def read_ts(path: Path) -> dict[tuple[str, str], Translation]:
    """Existing finished translations: {(context, source): translation}.

    A numerus message (``numerus="yes"``) maps to the tuple of its ``<numerusform>`` texts, and counts as
    finished only when every form is filled in.
    """
    if not path.exists():
        return {}
    known: dict[tuple[str, str], Translation] = {}
    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            if message.get("numerus") == "yes":
                forms = tuple(form.text or "" for form in translation.iter("numerusform"))
                if forms and all(forms):
                    known[(name, source)] = forms
            elif translation.text:
                known[(name, source)] = translation.text
    return known


def _finished(translation: Translation | None, numerus: bool, forms: int) -> bool:
    """A usable translation of the right kind: text for a plain message, all ``forms`` for a numerus one."""
    if numerus:
        return isinstance(translation, tuple) and len(translation) == forms and all(translation)
    return isinstance(translation, str) and bool(translation)


def write_ts(
    path: Path,
    language: str,
    messages: dict[str, dict[str, list[str]]],
    numerus: set[tuple[str, str]] | None = None,
) -> tuple[int, int]:
    """Write the .ts keeping known translations; returns (messages, still untranslated).

    ``numerus`` lists the messages translated with a count: they get ``numerus="yes"`` and one
    ``<numerusform>`` per plural form of ``language`` (default: those found under ``SOURCES``).
    """
    numerus = numerus_messages() if numerus is None else numerus
    known = read_ts(path)
    forms = NUMERUS_FORMS.get(language.split("_")[0], 2)
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage=SOURCE_LANGUAGE)
    total = missing = 0
    for context_name, texts in messages.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = context_name
        for source, locations in sorted(texts.items()):
            plural = (context_name, source) in numerus
            message = ET.SubElement(context, "message")
            if plural:
                message.set("numerus", "yes")
            for location in locations[:3]:
                filename, line = location.rsplit(":", 1)
                ET.SubElement(message, "location", filename=f"{_TS_TO_ROOT}/{filename}", line=line)
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            text = known.get((context_name, source))
            total += 1
            finished = _finished(text, plural, forms)
            if not finished:
                translation.set("type", "unfinished")
                missing += 1
            if plural:
                # Keep the forms read (a wrong number of them stays, marked unfinished); pad to the language's.
                kept = list(text) if isinstance(text, tuple) else []
                for index in range(max(forms, len(kept))):
                    ET.SubElement(translation, "numerusform").text = kept[index] if index < len(kept) else None
            elif isinstance(text, str):
                translation.text = text
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="utf-8")
    tmp = path.with_suffix(".ts.tmp")
    tmp.write_bytes(data + b"\n")
    tmp.replace(path)
    return total, missing


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"descarga_masiva_{language}.ts"


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return found
    candidate = Path(sys.executable).parent / "pyside6-lrelease"
    if candidate.exists():
        return str(candidate)
    raise SystemExit("pyside6-lrelease not found: install PySide6-Essentials")


def compile_all() -> list[Path]:
    outputs = []
    for language in LANGUAGES:
        source = ts_path(language)
        target = source.with_suffix(".qm")
        subprocess.run([lrelease(), "-silent", str(source), "-qm", str(target)], check=True)
        outputs.append(target)
    return outputs


def untranslated(
    messages: dict[str, dict[str, list[str]]],
    language: str,
    numerus: set[tuple[str, str]] | None = None,
) -> list[tuple[str, str]]:
    """Messages without a finished translation (numerus ones need every plural form of ``language``)."""
    numerus = numerus_messages() if numerus is None else numerus
    known = read_ts(ts_path(language))
    forms = NUMERUS_FORMS.get(language, 2)
    return [
        (ctx, text)
        for ctx, texts in messages.items()
        for text in texts
        if not _finished(known.get((ctx, text)), (ctx, text) in numerus, forms)
    ]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "extract"
    messages, numerus = _scan(SOURCES)
    if command == "extract":
        for language, code in LANGUAGES.items():
            total, missing = write_ts(ts_path(language), code, messages, numerus)
            print(f"{ts_path(language).relative_to(ROOT)}: {total} messages, {missing} untranslated")
        return 0
    if command == "compile":
        for path in compile_all():
            print(path.relative_to(ROOT))
        return 0
    if command == "check":
        bad = 0
        for language in LANGUAGES:
            for ctx, text in untranslated(messages, language, numerus):
                print(f"{language}: [{ctx}] {text!r} has no translation")
                bad += 1
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
