"""Row locks of the oversight app, each a named helper (as Saleor's ``lock_objects.py``). The
person a duty is about (the rep whose daily profile it is, the supervisor whose diary it is) is
locked first, so that two writers of the same day wait for one another; then the day's row."""

from __future__ import annotations

import datetime as dt

from lianyi.org.locks import lock_user
from lianyi.org.models import User
from lianyi.oversight.models import DailyProfile, DiaryEntry


def lock_profile_day(rep: User, day: dt.date) -> DailyProfile | None:
    """The rep locked, then the rep's profile of ``day`` (locked) if there is one."""
    lock_user(rep.pk)
    return DailyProfile.objects.select_for_update().filter(rep=rep, day=day).first()


def lock_diary_day(author: User, day: dt.date) -> DiaryEntry | None:
    """The author locked, then their diary entry of ``day`` (locked) if there is one."""
    lock_user(author.pk)
    return DiaryEntry.objects.select_for_update().filter(author=author, day=day).first()
