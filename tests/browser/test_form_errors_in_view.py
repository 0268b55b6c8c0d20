"""Item 3 of issue 7 on a phone at 360x740, in Chinese: a refused submit shows every error at
once, brings the first one into view and focuses its field (js/form-errors.js over the shared
web/_field.html), and keeps what was typed."""

from __future__ import annotations

import contextlib

import pytest

from lianyi.customers.models import Customer
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_VIEWPORT = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight; }"""


def focused_id(page, expected: str) -> str:  # type: ignore[no-untyped-def]
    """The id of the focused element, once the deferred script has had its turn."""
    page.wait_for_load_state("load")
    # on a timeout the assertion below names what has the focus instead
    with contextlib.suppress(Exception):
        page.wait_for_function(f"document.activeElement.id === '{expected}'", timeout=3000)
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_an_empty_registration_shows_all_errors_and_focuses_the_first(
    world, live_server, phone_page
):
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/customers/new/")
    page.fill("#id_building", "3号楼2单元501")
    page.click("#register-submit")
    page.locator("#id_name_error").wait_for()

    for error in ("name", "sex", "mobile", "consent_items", "stand_id"):
        assert page.locator(f"#id_{error}_error").count() == 1, error
    assert focused_id(page, "id_name") == "id_name"
    assert page.locator("#id_name").evaluate(IN_VIEWPORT)
    assert page.locator("#id_name_error").evaluate(IN_VIEWPORT)
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert page.input_value("#id_building") == "3号楼2单元501"  # what was typed is kept
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "register-all-errors.png"))
    assert not Customer.objects.exists()


def test_a_refused_reassign_opens_scrolls_to_and_focuses_its_first_error(
    world, live_server, phone_page
):
    customer = make_customer(world, step=1, name="张桂兰")
    page = phone_page
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.click("#reassign-heading")
    page.fill("#id_reason", "原专员离职")
    page.click("#reassign-submit")
    page.locator("#form-errors").wait_for()

    assert page.locator("#reassign").get_attribute("open") is not None
    assert page.locator("#id_to_user_id_error").count() == 1
    assert focused_id(page, "id_to_user_id") == "id_to_user_id"
    assert page.locator("#id_to_user_id").evaluate(IN_VIEWPORT)
    assert page.locator("#form-errors").evaluate(IN_VIEWPORT)
    assert page.input_value("#id_reason") == "原专员离职"
    page.screenshot(path=str(SCREENSHOTS / "reassign-errors.png"))
    customer.refresh_from_db()
    assert customer.owner == world.rep
