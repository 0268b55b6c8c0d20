"""Registering a customer at the stand: what is required, what is refused, what is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError
from lianyi.customers import services as customer_services
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Consent, Customer, Source
from lianyi.customers.selectors import search_customers
from lianyi.journey.services import register_customer
from lianyi.journey.steps import Step
from tests.customers.registrations import registration


def refused(world, **overrides) -> DomainError:
    with pytest.raises(DomainError) as error:
        register_customer(by=world.rep, data=registration(world, **overrides))
    assert not Customer.objects.exists()
    return error.value


def test_a_stand_registration_keeps_what_was_typed_and_the_consent(world):
    customer = register_customer(
        by=world.rep,
        data=registration(
            world,
            district="朝阳区",
            compound="幸福里小区",
            building="3号楼2单元501",
            companion_name="李建国",
            consent_items=["profile", "contact", "health_remarks"],
        ),
    )
    assert customer.owner == world.rep
    assert customer.source == Source.STAND
    assert customer.stand == world.stand
    assert customer.compound.name == "幸福里小区"
    assert customer.step == Step.STAND
    assert customer.consent_contact and customer.consent_health
    consent = Consent.objects.get(customer=customer)
    assert consent.items == ["contact", "health_remarks", "profile"]
    assert consent.notice_version == world.company.consent_notice_version
    assert consent.taken_by == world.rep


@pytest.mark.parametrize("year", [1900, 1956])
def test_birth_years_from_1900_are_accepted(world, year):
    customer = register_customer(by=world.rep, data=registration(world, birth_year=year))
    assert customer.birth_year == year


def test_this_year_is_an_accepted_birth_year(world):
    this_year = timezone.localdate().year
    customer = register_customer(by=world.rep, data=registration(world, birth_year=this_year))
    assert customer.birth_year == this_year


@pytest.mark.parametrize("offset", [-127, 1])  # 1899 in 2026, and next year
def test_birth_years_before_1900_or_in_the_future_are_refused(world, offset):
    year = timezone.localdate().year + offset if offset == 1 else 1899
    error = refused(world, birth_year=year)
    assert error.code == CustomerCode.BIRTH_YEAR_INVALID
    assert error.extra["field"] == "birth_year"


def test_on_new_years_morning_in_shanghai_the_new_year_is_this_year(world, monkeypatch):
    # 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Shanghai
    monkeypatch.setattr(
        customer_services, "now", lambda: dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)
    )
    customer = register_customer(by=world.rep, data=registration(world, birth_year=2027))
    assert customer.birth_year == 2027


def test_the_database_refuses_a_birth_year_before_1900(world):
    from django.db import IntegrityError, transaction

    customer = register_customer(by=world.rep, data=registration(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(birth_year=1899)


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_name_is_required(world, name):
    error = refused(world, name=name)
    assert error.code == CoreCode.REQUIRED
    assert error.extra["field"] == "name"


def test_a_name_over_fifty_characters_is_refused(world):
    assert refused(world, name="张" * 51).code == CoreCode.TEXT_TOO_LONG


def test_a_sex_is_required(world):
    error = refused(world, sex="")
    assert (error.code, error.extra["field"]) == (CoreCode.REQUIRED, "sex")


@pytest.mark.parametrize("items", [[], ["contact"], ["profile"], ["contact", "profile", "x"]])
def test_contact_and_profile_consent_are_required(world, items):
    assert refused(world, consent_items=items).code == CustomerCode.CONSENT_REQUIRED


def test_a_stand_or_a_referrer_is_required(world):
    assert refused(world, stand_id=None).code == CustomerCode.STAND_REQUIRED


def test_a_stand_of_another_company_is_refused(world):
    from tests.factories import StandFactory

    # Refused like a closed one: the reply does not tell another company's stand from it.
    assert refused(world, stand_id=StandFactory().pk).code == CustomerCode.STAND_CLOSED


def test_a_role_without_the_capability_cannot_register(world):
    with pytest.raises(DomainError) as error:
        register_customer(by=world.event_staff, data=registration(world))
    assert error.value.code == CoreCode.FORBIDDEN


def test_html_and_script_are_stored_exactly_as_typed(world):
    typed = '<script>alert("撞单")</script><img src=x onerror=alert(1)> & "引号"'
    customer = register_customer(
        by=world.rep,
        data=registration(world, building=typed[:100], companion_name="<b>李建国</b>"),
    )
    customer.refresh_from_db()
    assert customer.building == typed[:100]
    assert customer.companion_name == "<b>李建国</b>"


def test_a_supervisor_may_register_for_a_rep_of_the_team_but_not_of_another(world):
    customer = register_customer(
        by=world.supervisor, data=registration(world, owner_id=world.rep.pk)
    )
    assert customer.owner == world.rep
    assert customer.created_by == world.supervisor
    with pytest.raises(DomainError) as error:
        register_customer(
            by=world.supervisor, data=registration(world, owner_id=world.rep_other_team.pk)
        )
    assert error.value.code == CustomerCode.OWNER_INVALID


def test_registration_desk_note_is_written_with_the_customer_in_one_transaction(world):
    from lianyi.customers.models import Customer
    from lianyi.customers.services import Registration
    from lianyi.journey.models import Touchpoint
    from lianyi.journey.services import register_customer

    # given a desk note over the limit, when registering, then nothing at all is written
    data = Registration(
        name="刘淑珍",
        sex="F",
        phone="13700137000",
        consent_items=["contact", "profile"],
        stand_id=world.stand.pk,
        registration_note="很" * 10_001,
    )
    with pytest.raises(DomainError) as refused:
        register_customer(by=world.rep, data=data)
    assert refused.value.code == "text_too_long"
    assert not Customer.objects.filter(mobile="+8613700137000").exists()

    # and with a normal note the customer and the 0b touchpoint exist together
    data.registration_note = "喜欢太极拳，老伴一起来的"
    customer = register_customer(by=world.rep, data=data)
    desk = Touchpoint.objects.get(customer=customer)
    assert desk.kind == "stand_registration"
    assert desk.notes == "喜欢太极拳，老伴一起来的"


def test_a_referred_customer_has_no_registration_desk_note(world):
    from lianyi.customers.services import Registration
    from lianyi.journey.services import register_customer
    from tests.conftest import make_customer

    referrer = make_customer(world, step=5)
    with pytest.raises(DomainError) as refused:
        register_customer(
            by=world.rep,
            data=Registration(
                name="赵建华",
                sex="M",
                phone="13600136000",
                consent_items=["contact", "profile"],
                referrer_id=referrer.pk,
                registration_note="现场聊过",
            ),
        )
    assert refused.value.code == "invalid"


def test_a_fifty_character_name_with_long_syllables_is_registered_and_found(world):
    name = "庄" * 50  # "zhuang" x 50: 300 letters of pinyin
    customer = register_customer(by=world.rep, data=registration(world, name=name))
    customer.refresh_from_db()
    assert customer.name == name
    assert customer.pinyin_full.startswith("zhuangzhuang")
    assert customer.pinyin_initials == "z" * 50
    assert list(search_customers(user=world.rep, query="zhuangzhuang")) == [customer]


def test_a_notice_version_over_twenty_characters_is_refused_and_nothing_is_written(world):
    with pytest.raises(DomainError) as refused:
        register_customer(by=world.rep, data=registration(world, notice_version="v" * 21))
    assert refused.value.code == CoreCode.TEXT_TOO_LONG
    assert refused.value.extra["field"] == "notice_version"
    assert not Customer.objects.exists()
