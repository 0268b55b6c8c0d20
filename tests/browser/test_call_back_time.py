"""Item 5 of issue 7 on a phone at 360x740 in Chinese: 未接通 with the time the customer asked
for; the datetime-local input takes and keeps an ISO value (a Chinese-localised date input once
showed empty), a time in quiet hours is refused next to the field and the typed value stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.journey.steps import Step
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import at_local, make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rep_sets_the_call_back_time_after_no_answer_in_chinese(world, live_server, phone_page):
    customer = make_customer(world, step=Step.FIRST_CALL, name="王秀英", sex="F")
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/customers/{customer.pk}/record/first-call/")
    page.locator("#first-call-form").wait_for()
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    page.check("input[name=outcome][value=no_answer]")
    page.fill("#id_call_back_at", f"{tomorrow.isoformat()}T12:30")  # the lunch break: quiet
    page.click("#record-submit")
    page.locator("#id_call_back_at_error").wait_for()
    assert page.input_value("#id_call_back_at") == f"{tomorrow.isoformat()}T12:30"
    assert page.evaluate("document.activeElement.id") in ("id_call_back_at", "")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "first-call-call-back-quiet.png"))

    page.fill("#id_call_back_at", f"{tomorrow.isoformat()}T15:30")
    page.click("#record-submit")
    page.wait_for_url(f"**/customers/{customer.pk}/")
    customer.refresh_from_db()
    assert customer.next_due_at == at_local(tomorrow, 15, 30)
