"""Places (小区, 单位): created and edited by an administrator with coordinates typed or picked
from a rep's recorded visit, and two spellings of one place merged into one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Customer, Place, PlaceKind
from lianyi.customers.places import create_place, merge_places, update_place
from lianyi.customers.selectors import company_places, place_customer_count
from lianyi.journey.selectors import visit_location, visit_locations
from lianyi.journey.services import Contact, record_first_visit
from tests.conftest import at_local, make_customer
from tests.factories import add_place


def compound(world, name: str = "幸福里小区", district: str = "朝阳区") -> Place:
    found = Place.objects.filter(
        company=world.company, kind=PlaceKind.COMPOUND, district=district, name=name
    ).first()
    return found or add_place(by=world.admin, district=district, name=name)


def test_an_administrator_creates_a_place_with_coordinates(world):
    place = create_place(
        by=world.admin,
        kind=PlaceKind.WORK_UNIT,
        district="东城区",
        name="第一机床厂",
        latitude="39.9042",
        longitude="116.4074",
    )
    assert (place.latitude, place.longitude) == (Decimal("39.9042"), Decimal("116.4074"))
    assert AuditEntry.objects.filter(action="customers.place.created").count() == 1


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"kind": "city"}, CustomerCode.PLACE_KIND_INVALID, "kind"),
        ({"name": ""}, CoreCode.REQUIRED, "name"),
        ({"district": "区" * 51}, CoreCode.TEXT_TOO_LONG, "district"),
        ({"latitude": "39.9"}, CustomerCode.PLACE_LOCATION_INVALID, "latitude"),
        (
            {"latitude": "95", "longitude": "116"},
            CustomerCode.PLACE_LOCATION_INVALID,
            "latitude",
        ),
        (
            {"latitude": "39.12345678", "longitude": "116"},
            CustomerCode.PLACE_LOCATION_INVALID,
            "latitude",
        ),
    ],
)
def test_a_place_is_refused_with_a_clear_code(world, values, code, field):
    given = {"kind": PlaceKind.COMPOUND, "district": "朝阳区", "name": "和平里", **values}
    with pytest.raises(DomainError) as error:
        create_place(by=world.admin, **given)
    assert (error.value.code, error.value.extra["field"]) == (code, field)
    assert not Place.objects.exists()


def test_a_second_place_of_the_same_name_is_refused_with_a_hint_to_merge(world):
    compound(world)
    with pytest.raises(DomainError) as error:
        create_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里小区")
    assert error.value.code == CustomerCode.PLACE_EXISTS


def test_editing_a_place_audits_old_and_new_coordinates(world):
    place = compound(world)
    update_place(
        by=world.admin,
        place_id=place.pk,
        district="朝阳区",
        name="幸福里小区",
        latitude="39.95",
        longitude="116.45",
    )
    entry = AuditEntry.objects.get(action="customers.place.updated")
    assert entry.changes == {
        "latitude": [None, "39.950000"],
        "longitude": [None, "116.450000"],
    }
    assert entry.data == {"location_source": "typed"}


def test_places_are_listed_by_kind_district_and_name_with_their_customers(world):
    make_customer(world, step=0)  # lives in 朝阳区 幸福里小区
    add_place(by=world.admin, kind=PlaceKind.WORK_UNIT, district="东城区", name="幸福印刷厂")
    add_place(by=world.outsider_admin, kind="compound", district="朝阳区", name="幸福里")
    names = [p.name for p in company_places(user=world.admin, query="幸福")]
    assert names == ["幸福印刷厂", "幸福里小区"]
    [row] = company_places(user=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区")
    assert row.customer_count == 1


def test_only_administrators_list_places(world):
    with pytest.raises(DomainError) as error:
        company_places(user=world.supervisor)
    assert error.value.code == CoreCode.FORBIDDEN


# ---- coordinates from a recorded visit ---------------------------------------------------


def visited_with_location(world, lat: str, lng: str) -> Customer:
    customer = make_customer(world, step=2)
    start = timezone.localdate() - dt.timedelta(days=10)
    record_first_visit(
        by=world.rep,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        contact=Contact(occurred_at=at_local(start + dt.timedelta(days=1), 15, 10)),
        location=(lat, lng, "15"),
    )
    return customer


def test_the_recorded_visit_locations_of_a_places_customers_are_offered(world):
    visited_with_location(world, "39.951111", "116.452222")
    make_customer(world, step=3)  # visited without a location: nothing to offer
    place = compound(world)
    other = compound(world, name="别的小区")
    [offer] = visit_locations(user=world.admin, place=place)
    assert (offer.latitude, offer.longitude) == (Decimal("39.951111"), Decimal("116.452222"))
    assert list(visit_locations(user=world.admin, place=other)) == []
    # a touchpoint of another place cannot be picked for this one
    with pytest.raises(DomainError) as error:
        visit_location(user=world.admin, place=other, touchpoint_id=offer.pk)
    assert error.value.code == CoreCode.NOT_FOUND


# ---- merging two spellings ---------------------------------------------------------------


def test_merging_moves_every_customer_and_deletes_the_other_spelling(world):
    # given two customers under "幸福里小区" and one under "幸福里"
    first, second = make_customer(world, step=0), make_customer(world, step=0)
    keep = compound(world, name="幸福里")
    third = make_customer(world, step=0)
    Customer.objects.filter(pk=third.pk).update(compound=keep)
    remove = compound(world)
    assert place_customer_count(place=remove) == 2
    # when the administrator keeps "幸福里"
    kept, moved = merge_places(by=world.admin, keep_id=keep.pk, remove_id=remove.pk)
    # then both customers moved and the other spelling is gone
    assert (kept, moved) == (keep, 2)
    assert set(Customer.objects.filter(compound=keep)) == {first, second, third}
    assert not Place.objects.filter(pk=remove.pk).exists()
    entry = AuditEntry.objects.get(action="customers.place.merged")
    assert entry.object_id == str(keep.pk)
    assert entry.data["moved_customers"] == 2
    assert entry.data["removed"]["name"] == "幸福里小区"
    assert AuditEntry.objects.filter(action="customers.place.merged").count() == 1


def test_a_compound_is_not_merged_with_a_work_unit_nor_a_place_with_itself(world):
    place = compound(world)
    unit = add_place(by=world.admin, kind=PlaceKind.WORK_UNIT, district="朝阳区", name="幸福里")
    with pytest.raises(DomainError) as error:
        merge_places(by=world.admin, keep_id=place.pk, remove_id=unit.pk)
    assert error.value.code == CustomerCode.PLACE_MERGE_KIND
    with pytest.raises(DomainError) as error:
        merge_places(by=world.admin, keep_id=place.pk, remove_id=place.pk)
    assert error.value.code == CustomerCode.PLACE_MERGE_SELF
    assert Place.objects.count() == 2
    assert not AuditEntry.objects.filter(action="customers.place.merged").exists()


def test_another_companys_place_cannot_be_merged(world):
    place = compound(world)
    theirs = add_place(
        by=world.outsider_admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="x"
    )
    with pytest.raises(DomainError) as error:
        merge_places(by=world.admin, keep_id=place.pk, remove_id=theirs.pk)
    assert error.value.code == CoreCode.NOT_FOUND
    assert Place.objects.filter(pk=theirs.pk).exists()


def test_renaming_a_place_to_an_existing_spelling_is_refused_with_a_hint_to_merge(world):
    place = compound(world)
    compound(world, name="幸福里")
    with pytest.raises(DomainError) as error:
        update_place(by=world.admin, place_id=place.pk, district="朝阳区", name="幸福里")
    assert error.value.code == CustomerCode.PLACE_EXISTS
    assert Place.objects.get(pk=place.pk).name == "幸福里小区"
    assert not AuditEntry.objects.filter(action="customers.place.updated").exists()
