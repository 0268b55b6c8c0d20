"""The return page: the windows with their last day, what can still come back, a return
confirmed and its printable 退货凭证; outside the window the reason and a case instead."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from lianyi.aftercare.models import Case, CaseSource
from lianyi.sales.models import PaymentTerms, Return
from tests.conftest import at_local, make_customer
from tests.factories import mark_delivered, open_shop, place_test_order, sales_rules
from tests.web.conftest import field_codes

START = at_local(dt.date(2026, 3, 1), 10)


def delivered(world, **kwargs):
    shop = open_shop(world.admin)
    sales_rules(world.company, service_address="朝阳区幸福路8号", service_phone="010-88886666")
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop,
        customer,
        by=world.rep,
        socks=3,
        terms=PaymentTerms.PAID_NOW,
        paid="204.00",
        gifts=(shop.thermos,),
        **kwargs,
    )
    return mark_delivered(order)


def test_a_return_is_confirmed_on_the_page_and_prints_its_receipt(world, login):
    with time_machine.travel(START, tick=False):
        order = delivered(world)
        line = order.lines.get()
        client = login(world.rep)
        url = reverse("web:order_return", args=[order.pk])
        html = client.get(url).content.decode()
        assert "到 2026-03-31 为止" in html and "到 2026-03-08 为止" in html
        assert "还可退 3" in html and 'id="return-confirm"' in html
        assert 'id="return-case"' not in html

        response = client.post(
            url, {f"qty_{line.pk}": "2", "reason": "unopened", "refund_method": "wechat"}
        )
        ret = Return.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("web:return_receipt", args=[ret.pk])

        receipt = client.get(response["Location"]).content.decode()
        assert "退货凭证" in receipt and "保暖袜" in receipt
        assert "退货金额：136.00 元" in receipt and "退款：136.00 元" in receipt
        assert "微信" in receipt and "赠品无需退回" in receipt
        assert "朝阳区幸福路8号" in receipt and "010-88886666" in receipt
        assert "还可退 1" in client.get(url).content.decode()
        assert client.get(reverse("web:return_receipt", args=[ret.pk])).status_code == 200
    other = login(world.rep_other_team)
    assert other.get(reverse("web:return_receipt", args=[ret.pk])).status_code == 404
    assert other.get(url).status_code == 404


def test_too_many_is_shown_next_to_the_line(world, login):
    order = delivered(world)
    line = order.lines.get()
    client = login(world.rep)
    url = reverse("web:order_return", args=[order.pk])
    response = client.post(url, {f"qty_{line.pk}": "4", "reason": "unopened"})
    assert response.status_code == 200 and field_codes(response, f"qty_{line.pk}")
    response = client.post(url, {"reason": "unopened", "refund_method": "cash"})
    assert field_codes(response, "__all__") == ["sales.return_empty"]
    assert Return.objects.count() == 0


def test_outside_the_window_the_page_says_why_and_opens_a_case_instead(world, login):
    with time_machine.travel(START, tick=False) as clock:
        order = delivered(world)
        line = order.lines.get()
        clock.move_to(at_local(dt.date(2026, 4, 1), 9))
        client = login(world.rep)
        url = reverse("web:order_return", args=[order.pk])
        html = client.get(url).content.decode()
        assert "已经过了" in html and "2026-03-31" in html
        assert 'id="return-case-form"' in html and 'id="return-confirm"' not in html

        response = client.post(
            url, {f"qty_{line.pk}": "1", "reason": "unopened", "refund_method": "cash"}
        )
        assert field_codes(response, "reason") == ["sales.return_window_closed"]

        case_url = reverse("web:return_case", args=[order.pk])
        assert 'id="return-case-form"' in response.content.decode()
        empty = client.post(case_url, {"summary": ""})
        assert empty.status_code == 200 and "summary" in empty.context["case_form"].errors
        done = client.post(case_url, {"summary": "客户说袜子起球，想退"})
        assert done.status_code == 302
        assert done["Location"] == reverse("web:customer", args=[order.customer_id])
    case = Case.objects.get()
    assert (case.source, case.order_id) == (CaseSource.RETURN_REFUSED, order.pk)
    assert login(world.rep_other_team).post(case_url, {"summary": "x"}).status_code == 404
    assert Case.objects.count() == 1


def test_the_return_page_needs_the_capability(world, login):
    order = delivered(world)
    assert login(world.admin).get(reverse("web:order_return", args=[order.pk])).status_code == 404
    assert login(world.service).get(reverse("web:order_return", args=[order.pk])).status_code == 200


def test_the_customer_page_links_the_delivered_orders_to_their_return_page(world, login):
    order = delivered(world)
    page = reverse("web:customer", args=[order.customer_id])
    link = reverse("web:order_return", args=[order.pk])
    assert link in login(world.rep).get(page).content.decode()
    assert link not in login(world.manager).get(page).content.decode()
