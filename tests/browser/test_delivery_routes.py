"""送函路线 on a phone: the day field holds an ISO date in Chinese and in English, so "规划路线"
goes through, and a rep reaches their route from the days offered, without typing ?day=.
Debian's Chromium at 360x740."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from lianyi.gatherings.models import DeliveryPlan
from lianyi.gatherings.services import routes as route_services
from tests.browser.conftest import PHONE, SCREENSHOTS
from tests.browser.test_admin_stand import login
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_day_field_is_an_iso_date_and_planning_goes_through(
    world,
    live_server,
    browser,
    locale,
    delivery_day,  # noqa: F811
):
    # given an invitation to deliver on the delivery day
    invited(world, delivery_day, where=("30.28", "120.16"))
    context = browser.new_context(viewport=PHONE, locale=locale, timezone_id="Asia/Shanghai")
    page = context.new_page()
    login(page, live_server.url, world.supervisor.username)
    base = f"{live_server.url}/gatherings/{world.gathering.pk}/routes/"

    # when the supervisor opens the day's routes in the browser's language
    page.goto(f"{base}?day={delivery_day.isoformat()}")

    # then Chromium's date field holds the day (an ISO value; a localised one shows empty)
    assert page.input_value("#id_day") == delivery_day.isoformat()
    assert page.evaluate("document.querySelector('#id_day').valueAsDate !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # and "规划路线" plans the day without retyping it
    with mock.patch.object(route_services, "SEARCH_SECONDS", 0.3):
        page.click("#plan-submit")
        # (tasks run at once in tests: the progress page leads straight back to the plan)
        page.locator("#plan-meta").wait_for()
    assert page.locator("#id_day_error").count() == 0
    context.close()
    assert DeliveryPlan.objects.filter(gathering=world.gathering, day=delivery_day).exists()


def test_a_rep_reaches_their_routes_from_the_days_offered(
    world,
    live_server,
    phone_page,
    delivery_day,  # noqa: F811
):
    # given two days with a route of the rep's, none today
    later = delivery_day + dt.timedelta(days=1)
    first = invited(world, delivery_day, name="张桂兰", where=("30.28", "120.16"))
    second = invited(world, later, name="王秀英", where=("30.29", "120.17"))
    for day in (delivery_day, later):
        route_services.plan_deliveries(
            by=world.supervisor,
            gathering_id=world.gathering.pk,
            day=day,
            rep_ids=[world.rep.pk],
            seconds=0.3,
        )
    page = phone_page

    # when the rep opens 送函路线 from the gathering, with no day in the address
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/")
    page.click("#link-routes")

    # then the next day with a route is shown, and both days are offered
    page.locator(f"#stop-{first.invitations.get().pk}").wait_for()
    assert page.locator(f"#stop-{second.invitations.get().pk}").count() == 0
    current = page.locator("#route-days [aria-current=page]")
    assert current.get_attribute("id") == f"route-day-{delivery_day.isoformat()}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "routes-rep-360.png"), full_page=True)

    # and one tap on the other day shows that day's route
    page.click(f"#route-day-{later.isoformat()}")
    page.locator(f"#stop-{second.invitations.get().pk}").wait_for()
    assert page.locator(f"#stop-{first.invitations.get().pk}").count() == 0
