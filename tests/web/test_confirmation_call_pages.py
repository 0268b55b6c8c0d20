"""The confirmation call pages: customer service's queue (totals, pages, deadline, a query count
that does not grow) and the call page (the order read from the order, the return policy, the
checklist, errors next to their field, cancelling asked first); nobody else gets them."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lianyi.org.models import Role
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import ConfirmationCall, OrderState
from tests.conftest import make_customer
from tests.factories import UserFactory, open_shop, place_test_order
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data
from tests.web.conftest import field_codes

CHECKED = {
    "speaker_identified": "on",
    "order_read_back": "on",
    "return_policy_read": "on",
    "customer_pressed": "no",
    "wants_to_proceed": "yes",
    "outcome": "confirmed",
}


def big_order(world, shop, owner=None, name="张桂兰"):
    owner = owner or world.rep
    customer = make_customer(world, step=1, owner=owner, name=name)
    return place_test_order(shop, customer, by=owner, packages=1, socks=0)


def test_the_queue_shows_the_total_the_deadline_and_overdue(world, login):
    shop = open_shop(world.admin)
    placed = timezone.now().replace(microsecond=0)
    with time_machine.travel(placed, tick=False):
        order = big_order(world, shop)
    url = reverse("web:confirmation_calls")
    # Signed in at the moment of each look (a session does not last three days).
    with time_machine.travel(placed + dt.timedelta(hours=71, minutes=30), tick=False):
        client = login(world.service)
        html = client.get(url).content.decode()
    assert 'id="confirmation-calls-total" data-total="1"' in html
    assert "还剩 0 小时 30 分" in html and "card--overdue" not in html
    with time_machine.travel(placed + dt.timedelta(hours=72, minutes=1), tick=False):
        client = login(world.service)
        html = client.get(url).content.decode()
    assert "已超时 0 小时 1 分" in html and "card--overdue" in html
    assert reverse("web:confirmation_call", args=[order.pk]) in html
    more = client.get(reverse("web:more")).content.decode()
    assert 'id="link-confirmation-calls"' in more


def test_the_queue_pages_and_its_queries_do_not_grow_with_rows(world, login):
    shop = open_shop(world.admin)
    client = login(world.service)
    url = reverse("web:confirmation_calls")
    for i in range(2):
        big_order(world, shop, name=f"张桂{i}")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(23):
        big_order(world, shop, name=f"李秀{i}")
    assert count() == few
    html = client.get(url).content.decode()
    assert 'data-total="25"' in html and 'id="confirmation-calls-pager"' in html
    assert client.get(url, {"page": "2"}).status_code == 200
    assert client.get(url, {"page": "abc"}).status_code == 200


def test_the_queue_and_the_call_are_customer_services_only(world, login):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    for user in (world.rep, world.supervisor, world.admin):
        client = login(user)
        assert client.get(reverse("web:confirmation_calls")).status_code == 404
        assert client.get(reverse("web:confirmation_call", args=[order.pk])).status_code == 404
    stranger = UserFactory(
        username="svc_b", role=Role.SERVICE, company=world.outsider_admin.company
    )
    client = login(stranger)
    assert client.get(reverse("web:confirmation_call", args=[order.pk])).status_code == 404
    assert 'data-total="0"' in client.get(reverse("web:confirmation_calls")).content.decode()


def test_the_call_page_reads_the_order_and_the_return_policy(world, login):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    html = login(world.service).get(reverse("web:confirmation_call", args=[order.pk])).content
    html = html.decode()
    assert "大全套" in html and "3980.00" in html
    assert 'id="order-due"' in html and world.rep.display_name in html
    assert "30 天内可以退货" in html and "7" in html
    assert 'id="confirmation-call-form"' in html


def test_a_confirmed_call_from_the_page_confirms_the_order(world, login):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    response = login(world.service).post(reverse("web:confirmation_call", args=[order.pk]), CHECKED)
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED


def test_a_missing_checklist_item_is_shown_next_to_its_field(world, login):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    url = reverse("web:confirmation_call", args=[order.pk])
    client = login(world.service)
    response = client.post(url, {**CHECKED, "return_policy_read": "", "customer_pressed": "yes"})
    assert response.status_code == 200
    assert field_codes(response, "return_policy_read") == [SalesCode.CONFIRMATION_CHECKLIST]
    assert field_codes(response, "customer_pressed") == [SalesCode.CONFIRMATION_PRESSED]
    # Wrong input: an outcome that does not exist, an overlong change.
    response = client.post(url, {**CHECKED, "outcome": "bribed", "change": "x" * 151})
    assert response.status_code == 200
    assert response.context["form"].errors["outcome"]
    assert response.context["form"].errors["change"]
    order.refresh_from_db()
    assert order.state == OrderState.PLACED and not ConfirmationCall.objects.exists()


def test_cancelling_asks_first_then_cancels(world, login):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    url = reverse("web:confirmation_call", args=[order.pk])
    client = login(world.service)
    cancel = {"speaker_identified": "on", "outcome": "cancelled", "notes": "不想要了"}
    first = client.post(url, cancel)
    assert first.status_code == 200 and 'id="cancel-confirm-submit"' in first.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.PLACED
    second = client.post(url, {**cancel, "confirmed": "on"})
    assert second.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED


def test_the_queue_and_call_pages_are_english(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, packages=1, socks=0, gifts=(shop.thermos,)
    )
    data = [
        *user_data(world, customer),
        "大全套",
        "保暖袜",
        "磁疗枕",
        "保温杯",
        world.service.display_name,
    ]
    client = english_client(world.service)
    assert_english(client.get(reverse("web:confirmation_calls")), data)
    assert_english(client.get(reverse("web:confirmation_call", args=[order.pk])), data)
    refused = client.post(
        reverse("web:confirmation_call", args=[order.pk]), {"outcome": "confirmed"}
    )
    assert_english(refused, data)
    asking = client.post(
        reverse("web:confirmation_call", args=[order.pk]),
        {"speaker_identified": "on", "outcome": "cancelled"},
    )
    assert_english(asking, data)
