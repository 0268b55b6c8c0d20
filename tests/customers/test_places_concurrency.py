"""Two administrators merging the same two spellings in opposite directions at the same moment
on PostgreSQL: the place row locks (taken in id order) let exactly one merge through; the other
finds its place gone, and no customer is left pointing at a deleted place."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.customers.models import Customer, Place, PlaceKind
from lianyi.customers.places import merge_places
from tests.conftest import make_customer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_opposite_merges_at_once_leave_one_place_with_every_customer(world):
    customers = [make_customer(world, step=0) for _ in range(3)]
    a = customers[0].compound
    b = Place.objects.create(
        company=world.company, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里"
    )
    Customer.objects.filter(pk=customers[2].pk).update(compound=b)
    start = threading.Barrier(2)

    def one(pair: tuple[int, int]) -> str:
        try:
            start.wait()
            merge_places(by=world.admin, keep_id=pair[0], remove_id=pair[1])
            return "merged"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(one, [(a.pk, b.pk), (b.pk, a.pk)]))

    assert outcomes == ["merged", "not_found"]
    [left] = Place.objects.filter(pk__in=[a.pk, b.pk])
    assert Customer.objects.filter(compound=left).count() == 3
