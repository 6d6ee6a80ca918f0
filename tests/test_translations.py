"""The Vietnamese catalog is complete, compiled, and covers every string of our code.

Regenerate and compile with `bash scripts/i18n`; these tests say what is left to do.
"""

from __future__ import annotations

import ast
import gettext
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import sangkien

PACKAGE = Path(sangkien.__file__).resolve().parent
CATALOG = PACKAGE / "locale" / "vi" / "LC_MESSAGES"
TEMPLATES = PACKAGE / "templates"


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """How gettext files it: the context, EOT, then the msgid."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')


def parse_po(text: str) -> list[Entry]:
    """A tiny reader for what msgmerge writes: no obsolete entries, strings in double quotes."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                raise AssertionError(f"obsolete entry left in the catalog: {line}")
            elif match := _KEYWORD.match(line):
                keyword, index, literal = match.groups()
                current = (keyword, int(index or 0))
                _append(entry, current, ast.literal_eval(literal))
            elif line.startswith('"') and current:
                _append(entry, current, ast.literal_eval(line))
        entries.append(entry)
    return entries


def _append(entry: Entry, current: tuple[str, int], text: str) -> None:
    keyword, index = current
    if keyword == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    else:
        setattr(entry, keyword, (getattr(entry, keyword) or "") + text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    all_entries = parse_po((CATALOG / "django.po").read_text(encoding="utf-8"))
    header = all_entries[0]
    assert header.msgid == "" and "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    return all_entries[1:]


@pytest.fixture(scope="module")
def translated_keys(entries) -> set[str]:
    return {e.key for e in entries if all(e.msgstr.values())}


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    assert len(entries) > 400  # ours and allauth's: a broken parse would find none
    untranslated = [e.key for e in entries if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e.key for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation(entries):
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
    for entry in entries:
        expected = sorted(set(placeholder.findall(entry.msgid)))
        for text in entry.msgstr.values():
            assert sorted(set(placeholder.findall(text))) == expected, entry.msgid


def test_vietnamese_is_in_nfc(entries):
    """Precomposed letters, as everywhere else in the platform (search folds NFC text)."""
    for entry in entries:
        for text in entry.msgstr.values():
            assert unicodedata.normalize("NFC", text) == text, entry.msgid


def test_compiled_catalog_matches_the_po(entries):
    with (CATALOG / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    catalog = compiled._catalog  # type: ignore[attr-defined]  # the parsed .mo, as a dict
    for entry in entries:
        if entry.msgid_plural is None:
            assert catalog.get(entry.key) == entry.msgstr[0], f"stale .mo: {entry.msgid!r}"
        else:
            assert catalog.get((entry.key, 0)) == entry.msgstr[0], f"stale .mo: {entry.msgid!r}"
    # ... and nothing more: a string removed from the .po is gone from the .mo too.
    assert len(catalog) == len(entries) + 1  # the header is the .mo's first entry


_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+[^%]*)?%\}""")
_BLOCK = re.compile(r"\{%\s*(?:blocktranslate|blocktrans)\b([^%]*)%\}(.*?)"
                    r"\{%\s*(?:endblocktranslate|endblocktrans)\s*%\}", re.DOTALL)


def _template_msgids(text: str) -> set[str]:
    msgids = {m.group(2) for m in _TRANSLATE.finditer(text)}
    for options, body in _BLOCK.findall(text):
        if "count" in options.split():
            continue  # plural forms; none in our templates
        if "trimmed" in options.split():
            body = " ".join(line.strip() for line in body.strip().splitlines())
        msgids.add(re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", body))
    return msgids


def test_template_helper_reads_both_forms():
    text = ('{% translate "Log in" %} {% trans \'Home\' as home %}'
            "{% blocktranslate with name=user.email %}Hello, {{ name }}.{% endblocktranslate %}")
    assert _template_msgids(text) == {"Log in", "Home", "Hello, %(name)s."}


def test_every_template_string_has_a_vietnamese_translation(translated_keys):
    missing = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in {".html", ".txt"}:
            absent = _template_msgids(path.read_text(encoding="utf-8")) - translated_keys
            if absent:
                missing[str(path.relative_to(TEMPLATES))] = sorted(absent)
    assert missing == {}


_GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}


def _python_msgids(source: str) -> set[str]:
    msgids = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        literals = [a.value for a in node.args if isinstance(a, ast.Constant)
                    and isinstance(a.value, str)]
        if name in _GETTEXT_FUNCTIONS and literals:
            msgids.add(literals[0] if name.startswith(("_", "gettext")) else
                       f"{literals[0]}\x04{literals[1]}")
    return msgids


def test_every_python_string_has_a_vietnamese_translation(translated_keys):
    missing = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        absent = _python_msgids(path.read_text(encoding="utf-8")) - translated_keys
        if absent:
            missing[str(path.relative_to(PACKAGE))] = sorted(absent)
    assert missing == {}
