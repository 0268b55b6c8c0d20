"""Undoing a check-in (issue 7, point 10): planners only, with a reason, audited; the state goes
back, the draw's eligible list follows, and once a round has run it is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import CheckIn, CheckInList, Invitation, InvitationState
from lianyi.gatherings.selectors.draw import eligible_invitations
from lianyi.gatherings.services.checkin import ScanAnswer, check_in
from lianyi.gatherings.services.checkin_undo import undo_check_in
from lianyi.gatherings.services.draw import Prize, lock_draw, publish_draw_rules, run_draw_round
from tests.conftest import World, make_customer
from tests.gatherings.door import admit, in_checkin_window, start_gathering

DOOR = CheckInList.DOOR
BOARDING = CheckInList.BOARDING


def admitted(world: World) -> Invitation:
    return admit(make_customer(world, step=5), by=world.event_staff, gathering=world.gathering)


def undo(world: World, invitation: Invitation, *, by=None, list_kind=DOOR, reason="扫错了人"):
    return undo_check_in(
        by=by or world.supervisor,
        gathering_id=world.gathering.pk,
        invitation_id=invitation.pk,
        list_kind=list_kind,
        reason=reason,
    )


def test_an_undone_door_check_in_is_gone_and_the_invitation_is_delivered_again(world):
    invitation = admitted(world)
    assert invitation.state == InvitationState.CHECKED_IN

    undone = undo(world, invitation)

    assert undone.state == InvitationState.DELIVERED
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DELIVERED
    assert not CheckIn.objects.filter(invitation=invitation).exists()
    entry = AuditEntry.objects.get(action="gatherings.check_in.undone")
    assert entry.data["reason"] == "扫错了人"
    assert entry.data["list"] == DOOR
    assert entry.changes == {"state": [InvitationState.CHECKED_IN, InvitationState.DELIVERED]}


def test_undoing_the_door_keeps_an_earlier_boarding(world):
    invitation = make_customer(world, step=5).invitations.get()
    with in_checkin_window(world.gathering):
        bus = world.gathering.buses.create(name="1号车", seats=40)
        for kind in (BOARDING, DOOR):
            result = check_in(
                by=world.event_staff,
                gathering_id=world.gathering.pk,
                list_kind=kind,
                token=invitation.token,
                bus_id=bus.pk if kind == BOARDING else None,
            )
            assert result.answer == ScanAnswer.ADMITTED

    assert undo(world, invitation).state == InvitationState.BOARDED
    assert undo(world, invitation, list_kind=BOARDING).state == InvitationState.DELIVERED


def test_the_guest_can_be_scanned_in_again_after_an_undo(world):
    invitation = admitted(world)
    undo(world, invitation)

    assert admit(invitation.customer, by=world.event_staff, gathering=world.gathering).pk


def test_an_undone_door_check_in_is_not_on_the_draw_list(world):
    kept, undone = admitted(world), admitted(world)

    undo(world, undone)

    assert [inv.pk for inv in eligible_invitations(world.gathering, excluding=set())] == [kept.pk]


def test_undoing_is_refused_once_a_draw_round_has_run(world):
    first, _second = admitted(world), admitted(world)
    publish_draw_rules(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        rules="入场嘉宾每户一个号。",
        prizes=[Prize("保温杯", Decimal("59.90"), 1)],
    )
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    start_gathering(world.gathering)
    run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)

    with pytest.raises(DomainError) as excinfo:
        undo(world, first)

    assert excinfo.value.code == GatheringCode.CHECK_IN_UNDO_AFTER_DRAW
    assert CheckIn.objects.filter(invitation=first).exists()
    assert not AuditEntry.objects.filter(action="gatherings.check_in.undone").exists()


@pytest.mark.parametrize("reason", ["", "   ", "长" * 201])
def test_undoing_needs_a_reason(world, reason):
    invitation = admitted(world)

    with pytest.raises(DomainError) as excinfo:
        undo(world, invitation, reason=reason)

    assert excinfo.value.code == GatheringCode.CHECK_IN_UNDO_REASON_REQUIRED
    assert excinfo.value.extra == {"field": "reason"}
    assert CheckIn.objects.filter(invitation=invitation).exists()


def test_door_staff_cannot_undo(world):
    invitation = admitted(world)

    with pytest.raises(DomainError) as excinfo:
        undo(world, invitation, by=world.event_staff)

    assert excinfo.value.code == "forbidden"
    assert CheckIn.objects.filter(invitation=invitation).exists()


def test_a_planner_undoes_only_within_their_scope(world):
    invitation = admitted(world)

    with pytest.raises(DomainError) as excinfo:
        undo(world, invitation, by=world.supervisor_other_team)

    assert excinfo.value.code == "not_found"
    assert CheckIn.objects.filter(invitation=invitation).exists()


def test_undoing_a_check_in_that_is_not_there_is_not_found(world):
    invitation = admitted(world)

    with pytest.raises(DomainError) as excinfo:
        undo(world, invitation, list_kind=BOARDING)

    assert excinfo.value.code == "not_found"
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CHECKED_IN
