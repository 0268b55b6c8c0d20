"""Item 3 of issue 7 after an htmx swap, at 360x740: a refused tap on a gathering's engagement
row comes back with its message, which js/form-errors.js brings into view and focuses (the
page is not reloaded)."""

from __future__ import annotations

import pytest

from tests.browser.test_record_first_call import login
from tests.conftest import make_customer
from tests.gatherings.door import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_htmx_tap_brings_its_error_into_view_and_focus(world, live_server, phone_page):
    invitation = admit(
        make_customer(world, step=5), by=world.event_staff, gathering=world.gathering
    )
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/engagement/")
    row = f"#household-{invitation.pk}"
    page.evaluate("window.__sameDocument = true")
    # a signal the service refuses (as a stale or tampered page would send)
    page.evaluate(
        f"document.querySelector('{row} button[data-signal=listened]')"
        ".form.querySelector('input[name=signal]').value = 'no-such-signal'"
    )
    page.click(f"{row} button[data-signal=listened]")
    error = page.locator(f"{row} .field__error")
    error.wait_for()
    page.wait_for_function(
        "document.activeElement && document.activeElement.classList.contains('field__error')"
    )
    assert page.evaluate("window.__sameDocument") is True
    assert error.evaluate(
        "el => { const r = el.getBoundingClientRect(); "
        "return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
