"""The English catalogue is complete, keeps every placeholder, and the committed .mo matches it."""

from __future__ import annotations

import gettext

import pytest

from lianyi.locale.catalogue import (
    ENGLISH_MO,
    ENGLISH_PO,
    Entry,
    fill,
    parse_po,
    placeholders,
    render_po,
)


@pytest.fixture(scope="module")
def messages() -> list[Entry]:
    entries = parse_po(ENGLISH_PO.read_text(encoding="utf-8"))
    return [e for e in entries if not e.is_header and not e.obsolete]


def test_the_catalogue_holds_the_app_strings(messages):
    msgids = {e.msgid for e in messages}
    # one from a template, a model, a TextChoices label, a service and a blocktranslate
    assert {"今日", "出生年份", "未接通", "找不到该记录。", "记录人：%(by)s"} <= msgids


def test_every_entry_is_translated_and_none_is_fuzzy(messages):
    untranslated = [e.msgid for e in messages if not e.translated]
    fuzzy = [e.msgid for e in messages if e.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_the_header_is_not_fuzzy_and_names_english():
    header = parse_po(ENGLISH_PO.read_text(encoding="utf-8"))[0]
    assert header.is_header and not header.fuzzy
    assert "Language: en\n" in header.msgstr[0]


def test_every_translation_keeps_the_placeholders_of_its_msgid(messages):
    broken = [
        (e.msgid, form)
        for e in messages
        for form in e.msgstr
        if placeholders(form) != placeholders(e.msgid_plural or e.msgid)
        and placeholders(form) != placeholders(e.msgid)
    ]
    assert broken == []


def test_python_format_entries_are_flagged(messages):
    unflagged = [
        e.msgid for e in messages if placeholders(e.msgid) and "python-format" not in e.flags
    ]
    assert unflagged == []


def test_translations_contain_no_chinese(messages):
    # the language's own name is the one Chinese text the English UI may show
    chinese = [
        form
        for e in messages
        for form in e.msgstr
        if e.msgid != "简体中文" and any("\u4e00" <= ch <= "\u9fff" for ch in form)
    ]
    assert chinese == []


def test_the_compiled_catalogue_matches_the_po(messages):
    with ENGLISH_MO.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    stale = []
    for e in filter(lambda e: e.translated, messages):
        if e.msgid_plural is not None:
            got = [compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
            want = [e.msgstr[0], e.msgstr[-1]]
        elif e.msgctxt is not None:
            got, want = [compiled.pgettext(e.msgctxt, e.msgid)], [e.msgstr[0]]
        else:
            got, want = [compiled.gettext(e.msgid)], [e.msgstr[0]]
        if got != want:
            stale.append(e.msgid)
    assert stale == [], "run: .venv/bin/python manage.py compilemessages --ignore=.venv"


NEW_STRINGS_AFTER_MAKEMESSAGES = """\
#, fuzzy
msgid ""
msgstr ""
"Language: \\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: a.py:1
#, fuzzy, python-format
#| msgid "已登记客户“%(name)s”。"
msgid "已转出客户“%(name)s”。"
msgstr "Registered customer “%(name)s”."

#: a.html:2
#, python-format
msgid "%(counter)s 项"
msgid_plural "%(counter)s 项"
msgstr[0] ""
msgstr[1] ""

#: a.html:3
msgid ""
"很长的"
"一句话"
msgstr ""
"""


def test_filling_drops_fuzzy_guesses_and_reports_what_has_no_english():
    entries = parse_po(NEW_STRINGS_AFTER_MAKEMESSAGES)
    missing = fill(entries, {"%(counter)s 项": ("%(counter)s item", "%(counter)s items")})
    header, guessed, plural, _long = entries
    assert missing == ["已转出客户“%(name)s”。", "很长的一句话"]
    assert not header.fuzzy and "Language: en\n" in header.msgstr[0]
    assert not guessed.fuzzy and guessed.msgstr == [""] and guessed.flags == ["python-format"]
    assert not any(line.startswith("#|") for line in guessed.comments)
    assert plural.msgstr == ["%(counter)s item", "%(counter)s items"]


def test_a_written_catalogue_reads_back_the_same():
    entries = parse_po(NEW_STRINGS_AFTER_MAKEMESSAGES)
    fill(entries, {"很长的一句话": 'A "long"\nsentence'})
    again = parse_po(render_po(entries))
    assert [(e.msgid, e.msgid_plural, e.msgstr, e.flags) for e in again] == [
        (e.msgid, e.msgid_plural, e.msgstr, e.flags) for e in entries
    ]
    assert again[-1].msgstr == ['A "long"\nsentence']
