"""A supervisor opens the dashboard on a phone (360x740): the charts are drawn (SVG with the
figures' labels) above the numbers tables, and nothing is wider than the screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_sees_the_funnel_chart_and_its_table(world, live_server, phone_page):
    for step in (5, 4, 3, 1):
        make_customer(world, step=step, name=f"客户{step}")
    page = phone_page
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/dashboards/")
    chart = page.locator("#chart-funnel[data-drawn=true]")
    chart.wait_for()
    svg = chart.locator("svg")
    assert svg.count() == 1
    assert "第一次家访" in (svg.text_content() or "")
    assert svg.locator("path").count() >= 4  # the bars
    table = page.locator("#table-funnel")
    assert table.locator("tbody tr").count() == 8
    assert table.locator("tbody tr").first.locator("td").nth(1).inner_text() == "4"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
