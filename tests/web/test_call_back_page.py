"""Item 5 of issue 7 on the page: the call-back time is an ISO datetime-local input whatever the
language, refused in quiet hours next to the field, kept as typed."""

from __future__ import annotations

from django.urls import reverse

from lianyi.journey.codes import JourneyCode
from tests.conftest import make_customer
from tests.journey.test_journey_rules import tomorrow
from tests.web.conftest import field_codes


def test_the_page_takes_an_iso_call_back_time_and_says_when_it_is_quiet(world, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:record_first_call", args=[customer.pk])
    page = client.get(url).content.decode()
    assert 'type="datetime-local" name="call_back_at"' in page
    quiet = f"{tomorrow(12, 30):%Y-%m-%dT%H:%M}"
    response = client.post(url, {"outcome": "no_answer", "call_back_at": quiet})
    assert field_codes(response, "call_back_at") == [JourneyCode.CALL_BACK_IN_QUIET_HOURS]
    assert f'value="{quiet}"' in response.content.decode()  # kept as typed, ISO
    ok = f"{tomorrow(15):%Y-%m-%dT%H:%M}"
    assert client.post(url, {"outcome": "no_answer", "call_back_at": ok}).status_code == 302
    customer.refresh_from_db()
    assert customer.next_due_at == tomorrow(15)
