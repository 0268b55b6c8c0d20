"""The return windows of an order (退货期限), read the same way by the return service and the
return page.

- Unopened goods (未拆封退货): within ``return_unopened_days`` of the purchase (the order's
  ``placed_at``), for any customer; the law's 30 days is the floor (a database check).
- Any reason for a senior customer (老年客户无理由退货): a customer aged ``senior_age`` or
  over by birth year (the same reading as the confirmation call) may return anything within
  ``return_senior_days`` of the delivery (``delivered_at``).

"Within N days" is counted as the Civil Code counts a period in days (民法典 第二百零一条): the
day of the purchase or the delivery is not counted, the period starts the next day, and the
last day counts whole, to midnight in the company's time zone. So the last day is the start
day plus N: an order placed on 1 March (any hour) may come back unopened until 31 March 23:59
with the 30 days, and not on 1 April. Both windows need the goods delivered: before delivery
nothing is at the customer's, and the way back is cancelling the order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from lianyi.customers.models import Customer
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Order, OrderState, ReturnReason, SalesRules


@dataclass(frozen=True)
class ReturnWindow:
    """One reason's window for one order at one moment. ``last_day`` is none when the window
    does not apply (a customer under the age, an order not delivered yet); ``refusal`` is the
    message and code when a return for this reason would be refused now."""

    reason: ReturnReason
    days: int
    last_day: date | None
    refusal: tuple[str, SalesCode] | None

    @property
    def open(self) -> bool:
        return self.refusal is None

    @property
    def label(self) -> str:
        return str(self.reason.label)


def is_senior(customer: Customer, rules: SalesRules, *, on: date) -> bool:
    """Aged ``senior_age`` or over by birth year (the year of ``on`` less the birth year)."""
    return customer.birth_year is not None and on.year - customer.birth_year >= rules.senior_age


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def return_windows(
    order: Order, customer: Customer, rules: SalesRules, *, at: datetime
) -> dict[ReturnReason, ReturnWindow]:
    """Both windows of ``order`` (whose customer is ``customer``) as they stand at ``at``."""
    tz = ZoneInfo(customer.company.time_zone)
    today = local_day(at, tz)
    windows = {
        ReturnReason.UNOPENED: _unopened(order, rules, tz, today),
        ReturnReason.SENIOR_ANY_REASON: _senior(order, customer, rules, tz, today),
    }
    if order.state == OrderState.CANCELLED:
        cancelled = (_("订单已取消，没有可退的商品。"), SalesCode.ORDER_STATE)
        return {
            reason: ReturnWindow(w.reason, w.days, w.last_day, cancelled)
            for reason, w in windows.items()
        }
    return windows


def _unopened(order: Order, rules: SalesRules, tz: ZoneInfo, today: date) -> ReturnWindow:
    days = rules.return_unopened_days
    last_day = local_day(order.placed_at, tz) + timedelta(days=days)
    refusal: tuple[str, SalesCode] | None = None
    if order.delivered_at is None:
        refusal = (
            _("这张订单还没有送货，商品不在客户手中：请改为取消订单。"),
            SalesCode.RETURN_BEFORE_DELIVERY,
        )
    elif today > last_day:
        refusal = (
            _(
                "未拆封商品的退货期限是下单后 %(days)s 天，到 %(last_day)s 为止，已经过了。"
                "可以改为登记一个问题工单，由售后跟进。"
            )
            % {"days": days, "last_day": last_day.isoformat()},
            SalesCode.RETURN_WINDOW_CLOSED,
        )
    return ReturnWindow(ReturnReason.UNOPENED, days, last_day, refusal)


def _senior(
    order: Order, customer: Customer, rules: SalesRules, tz: ZoneInfo, today: date
) -> ReturnWindow:
    days = rules.return_senior_days
    if not is_senior(customer, rules, on=today):
        return ReturnWindow(
            ReturnReason.SENIOR_ANY_REASON,
            days,
            None,
            (
                _(
                    "客户未满 %(age)s 周岁（按出生年份），不适用老年客户无理由退货；"
                    "未拆封的商品可以按未拆封退货办理。"
                )
                % {"age": rules.senior_age},
                SalesCode.RETURN_NOT_SENIOR,
            ),
        )
    if order.delivered_at is None:
        return ReturnWindow(
            ReturnReason.SENIOR_ANY_REASON,
            days,
            None,
            (
                _(
                    "老年客户无理由退货从送货之日起算；这张订单还没有送货，"
                    "客户不想要了就请改为取消订单。"
                ),
                SalesCode.RETURN_BEFORE_DELIVERY,
            ),
        )
    last_day = local_day(order.delivered_at, tz) + timedelta(days=days)
    refusal: tuple[str, SalesCode] | None = None
    if today > last_day:
        refusal = (
            _(
                "老年客户无理由退货期限是送货后 %(days)s 天，到 %(last_day)s 为止，已经过了。"
                "可以改为登记一个问题工单，由售后跟进。"
            )
            % {"days": days, "last_day": last_day.isoformat()},
            SalesCode.RETURN_WINDOW_CLOSED,
        )
    return ReturnWindow(ReturnReason.SENIOR_ANY_REASON, days, last_day, refusal)
