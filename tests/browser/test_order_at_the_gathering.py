"""A rep at the gathering places an order for a checked-in guest on a phone (360x740, Chinese):
from the guest's row on the engagement page to the order form, with the steppers, a gift the
customer chose and a deposit, then the order page and the receipt with the real prices."""

from __future__ import annotations

import pytest

from lianyi.sales.models import Order, OrderState
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer
from tests.factories import open_shop
from tests.gatherings.door import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rep_orders_for_a_checked_in_guest_and_sees_the_receipt(world, live_server, phone_page):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=5, name="刘桂芳")
    invitation = admit(customer, by=world.event_staff, gathering=world.gathering)
    page = phone_page
    login(page, live_server.url, world.rep.username)

    # the guest's row at the gathering has 下单
    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/engagement/")
    page.click(f"#order-for-{invitation.pk}")
    page.wait_for_selector("#order-form")
    assert page.locator("input[name=channel][value=gathering]").is_checked()
    # no gift is ticked until the customer chooses one
    gifts = page.locator("#order-gifts input[type=checkbox]")
    assert gifts.count() == 2
    assert not any(gifts.nth(i).is_checked() for i in range(2))

    # one 大全套 and two pairs of socks with the + buttons, the thermos the customer chose
    page.locator(f"#item-package_{shop.big_set.pk} [data-stepper='1']").click()
    socks_plus = page.locator(f"#item-product_{shop.socks.pk} [data-stepper='1']")
    socks_plus.click()
    socks_plus.click()
    page.locator(f"#item-product_{shop.socks.pk} [data-stepper='-1']").click()
    socks_plus.click()
    page.check(f"#id_gift_{shop.thermos.pk}")
    # the live total follows: 3980 + 2 x 68
    assert page.locator("[data-total=total]").inner_text() == "4116.00"
    page.check("input[name=payment_terms][value=deposit]")
    page.fill("#id_payment_amount", "1000")
    page.select_option("#id_payment_method", "wechat")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # a viewport shot (a full-page one resizes the page and a click after it can miss)
    page.screenshot(path=str(SCREENSHOTS / "order-form.png"))
    page.click("#order-submit")

    # the order page
    page.wait_for_selector("#order-head")
    order = Order.objects.get()
    assert page.url.endswith(f"/orders/{order.pk}/")
    assert page.locator("#order-total").inner_text() == "4116.00 元"
    assert page.locator("#order-due").inner_text() == "3116.00 元"
    assert page.locator("#confirmation-due").is_visible()  # a senior's large order waits
    assert order.state == OrderState.PLACED and order.gathering_id == world.gathering.pk
    assert [g.gift_id for g in order.gifts.all()] == [shop.thermos.pk]

    # the receipt
    page.click("#order-receipt")
    page.wait_for_selector("#receipt")
    receipt = page.locator("#receipt").inner_text()
    for shown in ("售货凭证", order.number, "大全套", "3980.00", "保暖袜", "136.00", "4116.00"):
        assert shown in receipt, shown
    assert "保温杯" in receipt and "赠品" in receipt
    assert "退货政策" in receipt and "30 天内可以退货" in receipt
    assert "rep_a" in receipt  # the seller
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "order-receipt.png"), full_page=True)
