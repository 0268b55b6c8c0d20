"""Printing and revoking invitations: issued -> printed (a reprint keeps the state and updates
the time), and revoked with a reason, after which it is neither printed nor delivered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, NotFound
from lianyi.core.lookup import ids_or_not_found
from lianyi.core.models import Job
from lianyi.core.services import (
    count_progress,
    create_job,
    enqueue_on_commit,
    run_job,
    store_job_file,
)
from lianyi.core.validation import require_text
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.documents import ensure_cjk_font, render_invitations_pdf
from lianyi.gatherings.locks import lock_invitations_in
from lianyi.gatherings.models import Invitation, InvitationState, Seat
from lianyi.gatherings.selectors.planning import visible_invitations
from lianyi.gatherings.selectors.printing import invitations_by_ids
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User

# Once a guest is through the door the invitation has done its work: it stays as it is.
NOT_REVOCABLE = {InvitationState.CHECKED_IN, InvitationState.REVOKED}


def _lock(*, by: User, ids: Iterable[int]) -> list[Invitation]:
    pks = ids_or_not_found(ids)
    rows = lock_invitations_in(visible_invitations(user=by), pks)
    if any(pk not in rows for pk in pks):
        raise NotFound()
    return [rows[pk] for pk in pks]


def ensure_printable(invitation: Invitation) -> None:
    if invitation.state == InvitationState.REVOKED:
        raise Conflict(
            _("邀请函已作废，不能打印。"),
            code=GatheringCode.INVITATION_REVOKED,
            extra={"invitation": invitation.pk},
        )


@transaction.atomic
def mark_printed(*, by: User, invitation_ids: Iterable[int]) -> list[Invitation]:
    """Marks the invitations printed, all or none: one revoked among them refuses the batch."""
    require_capability(by, Capability.GATHERINGS_PRINT)
    invitations = _lock(by=by, ids=invitation_ids)
    for invitation in invitations:
        ensure_printable(invitation)
    at = now()
    for invitation in invitations:
        before = invitation.state
        if before == InvitationState.ISSUED:
            invitation.state = InvitationState.PRINTED
        invitation.printed_at = at
        invitation.save(update_fields=["state", "printed_at"])
        audit(
            by,
            "gatherings.invitation.printed",
            invitation,
            changes={"state": [before, invitation.state]} if before != invitation.state else {},
            data={"reprint": before != InvitationState.ISSUED},
        )
    return invitations


@transaction.atomic
def revoke_invitation(*, by: User, invitation_id: int, reason: str) -> Invitation:
    """Revokes with a reason; the household gives up its bus seat and its table."""
    require_capability(by, Capability.GATHERINGS_PRINT)
    (invitation,) = _lock(by=by, ids=[invitation_id])
    reason = require_text(reason, field="reason", label=_("作废原因"), max_length=200)
    if invitation.state in NOT_REVOCABLE:
        raise Conflict(
            _("该邀请函不能作废（当前状态：%(state)s）。")
            % {"state": invitation.get_state_display()},
            code=GatheringCode.NOT_REVOCABLE,
        )
    before = invitation.state
    invitation.state = InvitationState.REVOKED
    invitation.revoked_at = now()
    invitation.revoke_reason = reason
    invitation.bus = None
    invitation.stop = None
    invitation.save(update_fields=["state", "revoked_at", "revoke_reason", "bus", "stop"])
    Seat.objects.filter(invitation=invitation).delete()
    audit(
        by,
        "gatherings.invitation.revoked",
        invitation,
        changes={"state": [before, InvitationState.REVOKED]},
        data={"reason": reason},
    )
    return invitation


@transaction.atomic
def print_invitations_pdf(*, by: User, invitation_ids: Iterable[int]) -> bytes:
    """The A5 PDF of the invitations, one page each, and marks them printed, in one go: no CJK
    font or a revoked one among them, and nothing is marked. Scope and state are checked before
    the font, so an id out of scope answers 404 even on a server without the font."""
    invitations = mark_printed(by=by, invitation_ids=invitation_ids)
    ensure_cjk_font()  # refusing here rolls the marking back with the transaction
    return render_invitations_pdf(invitations)


# A batch up to this size is rendered in the request (a few seconds at most); a larger one is
# a background job whose progress page counts the invitations laid out.
PDF_IN_REQUEST_MAX = 20
PDF_JOB = "gatherings.invitations.pdf"


def _printable(*, by: User, invitation_ids: Iterable[int]) -> list[Invitation]:
    require_capability(by, Capability.GATHERINGS_PRINT)
    invitations = invitations_by_ids(user=by, ids=invitation_ids)
    for invitation in invitations:
        ensure_printable(invitation)
    ensure_cjk_font()
    return invitations


@transaction.atomic
def request_invitations_pdf(*, by: User, invitation_ids: Iterable[int]) -> Job:
    """Checks the batch at once (scope, revoked ones, the font) and queues its PDF; the job's
    result is the file, and the invitations are marked printed when it is written."""
    # Imported when queued: gatherings.tasks imports this module for the services its tasks
    # run, so a module-level import here would be circular.
    from lianyi.gatherings.tasks import invitations_pdf_task

    invitations = _printable(by=by, invitation_ids=invitation_ids)
    ids = [i.pk for i in invitations]
    gatherings = {i.gathering_id for i in invitations}
    params: dict[str, Any] = {"ids": ids}
    if len(gatherings) == 1:
        params["gathering"] = gatherings.pop()
    job, _created = create_job(by=by, kind=PDF_JOB, params=params, total=len(ids))
    enqueue_on_commit(job, invitations_pdf_task)
    audit(by, "gatherings.invitations.pdf_requested", job, data={"invitations": ids})
    return job


def run_invitations_pdf_job(*, job_id: int) -> Job:
    """The worker's side of :func:`request_invitations_pdf`: lays the invitations out with
    progress, then marks them printed and stores the file in one go (one revoked meanwhile,
    and nothing is marked)."""

    def work(job: Job) -> str:
        ids = [int(i) for i in job.params["ids"]]
        invitations = _printable(by=job.created_by, invitation_ids=ids)
        pdf = render_invitations_pdf(invitations, progress=count_progress(job.pk))
        with transaction.atomic():
            mark_printed(by=job.created_by, invitation_ids=ids)
            return store_job_file(job_id=job.pk, data=pdf, suffix=".pdf")

    return run_job(job_id=job_id, work=work)
