"""A rep on a phone: log in, open today, record a first call with an agreed visit slot, and see
the visit on the list. Runs in Debian's Chromium at 360x740."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.journey.steps import Step
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_rep_records_first_call_on_a_phone_and_sees_the_visit_scheduled(
    world, live_server, phone_page
):
    # given a customer whose first call is due (overdue, in fact) for the rep
    customer = make_customer(world, step=Step.FIRST_CALL, name="王秀英", sex="F")
    page = phone_page

    # when the rep logs in on a 360px phone
    login(page, live_server.url, world.rep.username)

    # then today lists the customer with the polite address, a tel: link and a record button
    card = page.locator(f"#agenda-{customer.pk}")
    card.wait_for()
    assert "王阿姨" in card.inner_text()
    assert card.locator("a[href^='tel:']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # when they record the first call with an agreed visit tomorrow afternoon
    card.locator("[data-role=record]").click()
    page.locator("#first-call-form").wait_for()
    page.check("input[name=outcome][value=agreed]")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.fill("input[name=slot_date]", tomorrow.isoformat())
    page.fill("input[name=slot_start]", "15:00")
    page.fill("input[name=slot_end]", "16:00")
    page.fill("textarea[name=notes]", "王阿姨很热情，约明天下午三点上门。")
    page.click("#record-submit")
    page.wait_for_load_state("networkidle")

    # then tomorrow's tile in the plan counts it, and tomorrow's list shows the visit at 15:00
    page.goto(f"{live_server.url}/")
    tile = page.locator(f"#plan-{tomorrow.isoformat()}")
    assert "1" in tile.inner_text()
    tile.click()
    card = page.locator(f"#agenda-{customer.pk}")
    card.wait_for()
    text = card.inner_text()
    assert f"{tomorrow:%m-%d} 15:00" in text
    assert "第一次家访" in text  # the next action, in the page's default language
    customer.refresh_from_db()
    assert customer.step == Step.FIRST_VISIT
    assert customer.next_due_at == dt.datetime.combine(
        tomorrow, dt.time(15, 0), tzinfo=timezone.get_current_timezone()
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "today-after-first-call.png"), full_page=True)
