"""The rounds of steps 3 and 4 as the database holds them: a customer's history with the end of
each gathering it names, the round the customer is in now, and the refusal of a second
invitation while the customer still waits for a gathering (see ``journey.progress``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from lianyi.core.clock import now
from lianyi.core.errors import Conflict
from lianyi.customers.models import Customer
from lianyi.gatherings.selectors import gathering_ends
from lianyi.gatherings.selectors.invitations import invitation_gathering
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.progress import JourneyState, Round, Rules, current_round, derive
from lianyi.journey.steps import Step

HISTORY_FIELDS = [
    "kind",
    "occurred_at",
    "outcome",
    "slot_start",
    "slot_end",
    "invitation_accepted",
    "invitation_id",
    "latitude",
    "longitude",
]
JOURNEY_FIELDS = [
    "step",
    "next_action",
    "next_due_at",
    "next_due_until",
    "last_contact_at",
]
# The visit location is derived too but left out of the audit entries' changes.
DERIVED_FIELDS = [*JOURNEY_FIELDS, "visit_latitude", "visit_longitude"]
# The steps a gathering's end moves on by itself (to the next round's invitation call).
WAITING_STEPS = frozenset({Step.SECOND_VISIT, Step.GATHERING})


def history(customer: Any) -> tuple[list[Touchpoint], dict[int, datetime]]:
    """The customer's touchpoints and, for each invitation they name, its gathering's end."""
    touchpoints = list(Touchpoint.objects.filter(customer=customer).only(*HISTORY_FIELDS))
    ends = gathering_ends(
        invitation_ids=[t.invitation_id for t in touchpoints if t.invitation_id is not None]
    )
    return touchpoints, ends


def state_now(customer: Any, *, at: datetime | None = None) -> JourneyState:
    """The journey derived afresh at ``at`` (default now), without writing it."""
    touchpoints, ends = history(customer)
    return derive(
        touchpoints,
        rules=Rules.for_company(customer.company),
        referred_at=customer.created_at if customer.referrer_id else None,
        contactable=customer.contactable,
        round_ends=ends,
        at=at or now(),
    )


def refresh_progress(customer: Customer) -> Customer:
    """Recompute the cached journey fields from the touchpoints (the only writer of them), at
    this moment: a gathering over by now has closed its round."""
    touchpoints, ends = history(customer)
    state = derive(
        touchpoints,
        rules=Rules.for_company(customer.company),
        referred_at=customer.created_at if customer.referrer_id else None,
        contactable=customer.contactable,
        round_ends=ends,
        at=now(),
    )
    customer.step = state.step
    customer.next_action = state.next_action
    customer.next_due_at = state.next_due_at
    customer.next_due_until = state.next_due_until
    customer.last_contact_at = state.last_contact_at
    located = [t for t in touchpoints if t.latitude is not None and t.longitude is not None]
    latest = max(located, key=lambda t: (t.occurred_at, t.pk), default=None)
    customer.visit_latitude = latest.latitude if latest else None
    customer.visit_longitude = latest.longitude if latest else None
    customer.save(update_fields=DERIVED_FIELDS)
    return customer


def round_now(customer: Any, *, at: datetime | None = None) -> Round:
    touchpoints, ends = history(customer)
    return current_round(touchpoints, round_ends=ends, at=at or now())


def ensure_no_gathering_pending(customer: Any, step: Step, *, at: datetime | None = None) -> None:
    """A customer who was handed an invitation is invited to another gathering only once that
    one is over: never two pending invitations at once."""
    if step != Step.GATHERING:
        return
    current = round_now(customer, at=at)
    if current.waiting_for is None:
        return
    gathering = invitation_gathering(invitation_id=current.waiting_for)
    tz = customer.company.quiet_hours().tz
    raise Conflict(
        _("客户已受邀参加“%(gathering)s”（%(ends)s 结束），这场联谊会结束后才能邀请参加下一场。")
        % {
            "gathering": gathering.name,
            "ends": gathering.over_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        },
        code=JourneyCode.GATHERING_PENDING,
        extra={"gathering_id": gathering.pk, "over_at": gathering.over_at.isoformat()},
    )
