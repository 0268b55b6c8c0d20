"""Rounds close by the clock: when the gathering a customer waits for is over, the journey moves
on to the next round's invitation call without anyone recording anything. A task scheduled for
that gathering's end (``run_after``) derives that one customer's journey again, so the today page
shows them again; every recording service derives it afresh too, so a late worker never lets a
rule be applied to a stale step."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.customers.locks import lock_customer
from lianyi.gatherings.selectors.invitations import invitation_gathering
from lianyi.journey.rounds import JOURNEY_FIELDS, WAITING_STEPS, refresh_progress, round_now
from lianyi.journey.steps import Step


def schedule_round_end(*, customer_id: int, at: datetime) -> None:
    """After the commit, a task for ``at`` that moves the customer on if the round is over."""
    # Imported when queued: journey.tasks imports this module for the service its task runs.
    from lianyi.journey.tasks import catch_up_journey_task

    def send() -> None:
        # The immediate backend (tests) runs at once and cannot wait: nothing to schedule there.
        if catch_up_journey_task.get_backend().supports_defer:
            catch_up_journey_task.using(run_after=at).enqueue(customer_id)

    transaction.on_commit(send)


@transaction.atomic
def catch_up_journey(*, customer_id: int) -> None:
    """Derive the journey again now that a gathering may be over (the task's service). If the
    gathering moved later, the customer still waits: scheduled again for its new end."""
    customer = lock_customer(customer_id)
    if customer.step not in WAITING_STEPS:
        return
    before = snapshot(customer, JOURNEY_FIELDS)
    refresh_progress(customer)
    changes = diff(before, customer)
    if customer.step in WAITING_STEPS:
        current = round_now(customer)
        if current.waiting_for is not None:
            over_at = invitation_gathering(invitation_id=current.waiting_for).over_at
            if over_at > now():
                schedule_round_end(customer_id=customer.pk, at=over_at)
    if changes:
        audit(
            None,
            "journey.round.opened",
            customer,
            company=customer.company,
            changes=changes,
            data={"customer": customer.pk, "step": int(Step(customer.step))},
        )
