"""Each dashboard figure against the hand-built data set of tests/oversight/dashboard_data.py,
whose numbers are known by construction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lianyi.aftercare.models import TaskState
from lianyi.oversight.selectors.dashboards import Cell
from lianyi.oversight.selectors.dashboards_adherence import adherence, overdue, second_call_window
from lianyi.oversight.selectors.dashboards_aftercare import cases, programme_tasks, satisfaction
from lianyi.oversight.selectors.dashboards_customers import figure_customers
from lianyi.oversight.selectors.dashboards_funnel import funnel
from lianyi.oversight.selectors.dashboards_gatherings import gatherings
from tests.factories import ProgrammeTaskFactory
from tests.oversight.dashboard_data import build, wide

pytestmark = pytest.mark.django_db


def values(row):
    return [v.value if isinstance(v, Cell) else v for v in row]


def column(figure, index):
    return [values(row)[index] for row in figure.rows]


def by_label(figure):
    return {row[0]: values(row)[1:] for row in figure.rows}


@pytest.fixture
def data(world):
    return build(world)


def test_funnel_counts_each_step_reached_in_order_for_the_supervisors_team(world, data):
    figure = funnel(user=world.supervisor, f=wide(world.supervisor))
    # registered c1-c5, c8; first call and visit: all but c4; second call: c1, c2, c5;
    # delivered: c1, c2; came and bought: c1; nobody referred anyone.
    assert column(figure, 1) == [6, 5, 5, 3, 2, 1, 1, 0]
    assert column(figure, 2) == [
        None,
        Decimal("83.3"),
        Decimal("100.0"),
        Decimal("60.0"),
        Decimal("66.7"),
        Decimal("50.0"),
        Decimal("100.0"),
        Decimal("0.0"),
    ]
    # first visit 6h10 after the first call (0.26 days); the second call 18h50 later (0.78)
    assert column(figure, 4)[2:4] == [Decimal("0.3"), Decimal("0.8")]


def test_funnel_widens_with_the_scope(world, data):
    manager = column(funnel(user=world.manager, f=wide(world.manager)), 1)
    admin = column(funnel(user=world.admin, f=wide(world.admin)), 1)
    assert manager == [7, 6, 6, 4, 3, 1, 1, 0]  # + c6 of team 1b
    assert admin == [8, 7, 6, 4, 3, 1, 1, 0]  # + c7 of department 2 (first call only)


def test_funnel_narrowed_to_a_rep_and_the_period_before_registration(world, data):
    f = wide(world.supervisor, rep_id=world.rep_same_team.pk)
    assert column(funnel(user=world.supervisor, f=f), 1) == [2, 2, 2, 1, 0, 0, 0, 0]
    today = timezone.localdate()
    before = wide(world.supervisor).__class__(
        start=today - dt.timedelta(days=60),
        end=today - dt.timedelta(days=1),
        time_zone="Asia/Shanghai",
    )
    assert column(funnel(user=world.supervisor, f=before), 1) == [0] * 8


def test_adherence_counts_invitations_due_without_the_whole_2_2_2(world, data):
    figure = adherence(user=world.supervisor, f=wide(world.supervisor))
    # rep_a: c1 and c2 visited twice; rep_a2: c5's delivery slot passed without a visit
    assert by_label(figure) == {
        "rep_a": [2, 0, Decimal("0.0")],
        "rep_a2": [1, 1, Decimal("100.0")],
    }
    behind = figure_customers(
        user=world.supervisor, f=wide(world.supervisor), figure_name="adherence.incomplete"
    )
    assert [c.name for c in behind] == ["乙五"]


def test_second_calls_outside_the_window_per_rep(world, data):
    figure = second_call_window(user=world.supervisor, f=wide(world.supervisor))
    assert by_label(figure) == {
        "rep_a": [2, 0, Decimal("0.0")],
        "rep_a2": [2, 1, Decimal("50.0")],  # c5 on time, c8 four days after the visit
    }
    behind = figure_customers(
        user=world.supervisor,
        f=wide(world.supervisor),
        figure_name="adherence.late_second_call",
    )
    assert [c.name for c in behind] == ["乙八"]


def test_overdue_after_sales_tasks_land_in_their_age_bucket(world, data):
    f = wide(world.supervisor)
    before = {row[0]: values(row)[1:] for row in overdue(user=world.supervisor, f=f).rows}
    now = timezone.now()
    for hours in (5, 30, 100, 200, 300):  # <1d, 1-3d, 3-7d, 7d+, 7d+
        ProgrammeTaskFactory(
            customer=data.c[2],
            due_from=now - dt.timedelta(hours=hours + 8),
            due_until=now - dt.timedelta(hours=hours),
        )
    after = {row[0]: values(row)[1:] for row in overdue(user=world.supervisor, f=f).rows}
    old = before.get("rep_a", [0, 0, 0, 0, 0])
    assert [a - b for a, b in zip(after["rep_a"], old, strict=True)] == [1, 1, 1, 2, 5]
    assert after.get("rep_a2") == before.get("rep_a2")
    behind = figure_customers(user=world.supervisor, f=f, figure_name="overdue.over_7d")
    assert "甲二" in [c.name for c in behind]


def test_programme_tasks_on_time_late_overdue_and_dropped(world, data):
    now = timezone.now()
    due = now - dt.timedelta(days=3)
    task = {"customer": data.c[1], "due_from": due - dt.timedelta(hours=8), "due_until": due}
    ProgrammeTaskFactory(**task, state=TaskState.DONE, done_at=due - dt.timedelta(hours=1))
    ProgrammeTaskFactory(**task, state=TaskState.DONE, done_at=due + dt.timedelta(hours=1))
    ProgrammeTaskFactory(**task)  # open, past its latest moment
    ProgrammeTaskFactory(**task, state=TaskState.DROPPED, dropped_reason="客户外出")
    ProgrammeTaskFactory(customer=data.c[6], due_from=due, due_until=due)  # team 1b
    figure = programme_tasks(user=world.supervisor, f=wide(world.supervisor))
    assert by_label(figure) == {"rep_a": [1, 1, 1, 0, 1, Decimal("33.3")]}
    behind = figure_customers(
        user=world.supervisor, f=wide(world.supervisor), figure_name="tasks.late"
    )
    assert [c.name for c in behind] == ["甲一"]


def test_no_satisfaction_or_open_cases_shows_zeros(world, data):
    assert column(satisfaction(user=world.supervisor, f=wide(world.supervisor)), 1) == [0, 0, 0]
    assert {
        sum(values(r)[1:5]) for r in cases(user=world.supervisor, f=wide(world.supervisor)).rows
    } == {0}


def test_per_gathering_figures(world, data):
    figure = gatherings(user=world.supervisor, f=wide(world.supervisor))
    assert len(figure.rows) == 1
    # invited c1, c2, c5; delivered c1, c2; nobody boarded; c1 came after both visits and bought
    assert values(figure.rows[0])[1:] == [3, 2, 0, 1, 1, 1, Decimal("3980.00"), Decimal("0.00")]
    manager = gatherings(user=world.manager, f=wide(world.manager))
    assert values(manager.rows[0])[1:3] == [4, 3]
    behind = figure_customers(
        user=world.supervisor,
        f=wide(world.supervisor, gathering_id=world.gathering.pk),
        figure_name="gathering.delivered",
    )
    assert [c.name for c in behind] == ["甲一", "甲二"]


def test_every_link_lists_the_customers_its_number_counts(world, data):
    f = wide(world.supervisor)
    figure = funnel(user=world.supervisor, f=f)
    for row in figure.rows:
        cell = row[1]
        listed = figure_customers(user=world.supervisor, f=f, figure_name=cell.figure)
        assert listed.count() == cell.value, cell.figure
