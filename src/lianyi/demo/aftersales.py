"""After the last season's sale, replayed through the services at each moment: confirmation
calls by customer service, deliveries with payment at the door (each starting the after-sales
programme), the programme's contacts done as they fell due (a few left overdue, today's left
to do), a return, cases at every level of the escalation chain, and this week's orders still
waiting for their call or their delivery."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q

from lianyi.aftercare.models import (
    Case,
    CaseSource,
    ContactChannel,
    ProgrammeTask,
    TaskKind,
    TaskState,
)
from lianyi.aftercare.services import cases
from lianyi.aftercare.services.contacts import record_contact
from lianyi.aftercare.services.delivery import record_delivery
from lianyi.core.clock import now
from lianyi.org.models import User
from lianyi.sales.models import ConfirmationOutcome, Order, OrderState, PaymentMethod, ReturnReason
from lianyi.sales.selectors import catalogue_on, store_rooms
from lianyi.sales.services.confirmation_calls import record_confirmation_call
from lianyi.sales.services.orders import LineRequest, OrderRequest, place_order
from lianyi.sales.services.returns import record_return

ASKED_SOON = [TaskKind.REFERRAL_ASK, TaskKind.FOLLOW_UP]
Clock = Callable[[datetime], AbstractContextManager[None]]
GOOD_NOTES = [
    "阿姨说枕头睡得踏实，颈椎舒服多了",
    "叔叔说护膝很暖和，天天戴着",
    "用得挺好，问下次活动时间",
]
AVERAGE_NOTES = ["说还在适应，过几天再问问", "觉得一般，想再了解下使用方法"]
POOR_NOTES = [
    "足浴盆加热不稳定，阿姨不太满意",
    "内衣尺码偏小，想换一套",
    "说送货晚了两天，有点生气",
    "护膝的绑带松了，要求处理",
]


def _at(day: date, hour: int, tz: ZoneInfo, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def confirm_and_deliver(
    *,
    orders: list[Order],
    service: User,
    owners: dict[int, User],
    tz: ZoneInfo,
    rng: random.Random,
    clock_at: Clock,
) -> list[Order]:
    """The day after the gathering customer service calls the orders that wait for it (one
    customer changes their mind); two to five days later the rep delivers and sets up."""
    delivered: list[Order] = []
    cancelled_one = False
    for order in orders:
        placed_day = order.placed_at.astimezone(tz).date()
        if order.state == OrderState.PLACED:
            call = _at(placed_day + timedelta(days=1), 10, tz, rng.randint(0, 50))
            cancel = not cancelled_one and rng.random() < 0.2
            outcome = ConfirmationOutcome.CANCELLED if cancel else ConfirmationOutcome.CONFIRMED
            said = "客户说和老伴商量后不要了" if cancel else "本人接听，确认购买，已告知退货政策"
            with clock_at(call):
                record_confirmation_call(
                    by=service,
                    order_id=order.pk,
                    outcome=outcome,
                    speaker_identified=True,
                    order_read_back=True,
                    return_policy_read=True,
                    customer_pressed=False,
                    wants_to_proceed=not cancel,
                    notes=said,
                )
            cancelled_one = cancelled_one or cancel
            order.refresh_from_db()
            if order.state != OrderState.CONFIRMED:
                continue
        moment = _at(placed_day + timedelta(days=rng.randint(2, 5)), 15, tz, rng.randint(0, 50))
        due = order.due
        with clock_at(moment):
            record_delivery(
                by=owners[order.customer_id],
                order_id=order.pk,
                set_up=True,
                use_explained=True,
                precautions_explained=True,
                receipt_handed_over=True,
                notes="已安装调试，讲解了使用方法和注意事项",
                payment_amount=due if due > 0 else None,
                payment_method=PaymentMethod.CASH if due > 0 else "",
                payment_key=f"demo-delivery-{order.pk}",
            )
        delivered.append(order)
    return delivered


def _channel(task: ProgrammeTask) -> str:
    return ContactChannel.VISIT if task.kind == TaskKind.VISIT else ContactChannel.PHONE


def work_the_programmes(
    *, customer_ids: list[int], owners: dict[int, User], rng: random.Random, clock_at: Clock
) -> None:
    """Each programme task whose window has closed was done in its window (about one in
    twenty-five is left overdue), with the customer's satisfaction now and then: good or average,
    never poor here (the cases come separately)."""
    real_now = now()
    for customer_id in customer_ids:
        skipped: list[int] = []
        for _ in range(60):  # a satisfaction may open a follow-up task: look again
            task = (
                ProgrammeTask.objects.filter(customer_id=customer_id, state=TaskState.OPEN)
                .filter(
                    # its window closed, or a referral ask / follow-up opened days ago (a rep
                    # does those within the week, not at the end of their 30 days)
                    Q(due_until__lt=real_now)
                    | Q(kind__in=ASKED_SOON, due_from__lt=real_now - timedelta(days=4))
                )
                .exclude(pk__in=skipped)
                .order_by("due_from", "pk")
                .first()
            )
            if task is None:
                break
            if rng.random() < 0.04:  # forgotten: left overdue
                skipped.append(task.pk)
                continue
            moment = min(
                task.due_from + timedelta(minutes=rng.randint(20, 90)), task.due_until, real_now
            )
            rating = rng.choice(["", "", "good", "good", "average"])
            notes = {"good": GOOD_NOTES, "average": AVERAGE_NOTES}.get(rating, ["回访，一切正常"])
            with clock_at(moment):
                record_contact(
                    by=owners[customer_id],
                    customer_id=customer_id,
                    channel=_channel(task),
                    reached=True,
                    satisfaction=rating,
                    notes=rng.choice(notes),
                    task_id=task.pk,
                    at=moment,
                )


def a_return(*, order: Order, by: User, tz: ZoneInfo, clock_at: Clock) -> None:
    """A senior customer sends one thing back for any reason within a week of delivery."""
    order.refresh_from_db()
    assert order.delivered_at is not None
    line = order.lines.order_by("pk").first()
    assert line is not None
    moment = _at(order.delivered_at.astimezone(tz).date() + timedelta(days=3), 10, tz)
    with clock_at(moment):
        record_return(
            by=by,
            order_id=order.pk,
            reason=ReturnReason.SENIOR_ANY_REASON,
            lines=[(line.pk, 1)],
            note="阿姨说家里已经有一个了，原价退款",
        )


def cases_at_every_level(
    *,
    customer_ids: list[int],
    owners: dict[int, User],
    rng: random.Random,
    clock_at: Clock,
) -> None:
    """Poor satisfaction at an after-sales call opens a case at the rep: one opened this
    morning (with the rep), one a day and a half ago (escalated to the supervisor by the
    clock), one four days ago (at the department manager), one a week ago (at customer
    service), and one solved and closed with the customer's confirmation."""
    real_now = now()
    ages = [timedelta(hours=3), timedelta(hours=36), timedelta(hours=96), timedelta(hours=170)]
    for customer_id, age in zip(customer_ids, ages, strict=False):
        opened = real_now - age
        with clock_at(opened):
            contact = record_contact(
                by=owners[customer_id],
                customer_id=customer_id,
                channel=ContactChannel.PHONE,
                reached=True,
                satisfaction="poor",
                notes=rng.choice(POOR_NOTES),
                at=opened,
            )
        case_id = contact.opened.get("case")
        if case_id is None:
            continue
        for _ in range(3):  # each deadline that has passed, as the scheduled task runs it
            case = Case.objects.get(pk=case_id)
            if case.deadline_at is None or case.deadline_at >= real_now:
                break
            with clock_at(case.deadline_at + timedelta(minutes=1)):
                cases.escalate_case(case_id=case_id)
    if len(customer_ids) > len(ages):
        customer_id = customer_ids[len(ages)]
        owner = owners[customer_id]
        opened = real_now - timedelta(days=12)
        with clock_at(opened):
            case = cases.open_case(
                by=owner,
                customer_id=customer_id,
                source=CaseSource.COMPLAINT,
                summary="磁疗枕拉链坏了，阿姨打电话来问能不能换",
            )
        with clock_at(opened + timedelta(hours=5)):
            cases.resolve_case(by=owner, case_id=case.pk, resolution="上门换了一个新的枕套")
        spoke = opened + timedelta(days=1, hours=2)
        with clock_at(spoke + timedelta(minutes=5)):
            cases.close_case(
                by=owner,
                case_id=case.pk,
                confirmed_by_id=owner.pk,
                confirmed_at=spoke,
                customer_said="新的枕套很好，谢谢你们",
            )


def this_weeks_orders(
    *, customer_ids: list[int], owners: dict[int, User], tz: ZoneInfo, clock_at: Clock
) -> None:
    """Existing customers buying again this week, at home: a large order two hours ago that
    waits for customer service's call, and two small ones waiting for delivery."""
    real_now = now()
    for n, customer_id in enumerate(customer_ids[:3]):
        owner = owners[customer_id]
        room = store_rooms(user=owner).order_by("pk").first()
        assert room is not None
        offer = catalogue_on(user=owner, day=real_now.astimezone(tz).date())
        priced_packages = [p for p, price in offer.packages if price is not None]
        priced_products = [p for p, price in offer.products if price is not None]
        if n == 0 and priced_packages:
            lines = [LineRequest(quantity=1, package_id=priced_packages[0].pk)]
        else:
            lines = [
                LineRequest(quantity=1, product_id=priced_products[n % len(priced_products)].pk)
            ]
        with clock_at(real_now - timedelta(hours=2 + 20 * n)):
            place_order(
                by=owner,
                request=OrderRequest(
                    customer_id=customer_id,
                    channel="home",
                    store_room_id=room.pk,
                    payment_terms="on_delivery",
                    lines=lines,
                    submission_key=f"demo-week-{n}",
                    discount=Decimal("0"),
                ),
            )
