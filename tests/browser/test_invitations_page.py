"""The invitations (printing) page on a phone at 360x740: a PDF download leaves every button
usable, the print page fits the phone with a thumb-sized toolbar, and revoking is a page of its
own that asks for the reason."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from lianyi.gatherings.models import InvitationState
from tests.browser.conftest import PHONE, SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_ENABLED = """() => {
  const buttons = [...document.querySelectorAll('#print-form button')];
  return buttons.length > 0 && buttons.every(b => !b.disabled)
    && !document.body.classList.contains('is-loading');
}"""


def _list_url(live_server, world) -> str:  # type: ignore[no-untyped-def]
    return f"{live_server.url}/gatherings/{world.gathering.pk}/invitations/"


@pytest.mark.usefixtures("cjk_font")
def test_after_a_pdf_download_the_other_buttons_still_work(world, live_server, phone_page):
    first = make_customer(world, step=4, name="张桂兰").invitations.get()
    second = make_customer(world, step=4, name="王秀英").invitations.get()
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(_list_url(live_server, world))

    with page.expect_download() as download:
        page.click(f"#pdf-{first.pk}")
    assert download.value.suggested_filename.endswith(".pdf")
    page.wait_for_function(ALL_ENABLED, timeout=5_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "invitations-after-download.png"), full_page=True)

    # the next PDF button works, and after it the batch buttons too
    with page.expect_download() as again:
        page.click(f"#pdf-{second.pk}")
    assert again.value.suggested_filename.endswith(".pdf")
    page.wait_for_function(ALL_ENABLED, timeout=5_000)
    with page.expect_download() as batch:
        page.click("#pdf-batch")
    assert batch.value.suggested_filename.endswith(".pdf")
    page.wait_for_function(ALL_ENABLED, timeout=5_000)
    page.click("#print-page-batch")
    page.locator("#print-toolbar").wait_for()
    assert page.locator("section.card").count() == 2
    for invitation in (first, second):
        invitation.refresh_from_db()
        assert invitation.state == InvitationState.PRINTED


@pytest.fixture
def mobile_page(browser):  # type: ignore[no-untyped-def]
    """A phone that honours the page's viewport meta (as phones do): without one, a page is
    laid out 980 px wide and shrunk to fit."""
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_print_page_fits_a_phone_with_a_thumb_sized_toolbar(world, live_server, mobile_page):
    invitation = make_customer(world, step=4, name="张桂兰").invitations.get()
    page = mobile_page
    login(page, live_server.url, world.rep.username)
    page.goto(
        f"{live_server.url}/gatherings/{world.gathering.pk}/invitations/print/?ids={invitation.pk}"
    )
    page.locator("#print-toolbar").wait_for()
    # laid out at the phone's width, not 980 px: nothing to scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("window.innerWidth") == 360
    for button in ("#print-now", "#mark-printed", "#print-back"):
        box = page.locator(button).bounding_box()
        assert box is not None
        assert box["height"] >= 44, button
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "invitations-print-page.png"), full_page=True)

    # the printed sheet is still the A5 page, one per invitation, without the toolbar
    page.emulate_media(media="print")
    assert not page.locator("#print-toolbar").is_visible()
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.emulate_media(media="screen")
    assert len(printed.pages) == 1
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5 in points
    assert "打印" not in (printed.pages[0].extract_text() or "").replace("打印时间", "")

    page.click("#mark-printed")
    page.wait_for_url("**/invitations/")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PRINTED


def test_revoking_is_a_page_of_its_own_that_asks_for_the_reason(world, live_server, phone_page):
    invitation = make_customer(world, step=4, name="张桂兰").invitations.get()
    make_customer(world, step=4, name="王秀英")
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(_list_url(live_server, world))
    # no revoking button beside the rows: only a quiet link to the page that does it
    assert page.locator(".btn--danger").count() == 0
    page.click(f"#revoke-{invitation.pk}")

    page.locator("#revoke-form").wait_for()
    assert "张桂兰" in page.locator("#revoke-guests").inner_text()
    assert page.locator("#revoke-consequences").is_visible()
    page.click("#revoke-confirm")
    error = page.locator("#id_reason_error")
    error.wait_for()
    assert error.is_visible()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ISSUED
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "invitations-revoke-reason-missing.png"), full_page=True)

    page.fill("#id_reason", "客户出远门，不能参加")
    page.click("#revoke-confirm")
    page.wait_for_url("**/invitations/")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED
    assert invitation.revoke_reason == "客户出远门，不能参加"
    assert page.locator(f"#invitation-{invitation.pk}").count() == 0


def test_delivering_an_unprinted_invitation_says_so_and_asks_for_a_confirmation(
    world, live_server, phone_page
):
    customer = make_customer(world, step=4, name="张桂兰")
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(f"{live_server.url}/customers/{customer.pk}/record/second-visit/")
    warning = page.locator("#invitation-unprinted")
    warning.wait_for()
    assert warning.is_visible()
    page.check("#id_invitation_handed_over")
    page.click("#record-submit")
    error = page.locator("#id_unprinted_confirmed_error")
    error.wait_for()
    assert error.is_visible()  # brought into view, not left below the fold
    assert customer.invitations.get().state == InvitationState.ISSUED
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "second-visit-unprinted.png"))

    page.check("#id_unprinted_confirmed")
    page.click("#record-submit")
    page.wait_for_url(f"**/customers/{customer.pk}/")
    assert customer.invitations.get().state == InvitationState.DELIVERED


def test_the_seating_list_to_print_fits_a_phone_too(world, live_server, mobile_page):
    from lianyi.gatherings.services import planning

    planning.add_table(by=world.admin, gathering_id=world.gathering.pk, number=1, seats=8)
    page = mobile_page
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/seating/print/")
    page.locator("#print-now").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for button in ("#print-now", "#one-per-page", "#seating-print-back"):
        box = page.locator(button).bounding_box()
        assert box is not None
        assert box["height"] >= 44, button
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "seating-print-page.png"))
    page.emulate_media(media="print")
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # still A4
    assert "每桌一页" not in (printed.pages[0].extract_text() or "")
