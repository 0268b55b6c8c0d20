"""Two edits giving two customers the same new mobile at the same moment, and an edit racing a
registration of that mobile, on PostgreSQL: exactly one customer ends up with the number; the
other write is refused as a duplicate (never an IntegrityError, nothing half-written)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.customers.details import DetailsChange, update_customer_details
from lianyi.customers.models import Customer
from lianyi.journey.services import register_customer
from tests.conftest import make_customer
from tests.customers.registrations import registration

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MOBILE = "13900004321"


def run_at_once(*jobs: Any) -> list[str]:
    start = threading.Barrier(len(jobs))

    def one(job: Any) -> str:
        try:
            start.wait()
            job()
            return "ok"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return sorted(pool.map(one, jobs))


@pytest.mark.parametrize("attempt", range(3))
def test_two_edits_to_one_new_mobile_leave_it_with_one_customer(world, attempt):
    mine = make_customer(world, step=0)
    theirs = make_customer(world, owner=world.rep_other_team, step=0)

    outcomes = run_at_once(
        lambda: update_customer_details(
            by=world.rep, customer_id=mine.pk, change=DetailsChange(mobile=MOBILE)
        ),
        lambda: update_customer_details(
            by=world.rep_other_team, customer_id=theirs.pk, change=DetailsChange(mobile=MOBILE)
        ),
    )

    assert outcomes == ["customers.duplicate_mobile", "ok"]
    assert Customer.objects.filter(mobile="+86" + MOBILE).count() == 1


def test_an_edit_racing_a_registration_of_the_mobile_never_fails_with_a_500(world):
    mine = make_customer(world, step=0)

    outcomes = run_at_once(
        lambda: update_customer_details(
            by=world.rep, customer_id=mine.pk, change=DetailsChange(mobile=MOBILE)
        ),
        lambda: register_customer(by=world.rep_other_team, data=registration(world, phone=MOBILE)),
    )

    assert outcomes == ["customers.duplicate_mobile", "ok"]
    assert Customer.objects.filter(mobile="+86" + MOBILE).count() == 1
