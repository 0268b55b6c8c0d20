"""The step and the next due window are a pure function of the touchpoints (``derive``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianyi.journey.progress import Rules, derive
from lianyi.journey.steps import CallOutcome, NextAction, Step, TouchpointKind
from lianyi.org.models import Company

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = dt.date(2026, 3, 2)


def t(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """Day ``day`` after D, at hh:mm in Shanghai."""
    d = D + dt.timedelta(days=day)
    return dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class TP:
    kind: str
    occurred_at: dt.datetime
    outcome: str = ""
    slot_start: dt.datetime | None = None
    slot_end: dt.datetime | None = None
    invitation_accepted: bool | None = None
    invitation_id: int | None = None


RULES = Rules.for_company(Company())

CHECKUP = TP(TouchpointKind.STAND_CHECKUP, t(0, 10))
REGISTRATION = TP(TouchpointKind.STAND_REGISTRATION, t(0, 10, 5))
STAND = [CHECKUP, REGISTRATION]
CALL_AGREED = TP(TouchpointKind.FIRST_CALL, t(1, 9), CallOutcome.AGREED, t(2, 15), t(2, 16))
VISIT = TP(TouchpointKind.FIRST_VISIT, t(2, 15, 10))
INVITED = TP(TouchpointKind.SECOND_CALL, t(3, 10), CallOutcome.AGREED, t(4, 15), t(4, 16), True)
DELIVERED = TP(TouchpointKind.SECOND_VISIT, t(4, 15, 20))


@pytest.mark.parametrize(
    ("history", "referred_at", "step", "action", "due_at", "due_until"),
    [
        pytest.param([], None, Step.STAND, "", None, None, id="nothing yet"),
        pytest.param([CHECKUP], None, Step.STAND, "", None, None, id="one desk only"),
        pytest.param(
            STAND, None, Step.FIRST_CALL, NextAction.FIRST_CALL, t(1, 8, 30), t(3, 20, 30),
            id="both desks: first call due within 3 days",
        ),
        pytest.param(
            [], t(0, 16), Step.FIRST_CALL, NextAction.FIRST_CALL, t(1, 8, 30), t(3, 20, 30),
            id="referred: enters at the first call",
        ),
        pytest.param(
            [*STAND, TP(TouchpointKind.FIRST_CALL, t(1, 9), CallOutcome.NO_ANSWER)],
            None, Step.FIRST_CALL, NextAction.FIRST_CALL, t(2, 8, 30), t(2, 20, 30),
            id="no answer: retry the next day",
        ),
        pytest.param(
            [
                *STAND,
                TP(TouchpointKind.FIRST_CALL, t(1, 9), CallOutcome.CALL_BACK, t(1, 17), t(1, 18)),
            ],
            None, Step.FIRST_CALL, NextAction.FIRST_CALL, t(1, 17), t(1, 18),
            id="call back: at the agreed time",
        ),
        pytest.param(
            [*STAND, TP(TouchpointKind.FIRST_CALL, t(1, 9), CallOutcome.DECLINED)],
            None, Step.FIRST_CALL, "", None, None,
            id="declined: nothing pushed",
        ),
        pytest.param(
            [*STAND, TP(TouchpointKind.FIRST_CALL, t(1, 9), CallOutcome.DO_NOT_CONTACT)],
            None, Step.FIRST_CALL, "", None, None,
            id="do not contact: nothing pushed",
        ),
        pytest.param(
            [*STAND, CALL_AGREED], None, Step.FIRST_VISIT, NextAction.FIRST_VISIT,
            t(2, 15), t(2, 16),
            id="agreed: the visit in the agreed slot",
        ),
        pytest.param(
            [*STAND, CALL_AGREED, VISIT], None, Step.SECOND_CALL, NextAction.SECOND_CALL,
            t(3, 8, 30), t(4, 20, 30),
            id="visited: second call 1-2 days later",
        ),
        pytest.param(
            [*STAND, CALL_AGREED, VISIT, TP(TouchpointKind.SECOND_CALL, t(3, 9), "no_answer")],
            None, Step.SECOND_CALL, NextAction.SECOND_CALL, t(4, 8, 30), t(4, 20, 30),
            id="second call unanswered: retry the next day",
        ),
        pytest.param(
            [
                *STAND, CALL_AGREED, VISIT,
                TP(TouchpointKind.SECOND_CALL, t(3, 9), CallOutcome.AGREED, None, None, False),
            ],
            None, Step.SECOND_CALL, "", None, None,
            id="invitation declined: nothing pushed",
        ),
        pytest.param(
            [*STAND, CALL_AGREED, VISIT, INVITED], None, Step.SECOND_VISIT,
            NextAction.SECOND_VISIT, t(4, 15), t(4, 16),
            id="invited: delivery in the agreed slot",
        ),
        pytest.param(
            [*STAND, CALL_AGREED, VISIT, INVITED, DELIVERED], None, Step.GATHERING, "",
            None, None,
            id="delivered: on to the gathering",
        ),
    ],
)  # fmt: skip
def test_derive_gives_the_step_and_the_next_due_window(
    history, referred_at, step, action, due_at, due_until
):
    state = derive(history, rules=RULES, referred_at=referred_at, contactable=True)
    assert state.step == step
    assert state.next_action == action
    assert state.next_due_at == due_at
    assert state.next_due_until == due_until


def test_derive_does_not_depend_on_the_order_touchpoints_are_given_in():
    history = [*STAND, CALL_AGREED, VISIT, INVITED]
    forward = derive(history, rules=RULES, referred_at=None, contactable=True)
    backward = derive(list(reversed(history)), rules=RULES, referred_at=None, contactable=True)
    assert forward == backward


def test_derive_pushes_nothing_for_a_customer_who_may_not_be_contacted():
    state = derive([*STAND, CALL_AGREED, VISIT], rules=RULES, referred_at=None, contactable=False)
    assert state.step == Step.SECOND_CALL  # the history still counts
    assert (state.next_action, state.next_due_at, state.next_due_until) == ("", None, None)


def test_last_contact_is_the_latest_touchpoint():
    state = derive([VISIT, *STAND, CALL_AGREED], rules=RULES, referred_at=None, contactable=True)
    assert state.last_contact_at == VISIT.occurred_at


def test_the_second_call_window_follows_the_company_settings():
    company = Company(second_call_min_days=2, second_call_max_days=3)
    state = derive(
        [*STAND, CALL_AGREED, VISIT],
        rules=Rules.for_company(company),
        referred_at=None,
        contactable=True,
    )
    assert (state.next_due_at, state.next_due_until) == (t(4, 8, 30), t(5, 20, 30))


def test_a_late_first_visit_still_opens_the_second_call_window_the_next_morning():
    late_visit = TP(TouchpointKind.FIRST_VISIT, t(2, 20, 15))
    state = derive([*STAND, CALL_AGREED, late_visit], rules=RULES, referred_at=None,
                   contactable=True)  # fmt: skip
    assert state.next_due_at == t(3, 8, 30)


# ---- the property: a due time is never quiet ---------------------------------------------------

QUIET_CONFIGS = [
    Company(),
    Company(contact_day_start="09:00", contact_day_end="21:00", quiet_windows=[["12:00", "13:00"]]),
    Company(contact_day_start="08:00", contact_day_end="20:00", quiet_windows=[]),
]
KINDS_IN_ORDER = [
    TouchpointKind.STAND_CHECKUP,
    TouchpointKind.STAND_REGISTRATION,
    TouchpointKind.FIRST_CALL,
    TouchpointKind.FIRST_VISIT,
    TouchpointKind.SECOND_CALL,
    TouchpointKind.SECOND_VISIT,
]
CALL_KINDS = {TouchpointKind.FIRST_CALL, TouchpointKind.SECOND_CALL}


@st.composite
def histories(draw, rules: Rules):
    """Touchpoints as the services would record them: at any minute (a call may be made late),
    and agreed slots that the slot check let through (an open start, one open minute long)."""
    upto = draw(st.integers(min_value=0, max_value=len(KINDS_IN_ORDER)))
    minute = st.integers(min_value=0, max_value=14 * 24 * 60)
    history = []
    for kind in KINDS_IN_ORDER[:upto]:
        occurred = t(0, 0) + dt.timedelta(minutes=draw(minute))
        tp = TP(kind, occurred)
        if kind in CALL_KINDS:
            tp.outcome = draw(st.sampled_from(list(CallOutcome)))
            tp.invitation_accepted = draw(st.booleans())
            if draw(st.booleans()):
                start = rules.quiet.next_open(t(0, 0) + dt.timedelta(minutes=draw(minute)))
                tp.slot_start, tp.slot_end = start, start + dt.timedelta(minutes=1)
        history.append(tp)
    return history


@settings(max_examples=300, deadline=None)
@given(data=st.data(), config=st.sampled_from(QUIET_CONFIGS), referred=st.booleans())
def test_derive_never_gives_a_due_time_inside_quiet_hours(data, config, referred):
    rules = Rules.for_company(config)
    history = data.draw(histories(rules))
    referred_at = t(0, 0) + dt.timedelta(minutes=data.draw(st.integers(0, 24 * 60)))
    state = derive(
        history, rules=rules, referred_at=referred_at if referred else None, contactable=True
    )
    if state.next_due_at is not None:
        assert not rules.quiet.is_quiet(state.next_due_at)
        assert state.next_due_until is not None
        assert state.next_due_until >= state.next_due_at


# --- later rounds: steps 3 and 4 again per gathering ---------------------------------------
G1_END = t(6, 12)  # the first gathering, on day 6, over at noon
INVITED_1 = TP(
    TouchpointKind.SECOND_CALL, t(3, 10), CallOutcome.AGREED, t(4, 15), t(4, 16), True, 1
)
DELIVERED_1 = TP(TouchpointKind.SECOND_VISIT, t(4, 15, 20), invitation_id=1)
ROUND_1 = [*STAND, CALL_AGREED, VISIT, INVITED_1, DELIVERED_1]
G2_END = t(20, 12)
ENDS = {1: G1_END, 2: G2_END}


def at_round(history, moment, ends=ENDS):  # type: ignore[no-untyped-def]
    return derive(
        history, rules=RULES, referred_at=None, contactable=True, round_ends=ends, at=moment
    )


def test_a_delivered_invitation_waits_for_its_gathering_until_its_end():
    state = at_round(ROUND_1, G1_END - dt.timedelta(seconds=1))
    assert (state.step, state.next_action, state.next_due_at) == (Step.GATHERING, "", None)


def test_from_the_gathering_end_the_invitation_call_is_due_again():
    state = at_round(ROUND_1, G1_END)
    assert state.step == Step.SECOND_CALL
    assert state.next_action == NextAction.SECOND_CALL
    # the company's second-call window (1-2 days) counted from the gathering's day
    assert (state.next_due_at, state.next_due_until) == (t(7, 8, 30), t(8, 20, 30))


def test_a_gathering_without_a_known_end_never_opens_a_round():
    state = at_round(ROUND_1, t(60, 12), ends={})
    assert state.step == Step.GATHERING


def test_a_later_round_runs_its_own_call_and_visit():
    no_answer = TP(TouchpointKind.SECOND_CALL, t(7, 10), CallOutcome.NO_ANSWER)
    state = at_round([*ROUND_1, no_answer], t(7, 11))
    assert (state.step, state.next_due_at) == (Step.SECOND_CALL, t(8, 8, 30))  # retried

    invited_2 = TP(
        TouchpointKind.SECOND_CALL, t(8, 10), CallOutcome.AGREED, t(9, 15), t(9, 16), True, 2
    )
    state = at_round([*ROUND_1, no_answer, invited_2], t(8, 11))
    assert (state.step, state.next_action) == (Step.SECOND_VISIT, NextAction.SECOND_VISIT)
    assert (state.next_due_at, state.next_due_until) == (t(9, 15), t(9, 16))

    delivered_2 = TP(TouchpointKind.SECOND_VISIT, t(9, 15, 10), invitation_id=2)
    history = [*ROUND_1, no_answer, invited_2, delivered_2]
    assert at_round(history, t(9, 16)).step == Step.GATHERING
    third = at_round(history, G2_END)
    assert (third.step, third.next_due_at) == (Step.SECOND_CALL, t(21, 8, 30))


def test_declined_in_a_later_round_pushes_nothing():
    declined = TP(TouchpointKind.SECOND_CALL, t(7, 10), CallOutcome.DECLINED)
    state = at_round([*ROUND_1, declined], t(7, 11))
    assert (state.step, state.next_action, state.next_due_at) == (Step.SECOND_CALL, "", None)


def test_an_invitation_never_delivered_closes_its_round_at_the_gathering_end():
    history = [*STAND, CALL_AGREED, VISIT, INVITED_1]
    assert at_round(history, G1_END - dt.timedelta(seconds=1)).step == Step.SECOND_VISIT
    state = at_round(history, G1_END)
    assert (state.step, state.next_due_at) == (Step.SECOND_CALL, t(7, 8, 30))
