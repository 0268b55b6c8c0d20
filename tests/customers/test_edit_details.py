"""Correcting a customer's details: the owner and those who manage them, the duplicate rules of
registration, one audit entry with the old and new values of what changed, none when nothing
did."""

from __future__ import annotations

import pytest

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.details import DetailsChange, update_customer_details
from lianyi.customers.models import Claim, ClaimState, Customer
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db

ACTION = "customers.customer.details_changed"


def entries(customer: Customer) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=ACTION, object_id=str(customer.pk)))


def test_the_owner_corrects_name_and_mobile_and_the_audit_keeps_old_and_new(world):
    customer = make_customer(world, step=0, name="张桂兰", mobile="13900001111")

    updated = update_customer_details(
        by=world.rep,
        customer_id=customer.pk,
        change=DetailsChange(name="张桂芳", mobile="139 0000 2222", birth_year=1955),
    )

    updated.refresh_from_db()
    assert updated.name == "张桂芳"
    assert updated.mobile == "+8613900002222"
    assert updated.mobile_tail == "2222"
    assert updated.pinyin_initials == "zgf"
    [entry] = entries(customer)
    assert entry.actor == world.rep
    assert entry.changes == {
        "name": ["张桂兰", "张桂芳"],
        "mobile": ["+8613900001111", "+8613900002222"],
        "birth_year": [1956, 1955],
    }


def test_saving_the_same_values_writes_nothing_and_audits_nothing(world):
    customer = make_customer(world, step=0, mobile="13900003333")

    update_customer_details(
        by=world.rep,
        customer_id=customer.pk,
        change=DetailsChange(
            name=customer.name,
            mobile="139-0000-3333",  # the same number, typed another way
            compound="幸福里小区",
            building=customer.building,
            birth_year=customer.birth_year,
        ),
    )

    assert entries(customer) == []


def test_address_compound_and_companion_are_audited_by_name(world):
    customer = make_customer(world, step=0)

    update_customer_details(
        by=world.rep,
        customer_id=customer.pk,
        change=DetailsChange(
            compound="阳光花园", building="8号楼101", companion_name="", companion_sex=""
        ),
    )

    customer.refresh_from_db()
    assert customer.compound is not None and customer.compound.name == "阳光花园"
    assert customer.companion_name == ""
    [entry] = entries(customer)
    assert entry.changes["compound"] == ["幸福里小区", "阳光花园"]
    assert entry.changes["building"] == ["3号楼2单元501", "8号楼101"]
    assert entry.changes["companion_name"] == ["李建国", ""]


@pytest.mark.parametrize("who", ["supervisor", "manager"])
def test_the_owners_supervisor_and_manager_may_edit(world, who):
    customer = make_customer(world, step=0)

    update_customer_details(
        by=getattr(world, who), customer_id=customer.pk, change=DetailsChange(name="张桂香")
    )

    customer.refresh_from_db()
    assert customer.name == "张桂香"


@pytest.mark.parametrize(
    "who", ["rep_same_team", "rep_other_team", "supervisor_other_team", "outsider_admin"]
)
def test_anyone_outside_the_scope_gets_not_found_and_nothing_changes(world, who):
    customer = make_customer(world, step=0, name="张桂兰")

    with pytest.raises(NotFound):
        update_customer_details(
            by=getattr(world, who), customer_id=customer.pk, change=DetailsChange(name="某某")
        )

    customer.refresh_from_db()
    assert customer.name == "张桂兰"
    assert entries(customer) == []


def test_customer_service_may_not_edit(world):
    customer = make_customer(world, step=0)

    with pytest.raises(DomainError) as caught:
        update_customer_details(
            by=world.service, customer_id=customer.pk, change=DetailsChange(name="某某")
        )

    assert caught.value.code == CoreCode.FORBIDDEN


def test_a_mobile_of_another_reps_customer_is_refused_and_opens_a_claim(world):
    theirs = make_customer(world, owner=world.rep_other_team, step=0, mobile="13900004444")
    mine = make_customer(world, step=0, mobile="13900005555")

    with pytest.raises(DomainError) as caught:
        update_customer_details(
            by=world.rep, customer_id=mine.pk, change=DetailsChange(mobile="13900004444")
        )

    assert caught.value.code == CustomerCode.DUPLICATE_MOBILE
    assert caught.value.extra["field"] == "mobile"
    assert "customer_id" not in caught.value.extra  # nothing told about the other rep's customer
    mine.refresh_from_db()
    assert mine.mobile == "+8613900005555"
    claim = Claim.objects.get(customer=theirs)
    assert claim.claimant == world.rep and claim.state == ClaimState.OPEN
    assert entries(mine) == []


def test_a_supervisor_editing_claims_on_behalf_of_the_owner(world):
    theirs = make_customer(world, owner=world.rep_other_team, step=0, mobile="13900006666")
    mine = make_customer(world, step=0)

    with pytest.raises(DomainError):
        update_customer_details(
            by=world.supervisor, customer_id=mine.pk, change=DetailsChange(mobile="13900006666")
        )

    assert Claim.objects.get(customer=theirs).claimant == world.rep


def test_a_mobile_of_the_owners_other_customer_is_named_to_them(world):
    other = make_customer(world, step=0, mobile="13900007777", name="王秀英")
    mine = make_customer(world, step=0)

    with pytest.raises(DomainError) as caught:
        update_customer_details(
            by=world.rep, customer_id=mine.pk, change=DetailsChange(mobile="13900007777")
        )

    assert caught.value.code == CustomerCode.ALREADY_YOURS
    assert caught.value.extra["customer_id"] == other.pk
    assert not Claim.objects.exists()


def test_the_last_phone_cannot_be_removed(world):
    customer = make_customer(world, step=0)

    with pytest.raises(DomainError) as caught:
        update_customer_details(
            by=world.rep, customer_id=customer.pk, change=DetailsChange(mobile="")
        )

    assert caught.value.code == CustomerCode.PHONE_REQUIRED


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (DetailsChange(name=""), CoreCode.REQUIRED, "name"),
        (DetailsChange(sex="X"), CoreCode.REQUIRED, "sex"),
        (DetailsChange(birth_year=1800), CustomerCode.BIRTH_YEAR_INVALID, "birth_year"),
        (DetailsChange(mobile="12345"), CustomerCode.MOBILE_INVALID, "mobile"),
        (DetailsChange(mobile="021-62345678"), CustomerCode.MOBILE_INVALID, "mobile"),
        (DetailsChange(landline="13900001234"), CustomerCode.MOBILE_INVALID, "landline"),
        (DetailsChange(building="楼" * 101), CoreCode.TEXT_TOO_LONG, "building"),
    ],
)
def test_bad_values_are_refused_with_their_field_and_nothing_is_half_written(
    world, change, code, field
):
    customer = make_customer(world, step=0, name="张桂兰")
    change.district = "海淀区"

    with pytest.raises(DomainError) as caught:
        update_customer_details(by=world.rep, customer_id=customer.pk, change=change)

    assert caught.value.code == code
    assert caught.value.extra["field"] == field
    customer.refresh_from_db()
    assert customer.district == "朝阳区"
    assert entries(customer) == []


def test_a_landline_added_then_the_mobile_removed_keeps_the_landline_searchable(world):
    customer = make_customer(world, step=0, mobile="13900001357")

    update_customer_details(
        by=world.rep,
        customer_id=customer.pk,
        change=DetailsChange(landline="021-6234 5678", mobile=""),
    )

    customer.refresh_from_db()
    assert customer.mobile is None
    assert customer.landline == "+862162345678"
    assert customer.mobile_tail == "5678"
    [entry] = entries(customer)
    assert entry.changes["mobile"] == ["+8613900001357", None]
    assert entry.changes["landline"] == ["", "+862162345678"]
