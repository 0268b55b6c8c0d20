"""The confirmation call (回访确认): customer service only, never the seller's team; the
checklist each outcome needs; confirmed, changed, cancelled and not reached; the queue with its
72-hour deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from lianyi.aftercare.services.delivery import record_delivery
from lianyi.core.errors import CoreCode, DomainError, InvalidInput, NotFound
from lianyi.core.models import AuditEntry
from lianyi.org.models import Role
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import ConfirmationCall, OrderState, PaymentKind, PaymentTerms
from lianyi.sales.selectors import confirmation_queue, deadline, stock_levels
from lianyi.sales.services.confirmation_calls import record_confirmation_call
from tests.conftest import make_customer
from tests.factories import UserFactory, confirm_test_order, open_shop, place_test_order

pytestmark = pytest.mark.django_db

CHECKLIST = {
    "speaker_identified": True,
    "order_read_back": True,
    "return_policy_read": True,
    "customer_pressed": False,
    "wants_to_proceed": True,
}


def call(world, order, outcome="confirmed", by=None, **overrides):
    fields = {**CHECKLIST, "notes": "", **overrides}
    return record_confirmation_call(
        by=by or world.service, order_id=order.pk, outcome=outcome, **fields
    )


def refused(world, order, code, outcome="confirmed", by=None, **overrides) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(world, order, outcome, by=by, **overrides)
    assert error.value.code == code, error.value.message
    return error.value


def big_order(world, shop, **kwargs):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, packages=1, socks=0, **kwargs)
    assert order.state == OrderState.PLACED and order.confirmation_required
    return order


def units(world, shop, product) -> int:
    return stock_levels(user=world.admin, store_room_id=shop.room.pk).get(product=product).quantity


def test_a_confirmed_call_confirms_the_order_and_is_audited(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    recorded = call(world, order, notes="本人接听，确认购买")
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED and order.confirmed_at is not None
    assert recorded.outcome == "confirmed" and recorded.by == world.service
    entry = AuditEntry.objects.get(action="sales.confirmation.recorded")
    assert entry.data["outcome"] == "confirmed" and entry.data["attempt"] == 1


def test_the_seller_a_teammate_and_the_teams_supervisor_are_refused(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    for user in (world.rep, world.rep_same_team, world.supervisor):
        with pytest.raises(DomainError) as error:
            call(world, order, by=user)
        # None of them has the capability at all.
        assert error.value.code == CoreCode.FORBIDDEN
    # Customer service put in the seller's team, or supervising it, is refused by name.
    in_team = UserFactory(
        username="svc_in_team", role=Role.SERVICE, company=world.company, team=world.rep.team
    )
    refused(world, order, SalesCode.CONFIRMATION_BY_SELLER, by=in_team)
    order.refresh_from_db()
    assert order.state == OrderState.PLACED
    assert not ConfirmationCall.objects.exists()


def test_customer_service_of_another_company_gets_not_found(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    stranger = UserFactory(
        username="svc_b", role=Role.SERVICE, company=world.outsider_admin.company
    )
    with pytest.raises(NotFound):
        call(world, order, by=stranger)


def test_an_order_that_needs_no_call_is_not_waiting_for_one(world):
    shop = open_shop(world.admin)
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, socks=1)
    assert order.state == OrderState.CONFIRMED
    refused(world, order, SalesCode.CONFIRMATION_NOT_WAITING)


def test_confirmed_needs_the_whole_checklist_each_missing_item_named(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    with pytest.raises(InvalidInput) as error:
        call(
            world,
            order,
            speaker_identified=False,
            order_read_back=False,
            return_policy_read=False,
            customer_pressed=None,
            wants_to_proceed=None,
        )
    fields = {e["extra"]["field"] for e in error.value.extra["errors"]}
    assert fields == {
        "speaker_identified",
        "order_read_back",
        "return_policy_read",
        "customer_pressed",
        "wants_to_proceed",
    }
    assert error.value.code == SalesCode.CONFIRMATION_CHECKLIST
    refused(world, order, SalesCode.CONFIRMATION_CHECKLIST, wants_to_proceed=False)
    refused(world, order, SalesCode.CONFIRMATION_OUTCOME, outcome="maybe")
    order.refresh_from_db()
    assert order.state == OrderState.PLACED


def test_a_pressed_customer_cannot_be_confirmed_but_can_cancel(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    error = refused(world, order, SalesCode.CONFIRMATION_PRESSED, customer_pressed=True)
    assert "取消" in error.message
    call(world, order, "cancelled", customer_pressed=True, wants_to_proceed=False)
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED


def test_cancelled_outcome_releases_the_stock_and_refunds_what_was_paid(world):
    shop = open_shop(world.admin, stock_units=5)
    order = big_order(world, shop, terms=PaymentTerms.DEPOSIT, paid="500.00")
    assert units(world, shop, shop.pillow) == 4
    call(world, order, "cancelled", notes="客户说家里已经有了", return_policy_read=False)
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED
    assert order.cancel_reason
    assert order.paid == Decimal("0.00")
    refund = order.payments.get(kind=PaymentKind.REFUND)
    assert refund.amount == Decimal("500.00")
    assert units(world, shop, shop.pillow) == 5 and units(world, shop, shop.socks) == 5
    assert AuditEntry.objects.filter(action="sales.order.cancelled").count() == 1


def test_cancelled_needs_at_least_to_know_who_spoke(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    refused(world, order, SalesCode.CONFIRMATION_CHECKLIST, "cancelled", speaker_identified=False)


def test_changed_cancels_this_order_with_what_the_customer_wants(world):
    shop = open_shop(world.admin, stock_units=5)
    order = big_order(world, shop)
    refused(world, order, SalesCode.CONFIRMATION_CHECKLIST, "changed", change="")
    recorded = call(world, order, "changed", change="只要两双保暖袜，不要大全套")
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED
    assert "只要两双保暖袜" in order.cancel_reason
    assert "只要两双保暖袜" in recorded.notes
    assert units(world, shop, shop.pillow) == 5


def test_not_reached_keeps_the_order_undeliverable_and_counts_the_attempts(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    call(world, order, "not_reached", speaker_identified=False, customer_pressed=None)
    call(world, order, "not_reached")
    order.refresh_from_db()
    assert order.state == OrderState.PLACED
    row = confirmation_queue(user=world.service).get(pk=order.pk)
    assert row.attempts == 2
    not_reached = ConfirmationCall.objects.filter(order=order).first()
    assert not_reached is not None and not_reached.speaker_identified is False
    with pytest.raises(DomainError) as error:
        record_delivery(
            by=world.rep,
            order_id=order.pk,
            set_up=True,
            use_explained=True,
            precautions_explained=True,
            receipt_handed_over=True,
            notes="",
        )
    assert error.value.code == SalesCode.NOT_CONFIRMED
    # Tried again and reached: confirmed, third attempt.
    call(world, order)
    entries = AuditEntry.objects.filter(action="sales.confirmation.recorded").order_by("pk")
    assert [e.data["attempt"] for e in entries] == [1, 2, 3]


def test_a_confirmed_order_leaves_the_queue_and_cannot_be_called_again(world):
    shop = open_shop(world.admin)
    order = big_order(world, shop)
    confirm_test_order(order, by=world.service)
    assert not confirmation_queue(user=world.service).filter(pk=order.pk).exists()
    refused(world, order, SalesCode.CONFIRMATION_NOT_WAITING)


def test_the_queue_is_oldest_first_and_company_wide_for_customer_service(world):
    shop = open_shop(world.admin)
    with time_machine.travel(timezone.now() - dt.timedelta(hours=5), tick=False):
        first = big_order(world, shop)
    other = make_customer(world, step=1, owner=world.rep_other_dept, name="王秀英")
    second = place_test_order(shop, other, by=world.rep_other_dept, packages=1, socks=0)
    assert list(confirmation_queue(user=world.service)) == [first, second]
    # The seller sees only their own customers' orders.
    assert list(confirmation_queue(user=world.rep)) == [first]
    stranger = UserFactory(
        username="svc_b", role=Role.SERVICE, company=world.outsider_admin.company
    )
    assert not confirmation_queue(user=stranger).exists()


def test_the_72_hour_deadline_is_time_left_until_it_and_overdue_just_after(world):
    shop = open_shop(world.admin)
    placed = timezone.now().replace(microsecond=0)
    with time_machine.travel(placed, tick=False):
        order = big_order(world, shop)
    assert order.confirmation_due_at == placed + dt.timedelta(hours=72)
    due = order.confirmation_due_at
    one_minute_before = deadline(due, at=due - dt.timedelta(minutes=1))
    assert not one_minute_before.overdue
    assert (one_minute_before.hours, one_minute_before.minutes) == (0, 1)
    just_after = deadline(due, at=due + dt.timedelta(seconds=61))
    assert just_after.overdue and (just_after.hours, just_after.minutes) == (0, 1)
    # An overdue call can still be made: the deadline is for customer service, not the customer.
    with time_machine.travel(due + dt.timedelta(minutes=5), tick=False):
        call(world, order)
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED
