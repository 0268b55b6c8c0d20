"""Correcting a recorded call or visit: within 7 days, by whoever recorded it. The touchpoint
takes the corrected values and a :class:`TouchpointCorrection` keeps the previous ones (shown on
the timeline as 已更正); the customer's step and due dates are derived again from the corrected
history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.validation import clean_text, require_text
from lianyi.customers.details import KEEP, Keep
from lianyi.customers.locks import lock_customer
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer
from lianyi.journey import rules
from lianyi.journey.codes import JourneyCode
from lianyi.journey.locks import lock_touchpoint
from lianyi.journey.models import Touchpoint, TouchpointCorrection
from lianyi.journey.rounds import JOURNEY_FIELDS, refresh_progress
from lianyi.journey.steps import CALL_KINDS, VISIT_KINDS, CallOutcome, TouchpointKind
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.models import User

CORRECTION_DAYS = 7
CORRECTABLE_KINDS = CALL_KINDS | VISIT_KINDS
CORRECTED_FIELDS = ["outcome", "slot_start", "slot_end", "duration_minutes", "notes"]
# The kinds recorded after each call: once one exists, the call's outcome is what it built on.
LATER_KINDS = {
    TouchpointKind.FIRST_CALL: [
        TouchpointKind.FIRST_VISIT,
        TouchpointKind.SECOND_CALL,
        TouchpointKind.SECOND_VISIT,
    ],
    TouchpointKind.SECOND_CALL: [TouchpointKind.SECOND_VISIT],
}
# Outcomes a correction never sets nor undoes: "do not contact" is the customer's wish (undone
# only by them, never by a correction), and an accepted invitation issues a named invitation.
LOCKED_OUTCOMES = frozenset({CallOutcome.DO_NOT_CONTACT})

Slot = tuple[datetime | None, datetime | None]


@dataclass
class TouchpointChange:
    """What to correct; ``KEEP`` leaves a value as it is. ``slot`` is the agreed slot of a call
    (``(None, None)`` removes it)."""

    outcome: str | Keep = KEEP
    slot: Slot | Keep = KEEP
    duration_minutes: int | Keep | None = KEEP
    notes: str | Keep = KEEP


def correction_deadline(touchpoint: Touchpoint) -> datetime:
    return touchpoint.created_at + timedelta(days=CORRECTION_DAYS)


def correction_refusal(
    *, user: Any, touchpoint: Touchpoint, at: datetime | None = None
) -> DomainError | None:
    """Why ``user`` may not correct this touchpoint, said when the page opens (the service
    checks again on submit), or None."""
    try:
        _ensure_correctable(user, touchpoint, at or now())
    except DomainError as error:
        return error
    return None


def may_correct(*, user: Any, touchpoint: Touchpoint, at: datetime | None = None) -> bool:
    """Whether the timeline offers 更正 on this touchpoint."""
    return (
        has_capability(user, Capability.JOURNEY_RECORD)
        and correction_refusal(user=user, touchpoint=touchpoint, at=at) is None
    )


def get_touchpoint(*, user: Any, customer_id: int, touchpoint_id: int) -> Touchpoint:
    """A touchpoint of a customer ``user`` may see; any other id raises the same NotFound."""
    customer = get_customer(user=user, customer_id=customer_id)
    found = (
        Touchpoint.objects.filter(customer=customer, pk=touchpoint_id)
        .select_related("by", "customer")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def _ensure_correctable(by: User, touchpoint: Touchpoint, at: datetime) -> None:
    if touchpoint.kind not in CORRECTABLE_KINDS:
        raise DomainError(_("只能更正电话和家访记录。"), code=JourneyCode.CORRECTION_KIND_INVALID)
    if touchpoint.by_id != by.pk:
        raise DomainError(
            _("只有记录人本人可以更正这条记录。"),
            code=JourneyCode.CORRECTION_NOT_RECORDER,
            status=403,
        )
    if at > correction_deadline(touchpoint):
        raise DomainError(
            _("记录超过 %(days)s 天，不能再更正。") % {"days": CORRECTION_DAYS},
            code=JourneyCode.CORRECTION_TOO_LATE,
        )


def _corrected_outcome(customer: Customer, touchpoint: Touchpoint, value: str) -> str:
    if touchpoint.kind not in CALL_KINDS:
        raise DomainError(
            _("家访没有通话结果。"), code=JourneyCode.OUTCOME_INVALID, extra={"field": "outcome"}
        )
    if value not in CallOutcome.values:
        raise DomainError(
            _("请选择通话结果。"), code=JourneyCode.OUTCOME_INVALID, extra={"field": "outcome"}
        )
    if value == touchpoint.outcome:
        return value
    if value in LOCKED_OUTCOMES or touchpoint.outcome in LOCKED_OUTCOMES:
        raise DomainError(
            _("“要求不再联系”不能通过更正设置或撤销。"),
            code=JourneyCode.CORRECTION_OUTCOME_LOCKED,
            extra={"field": "outcome"},
        )
    if touchpoint.invitation_id is not None or (
        touchpoint.kind == TouchpointKind.SECOND_CALL and value == CallOutcome.AGREED
    ):
        raise DomainError(
            _("邀请函随这次电话发出或收回：请重新记录第二次电话，不能更正结果。"),
            code=JourneyCode.CORRECTION_OUTCOME_LOCKED,
            extra={"field": "outcome"},
        )
    later = LATER_KINDS.get(TouchpointKind(touchpoint.kind), [])
    # Only what was recorded after this call built on it: an earlier round's delivery visit
    # does not lock the outcome of a later round's invitation call.
    if (
        Touchpoint.objects.filter(
            customer=customer, kind__in=later, occurred_at__gte=touchpoint.occurred_at
        )
        .exclude(pk=touchpoint.pk)
        .exists()
    ):
        raise DomainError(
            _("这次电话之后已经记录了下一步，不能再更正通话结果。"),
            code=JourneyCode.CORRECTION_LATER_STEP,
            extra={"field": "outcome"},
        )
    return value


def _corrected_slot(customer: Customer, touchpoint: Touchpoint, outcome: str, slot: Slot) -> Slot:
    needs_slot = outcome == CallOutcome.AGREED and touchpoint.kind == TouchpointKind.FIRST_CALL
    if outcome not in (CallOutcome.AGREED, CallOutcome.CALL_BACK):
        return None, None  # no answer, declined: nothing was agreed
    if slot[0] is None and slot[1] is None and not needs_slot:
        return None, None
    return rules.check_slot(customer.company, *slot, after=touchpoint.occurred_at)


@transaction.atomic
def correct_touchpoint(
    *,
    by: User,
    customer_id: int,
    touchpoint_id: int,
    change: TouchpointChange,
    reason: str,
) -> Touchpoint:
    """Correct a call or a visit ``by`` recorded in the last 7 days; the journey follows."""
    require_capability(by, Capability.JOURNEY_RECORD)
    found = get_touchpoint(user=by, customer_id=customer_id, touchpoint_id=touchpoint_id)
    # Customer first, then its touchpoint: the order every journey write takes.
    customer = lock_customer(found.customer_id)
    touchpoint = lock_touchpoint(found.pk)
    at = now()
    _ensure_correctable(by, touchpoint, at)
    why = require_text(reason, field="reason", label=_("更正原因"), max_length=500)
    before = snapshot(touchpoint, CORRECTED_FIELDS)
    if touchpoint.kind in CALL_KINDS:
        outcome = touchpoint.outcome
        if not isinstance(change.outcome, Keep):
            outcome = _corrected_outcome(customer, touchpoint, change.outcome)
        slot: Slot = (touchpoint.slot_start, touchpoint.slot_end)
        if not isinstance(change.slot, Keep):
            slot = change.slot
        if outcome != touchpoint.outcome or not isinstance(change.slot, Keep):
            slot = _corrected_slot(customer, touchpoint, outcome, slot)
        touchpoint.outcome = outcome
        touchpoint.slot_start, touchpoint.slot_end = slot
        if touchpoint.kind == TouchpointKind.SECOND_CALL and outcome != CallOutcome.AGREED:
            touchpoint.invitation_accepted = None
    elif not isinstance(change.duration_minutes, Keep):
        touchpoint.duration_minutes = rules.check_duration(
            change.duration_minutes, required=touchpoint.kind == TouchpointKind.FIRST_VISIT
        )
    if not isinstance(change.notes, Keep):
        touchpoint.notes = clean_text(change.notes, field="notes", label=_("记录"))
    changes = diff(before, touchpoint)
    if not changes:
        raise DomainError(_("没有改动：请修改要更正的内容。"), code=JourneyCode.CORRECTION_EMPTY)
    touchpoint.save(update_fields=[*CORRECTED_FIELDS, "invitation_accepted"])
    correction = TouchpointCorrection.objects.create(
        touchpoint=touchpoint, corrected_by=by, corrected_at=at, reason=why, changes=changes
    )
    journey_before = snapshot(customer, JOURNEY_FIELDS)
    refresh_progress(customer)
    audit(
        by,
        "journey.touchpoint.corrected",
        touchpoint,
        company=customer.company,
        changes=changes,
        data={
            "customer": customer.pk,
            "correction": correction.pk,
            "reason": why,
            "journey": diff(journey_before, customer),
        },
    )
    touchpoint.customer = customer  # carries the journey just derived, for the API's answer
    return touchpoint
