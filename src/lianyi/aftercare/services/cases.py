"""Cases (工单): opened at the rep who owns the customer, escalated by the clock when a level's
deadline passes (rep -> supervisor -> department manager -> customer service), closed only with
the customer's confirmation of the outcome. Never deleted: there is no service that deletes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.aftercare.case_selectors import case_scope
from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.locks import lock_case
from lianyi.aftercare.models import (
    AftercareRules,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseLevel,
    CaseSource,
    CaseState,
)
from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, NotFound, Problems
from lianyi.core.validation import clean_text, not_in_future, require_text
from lianyi.customers.locks import lock_customer
from lianyi.customers.selectors import get_customer
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.models import Role, User
from lianyi.org.scoping import of_company, supervisors_of

MAX_CASE_TEXT = 2000
NEXT_LEVEL = {
    CaseLevel.REP: CaseLevel.SUPERVISOR,
    CaseLevel.SUPERVISOR: CaseLevel.MANAGER,
    CaseLevel.MANAGER: CaseLevel.SERVICE,
}


def level_hours(rules: AftercareRules, level: str) -> int | None:
    """Hours a level has before the case escalates; none at customer service (the last)."""
    return {
        CaseLevel.REP: rules.case_rep_hours,
        CaseLevel.SUPERVISOR: rules.case_supervisor_hours,
        CaseLevel.MANAGER: rules.case_manager_hours,
    }.get(CaseLevel(level))


def _manager_of(owner: User) -> User | None:
    if owner.team is None:
        return None
    return (
        User.objects.filter(
            of_company(owner.company_id),
            role=Role.MANAGER,
            department_id=owner.team.department_id,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )


def holder_at(level: str, owner: User) -> User | None:
    """Who holds a case at ``level`` for a customer owned by ``owner``. A level nobody fills (a
    team without a supervisor) is None: the case waits there for its deadline, seen by customer
    service, and moves on by itself."""
    if level == CaseLevel.REP:
        return owner if owner.is_active else None
    if level == CaseLevel.SUPERVISOR:
        found = sorted(supervisors_of(owner), key=lambda u: u.pk)
        return found[0] if found else None
    if level == CaseLevel.MANAGER:
        return _manager_of(owner)
    return None


def _move_to(case: Case, level: str, *, at: datetime) -> None:
    rules = aftercare_rules_of(case.company_id)
    case.level = level
    case.holder = holder_at(level, case.customer.owner)
    hours = level_hours(rules, level)
    case.deadline_at = at + timedelta(hours=hours) if hours is not None else None
    case.save(update_fields=["level", "holder", "deadline_at"])
    schedule_escalation(case)


def schedule_escalation(case: Case) -> None:
    """A task for the deadline (after the commit), never a loop over every case."""
    if case.deadline_at is None:
        return
    from lianyi.aftercare.tasks import enqueue_escalation

    case_id, deadline = case.pk, case.deadline_at
    transaction.on_commit(lambda: enqueue_escalation(case_id=case_id, at=deadline))


def _case_for(by: User, case_id: int) -> Case:
    """The case locked, if ``by`` may see it (missing and forbidden answer alike)."""
    if not Case.objects.filter(case_scope(by), pk=case_id).exists():
        raise NotFound()
    lock_customer(Case.objects.values_list("customer_id", flat=True).get(pk=case_id))
    case = lock_case(case_id)
    if case is None:
        raise NotFound()
    return case


def may_act(by: User, case: Case) -> bool:
    """The holder acts; at customer service (no holder) any of customer service does."""
    if case.holder_id is not None:
        return case.holder_id == by.pk
    return has_capability(by, Capability.CONFIRMATION_CALL)


def _ensure_open(case: Case) -> None:
    if case.state != CaseState.OPEN:
        raise DomainError(_("工单已结案。"), code=AftercareCode.CASE_CLOSED)


def _ensure_holder(by: User, case: Case) -> None:
    _ensure_open(case)
    if not may_act(by, case):
        raise DomainError(
            _("这张工单现在由别人处理，你只能添加处理记录。"), code=AftercareCode.CASE_NOT_HOLDER
        )


def _event(case: Case, kind: str, *, by: User | None, at: datetime, **fields: str) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, by=by, at=at, **fields)


def open_case_locked(
    *, by: User, customer_id: int, source: str, summary: str, order_id: int | None = None
) -> Case:
    """Open a case for a customer already locked and in ``by``'s scope (the satisfaction
    service calls this inside its own transaction)."""
    customer = get_customer(user=by, customer_id=customer_id)
    text = require_text(summary, field="summary", label=_("问题描述"), max_length=MAX_CASE_TEXT)
    if source not in CaseSource.values:
        raise DomainError(
            _("请选择工单类型。"),
            code=AftercareCode.CASE_SOURCE_INVALID,
            extra={"field": "source"},
        )
    source = CaseSource(source)
    at = now()
    rules = aftercare_rules_of(customer.company_id)
    case = Case.objects.create(
        company_id=customer.company_id,
        customer=customer,
        order_id=order_id,
        source=source,
        summary=text,
        opened_by=by,
        opened_at=at,
        level=CaseLevel.REP,
        holder=holder_at(CaseLevel.REP, customer.owner),
        deadline_at=at + timedelta(hours=rules.case_rep_hours),
    )
    _event(case, CaseEventKind.OPENED, by=by, at=at, to_level=CaseLevel.REP, note=text)
    schedule_escalation(case)
    audit(by, "aftercare.case.opened", case, data={"customer": customer.pk, "source": source})
    return case


@transaction.atomic
def open_case(
    *, by: User, customer_id: int, source: str, summary: str, order_id: int | None = None
) -> Case:
    customer = get_customer(user=by, customer_id=customer_id)
    lock_customer(customer.pk)
    if order_id is not None:
        from lianyi.sales.models import Order

        if not Order.objects.filter(pk=order_id, customer_id=customer.pk).exists():
            raise NotFound()
    return open_case_locked(
        by=by, customer_id=customer.pk, source=source, summary=summary, order_id=order_id
    )


@transaction.atomic
def add_case_note(*, by: User, case_id: int, note: str) -> CaseEvent:
    case = _case_for(by, case_id)
    _ensure_open(case)
    text = require_text(note, field="note", label=_("处理记录"), max_length=MAX_CASE_TEXT)
    event = _event(case, CaseEventKind.NOTE, by=by, at=now(), note=text)
    audit(by, "aftercare.case.note_added", case, data={"event": event.pk})
    return event


@transaction.atomic
def hand_up_case(*, by: User, case_id: int, note: str) -> Case:
    """The holder passes the case up before the deadline (it needs someone with more say)."""
    case = _case_for(by, case_id)
    _ensure_holder(by, case)
    text = require_text(note, field="note", label=_("上报原因"), max_length=MAX_CASE_TEXT)
    to = NEXT_LEVEL.get(CaseLevel(case.level))
    if to is None:
        raise DomainError(_("客服是最后一级，不能再上报。"), code=AftercareCode.CASE_AT_LAST_LEVEL)
    at, before = now(), case.level
    _move_to(case, to, at=at)
    _event(case, CaseEventKind.HANDED_UP, by=by, at=at, from_level=before, to_level=to, note=text)
    audit(by, "aftercare.case.handed_up", case, data={"from": before, "to": to})
    return case


@transaction.atomic
def escalate_case(*, case_id: int) -> bool:
    """The clock's move: up one level when the case is open and its deadline has passed.
    A task that arrives early, twice, or after a hand-up moved the deadline does nothing."""
    case = lock_case(case_id)
    at = now()
    if (
        case is None
        or case.state != CaseState.OPEN
        or case.deadline_at is None
        or case.deadline_at > at
    ):
        return False
    to = NEXT_LEVEL.get(CaseLevel(case.level))
    if to is None:
        return False
    before = case.level
    _move_to(case, to, at=at)
    _event(case, CaseEventKind.ESCALATED, by=None, at=at, from_level=before, to_level=to)
    audit(None, "aftercare.case.escalated", case, data={"from": before, "to": to})
    return True


@transaction.atomic
def resolve_case(*, by: User, case_id: int, resolution: str) -> Case:
    """The holder proposes the outcome; the case stays open until the customer confirms it."""
    case = _case_for(by, case_id)
    _ensure_holder(by, case)
    text = require_text(
        resolution, field="resolution", label=_("处理结果"), max_length=MAX_CASE_TEXT
    )
    case.resolution = text
    case.save(update_fields=["resolution"])
    _event(case, CaseEventKind.RESOLVED, by=by, at=now(), note=text)
    audit(by, "aftercare.case.resolved", case, data={})
    return case


@transaction.atomic
def close_case(
    *,
    by: User,
    case_id: int,
    confirmed_by_id: int | None,
    confirmed_at: datetime | None,
    customer_said: str,
) -> Case:
    """Closes only with the customer's confirmation: who spoke with them, when, what they
    said. Every missing part is refused at once."""
    case = _case_for(by, case_id)
    _ensure_holder(by, case)
    problems = Problems()
    confirmer: User | None = None
    said = ""
    with problems.check():
        if not case.resolution:
            raise DomainError(
                _("请先填写处理结果，再请客户确认。"),
                code=AftercareCode.CASE_NOT_RESOLVED,
                extra={"field": "resolution"},
            )
    with problems.check():
        confirmer = (
            None
            if confirmed_by_id is None
            else User.objects.filter(
                of_company(case.company_id), pk=confirmed_by_id, is_active=True
            ).first()
        )
        if confirmer is None:
            raise DomainError(
                _("请选择与客户确认的同事。"),
                code=AftercareCode.CASE_CONFIRMATION_REQUIRED,
                extra={"field": "confirmed_by"},
            )
    with problems.check():
        if confirmed_at is None:
            raise DomainError(
                _("请填写客户确认的时间。"),
                code=AftercareCode.CASE_CONFIRMATION_REQUIRED,
                extra={"field": "confirmed_at"},
            )
        not_in_future(confirmed_at, field="confirmed_at")
    with problems.check():
        said = clean_text(
            customer_said, field="customer_said", label=_("客户的原话"), max_length=MAX_CASE_TEXT
        )
        if not said:
            raise DomainError(
                _("请记录客户怎么说的。"),
                code=AftercareCode.CASE_CONFIRMATION_REQUIRED,
                extra={"field": "customer_said"},
            )
    problems.raise_any()
    at = now()
    case.state = CaseState.CLOSED
    case.confirmed_by = confirmer
    case.confirmed_at = confirmed_at
    case.customer_said = said
    case.closed_at = at
    case.deadline_at = None
    case.save(
        update_fields=[
            "state",
            "confirmed_by",
            "confirmed_at",
            "customer_said",
            "closed_at",
            "deadline_at",
        ]
    )
    _event(case, CaseEventKind.CLOSED, by=by, at=at, note=said)
    audit(by, "aftercare.case.closed", case, data={"confirmed_by": confirmed_by_id})
    return case
