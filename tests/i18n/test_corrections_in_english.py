"""编辑资料, 更正 and 贵宾档案 in English: the pages and their refusals show no Chinese but the
user's own data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lianyi.customers.profiles import FamilyMember, ProfileChange, update_vip_profile
from lianyi.journey import services as journey
from lianyi.journey.corrections import TouchpointChange, correct_touchpoint
from lianyi.journey.services import Contact
from lianyi.journey.steps import Step
from tests.conftest import make_customer
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

pytestmark = pytest.mark.django_db


def test_the_edit_page_and_a_duplicate_refusal_are_english(world):
    make_customer(world, owner=world.rep_other_team, step=0, mobile="13900002468")
    customer = make_customer(world, step=0)
    client = english_client(world.rep)
    url = reverse("web:edit_customer", args=[customer.pk])
    data = user_data(world, customer)

    assert_english(client.get(url), data)
    refused = client.post(url, {"name": customer.name, "sex": "F", "mobile": "13900002468"})
    assert_english(refused, data)
    assert refused.context["form"].errors["mobile"]


def test_a_corrected_call_and_the_correction_form_are_english(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="no_answer",
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(hours=1), notes="no answer"),
    )
    correct_touchpoint(
        by=world.rep,
        customer_id=customer.pk,
        touchpoint_id=call.pk,
        change=TouchpointChange(outcome="declined"),
        reason="wrong button",
    )
    client = english_client(world.rep)
    data = user_data(world, customer)

    page = assert_english(client.get(reverse("web:customer", args=[customer.pk])), data)
    assert "Corrected" in page
    url = reverse("web:correct_touchpoint", args=[customer.pk, call.pk])
    assert_english(client.get(url), data)
    assert_english(client.post(url, {"outcome": "no_answer", "reason": ""}), data)


def test_the_vip_profile_page_and_section_are_english(world):
    customer = make_customer(world, step=Step.SECOND_CALL)
    update_vip_profile(
        by=world.rep,
        customer_id=customer.pk,
        change=ProfileChange(
            interests="dancing",
            family_members=[FamilyMember("Li", "husband")],
            contact_channel="sms",
        ),
    )
    client = english_client(world.rep)
    data = user_data(world, customer)

    page = assert_english(client.get(reverse("web:customer", args=[customer.pk])), data)
    assert "Text message" in page
    url = reverse("web:vip_profile", args=[customer.pk])
    assert_english(client.get(url), data)
    assert_english(client.post(url, {"family_1_relation": "daughter"}), data)
