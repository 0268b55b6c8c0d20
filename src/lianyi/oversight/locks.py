"""Row locks of the oversight app, each a named helper: a service that decides on rows' current
state takes them through one of these first.

The order follows the other apps (see ``customers.locks``): the leaving rep's user row (NO KEY,
as ``org.locks`` does, so that writes naming the rep as a foreign key go on), then the
customers in id order, then what belongs to them (programme tasks, cases) in id order. Two
supervisors confirming the same handover at once thus wait for each other, and the second
finds the customers moved."""

from __future__ import annotations

from lianyi.aftercare.models import Case, ProgrammeTask
from lianyi.customers.models import Customer
from lianyi.org.models import User


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
