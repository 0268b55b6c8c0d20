"""The demo company's last season, so that ``make run`` shows the second half of the process:
a stand ten weeks ago, the 2+2+2 to an autumn gathering two months ago, the guests checked in
at its door and the orders placed there. Replayed like the rest of the demo, through the
services with the clock set to each moment (``loader.clock_at``)."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from lianyi.customers.models import Stand
from lianyi.demo import aftersales
from lianyi.demo.generator import Planner, gathering_start
from lianyi.demo.history import CustomerPlan
from lianyi.gatherings.models import CheckInList, Gathering, Invitation
from lianyi.gatherings.services.checkin import check_in
from lianyi.journey import services as journey
from lianyi.journey.models import CallOutcome
from lianyi.journey.next_round import catch_up_journey
from lianyi.journey.services import Contact
from lianyi.org.models import Company, User
from lianyi.sales.models import Order, OrderChannel, PaymentMethod, PaymentTerms
from lianyi.sales.selectors import catalogue_on, store_rooms
from lianyi.sales.services.orders import (
    GiftRequest,
    LineRequest,
    OrderRequest,
    PaymentRequest,
    place_order,
)

SEASON_DAYS_AGO = 70  # the "today" the last season's histories were written against
SEASON_GATHERING = "金秋健康联谊会"
SEASON_PER_REP = 6
GATHERING_HOURS = 3


@dataclass
class Season:
    gathering: Gathering
    plans: list[CustomerPlan]
    customer_ids: dict[int, int]
    admitted: list[int] = field(default_factory=list)  # customer ids checked in at the door
    orders: list[Order] = field(default_factory=list)


def season_planner(*, seed: int, today: date, tz: ZoneInfo, company: Company) -> Planner:
    then = today - timedelta(days=SEASON_DAYS_AGO)
    return Planner(
        seed=seed,
        today=then,
        tz=tz,
        stand_days=[then - timedelta(days=14)],
        gathering=SEASON_GATHERING,
        company=company.name,
    )


def season_gathering(*, company: Company, today: date, tz: ZoneInfo) -> Gathering:
    starts = gathering_start(today - timedelta(days=SEASON_DAYS_AGO), tz)
    return Gathering.objects.create(
        company=company,
        name=SEASON_GATHERING,
        starts_at=starts,
        ends_at=starts + timedelta(hours=GATHERING_HOURS),
        venue="杭州市文化宫三楼大厅",
        capacity=300,
    )


def season_stand(*, company: Company, today: date) -> Stand:
    return Stand.objects.create(
        company=company,
        name="文新社区健康咨询日",
        place="西湖区文新街道社区广场",
        held_on=today - timedelta(days=SEASON_DAYS_AGO + 14),
    )


def door_moment(gathering: Gathering, rng: random.Random) -> datetime:
    return gathering.starts_at - timedelta(minutes=rng.randint(5, 25))


def admit_at_door(*, by: User, gathering: Gathering, customer_id: int) -> None:
    invitation = Invitation.objects.get(gathering=gathering, customer_id=customer_id)
    check_in(by=by, gathering_id=gathering.pk, list_kind=CheckInList.DOOR, token=invitation.token)


def order_at_gathering(
    *,
    by: User,
    gathering: Gathering,
    customer_id: int,
    rng: random.Random,
    key: str,
) -> Order:
    """A plausible order at the gathering's sale: one package or a few products, a gift or
    none, paid now, a deposit or on delivery."""
    day = gathering.starts_at.astimezone(gathering.company.quiet_hours().tz).date()
    offer = catalogue_on(user=by, day=day)
    packages = [(p, price) for p, price in offer.packages if price is not None]
    products = [(p, price) for p, price in offer.products if price is not None]
    if packages and rng.random() < 0.55:
        package, price = rng.choice(packages)
        lines = [LineRequest(quantity=1, package_id=package.pk)]
        total = price
    else:
        chosen = rng.sample(products, k=min(len(products), rng.randint(1, 2)))
        lines = [LineRequest(quantity=1, product_id=p.pk) for p, _ in chosen]
        total = sum((price for _, price in chosen), Decimal("0"))
    gifts = (
        [GiftRequest(gift_id=rng.choice(offer.gifts).pk)]
        if offer.gifts and rng.random() < 0.5
        else []
    )
    terms = rng.choice([PaymentTerms.PAID_NOW, PaymentTerms.DEPOSIT, PaymentTerms.ON_DELIVERY])
    payment = None
    if terms == PaymentTerms.PAID_NOW:
        payment = PaymentRequest(amount=total, method=rng.choice(list(PaymentMethod.values)))
    elif terms == PaymentTerms.DEPOSIT:
        payment = PaymentRequest(amount=Decimal("200.00"), method=PaymentMethod.WECHAT)
    room = store_rooms(user=by).order_by("pk").first()
    assert room is not None
    return place_order(
        by=by,
        request=OrderRequest(
            customer_id=customer_id,
            channel=OrderChannel.GATHERING,
            gathering_id=gathering.pk,
            store_room_id=room.pk,
            payment_terms=terms,
            lines=lines,
            gifts=gifts,
            payment=payment,
            submission_key=key,
        ),
    )


def sale_moment(gathering: Gathering, rng: random.Random) -> datetime:
    return gathering.starts_at + timedelta(hours=1, minutes=rng.randint(30, 100))


def local(day: date, hour: int, tz: ZoneInfo, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def load_season(
    *,
    company: Company,
    reps: list[User],
    staff: User,
    today: date,
    tz: ZoneInfo,
    seed: int,
    replay: Callable[[CustomerPlan, User, Stand, Gathering, dict[int, int]], int],
    clock_at: Callable[[datetime], AbstractContextManager[None]],
    next_gathering: Gathering,
    service: User,
) -> Season:
    """The last season up to the sale: each rep's customers walked through the 2+2+2 to the
    autumn gathering (``replay`` registers one and records its history), most of them
    admitted at its door, and about half of those buying there."""
    rng = random.Random(seed)
    planner = season_planner(seed=rng.randrange(2**32), today=today, tz=tz, company=company)
    stand = season_stand(company=company, today=today)
    gathering = season_gathering(company=company, today=today, tz=tz)
    plans = [
        planner.plan(owner, "delivered")
        for owner in range(len(reps))
        for _ in range(SEASON_PER_REP)
    ]
    ids: dict[int, int] = {}
    for made in sorted(plans, key=lambda p: (p.registered_at, p.index)):
        ids[made.index] = replay(made, reps[made.owner], stand, gathering, ids)
    season = Season(gathering=gathering, plans=plans, customer_ids=ids)
    for made in plans:
        if rng.random() < 0.85:
            with clock_at(door_moment(gathering, rng)):
                admit_at_door(by=staff, gathering=gathering, customer_id=ids[made.index])
            season.admitted.append(ids[made.index])
    owners = {ids[m.index]: reps[m.owner] for m in plans}
    for n, customer_id in enumerate(season.admitted):
        if rng.random() < 0.6:
            with clock_at(sale_moment(gathering, rng)):
                season.orders.append(
                    order_at_gathering(
                        by=owners[customer_id],
                        gathering=gathering,
                        customer_id=customer_id,
                        rng=rng,
                        key=f"demo-season-{n}",
                    )
                )
    after_the_sale(
        season=season,
        owners=owners,
        service=service,
        today=today,
        tz=tz,
        rng=rng,
        clock_at=clock_at,
    )
    # The gathering is over: each customer moves on to the next round, as the task scheduled
    # for its end does when the worker runs it.
    for customer_id in sorted(owners):
        catch_up_journey(customer_id=customer_id)
    invite_again(
        season=season,
        reps=reps,
        next_gathering=next_gathering,
        today=today,
        tz=tz,
        rng=rng,
        clock_at=clock_at,
    )
    return season


def invite_again(
    *,
    season: Season,
    reps: list[User],
    next_gathering: Gathering,
    today: date,
    tz: ZoneInfo,
    rng: random.Random,
    clock_at: Callable[[datetime], AbstractContextManager[None]],
) -> int:
    """The process repeats: about a third of last season's customers are invited to this
    season's gathering by an invitation call a few days ago (most of the others were called
    and declined this time), and most of those invited have had the invitation delivered
    since (steps 3 and 4 again, without the stand or the first call and visit). Returns how
    many were invited."""
    owners = {season.customer_ids[m.index]: reps[m.owner] for m in season.plans}
    invited = 0
    for customer_id, owner in sorted(owners.items()):
        call_day = today - timedelta(days=rng.randint(2, 5))
        if rng.random() >= 0.35:
            if rng.random() < 0.8:  # called, but not coming this time
                called = local(call_day, 11, tz, rng.randint(0, 50))
                with clock_at(called):
                    journey.record_second_call(
                        by=owner,
                        customer_id=customer_id,
                        outcome=CallOutcome.DECLINED,
                        contact=Contact(occurred_at=called, notes="这次家里有事，下次再来"),
                    )
            continue
        slot_day = call_day + timedelta(days=1)
        slot = (local(slot_day, 15, tz), local(slot_day, 16, tz))
        called = local(call_day, 10, tz, rng.randint(0, 50))
        with clock_at(called):
            journey.record_second_call(
                by=owner,
                customer_id=customer_id,
                outcome=CallOutcome.AGREED,
                invitation_accepted=True,
                delivery_slot=slot,
                gathering_id=next_gathering.pk,
                contact=Contact(occurred_at=called, notes="谢谢上次来参加，邀请参加冬季联谊会"),
            )
        invited += 1
        if rng.random() < 0.7:
            visited = slot[0] + timedelta(minutes=rng.randint(0, 40))
            with clock_at(visited):
                journey.record_second_visit(
                    by=owner,
                    customer_id=customer_id,
                    invitation_handed_over=True,
                    duration_minutes=rng.randint(15, 40),
                    unprinted_confirmed=True,
                    contact=Contact(occurred_at=visited, notes="邀请函已送到，叔叔阿姨说一定来"),
                )
    return invited


def after_the_sale(
    *,
    season: Season,
    owners: dict[int, User],
    service: User,
    today: date,
    tz: ZoneInfo,
    rng: random.Random,
    clock_at: Callable[[datetime], AbstractContextManager[None]],
) -> None:
    """Confirmation calls, deliveries and their programmes, a return, cases at each level and
    this week's orders (``demo.aftersales``)."""
    delivered = aftersales.confirm_and_deliver(
        orders=season.orders, service=service, owners=owners, tz=tz, rng=rng, clock_at=clock_at
    )
    buyers = [order.customer_id for order in delivered]
    aftersales.work_the_programmes(customer_ids=buyers, owners=owners, rng=rng, clock_at=clock_at)
    seniors = [o for o in delivered if (o.customer.birth_year or today.year) <= today.year - 60]
    if seniors:
        aftersales.a_return(
            order=seniors[0], by=owners[seniors[0].customer_id], tz=tz, clock_at=clock_at
        )
    aftersales.cases_at_every_level(
        customer_ids=buyers[1:6], owners=owners, rng=rng, clock_at=clock_at
    )
    aftersales.this_weeks_orders(customer_ids=buyers[6:9], owners=owners, tz=tz, clock_at=clock_at)
