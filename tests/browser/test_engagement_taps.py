"""A rep at the gathering taps a household's signals on a phone: each tap switches by htmx
(no page reload) and is kept. Runs in Debian's Chromium at 360x740."""

from __future__ import annotations

import pytest

from lianyi.gatherings.models import Engagement
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer
from tests.gatherings.door import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rep_taps_signals_of_a_checked_in_household(world, live_server, phone_page):
    invitation = admit(
        make_customer(world, step=5), by=world.event_staff, gathering=world.gathering
    )
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/engagement/")
    row = page.locator(f"#household-{invitation.pk}")
    page.evaluate("window.__sameDocument = true")

    row.locator("button[data-signal=listened]").click()
    pressed = f"#household-{invitation.pk} button[data-signal=listened][aria-pressed=true]"
    page.locator(pressed).wait_for()
    page.locator(f"#household-{invitation.pk} button[data-signal=studies_price_list]").click()
    page.locator(
        f"#household-{invitation.pk} button[data-signal=studies_price_list][aria-pressed=true]"
    ).wait_for()

    # the page was not reloaded: htmx swapped the row in place
    assert page.evaluate("window.__sameDocument") is True
    assert Engagement.objects.get(invitation=invitation).signals == [
        "listened",
        "studies_price_list",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
