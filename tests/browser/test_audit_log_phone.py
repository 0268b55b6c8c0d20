"""The audit log on a phone at 360x740: an administrator filters by person and sees the actions
by their labels and the changed values in local time."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_filters_the_audit_log_by_person(world, live_server, phone_page):
    make_customer(world, step=1, name="张桂兰")
    make_customer(world, step=0, name="李秀英", owner=world.rep_same_team)
    page = phone_page
    login(page, live_server.url, world.admin.username)
    page.goto(f"{live_server.url}/audit/")
    assert "登记客户" in page.locator("#audit-table").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "audit-log.png"), full_page=True)

    page.click("#audit-filters summary")
    page.select_option("#id_actor", str(world.rep_same_team.pk))
    page.click("#audit-filter-submit")
    page.wait_for_url(f"**/audit/?*actor={world.rep_same_team.pk}*")
    rows = page.locator("#audit-table tbody tr")
    assert rows.count() == 1
    assert "登记客户" in rows.first.inner_text() and "李秀英" in rows.first.inner_text()
    assert page.locator("#audit-total").get_attribute("data-total") == "1"
    page.screenshot(path=str(SCREENSHOTS / "audit-log-filtered.png"), full_page=True)
