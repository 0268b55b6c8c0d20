"""Revoking an invitation while its rep records the hand-over, at the same moment, on
PostgreSQL: both lock the invitation row, so a revoked invitation is never written back as
delivered (a lost update), and a delivery refused for want of a print record writes nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.gatherings.models import Invitation, InvitationState
from lianyi.gatherings.services.printing import revoke_invitation
from lianyi.journey import services as journey
from lianyi.journey.models import Touchpoint
from lianyi.journey.services import Contact
from tests.conftest import make_customer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS = 6


def test_a_revoke_and_a_delivery_at_once_never_resurrect_the_invitation(world):
    customers = [make_customer(world, step=4, name=f"客户{i}") for i in range(HOUSEHOLDS)]

    def revoke(customer_id: int, barrier: threading.Barrier) -> str:
        invitation = Invitation.objects.get(customer_id=customer_id)
        try:
            barrier.wait()
            revoke_invitation(by=world.supervisor, invitation_id=invitation.pk, reason="改期")
            return "revoked"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    def deliver(customer_id: int, barrier: threading.Barrier) -> str:
        try:
            barrier.wait()
            journey.record_second_visit(
                by=world.rep,
                customer_id=customer_id,
                invitation_handed_over=True,
                contact=Contact(),
                unprinted_confirmed=True,
            )
            return "delivered"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2 * HOUSEHOLDS) as pool:
        futures = []
        for customer in customers:
            barrier = threading.Barrier(2)
            futures.append(
                (
                    customer,
                    pool.submit(revoke, customer.pk, barrier),
                    pool.submit(deliver, customer.pk, barrier),
                )
            )
        outcomes = [(c, r.result(), d.result()) for c, r, d in futures]

    for customer, revoked, delivered in outcomes:
        invitation = Invitation.objects.get(customer=customer)
        visit = Touchpoint.objects.filter(customer=customer, kind="second_visit").exists()
        # revoking a delivered invitation is allowed, so the revoke always goes through
        assert revoked == "revoked", (revoked, delivered)
        assert invitation.state == InvitationState.REVOKED
        # the delivery either came first (and is recorded) or was refused (and left nothing)
        assert visit == (delivered == "delivered"), (revoked, delivered)
        if delivered == "delivered":
            assert invitation.delivered_at is not None
        else:
            assert invitation.delivered_at is None
