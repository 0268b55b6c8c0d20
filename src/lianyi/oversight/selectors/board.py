"""The team board (团队看板): the day of the reps in the viewer's scope, as numbers per rep (a
supervisor's team), per team (a manager's department) or per department (an administrator's
company), each opening the list behind it.

Every figure reads through the door of its records (the customers', the cases', the orders'),
so a number never counts what its list would not show; the rows that are counted are grouped by
the person the item waits on, in one query per figure whatever the number of reps or customers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lianyi.aftercare.case_selectors import case_scope
from lianyi.aftercare.models import Case, CaseState, ProgrammeTask, TaskState
from lianyi.core.clock import local_day_bounds, now
from lianyi.core.errors import NotFound
from lianyi.core.lookup import get_by_id
from lianyi.customers.selectors import visible_customers
from lianyi.gatherings.models import Gathering, GatheringState, Invitation
from lianyi.gatherings.selectors.invitations import upcoming_gatherings
from lianyi.gatherings.selectors.routes import undelivered_invitations
from lianyi.journey.models import Touchpoint
from lianyi.journey.selectors import agenda
from lianyi.journey.steps import VISIT_KINDS
from lianyi.org.models import Department, Team, User
from lianyi.org.scoping import (
    REACH_COMPANY,
    REACH_DEPARTMENT,
    REACH_TEAM,
    department_scope,
    managed_reps,
    oversight_reach,
    owner_scope,
    team_scope,
)
from lianyi.sales.models import OrderState
from lianyi.sales.selectors import visible_orders


class Figure(StrEnum):
    """The board's columns, in their order."""

    DUE = "due"  # calls and visits of the journey due today or overdue
    TASKS = "tasks"  # after-sales programme tasks due today or overdue
    VISITS = "visits"  # home visits recorded today
    INVITATIONS = "invitations"  # invitations to the next gathering not yet delivered
    CASES = "cases"  # open cases the rep holds
    CONFIRMATIONS = "confirmations"  # the rep's orders waiting for their confirmation call


FIGURE_LABELS = {
    Figure.DUE: _("今日电话家访"),
    Figure.TASKS: _("售后任务"),
    Figure.VISITS: _("今日已家访"),
    Figure.INVITATIONS: _("未送邀请函"),
    Figure.CASES: _("处理中工单"),
    Figure.CONFIRMATIONS: _("待回访确认"),
}

# What the time on a row of each list is.
TIME_LABELS = {
    Figure.DUE: _("应办"),
    Figure.TASKS: _("最早"),
    Figure.VISITS: _("家访于"),
    Figure.INVITATIONS: _("送函时段"),
    Figure.CASES: _("本级期限"),
    Figure.CONFIRMATIONS: _("回访期限"),
}

# The level of a board or a list: a rep, a team, a department, or all the viewer oversees.
LEVEL_REP = "reps"
LEVEL_TEAM = "teams"
LEVEL_DEPARTMENT = "departments"
LEVEL_ALL = "all"


@dataclass(frozen=True)
class Day:
    """The moment the board is read at, and the end of the company's local day."""

    at: datetime
    start: datetime
    end: datetime
    gathering: Gathering | None


@dataclass(frozen=True)
class _Source:
    """How one figure is read: its rows in the viewer's scope, the user field naming whom each
    row waits on, when a row counts as overdue, and the order of its list."""

    rows: Callable[[Any, Day], QuerySet[Any]]
    person: str
    overdue: Callable[[Day], Q] | None
    order: tuple[str, ...]


def _due(user: Any, day: Day) -> QuerySet[Any]:
    # The today page's agenda of the whole scope (not only the viewer's own customers).
    return agenda(user=user, only_own=False, limit=None)


def _tasks(user: Any, day: Day) -> QuerySet[Any]:
    # The after-sales tasks the today page lists to their assignee, read for the whole scope.
    return ProgrammeTask.objects.filter(
        customer__in=visible_customers(user=user).values("pk"),
        state=TaskState.OPEN,
        customer__consent_contact=True,
        customer__do_not_contact=False,
        due_from__lt=day.end,
    ).select_related("customer", "assigned_to")


def _visits(user: Any, day: Day) -> QuerySet[Any]:
    return Touchpoint.objects.filter(
        owner_scope(user, prefix="customer__"),
        kind__in=VISIT_KINDS,
        occurred_at__gte=day.start,
        occurred_at__lt=day.end,
    ).select_related("customer", "by")


def _invitations(user: Any, day: Day) -> QuerySet[Any]:
    if day.gathering is None:
        return Invitation.objects.none()
    return undelivered_invitations(user=user, gathering=day.gathering)


def _cases(user: Any, day: Day) -> QuerySet[Any]:
    return Case.objects.filter(case_scope(user), state=CaseState.OPEN).select_related(
        "customer", "holder"
    )


def _confirmations(user: Any, day: Day) -> QuerySet[Any]:
    # The orders' door; the list needs none of the lines, gifts and payments it prefetches.
    return (
        visible_orders(user=user)
        .filter(state=OrderState.PLACED, confirmation_required=True)
        .prefetch_related(None)
    )


SOURCES: dict[Figure, _Source] = {
    Figure.DUE: _Source(_due, "owner", lambda d: Q(next_due_until__lt=d.at), ("next_due_at", "id")),
    Figure.TASKS: _Source(
        _tasks, "assigned_to", lambda d: Q(due_until__lt=d.at), ("due_from", "pk")
    ),
    Figure.VISITS: _Source(_visits, "by", None, ("-occurred_at", "-pk")),
    Figure.INVITATIONS: _Source(
        _invitations,
        "customer__owner",
        lambda d: Q(delivery_slot_end__lt=d.at),
        ("delivery_slot_start", "pk"),
    ),
    Figure.CASES: _Source(
        _cases, "holder", lambda d: Q(deadline_at__lt=d.at), ("deadline_at", "pk")
    ),
    Figure.CONFIRMATIONS: _Source(
        _confirmations,
        "seller",
        lambda d: Q(confirmation_due_at__lt=d.at),
        ("confirmation_due_at", "placed_at", "pk"),
    ),
}


def board_day(*, user: Any) -> Day:
    """Today in the company's time zone, and the next gathering ahead (one query each)."""
    at = now()
    tz = user.company.quiet_hours().tz
    start, end = local_day_bounds(at.astimezone(tz).date(), tz)
    gathering = upcoming_gatherings(user=user).exclude(state=GatheringState.CLOSED).first()
    return Day(at=at, start=start, end=end, gathering=gathering)


@dataclass
class Cell:
    count: int = 0
    overdue: int = 0

    def add(self, other: Cell) -> None:
        self.count += other.count
        self.overdue += other.overdue


@dataclass
class Row:
    """One line of the board: a rep, a team or a department (or the totals), with its numbers
    in the order of :class:`Figure`. ``level``/``pk`` name the list behind each number."""

    label: str
    level: str
    pk: int | None
    cells: dict[Figure, Cell] = field(default_factory=lambda: {f: Cell() for f in Figure})
    members: int | None = None  # a team's or department's reps; None for a rep
    inactive: bool = False

    @property
    def figures(self) -> list[tuple[Figure, Cell]]:
        return [(figure, self.cells[figure]) for figure in Figure]

    @property
    def quiet(self) -> bool:
        return not any(cell.count for cell in self.cells.values())


@dataclass(frozen=True)
class Board:
    """A board: what it is of (``level``/``pk``, ``label``), its rows and their totals."""

    level: str
    pk: int | None
    label: str
    rows: list[Row]
    total: Row
    day: Day
    parent: tuple[str, int] | None  # the board one level up the viewer may open, if any


def _group_key(person: str, level: str) -> str:
    return {
        LEVEL_REP: f"{person}_id",
        LEVEL_TEAM: f"{person}__team_id",
        LEVEL_DEPARTMENT: f"{person}__team__department_id",
    }[level]


def _counts(
    user: Any, day: Day, *, level: str, scope: dict[str, Any]
) -> dict[Figure, dict[int, Cell]]:
    """Per figure, the counts grouped by the rep, team or department (``level``) the rows wait
    on, limited by ``scope`` (one query per figure)."""
    found: dict[Figure, dict[int, Cell]] = {}
    for figure, source in SOURCES.items():
        rows = source.rows(user, day)
        key = _group_key(source.person, level)
        aggregates: dict[str, Any] = {"n": Count("pk")}
        if source.overdue is not None:
            aggregates["late"] = Count("pk", filter=source.overdue(day))
        found[figure] = {
            row[key]: Cell(row["n"], row.get("late", 0))
            for row in rows.filter(_person_scope(source.person, scope))
            .order_by()
            .values(key)
            .annotate(**aggregates)
        }
    return found


def _person_scope(person: str, scope: dict[str, Any]) -> Q:
    """``scope`` (written on a user: ``team_id=...``) applied to the user named ``person``."""
    return Q(**{f"{person}__{name}": value for name, value in scope.items()})


def _fill(rows: dict[int, Row], counts: dict[Figure, dict[int, Cell]]) -> None:
    for figure, by_key in counts.items():
        for key, cell in by_key.items():
            if key in rows:
                rows[key].cells[figure] = cell


def _total(label: str, level: str, pk: int | None, rows: list[Row]) -> Row:
    total = Row(label=label, level=level, pk=pk)
    for row in rows:
        for figure in Figure:
            total.cells[figure].add(row.cells[figure])
    return total


def visible_teams(*, user: Any) -> QuerySet[Team]:
    return (
        Team.objects.filter(team_scope(user))
        .select_related("department")
        .order_by("department__name", "name", "pk")
    )


def visible_departments(*, user: Any) -> QuerySet[Department]:
    return Department.objects.filter(department_scope(user)).order_by("name", "pk")


def get_board_team(*, user: Any, team_id: Any) -> Team:
    """A team on the viewer's boards; out of scope answers NotFound like a missing one."""
    return get_by_id(visible_teams(user=user), team_id)


def get_board_department(*, user: Any, department_id: Any) -> Department:
    return get_by_id(visible_departments(user=user), department_id)


def get_board_rep(*, user: Any, rep_id: Any) -> User:
    """A rep (or supervisor) of a team in the viewer's scope, left or not."""
    return get_by_id(managed_reps(user, include_inactive=True), rep_id)


def _rep_name(rep: User) -> str:
    return str(rep)  # the name colleagues know, else the login


def team_board(*, user: Any, team: Team, day: Day | None = None) -> Board:
    """Per rep of ``team``: the active reps and supervisors, and a rep who left only while
    something still waits on them (until the handover)."""
    day = day or board_day(user=user)
    people = list(managed_reps(user, include_inactive=True).filter(team_id=team.pk))
    counts = _counts(user, day, level=LEVEL_REP, scope={"team_id": team.pk})
    rows = {
        rep.pk: Row(label=_rep_name(rep), level=LEVEL_REP, pk=rep.pk, inactive=not rep.is_active)
        for rep in people
    }
    _fill(rows, counts)
    shown = [row for row in rows.values() if not row.inactive or not row.quiet]
    parent = _parent_of_team(user, team)
    return Board(
        level=LEVEL_TEAM,
        pk=team.pk,
        label=team.name,
        rows=shown,
        total=_total(team.name, LEVEL_TEAM, team.pk, shown),
        day=day,
        parent=parent,
    )


def _parent_of_team(user: Any, team: Team) -> tuple[str, int] | None:
    reach = oversight_reach(user)
    return (LEVEL_DEPARTMENT, team.department_id) if reach != REACH_TEAM else None


def department_board(*, user: Any, department: Department, day: Day | None = None) -> Board:
    """Per team of ``department`` (a team without reps shows, with nothing to do)."""
    day = day or board_day(user=user)
    teams = list(
        visible_teams(user=user)
        .filter(department_id=department.pk)
        .annotate(reps=Count("members", filter=Q(members__is_active=True)))
    )
    counts = _counts(user, day, level=LEVEL_TEAM, scope={"team__department_id": department.pk})
    rows = {
        t.pk: Row(label=t.name, level=LEVEL_TEAM, pk=t.pk, members=getattr(t, "reps", 0))
        for t in teams
    }
    _fill(rows, counts)
    shown = list(rows.values())
    parent = (LEVEL_ALL, 0) if oversight_reach(user) == REACH_COMPANY else None
    return Board(
        level=LEVEL_DEPARTMENT,
        pk=department.pk,
        label=department.name,
        rows=shown,
        total=_total(department.name, LEVEL_DEPARTMENT, department.pk, shown),
        day=day,
        parent=parent,
    )


def company_board(*, user: Any, day: Day | None = None) -> Board:
    """Per department of the administrator's company."""
    day = day or board_day(user=user)
    departments = list(
        visible_departments(user=user).annotate(
            reps=Count("teams__members", filter=Q(teams__members__is_active=True))
        )
    )
    counts = _counts(
        user, day, level=LEVEL_DEPARTMENT, scope={"team__in": visible_teams(user=user).values("pk")}
    )
    rows = {
        d.pk: Row(label=d.name, level=LEVEL_DEPARTMENT, pk=d.pk, members=getattr(d, "reps", 0))
        for d in departments
    }
    _fill(rows, counts)
    shown = list(rows.values())
    label = str(user.company.name)
    return Board(
        level=LEVEL_ALL,
        pk=None,
        label=label,
        rows=shown,
        total=_total(label, LEVEL_ALL, None, shown),
        day=day,
        parent=None,
    )


def home_board(*, user: Any) -> Board | None:
    """The board a viewer lands on: their team, department or company; None when they oversee
    nothing (a supervisor without a team)."""
    reach = oversight_reach(user)
    if reach == REACH_TEAM:
        return team_board(user=user, team=get_board_team(user=user, team_id=user.team_id))
    if reach == REACH_DEPARTMENT:
        department = get_board_department(user=user, department_id=user.department_id)
        return department_board(user=user, department=department)
    if reach == REACH_COMPANY:
        return company_board(user=user)
    return None


# --- the list behind a number -----------------------------------------------------------------


@dataclass(frozen=True)
class ListOf:
    """What a list behind a number is of: its label, the figure, and its rows (unsliced)."""

    figure: Figure
    level: str
    pk: int | None
    label: str
    rows: QuerySet[Any]
    overdue: Q | None
    day: Day
    board: tuple[str, int | None]  # the level and id of the board this list belongs to


def board_list(*, user: Any, figure: Any, level: str, pk: Any = None) -> ListOf:
    """The rows behind one number of a board: of a rep, a team, a department or everything
    the viewer oversees. An unknown figure or level, or an id out of scope, is NotFound."""
    if figure not in {f.value for f in Figure} or not oversight_reach(user):
        raise NotFound()
    figure = Figure(figure)
    source = SOURCES[figure]
    node: Model
    scope: dict[str, Any]
    board: tuple[str, int | None]
    if level == LEVEL_REP:
        node = get_board_rep(user=user, rep_id=pk)
        scope, label, board = {"pk": node.pk}, _rep_name(node), (LEVEL_TEAM, node.team_id)
    elif level == LEVEL_TEAM:
        node = get_board_team(user=user, team_id=pk)
        scope, label, board = {"team_id": node.pk}, node.name, (LEVEL_TEAM, node.pk)
    elif level == LEVEL_DEPARTMENT:
        node = get_board_department(user=user, department_id=pk)
        scope, label = {"team__department_id": node.pk}, node.name
        board = (LEVEL_DEPARTMENT, node.pk)
    elif level == LEVEL_ALL and pk is None:
        scope = {"team__in": visible_teams(user=user).values("pk")}
        label, board = str(user.company.name), (LEVEL_ALL, None)
    else:
        raise NotFound()
    day = board_day(user=user)
    rows = source.rows(user, day).filter(_person_scope(source.person, scope))
    return ListOf(
        figure=figure,
        level=level,
        pk=None if level == LEVEL_ALL else node.pk,
        label=label,
        rows=rows.select_related(source.person).order_by(*source.order),
        overdue=None if source.overdue is None else source.overdue(day),
        day=day,
        board=board,
    )


CASE_SUMMARY_CHARS = 40


@dataclass(frozen=True)
class Item:
    """One row of a list behind a number, as the page shows it."""

    customer_id: int
    customer_name: str
    person: str
    what: str
    at: datetime | None
    overdue: bool
    link: tuple[str, int]  # a url name of the web namespace and its one argument


def _customer_item(row: Any, person: User | None, what: str, at: Any, late: bool) -> Item:
    customer = row.customer
    return Item(
        customer_id=customer.pk,
        customer_name=customer.name,
        person=_rep_name(person) if person else "",
        what=what,
        at=at,
        overdue=late,
        link=("web:customer", customer.pk),
    )


def board_items(listed: ListOf, rows: Iterable[Any]) -> list[Item]:
    """The rows of one page of a :class:`ListOf` as items (no query: the list joined them)."""
    at = listed.day.at
    items = []
    for row in rows:
        if listed.figure == Figure.DUE:
            late = row.next_due_until is not None and row.next_due_until < at
            items.append(
                Item(
                    customer_id=row.pk,
                    customer_name=row.name,
                    person=_rep_name(row.owner),
                    what=row.get_next_action_display(),
                    at=row.next_due_at,
                    overdue=late,
                    link=("web:customer", row.pk),
                )
            )
        elif listed.figure == Figure.TASKS:
            late = row.due_until < at
            item = _customer_item(row, row.assigned_to, row.get_kind_display(), row.due_from, late)
            items.append(item)
        elif listed.figure == Figure.VISITS:
            items.append(
                _customer_item(row, row.by, row.get_kind_display(), row.occurred_at, False)
            )
        elif listed.figure == Figure.INVITATIONS:
            late = row.delivery_slot_end < at
            item = _customer_item(
                row, row.customer.owner, str(_("送邀请函")), row.delivery_slot_start, late
            )
            items.append(item)
        elif listed.figure == Figure.CASES:
            late = row.deadline_at is not None and row.deadline_at < at
            what = f"{row.get_level_display()} · {row.summary[:CASE_SUMMARY_CHARS]}"
            item = _customer_item(row, row.holder, what, row.deadline_at, late)
            items.append(_with_link(item, ("web:case", row.pk)))
        else:
            late = row.confirmation_due_at is not None and row.confirmation_due_at < at
            item = _customer_item(row, row.seller, row.number, row.confirmation_due_at, late)
            items.append(_with_link(item, ("web:order", row.pk)))
    return items


def _with_link(item: Item, link: tuple[str, int]) -> Item:
    return Item(**{**item.__dict__, "link": link})
