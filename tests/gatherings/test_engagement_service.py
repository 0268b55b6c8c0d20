"""Engagement: a rep taps the signals of their checked-in households; scoped and audited."""

from __future__ import annotations

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Engagement, Invitation
from lianyi.gatherings.selectors.engagement import (
    engagement_household,
    engagement_households,
    engagements_for_customer,
)
from lianyi.gatherings.services.engagement import set_engagement, toggle_engagement_signal
from tests.conftest import World, make_customer
from tests.gatherings.door import admit


def admitted(world: World, owner=None) -> Invitation:  # type: ignore[no-untyped-def]
    customer = make_customer(world, step=5, owner=owner or world.rep)
    return admit(customer, by=world.event_staff, gathering=world.gathering)


def test_signals_are_stored_once_each_in_a_fixed_order_and_audited(world: World) -> None:
    invitation = admitted(world)
    engagement = set_engagement(
        by=world.rep,
        invitation_id=invitation.pk,
        signals=["asked_questions", "listened", "asked_questions"],
    )
    assert engagement.signals == ["listened", "asked_questions"]
    entry = AuditEntry.objects.get(action="gatherings.engagement.set")
    assert entry.changes == {"signals": [[], ["listened", "asked_questions"]]}


def test_taps_switch_one_signal_on_and_off(world: World) -> None:
    invitation = admitted(world)
    toggle_engagement_signal(by=world.rep, invitation_id=invitation.pk, signal="listened", on=True)
    toggle_engagement_signal(
        by=world.rep, invitation_id=invitation.pk, signal="studies_price_list", on=True
    )
    toggle_engagement_signal(by=world.rep, invitation_id=invitation.pk, signal="listened", on=False)
    assert Engagement.objects.get(invitation=invitation).signals == ["studies_price_list"]


def test_an_unknown_signal_is_refused(world: World) -> None:
    invitation = admitted(world)
    with pytest.raises(DomainError) as excinfo:
        set_engagement(by=world.rep, invitation_id=invitation.pk, signals=["wealthy"])
    assert excinfo.value.code == GatheringCode.ENGAGEMENT_SIGNAL_UNKNOWN


def test_a_household_not_checked_in_cannot_be_noted(world: World) -> None:
    customer = make_customer(world, step=5)
    invitation = Invitation.objects.get(customer=customer)
    with pytest.raises(DomainError) as excinfo:
        set_engagement(by=world.rep, invitation_id=invitation.pk, signals=["listened"])
    assert excinfo.value.code == GatheringCode.ENGAGEMENT_NOT_CHECKED_IN


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("rep", True),
        ("supervisor", True),
        ("rep_same_team", False),
        ("supervisor_other_team", False),
        ("manager", False),
        ("admin", False),
        ("event_staff", False),
        ("outsider_admin", False),
    ],
)
def test_only_the_owner_and_the_team_supervisor_note_engagement(
    world: World, who: str, allowed: bool
) -> None:
    invitation = admitted(world)
    user = getattr(world, who)
    if allowed:
        set_engagement(by=user, invitation_id=invitation.pk, signals=["listened"])
        assert Engagement.objects.filter(invitation=invitation).exists()
    else:
        with pytest.raises(DomainError) as excinfo:
            set_engagement(by=user, invitation_id=invitation.pk, signals=["listened"])
        assert excinfo.value.code in {"not_found", "forbidden"}
        assert not Engagement.objects.exists()


def test_the_rep_sees_only_their_own_checked_in_households(world: World) -> None:
    mine = admitted(world)
    admitted(world, owner=world.rep_same_team)
    make_customer(world, step=5)  # mine, but not at the door
    _gathering, households = engagement_households(user=world.rep, gathering_id=world.gathering.pk)
    assert [h.invitation.pk for h in households] == [mine.pk]
    _gathering, team = engagement_households(user=world.supervisor, gathering_id=world.gathering.pk)
    assert len(team) == 2


def test_the_customer_page_lists_the_signals_per_gathering(world: World) -> None:
    invitation = admitted(world)
    set_engagement(by=world.rep, invitation_id=invitation.pk, signals=["tried_product"])
    [noted] = engagements_for_customer(customer=invitation.customer)
    assert noted.gathering == world.gathering and noted.labels == ["试用了产品"]


@pytest.mark.parametrize("invitation_id", ["²", "1.5", "", None, "abc"])
def test_an_id_that_is_not_a_number_is_not_found(world: World, invitation_id: object) -> None:
    # The selector reads what a query string gives; the service takes an int (issue 7, item 17:
    # the URL converts it, and mypy checks every caller).
    admitted(world)
    with pytest.raises(DomainError) as excinfo:
        engagement_household(user=world.rep, invitation_id=invitation_id)
    assert excinfo.value.code == "not_found"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_tap_locks_the_invitation_but_not_the_customer_or_the_rep(world: World) -> None:
    import threading

    from django.db import DatabaseError, connection, transaction

    from lianyi.customers.models import Customer
    from lianyi.org.models import User

    invitation = admitted(world, owner=world.rep_same_team)
    outcome: dict[str, str] = {}

    def write_elsewhere() -> None:
        try:
            with transaction.atomic():
                for model, pk in (
                    (Customer, invitation.customer_id),
                    (User, world.rep_same_team.pk),
                ):
                    model.objects.select_for_update(nowait=True).get(pk=pk)
                try:
                    Invitation.objects.select_for_update(nowait=True).get(pk=invitation.pk)
                    outcome["invitation"] = "free"
                except DatabaseError:
                    outcome["invitation"] = "locked"
            outcome["others"] = "free"
        except DatabaseError:
            outcome["others"] = "locked"
        finally:
            connection.close()

    # given a supervisor's tap in flight (scoped through the customer's owner's team)
    with transaction.atomic():
        set_engagement(by=world.supervisor, invitation_id=invitation.pk, signals=["listened"])
        # when another request locks the customer, its owner and the invitation
        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join()

    # then only the invitation is held
    assert outcome == {"invitation": "locked", "others": "free"}
