"""The company-configuration pages in English: no Chinese but the company's own data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.customers.models import PlaceKind
from tests.conftest import make_customer
from tests.factories import add_place
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data


@pytest.mark.parametrize(
    "page", ["web:admin_rules", "web:admin_stands", "web:admin_stand_new", "web:admin_places"]
)
def test_the_configuration_pages_are_english(world, page):
    customer = make_customer(world, step=0)
    assert_english(english_client(world.admin).get(reverse(page)), user_data(world, customer))


def test_refused_rules_show_their_errors_in_english(world):
    response = english_client(world.admin).post(
        reverse("web:admin_rules"),
        {
            "contact_day_start": "9",
            "contact_day_end": "08:00",
            "protection_days": "0",
            "first_call_within_days": "x",
            "second_call_min_days": "3",
            "second_call_max_days": "2",
            "consent_notice_version": "",
            "office_latitude": "1",
            "windows-TOTAL_FORMS": "3",
            "windows-INITIAL_FORMS": "0",
            "windows-0-start": "12:00",
            "windows-0-end": "11:00",
            "windows-1-start": "10:00",
            "windows-1-end": "13:00",
            "windows-2-start": "10:30",
            "windows-2-end": "7",
        },
    )
    html = assert_english(response, user_data(world))
    assert "field__error" in html


def test_the_place_and_merge_pages_are_english(world):
    customer = make_customer(world, step=0)
    place = customer.compound
    other = add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里")
    data = [*user_data(world, customer), other.name]
    client = english_client(world.admin)
    assert_english(client.get(reverse("web:admin_place", args=[place.pk])), data)
    merge = reverse("web:admin_place_merge", args=[place.pk])
    assert_english(client.get(merge), data)
    assert_english(client.get(merge, {"keep": other.pk}), data)
