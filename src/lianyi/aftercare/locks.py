"""Row locks of the after-sales app, each a named helper: a service that decides on a row's
current state takes it through one of these first.

The order follows the other apps (see ``customers.locks``, ``sales.locks``): the customer
first, then its order, then what belongs to it here (a programme task, a case)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from lianyi.aftercare.models import AftercareRules, Case, ProgrammeTask
from lianyi.org.scoping import of_company


def lock_case(case_id: int) -> Case | None:
    """The case row, locked (only this row: not the customer or holder it joins)."""
    return Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()


def lock_task(task_id: int) -> ProgrammeTask | None:
    return ProgrammeTask.objects.select_for_update(of=("self",)).filter(pk=task_id).first()


def lock_aftercare_rules(company_id: int) -> AftercareRules:
    """The company's after-sales rules, created with the defaults the first time, locked."""
    try:
        with transaction.atomic():
            AftercareRules.objects.get_or_create(company_id=company_id)
    except IntegrityError:
        pass  # created by a concurrent first save: lock that one
    return AftercareRules.objects.select_for_update().filter(of_company(company_id)).get()
