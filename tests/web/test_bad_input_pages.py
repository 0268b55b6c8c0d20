"""The page forms share the API's bounds (lianyi.core.fields): numbers past their column, years
outside 2000-2100, money with three decimals are shown next to the field, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lianyi.gatherings.models import BusStop, Draw, Gathering
from tests.factories import add_bus
from tests.web.conftest import field_codes


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def gathering_form(world, **overrides):
    start = world.gathering.starts_at + dt.timedelta(days=7)
    return {
        "name": "新春联谊会",
        "starts_at": local(start),
        "ends_at": local(start + dt.timedelta(hours=3)),
        "venue": "区文化馆",
        "capacity": "80",
        **overrides,
    }


def test_a_capacity_past_integer_is_shown_next_to_the_field(world, login):
    response = login(world.supervisor).post(
        reverse("web:gathering_new"), gathering_form(world, capacity="2147483648")
    )
    assert response.status_code == 400
    assert field_codes(response, "capacity") == ["max_value"]
    assert Gathering.objects.count() == 1


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_start_in_year_1_or_9999_is_shown_next_to_the_field(world, login, moment):
    response = login(world.supervisor).post(
        reverse("web:gathering_new"), gathering_form(world, starts_at=moment)
    )
    assert response.status_code == 400
    assert field_codes(response, "starts_at") == ["date_out_of_range"]


def test_a_name_with_a_nul_byte_is_shown_next_to_the_field(world, login):
    response = login(world.supervisor).post(
        reverse("web:gathering_new"), gathering_form(world, name="新春\x00")
    )
    assert response.status_code == 400
    assert field_codes(response, "name") == ["invalid_characters"]


def test_a_stop_position_past_smallint_is_shown_next_to_the_field(world, login):
    bus = add_bus(world.gathering, by=world.admin)
    url = reverse("web:gathering_plan_add", args=[world.gathering.pk, "stop"])
    response = login(world.supervisor).post(
        url,
        {
            "stop-bus_id": str(bus.pk),
            "stop-position": "40000",
            "stop-name": "小区门口",
            "stop-pickup_at": local(world.gathering.starts_at - dt.timedelta(hours=1)),
        },
    )
    assert response.status_code == 400
    assert field_codes(response, "position") == ["max_value"]
    assert not BusStop.objects.exists()


@pytest.mark.parametrize("value", ["0.005", "50000.005"])
def test_a_prize_value_with_three_decimals_is_refused_on_the_page(world, login, value):
    response = login(world.supervisor).post(
        reverse("web:draw", args=[world.gathering.pk]),
        {
            "rules": "入场嘉宾每户一个号。",
            "prize_name_1": "电饭煲",
            "prize_value_1": value,
            "prize_count_1": "1",
        },
    )
    assert field_codes(response, "prize_value_1") == ["money_precision"]
    assert not Draw.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_slot_check_of_a_day_in_year_9999_answers_without_a_warning(world, login, day):
    response = login(world.rep).get(
        reverse("web:slot_check"), {"slot_date": day, "slot_start": "23:00", "slot_end": "23:59"}
    )
    assert response.status_code == 200
    assert response.context["warning"] == ""
