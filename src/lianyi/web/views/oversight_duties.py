"""The supervisor's daily duties (主管日常规定): the daily VIP profile of each rep (每天向下属索要
一份贵宾档案) and the work diary (工作日志). Thin: the selectors read, the services decide."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.core.fields import FieldError, check_day
from lianyi.org.capabilities import Capability, has_capability
from lianyi.oversight.days import company_today
from lianyi.oversight.selectors import diary as diary_selectors
from lianyi.oversight.selectors import profiles as profile_selectors
from lianyi.oversight.services.diary import write_diary
from lianyi.oversight.services.profiles import offer_profile, take_profile
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.oversight_duties import DiaryForm, ProfileCustomerForm
from lianyi.web.paging import paginate

DAYS_PER_PAGE = 7
DIARY_DAYS_PER_PAGE = 14


def parse_day(value: str) -> dt.date:
    """A day in an address (2026-12-04); anything else is the 404 page."""
    try:
        return check_day(dt.date.fromisoformat(value))
    except (ValueError, FieldError):
        raise Http404() from None


# --- daily profiles ---------------------------------------------------------------------


@login_required
def profiles(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not profile_selectors.may_read_profiles(user):
        require(user, Capability.DAILY_PROFILE_OFFER)
        return redirect("web:profile_offer")
    days = paginate(request, profile_selectors.table_days(user=user), per_page=DAYS_PER_PAGE)
    table = profile_selectors.profile_table(user=user, days=days.items)
    return render(
        request,
        "oversight/profiles.html",
        {
            "table": table,
            "days": days,
            "can_take": has_capability(user, Capability.DAILY_PROFILE_TAKE),
        },
    )


@login_required
def profile_take(request: AuthenticatedRequest, rep_id: int, day: str) -> HttpResponse:
    user = request.user
    require(user, Capability.DAILY_PROFILE_TAKE)
    the_day = parse_day(day)
    with not_found_as_404():
        rep = profile_selectors.get_subordinate(user=user, rep_id=rep_id)
    if the_day > company_today(user.company):
        raise Http404()
    form = ProfileCustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            take_profile(
                by=user, rep_id=rep.pk, day=the_day, customer_id=form.cleaned_data["customer"]
            )
        except DomainError as error:
            attach_error(form, error, aliases={"customer": ""})
        else:
            messages.success(request, _("已收取贵宾档案。"))
            return redirect("web:profiles")
    return render(
        request,
        "oversight/profile_take.html",
        {
            "rep": rep,
            "day": the_day,
            "form": form,
            "profile": profile_selectors.profile_of(rep=rep, day=the_day),
            "visited": profile_selectors.visited_customers(user=user, rep=rep, day=the_day),
        },
    )


@login_required
def profile_offer(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.DAILY_PROFILE_OFFER)
    today = company_today(user.company)
    form = ProfileCustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        customer_id = form.cleaned_data["customer"]
        try:
            offer_profile(by=user, customer_id=customer_id or 0, day=today)
        except DomainError as error:
            attach_error(form, error, aliases={"customer": ""})
        else:
            messages.success(request, _("已提交今天的贵宾档案，等待主管收取。"))
            return redirect("web:profile_offer")
    return render(
        request,
        "oversight/profile_offer.html",
        {
            "day": today,
            "form": form,
            "profile": profile_selectors.profile_of(rep=user, day=today),
            "visited": profile_selectors.visited_customers(user=user, rep=user, day=today),
        },
    )


# --- work diary -------------------------------------------------------------------------


@login_required
def diary(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if diary_selectors.may_write_diary(user):
        return diary_calendar(request, user.pk)
    require(user, Capability.DIARY_READ)
    return render(
        request,
        "oversight/diary_overview.html",
        {"authors": diary_selectors.authors_overview(user=user)},
    )


@login_required
def diary_calendar(request: AuthenticatedRequest, author_id: int) -> HttpResponse:
    user = request.user
    with not_found_as_404():
        author = diary_selectors.get_diary_author(user=user, author_id=author_id)
    all_days = diary_selectors.diary_days(author=author)
    days = paginate(request, all_days, per_page=DIARY_DAYS_PER_PAGE)
    calendar = diary_selectors.diary_calendar(author=author, days=days.items)
    return render(
        request,
        "oversight/diary_calendar.html",
        {
            "author": author,
            "days": days,
            "calendar": calendar,
            "missing": sum(d.missing for d in calendar),
            "own": author.pk == user.pk,
            "today": company_today(user.company),
        },
    )


@login_required
def diary_entry(request: AuthenticatedRequest, author_id: int, day: str) -> HttpResponse:
    user = request.user
    the_day = parse_day(day)
    with not_found_as_404():
        author = diary_selectors.get_diary_author(user=user, author_id=author_id)
    entry = diary_selectors.diary_entry(author=author, day=the_day)
    own = author.pk == user.pk
    if entry is None and own and the_day <= company_today(user.company):
        return redirect("web:diary_write", the_day.isoformat())
    if entry is None:
        raise Http404()
    return render(
        request,
        "oversight/diary_entry.html",
        {"author": author, "entry": entry, "own": own},
    )


@login_required
def diary_write(request: AuthenticatedRequest, day: str) -> HttpResponse:
    user = request.user
    require(user, Capability.DIARY_WRITE)
    the_day = parse_day(day)
    entry = diary_selectors.diary_entry(author=user, day=the_day)
    staff = diary_selectors.diary_staff(user=user)
    initial: dict[str, object] = {}
    if entry is not None:
        initial = {"plan": entry.plan, "summary": entry.summary, "version": entry.version}
        initial |= {DiaryForm.talk_name(t.staff_id): t.points for t in entry.talks.all()}
    form = DiaryForm(request.POST or None, staff=staff, initial=initial)
    future = the_day > company_today(user.company)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            write_diary(
                by=user,
                day=the_day,
                plan=data.get("plan") or "",
                summary=data.get("summary") or "",
                talks=form.talks(),
                expected_version=data.get("version"),
            )
        except DomainError as error:
            attach_error(form, error, aliases={"day": ""})
        else:
            messages.success(request, _("工作日志已保存。"))
            return redirect("web:diary_entry", user.pk, the_day.isoformat())
    return render(
        request,
        "oversight/diary_form.html",
        {
            "form": form,
            "day": the_day,
            "entry": entry,
            "future": future,
            "late": the_day < company_today(user.company),
        },
    )
