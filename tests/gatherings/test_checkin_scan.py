"""Scanning invitations when boarding and at the door: every answer a scan can get, the state
it moves the invitation to, retries and who may find whom by manual entry."""

from __future__ import annotations

import logging

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.models import (
    Bus,
    CheckIn,
    CheckInList,
    GatheringState,
    Invitation,
    InvitationState,
    StaffRole,
)
from lianyi.gatherings.selectors.checkin import bus_headcounts, door_count
from lianyi.gatherings.services.checkin import (
    CheckInCode,
    ScanAnswer,
    check_in,
    token_from_scan,
)
from lianyi.gatherings.services.planning import assign_staff
from tests.conftest import make_customer
from tests.factories import (
    GatheringFactory,
    add_bus,
    add_stop,
    add_table,
    put_on_bus,
    seat_at,
)
from tests.gatherings.door import in_checkin_window

DOOR = CheckInList.DOOR
BOARDING = CheckInList.BOARDING


def delivered(world, **kwargs) -> Invitation:
    customer = make_customer(world, step=5, **kwargs)
    invitation = customer.invitations.get()
    assert invitation.state == InvitationState.DELIVERED
    return invitation


def scan(world, invitation=None, *, by=None, list_kind=DOOR, **kwargs):
    if invitation is not None:
        kwargs.setdefault("token", invitation.token)
    with in_checkin_window(world.gathering):
        return check_in(
            by=by or world.event_staff,
            gathering_id=kwargs.pop("gathering_id", world.gathering.pk),
            list_kind=list_kind,
            **kwargs,
        )


def bus(world, name="1号车", seats=40) -> Bus:
    return add_bus(world.gathering, by=world.admin, name=name, seats=seats)


def state_of(invitation: Invitation) -> str:
    invitation.refresh_from_db()
    return invitation.state


def test_a_delivered_invitation_is_admitted_at_the_door_with_names_and_table(world):
    invitation = delivered(world, name="张桂兰")
    table = add_table(world.gathering, by=world.admin, number=7, seats=10)
    seat_at(invitation, table, by=world.admin)

    result = scan(world, invitation, client_nonce="n-1")

    assert result.answer == ScanAnswer.ADMITTED
    assert result.data["guests"] == ["张桂兰", "李建国"]
    assert result.data["companion"] == "李建国"
    assert result.data["table"] == 7
    assert result.data["not_delivered"] is False
    assert "张桂兰" in result.message
    assert state_of(invitation) == InvitationState.CHECKED_IN
    row = CheckIn.objects.get(invitation=invitation)
    assert (row.list_kind, row.guests, row.by, row.client_nonce, row.method) == (
        DOOR,
        2,
        world.event_staff,
        "n-1",
        "camera",
    )
    entry = AuditEntry.objects.get(action="gatherings.invitation.admitted")
    assert entry.actor == world.event_staff
    assert entry.changes == {"state": ["delivered", "checked_in"]}
    assert entry.data["list"] == DOOR


def test_a_second_scan_answers_already_admitted_with_when_where_and_by_whom(world):
    invitation = delivered(world)
    scan(world, invitation, client_nonce="first")

    again = scan(world, invitation, by=world.rep, client_nonce="second")

    assert again.answer == ScanAnswer.ALREADY_ADMITTED
    assert again.data["list"] == DOOR
    assert again.data["by"] == str(world.event_staff)
    assert again.data["at"] == CheckIn.objects.get().at
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="gatherings.invitation.admitted").count() == 1


def test_a_retry_with_the_same_nonce_answers_admitted_again_and_writes_nothing(world):
    invitation = delivered(world)
    first = scan(world, invitation, client_nonce="same-nonce")

    retry = scan(world, invitation, client_nonce="same-nonce")

    assert first.answer == retry.answer == ScanAnswer.ADMITTED
    assert retry.data == first.data
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="gatherings.invitation.admitted").count() == 1


def test_an_empty_nonce_is_never_a_retry(world):
    invitation = delivered(world)
    scan(world, invitation)
    assert scan(world, invitation).answer == ScanAnswer.ALREADY_ADMITTED


def test_boarding_then_the_door_moves_the_invitation_forward_only(world):
    invitation = delivered(world)
    coach = bus(world)

    boarded = scan(world, invitation, list_kind=BOARDING, bus_id=coach.pk)
    assert boarded.answer == ScanAnswer.ADMITTED
    assert state_of(invitation) == InvitationState.BOARDED

    at_door = scan(world, invitation, list_kind=DOOR)
    assert at_door.answer == ScanAnswer.ADMITTED
    assert state_of(invitation) == InvitationState.CHECKED_IN
    assert set(CheckIn.objects.values_list("list_kind", flat=True)) == {BOARDING, DOOR}


def test_boarding_after_the_door_keeps_the_invitation_checked_in(world):
    invitation = delivered(world)
    coach = bus(world)
    scan(world, invitation, list_kind=DOOR)

    result = scan(world, invitation, list_kind=BOARDING, bus_id=coach.pk)

    assert result.answer == ScanAnswer.ADMITTED
    assert state_of(invitation) == InvitationState.CHECKED_IN


def test_each_list_admits_once(world):
    invitation = delivered(world)
    coach = bus(world)
    scan(world, invitation, list_kind=BOARDING, bus_id=coach.pk)
    again = scan(world, invitation, list_kind=BOARDING, bus_id=coach.pk)
    assert again.answer == ScanAnswer.ALREADY_ADMITTED
    assert again.data["list"] == BOARDING
    assert again.data["checked_in_bus"] == coach.name


def test_a_revoked_invitation_is_refused_and_nothing_is_written(world, caplog):
    invitation = delivered(world, name="王秀英")
    Invitation.objects.filter(pk=invitation.pk).update(state=InvitationState.REVOKED)

    with caplog.at_level(logging.INFO, logger="lianyi.gatherings.checkin"):
        result = scan(world, invitation)

    assert result.answer == ScanAnswer.REVOKED
    assert result.data == {}
    assert not CheckIn.objects.exists()
    assert state_of(invitation) == InvitationState.REVOKED
    assert not AuditEntry.objects.filter(action="gatherings.invitation.admitted").exists()
    # the refusal is logged, without the token or the guest's name
    assert "revoked" in caplog.text
    assert invitation.token not in caplog.text and "王秀英" not in caplog.text


def test_an_unknown_token_is_unknown(world):
    delivered(world)
    assert scan(world, token="A" * 32).answer == ScanAnswer.UNKNOWN
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "token", ["abc", "有中文的邀请码有中文的邀请码有中文", "x" * 65, "a b c d e f g h i j"]
)
def test_a_malformed_token_is_malformed(world, token):
    assert scan(world, token=token).answer == ScanAnswer.MALFORMED


def test_a_token_of_another_company_is_unknown_not_other_gathering(world):
    invitation = delivered(world)
    Invitation.objects.filter(pk=invitation.pk).update(company=world.outsider_admin.company)
    assert scan(world, invitation).answer == ScanAnswer.UNKNOWN


def test_an_invitation_of_another_gathering_is_refused(world):
    invitation = delivered(world)
    other = GatheringFactory(company=world.company, name="冬季联谊会")

    result = scan(world, invitation, gathering_id=other.pk)

    assert result.answer == ScanAnswer.OTHER_GATHERING
    assert not CheckIn.objects.exists()


def test_boarding_a_bus_the_invitation_is_not_assigned_to_is_wrong_bus(world):
    invitation = delivered(world)
    first, second = bus(world, "1号车"), bus(world, "2号车")
    stop = add_stop(first, by=world.admin, name="幸福里北门")
    put_on_bus(invitation, first, by=world.admin, stop=stop)

    result = scan(world, invitation, list_kind=BOARDING, bus_id=second.pk)

    assert result.answer == ScanAnswer.WRONG_BUS
    assert result.data == {"bus": "1号车", "stop": "幸福里北门"}
    assert not CheckIn.objects.exists()
    assert scan(world, invitation, list_kind=BOARDING, bus_id=first.pk).admitted


def test_an_invitation_without_a_bus_may_board_any_bus(world):
    invitation = delivered(world)
    coach = bus(world)
    assert scan(world, invitation, list_kind=BOARDING, bus_id=coach.pk).admitted
    assert CheckIn.objects.get().bus == coach


def test_a_closed_gathering_takes_no_scans(world):
    invitation = delivered(world)
    world.gathering.state = GatheringState.CLOSED
    world.gathering.save(update_fields=["state"])

    assert scan(world, invitation).answer == ScanAnswer.CLOSED
    assert not CheckIn.objects.exists()


def test_an_issued_invitation_never_recorded_as_delivered_admits_and_says_so(world):
    customer = make_customer(world, step=4)
    invitation = customer.invitations.get()
    assert invitation.state == InvitationState.ISSUED

    result = scan(world, invitation)

    assert result.admitted
    assert result.data["not_delivered"] is True
    entry = AuditEntry.objects.get(action="gatherings.invitation.admitted")
    assert entry.data["state_before"] == InvitationState.ISSUED


def test_the_scanned_text_may_be_a_link_that_ends_with_the_token(world):
    invitation = delivered(world)
    assert token_from_scan(f"https://lianyi.example/i/{invitation.token}/") == invitation.token
    assert token_from_scan(f"https://lianyi.example/scan?token={invitation.token}") == (
        invitation.token
    )
    assert scan(world, token=f"  https://x.example/i/{invitation.token}\n").admitted


def test_manual_entry_finds_the_invitation_by_mobile_tail_and_surname(world):
    invitation = delivered(world, name="欧阳秀珍", mobile="13912345678")

    result = scan(
        world, by=world.rep, mobile_tail="5678", surname="欧阳", method="manual", client_nonce="m"
    )

    assert result.admitted
    assert result.data["invitation_id"] == invitation.pk
    assert CheckIn.objects.get().method == "manual"


def test_manual_entry_with_two_matching_households_lists_nobody(world):
    delivered(world, name="张桂兰", mobile="13900001234")
    delivered(world, name="张秀英", mobile="13800001234")

    result = scan(world, by=world.rep, mobile_tail="1234", surname="张", method="manual")

    assert result.answer == ScanAnswer.AMBIGUOUS
    assert result.data == {"matches": 2}
    assert "张桂兰" not in result.message and "张秀英" not in result.message
    assert not CheckIn.objects.exists()


def test_manual_entry_with_no_match_is_unknown(world):
    delivered(world, name="张桂兰", mobile="13900001234")
    assert scan(world, by=world.rep, mobile_tail="1234", surname="李").answer == ScanAnswer.UNKNOWN
    assert scan(world, by=world.rep, mobile_tail="9999", surname="张").answer == ScanAnswer.UNKNOWN


@pytest.mark.parametrize(("tail", "surname"), [("12a4", "张"), ("123", "张"), ("1234", "")])
def test_manual_entry_needs_four_digits_and_a_surname(world, tail, surname):
    assert scan(world, mobile_tail=tail, surname=surname).answer == ScanAnswer.MALFORMED


def test_a_rep_of_another_team_cannot_find_someone_elses_guest_by_manual_entry(world):
    delivered(world, name="张桂兰", mobile="13900001234")

    result = scan(world, by=world.rep_other_team, mobile_tail="1234", surname="张")

    assert result.answer == ScanAnswer.UNKNOWN
    assert result.data == {}
    assert "张桂兰" not in result.message
    assert not CheckIn.objects.exists()


def test_event_staff_find_the_whole_guest_list_only_when_on_the_gatherings_staff(world):
    delivered(world, name="张桂兰", mobile="13900001234")
    manual = {"mobile_tail": "1234", "surname": "张", "method": "manual"}
    assert scan(world, by=world.event_staff, **manual).answer == ScanAnswer.UNKNOWN

    assign_staff(
        by=world.admin,
        gathering_id=world.gathering.pk,
        user_id=world.event_staff.pk,
        role=StaffRole.REGISTRAR,
    )
    assert scan(world, by=world.event_staff, **manual).admitted


def test_a_rep_of_another_team_admits_a_guest_who_holds_the_token(world):
    invitation = delivered(world)
    assert scan(world, invitation, by=world.rep_other_team).admitted


def test_manual_entry_for_a_customer_invited_to_another_gathering(world):
    delivered(world, name="张桂兰", mobile="13900001234")
    other = GatheringFactory(company=world.company, name="冬季联谊会")
    result = scan(world, by=world.rep, mobile_tail="1234", surname="张", gathering_id=other.pk)
    assert result.answer == ScanAnswer.OTHER_GATHERING


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"list_kind": "bar"}, CheckInCode.LIST_INVALID),
        ({"list_kind": BOARDING}, CheckInCode.BUS_REQUIRED),
        ({"list_kind": BOARDING, "bus_id": 999999}, CheckInCode.BUS_UNKNOWN),
        ({"token": ""}, CheckInCode.NOTHING_TO_SCAN),
    ],
)
def test_requests_a_scanner_never_sends_are_errors(world, kwargs, code):
    kwargs.setdefault("token", "A" * 32)
    with pytest.raises(DomainError) as error:
        scan(world, **kwargs)
    assert error.value.code == code


def test_a_bus_of_another_gathering_is_not_a_bus_here(world):
    other = GatheringFactory(company=world.company)
    coach = add_bus(other, by=world.admin)
    with pytest.raises(DomainError) as error:
        scan(world, token="A" * 32, list_kind=BOARDING, bus_id=coach.pk)
    assert error.value.code == CheckInCode.BUS_UNKNOWN


def test_a_gathering_of_another_company_is_not_found(world):
    invitation = delivered(world)
    other = GatheringFactory()  # another company
    with pytest.raises(DomainError) as error:
        scan(world, invitation, gathering_id=other.pk)
    assert error.value.code == "not_found"


@pytest.mark.parametrize("gathering_id", [0, -1, 2**63, 10**30, "12x"])
def test_a_gathering_id_that_cannot_be_one_is_not_found(world, gathering_id):
    with pytest.raises(DomainError) as error:
        scan(world, token="A" * 32, gathering_id=gathering_id)
    assert error.value.code == "not_found"


@pytest.mark.parametrize("role", ["service", "manager", "admin"])
def test_roles_without_the_check_in_capability_cannot_scan(world, role):
    invitation = delivered(world)
    with pytest.raises(DomainError) as error:
        scan(world, invitation, by=getattr(world, role))
    assert error.value.code == "forbidden"
    assert not CheckIn.objects.exists()


def test_bus_headcount_against_its_manifest(world):
    first, second = bus(world, "1号车"), bus(world, "2号车")
    on_first = delivered(world, name="张桂兰")  # two guests
    also_first = delivered(world, name="王秀英")
    unassigned = delivered(world, name="李淑珍")
    revoked = delivered(world, name="赵玉梅")
    Invitation.objects.filter(pk__in=[on_first.pk, also_first.pk]).update(bus=first)
    Invitation.objects.filter(pk=revoked.pk).update(bus=first, state=InvitationState.REVOKED)

    scan(world, on_first, list_kind=BOARDING, bus_id=first.pk)
    scan(world, unassigned, list_kind=BOARDING, bus_id=first.pk)

    rows = {row.name: row for row in bus_headcounts(gathering=world.gathering)}
    one = rows["1号车"]
    assert (one.manifest_households, one.manifest_guests) == (2, 4)
    assert (one.boarded_households, one.boarded_guests) == (2, 4)
    assert (one.off_manifest_households, one.off_manifest_guests) == (1, 2)
    assert one.missing_guests == 2  # 王秀英's household has not boarded
    assert rows["2号车"].manifest_households == rows["2号车"].boarded_households == 0
    assert second.pk == rows["2号车"].bus_id


def test_door_count(world):
    first = delivered(world, name="张桂兰")
    delivered(world, name="王秀英")
    revoked = delivered(world, name="赵玉梅")
    Invitation.objects.filter(pk=revoked.pk).update(state=InvitationState.REVOKED)
    scan(world, first)

    count = door_count(gathering=world.gathering)

    assert (count.expected_households, count.expected_guests) == (2, 4)
    assert (count.admitted_households, count.admitted_guests) == (1, 2)


def test_the_short_code_printed_on_the_invitation_admits_like_the_token(world):
    invitation = delivered(world)
    code = f"{invitation.token[:4]}-{invitation.token[4:8]}"

    result = scan(world, token=code, method="manual")

    assert result.admitted and result.data["invitation_id"] == invitation.pk
    assert scan(world, token=invitation.token[:8]).answer == ScanAnswer.ALREADY_ADMITTED


def test_a_short_code_is_typed_in_any_case_with_look_alikes_read_as_one(world):
    invitation = delivered(world)
    Invitation.objects.filter(pk=invitation.pk).update(token="7KQ2M01X" + "A" * 24)

    result = scan(world, token="7kq2 moix", method="manual")

    assert result.admitted and result.data["invitation_id"] == invitation.pk
    assert scan(world, token="7KQ2-MOLX").answer == ScanAnswer.ALREADY_ADMITTED
    assert scan(world, token="7KQ2-M02X").answer == ScanAnswer.UNKNOWN


def test_a_code_printed_before_from_a_mixed_case_token_still_admits(world):
    # Tokens issued before issue 7 are URL-safe base64: mixed case, with 0/O, l/I and -/_.
    invitation = delivered(world)
    Invitation.objects.filter(pk=invitation.pk).update(token="aO1l_IxZ" + "q" * 24)

    assert scan(world, token="aO1l_IxZ").admitted
    assert scan(world, token="a0il--1xz").answer == ScanAnswer.ALREADY_ADMITTED
    assert scan(world, token="AO1L-IXY").answer == ScanAnswer.UNKNOWN


def test_a_short_code_of_two_invitations_is_ambiguous(world):
    first, second = delivered(world, name="张桂兰"), delivered(world, name="王秀英")
    Invitation.objects.filter(pk=first.pk).update(token="abcdEFGH" + "x" * 24)
    Invitation.objects.filter(pk=second.pk).update(token="abcdEFGH" + "y" * 24)
    result = scan(world, token="abcdEFGH")
    assert result.answer == ScanAnswer.AMBIGUOUS
    assert result.data == {}
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(("nonce", "answer"), [("late", "already_admitted"), ("first", "admitted")])
def test_the_unique_constraint_decides_a_second_scan(world, monkeypatch, nonce, answer):
    # given an admitted invitation, and the read of a list's existing check-in watched
    from lianyi.gatherings.services.checkin import decision as service

    invitation = delivered(world)
    reads = []
    real = service._existing
    monkeypatch.setattr(service, "_existing", lambda *a: reads.append(a) or real(*a))
    scan(world, invitation, client_nonce="first")
    assert reads == []  # admitting inserted on the constraint without reading first

    # when it is scanned again, the insert meets the (invitation, list) constraint
    result = scan(world, invitation, client_nonce=nonce)

    # then it answers like a scan that saw the first one, and nothing more is written
    assert result.answer == answer
    assert len(reads) == 1
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="gatherings.invitation.admitted").count() == 1
