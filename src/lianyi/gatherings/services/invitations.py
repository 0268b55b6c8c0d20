"""Invitations as the journey issues and delivers them (steps 3 and 4)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.errors import Conflict, DomainError
from lianyi.customers.models import Customer
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.locks import lock_gathering_row, lock_invitation
from lianyi.gatherings.models import Gathering, Invitation, InvitationState
from lianyi.gatherings.selectors import upcoming_gatherings
from lianyi.gatherings.services.planning import ensure_room_for_guests
from lianyi.org.models import User

MAX_GUESTS = 2  # the customer and one companion: two seats per invitation


def choose_gathering(*, by: User, gathering_id: int | None) -> Gathering:
    qs = upcoming_gatherings(user=by)
    gathering = qs.filter(pk=gathering_id).first() if gathering_id else qs.first()
    if gathering is None:
        raise DomainError(
            _("没有可邀请的联谊会，请先安排一场。"),
            code=GatheringCode.NO_GATHERING,
            extra={"field": "gathering_id"},
        )
    return gathering


def clean_guests(names: list[str]) -> list[str]:
    guests = [n.strip() for n in names if n and n.strip()]
    if not 1 <= len(guests) <= MAX_GUESTS or any(len(n) > 50 for n in guests):
        raise DomainError(
            _("邀请函写明 1 至 2 位受邀人：客户本人和一位同伴。"),
            code=GatheringCode.GUESTS_INVALID,
            extra={"field": "guests"},
        )
    return guests


def issue_invitation(
    *,
    by: User,
    customer: Customer,
    gathering: Gathering,
    guests: list[str],
    delivery_slot: tuple[datetime, datetime],
    at: datetime,
) -> Invitation:
    """Called inside the second call's transaction, with the customer locked."""
    if delivery_slot[1] > gathering.starts_at:
        raise DomainError(
            _("送函时间必须在联谊会开始之前。"),
            code=GatheringCode.SLOT_AFTER_GATHERING,
            extra={"field": "slot_start"},
        )
    guest_names = clean_guests(guests)
    # Locked so that two reps inviting at once cannot both take the venue's last seats.
    gathering = lock_gathering_row(gathering.pk)
    ensure_room_for_guests(gathering, len(guest_names))
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                company=customer.company,
                gathering=gathering,
                customer=customer,
                guest_names=guest_names,
                delivery_slot_start=delivery_slot[0],
                delivery_slot_end=delivery_slot[1],
                issued_by=by,
                issued_at=at,
            )
    except IntegrityError:
        raise Conflict(
            _("该客户已有这场联谊会的邀请函。"), code=GatheringCode.INVITATION_EXISTS
        ) from None
    audit(by, "gatherings.invitation.issued", invitation, data={"guests": invitation.guest_names})
    return invitation


def deliver_invitation(
    *, by: User, invitation: Invitation, at: datetime, unprinted_confirmed: bool = False
) -> Invitation:
    """Called inside the second visit's transaction, with the customer locked. An invitation
    that was never printed is delivered only with ``unprinted_confirmed`` (the rep says that a
    card was handed over all the same, written by hand or printed elsewhere); the audit entry
    keeps that it was."""
    invitation = lock_invitation(invitation.pk)
    if invitation.state not in (InvitationState.ISSUED, InvitationState.PRINTED):
        raise Conflict(
            _("该邀请函不能再送达（当前状态：%(state)s）。")
            % {"state": invitation.get_state_display()},
            code=GatheringCode.INVITATION_NOT_DELIVERABLE,
        )
    unprinted = invitation.printed_at is None
    if unprinted and not unprinted_confirmed:
        raise DomainError(
            _(
                "这份邀请函还没有打印过。请先打印；如果已亲手交给客户"
                "（手写或另行打印的），请勾选确认。"
            ),
            code=GatheringCode.INVITATION_NOT_PRINTED,
            extra={"field": "unprinted_confirmed", "invitation": invitation.pk},
        )
    before = invitation.state
    invitation.state = InvitationState.DELIVERED
    invitation.delivered_at = at
    invitation.save(update_fields=["state", "delivered_at"])
    audit(
        by,
        "gatherings.invitation.delivered",
        invitation,
        changes={"state": [before, InvitationState.DELIVERED]},
        data={"unprinted": True} if unprinted else {},
    )
    return invitation
