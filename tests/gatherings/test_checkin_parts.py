"""Check-in in parts (issue 7, item 18): parsing the scan, the lookup and the locked decision
each stand alone, and the decision takes an invitation already looked up and locked, as
pretix's perform_checkin takes an order position."""

from __future__ import annotations

import pytest
from django.db import transaction

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.models import CheckIn, CheckInList, InvitationState
from lianyi.gatherings.selectors.checkin import check_in_gathering
from lianyi.gatherings.services.checkin import ScanAnswer, locked_invitation, perform_checkin
from lianyi.gatherings.services.checkin.lookup import Miss, Target, find_target
from lianyi.gatherings.services.checkin.scan import (
    CheckInCode,
    ScanMethod,
    ensure_something_to_scan,
    read_scan,
)
from lianyi.gatherings.services.printing import revoke_invitation
from tests.conftest import make_customer

DOOR = CheckInList.DOOR


def _scan(**kwargs):
    fields = {"list_kind": DOOR, "token": "", "mobile_tail": "", "surname": ""}
    fields |= {"client_nonce": "", "method": ScanMethod.CAMERA} | kwargs
    return read_scan(**fields)


def test_parsing_the_scan_cleans_it_and_refuses_an_unknown_list():
    scan = _scan(token="  abc  ", client_nonce=" n" * 100, method="anything")
    assert (scan.token, scan.method, len(scan.client_nonce)) == ("abc", ScanMethod.CAMERA, 64)
    with pytest.raises(DomainError) as refused:
        _scan(list_kind="kitchen", token="abc")
    assert refused.value.code == CheckInCode.LIST_INVALID
    with pytest.raises(DomainError) as empty:
        ensure_something_to_scan(_scan())
    assert empty.value.code == CheckInCode.NOTHING_TO_SCAN


def test_the_lookup_names_the_invitation_without_locking_or_writing(world):
    invitation = make_customer(world, step=5).invitations.get()
    gathering = check_in_gathering(user=world.event_staff, gathering_id=world.gathering.pk)

    by_token = find_target(
        by=world.event_staff, gathering=gathering, scan=_scan(token=invitation.token)
    )
    by_code = find_target(
        by=world.event_staff, gathering=gathering, scan=_scan(token=invitation.token[:8])
    )
    forged = find_target(by=world.event_staff, gathering=gathering, scan=_scan(token="!" * 20))

    assert by_token == Target(token=invitation.token)
    assert by_code == Target(invitation_id=invitation.pk)
    assert isinstance(forged, Miss) and forged.answer == ScanAnswer.MALFORMED
    assert not CheckIn.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_locked_decision_admits_an_invitation_already_looked_up(world):
    # given an invitation looked up and locked by the caller
    invitation = make_customer(world, step=5).invitations.get()
    gathering = check_in_gathering(user=world.event_staff, gathering_id=world.gathering.pk)
    with transaction.atomic():
        locked = locked_invitation(
            company_id=gathering.company_id, token=None, invitation_id=invitation.pk
        )
        assert locked is not None

        # when the decision is taken on it (no scan, no lookup, no window here)
        result = perform_checkin(
            by=world.event_staff,
            gathering=gathering,
            invitation=locked,
            list_kind=DOOR,
            bus=None,
            client_nonce="n",
            method=ScanMethod.MANUAL,
        )

    # then it is admitted and recorded like a scan
    assert result.answer == ScanAnswer.ADMITTED
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CHECKED_IN
    assert CheckIn.objects.get().method == ScanMethod.MANUAL
    assert AuditEntry.objects.filter(action="gatherings.invitation.admitted").count() == 1


def test_the_locked_decision_refuses_a_revoked_invitation_and_writes_nothing(world):
    invitation = make_customer(world, step=5).invitations.get()
    revoke_invitation(by=world.supervisor, invitation_id=invitation.pk, reason="重复")
    gathering = check_in_gathering(user=world.event_staff, gathering_id=world.gathering.pk)
    with transaction.atomic():
        locked = locked_invitation(
            company_id=gathering.company_id, token=invitation.token, invitation_id=None
        )
        assert locked is not None
        result = perform_checkin(
            by=world.event_staff,
            gathering=gathering,
            invitation=locked,
            list_kind=DOOR,
            bus=None,
            client_nonce="",
            method=ScanMethod.CAMERA,
        )
    assert result.answer == ScanAnswer.REVOKED
    assert not CheckIn.objects.exists()
