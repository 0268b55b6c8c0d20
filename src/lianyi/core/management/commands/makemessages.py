"""``makemessages`` without msgmerge's fuzzy guesses.

For a new msgid msgmerge copies the translation of a similar-looking one and marks it fuzzy;
in a catalogue where "取消座位" and "取消" mean different things that guess is wrong more often
than right, and a fuzzy entry is not used at run time anyway. New msgids therefore arrive
with an empty msgstr, for a person to fill in (in the .po, Poedit or Weblate).
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
