"""Row locks of the oversight app, each a named helper (as Saleor's ``lock_objects.py``): a
service that decides on rows' current state takes them through one of these first.

The handover follows the other apps (see ``customers.locks``): the leaving rep's user row (NO
KEY, as ``org.locks`` does, so that writes naming the rep as a foreign key go on), then the
customers in id order, then what belongs to them (programme tasks, cases) in id order. Two
supervisors confirming the same handover at once thus wait for each other, and the second
finds the customers moved.

The daily duties lock the person a duty is about (the rep whose daily profile it is, the
supervisor whose diary it is) first, so that two writers of the same day wait for one another;
then the day's row."""

from __future__ import annotations

import datetime as dt

from lianyi.aftercare.models import Case, ProgrammeTask
from lianyi.customers.models import Customer
from lianyi.org.locks import lock_user
from lianyi.org.models import User
from lianyi.oversight.models import DailyProfile, DiaryEntry


def lock_departing_rep(rep_id: int) -> User:
    return User.objects.select_for_update(no_key=True).get(pk=rep_id)


def lock_customers(customer_ids: list[int]) -> list[int]:
    """The customers' rows, locked in id order (only these rows, not the joined ones)."""
    return list(
        Customer.objects.select_for_update(of=("self",))
        .filter(pk__in=customer_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_tasks_and_cases(*, customer_ids: list[int], rep_id: int) -> None:
    """The rep's programme tasks and held cases of those customers, each kind in id order."""
    list(
        ProgrammeTask.objects.select_for_update(of=("self",))
        .filter(customer_id__in=customer_ids, assigned_to_id=rep_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    list(
        Case.objects.select_for_update(of=("self",))
        .filter(customer_id__in=customer_ids, holder_id=rep_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_profile_day(rep: User, day: dt.date) -> DailyProfile | None:
    """The rep locked, then the rep's profile of ``day`` (locked) if there is one."""
    lock_user(rep.pk)
    return DailyProfile.objects.select_for_update().filter(rep=rep, day=day).first()


def lock_diary_day(author: User, day: dt.date) -> DiaryEntry | None:
    """The author locked, then their diary entry of ``day`` (locked) if there is one."""
    lock_user(author.pk)
    return DiaryEntry.objects.select_for_update().filter(author=author, day=day).first()
