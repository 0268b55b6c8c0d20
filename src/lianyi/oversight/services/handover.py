"""The handover of a leaving rep (交接), the writing side: confirm a previewed handover (the
customers and what the rep holds of them move to the receivers) and deactivate the rep.

The owner's protection period (撞单 rules, ``customers.services.ensure_protection_over``)
does not apply: it protects a rep's work from colleagues, and a leaving rep's customers must
not wait for it. A confirmation locks the rows, computes the preview again and refuses when its
token differs from the one previewed, so that what was previewed is what moves and a second
supervisor confirming the same handover at the same time moves nothing twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.aftercare.models import Case, ProgrammeTask
from lianyi.core.audit import audit
from lianyi.core.errors import Conflict
from lianyi.core.validation import clean_text
from lianyi.customers.models import Customer
from lianyi.org.accounts import end_sessions
from lianyi.org.models import User
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.locks import lock_customers, lock_departing_rep, lock_tasks_and_cases
from lianyi.oversight.selectors.handover import (
    HandoverPreview,
    get_departing_rep,
    preview_handover,
)


@dataclass(frozen=True)
class HandoverResult:
    preview: HandoverPreview  # what moved: the preview computed under the locks
    deactivated: bool


@transaction.atomic
def confirm_handover(
    *,
    by: User,
    rep_id: int,
    moves: Mapping[int, int],
    token: str,
    deactivate: bool = False,
    reason: str = "",
) -> HandoverResult:
    """Move the customers of ``moves`` (customer id -> receiver id) from the rep ``rep_id`` to
    their receivers, with their open programme tasks and referral asks and the open cases the
    rep holds (the journey's next step and the invitations follow the owner by themselves).
    One audit entry per customer and one for the handover; ``deactivate`` also ends the rep's
    account (:func:`deactivate_rep`)."""
    note = clean_text(reason, field="reason", label=_("说明"), max_length=500)
    rep = lock_departing_rep(get_departing_rep(user=by, rep_id=rep_id).pk)
    customer_ids = sorted(moves)
    lock_customers(customer_ids)
    lock_tasks_and_cases(customer_ids=customer_ids, rep_id=rep.pk)
    preview = preview_handover(user=by, rep_id=rep.pk, moves=moves)
    if preview.token != token:
        raise Conflict(
            _("预览之后这些客户或其待办有了变化（可能已被其他人交接），请查看新的预览后再确认。"),
            code=OversightCode.HANDOVER_CHANGED,
        )
    by_target: dict[int, list[int]] = defaultdict(list)
    for move in preview.moves:
        by_target[move.to.pk].append(move.customer.pk)
        ProgrammeTask.objects.filter(pk__in=move.task_ids + move.referral_ask_ids).update(
            assigned_to=move.to
        )
        Case.objects.filter(pk__in=move.case_ids).update(holder=move.to)
    for target_id, ids in by_target.items():
        Customer.objects.filter(pk__in=ids).update(owner_id=target_id)
    for move in preview.moves:
        move.customer.owner = move.to
        audit(
            by,
            "oversight.handover.customer_moved",
            move.customer,
            changes={"owner": [rep.pk, move.to.pk]},
            data={
                "from": rep.pk,
                "invitations": list(move.invitation_ids),
                "tasks": list(move.task_ids),
                "referral_asks": list(move.referral_ask_ids),
                "cases": list(move.case_ids),
                "journey_items": move.journey_items,
                "reason": note,
            },
        )
    audit(
        by,
        "oversight.handover.confirmed",
        rep,
        company=by.company,
        data={
            "totals": preview.totals.as_dict(),
            "targets": {str(t.to.pk): t.counts.as_dict() for t in preview.targets},
            "staying": preview.staying,
            "token": preview.token,
            "deactivate": deactivate,
            "reason": note,
        },
    )
    if deactivate:
        _deactivate(by, rep)
    return HandoverResult(preview=preview, deactivated=deactivate)


@transaction.atomic
def deactivate_rep(*, by: User, rep_id: int) -> User:
    """The leaving rep can no longer log in: their sessions end now and their API tokens stop
    working (both check ``is_active``). Customers not yet handed over stay with them, listed for
    a later handover."""
    rep = lock_departing_rep(get_departing_rep(user=by, rep_id=rep_id).pk)
    _deactivate(by, rep)
    return rep


def _deactivate(by: User, rep: User) -> None:
    was_active = rep.is_active
    if was_active:
        rep.is_active = False
        rep.save(update_fields=["is_active"])
    ended = end_sessions(rep)
    audit(
        by,
        "oversight.handover.rep_deactivated",
        rep,
        company=by.company,
        data={"sessions_ended": ended, "was_active": was_active},
    )
