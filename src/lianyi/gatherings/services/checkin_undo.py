"""Undoing a check-in (issue 7, point 10): a planner takes back a scan made by mistake.

The gathering's planners (``GATHERINGS_PLAN``) may undo a check-in of an invitation they can
see (the customers' scoping door), with a reason. The check-in row is deleted, so every count
and the draw's eligible list (the door list) follow; the invitation's state is put back to
what its remaining check-ins and its timestamps say (boarded when it still has a boarding
check-in, else delivered, printed or issued); a revoked invitation stays revoked. One audit
entry keeps the removed check-in and the reason.

Once a draw round has run, the published eligible list is fixed: undoing then is refused
(``gatherings.check_in_undo_after_draw``). The draw row is locked like :func:`run_draw_round`
locks it, so an undo and a round cannot cross.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.errors import Conflict, DomainError, NotFound
from lianyi.core.lookup import get_by_id
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.locks import lock_draw_row, lock_invitation
from lianyi.gatherings.models import (
    CheckIn,
    CheckInList,
    Invitation,
    InvitationState,
)
from lianyi.gatherings.selectors.planning import get_gathering, visible_invitations
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User

MAX_REASON = 200


def state_without_check_in(invitation: Invitation, *, remaining: set[str]) -> str:
    """The state an invitation has with only the check-ins on the lists in ``remaining``."""
    if invitation.state == InvitationState.REVOKED:
        return InvitationState.REVOKED
    if CheckInList.DOOR in remaining:
        return InvitationState.CHECKED_IN
    if CheckInList.BOARDING in remaining:
        return InvitationState.BOARDED
    if invitation.delivered_at is not None:
        return InvitationState.DELIVERED
    if invitation.printed_at is not None:
        return InvitationState.PRINTED
    return InvitationState.ISSUED


@transaction.atomic
def undo_check_in(
    *, by: User, gathering_id: int, invitation_id: int, list_kind: str, reason: str
) -> Invitation:
    """Delete the invitation's check-in on ``list_kind`` ("door" or "boarding") with a reason."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    gathering = get_gathering(user=by, gathering_id=gathering_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("请填写撤销签到的原因。"),
            code=GatheringCode.CHECK_IN_UNDO_REASON_REQUIRED,
            extra={"field": "reason"},
        )
    if len(reason) > MAX_REASON:
        raise DomainError(
            _("原因最多 %(max)s 个字。") % {"max": MAX_REASON},
            code=GatheringCode.CHECK_IN_UNDO_REASON_REQUIRED,
            extra={"field": "reason"},
        )
    if list_kind not in CheckInList.values:
        raise NotFound()
    pk = get_by_id(visible_invitations(user=by).filter(gathering=gathering), invitation_id).pk
    # The draw first, as a round locks it, then the invitation, as a scan locks it.
    draw = lock_draw_row(gathering)
    if draw is not None and draw.runs.exists():
        raise Conflict(
            _("抽奖已经开始，参与名单已公布，不能再撤销签到。"),
            code=GatheringCode.CHECK_IN_UNDO_AFTER_DRAW,
        )
    invitation = lock_invitation(pk)
    check_in = CheckIn.objects.filter(invitation=invitation, list_kind=list_kind).first()
    if check_in is None:
        raise NotFound(_("这张邀请函没有这项签到。"))
    remaining = set(
        CheckIn.objects.filter(invitation=invitation)
        .exclude(pk=check_in.pk)
        .values_list("list_kind", flat=True)
    )
    removed = {
        "check_in": check_in.pk,
        "list": check_in.list_kind,
        "bus": check_in.bus_id,
        "guests": check_in.guests,
        "by": check_in.by_id,
        "at": check_in.at.isoformat(),
        "method": check_in.method,
    }
    check_in.delete()
    before = invitation.state
    after = state_without_check_in(invitation, remaining=remaining)
    if after != before:
        invitation.state = after
        invitation.save(update_fields=["state"])
    audit(
        by,
        "gatherings.check_in.undone",
        invitation,
        company=gathering.company,
        changes={"state": [before, after]} if after != before else None,
        data=removed | {"reason": reason},
    )
    return invitation
