"""A supervisor on a phone takes today's VIP profile from a rep: the table shows the rep's day
as missing, the supervisor picks a customer the rep visited today, and the day shows it taken.
Runs in Debian's Chromium at 360x740."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.oversight.models import DailyProfile, ProfileState
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.oversight.duties import visited_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_takes_a_daily_profile_on_a_phone(world, live_server, phone_page):  # type: ignore[no-untyped-def]
    # given a customer the rep home-visited earlier today (in Shanghai)
    now = timezone.localtime()
    moment = max(now - dt.timedelta(hours=1), now.replace(hour=0, minute=1, second=0))
    customer = visited_at(world, moment, name="王秀英")
    today = timezone.localdate().isoformat()
    page = phone_page

    # when the supervisor opens the daily profiles
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/team/profiles/")
    cell = page.locator(f"#profile-day-{today} li[data-rep='{world.rep.pk}']")
    assert cell.get_attribute("data-state") == "due"  # today, not given yet
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # and picks the customer the rep visited today
    cell.locator("[data-role=pick]").click()
    page.locator(f"#pick-{customer.pk}").wait_for()
    assert "王秀英" in page.locator(f"#pick-{customer.pk}").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(f"#pick-{customer.pk} [data-role=pick]").click()
    page.wait_for_url(f"{live_server.url}/team/profiles/")

    # then today's cell shows the profile taken, with the customer's name
    cell = page.locator(f"#profile-day-{today} li[data-rep='{world.rep.pk}']")
    assert cell.get_attribute("data-state") == "taken"
    assert "王秀英" in cell.inner_text()
    profile = DailyProfile.objects.get(rep=world.rep)
    assert profile.state == ProfileState.TAKEN and profile.taken_by == world.supervisor
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "daily-profile-taken.png"), full_page=True)
