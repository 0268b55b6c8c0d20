"""Read and write the gettext catalogue, and fill the English one from ``english.ENGLISH``.

Run after ``make messages`` (which adds new msgids with an empty msgstr):

    .venv/bin/python -m lianyi.locale.catalogue

It writes every translation from the dict into ``en/LC_MESSAGES/django.po``, drops the fuzzy
guesses msgmerge makes for new msgids, lists the msgids the dict lacks and exits 1 when any
are missing. Then ``manage.py compilemessages`` builds the .mo. No third-party package needed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lianyi.locale.english import ENGLISH

LOCALE_DIR = Path(__file__).resolve().parent
ENGLISH_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
ENGLISH_MO = ENGLISH_PO.with_suffix(".mo")

# printf-style named and positional placeholders, as msgfmt --check-format sees them.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")

HEADER = {
    "Project-Id-Version": "Lianyi",
    "Language": "en",
    "Language-Team": "English",
    "Last-Translator": "Lianyi team",
}

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    """One message: its comments as written, flags, and the strings."""

    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return all(self.msgstr)


def _unquote(text: str) -> str:
    body = text.strip()
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"not a quoted po string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body[1:-1])


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(parts) <= 1:
        return f'"{parts[0] if parts else ""}"'
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def parse_po(text: str) -> list[Entry]:
    """Entries in file order; obsolete (#~) entries are kept apart by their flag."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        entry = Entry(msgstr=[])
        target: tuple[str, int] | None = None
        for raw in block.splitlines():
            line = raw
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].lstrip()
            if not line:
                continue
            if line.startswith("#,"):
                entry.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
            elif line.startswith("#"):
                entry.comments.append(line)
            elif line.startswith('"'):
                if target is None:
                    raise ValueError(f"continuation without a keyword: {raw!r}")
                _append(entry, target, _unquote(line))
            else:
                keyword, _, rest = line.partition(" ")
                target = _keyword_target(keyword)
                if target[0] == "msgstr":
                    entry.msgstr.extend([""] * (target[1] + 1 - len(entry.msgstr)))
                _append(entry, target, _unquote(rest), start=True)
        if not entry.msgstr:
            entry.msgstr = [""]
        entries.append(entry)
    return entries


def _keyword_target(keyword: str) -> tuple[str, int]:
    if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
        return keyword, 0
    match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
    if not match:
        raise ValueError(f"unknown po keyword: {keyword!r}")
    return "msgstr", int(match.group(1))


def _append(entry: Entry, target: tuple[str, int], text: str, *, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = ("" if start else entry.msgstr[index]) + text
    else:
        current = "" if start else (getattr(entry, name) or "")
        setattr(entry, name, current + text)


def render_po(entries: list[Entry]) -> str:
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        if entry.msgctxt is not None:
            lines.append("msgctxt " + _quote(entry.msgctxt))
        lines.append("msgid " + _quote(entry.msgid))
        if entry.msgid_plural is not None:
            lines.append("msgid_plural " + _quote(entry.msgid_plural))
            lines += [f"msgstr[{i}] " + _quote(form) for i, form in enumerate(entry.msgstr)]
        else:
            lines.append("msgstr " + _quote(entry.msgstr[0]))
        if entry.obsolete:
            lines = [line if line.startswith("#") else "#~ " + line for line in lines]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def placeholders(text: str) -> list[str]:
    """The printf placeholders in ``text``, sorted (``%%`` excluded)."""
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def _with_header(msgstr: str) -> str:
    fields = [line.split(":", 1) for line in msgstr.split("\n") if ":" in line]
    values = {key.strip(): value.strip() for key, value in fields}
    values.update(HEADER)
    values["PO-Revision-Date"] = values.get("POT-Creation-Date", "")
    return "".join(f"{key}: {value}\n" for key, value in values.items())


def fill(entries: list[Entry], translations: dict[str, str | tuple[str, ...]]) -> list[str]:
    """Write ``translations`` into ``entries``; return the msgids that have none."""
    missing = []
    for entry in entries:
        if entry.obsolete:
            continue
        if entry.is_header:
            entry.msgstr = [_with_header(entry.msgstr[0])]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            continue
        # msgmerge's guesses for new msgids come from other strings: never keep them.
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.comments = [line for line in entry.comments if not line.startswith("#|")]
        english = translations.get(entry.msgid)
        if english is None:
            entry.msgstr = [""] * len(entry.msgstr)
            missing.append(entry.msgid)
            continue
        forms = [english] if isinstance(english, str) else list(english)
        if entry.msgid_plural is None and len(forms) != 1:
            raise ValueError(f"{entry.msgid!r} is not a plural message")
        if entry.msgid_plural is not None and len(forms) != len(entry.msgstr):
            forms = (forms + forms[-1:] * len(entry.msgstr))[: len(entry.msgstr)]
        entry.msgstr = forms
    return missing


def main() -> int:
    entries = parse_po(ENGLISH_PO.read_text(encoding="utf-8"))
    missing = fill(entries, ENGLISH)
    ENGLISH_PO.write_text(render_po(entries), encoding="utf-8")
    msgcat = shutil.which("msgcat")
    if msgcat:  # wrap the strings exactly as makemessages does, so reruns give small diffs
        subprocess.run([msgcat, "-o", str(ENGLISH_PO), str(ENGLISH_PO)], check=True)
    translated = sum(1 for e in entries if not e.is_header and not e.obsolete) - len(missing)
    print(f"{ENGLISH_PO}: {translated} entries translated, {len(missing)} missing")
    for msgid in missing:
        print(f"  missing: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
