"""An administrator opens a stand on a phone, and a rep registers a customer there: the open
stand is offered at registration, a closed one is not. Debian's Chromium at 360x740."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.customers.models import Customer, Stand
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import next_mobile
from tests.factories import StandFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_an_administrator_opens_a_stand_and_a_rep_registers_a_customer_there(
    world, live_server, browser
):
    # given today's stand, still closed, and last month's, closed for good
    Stand.objects.filter(pk=world.stand.pk).update(is_open=False)
    today = StandFactory(company=world.company, name="翠苑社区义诊", is_open=False)
    old = StandFactory(
        company=world.company,
        name="上月的收集点",
        held_on=timezone.localdate() - dt.timedelta(days=30),
        is_open=False,
    )
    phone = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN"}
    admin_context = browser.new_context(**phone)
    admin = admin_context.new_page()

    # when the administrator opens today's stand from 更多 → 管理 → 数据收集点
    login(admin, live_server.url, world.admin.username)
    admin.goto(f"{live_server.url}/more/")
    admin.click("#link-admin")
    admin.click("#link-admin-stands")
    admin.locator(f"#stand-{today.pk}").wait_for()
    assert admin.evaluate("document.documentElement.scrollWidth") <= 360
    admin.click(f"#stand-open-{today.pk}")
    admin.locator(f"#stand-close-{today.pk}").wait_for()
    admin.screenshot(path=str(SCREENSHOTS / "admin-stands-360.png"))
    admin_context.close()
    assert Stand.objects.get(pk=today.pk).is_open

    # then a rep's registration form offers it and not the closed one
    rep_context = browser.new_context(**phone)
    rep = rep_context.new_page()
    login(rep, live_server.url, world.rep.username)
    rep.goto(f"{live_server.url}/customers/new/")
    offered = rep.locator("#id_stand_id option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert str(today.pk) in offered
    assert str(old.pk) not in offered and str(world.stand.pk) not in offered

    # and the rep registers a customer at it
    rep.fill("#id_name", "陈淑芬")
    rep.check("input[name=sex][value=F]")
    rep.fill("#id_mobile", next_mobile())
    rep.select_option("#id_stand_id", str(today.pk))
    rep.check("input[name=consent_items][value=contact]")
    rep.check("input[name=consent_items][value=profile]")
    rep.click("#register-submit")
    rep.wait_for_url(f"{live_server.url}/customers/*/")
    rep_context.close()
    customer = Customer.objects.get(name="陈淑芬")
    assert customer.stand_id == today.pk
