"""The English catalogue: the .po is the one source of the English texts (edited by hand, in
Poedit or in Weblate), complete, with no fuzzy entry, holding exactly the msgids the code uses,
and compiled into the committed .mo. Read with gettext's own tools and the standard library's
reader of compiled catalogues, so no second parser of the .po format exists."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from lianyi.core.management.commands.makemessages import Command as MakeMessages

ROOT = Path(__file__).resolve().parents[2]
ENGLISH_PO = ROOT / "src" / "lianyi" / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENGLISH_MO = ENGLISH_PO.with_suffix(".mo")
# As the Makefile's `messages` target.
IGNORE = [".venv", "var", "staticfiles", "node_modules", "tests", "bench"]
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msgfmt", "msgattrib")


@pytest.fixture(scope="module", autouse=True)
def gettext_tools() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:  # a failure, not a skip: `make test` installs gettext (.ci/system-packages)
        pytest.fail(f"gettext is not installed ({', '.join(missing)}): apt-get install gettext")


def tool(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env={"LC_ALL": "C"}, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def compiled(po: Path, tmp_path: Path) -> dict[object, str]:
    mo = tmp_path / f"{po.stem}-{abs(hash(po))}.mo"
    tool("msgfmt", "--check-format", "--check-header", "-o", mo, po)
    with mo.open("rb") as fp:
        return dict(gettext.GNUTranslations(fp)._catalog)  # type: ignore[attr-defined]


def make_messages(po: Path, source_root: Path, tmp_path: Path, monkeypatch) -> Path:
    """Run this project's makemessages over a copy of `source_root` against a copy of `po`.

    makemessages writes into every `locale` folder it walks past, so it must never walk the
    real tree: the sources are copied (without compiled files) and the copy is walked.
    """
    tree = tmp_path / "tree"
    skip = shutil.ignore_patterns("*.mo", "*.pyc", "__pycache__", "static", *IGNORE)
    for part in ("src", "config"):
        if (source_root / part).is_dir():
            shutil.copytree(source_root / part, tree / part, ignore=skip)
    for loose in source_root.glob("*.py"):
        tree.mkdir(exist_ok=True)
        shutil.copy(loose, tree / loose.name)
    locale = tree / "src" / "lianyi" / "locale"
    target = locale / "en" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(po, target)
    monkeypatch.chdir(tree)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [locale])
    call_command(
        "makemessages", locale=["en"], no_obsolete=True, ignore_patterns=IGNORE, verbosity=0
    )
    return target


def test_every_entry_is_translated_and_none_is_fuzzy():
    statistics = tool("msgfmt", "--statistics", "-o", "/dev/null", ENGLISH_PO)
    assert "fuzzy" not in statistics and "untranslated" not in statistics, statistics
    assert tool("msgattrib", "--only-fuzzy", ENGLISH_PO) == ""  # the header included


def test_every_translation_keeps_the_placeholders_of_its_msgid(tmp_path):
    # msgfmt --check-format refuses a python-format msgstr whose placeholders differ
    bad = tmp_path / "bad.po"
    bad.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "已登记客户“%(name)s”。"\nmsgstr "Registered “%(nom)s”."\n',
        encoding="utf-8",
    )
    refused = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(bad)], capture_output=True, check=False
    )
    assert refused.returncode != 0
    tool("msgfmt", "--check-format", "-o", "/dev/null", ENGLISH_PO)


def test_the_header_names_english_and_its_plural_forms(tmp_path):
    with ENGLISH_MO.open("rb") as fp:
        info = gettext.GNUTranslations(fp).info()
    assert info["language"] == "en"
    assert info["plural-forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"


def test_the_catalogue_holds_exactly_the_strings_the_code_uses(tmp_path, monkeypatch):
    # given the committed catalogue, when makemessages runs over the code as `make messages` does
    regenerated = make_messages(ENGLISH_PO, ROOT, tmp_path, monkeypatch)
    # then nothing is new (no empty msgstr) and nothing was dropped as no longer used
    statistics = tool("msgfmt", "--statistics", "-o", "/dev/null", regenerated)
    assert "untranslated" not in statistics and "fuzzy" not in statistics, (
        f"{statistics}: run `make messages` and fill in the English"
    )
    assert compiled(regenerated, tmp_path) == compiled(ENGLISH_PO, tmp_path), "run `make messages`"


def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    with ENGLISH_MO.open("rb") as fp:
        committed = dict(gettext.GNUTranslations(fp)._catalog)  # type: ignore[attr-defined]
    assert committed == compiled(ENGLISH_PO, tmp_path), "run `make messages` (compilemessages)"


def test_the_catalogue_holds_the_app_strings_and_context_entries():
    with ENGLISH_MO.open("rb") as fp:
        english = gettext.GNUTranslations(fp)
    # one from a template, a model, a TextChoices label, a service and a blocktranslate
    assert english.gettext("今日") == "Today"
    assert english.gettext("未接通") != "未接通"
    assert english.gettext("记录人：%(by)s") != "记录人：%(by)s"
    # the "取消" that removes a guest from a table is not the "取消" that leaves a page
    assert english.gettext("取消") == "Cancel"
    assert english.pgettext("remove from the table", "取消") == "Unseat"


def test_translations_contain_no_chinese():
    with ENGLISH_MO.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)._catalog  # type: ignore[attr-defined]
    # the language's own name is the one Chinese text the English UI may show
    chinese = [
        text
        for msgid, text in catalog.items()
        if msgid != "简体中文" and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    ]
    assert chinese == []


def test_makemessages_adds_a_new_msgid_empty_and_keeps_what_is_there(tmp_path, monkeypatch):
    # given a catalogue with one translation and code with it and a look-alike new string
    code = tmp_path / "code"
    (code / "src").mkdir(parents=True)
    (code / "src" / "a.py").write_text(
        "from django.utils.translation import gettext as _\n"
        '_("已登记客户“%(name)s”。")\n_("已转出客户“%(name)s”。")\n',
        encoding="utf-8",
    )
    po = tmp_path / "old.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        '#, python-format\nmsgid "已登记客户“%(name)s”。"\nmsgstr "Registered “%(name)s”."\n\n'
        'msgid "不再使用"\nmsgstr "No longer used"\n',
        encoding="utf-8",
    )
    # when makemessages runs
    result = make_messages(po, code, tmp_path / "out", monkeypatch)
    # then the translation stays, the new msgid has no guess, the unused one is gone
    text = result.read_text(encoding="utf-8")
    assert 'msgstr "Registered “%(name)s”."' in text
    assert 'msgid "已转出客户“%(name)s”。"\nmsgstr ""' in text
    assert "fuzzy" not in text and "不再使用" not in text
    assert "--no-fuzzy-matching" in MakeMessages.msgmerge_options


def test_no_module_renames_a_translation_function_makemessages_cannot_see():
    # xgettext finds the strings by the function's name: `gettext_lazy as _lazy` hid the draw's
    # "locked" and "seed published" messages from the catalogue, so they stayed Chinese.
    alias = re.compile(r"from django\.utils\.translation import .*\bas (?!_\b)(\w+)")
    hidden = [
        f"{path.relative_to(ROOT)}: {match.group(1)}"
        for path in (ROOT / "src").rglob("*.py")
        for match in alias.finditer(path.read_text(encoding="utf-8"))
    ]
    assert hidden == []


def test_the_draws_one_way_steps_confirm_in_english():
    with ENGLISH_MO.open("rb") as fp:
        english = gettext.GNUTranslations(fp)
    for chinese in (
        "已锁定：规则和奖品不能再改，种子的哈希已公布。",
        "种子已公布，任何人都可以验证抽奖结果。",
    ):
        assert english.gettext(chinese) != chinese
