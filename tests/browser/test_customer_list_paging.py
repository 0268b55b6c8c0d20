"""The customer list on a phone at 360x740: a supervisor sees the team's total, narrows the list
to one compound, pages to the last customers with the filter kept (the pager swaps the list by
htmx and pushes the address), and a live search keeps the filter too."""

from __future__ import annotations

import pytest

from lianyi.customers.models import Customer
from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import next_mobile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(world, *, owner, name, compound):
    return register_customer(
        by=owner,
        data=Registration(
            name=name,
            sex="F",
            phone=next_mobile(),
            consent_items=["contact", "profile"],
            compound=compound,
            district="朝阳区",
            stand_id=world.stand.pk,
        ),
    )


def test_a_supervisor_filters_by_compound_and_pages_to_the_last_customers(
    world, live_server, phone_page
):
    for n in range(52):
        owner = world.rep if n % 2 else world.rep_same_team
        register(world, owner=owner, name=f"王{n:02d}", compound="阳光花园")
    for n in range(5):
        register(world, owner=world.rep, name=f"李{n}", compound="幸福里小区")
    sunny = Customer.objects.filter(name="王00").get().compound
    page = phone_page
    login(page, live_server.url, world.supervisor.username)

    page.goto(f"{live_server.url}/customers/")
    assert page.locator("#customer-total").get_attribute("data-total") == "57"
    assert page.locator("#customer-list > li").count() == 50
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customer-list.png"))

    # when the supervisor narrows the list to one compound
    page.click("#customer-filters summary")
    page.select_option("#id_compound", str(sunny.pk))
    page.screenshot(path=str(SCREENSHOTS / "customer-list-filters-open.png"))
    page.click("#customer-filter-submit")
    page.wait_for_url(f"**/customers/?*compound={sunny.pk}*")
    assert page.locator("#customer-total").get_attribute("data-total") == "52"
    assert "阳光花园" in page.locator("#customer-active-filters").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "customer-list-filtered.png"), full_page=False)

    # then the next page keeps the filter and shows the last two
    page.locator("#customer-pager [data-role=next]").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "customer-list-pager.png"))
    page.click("#customer-pager [data-role=next]")
    page.wait_for_url(f"**/customers/?*compound={sunny.pk}*page=2*")
    page.locator("#customer-pager [data-role=previous]").wait_for()
    names = page.locator("#customer-list .card__title .muted").all_inner_texts()
    assert names == ["王01", "王00"]
    assert page.locator("#customer-total").get_attribute("data-total") == "52"
    page.screenshot(path=str(SCREENSHOTS / "customer-list-page-2.png"), full_page=True)

    # and a live search within the filter: 王0x in 阳光花园, none of 幸福里小区's 李
    page.fill("#id_q", "王0")
    page.locator("#customer-total[data-total='10']").wait_for()
    assert "compound=" in page.url and "q=" in page.url
