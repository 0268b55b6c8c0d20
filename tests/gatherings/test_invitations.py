"""Named invitations as the journey issues (second call) and delivers (second visit) them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.core.errors import DomainError
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import InvitationState
from lianyi.gatherings.selectors import upcoming_gatherings
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from tests.conftest import at_local, make_customer
from tests.factories import GatheringFactory


def tomorrow(hour: int) -> dt.datetime:
    return at_local(timezone.localdate() + dt.timedelta(days=1), hour)


def invite(world, customer, **kwargs):
    kwargs.setdefault("delivery_slot", (tomorrow(15), tomorrow(16)))
    kwargs.setdefault("gathering_id", world.gathering.pk)
    return journey.record_second_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        invitation_accepted=True,
        **kwargs,
    )


def refused(world, customer, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        invite(world, customer, **kwargs)
    assert not customer.invitations.exists()
    return error.value


def test_an_invitation_names_the_customer_and_the_companion(world):
    customer = make_customer(world, step=3)
    touchpoint = invite(world, customer, guests=["张桂兰", "李建国"])
    invitation = touchpoint.invitation
    assert invitation.guest_names == ["张桂兰", "李建国"]
    assert invitation.state == InvitationState.ISSUED
    assert (invitation.delivery_slot_start, invitation.delivery_slot_end) == (
        tomorrow(15),
        tomorrow(16),
    )


@pytest.mark.parametrize("guests", [["张桂兰", "李建国", "王秀英"], ["  ", ""], ["张" * 51]])
def test_an_invitation_has_one_or_two_named_guests(world, guests):
    customer = make_customer(world, step=3)
    assert refused(world, customer, guests=guests).code == GatheringCode.GUESTS_INVALID


def test_the_delivery_must_come_before_the_gathering(world):
    customer = make_customer(world, step=3)
    soon = GatheringFactory(company=world.company, starts_at=tomorrow(10))
    error = refused(world, customer, gathering_id=soon.pk)
    assert error.code == GatheringCode.SLOT_AFTER_GATHERING


def test_a_past_or_foreign_gathering_cannot_be_chosen(world):
    customer = make_customer(world, step=3)
    past = GatheringFactory(company=world.company, starts_at=timezone.now() - dt.timedelta(days=1))
    foreign = GatheringFactory()
    assert refused(world, customer, gathering_id=past.pk).code == GatheringCode.NO_GATHERING
    assert refused(world, customer, gathering_id=foreign.pk).code == GatheringCode.NO_GATHERING


def test_upcoming_gatherings_are_the_companys_future_ones_in_date_order(world):
    later = GatheringFactory(company=world.company, starts_at=timezone.now() + dt.timedelta(30))
    GatheringFactory(company=world.company, starts_at=timezone.now() - dt.timedelta(days=1))
    GatheringFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    assert list(upcoming_gatherings(user=world.rep)) == [world.gathering, later]


def test_the_second_visit_delivers_the_invitation(world):
    customer = make_customer(world, step=5)
    invitation = customer.invitations.get()
    assert invitation.state == InvitationState.DELIVERED
    assert invitation.delivered_at is not None


def test_a_second_visit_without_handing_over_is_refused(world):
    customer = make_customer(world, step=4)
    with pytest.raises(DomainError) as error:
        journey.record_second_visit(
            by=world.rep,
            customer_id=customer.pk,
            invitation_handed_over=False,
            contact=Contact(),
        )
    assert error.value.code == "journey.invitation_not_handed_over"
    assert customer.invitations.get().state == InvitationState.ISSUED
