"""Item 4 of issue 7 on a phone at 360x740 in Chinese: a second call that is too early says so,
with the earliest local day, on the customer page and when its form opens, before anything is
typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.journey.codes import JourneyCode
from lianyi.journey.services import Contact, record_first_visit
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_too_early_second_call_says_so_when_it_opens(world, live_server, phone_page):
    customer = make_customer(world, step=2, name="王秀英", sex="F")
    record_first_visit(
        by=world.rep,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        contact=Contact(),
    )
    earliest = timezone.localdate() + dt.timedelta(days=world.company.second_call_min_days)
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    note = page.locator("#record-not-yet")
    assert earliest.isoformat() in note.inner_text()
    assert note.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customer-second-call-not-yet.png"))

    page.click("#record-next")
    banner = page.locator("#not-yet")
    banner.wait_for()
    assert banner.get_attribute("data-code") == JourneyCode.SECOND_CALL_TOO_EARLY
    assert earliest.isoformat() in banner.inner_text()
    assert page.locator("#second-call-form").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "second-call-not-yet.png"))
