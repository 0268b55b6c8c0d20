"""A planner seats an existing customer (老顾客) on a phone after households are seated: the
choice still lists the customers not seated yet. Debian's Chromium at 360x740."""

from __future__ import annotations

import pytest

from lianyi.gatherings.models import Seat
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.seating import seat_household
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_admin_stand import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_seats_an_existing_customer_after_a_household_is_seated(
    world, live_server, phone_page
):
    # given a table with one household seated (a seat with no customer) and a regular waiting
    table = planning.add_table(by=world.admin, gathering_id=world.gathering.pk, number=1, seats=8)
    household = make_customer(world, step=4, name="陈淑芬").invitations.get()
    seat_household(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        table_id=table.pk,
        invitation_id=household.pk,
    )
    regular = make_customer(world, step=1, name="周大姐")
    page = phone_page

    # when the supervisor opens 安排老顾客 on the seating page
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/seating/")
    page.click("#seat-existing summary")
    offered = page.locator("#id_existing-customer_id option").evaluate_all(
        "options => options.map(o => o.value)"
    )

    # then the regular is offered, the household's customer is not
    assert str(regular.pk) in offered
    assert str(household.customer_id) not in offered
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "seating-existing-360.png"), full_page=True)

    # and seating the regular puts them at the table
    page.select_option("#id_existing-customer_id", str(regular.pk))
    page.click("#seat-existing-submit")
    page.locator(".seating-table .badge--done").wait_for()
    assert Seat.objects.filter(customer=regular, existing_customer=True).exists()
