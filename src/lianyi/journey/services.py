"""Recording the steps of the journey. Each service locks the customer, checks the rules of the
process, writes one touchpoint, recomputes the journey and leaves one audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, DomainError, Problems
from lianyi.core.validation import CoordinateInput, clean_text, not_in_future
from lianyi.customers.locks import lock_customer
from lianyi.customers.models import Customer
from lianyi.customers.profiles import ProfileChange, apply_profile
from lianyi.customers.selectors import get_customer
from lianyi.customers.services import (
    Registration,
    add_health_note,
    create_customer,
    record_consent_withdrawal,
)
from lianyi.gatherings.selectors import open_invitation_for
from lianyi.gatherings.services import choose_gathering, deliver_invitation, issue_invitation
from lianyi.journey import rules
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.next_round import schedule_round_end
from lianyi.journey.progress import RETRY_OUTCOMES
from lianyi.journey.rounds import (
    JOURNEY_FIELDS,
    WAITING_STEPS,
    ensure_no_gathering_pending,
    refresh_progress,
    round_now,
)
from lianyi.journey.selectors import repeat_reason_required
from lianyi.journey.steps import CallOutcome, Step, TouchpointKind
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User


@dataclass
class Contact:
    """What every recorded contact has: when, what was said, why it is recorded again."""

    occurred_at: datetime | None = None
    notes: str = ""
    repeat_reason: str = ""


def _begin(by: User, customer_id: int, contact: Contact) -> tuple[Customer, datetime, str]:
    require_capability(by, Capability.JOURNEY_RECORD)
    visible = get_customer(user=by, customer_id=customer_id)
    customer = lock_customer(visible.pk)
    rules.ensure_contactable(customer)
    if customer.step in WAITING_STEPS:
        refresh_progress(customer)  # the gathering may be over: decide on the round of now
    at = contact.occurred_at or now()
    if timezone.is_naive(at):
        raise DomainError(
            _("时间需带时区。"), code=JourneyCode.SLOT_INVALID, extra={"field": "occurred_at"}
        )
    not_in_future(at, field="occurred_at")
    notes = clean_text(contact.notes, field="notes", label=_("记录"))
    return customer, at, notes


def _repeat_reason(customer: Customer, kind: str, contact: Contact) -> str:
    reason = clean_text(
        contact.repeat_reason, field="repeat_reason", label=_("原因"), max_length=200
    )
    if not reason and repeat_reason_required(customer, kind):
        raise DomainError(
            _("这一步已经记录过；再次记录电话请写明原因（例如上次未接通）。"),
            code=JourneyCode.REPEAT_REASON_REQUIRED,
            extra={"field": "repeat_reason"},
        )
    return reason


def _save(touchpoint: Touchpoint) -> Touchpoint:
    try:
        with transaction.atomic():
            touchpoint.save()
    except IntegrityError:
        raise Conflict(
            _("这一步已经记录过，不能重复记录。"), code=JourneyCode.ALREADY_RECORDED
        ) from None
    return touchpoint


def _ensure_visit_not_recorded(customer: Customer, kind: str) -> None:
    """A visit is recorded once; say so before the step check, whose message would mislead."""
    if Touchpoint.objects.filter(customer=customer, kind=kind).exists():
        raise Conflict(_("这次家访已经记录过，不能重复记录。"), code=JourneyCode.ALREADY_RECORDED)


def _finish(by: User, customer: Customer, touchpoint: Touchpoint, action: str) -> Touchpoint:
    before = snapshot(customer, JOURNEY_FIELDS)
    refresh_progress(customer)
    changes = diff(before, customer)
    if touchpoint.outcome == CallOutcome.DO_NOT_CONTACT:
        changes["do_not_contact"] = [False, True]  # _begin refused anyone already flagged
    audit(
        by,
        action,
        touchpoint,
        company=customer.company,
        changes=changes,
        data={
            "customer": customer.pk,
            "kind": touchpoint.kind,
            "outcome": touchpoint.outcome,
            "step": int(customer.step),
        },
    )
    return touchpoint


def _outcome(value: str) -> CallOutcome:
    if value not in CallOutcome.values:
        raise DomainError(
            _("请选择通话结果。"), code=JourneyCode.OUTCOME_INVALID, extra={"field": "outcome"}
        )
    return CallOutcome(value)


def _apply_do_not_contact(customer: Customer, outcome: CallOutcome) -> None:
    if outcome == CallOutcome.DO_NOT_CONTACT:
        customer.do_not_contact = True
        customer.save(update_fields=["do_not_contact"])


def _call_back(
    customer: Customer, result: CallOutcome, moment: datetime, at: datetime
) -> tuple[datetime, datetime]:
    """The time the customer asked to be called back at: only after 未接通 or 约好再联系."""
    if result not in RETRY_OUTCOMES:
        raise DomainError(
            _("只有“未接通”或“约好再联系”时才填写回电时间。"),
            code=JourneyCode.CALL_BACK_NOT_EXPECTED,
            extra={"field": "call_back_at"},
        )
    return rules.check_call_back(customer.company, moment, after=max(at, now()))


@transaction.atomic
def record_stand_note(*, by: User, customer_id: int, desk: str, contact: Contact) -> Touchpoint:
    """Steps 0a and 0b: the check-up desk's and the registration desk's conversation.

    The check-up note is health information: kept apart (``HealthNote``) and only with the
    customer's separate consent."""
    customer, at, notes = _begin(by, customer_id, contact)
    if customer.referrer_id:
        raise DomainError(_("转介绍客户没有现场沟通这一步。"), code=JourneyCode.NOT_FROM_STAND)
    kinds = {
        "checkup": TouchpointKind.STAND_CHECKUP,
        "registration": TouchpointKind.STAND_REGISTRATION,
    }
    if desk not in kinds:
        raise DomainError(
            _("请选择检测台或登记台。"), code=JourneyCode.DESK_INVALID, extra={"field": "desk"}
        )
    kind = kinds[desk]
    touchpoint = Touchpoint(
        company=customer.company, customer=customer, kind=kind, by=by, occurred_at=at
    )
    if kind == TouchpointKind.STAND_CHECKUP:
        _save(touchpoint)
        if notes:
            add_health_note(by=by, customer=customer, text=notes, at=at)
    else:
        touchpoint.notes = notes
        _save(touchpoint)
    return _finish(by, customer, touchpoint, "journey.stand_note.recorded")


@transaction.atomic
def record_first_call(
    *,
    by: User,
    customer_id: int,
    outcome: str,
    contact: Contact,
    visit_slot: tuple[datetime | None, datetime | None] = (None, None),
    invite: bool = False,
    call_back_at: datetime | None = None,
) -> Touchpoint:
    """Step 1, warm-up: never an invitation; an agreed first-visit slot when reached. After
    未接通 or 约好再联系 the retry is due the next contact day, or at ``call_back_at``."""
    customer, at, notes = _begin(by, customer_id, contact)
    if invite:
        raise DomainError(
            _("第一次电话只做预热，不发出邀请。"), code=JourneyCode.NO_INVITE_ON_FIRST_CALL
        )
    rules.ensure_step(customer, Step.FIRST_CALL)
    problems = Problems()  # every problem of the form at once
    result: CallOutcome | None = None
    reason = ""
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    with problems.check():
        result = _outcome(outcome)
    with problems.check():
        reason = _repeat_reason(customer, TouchpointKind.FIRST_CALL, contact)
    slot_given = visit_slot[0] is not None
    with problems.check():
        if result is None:
            pass
        elif call_back_at is not None:
            slot_start, slot_end = _call_back(customer, result, call_back_at, at)
        elif result == CallOutcome.AGREED or (result == CallOutcome.CALL_BACK and slot_given):
            slot_start, slot_end = rules.check_slot(customer.company, *visit_slot, after=at)
    problems.raise_any()
    assert result is not None
    touchpoint = _save(
        Touchpoint(
            company=customer.company,
            customer=customer,
            kind=TouchpointKind.FIRST_CALL,
            by=by,
            occurred_at=at,
            outcome=result,
            notes=notes,
            repeat_reason=reason,
            slot_start=slot_start,
            slot_end=slot_end,
        )
    )
    _apply_do_not_contact(customer, result)
    return _finish(by, customer, touchpoint, "journey.first_call.recorded")


@transaction.atomic
def record_first_visit(
    *,
    by: User,
    customer_id: int,
    duration_minutes: int | None,
    profile_completed: bool,
    contact: Contact,
    location: tuple[CoordinateInput, CoordinateInput, CoordinateInput] = (None, None, None),
    profile: ProfileChange | None = None,
) -> Touchpoint:
    """Step 2, getting to know: the VIP profile filled in together, 40–50 minutes. The profile
    is part of the visit: written in its transaction, and the visit counts it as filled in."""
    customer, at, notes = _begin(by, customer_id, contact)
    _ensure_visit_not_recorded(customer, TouchpointKind.FIRST_VISIT)
    rules.ensure_step(customer, Step.FIRST_VISIT)
    problems = Problems()  # every problem of the form at once
    minutes: int | None = None
    lat = lng = None
    acc: int | None = None
    with problems.check():
        minutes = rules.check_duration(duration_minutes, required=True)
    with problems.check():
        lat, lng, acc = rules.check_location(*location)
    problems.raise_any()
    if profile is not None:
        apply_profile(by=by, customer=customer, change=profile, at=at)
        profile_completed = profile_completed or profile.has_content()
    touchpoint = _save(
        Touchpoint(
            company=customer.company,
            customer=customer,
            kind=TouchpointKind.FIRST_VISIT,
            by=by,
            occurred_at=at,
            duration_minutes=minutes,
            profile_completed=bool(profile_completed),
            notes=notes,
            latitude=lat,
            longitude=lng,
            accuracy_m=acc,
        )
    )
    return _finish(by, customer, touchpoint, "journey.first_visit.recorded")


@transaction.atomic
def record_second_call(
    *,
    by: User,
    customer_id: int,
    outcome: str,
    contact: Contact,
    invitation_accepted: bool | None = None,
    guests: list[str] | None = None,
    delivery_slot: tuple[datetime | None, datetime | None] = (None, None),
    gathering_id: int | None = None,
    call_back_at: datetime | None = None,
) -> Touchpoint:
    """Step 3, the invitation: due 1–2 days after the first visit; accepted, it issues one
    named invitation (customer and companion) with an agreed delivery slot."""
    customer, at, notes = _begin(by, customer_id, contact)
    ensure_no_gathering_pending(customer, Step(customer.step))
    rules.ensure_step(customer, Step.SECOND_CALL)
    opened_at = round_now(customer).opened_at
    if opened_at is not None:  # a later round: counted from the last gathering's end
        rules.ensure_second_call_not_early(customer.company, opened_at, at, after_gathering=True)
    else:
        first_visit = Touchpoint.objects.get(customer=customer, kind=TouchpointKind.FIRST_VISIT)
        rules.ensure_second_call_not_early(customer.company, first_visit.occurred_at, at)
    problems = Problems()  # every problem of the form at once, before anything is issued
    result: CallOutcome | None = None
    reason = ""
    slot: tuple[datetime, datetime] | None = None
    gathering = None
    with problems.check():
        result = _outcome(outcome)
    with problems.check():
        reason = _repeat_reason(customer, TouchpointKind.SECOND_CALL, contact)
    if result is not None and call_back_at is not None:
        with problems.check():
            slot = _call_back(customer, result, call_back_at, at)
    elif result == CallOutcome.AGREED:
        with problems.check():
            if invitation_accepted is None:
                raise DomainError(
                    _("请选择客户是否接受邀请。"),
                    code=JourneyCode.INVITATION_ANSWER_REQUIRED,
                    extra={"field": "invitation_accepted"},
                )
        if invitation_accepted:
            with problems.check():
                gathering = choose_gathering(by=by, gathering_id=gathering_id)
            with problems.check():
                slot = rules.check_slot(customer.company, *delivery_slot, after=at)
    elif result == CallOutcome.CALL_BACK and delivery_slot[0] is not None:
        with problems.check():
            slot = rules.check_slot(customer.company, *delivery_slot, after=at)
    problems.raise_any()
    assert result is not None
    touchpoint = Touchpoint(
        company=customer.company,
        customer=customer,
        kind=TouchpointKind.SECOND_CALL,
        by=by,
        occurred_at=at,
        outcome=result,
        notes=notes,
        repeat_reason=reason,
    )
    if slot is not None:
        touchpoint.slot_start, touchpoint.slot_end = slot
    if result == CallOutcome.AGREED:
        touchpoint.invitation_accepted = invitation_accepted
        if invitation_accepted:
            assert gathering is not None and slot is not None
            touchpoint.invitation = issue_invitation(
                by=by,
                customer=customer,
                gathering=gathering,
                guests=guests or [customer.name, customer.companion_name],
                delivery_slot=slot,
                at=at,
            )
            schedule_round_end(customer_id=customer.pk, at=gathering.over_at)
    _save(touchpoint)
    _apply_do_not_contact(customer, result)
    return _finish(by, customer, touchpoint, "journey.second_call.recorded")


@transaction.atomic
def record_second_visit(
    *,
    by: User,
    customer_id: int,
    invitation_handed_over: bool,
    contact: Contact,
    duration_minutes: int | None = None,
    location: tuple[CoordinateInput, CoordinateInput, CoordinateInput] = (None, None, None),
    unprinted_confirmed: bool = False,
    profile: ProfileChange | None = None,
) -> Touchpoint:
    """Step 4: the named invitation handed over in person (one never printed only with
    ``unprinted_confirmed``: the delivery refuses it otherwise); the VIP profile may be updated."""
    customer, at, notes = _begin(by, customer_id, contact)
    if customer.step == Step.GATHERING:  # this round's invitation is handed over already
        raise Conflict(
            _("这场联谊会的邀请函已经送达，不能重复记录；联谊会结束后可以邀请参加下一场。"),
            code=JourneyCode.ALREADY_RECORDED,
        )
    rules.ensure_step(customer, Step.SECOND_VISIT)
    if not invitation_handed_over:
        raise DomainError(
            _("第二次家访记录的是亲手送达邀请函；未送达请先打电话另约时间。"),
            code=JourneyCode.INVITATION_NOT_HANDED_OVER,
            extra={"field": "invitation_handed_over"},
        )
    invitation = open_invitation_for(customer=customer)
    if invitation is None:
        raise DomainError(_("客户没有待送达的邀请函。"), code=JourneyCode.STEP_OUT_OF_ORDER)
    minutes = rules.check_duration(duration_minutes, required=False)
    lat, lng, acc = rules.check_location(*location)
    if profile is not None:
        apply_profile(by=by, customer=customer, change=profile, at=at)
    invitation = deliver_invitation(
        by=by, invitation=invitation, at=at, unprinted_confirmed=unprinted_confirmed
    )
    touchpoint = _save(
        Touchpoint(
            company=customer.company,
            customer=customer,
            kind=TouchpointKind.SECOND_VISIT,
            by=by,
            occurred_at=at,
            duration_minutes=minutes,
            notes=notes,
            invitation=invitation,
            latitude=lat,
            longitude=lng,
            accuracy_m=acc,
        )
    )
    # No task here: the one the invitation call scheduled for this gathering's end moves the
    # customer on from either step.
    return _finish(by, customer, touchpoint, "journey.second_visit.recorded")


def register_customer(*, by: User, data: Registration) -> Customer:
    """Register a customer met at a stand, or referred by an existing customer: the first step
    of the journey. The customer and its consent (``customers.services.create_customer``, with
    its refusal of a number already registered), the derived progress and, when the
    registration desk wrote one, its note (step 0b), in one transaction."""

    def start_journey(customer: Customer) -> None:
        refresh_progress(customer)
        if (data.registration_note or "").strip():
            record_stand_note(
                by=by,
                customer_id=customer.pk,
                desk="registration",
                contact=Contact(notes=data.registration_note),
            )
            customer.refresh_from_db()

    return create_customer(by=by, data=data, then=start_journey)


def withdraw_consent(*, by: User, customer_id: int) -> Customer:
    """The customer withdrew consent: no agenda, no further contact, from now on."""
    return record_consent_withdrawal(by=by, customer_id=customer_id, then=refresh_progress)
