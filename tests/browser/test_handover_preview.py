"""交接 on a phone: a supervisor chooses one receiver for a leaving rep's customers, previews
(the totals per receiver fit 360px), confirms with the rep's deactivation, and the rep's next
login on the real login page is refused. Debian's Chromium at 360x740."""

from __future__ import annotations

import pytest

from lianyi.customers.models import Customer
from tests.browser.conftest import PHONE, SCREENSHOTS
from tests.browser.test_admin_stand import login
from tests.oversight.test_handover import _book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_previews_and_confirms_a_handover_and_the_rep_is_locked_out(
    world, live_server, browser
):
    # given a rep with invited, bought and new customers
    book = _book(world)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login(page, live_server.url, world.supervisor.username)

    # when the supervisor picks the receiver for all and previews
    page.goto(f"{live_server.url}/team/handover/")
    page.click(f"#handover-rep-{world.rep.pk} a")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "handover-choose.png"))
    page.select_option("#id_to", str(world.rep_same_team.pk))
    page.select_option(f"#id_to_{book['fresh'].pk}", "keep")
    page.click("#handover-preview-submit")

    # then the preview shows what moves, fitting the phone's width
    preview = page.locator("#handover-preview")
    preview.wait_for()
    row = page.locator(f"#handover-total-{world.rep_same_team.pk}")
    assert row.locator("[data-count=customers]").inner_text() == "2"
    assert row.locator("[data-count=invitations]").inner_text() == "1"
    assert row.locator("[data-count=cases]").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SCREENSHOTS / "handover-preview.png"))
    assert Customer.objects.filter(owner=world.rep).count() == 3  # a preview moves nothing

    # and confirming with the deactivation moves them and ends the rep's account
    page.check("#id_deactivate")
    page.fill("#id_reason", "离职")
    page.click("#handover-confirm")
    page.locator(".message--success").first.wait_for()
    assert Customer.objects.filter(owner=world.rep).count() == 1
    context.close()

    # the rep cannot log in any more on the login page
    rep_context = browser.new_context(viewport=PHONE, locale="zh-CN")
    rep_page = rep_context.new_page()
    rep_page.goto(f"{live_server.url}/login/")
    rep_page.fill("#id_username", world.rep.username)
    rep_page.fill("#id_password", "pass-1234")
    rep_page.click("form.form button[type=submit]")
    rep_page.wait_for_load_state()
    assert rep_page.url.startswith(f"{live_server.url}/login/")
    assert rep_page.locator("#id_username").count() == 1
    rep_context.close()
