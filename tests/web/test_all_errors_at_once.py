"""Item 3 of issue 7: a refused form shows every problem at once, next to its field, keeps what
was typed, and marks the fields for assistive technology (aria-invalid, aria-describedby)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.core.errors import CoreCode, InvalidInput
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Claim, Customer
from lianyi.customers.services import Registration, check_registration
from lianyi.journey.services import register_customer
from lianyi.org.models import User
from tests.conftest import make_customer
from tests.web.conftest import field_codes


def empty_registration() -> Registration:
    return Registration(name="", sex="", phone="", consent_items=[])


def test_the_service_refuses_an_empty_registration_with_every_problem_at_once(world):
    with pytest.raises(InvalidInput) as caught:
        register_customer(by=world.rep, data=empty_registration())
    codes = {(e.extra["field"], e.code) for e in caught.value.errors}
    assert codes == {
        ("name", CoreCode.REQUIRED),
        ("sex", CoreCode.REQUIRED),
        ("phone", CustomerCode.PHONE_REQUIRED),
        ("consent_items", CustomerCode.CONSENT_REQUIRED),
        ("stand_id", CustomerCode.STAND_REQUIRED),
    }
    # the API's answer carries them all
    assert len(caught.value.as_dict()["extra"]["errors"]) == 5
    assert not Customer.objects.exists()


def test_checking_a_registration_writes_nothing(world):
    data = Registration(
        name="张桂兰", sex="F", phone="13800138000", consent_items=["contact", "profile"]
    )
    data.stand_id = world.stand.pk
    check_registration(by=world.rep, data=data)  # no problem: nothing raised, nothing written
    assert not Customer.objects.exists()


def test_an_empty_registration_page_shows_all_its_errors_in_one_submit(world, login):
    response = login(world.rep).post(reverse("web:register"), {"source": "stand"})
    assert response.status_code == 200
    assert field_codes(response, "name") == [CoreCode.REQUIRED]
    assert field_codes(response, "sex") == [CoreCode.REQUIRED]
    assert field_codes(response, "mobile") == [CustomerCode.PHONE_REQUIRED]
    assert field_codes(response, "consent_items") == [CustomerCode.CONSENT_REQUIRED]
    assert field_codes(response, "stand_id") == [CustomerCode.STAND_REQUIRED]
    page = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_name_error" id="id_name"' in page
    assert 'aria-describedby="id_mobile_helptext id_mobile_error"' in page
    assert 'aria-labelledby="id_sex_label" aria-describedby="id_sex_error"' in page
    assert not Customer.objects.exists()


def test_a_form_refusal_and_the_service_refusals_show_together_keeping_what_was_typed(world, login):
    # the birth year is refused by the form itself (not a number); the service's problems
    # (no sex, no consent, no stand) are shown in the same answer
    response = login(world.rep).post(
        reverse("web:register"),
        {"source": "stand", "name": "王秀英", "mobile": "13800138000", "birth_year": "一九五八"},
    )
    assert field_codes(response, "birth_year") == ["invalid"]
    assert field_codes(response, "sex") == [CoreCode.REQUIRED]
    assert field_codes(response, "consent_items") == [CustomerCode.CONSENT_REQUIRED]
    assert field_codes(response, "stand_id") == [CustomerCode.STAND_REQUIRED]
    assert field_codes(response, "name") == []
    page = response.content.decode()
    assert 'value="王秀英"' in page and 'value="13800138000"' in page
    assert not Customer.objects.exists() and not Claim.objects.exists()


def test_a_referral_without_referrer_says_so_once_beside_the_others(world, login):
    response = login(world.rep).post(reverse("web:register"), {"source": "referral"})
    assert field_codes(response, "referrer_id") == [CustomerCode.REFERRER_REQUIRED]
    assert field_codes(response, "stand_id") == []
    assert field_codes(response, "name") == [CoreCode.REQUIRED]
    assert 'aria-describedby="id_referrer_id_error"' in response.content.decode()


def test_an_empty_reassign_shows_the_reason_target_and_protection_problems_together(world, login):
    customer = make_customer(world, step=1)
    response = login(world.supervisor).post(reverse("web:reassign", args=[customer.pk]), {})
    form = response.context["reassign_form"]
    codes = {field: [e.code for e in errors] for field, errors in form.errors.as_data().items()}
    assert codes == {
        "reason": [CoreCode.REQUIRED],
        "to_user_id": [CustomerCode.OWNER_INVALID],
        "__all__": [CustomerCode.PROTECTION_PERIOD],
    }
    customer.refresh_from_db()
    assert isinstance(customer.owner, User) and customer.owner == world.rep


def test_a_journey_record_form_shows_every_problem_at_once(world, login):
    from lianyi.journey.codes import JourneyCode

    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:record_first_call", args=[customer.pk])
    assert client.post(url, {"outcome": "declined"}).status_code == 302
    # recorded again: no outcome and no reason, both said in one answer
    response = client.post(url, {})
    assert field_codes(response, "outcome") == [JourneyCode.OUTCOME_INVALID]
    assert field_codes(response, "repeat_reason") == [JourneyCode.REPEAT_REASON_REQUIRED]


def test_the_first_visit_form_shows_duration_and_location_problems_together(world, login):
    from lianyi.journey.codes import JourneyCode

    customer = make_customer(world, step=2)
    url = reverse("web:record_first_visit", args=[customer.pk])
    response = login(world.rep).post(url, {"duration_minutes": "0", "lat": "91", "lng": "0"})
    assert field_codes(response, "duration_minutes") == [JourneyCode.DURATION_INVALID]
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == [
        JourneyCode.LOCATION_INVALID
    ]
