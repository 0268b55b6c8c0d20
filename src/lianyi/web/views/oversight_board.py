"""团队看板: a supervisor's team today per rep, a manager's department per team, an
administrator's company per department; each number opens the list behind it (one small page
per figure, with its total and pages)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lianyi.org.capabilities import Capability
from lianyi.oversight.selectors.board import (
    FIGURE_LABELS,
    LEVEL_ALL,
    LEVEL_DEPARTMENT,
    TIME_LABELS,
    Figure,
    board_items,
    board_list,
    department_board,
    get_board_department,
    get_board_team,
    home_board,
    team_board,
)
from lianyi.web.access import require
from lianyi.web.errors import not_found_as_404
from lianyi.web.paging import paginate

LIST_PER_PAGE = 20
COLUMNS = [(figure.value, FIGURE_LABELS[figure]) for figure in Figure]


def _render(request: HttpRequest, board: object) -> HttpResponse:
    return render(request, "oversight/board.html", {"board": board, "columns": COLUMNS})


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The board a viewer lands on: their team, department or company."""
    require(request.user, Capability.TEAM_BOARD_VIEW)
    with not_found_as_404():
        return _render(request, home_board(user=request.user))


@login_required
@require_GET
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    require(request.user, Capability.TEAM_BOARD_VIEW)
    with not_found_as_404():
        found = get_board_team(user=request.user, team_id=team_id)
        return _render(request, team_board(user=request.user, team=found))


@login_required
@require_GET
def department(request: HttpRequest, department_id: int) -> HttpResponse:
    require(request.user, Capability.TEAM_BOARD_VIEW)
    with not_found_as_404():
        found = get_board_department(user=request.user, department_id=department_id)
        return _render(request, department_board(user=request.user, department=found))


@login_required
@require_GET
def items(
    request: HttpRequest, figure: str, level: str = LEVEL_ALL, node_id: int | None = None
) -> HttpResponse:
    """The rows behind one number: of a rep, a team, a department or all in scope."""
    require(request.user, Capability.TEAM_BOARD_VIEW)
    with not_found_as_404():
        listed = board_list(user=request.user, figure=figure, level=level, pk=node_id)
    paged = paginate(request, listed.rows, per_page=LIST_PER_PAGE)
    level, pk = listed.board
    if level == LEVEL_ALL or pk is None:
        back = reverse("web:team_board")
    elif level == LEVEL_DEPARTMENT:
        back = reverse("web:team_department", args=[pk])
    else:
        back = reverse("web:team_team", args=[pk])
    return render(
        request,
        "oversight/board_list.html",
        {
            "listed": listed,
            "title": FIGURE_LABELS[listed.figure],
            "time_label": TIME_LABELS[listed.figure],
            "back": back,
            "paged": paged,
            "items": board_items(listed, paged.items),
        },
    )
