"""Two supervisors (the team's supervisor and the department's manager) confirm the same
previewed handover at the same moment, on PostgreSQL: the rep's and the customers' rows are
locked, so one confirmation moves every customer once and the other is refused as changed."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.aftercare.models import ProgrammeTask, TaskState
from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.models import Customer
from lianyi.org.models import User
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.selectors.handover import preview_handover
from lianyi.oversight.services.handover import confirm_handover
from tests.conftest import make_customer
from tests.factories import ProgrammeTaskFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CUSTOMERS = 5
ROUNDS = 3


def _confirm(
    by: User, rep: User, moves: dict[int, int], token: str, barrier: threading.Barrier
) -> str:
    try:
        barrier.wait()
        confirm_handover(by=by, rep_id=rep.pk, moves=moves, token=token)
        return "moved"
    except DomainError as error:
        return error.code
    finally:
        connection.close()


def test_two_confirmations_of_one_handover_at_once_move_each_customer_once(world):
    for round_ in range(ROUNDS):
        rep = world.rep if round_ % 2 == 0 else world.rep_same_team
        to = world.rep_same_team if rep == world.rep else world.rep
        customers = [
            make_customer(world, owner=rep, step=3, name=f"客户{round_}-{i}")
            for i in range(CUSTOMERS)
        ]
        for customer in customers:
            ProgrammeTaskFactory(customer=customer)
        moves = {c.pk: to.pk for c in customers}
        tokens = {
            by.pk: preview_handover(user=by, rep_id=rep.pk, moves=moves).token
            for by in (world.supervisor, world.manager)
        }
        assert len(set(tokens.values())) == 1  # both previewed the same thing
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [
                pool.submit(_confirm, by, rep, moves, tokens[by.pk], barrier)
                for by in (world.supervisor, world.manager)
            ]
            outcomes = sorted(f.result() for f in futures)

        assert outcomes[0] == "moved", outcomes
        assert outcomes[1] in (OversightCode.HANDOVER_CHANGED, OversightCode.HANDOVER_NOT_OWNED)
        ids = [c.pk for c in customers]
        assert Customer.objects.filter(pk__in=ids, owner=to).count() == CUSTOMERS
        tasks = ProgrammeTask.objects.filter(customer_id__in=ids, state=TaskState.OPEN)
        assert {t.assigned_to_id for t in tasks} == {to.pk}
        moved = AuditEntry.objects.filter(
            action="oversight.handover.customer_moved", object_id__in=[str(pk) for pk in ids]
        )
        assert moved.count() == CUSTOMERS  # once each, by one of the two
        assert len({e.actor_id for e in moved}) == 1
