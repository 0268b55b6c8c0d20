"""The delivery pages: the today block 待送货 linking to the delivery page, the checklist and
payment at the door (errors next to their field, the same page sent twice records once), the
list with totals and a query count that does not grow."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.aftercare.codes import AftercareCode
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Delivery, OrderState, Payment
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data
from tests.web.conftest import field_codes

CHECKLIST = {
    "set_up": "on",
    "use_explained": "on",
    "precautions_explained": "on",
    "receipt_handed_over": "on",
}


def socks_order(world, shop, name="张桂兰", owner=None):
    owner = owner or world.rep
    customer = make_customer(world, step=1, name=name, owner=owner)
    return place_test_order(shop, customer, by=owner, socks=2)


def test_the_today_page_lists_the_reps_deliveries_and_links_to_the_delivery_page(world, login):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    socks_order(world, shop, name="王秀英", owner=world.rep_same_team)
    html = login(world.rep).get(reverse("web:today")).content.decode()
    assert 'id="deliveries-today"' in html and 'id="deliveries-count">1<' in html
    assert reverse("web:deliver", args=[order.pk]) in html
    other = login(world.rep_other_team).get(reverse("web:today")).content.decode()
    assert 'id="deliveries-today"' not in other


def test_a_delivery_from_the_page_with_money_at_the_door(world, login):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    client = login(world.rep)
    url = reverse("web:deliver", args=[order.pk])
    page = client.get(url)
    key = page.context["form"].initial["key"]
    post = {**CHECKLIST, "payment_amount": "136", "payment_method": "cash", "key": key}
    assert client.post(url, post).status_code == 302
    # The same page sent again (a double tap): one delivery, one payment, no error.
    assert client.post(url, post).status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.DELIVERED and order.paid == Decimal("136.00")
    assert Delivery.objects.count() == 1 and Payment.objects.count() == 1
    assert 'id="deliveries-today"' not in client.get(reverse("web:today")).content.decode()


def test_wrong_input_is_shown_next_to_its_field(world, login):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    client = login(world.rep)
    url = reverse("web:deliver", args=[order.pk])
    missing = client.post(url, {"set_up": "on", "key": "k"})
    assert field_codes(missing, "use_explained") == [AftercareCode.DELIVERY_CHECKLIST]
    assert field_codes(missing, "receipt_handed_over") == [AftercareCode.DELIVERY_CHECKLIST]
    too_much = client.post(
        url, {**CHECKLIST, "payment_amount": "136.01", "payment_method": "cash", "key": "k"}
    )
    assert field_codes(too_much, "__all__") == [SalesCode.PAYMENT_ABOVE_DUE] or field_codes(
        too_much, "payment_amount"
    ) == [SalesCode.PAYMENT_ABOVE_DUE]
    bad = client.post(url, {**CHECKLIST, "payment_amount": "1.234", "payment_method": "cash"})
    assert bad.status_code == 200 and bad.context["form"].errors["payment_amount"]
    no_method = client.post(url, {**CHECKLIST, "payment_amount": "10", "key": "k"})
    assert field_codes(no_method, "payment_method") == [SalesCode.PAYMENT_TERMS_INVALID]
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED and not Delivery.objects.exists()


def test_an_order_waiting_for_its_call_shows_why_it_cannot_be_delivered(world, login):
    shop = open_shop(world.admin)
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, packages=1, socks=0)
    client = login(world.rep)
    url = reverse("web:deliver", args=[order.pk])
    html = client.get(url).content.decode()
    assert 'id="not-confirmed"' in html and 'id="delivery-form"' not in html
    refused = client.post(url, {**CHECKLIST, "key": "k"})
    assert field_codes(refused, "__all__") == [SalesCode.NOT_CONFIRMED]


def test_the_delivery_pages_are_scoped(world, login):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    assert (
        login(world.rep_other_team).get(reverse("web:deliver", args=[order.pk])).status_code == 404
    )
    assert login(world.service).get(reverse("web:deliveries")).status_code == 404


def test_the_list_shows_its_total_and_its_queries_do_not_grow(world, login):
    shop = open_shop(world.admin)
    client = login(world.rep)
    url = reverse("web:deliveries")
    socks_order(world, shop, name="张桂0")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(22):
        socks_order(world, shop, name=f"李秀{i}")
    assert count() == few
    html = client.get(url).content.decode()
    assert 'data-total="23"' in html and 'id="deliveries-pager"' in html
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("web:today"))
    today_many = len(ctx.captured_queries)
    assert today_many < 40


def test_the_delivery_pages_are_english(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2, gifts=(shop.towel,))
    data = [*user_data(world, customer), "大全套", "保暖袜", "磁疗枕", "毛巾"]
    client = english_client(world.rep)
    assert_english(client.get(reverse("web:today")), data)
    assert_english(client.get(reverse("web:deliveries")), data)
    assert_english(client.get(reverse("web:deliver", args=[order.pk])), data)
    refused = client.post(reverse("web:deliver", args=[order.pk]), {"key": "k"})
    assert_english(refused, data)
