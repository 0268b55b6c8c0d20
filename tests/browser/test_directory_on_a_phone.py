"""老顾客资料 on a phone (Debian's Chromium at 360x740): a rep reads the directory without a
team-mate's phone and without sideways scrolling; a supervisor downloads the Excel copy and the
export buttons come back."""

from __future__ import annotations

import pytest

from lianyi.customers.phones import display_phone
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_admin_stand import login
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rep_reads_the_directory_and_a_supervisor_downloads_the_copies(
    world, live_server, phone_page
):
    # given a customer of the rep and one of a team-mate who bought, in one compound
    shop = open_shop(world.admin)
    own = make_customer(world, name="张桂兰")
    mate = make_customer(world, owner=world.rep_same_team, name="王秀英")
    place_test_order(shop, own, by=world.rep)
    place_test_order(shop, mate, by=world.rep_same_team)
    page = phone_page

    # when the rep opens the directory
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/team/directory/")

    # then both are listed, the team-mate's without a phone, and the page fits the phone
    page.locator(f"[data-customer='{mate.pk}']").wait_for()
    text = page.locator("main").inner_text()
    assert "王秀英" in text and display_phone(own.mobile or "") in text
    assert display_phone(mate.mobile or "") not in text
    assert page.locator("#directory-export").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "directory-rep-360.png"), full_page=True)

    # and the supervisor downloads the workbook; the buttons are usable again afterwards
    page.context.clear_cookies()
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/team/directory/")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.wait_for_function("!document.querySelector('#export-xlsx').disabled")
