"""贵宾档案 on the pages: the first-visit form holds it, the customer page shows it, and it is
updated from the customer page; refusals next to their field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.customers.codes import CustomerCode
from lianyi.customers.profiles import ProfileChange, update_vip_profile
from lianyi.customers.selectors import vip_profile_for
from lianyi.journey.steps import Step
from tests.conftest import make_customer
from tests.web.conftest import field_codes

pytestmark = pytest.mark.django_db


def test_the_first_visit_form_is_the_profile_form_and_the_page_shows_it(world, login):
    customer = make_customer(world, step=Step.FIRST_VISIT)
    client = login(world.rep)
    url = reverse("web:record_first_visit", args=[customer.pk])
    assert 'id="profile-fields"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "duration_minutes": "45",
            "interests": "书法",
            "family_1_name": "李建国",
            "family_1_relation": "老伴",
            "contact_times": "上午",
            "contact_channel": "visit",
            "products_owned": "磁疗枕，睡得好",
            "heard_from": "社区咨询点",
        },
    )

    assert response.status_code == 302
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'id="vip-profile-facts"' in page
    for text in ("书法", "李建国（老伴）", "上门", "磁疗枕，睡得好", "社区咨询点"):
        assert text in page


def test_the_profile_is_updated_from_the_customer_page_keeping_other_fields(world, login):
    customer = make_customer(world, step=Step.SECOND_CALL)
    update_vip_profile(
        by=world.rep,
        customer_id=customer.pk,
        change=ProfileChange(interests="书法", heard_from="社区咨询点"),
    )
    client = login(world.rep)
    url = reverse("web:vip_profile", args=[customer.pk])
    form = client.get(url)
    assert form.context["form"]["interests"].value() == "书法"

    response = client.post(url, {"interests": "书法、太极", "heard_from": "社区咨询点"})

    assert response.status_code == 302
    profile = vip_profile_for(customer=customer)
    assert profile is not None and profile.interests == "书法、太极"


def test_a_family_relation_without_a_name_is_shown_next_to_the_name(world, login):
    customer = make_customer(world, step=Step.SECOND_CALL)
    client = login(world.rep)

    response = client.post(
        reverse("web:vip_profile", args=[customer.pk]),
        {"interests": "书法", "family_2_relation": "女儿"},
    )

    assert response.status_code == 200
    assert field_codes(response, "family_2_name") == [CustomerCode.PROFILE_FAMILY_INVALID]
    assert response.context["form"]["interests"].value() == "书法"
    assert vip_profile_for(customer=customer) is None


def test_another_reps_customer_profile_page_is_404(world, login):
    customer = make_customer(world, owner=world.rep_other_team, step=Step.SECOND_CALL)

    assert login(world.rep).get(reverse("web:vip_profile", args=[customer.pk])).status_code == 404
