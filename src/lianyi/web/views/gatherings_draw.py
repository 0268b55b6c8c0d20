"""抽奖: the organiser's page (publish the rules and prizes, lock, run each round, reveal the
seed) and the public verification page, reached without login by the published commitment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lianyi.core.errors import DomainError
from lianyi.gatherings.selectors.draw import draw_state, public_draw, verify_draw
from lianyi.gatherings.services.draw import (
    lock_draw,
    publish_draw_rules,
    reveal_seed,
    run_draw_round,
)
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, is_not_found, not_found_as_404
from lianyi.web.forms.gatherings_draw import DrawRulesForm


def _page(request: HttpRequest, gathering_id: int, form: DrawRulesForm | None = None) -> Any:
    with not_found_as_404():
        state = draw_state(user=request.user, gathering_id=gathering_id)
    if form is None and not state.locked:
        form = DrawRulesForm(
            initial={"rules": state.draw.rules if state.draw else ""},
            prizes=state.draw.prizes if state.draw else [],
        )
    public_url = (
        request.build_absolute_uri(reverse("web:draw_public", args=[state.draw.seed_commitment]))
        if state.locked and state.draw
        else ""
    )
    return render(
        request,
        "gatherings/draw_manage.html",
        {"state": state, "form": form, "public_url": public_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    if request.method != "POST":
        return _page(request, gathering_id)
    with not_found_as_404():
        draw_state(user=request.user, gathering_id=gathering_id)
    form = DrawRulesForm(request.POST)
    if form.is_valid():
        try:
            publish_draw_rules(
                by=request.user,
                gathering_id=gathering_id,
                rules=form.cleaned_data["rules"],
                prizes=form.prizes(),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存抽奖规则和奖品。锁定前仍可修改。"))
            return redirect("web:draw", gathering_id)
    return _page(request, gathering_id, form)


def _act(request: HttpRequest, gathering_id: int, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        if is_not_found(error):
            raise Http404(error.message) from None
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("web:draw", gathering_id)


@login_required
@require_POST
def run(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    try:
        round_no = int(request.POST.get("round", ""))
    except ValueError:
        round_no = 0
    return _act(
        request,
        gathering_id,
        lambda: run_draw_round(by=request.user, gathering_id=gathering_id, round_no=round_no),
        _("第 %(round)s 轮已抽出，结果已保存。") % {"round": round_no},
    )


STEPS = {
    "lock": (lock_draw, gettext_lazy("已锁定：规则和奖品不能再改，种子的哈希已公布。")),
    "reveal": (reveal_seed, gettext_lazy("种子已公布，任何人都可以验证抽奖结果。")),
}


@login_required
@require_POST
def step(request: AuthenticatedRequest, gathering_id: int, action: str) -> HttpResponse:
    """Lock the rules, or reveal the seed: the two one-way steps of a draw."""
    service, done = STEPS[action]
    return _act(
        request,
        gathering_id,
        lambda: service(by=request.user, gathering_id=gathering_id),
        str(done),
    )


@require_GET
def public(request: HttpRequest, commitment: str) -> HttpResponse:
    """No login: anyone with the link checks the draw."""
    with not_found_as_404():
        draw, runs = public_draw(commitment=commitment)
    verification = verify_draw(draw, runs)
    return render(
        request,
        "gatherings/draw_public.html",
        {"draw": draw, "runs": runs, "verification": verification},
    )
