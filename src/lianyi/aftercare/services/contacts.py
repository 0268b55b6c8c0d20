"""After-sales contacts as they happened, with the customer's satisfaction when asked: good asks
for a referral within the company's days, average opens a follow-up conversation, poor opens a
case with the notes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.locks import lock_task
from lianyi.aftercare.models import (
    AftercareContact,
    CaseSource,
    ContactChannel,
    ProgrammeTask,
    Satisfaction,
    TaskKind,
    TaskState,
)
from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.aftercare.services.cases import open_case_locked
from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.validation import clean_text, not_in_future
from lianyi.customers.locks import lock_customer
from lianyi.customers.selectors import get_customer
from lianyi.journey.rules import ensure_contactable
from lianyi.org.models import User

MAX_CONTACT_NOTES = 2000
# An average rating is talked through soon, while the reason is fresh.
FOLLOW_UP_WITHIN = timedelta(days=3)


def _follow_up(
    contact: AftercareContact, *, kind: str, within: timedelta, sequence: int = 0
) -> ProgrammeTask:
    # due from the next contactable moment: a contact recorded late never puts a task in
    # quiet hours on the today page
    due_from = contact.customer.company.quiet_hours().next_open(contact.at)
    return ProgrammeTask.objects.create(
        company_id=contact.company_id,
        customer_id=contact.customer_id,
        assigned_to=contact.customer.owner,
        kind=kind,
        sequence=sequence,
        due_from=due_from,
        due_until=max(contact.at + within, due_from),
        created_at=now(),
    )


@transaction.atomic
def record_contact(
    *,
    by: User,
    customer_id: int,
    channel: str,
    reached: bool,
    satisfaction: str,
    notes: str,
    task_id: int | None = None,
    at: datetime | None = None,
) -> AftercareContact:
    customer = get_customer(user=by, customer_id=customer_id)
    customer = lock_customer(customer.pk)
    ensure_contactable(customer)
    moment = not_in_future(at, field="at") if at is not None else now()
    text = clean_text(notes, field="notes", label=_("记录"), max_length=MAX_CONTACT_NOTES)
    if channel not in (ContactChannel.PHONE, ContactChannel.VISIT):
        raise DomainError(
            _("请选择电话或上门。"),
            code=AftercareCode.CHANNEL_INVALID,
            extra={"field": "channel"},
        )
    kind = ContactChannel(channel)
    if satisfaction and satisfaction not in Satisfaction.values:
        raise DomainError(
            _("满意度只能是满意、一般或不满意。"),
            code=AftercareCode.SATISFACTION_INVALID,
            extra={"field": "satisfaction"},
        )
    rating = Satisfaction(satisfaction) if satisfaction else None
    if rating is not None and not reached:
        raise DomainError(
            _("没有联系上客户，不能记录满意度。"),
            code=AftercareCode.SATISFACTION_WITHOUT_CONTACT,
            extra={"field": "satisfaction"},
        )
    if rating == Satisfaction.POOR and not text:
        raise DomainError(
            _("客户不满意时，请记录客户说了什么，工单会带上这段记录。"),
            code=AftercareCode.TEXT_REQUIRED,
            extra={"field": "notes"},
        )
    task = None
    if task_id is not None:
        task = lock_task(task_id)
        if task is None or task.customer_id != customer.pk:
            raise NotFound()
        if task.state != TaskState.OPEN:
            raise DomainError(
                _("这项售后任务已完成或已取消。"),
                code=AftercareCode.TASK_NOT_OPEN,
                extra={"field": "task"},
            )
    contact = AftercareContact.objects.create(
        company_id=customer.company_id,
        customer=customer,
        task=task,
        by=by,
        at=moment,
        channel=kind,
        reached=reached,
        satisfaction=rating or "",
        notes=text,
    )
    if task is not None and reached:
        task.state = TaskState.DONE
        task.done_at = moment
        task.save(update_fields=["state", "done_at"])
    opened: dict[str, int] = {}
    if rating == Satisfaction.GOOD:
        days = aftercare_rules_of(customer.company_id).referral_ask_within_days
        opened["task"] = _follow_up(
            contact, kind=TaskKind.REFERRAL_ASK, within=timedelta(days=days)
        ).pk
    elif rating == Satisfaction.AVERAGE:
        opened["task"] = _follow_up(contact, kind=TaskKind.FOLLOW_UP, within=FOLLOW_UP_WITHIN).pk
    elif rating == Satisfaction.POOR:
        opened["case"] = open_case_locked(
            by=by, customer_id=customer.pk, source=CaseSource.SATISFACTION, summary=text
        ).pk
    contact.opened = opened
    audit(
        by,
        "aftercare.contact.recorded",
        contact,
        data={"customer": customer.pk, "satisfaction": rating or "", "task": task_id, **opened},
    )
    return contact
