"""询问转介绍 page: from the customer's page, the answer on the timeline, and a named person goes
on to the referral registration with the referrer chosen."""

from __future__ import annotations

from django.urls import reverse

from lianyi.journey.steps import TouchpointKind
from tests.conftest import make_customer
from tests.web.conftest import field_codes


def test_rep_records_a_referral_ask_and_goes_on_to_register_the_referred(world, login):
    customer = make_customer(world, step=5)
    client = login(world.rep)
    page = client.get(reverse("web:customer", args=[customer.pk]))
    url = reverse("web:record_referral_ask", args=[customer.pk])
    assert url in page.content.decode()

    response = client.post(url, {"answer": "gave_contact", "notes": "介绍了王阿姨"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:register')}?referrer={customer.pk}"
    assert customer.touchpoints.filter(kind=TouchpointKind.REFERRAL_ASK).count() == 1
    register = client.get(response["Location"])
    assert f'value="{customer.pk}"' in register.content.decode()
    detail = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert 'data-answer="gave_contact"' in detail


def test_a_declined_answer_goes_back_to_the_customer(world, login):
    customer = make_customer(world, step=2)
    client = login(world.supervisor)
    url = reverse("web:record_referral_ask", args=[customer.pk])
    response = client.post(url, {"answer": "declined"})
    assert response["Location"] == reverse("web:customer", args=[customer.pk])


def test_missing_answer_is_shown_next_to_the_field(world, login):
    customer = make_customer(world, step=5)
    response = login(world.rep).post(
        reverse("web:record_referral_ask", args=[customer.pk]), {"answer": ""}
    )
    assert response.status_code == 200
    assert field_codes(response, "answer") == ["journey.referral_answer_invalid"]


def test_another_team_gets_the_missing_page(world, login):
    customer = make_customer(world, step=5)
    url = reverse("web:record_referral_ask", args=[customer.pk])
    assert login(world.rep_other_team).get(url).status_code == 404
    assert login(world.admin).get(url).status_code == 404
