"""管理: the administration home page, departments and teams, users (create, edit, reset a
password, deactivate, reactivate, unlock a login), and everyone's own password page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lianyi.core.errors import DomainError
from lianyi.customers.selectors import customers_owned_by
from lianyi.org import accounts, structure
from lianyi.org.accounts import Placement
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.codes import OrgCode
from lianyi.org.models import User
from lianyi.org.selectors import (
    company_departments,
    company_teams,
    company_users,
    get_company_user,
    get_department,
    get_team,
    is_locked_out,
)
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.admin_org import (
    NameForm,
    OwnPasswordForm,
    PlacementForm,
    ResetPasswordForm,
    TeamForm,
    UserCreateForm,
    UserFilterForm,
)

USERS_PER_PAGE = 30
HANDOVER_LIMIT = 200


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.ORG_MANAGE)
    can_configure = has_capability(request.user, Capability.COMPANY_CONFIGURE)
    can_catalogue = has_capability(request.user, Capability.CATALOGUE_MANAGE)
    return render(
        request,
        "admin/home.html",
        {"can_configure": can_configure, "can_catalogue": can_catalogue},
    )


@login_required
def org(request: AuthenticatedRequest) -> HttpResponse:
    """Departments: the list and a form for a new one."""
    user = request.user
    require(user, Capability.ORG_MANAGE)
    form = NameForm(request.POST or None, prefix="department")
    if request.method == "POST" and form.is_valid():
        try:
            department = structure.create_department(by=user, name=form.cleaned_data["name"])
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新建部门“%(name)s”。") % {"name": department.name})
            return redirect("web:admin_department", department.pk)
    departments = list(company_departments(user=user))
    return render(request, "admin/org.html", {"form": form, "departments": departments})


@login_required
def department(request: AuthenticatedRequest, department_id: int) -> HttpResponse:
    """One department: rename, delete when empty, its teams and a form for a new team."""
    user = request.user
    require(user, Capability.ORG_MANAGE)
    with not_found_as_404():
        found = get_department(user=user, department_id=department_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    rename = NameForm(
        request.POST if action == "rename" else None, prefix="rename", initial={"name": found.name}
    )
    team_form = TeamForm(request.POST if action == "team" else None, prefix="team")
    delete_error = ""
    if action == "rename" and rename.is_valid():
        try:
            structure.rename_department(
                by=user, department_id=found.pk, name=rename.cleaned_data["name"]
            )
        except DomainError as error:
            attach_error(rename, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("web:admin_department", found.pk)
    elif action == "team" and team_form.is_valid():
        try:
            team = structure.create_team(
                by=user, department_id=found.pk, name=team_form.cleaned_data["name"]
            )
        except DomainError as error:
            attach_error(team_form, error)
        else:
            messages.success(request, _("已新建小组“%(name)s”。") % {"name": team.name})
            return redirect("web:admin_department", found.pk)
    elif action == "delete":
        try:
            structure.delete_department(by=user, department_id=found.pk)
        except DomainError as error:
            delete_error = error.message
        else:
            messages.success(request, _("已删除部门“%(name)s”。") % {"name": found.name})
            return redirect("web:admin_org")
    status = 400 if action and request.method == "POST" else 200
    return render(
        request,
        "admin/department.html",
        {
            "department": found,
            "teams": list(found.teams.all()),
            "members": list(company_users(user=user).filter(department_id=found.pk)),
            "rename_form": rename,
            "team_form": team_form,
            "delete_error": delete_error,
        },
        status=status,
    )


@login_required
def team(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    """One team: rename, delete when empty, and its members."""
    user = request.user
    require(user, Capability.ORG_MANAGE)
    with not_found_as_404():
        found = get_team(user=user, team_id=team_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    rename = TeamForm(
        request.POST if action == "rename" else None, prefix="rename", initial={"name": found.name}
    )
    delete_error = ""
    if action == "rename" and rename.is_valid():
        try:
            structure.rename_team(by=user, team_id=found.pk, name=rename.cleaned_data["name"])
        except DomainError as error:
            attach_error(rename, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("web:admin_team", found.pk)
    elif action == "delete":
        try:
            structure.delete_team(by=user, team_id=found.pk)
        except DomainError as error:
            delete_error = error.message
        else:
            messages.success(request, _("已删除小组“%(name)s”。") % {"name": found.name})
            return redirect("web:admin_department", found.department_id)
    status = 400 if action and request.method == "POST" else 200
    return render(
        request,
        "admin/team.html",
        {
            "team": found,
            "members": list(company_users(user=user, team_id=found.pk)),
            "rename_form": rename,
            "delete_error": delete_error,
        },
        status=status,
    )


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.ORG_MANAGE)
    form = UserFilterForm(request.GET, teams=company_teams(user=user))
    role, team_id, active = "", None, None
    if form.is_valid():
        role = form.cleaned_data["role"] or ""
        team_id = form.cleaned_data["team"]
        active = {"1": True, "0": False}.get(form.cleaned_data["active"] or "")
    users = company_users(user=user, role=role, team_id=team_id, active=active)
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "admin/user_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _placement(data: dict[str, Any]) -> Placement:
    return Placement(
        role=data["role"], team_id=data.get("team"), department_id=data.get("department")
    )


@never_cache  # may show a new password once: never kept by a cache
@login_required
def user_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.ORG_MANAGE)
    form = UserCreateForm(
        request.POST or None,
        teams=company_teams(user=user),
        departments=company_departments(user=user),
        initial={"team": request.GET.get("team", "")[:20]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created, password = accounts.create_user(
                by=user,
                username=data["username"],
                display_name=data["display_name"],
                phone=data["phone"],
                placement=_placement(data),
                password=data["password"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新建用户“%(name)s”。") % {"name": created})
            if password:
                # Shown on this answer only, never stored in a message or the session.
                return _user_page(request, created, new_password=password)
            return redirect("web:admin_user", created.pk)
    return render(
        request, "admin/user_new.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@login_required
def user_detail(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    by = request.user
    require(by, Capability.ORG_MANAGE)
    with not_found_as_404():
        target = get_company_user(user=by, user_id=user_id)
    if request.method != "POST":
        return _user_page(request, target)
    action = request.POST.get("action", "")
    if action == "update":
        form = _placement_form(by, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                accounts.update_user(
                    by=by,
                    user_id=target.pk,
                    display_name=data["display_name"],
                    phone=data["phone"],
                    placement=_placement(data),
                )
            except DomainError as error:
                attach_error(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("web:admin_user", target.pk)
        return _user_page(request, target, edit_form=form, status=400)
    if action == "reset_password":
        reset = ResetPasswordForm(request.POST)
        if reset.is_valid():
            try:
                password = accounts.reset_password(
                    by=by, user_id=target.pk, password=reset.cleaned_data["password"]
                )
            except DomainError as error:
                attach_error(reset, error)
            else:
                messages.success(request, _("已重设密码，该用户的登录已全部退出。"))
                if password:
                    return _user_page(request, target, new_password=password)
                return redirect("web:admin_user", target.pk)
        return _user_page(request, target, reset_form=reset, status=400)
    steps = {
        "deactivate": (accounts.deactivate_user, _("已停用该账号：无法登录，已退出所有登录。")),
        "reactivate": (accounts.reactivate_user, _("已重新启用该账号。")),
        "unlock": (accounts.unlock_login, _("已解除登录锁定。")),
    }
    if action not in steps:
        return redirect("web:admin_user", target.pk)
    step, done = steps[action]
    try:
        step(by=by, user_id=target.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("web:admin_user", target.pk)


def _placement_form(by: User, data: Any = None, **kwargs: Any) -> PlacementForm:
    return PlacementForm(
        data,
        teams=company_teams(user=by),
        departments=company_departments(user=by),
        prefix="edit",
        **kwargs,
    )


def _user_page(
    request: AuthenticatedRequest,
    target: Any,
    *,
    edit_form: PlacementForm | None = None,
    reset_form: ResetPasswordForm | None = None,
    new_password: str = "",
    status: int = 200,
) -> HttpResponse:
    by = request.user
    target = get_company_user(user=by, user_id=target.pk)  # fresh after a change
    if edit_form is None:
        edit_form = _placement_form(
            by,
            initial={
                "display_name": target.display_name,
                "phone": target.phone,
                "role": target.role,
                "team": target.team_id,
                "department": target.department_id,
            },
        )
    handover = customers_owned_by(user=by, owner_id=target.pk)
    return render(
        request,
        "admin/user_detail.html",
        {
            "target": target,
            "edit_form": edit_form,
            "reset_form": reset_form or ResetPasswordForm(),
            "new_password": new_password,
            "locked": is_locked_out(username=target.username),
            "handover": list(handover[:HANDOVER_LIMIT]),
            "handover_total": handover.count(),
            "is_self": target.pk == by.pk,
        },
        status=status,
    )


@login_required
def own_password(request: AuthenticatedRequest) -> HttpResponse:
    """修改密码: for everyone; this session stays logged in."""
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The old password is checked through authenticate() like the login's, so that guesses
        # here count towards the lockout (django-axes) and a locked account changes nothing:
        # the login page's limit cannot be side-stepped by guessing on this page.
        username = request.user.get_username()
        if authenticate(request, username=username, password=data["old_password"]) is None:
            form.add_error(
                "old_password", ValidationError(_("原密码不正确。"), code=OrgCode.PASSWORD_WRONG)
            )
            return render(request, "more/password.html", {"form": form}, status=400)
        try:
            changed = accounts.change_own_password(
                user=request.user,
                old_password=data["old_password"],
                new_password=data["new_password1"],
                repeat=data["new_password2"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            update_session_auth_hash(request, changed)
            messages.success(request, _("密码已修改。"))
            return redirect("web:more")
    return render(request, "more/password.html", {"form": form}, status=400 if form.errors else 200)
