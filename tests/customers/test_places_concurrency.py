"""Two administrators merging the same two spellings in opposite directions at the same moment
on PostgreSQL: the place row locks (taken in id order) let exactly one merge through; the other
finds its place gone, and no customer is left pointing at a deleted place. A registration that
names the spelling being merged away waits for the merge and is saved at a place that exists."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from lianyi.core.errors import DomainError
from lianyi.customers.models import Customer, Place, PlaceKind
from lianyi.customers.places import merge_places, update_place
from lianyi.journey.services import register_customer
from tests.conftest import make_customer
from tests.customers.registrations import registration
from tests.factories import add_place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_opposite_merges_at_once_leave_one_place_with_every_customer(world):
    customers = [make_customer(world, step=0) for _ in range(3)]
    a = customers[0].compound
    b = add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里")
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


def test_a_registration_at_a_spelling_being_merged_away_is_saved_not_a_500(world):
    # given a merge of 幸福里 into 幸福里小区 that has deleted 幸福里 and not yet committed
    keep = make_customer(world, step=0).compound
    assert keep is not None
    remove = add_place(
        by=world.admin, kind=PlaceKind.COMPOUND, district=keep.district, name="幸福里"
    )
    merging = threading.Event()

    def merge() -> None:
        try:
            with transaction.atomic():
                merge_places(by=world.admin, keep_id=keep.pk, remove_id=remove.pk)
                merging.set()
                time.sleep(0.5)
        finally:
            connection.close()

    thread = threading.Thread(target=merge)
    thread.start()
    try:
        assert merging.wait(timeout=10)
        # when a rep registers someone at the old spelling at that moment
        customer = register_customer(
            by=world.rep,
            data=registration(world, district=keep.district, compound="幸福里"),
        )
    finally:
        thread.join()
    # then the registration is saved, at a place that exists
    customer.refresh_from_db()
    assert customer.compound is not None
    assert Place.objects.filter(pk=customer.compound_id).exists()
    assert not Place.objects.filter(pk=remove.pk).exists()


def test_editing_a_place_that_a_merge_removes_at_that_moment_is_not_found(world):
    keep = make_customer(world, step=0).compound
    assert keep is not None
    remove = add_place(
        by=world.admin, kind=PlaceKind.COMPOUND, district=keep.district, name="幸福里"
    )
    merging = threading.Event()

    def merge() -> None:
        try:
            with transaction.atomic():
                merge_places(by=world.admin, keep_id=keep.pk, remove_id=remove.pk)
                merging.set()
                time.sleep(0.5)
        finally:
            connection.close()

    thread = threading.Thread(target=merge)
    thread.start()
    try:
        assert merging.wait(timeout=10)
        with pytest.raises(DomainError) as error:
            update_place(by=world.admin, place_id=remove.pk, district=keep.district, name="幸福里2")
    finally:
        thread.join()
    assert error.value.code == "not_found"
