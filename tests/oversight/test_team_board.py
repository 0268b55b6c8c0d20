"""The team board (团队看板): per rep, team or department the day's numbers, each opening the
list behind it; the scope of every board and list as a role x object matrix; a query count that
does not grow with reps or customers. The numbers are known by construction: a small day made
through the services, at a fixed moment."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.aftercare.services.cases import hand_up_case, open_case
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from lianyi.org.models import User
from lianyi.oversight.selectors.board import (
    Board,
    Figure,
    board_list,
    company_board,
    department_board,
    home_board,
    team_board,
)
from lianyi.sales.models import OrderState
from tests.conftest import World, at_local, make_customer
from tests.factories import OrderFactory, ProgrammeTaskFactory, TeamFactory, UserFactory

TODAY = dt.date(2026, 12, 4)
NOON = at_local(TODAY, 12)


@pytest.fixture
def noon() -> Iterator[None]:
    with time_machine.travel(NOON, tick=False):
        yield


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visited_today(world: World, owner: User) -> None:
    """A customer whose first home visit is recorded today (the next step is not due today)."""
    customer = make_customer(world, owner=owner, step=2)
    journey.record_first_visit(
        by=owner,
        customer_id=customer.pk,
        duration_minutes=30,
        profile_completed=True,
        contact=Contact(occurred_at=at_local(TODAY, 10)),
    )


def waiting_call(world: World, owner: User, *, overdue: bool) -> None:
    customer = make_customer(world, owner=owner, step=5)
    OrderFactory(
        customer=customer,
        state=OrderState.PLACED,
        delivered_at=None,
        confirmation_required=True,
        confirmation_due_at=NOON + dt.timedelta(hours=-1 if overdue else 5),
    )


@pytest.fixture
def day(world: World, noon: None) -> World:
    """What waits on whom at noon on TODAY (in brackets: of it overdue).

    team 1a: rep          due 2 (2), tasks 2 (1), visits 1, invitations 1 (1), cases 1, calls 1 (1)
             rep_same_team due 1 (1), visits 2
             supervisor   cases 1 (held after the rep passed it up)
    team 1b: rep_other_team due 1 (1), tasks 1, calls 1
    team 2a: rep_other_dept due 1 (1), invitations 1 (1)
    """
    # the journey: a customer at step 1 waits for the first call, at step 4 for the second
    # visit (the invitation is issued and not handed over): both due since days
    make_customer(world, step=1)
    make_customer(world, step=4)  # due, and its invitation undelivered
    make_customer(world, step=5, name="王秀英")  # invitation delivered: nothing due
    make_customer(world, step=1, owner=world.rep_same_team)
    make_customer(world, step=1, owner=world.rep_other_team)
    # the rep_other_dept's step-4 customer: due as well, and its invitation undelivered
    make_customer(world, step=4, owner=world.rep_other_dept)
    # home visits today
    visited_today(world, world.rep)
    visited_today(world, world.rep_same_team)
    visited_today(world, world.rep_same_team)
    # after-sales tasks: one overdue, one due this afternoon, one tomorrow (not counted)
    bought = make_customer(world, step=5, name="李桂芳")
    ProgrammeTaskFactory(
        customer=bought, due_from=NOON - dt.timedelta(days=2), due_until=NOON - dt.timedelta(days=1)
    )
    ProgrammeTaskFactory(customer=bought, due_from=NOON + dt.timedelta(hours=2))
    ProgrammeTaskFactory(customer=bought, due_from=NOON + dt.timedelta(days=1))
    other_bought = make_customer(world, step=5, owner=world.rep_other_team)
    ProgrammeTaskFactory(customer=other_bought, due_from=NOON)
    # cases: one the rep holds, one the rep passed up to the supervisor
    complained = make_customer(world, step=5, name="赵淑珍")
    open_case(by=world.rep, customer_id=complained.pk, source="complaint", summary="按摩椅有异响")
    passed = open_case(by=world.rep, customer_id=complained.pk, source="other", summary="送货晚了")
    hand_up_case(by=world.rep, case_id=passed.pk, note="需要主管出面")
    # orders waiting for the confirmation call
    waiting_call(world, world.rep, overdue=True)
    waiting_call(world, world.rep_other_team, overdue=False)
    return world


def numbers(row) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {figure.value: (cell.count, cell.overdue) for figure, cell in row.figures}


def by_label(board: Board) -> dict[str, dict[str, tuple[int, int]]]:
    return {row.label: numbers(row) for row in board.rows}


ZERO = {figure.value: (0, 0) for figure in Figure}


def figures(**values: tuple[int, int]) -> dict[str, tuple[int, int]]:
    return {**ZERO, **values}


REP = figures(
    due=(2, 2), tasks=(2, 1), visits=(1, 0), invitations=(1, 1), cases=(1, 0), confirmations=(1, 1)
)
REP_SAME_TEAM = figures(due=(1, 1), visits=(2, 0))
SUPERVISOR = figures(cases=(1, 0))
TEAM_1A = figures(
    due=(3, 3), tasks=(2, 1), visits=(3, 0), invitations=(1, 1), cases=(2, 0), confirmations=(1, 1)
)
TEAM_1B = figures(due=(1, 1), tasks=(1, 0), confirmations=(1, 0))
DEPT_1 = figures(
    due=(4, 4), tasks=(3, 1), visits=(3, 0), invitations=(1, 1), cases=(2, 0), confirmations=(2, 1)
)
DEPT_2 = figures(due=(1, 1), invitations=(1, 1))


def test_a_supervisor_sees_each_rep_of_the_team_and_the_totals(day: World) -> None:
    board = home_board(user=day.supervisor)
    assert board is not None and board.label == "一组"
    assert by_label(board) == {"rep_a": REP, "rep_a2": REP_SAME_TEAM, "sup_a": SUPERVISOR}
    assert numbers(board.total) == TEAM_1A


def test_a_manager_sees_each_team_of_the_department_and_can_open_one(day: World) -> None:
    empty = TeamFactory(department=day.rep.team.department, name="新组")
    board = home_board(user=day.manager)
    assert board is not None and board.label == "销售一部"
    assert by_label(board) == {"一组": TEAM_1A, "二组": TEAM_1B, "新组": ZERO}
    assert {row.label: row.members for row in board.rows} == {"一组": 3, "二组": 2, "新组": 0}
    assert numbers(board.total) == DEPT_1
    # the team one level down, the same numbers per rep as its supervisor sees
    team = team_board(user=day.manager, team=day.rep.team)
    assert by_label(team) == {"rep_a": REP, "rep_a2": REP_SAME_TEAM, "sup_a": SUPERVISOR}
    assert team.parent == ("departments", day.rep.team.department_id)
    assert team_board(user=day.manager, team=empty).rows == []


def test_an_administrator_sees_each_department_then_team_then_rep(day: World) -> None:
    board = home_board(user=day.admin)
    assert board is not None and board.level == "all"
    assert by_label(board) == {"销售一部": DEPT_1, "销售二部": DEPT_2}
    totals = {
        f.value: (DEPT_1[f.value][0] + DEPT_2[f.value][0], DEPT_1[f.value][1] + DEPT_2[f.value][1])
        for f in Figure
    }
    assert numbers(board.total) == totals
    department = department_board(user=day.admin, department=day.rep_other_dept.team.department)
    assert by_label(department) == {"三组": DEPT_2}
    assert department.parent == ("all", 0)


def test_a_rep_with_nothing_due_shows_a_quiet_row_and_a_supervisor_without_a_team_none(
    world: World, noon: None
) -> None:
    board = home_board(user=world.supervisor)
    assert board is not None
    assert all(row.quiet for row in board.rows) and board.total.quiet
    loner = UserFactory(username="sup_x", role="supervisor", team=None, company=world.company)
    assert home_board(user=loner) is None
    page = login(loner).get(reverse("web:team_board"))
    assert page.status_code == 200 and 'id="board-none"' in page.content.decode()


def test_a_rep_who_left_stays_on_the_board_while_work_waits_on_them(day: World) -> None:
    User.objects.filter(pk=day.rep_same_team.pk).update(is_active=False)
    board = team_board(user=day.supervisor, team=day.rep.team)
    row = next(r for r in board.rows if r.label == "rep_a2")
    assert row.inactive and numbers(row) == REP_SAME_TEAM
    # one who left with nothing left to hand over is not shown
    User.objects.filter(pk=day.supervisor_other_team.pk).update(is_active=False)
    other = team_board(user=day.manager, team=day.rep_other_team.team)
    assert [r.label for r in other.rows] == ["rep_b"]


@pytest.mark.parametrize("figure", [f.value for f in Figure])
def test_each_number_opens_a_list_of_as_many_rows(day: World, figure: str) -> None:
    client = login(day.supervisor)
    board = client.get(reverse("web:team_board")).content.decode()
    for level, pk, expected in [
        ("reps", day.rep.pk, REP),
        ("reps", day.rep_same_team.pk, REP_SAME_TEAM),
        ("teams", day.rep.team_id, TEAM_1A),
    ]:
        url = reverse("web:team_items", args=[level, pk, figure])
        assert f'href="{url}" data-figure="{figure}" data-count="{expected[figure][0]}"' in board
        page = client.get(url)
        assert page.status_code == 200
        total = re.search(r'id="board-list-total" data-total="(\d+)"', page.content.decode())
        assert total is not None and int(total.group(1)) == expected[figure][0]
        assert page.content.decode().count("badge--error") == expected[figure][1]


def test_the_lists_name_the_customers_and_link_to_them(day: World) -> None:
    listed = board_list(user=day.supervisor, figure="cases", level="reps", pk=day.supervisor.pk)
    case = listed.rows.get()
    assert case.summary == "送货晚了" and case.holder == day.supervisor
    page = login(day.supervisor).get(
        reverse("web:team_items", args=["reps", day.supervisor.pk, "cases"])
    )
    assert reverse("web:case", args=[case.pk]) in page.content.decode()
    assert "赵淑珍" in page.content.decode()


def test_the_invitations_are_those_of_the_next_gathering(day: World) -> None:
    listed = board_list(user=day.admin, figure="invitations", level="all")
    assert [i.customer.owner for i in listed.rows] == [day.rep, day.rep_other_dept]
    assert {i.gathering_id for i in listed.rows} == {day.gathering.pk}


def test_the_today_page_leads_a_supervisor_to_the_board_and_keeps_their_agenda(
    day: World,
) -> None:
    page = login(day.supervisor).get(reverse("web:today")).content.decode()
    assert 'id="team-board-link"' in page and 'id="due"' in page
    assert 'id="team-board-link"' not in login(day.rep).get(reverse("web:today")).content.decode()


# --- scope: a role x object matrix -----------------------------------------------------------

OBJECTS = ["team_1a", "team_1b", "team_2a", "dept_1", "dept_2", "rep", "rep_b", "rep_c", "none"]
ALLOWED = {
    "supervisor": {"team_1a", "rep"},
    "supervisor_other_team": {"team_1b", "rep_b"},
    "manager": {"team_1a", "team_1b", "dept_1", "rep", "rep_b"},
    "manager_other_dept": {"team_2a", "dept_2", "rep_c"},
    "admin": {"team_1a", "team_1b", "team_2a", "dept_1", "dept_2", "rep", "rep_b", "rep_c"},
    "outsider_admin": set(),
    "rep": set(),
    "service": set(),
    "event_staff": set(),
}


def main_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's content without the chrome (its per-request CSRF token and address)."""
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")]


def urls_of(world: World, name: str) -> list[str]:
    team = {"team_1a": world.rep, "team_1b": world.rep_other_team, "team_2a": world.rep_other_dept}
    dept = {"dept_1": world.rep, "dept_2": world.rep_other_dept}
    reps = {"rep": world.rep, "rep_b": world.rep_other_team, "rep_c": world.rep_other_dept}
    missing = 2**31 - 7
    if name in team:
        pk = team[name].team_id
        return [
            reverse("web:team_team", args=[pk]),
            reverse("web:team_items", args=["teams", pk, "due"]),
        ]
    if name in dept:
        pk = dept[name].team.department_id
        return [
            reverse("web:team_department", args=[pk]),
            reverse("web:team_items", args=["departments", pk, "tasks"]),
        ]
    if name in reps:
        return [reverse("web:team_items", args=["reps", reps[name].pk, "cases"])]
    return [
        reverse("web:team_team", args=[missing]),
        reverse("web:team_department", args=[missing]),
        reverse("web:team_items", args=["reps", missing, "due"]),
    ]


@pytest.mark.parametrize("viewer", list(ALLOWED))
def test_every_board_and_list_answers_out_of_scope_like_missing(
    world: World, noon: None, viewer: str
) -> None:
    client = login(getattr(world, viewer))
    missing_url = reverse("web:team_team", args=[2**31 - 7])
    missing = client.get(missing_url)
    assert missing.status_code == 404
    for name in OBJECTS:
        for url in urls_of(world, name):
            response = client.get(url)
            expected = 200 if name in ALLOWED[viewer] else 404
            assert response.status_code == expected, (viewer, name, url)
            if expected == 404:
                assert main_of(response) == main_of(missing), (viewer, name, url)
    landing = client.get(reverse("web:team_board"))
    assert landing.status_code == (404 if viewer in ("rep", "service", "event_staff") else 200)


def test_an_unknown_figure_or_level_is_not_found(world: World, noon: None) -> None:
    client = login(world.admin)
    assert client.get(reverse("web:team_items_all", args=["revenue"])).status_code == 404
    url = reverse("web:team_items", args=["companies", world.rep.pk, "due"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("web:team_items_all", args=["due"])).status_code == 200


def test_the_lists_of_an_outsiders_board_count_nothing_of_another_company(
    day: World,
) -> None:
    board = company_board(user=day.outsider_admin)
    assert board.rows == [] and board.total.quiet


# --- the query count does not grow with reps or customers -------------------------------------


def board_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def more_of_everything(world: World) -> None:
    for n in range(3):
        rep = UserFactory(
            username=f"rep_more_{n}", role="rep", team=world.rep.team, company=world.company
        )
        make_customer(world, owner=rep, step=4)
        visited_today(world, rep)
        waiting_call(world, rep, overdue=True)
    team = TeamFactory(department=world.rep.team.department, name="四组")
    UserFactory(username="rep_more_x", role="rep", team=team, company=world.company)


@pytest.mark.parametrize(
    ("viewer", "url_name"),
    [("supervisor", "web:team_board"), ("manager", "web:team_board"), ("admin", "web:team_board")],
)
def test_the_board_reads_in_as_many_queries_for_more_reps_and_customers(
    day: World, viewer: str, url_name: str
) -> None:
    client = login(getattr(day, viewer))
    before = board_queries(client, reverse(url_name))
    more_of_everything(day)
    assert board_queries(client, reverse(url_name)) == before


def test_a_list_behind_a_number_reads_in_as_many_queries_for_more_rows(day: World) -> None:
    client = login(day.supervisor)
    url = reverse("web:team_items", args=["teams", day.rep.team_id, "confirmations"])
    before = board_queries(client, url)
    more_of_everything(day)
    assert board_queries(client, url) == before


def test_the_board_and_its_lists_are_english(day: World) -> None:
    from lianyi.customers.models import Customer
    from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

    data = user_data(day, *Customer.objects.all())
    data += [str(user) for user in User.objects.all()] + [
        "一组",
        "二组",
        "三组",
        "销售一部",
        "销售二部",
    ]
    data += ["按摩椅有异响", "送货晚了"]
    for user, url in [
        (day.supervisor, reverse("web:team_board")),
        (day.manager, reverse("web:team_board")),
        (day.admin, reverse("web:team_board")),
        (day.supervisor, reverse("web:today")),
    ]:
        assert_english(english_client(user).get(url), data)
    for figure in Figure:
        url = reverse("web:team_items", args=["teams", day.rep.team_id, figure.value])
        assert_english(english_client(day.supervisor).get(url), data)
