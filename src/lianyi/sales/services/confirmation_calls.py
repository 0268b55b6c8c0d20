"""The confirmation call (回访确认): customer service, never the seller or anyone of the seller's
team, calls the customer of an order that waits for it, follows the checklist and records the
outcome.

- confirmed: who is speaking, the order read back and the return policy read are all ticked, the
  customer says nobody pressed them and wants to go ahead; the order moves to CONFIRMED and can
  be delivered.
- changed: the customer wants something else (fewer items, another package). The honest simple
  way: this order is cancelled (its stock released, its money refunded and recorded) with what
  the customer asked for as the reason, and the seller places a new order at the day's list
  prices, which gets its own call if it needs one. No price is changed on the phone: a discount
  typed in here would be a price nobody can check against the list.
- cancelled: cancelled the same way, with the customer's word as the reason.
- not reached: the order stays PLACED (so it may not be delivered) and is tried again; every
  attempt is kept and counted.

A customer who says they were pressed is never "confirmed": the order is cancelled or changed.

Locks, as everywhere: the customer, then the order (then, when cancelling, the stock)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, InvalidInput
from lianyi.core.validation import clean_text
from lianyi.customers.locks import lock_customer
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import supervises
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_order
from lianyi.sales.models import ConfirmationCall, ConfirmationOutcome, Order, OrderState
from lianyi.sales.selectors import get_order
from lianyi.sales.services.orders import advance_order, cancel_locked_order

MAX_CALL_NOTES = 2000
MAX_CHANGE = 150  # it goes into the order's cancel reason (200) after a short prefix


def is_sellers_team(user: User, order: Order) -> bool:
    """The seller, a member of the seller's team, or one who supervises it (its supervisor, the
    department's manager): none of them may make the order's confirmation call."""
    seller = order.seller
    if user.pk == seller.pk:
        return True
    if seller.team_id is not None and user.team_id == seller.team_id:
        return True
    return supervises(user, seller)


def _checklist_errors(
    outcome: ConfirmationOutcome,
    *,
    speaker_identified: bool,
    order_read_back: bool,
    return_policy_read: bool,
    customer_pressed: bool | None,
    wants_to_proceed: bool | None,
    change: str,
) -> list[DomainError]:
    """What the outcome still needs from the checklist, one refusal per item."""
    errors: list[DomainError] = []

    def missing(field: str, message: str, code: str = SalesCode.CONFIRMATION_CHECKLIST) -> None:
        errors.append(DomainError(message, code=code, extra={"field": field}))

    if not speaker_identified:
        missing("speaker_identified", _("请先核实接听电话的是客户本人（或客户指定的家人）。"))
    needs_read_back = outcome in (ConfirmationOutcome.CONFIRMED, ConfirmationOutcome.CHANGED)
    if needs_read_back and not order_read_back:
        missing("order_read_back", _("请向客户读出所购商品、赠品和金额。"))
    if outcome == ConfirmationOutcome.CONFIRMED:
        if not return_policy_read:
            missing("return_policy_read", _("请向客户读出退货政策。"))
        if customer_pressed is None:
            missing("customer_pressed", _("请问客户：购买时是否有人催促或施加压力？"))
        elif customer_pressed:
            missing(
                "customer_pressed",
                _(
                    "客户表示购买时有人催促或施加压力，不能确认购买：请按客户的意思取消订单，"
                    "或选择“修改订单”（取消本单，由销售按客户的意思重新下单）。"
                ),
                SalesCode.CONFIRMATION_PRESSED,
            )
        if wants_to_proceed is None:
            missing("wants_to_proceed", _("请问客户是否愿意继续购买。"))
        elif not wants_to_proceed:
            missing(
                "wants_to_proceed", _("客户不想继续购买，不能确认：请选择“取消订单”或“修改订单”。")
            )
    if outcome == ConfirmationOutcome.CHANGED and not change:
        missing("change", _("请写明客户要怎样修改订单。"))
    return errors


@transaction.atomic
def record_confirmation_call(
    *,
    by: User,
    order_id: int,
    outcome: str,
    speaker_identified: bool,
    order_read_back: bool,
    return_policy_read: bool,
    customer_pressed: bool | None,
    wants_to_proceed: bool | None,
    notes: str,
    change: str = "",
) -> ConfirmationCall:
    """Record one confirmation call on an order waiting for it, and what follows from its
    outcome (see the module). ``change`` says what the customer wants instead (outcome
    "changed"); the checklist is not asked of a customer who was not reached."""
    require_capability(by, Capability.CONFIRMATION_CALL)
    visible = get_order(user=by, order_id=order_id)
    if is_sellers_team(by, visible):
        raise DomainError(
            _("回访确认须由客户服务部完成：销售本人、同组同事和本组主管都不能回访自己组的订单。"),
            code=SalesCode.CONFIRMATION_BY_SELLER,
            status=403,
        )
    if outcome not in ConfirmationOutcome.values:
        raise DomainError(
            _("请选择回访结果。"), code=SalesCode.CONFIRMATION_OUTCOME, extra={"field": "outcome"}
        )
    result = ConfirmationOutcome(outcome)
    notes = clean_text(notes, field="notes", label=_("记录"), max_length=MAX_CALL_NOTES)
    change = clean_text(change, field="change", label=_("修改内容"), max_length=MAX_CHANGE)
    lock_customer(visible.customer_id)
    order = lock_order(visible.pk)
    if order.state != OrderState.PLACED or not order.confirmation_required:
        raise DomainError(
            _("这张订单不在等待回访确认（当前：%(state)s）。")
            % {"state": OrderState(order.state).label},
            code=SalesCode.CONFIRMATION_NOT_WAITING,
            extra={"state": order.state},
        )
    reached = result != ConfirmationOutcome.NOT_REACHED
    if reached:
        errors = _checklist_errors(
            result,
            speaker_identified=speaker_identified,
            order_read_back=order_read_back,
            return_policy_read=return_policy_read,
            customer_pressed=customer_pressed,
            wants_to_proceed=wants_to_proceed,
            change=change,
        )
        if errors:
            raise InvalidInput(errors)
    else:
        # Nobody answered: nothing of the checklist was heard, whatever the form held.
        speaker_identified = order_read_back = return_policy_read = False
        customer_pressed = wants_to_proceed = None
    at = now()
    attempt = order.confirmation_calls.count() + 1
    if result == ConfirmationOutcome.CHANGED:
        asked = _("客户要求修改：%(change)s") % {"change": change}
        notes = f"{asked}\n{notes}" if notes else asked
    call = ConfirmationCall.objects.create(
        order=order,
        by=by,
        at=at,
        outcome=result,
        speaker_identified=speaker_identified,
        order_read_back=order_read_back,
        return_policy_read=return_policy_read,
        customer_pressed=customer_pressed,
        wants_to_proceed=wants_to_proceed,
        notes=notes,
    )
    if result == ConfirmationOutcome.CONFIRMED:
        advance_order(order, OrderState.CONFIRMED, at=at)
    elif result == ConfirmationOutcome.CHANGED:
        reason = _("回访确认时客户要求修改订单：%(change)s") % {"change": change}
        cancel_locked_order(by=by, order=order, reason=reason)
    elif result == ConfirmationOutcome.CANCELLED:
        cancel_locked_order(by=by, order=order, reason=_("回访确认时客户取消订单"))
    audit(
        by,
        "sales.confirmation.recorded",
        call,
        company=order.company,
        data={
            "order": order.pk,
            "customer": order.customer_id,
            "outcome": result.value,
            "attempt": attempt,
            "speaker_identified": speaker_identified,
            "order_read_back": order_read_back,
            "return_policy_read": return_policy_read,
            "customer_pressed": customer_pressed,
            "wants_to_proceed": wants_to_proceed,
            "change": change,
            "state": order.state,
        },
    )
    return call
