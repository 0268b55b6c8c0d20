"""重点客户: existing customers ranked by what they bought, when, for how much, and their own
satisfaction, with the reasons; never by age, health, household or wealth."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lianyi.aftercare.call_first import ranked_customers, reasons_of
from lianyi.aftercare.services.contacts import record_contact
from lianyi.customers.models import Customer
from lianyi.customers.profiles import FamilyMember, ProfileChange, update_vip_profile
from lianyi.customers.services import add_health_note
from lianyi.journey.services import withdraw_consent
from lianyi.sales.models import PaymentTerms
from lianyi.sales.services.orders import LineRequest, OrderRequest, cancel_order, place_order
from tests.conftest import at_local, make_customer
from tests.factories import open_shop, place_test_order

TODAY = dt.date(2026, 6, 30)


def ranking(user, at=None):
    rows = ranked_customers(user=user, at=at or timezone.now())
    return [(c.name, c.score, [r.code for r in reasons_of(c)]) for c in rows]


def pillow_order(shop, customer, by):
    return place_order(
        by=by,
        request=OrderRequest(
            customer_id=customer.pk,
            channel="home",
            store_room_id=shop.room.pk,
            payment_terms=PaymentTerms.ON_DELIVERY,
            lines=[LineRequest(quantity=1, product_id=shop.pillow.pk)],
        ),
    )


@pytest.fixture
def book(world):
    """Customers of world.rep (and one of a teammate) with a month of history behind them."""
    with time_machine.travel(at_local(TODAY - dt.timedelta(days=40), 10), tick=False) as clock:
        shop = open_shop(world.admin)
        fans = make_customer(world, name="满意阿姨")
        middle = make_customer(world, name="中等叔叔")
        recent = make_customer(world, name="新买阿姨")
        make_customer(world, name="没买阿姨")
        cancelled = make_customer(world, name="取消阿姨")
        quiet = make_customer(world, name="勿扰阿姨")
        mate = make_customer(world, name="同组客户", owner=world.rep_same_team)
        clock.move_to(at_local(TODAY - dt.timedelta(days=30), 10))
        pillow_order(shop, fans, world.rep)  # 1,280 yuan of a recall-signal product
        place_test_order(shop, middle, by=world.rep, socks=5)  # 340 yuan
        place_test_order(shop, mate, by=world.rep_same_team, socks=5)
        order = place_test_order(shop, cancelled, by=world.rep, socks=5)
        cancel_order(by=world.rep, order_id=order.pk, reason="不要了")
        place_test_order(shop, quiet, by=world.rep, socks=5)
        withdraw_consent(by=world.rep, customer_id=quiet.pk)
        clock.move_to(at_local(TODAY - dt.timedelta(days=25), 10))
        record_contact(
            by=world.rep,
            customer_id=fans.pk,
            channel="phone",
            reached=True,
            satisfaction="good",
            notes="",
        )
        clock.move_to(at_local(TODAY - dt.timedelta(days=3), 10))
        place_test_order(shop, recent, by=world.rep, socks=10)  # 680 yuan, three days ago
    return shop


def test_existing_customers_are_ranked_with_their_reasons(world, book):
    with time_machine.travel(at_local(TODAY, 10), tick=False):
        assert ranking(world.rep) == [
            ("满意阿姨", 8, ["month", "signal", "good"]),
            ("中等叔叔", 5, ["month", "spent"]),
            ("新买阿姨", 2, ["spent"]),
        ]


def test_a_supervisor_ranks_the_team_and_a_rep_only_their_own(world, book):
    with time_machine.travel(at_local(TODAY, 10), tick=False):
        names = [name for name, _score, _reasons in ranking(world.supervisor)]
        assert "同组客户" in names and len(names) == 4
        assert "同组客户" not in [n for n, _s, _r in ranking(world.rep)]
        assert ranking(world.rep_other_team) == []


def test_about_a_month_ago_means_three_to_six_weeks(world, book):
    placed = at_local(TODAY - dt.timedelta(days=30), 10)
    for moment, counted in [
        (placed + dt.timedelta(days=21) - dt.timedelta(minutes=1), False),
        (placed + dt.timedelta(days=21), True),
        (placed + dt.timedelta(days=42), True),
        (placed + dt.timedelta(days=42, minutes=1), False),
    ]:
        with time_machine.travel(moment, tick=False):
            reasons = dict((n, r) for n, _s, r in ranking(world.rep))["中等叔叔"]
            assert ("month" in reasons) is counted, moment


def test_a_return_takes_its_value_out_of_what_was_spent(world, book):
    from lianyi.sales.services.returns import record_return
    from tests.factories import mark_delivered

    middle = Customer.objects.get(name="中等叔叔")
    order = mark_delivered(middle.orders.get())
    with time_machine.travel(at_local(TODAY, 10), tick=False):
        record_return(
            by=world.rep,
            order_id=order.pk,
            reason="unopened",
            lines=[(order.lines.get().pk, 1)],
        )  # 340 - 68 = 272: below 300
        assert dict((n, r) for n, _s, r in ranking(world.rep))["中等叔叔"] == ["month"]


def test_the_score_never_reads_age_health_household_or_home(world, book):
    with time_machine.travel(at_local(TODAY, 10), tick=False):
        before = ranking(world.supervisor)
        customers = list(Customer.objects.all())
        for index, customer in enumerate(customers):
            customer.birth_year = [1930, 1990, None][index % 3]
            customer.companion_name = "" if index % 2 else "老伴"
            customer.building = "别墅1号" if index % 2 else "平房"
            customer.district = "海淀区"
            customer.consent_health = True
            customer.save()
            add_health_note(by=world.rep, customer=customer, text="高血压", at=timezone.now())
            if customer.contactable:  # the one who withdrew has no profile to change
                update_vip_profile(
                    by=customer.owner,
                    customer_id=customer.pk,
                    change=ProfileChange(
                        interests="旅游",
                        family_members=[FamilyMember(name="儿子", relation="子女")] * (index % 4),
                    ),
                )
        after = ranking(world.supervisor)
    assert after == before
    assert [score for _n, score, _r in after] == [8, 5, 5, 2]
