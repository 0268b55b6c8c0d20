"""订单 pages: the order form from the customer's page and, at a gathering, from an admitted guest;
the form's catalogue, gifts unticked, errors next to the field with the form kept, one order per
submission key; the order page with payments and cancelling; orders on the customer's page and
timeline, with their returns; the receipt print page and PDF."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Order, OrderState, Payment, ReturnReason
from lianyi.sales.services.payments import record_payment
from lianyi.sales.services.returns import record_return
from tests.conftest import make_customer
from tests.factories import mark_delivered, open_shop, place_test_order, set_sales_rules
from tests.gatherings.door import admit
from tests.web.conftest import field_codes


@pytest.fixture
def shop(world):
    return open_shop(world.admin)


def form_values(html: str) -> dict[str, str]:
    """The values the order form's page holds: its hidden key and every preset field."""
    values = dict(re.findall(r'name="([a-z_0-9]+)" value="([^"]*)"', html))
    return values


def order_post(shop, key: str = "key-1", **overrides) -> dict[str, str]:
    data = {
        "submission_key": key,
        "channel": "home",
        f"product_{shop.socks.pk}": "2",
        f"package_{shop.big_set.pk}": "0",
        f"product_{shop.pillow.pk}": "0",
        "payment_terms": "on_delivery",
        "store_room": str(shop.room.pk),
        "discount": "",
        "discount_reason": "",
        "payment_amount": "",
        "payment_method": "",
    }
    data.update(overrides)
    return data


def test_the_customers_page_links_to_the_order_form_with_todays_prices(world, shop, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    page = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    url = reverse("web:order_new", args=[customer.pk])
    assert f'href="{url}"' in page and 'id="order-new"' in page
    form = client.get(url)
    html = form.content.decode()
    assert "大全套" in html and "3980.00 元" in html
    assert "保暖袜" in html and "68.00 元" in html
    # every gift listed with its value, none ticked
    assert "保温杯" in html and "价值 39.00 元" in html and "价值 12.50 元" in html
    gifts = re.findall(r'<input type="checkbox" name="gift_\d+"[^>]*>', html)
    assert len(gifts) == 2 and not any("checked" in g for g in gifts)
    # a fresh submission key each time the form is shown; home is the only channel
    key = form_values(html)["submission_key"]
    again = form_values(client.get(url).content.decode())["submission_key"]
    assert len(key) == 32 and key != again
    assert 'name="channel" value="home"' in html and 'value="gathering"' not in html


def test_a_rep_places_an_order_and_lands_on_the_order_page(world, shop, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    response = client.post(
        reverse("web:order_new", args=[customer.pk]),
        order_post(
            shop,
            **{
                f"gift_{shop.towel.pk}": "on",
                "discount": "16",
                "discount_reason": "老顾客",
                "payment_terms": "deposit",
                "payment_amount": "50",
                "payment_method": "wechat",
            },
        ),
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:order", args=[order.pk])
    assert (order.list_total, order.discount, order.total, order.paid) == (
        Decimal("136.00"),
        Decimal("16.00"),
        Decimal("120.00"),
        Decimal("50.00"),
    )
    assert [g.gift_id for g in order.gifts.all()] == [shop.towel.pk]
    assert order.collector_id == world.rep.pk
    page = client.get(response["Location"]).content.decode()
    for shown in ("保暖袜", "68.00", "136.00", "120.00 元", "50.00 元", "70.00 元", "毛巾", "赠品"):
        assert shown in page, shown
    assert 'data-state="confirmed"' in page and 'id="confirmation-none"' in page
    assert reverse("web:order_receipt", args=[order.pk]) in page


def test_the_same_form_submitted_twice_places_one_order(world, shop, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:order_new", args=[customer.pk])
    first = client.post(url, order_post(shop, key="double-tap"))
    second = client.post(url, order_post(shop, key="double-tap"))
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"discount": "10"}, "discount_reason", SalesCode.DISCOUNT_REASON_REQUIRED),
        ({"discount": "1.005", "discount_reason": "x"}, "discount", "money_precision"),
        ({"discount": "500", "discount_reason": "x"}, "discount", SalesCode.DISCOUNT_INVALID),
        ({"payment_terms": ""}, "payment_terms", SalesCode.PAYMENT_TERMS_INVALID),
        (
            {"payment_terms": "paid_now", "payment_amount": "100", "payment_method": "cash"},
            "payment_amount",
            SalesCode.PAYMENT_TERMS_INVALID,
        ),
        (
            {"payment_terms": "deposit", "payment_amount": "10"},
            "payment_method",
            SalesCode.PAYMENT_TERMS_INVALID,
        ),
        ({"PRODUCT": "1.5"}, "PRODUCT", "invalid"),
        ({"PRODUCT": "-1"}, "PRODUCT", "min_value"),
        ({"PRODUCT": "0"}, "lines", SalesCode.ORDER_EMPTY),
        ({"PRODUCT": "100"}, "PRODUCT", "max_value"),
        ({"store_room": "999999"}, "store_room", "invalid_choice"),
    ],
)
def test_errors_are_shown_next_to_the_field_and_the_form_is_kept(
    world, shop, login, overrides, field, code
):
    customer = make_customer(world, step=1)
    product_field = f"product_{shop.socks.pk}"
    overrides = {product_field if k == "PRODUCT" else k: v for k, v in overrides.items()}
    data = order_post(shop, **{f"gift_{shop.thermos.pk}": "on", **overrides})
    response = login(world.rep).post(reverse("web:order_new", args=[customer.pk]), data)
    assert response.status_code == 200
    assert field_codes(response, product_field if field == "PRODUCT" else field) == [code]
    html = response.content.decode()
    # the whole form as it was sent: the key, the quantities and the ticked gift
    assert 'value="key-1"' in html
    assert re.search(rf'name="gift_{shop.thermos.pk}"[^>]*checked', html)
    assert f'name="{product_field}" value="{data[product_field]}"' in html
    assert not Order.objects.exists()


def test_a_stock_shortage_is_shown_next_to_the_line(world, login):
    shop = open_shop(world.admin, stock_units=1)
    customer = make_customer(world, step=1)
    data = order_post(shop, **{f"product_{shop.socks.pk}": "3"})
    response = login(world.rep).post(reverse("web:order_new", args=[customer.pk]), data)
    assert field_codes(response, f"product_{shop.socks.pk}") == [SalesCode.STOCK_SHORT]
    data = order_post(shop, **{f"product_{shop.socks.pk}": "0", f"package_{shop.big_set.pk}": "1"})
    response = login(world.rep).post(reverse("web:order_new", args=[customer.pk]), data)
    assert field_codes(response, f"package_{shop.big_set.pk}") == [SalesCode.STOCK_SHORT]


def test_at_the_gathering_an_admitted_guest_has_an_order_link_with_the_gathering_preset(
    world, shop, login
):
    customer = make_customer(world, step=5)
    invitation = admit(customer, by=world.event_staff, gathering=world.gathering)
    client = login(world.rep)
    engagement = client.get(reverse("web:engagement", args=[world.gathering.pk])).content.decode()
    url = f"{reverse('web:order_new', args=[customer.pk])}?gathering={world.gathering.pk}"
    assert f'id="order-for-{invitation.pk}"' in engagement and url in engagement
    form = client.get(url).content.decode()
    assert re.search(r'value="gathering"[^>]*checked', form)
    assert re.search(rf'<option value="{world.gathering.pk}" selected>', form)
    response = client.post(
        url,
        order_post(shop, channel="gathering", gathering=str(world.gathering.pk)),
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert (order.channel, order.gathering_id) == ("gathering", world.gathering.pk)


def test_a_rep_without_a_customer_in_scope_gets_the_missing_page(world, shop, login):
    theirs = make_customer(world, step=1, owner=world.rep_other_team)
    order = place_test_order(shop, theirs, by=world.rep_other_team)
    client = login(world.rep)
    assert client.get(reverse("web:order_new", args=[theirs.pk])).status_code == 404
    for name in ("web:order", "web:order_receipt", "web:order_receipt_pdf"):
        assert client.get(reverse(name, args=[order.pk])).status_code == 404
    assert (
        client.post(reverse("web:order_cancel", args=[order.pk]), {"reason": "x"}).status_code
        == 404
    )
    # and the door staff may not order at all
    mine = make_customer(world, step=1)
    assert login(world.event_staff).get(reverse("web:order_new", args=[mine.pk])).status_code == 404


def test_recording_a_payment_twice_with_the_same_key_records_one(world, shop, login):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2)
    client = login(world.rep)
    page = client.get(reverse("web:order", args=[order.pk])).content.decode()
    key = re.search(r'name="key" value="([0-9a-f]{32})"', page).group(1)
    url = reverse("web:order_payment", args=[order.pk])
    for _ in range(2):
        response = client.post(url, {"key": key, "amount": "36", "method": "cash", "note": ""})
        assert response.status_code == 302
    assert Payment.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert order.paid == Decimal("36.00")
    above = client.post(url, {"key": "other", "amount": "200", "method": "cash"})
    assert field_codes(above, "amount") == [SalesCode.PAYMENT_ABOVE_DUE]
    missing = client.post(url, {"key": "k2", "amount": "", "method": ""})
    assert field_codes(missing, "amount") == ["required"]
    assert field_codes(missing, "method") == ["required"]


def test_cancelling_asks_first_and_needs_a_reason(world, shop, login):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, terms="paid_now", paid="68.00")
    client = login(world.rep)
    page = client.get(reverse("web:order", args=[order.pk])).content.decode()
    # the button only opens the confirmation (web/_confirm.html), which posts the reason
    assert '<details class="confirm" id="cancel-order">' in page
    assert "已收的 68.00 元记为退款" in page
    url = reverse("web:order_cancel", args=[order.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and 'id="cancel-errors"' in refused.content.decode()
    assert client.post(url, {"reason": "家人不同意"}).status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED and order.paid == Decimal("0.00")
    after = client.get(reverse("web:order", args=[order.pk])).content.decode()
    assert 'id="cancel-order"' not in after and 'id="payment-form"' not in after
    assert "家人不同意" in after


def test_an_order_waiting_for_its_call_shows_the_deadline_and_reason(world, shop, login):
    customer = make_customer(world, step=1)  # born 1956
    order = place_test_order(shop, customer, by=world.rep, packages=1, socks=0)
    page = login(world.rep).get(reverse("web:order", args=[order.pk])).content.decode()
    assert 'id="confirmation-due"' in page
    due = order.confirmation_due_at.astimezone(customer.company.quiet_hours().tz)
    assert due.strftime("%Y-%m-%d %H:%M") in page
    assert "60 周岁及以上" in page and "3000.00" in page


def test_orders_and_payments_are_on_the_customers_page_and_timeline(world, shop, login):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=1)
    record_payment(by=world.rep, order_id=order.pk, amount=Decimal("68.00"), method="cash", key="k")
    page = login(world.rep).get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert f'id="order-{order.pk}"' in page and order.number in page
    assert 'data-kind="order:placed"' in page and 'data-kind="payment:payment"' in page
    # in time order with the touchpoints: the stand notes came first
    assert page.index('data-kind="stand_checkup"') < page.index('data-kind="order:placed"')
    assert page.index('data-kind="order:placed"') < page.index('data-kind="payment:payment"')


def test_the_customers_page_takes_the_same_queries_however_many_orders(world, shop, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:customer", args=[customer.pk])
    place_test_order(shop, customer, by=world.rep, terms="paid_now", paid="68.00")
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(3):
        place_test_order(shop, customer, by=world.rep, terms="paid_now", paid="68.00")
    assert queries() == few


def test_the_receipt_print_page_and_pdf_show_prices_gifts_and_return_policy(
    world, shop, login, cjk_font
):
    set_sales_rules(world.company, return_unopened_days=30, return_senior_days=7, service_phone="")
    world.rep.phone = "13900001111"
    world.rep.save(update_fields=["phone"])
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop,
        customer,
        by=world.rep,
        socks=2,
        gifts=(shop.thermos, shop.towel),
        terms="paid_now",
        paid="136.00",
    )
    client = login(world.rep)
    page = client.get(reverse("web:order_receipt", args=[order.pk])).content.decode()
    for shown in ("售货凭证", order.number, "保暖袜", "68.00", "136.00", "保温杯", "毛巾", "赠品"):
        assert shown in page, shown
    assert "30 天内可以退货" in page and "7 天内可以无理由退货" in page
    # no service phone set: the seller's phone is the way back
    assert "13900001111" in page
    pdf = client.get(reverse("web:order_receipt_pdf", args=[order.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = "".join(text.split())
    for shown in (
        "保暖袜",
        "68.00",
        "136.00",
        "保温杯",
        "39.00",
        "毛巾",
        "12.50",
        "赠品",
        "30天内可以退货",
        "13900001111",
    ):
        assert shown in flat, (shown, text)


def test_the_receipt_is_in_chinese_for_an_english_user(world, shop, login):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep)
    client = login(world.rep)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("web:order_receipt", args=[order.pk])).content.decode()
    assert "售货凭证" in page and "退货政策" in page
    assert "Sales receipt" not in page


def test_a_return_is_on_the_customers_timeline_after_its_order(world, shop, login):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2, terms="paid_now", paid="136.00")
    mark_delivered(order)
    line = order.lines.get()
    ret = record_return(
        by=world.rep,
        order_id=order.pk,
        reason=ReturnReason.UNOPENED,
        lines=[(line.pk, 1)],
        note="尺码不合适",
    )
    client = login(world.rep)
    url = reverse("web:customer", args=[customer.pk])
    page = client.get(url).content.decode()
    row = page[page.index(f'id="return-return-{ret.pk}"') :]
    row = row[: row.index("</li>")]
    assert 'data-kind="return:return"' in row
    assert "保暖袜 × 1" in row and "68.00" in row and "尺码不合适" in row
    assert page.index('data-kind="order:placed"') < page.index('data-kind="return:return"')

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    record_return(
        by=world.rep, order_id=order.pk, reason=ReturnReason.UNOPENED, lines=[(line.pk, 1)]
    )
    assert queries() == one
