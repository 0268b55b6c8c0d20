"""签到: the scanner for a phone at the bus door and the venue door. It posts each scan (from
the camera or typed in) and shows the answer big and coloured, with the bus headcount against
its manifest or the door count beside it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.gatherings.models import Bus, CheckInList, Gathering
from lianyi.gatherings.selectors.checkin import (
    bus_headcounts,
    buses_of,
    check_in_gathering,
    check_in_to_undo,
    checkin_window,
    door_count,
    scannable_gatherings,
)
from lianyi.gatherings.services.checkin import ScanAnswer, ScanMethod, check_in
from lianyi.gatherings.services.checkin_undo import undo_check_in
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, is_not_found, not_found_as_404
from lianyi.web.forms.gatherings_checkin import ScanForm, UndoCheckInForm

TITLES = {
    ScanAnswer.ADMITTED: _("签到成功"),
    ScanAnswer.ALREADY_ADMITTED: _("已签到过"),
    ScanAnswer.REVOKED: _("邀请函已作废"),
    ScanAnswer.UNKNOWN: _("查无此邀请函"),
    ScanAnswer.OTHER_GATHERING: _("不是本场的邀请函"),
    ScanAnswer.WRONG_BUS: _("请上另一辆车"),
    ScanAnswer.CLOSED: _("联谊会已结束"),
    ScanAnswer.MALFORMED: _("无法识别"),
    ScanAnswer.AMBIGUOUS: _("多位客户符合"),
    ScanAnswer.NOT_OPEN: _("签到尚未开始"),
    ScanAnswer.WINDOW_CLOSED: _("签到已结束"),
}
TONES = {ScanAnswer.ADMITTED: "ok", ScanAnswer.ALREADY_ADMITTED: "warn"}
SCAN_INPUT_LIMIT = 500


def _gathering(request: HttpRequest, gathering_id: int) -> Gathering:
    require(request.user, Capability.GATHERINGS_CHECK_IN)
    with not_found_as_404():
        return check_in_gathering(user=request.user, gathering_id=gathering_id)


def _where(data: Any, buses: list[Bus]) -> tuple[str, int | None]:
    """The list being scanned (the door unless boarding is asked for) and the bus, if it is
    one of the gathering's ``buses`` (matched as text: no int() to fail on odd input)."""
    list_kind = data.get("list") if data.get("list") in CheckInList.values else CheckInList.DOOR
    bus_id = None
    if list_kind == CheckInList.BOARDING:
        raw = str(data.get("bus") or "")
        bus_id = next((bus.pk for bus in buses if str(bus.pk) == raw), None)
    return list_kind, bus_id


def _page_context(
    gathering: Gathering, buses: list[Bus], list_kind: str, bus_id: int | None
) -> dict[str, Any]:
    window = checkin_window(gathering=gathering)
    moment = now()
    context: dict[str, Any] = {
        "gathering": gathering,
        "window": window,
        "window_state": (
            "before"
            if moment < window.opens_at
            else "after"
            if moment > window.closes_at
            else "open"
        ),
        "list_kind": list_kind,
        "bus_id": bus_id,
        "buses": buses,
        "boarding": list_kind == CheckInList.BOARDING,
    }
    if list_kind == CheckInList.BOARDING:
        context["headcounts"] = bus_headcounts(gathering=gathering)
        context["selected_bus"] = next((b for b in buses if b.pk == bus_id), None)
    else:
        context["door"] = door_count(gathering=gathering)
    return context


@login_required
@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_CHECK_IN)
    gatherings = list(scannable_gatherings(user=request.user))
    if len(gatherings) == 1:
        return redirect("web:checkin_scanner", gathering_id=gatherings[0].pk)
    return render(request, "gatherings/checkin_choose.html", {"gatherings": gatherings})


@login_required
@require_GET
def scanner(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering = _gathering(request, gathering_id)
    buses = list(buses_of(gathering=gathering))
    list_kind, bus_id = _where(request.GET, buses)
    form = ScanForm(initial={"list": list_kind, "bus": bus_id or "", "method": "manual"})
    context = _page_context(gathering, buses, list_kind, bus_id) | {"form": form}
    return render(request, "gatherings/checkin_scan.html", context)


@login_required
@require_POST
def scan(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    gathering = _gathering(request, gathering_id)
    buses = list(buses_of(gathering=gathering))
    list_kind, bus_id = _where(request.POST, buses)

    def posted(name: str) -> str:
        return str(request.POST.get(name) or "")[:SCAN_INPUT_LIMIT]

    method = ScanMethod.CAMERA if posted("method") == ScanMethod.CAMERA else ScanMethod.MANUAL
    try:
        result = check_in(
            by=request.user,
            gathering_id=gathering.pk,
            list_kind=list_kind,
            token=posted("token"),
            mobile_tail=posted("mobile_tail"),
            surname=posted("surname"),
            bus_id=bus_id,
            client_nonce=posted("client_nonce"),
            method=method,
        )
    except DomainError as error:
        if is_not_found(error):
            raise
        outcome: dict[str, Any] = {
            "answer": error.code,
            "title": _("请检查"),
            "tone": "error",
            "message": error.message,
            "data": {},
        }
    else:
        outcome = {
            "answer": result.answer,
            "title": TITLES[result.answer],
            "tone": TONES.get(result.answer, "error"),
            "message": result.message,
            "data": result.data,
        }
    context = _page_context(gathering, buses, list_kind, bus_id) | {
        "outcome": outcome,
        "can_undo": has_capability(request.user, Capability.GATHERINGS_PLAN),
    }
    if request.headers.get("HX-Request"):
        return render(request, "gatherings/checkin_result.html", context)
    form = ScanForm(initial={"list": list_kind, "bus": bus_id or "", "method": "manual"})
    return render(request, "gatherings/checkin_scan.html", context | {"form": form})


@login_required
def undo(
    request: AuthenticatedRequest, gathering_id: int, invitation_id: int, list_kind: str
) -> HttpResponse:
    """撤销签到: a planner takes back a check-in, with a reason, after a confirmation."""
    require(request.user, Capability.GATHERINGS_PLAN)
    with not_found_as_404():
        check_in_row = check_in_to_undo(
            user=request.user,
            gathering_id=gathering_id,
            invitation_id=invitation_id,
            list_kind=list_kind,
        )
    form = UndoCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            undo_check_in(
                by=request.user,
                gathering_id=gathering_id,
                invitation_id=invitation_id,
                list_kind=list_kind,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(
                request,
                _("已撤销%(names)s的签到。")
                % {"names": _("、").join(check_in_row.invitation.guest_names)},
            )
            return redirect(
                reverse("web:checkin_scanner", args=[gathering_id]) + f"?list={list_kind}"
            )
    status = 400 if form.errors else 200
    context = {"check_in": check_in_row, "gathering": check_in_row.gathering, "form": form}
    return render(request, "gatherings/checkin_undo.html", context, status=status)
