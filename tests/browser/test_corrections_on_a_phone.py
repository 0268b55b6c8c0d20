"""Corrections on a 360x740 phone in Chinese: a duplicate mobile typed into 编辑资料 is refused
with the error next to the mobile field, in view; a call corrected from "reached" to "no
answer" shows on the timeline as 已更正 with what changed, and the step follows; the VIP profile
is filled in at the first visit and updated at the second and from the customer page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.customers.profiles import ProfileChange, update_vip_profile
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from lianyi.journey.steps import Step
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import at_local, make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_viewport(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def test_a_duplicate_mobile_is_refused_next_to_the_field_in_view(world, live_server, phone_page):
    make_customer(world, owner=world.rep_other_team, step=0, mobile="13900001212")
    customer = make_customer(world, step=Step.FIRST_CALL, name="王秀英")
    page = phone_page
    login(page, live_server.url, world.rep.username)

    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.click("#edit-customer")
    page.locator("#edit-customer-form").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customer-edit.png"), full_page=True)
    page.fill("#id_mobile", "139 0000 1212")
    page.fill("#id_building", "5号楼302")
    page.click("#edit-customer-submit")

    error = page.locator("#id_mobile_error")
    error.wait_for()
    assert error.is_visible()
    assert in_viewport(page, "#id_mobile_error")
    assert "已由其他专员登记" in error.inner_text()
    assert page.input_value("#id_building") == "5号楼302"  # what was typed is kept
    assert page.evaluate("document.activeElement.id") == "id_mobile"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "customer-edit-duplicate-mobile.png"))
    customer.refresh_from_db()
    assert customer.building == "3号楼2单元501"
    assert customer.claims.count() == 0  # the claim is on the other rep's customer
    assert world.rep.claims.get().customer.mobile == "+8613900001212"


def test_a_corrected_call_shows_on_the_timeline_and_moves_the_step(world, live_server, phone_page):
    customer = make_customer(world, step=Step.FIRST_CALL, name="王秀英")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    call = journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(hours=1), notes="约明天下午"),
        visit_slot=(at_local(tomorrow, 15), at_local(tomorrow, 16)),
    )
    page = phone_page
    login(page, live_server.url, world.rep.username)

    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.click(f"#correct-{call.pk}")
    page.locator("#correct-form").wait_for()
    page.check("input[name=outcome][value=no_answer]")
    page.click("#correct-submit")
    reason_error = page.locator("#id_reason_error")
    reason_error.wait_for()
    assert reason_error.is_visible() and in_viewport(page, "#id_reason_error")
    page.screenshot(path=str(SCREENSHOTS / "touchpoint-correct-reason-missing.png"))
    page.fill("#id_reason", "点错了，其实没接通")
    page.click("#correct-submit")

    item = page.locator(f"#touchpoint-{call.pk}")
    item.wait_for()
    text = item.inner_text()
    assert "已更正" in text
    assert "接通，已约定 → 未接通" in text
    assert "点错了，其实没接通" in text
    assert "第一次电话" in page.locator("#customer-step").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "timeline-corrected-call.png"), full_page=True)
    customer.refresh_from_db()
    assert customer.step == Step.FIRST_CALL


def test_the_vip_profile_is_filled_in_at_the_first_visit_and_updated_later(
    world, live_server, phone_page
):
    customer = make_customer(world, step=Step.FIRST_VISIT, name="王秀英")
    page = phone_page
    login(page, live_server.url, world.rep.username)

    page.goto(f"{live_server.url}/customers/{customer.pk}/record/first-visit/")
    page.locator("#profile-fields").wait_for()
    page.fill("#id_duration_minutes", "45")
    page.fill("#id_interests", "广场舞、书法")
    page.fill("#id_family_1_name", "李建国")
    page.fill("#id_family_1_relation", "老伴")
    page.check("input[name=contact_channel][value=phone]")
    page.fill("#id_products_owned", "远红外护膝，很喜欢")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "first-visit-vip-profile.png"), full_page=True)
    page.click("#record-submit")

    facts = page.locator("#vip-profile-facts")
    facts.wait_for()
    assert "李建国（老伴）" in facts.inner_text()
    assert "远红外护膝，很喜欢" in facts.inner_text()

    page.click("#edit-vip-profile")
    page.locator("#profile-form").wait_for()
    assert page.input_value("#id_interests") == "广场舞、书法"
    page.fill("#id_family_2_relation", "女儿")
    page.click("#profile-submit")
    error = page.locator("#id_family_2_name_error")
    error.wait_for()
    assert error.is_visible() and in_viewport(page, "#id_family_2_name_error")
    page.screenshot(path=str(SCREENSHOTS / "vip-profile-family-name-missing.png"))
    page.fill("#id_family_2_name", "王丽")
    page.click("#profile-submit")
    page.locator("#vip-profile-facts").wait_for()
    assert "王丽（女儿）" in page.locator("#vip-profile-facts").inner_text()
    page.locator("#vip-profile").screenshot(path=str(SCREENSHOTS / "customer-vip-profile.png"))


def test_the_second_visit_form_offers_the_profile_prefilled(world, live_server, phone_page):
    customer = make_customer(world, step=Step.SECOND_VISIT, name="王秀英")
    update_vip_profile(
        by=world.rep, customer_id=customer.pk, change=ProfileChange(interests="广场舞")
    )
    page = phone_page
    login(page, live_server.url, world.rep.username)

    page.goto(f"{live_server.url}/customers/{customer.pk}/record/second-visit/")
    page.click("#profile-update summary")
    assert page.input_value("#id_interests") == "广场舞"
    page.fill("#id_interests", "广场舞、太极")
    page.check("#id_invitation_handed_over")
    page.check("#id_unprinted_confirmed")  # never printed: the rep confirms the hand-over
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "second-visit-vip-profile.png"), full_page=True)
    page.click("#record-submit")

    page.locator("#vip-profile-facts").wait_for()
    assert "广场舞、太极" in page.locator("#vip-profile-facts").inner_text()
    customer.refresh_from_db()
    assert customer.step == Step.GATHERING
