"""Who to call back first (重点客户, DOMAIN.md): a user's existing customers (at least one order
not cancelled) ranked by a score whose reasons are shown next to it.

The score reads only the purchase history, its timing and the customer's own stated
satisfaction, each reason worth its points:

- bought about a month ago (the time when they notice the effect): the last order placed
  between ``MONTH_FROM_DAYS`` and ``MONTH_UNTIL_DAYS`` days ago;
- spent 300 to 1,000 yuan: the orders' totals less what came back, within the bounds;
- bought a product the catalogue marks as a recall signal (``Product.recall_signal``,
  回访重点商品: underwear, the magnetic pillow), on its own or in a package, not all returned;
- rated their satisfaction good at the latest after-sales contact that asked.

It never reads age or birth year, health notes, household, home or work place, or anything
that measures wealth or vulnerability: the query below touches orders, their lines, the
catalogue and the after-sales contacts only. Customers who asked not to be contacted (or
withdrew their consent) are not listed. Everything is computed in the database, so a page
costs the same few queries however many customers there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lianyi.aftercare.models import AftercareContact, Satisfaction
from lianyi.customers.models import Customer
from lianyi.customers.selectors import visible_customers
from lianyi.sales.models import Order, OrderLine, OrderState

MONTH_FROM_DAYS = 21
MONTH_UNTIL_DAYS = 42
SPENT_LOW = Decimal("300.00")
SPENT_HIGH = Decimal("1000.00")

MONTH_POINTS = 3
SPENT_POINTS = 2
SIGNAL_POINTS = 2
GOOD_POINTS = 3

REASONS: dict[str, tuple[int, Any]] = {
    "month": (MONTH_POINTS, _("约一个月前购买")),
    "spent": (SPENT_POINTS, _("消费 300–1000 元")),
    "signal": (SIGNAL_POINTS, _("买过回访重点商品")),
    "good": (GOOD_POINTS, _("评价满意")),
}


@dataclass(frozen=True)
class Reason:
    code: str
    points: int
    label: str


def _kept_orders() -> QuerySet[Order]:
    return Order.objects.filter(customer=OuterRef("pk")).exclude(state=OrderState.CANCELLED)


def ranked_customers(*, user: Any, at: datetime) -> QuerySet[Customer]:
    """The existing customers ``user`` may see and contact, best first, each annotated with
    ``score``, the facts behind it and ``p_month``/``p_spent``/``p_signal``/``p_good``."""
    money = DecimalField(max_digits=14, decimal_places=2)
    last_bought = Subquery(_kept_orders().order_by("-placed_at", "-pk").values("placed_at")[:1])
    spent = Subquery(
        _kept_orders()
        .values("customer")
        .annotate(kept=Sum(F("total") - F("returned_value"), output_field=money))
        .values("kept")[:1],
        output_field=money,
    )
    signal = Exists(
        OrderLine.objects.filter(
            order__customer=OuterRef("pk"), quantity__gt=F("returned_quantity")
        )
        .exclude(order__state=OrderState.CANCELLED)
        .filter(Q(product__recall_signal=True) | Q(package__items__product__recall_signal=True))
    )
    last_satisfaction = Subquery(
        AftercareContact.objects.filter(customer=OuterRef("pk"))
        .exclude(satisfaction="")
        .order_by("-at", "-pk")
        .values("satisfaction")[:1]
    )

    def points(condition: Q, worth: int) -> Case:
        return Case(
            When(condition, then=Value(worth)), default=Value(0), output_field=IntegerField()
        )

    return (
        visible_customers(user=user)
        .filter(consent_contact=True, do_not_contact=False)
        .filter(Exists(_kept_orders()))
        .annotate(
            last_bought_at=last_bought,
            spent=Coalesce(spent, Value(Decimal("0.00")), output_field=money),
            bought_signal=signal,
            last_satisfaction=last_satisfaction,
        )
        .annotate(
            p_month=points(
                Q(last_bought_at__gte=at - timedelta(days=MONTH_UNTIL_DAYS))
                & Q(last_bought_at__lte=at - timedelta(days=MONTH_FROM_DAYS)),
                MONTH_POINTS,
            ),
            p_spent=points(Q(spent__gte=SPENT_LOW) & Q(spent__lte=SPENT_HIGH), SPENT_POINTS),
            p_signal=points(Q(bought_signal=True), SIGNAL_POINTS),
            p_good=points(Q(last_satisfaction=Satisfaction.GOOD), GOOD_POINTS),
        )
        .annotate(score=F("p_month") + F("p_spent") + F("p_signal") + F("p_good"))
        .order_by("-score", F("last_bought_at").desc(nulls_last=True), "pk")
    )


@dataclass(frozen=True)
class Ranked:
    """One row of the list: the customer, the score and the facts behind it."""

    customer: Customer
    score: int
    reasons: list[Reason]
    last_bought_at: datetime | None
    spent: Decimal


def ranked(customer: Customer) -> Ranked:
    """A customer of :func:`ranked_customers` as its row."""
    spent = getattr(customer, "spent", None) or Decimal("0")
    return Ranked(
        customer=customer,
        score=int(getattr(customer, "score", 0)),
        reasons=reasons_of(customer),
        last_bought_at=getattr(customer, "last_bought_at", None),
        spent=Decimal(spent).quantize(Decimal("0.01")),
    )


def reasons_of(customer: Customer) -> list[Reason]:
    """The reasons behind a ranked customer's score, in the order DOMAIN.md lists them."""
    found = []
    for code in REASONS:
        points = getattr(customer, f"p_{code}", 0)
        if points:
            found.append(Reason(code=code, points=points, label=str(REASONS[code][1])))
    return found
