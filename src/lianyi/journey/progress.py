"""Where a customer stands in the 2+2+2 journey, derived from the recorded touchpoints.

A pure function of the touchpoints, the company's rules, the end of the gatherings the customer
was invited to and the moment asked about, so it is easy to test and the same answer comes out
however the history was recorded.

The 2+2+2 is done once; steps 3 and 4 repeat per gathering (rounds). A round is anchored on its
invitation: the one the round's second visit handed over, or that its accepted second call
issued. Until that gathering is over (its end passed) the customer waits for it (or for the
delivery visit); from its end on a new round opens at the invitation call (step 3), due in the
company's second-call window counted from the gathering's day (the same 1-2 days as after the
first visit: the rep calls the guests in the days after a gathering, came or not, bought or
not). The stand, the first call and the first visit are never repeated."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from lianyi.core.clock import QuietHours, cursor_dt, now
from lianyi.journey.steps import CallOutcome, NextAction, Step, TouchpointKind

RETRY_OUTCOMES = frozenset({CallOutcome.NO_ANSWER, CallOutcome.CALL_BACK})


class TouchpointLike(Protocol):
    kind: str
    occurred_at: datetime
    outcome: str
    slot_start: datetime | None
    slot_end: datetime | None
    invitation_accepted: bool | None
    invitation_id: int | None


@dataclass(frozen=True)
class Rules:
    quiet: QuietHours
    first_call_within_days: int = 3
    second_call_min_days: int = 1
    second_call_max_days: int = 2

    @classmethod
    def for_company(cls, company: Any) -> Rules:
        return cls(
            quiet=company.quiet_hours(),
            first_call_within_days=company.first_call_within_days,
            second_call_min_days=company.second_call_min_days,
            second_call_max_days=company.second_call_max_days,
        )


@dataclass(frozen=True)
class JourneyState:
    step: Step
    next_action: str  # a NextAction value, or "" when nothing is due
    next_due_at: datetime | None
    next_due_until: datetime | None
    last_contact_at: datetime | None


@dataclass(frozen=True)
class Round:
    """The round of steps 3 and 4 a customer is in. ``number`` counts from 1 (the 2+2+2);
    ``opened_at`` is the end of the previous round's gathering (None in the first round);
    ``touchpoints`` are the round's own, after that end; ``waiting_for`` is the invitation whose
    gathering is not over yet (the anchor of the round), or None."""

    number: int
    opened_at: datetime | None
    touchpoints: list[TouchpointLike]
    anchor: TouchpointLike | None
    waiting_for: int | None


def _is_anchor(t: TouchpointLike) -> bool:
    """A touchpoint that ties a round to a gathering: the delivery visit, or the accepted
    invitation call (whose invitation may still be undelivered when the gathering is over)."""
    if t.invitation_id is None:
        return False
    return t.kind == TouchpointKind.SECOND_VISIT or (
        t.kind == TouchpointKind.SECOND_CALL
        and t.outcome == CallOutcome.AGREED
        and bool(t.invitation_accepted)
    )


def current_round(
    touchpoints: Iterable[TouchpointLike],
    *,
    round_ends: Mapping[int, datetime],
    at: datetime,
) -> Round:
    """Which round the customer is in at ``at``: rounds close when their invitation's gathering
    is over (``round_ends``: invitation id -> the gathering's end; an invitation missing from it
    is treated as not over, so nothing opens a round by accident)."""
    tps = sorted(touchpoints, key=lambda t: t.occurred_at)
    number, opened_at, start = 1, None, 0
    anchor: TouchpointLike | None = None
    closed: set[int] = set()  # invitations whose round is over
    for index, t in enumerate(tps):
        if not _is_anchor(t) or t.invitation_id in closed:
            continue
        assert t.invitation_id is not None
        ends = round_ends.get(t.invitation_id)
        if ends is not None and ends <= at:
            closed.add(t.invitation_id)
            number, opened_at, start, anchor = number + 1, ends, index + 1, None
        else:
            anchor = t
    own = [
        t
        for t in tps[start:]
        if t.invitation_id not in closed and (opened_at is None or t.occurred_at >= opened_at)
    ]
    waiting = anchor.invitation_id if anchor is not None else None
    return Round(number, opened_at, own, anchor, waiting)


def _latest(tps: list[TouchpointLike], kind: str) -> TouchpointLike | None:
    found = [t for t in tps if t.kind == kind]
    return found[-1] if found else None


def _window_from_day(
    rules: Rules, moment: datetime, days_from: int, days_until: int
) -> tuple[datetime, datetime]:
    """From the first contactable moment ``days_from`` days after ``moment``'s local day to the
    end of the contact day ``days_until`` days after it."""
    tz = rules.quiet.tz
    day = moment.astimezone(tz).date()
    start = rules.quiet.next_open(
        cursor_dt(day + timedelta(days=days_from), rules.quiet.day_start, tz)
    )
    until = cursor_dt(day + timedelta(days=days_until), rules.quiet.day_end, tz)
    return start, max(until, start)


def _call_step(
    rules: Rules,
    call: TouchpointLike | None,
    since: datetime,
    action: NextAction,
    within_days: tuple[int, int],
) -> tuple[datetime | None, datetime | None, str]:
    """Due window for a call step that is not done yet: first attempt, or a retry."""
    if call is None:
        start, until = _window_from_day(rules, since, *within_days)
        return start, until, action
    if call.outcome in RETRY_OUTCOMES:
        if call.slot_start is not None:
            return call.slot_start, call.slot_end, action
        start, until = _window_from_day(rules, call.occurred_at, 1, 1)
        return start, until, action
    return None, None, ""  # declined or asked not to be contacted: nothing is pushed


def derive(
    touchpoints: Iterable[TouchpointLike],
    *,
    rules: Rules,
    referred_at: datetime | None,
    contactable: bool,
    round_ends: Mapping[int, datetime] | None = None,
    at: datetime | None = None,
) -> JourneyState:
    """The current step and the next action at ``at`` (default now). ``referred_at`` is set
    for referred customers, who skip the stand and enter at the first call; ``round_ends``
    maps the invitations of the history to their gathering's end (see :func:`current_round`)."""
    tps = sorted(touchpoints, key=lambda t: t.occurred_at)
    last_contact = tps[-1].occurred_at if tps else None

    def state(step: Step, due: tuple[datetime | None, datetime | None, str]) -> JourneyState:
        start, until, action = due
        if not contactable:
            start, until, action = None, None, ""
        return JourneyState(step, action, start, until, last_contact)

    nothing: tuple[None, None, str] = (None, None, "")
    window = (rules.second_call_min_days, rules.second_call_max_days)
    current = current_round(tps, round_ends=round_ends or {}, at=at or now())
    own = current.touchpoints

    if _latest(own, TouchpointKind.SECOND_VISIT):
        return state(Step.GATHERING, nothing)

    second_call = _latest(own, TouchpointKind.SECOND_CALL)
    if (
        second_call is not None
        and second_call.outcome == CallOutcome.AGREED
        and second_call.invitation_accepted
    ):
        return state(
            Step.SECOND_VISIT,
            (second_call.slot_start, second_call.slot_end, NextAction.SECOND_VISIT),
        )

    if current.opened_at is not None:
        # a later round: the invitation call again, counted from the last gathering's end
        due = _call_step(rules, second_call, current.opened_at, NextAction.SECOND_CALL, window)
        return state(Step.SECOND_CALL, due)

    first_visit = _latest(tps, TouchpointKind.FIRST_VISIT)
    if first_visit is not None:
        due = _call_step(
            rules, second_call, first_visit.occurred_at, NextAction.SECOND_CALL, window
        )
        return state(Step.SECOND_CALL, due)

    first_call = _latest(tps, TouchpointKind.FIRST_CALL)
    if first_call is not None and first_call.outcome == CallOutcome.AGREED:
        return state(
            Step.FIRST_VISIT, (first_call.slot_start, first_call.slot_end, NextAction.FIRST_VISIT)
        )

    stand = [
        t
        for t in tps
        if t.kind in (TouchpointKind.STAND_CHECKUP, TouchpointKind.STAND_REGISTRATION)
    ]
    stand_done = len({t.kind for t in stand}) == 2
    if referred_at is None and not stand_done:
        return state(Step.STAND, nothing)
    since = referred_at if referred_at is not None else stand[-1].occurred_at
    due = _call_step(
        rules,
        first_call,
        since,
        NextAction.FIRST_CALL,
        (1, rules.first_call_within_days),
    )
    return state(Step.FIRST_CALL, due)
