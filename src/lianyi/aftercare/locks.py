"""Row locks of the after-sales app, each a named helper: a service that decides on a row's
current state takes it through one of these first.

The order follows the other apps (see ``customers.locks``, ``sales.locks``): the customer
first, then its order, then what belongs to it here (a programme task, a case)."""

from __future__ import annotations

from lianyi.aftercare.models import Case, ProgrammeTask


def lock_case(case_id: int) -> Case | None:
    """The case row, locked (only this row: not the customer or holder it joins)."""
    return Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()


def lock_task(task_id: int) -> ProgrammeTask | None:
    return ProgrammeTask.objects.select_for_update(of=("self",)).filter(pk=task_id).first()
