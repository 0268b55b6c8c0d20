"""数据收集点: the company's stands, newest first, created, edited, opened and closed by an
administrator. Registration offers only the open ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.customers.selectors import company_stands, get_stand
from lianyi.customers.stands import close_stand, create_stand, open_stand, update_stand
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.admin_config import ListPageForm, StandForm

PER_PAGE = 20


@login_required
@require_GET
def stand_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.COMPANY_CONFIGURE)
    page = Paginator(company_stands(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "admin_config/stands.html", {"page": page})


@login_required
def stand_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    form = StandForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stand = create_stand(
                by=user,
                name=data.get("name") or "",
                place=data.get("place") or "",
                held_on=data.get("held_on"),
                is_open=bool(data.get("is_open")),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新建数据收集点“%(name)s”。") % {"name": stand.name})
            return redirect("web:admin_stands")
    return render(request, "admin_config/stand_form.html", {"form": form, "stand": None})


@login_required
def stand_edit(request: AuthenticatedRequest, stand_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    with not_found_as_404():
        stand = get_stand(user=user, stand_id=stand_id)
    initial = {"name": stand.name, "place": stand.place, "held_on": stand.held_on}
    form = StandForm(request.POST or None, initial=initial)
    del form.fields["is_open"]  # opened and closed from the list, each audited on its own
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stand = update_stand(
                by=user,
                stand_id=stand.pk,
                name=data.get("name") or "",
                place=data.get("place") or "",
                held_on=data.get("held_on"),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存数据收集点“%(name)s”。") % {"name": stand.name})
            return redirect("web:admin_stands")
    return render(request, "admin_config/stand_form.html", {"form": form, "stand": stand})


@login_required
@require_POST
def stand_open(request: AuthenticatedRequest, stand_id: int, is_open: bool) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    change = open_stand if is_open else close_stand
    with not_found_as_404():
        stand = change(by=user, stand_id=stand_id)
    text = _("“%(name)s”已开放登记。") if is_open else _("“%(name)s”已关闭，登记时不再显示。")
    messages.success(request, text % {"name": stand.name})
    back = ListPageForm(request.POST)
    target = redirect("web:admin_stands")
    if back.is_valid() and back.cleaned_data["page"]:  # '²' or '٣' was put in the header as typed
        target["Location"] += f"?page={back.cleaned_data['page']}"
    return target
