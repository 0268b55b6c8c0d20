"""小区和单位: the company's places, filtered and searched, created and edited (coordinates
typed or picked from a rep's recorded visit), and two spellings of one place merged after a
confirmation that says how many customers move."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lianyi.core.errors import DomainError
from lianyi.customers.places import create_place, merge_places, update_place
from lianyi.customers.selectors import (
    company_places,
    get_place,
    place_customer_count,
    place_districts,
)
from lianyi.journey.selectors import visit_location, visit_locations
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.admin_config import MergeForm, PlaceFilterForm, PlaceForm

PER_PAGE = 20


@login_required
@require_GET
def place_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    form = PlaceFilterForm(request.GET, districts=place_districts(user=user))
    filters = form.cleaned_data if form.is_valid() else {}
    kind, district, query = (filters.get(k) or "" for k in ("kind", "district", "q"))
    places = company_places(user=user, kind=kind, district=district, query=query.strip())
    page = Paginator(places, PER_PAGE).get_page(request.GET.get("page"))
    query_string = urlencode(
        {k: v for k, v in (("kind", kind), ("district", district), ("q", query)) if v}
    )
    return render(
        request,
        "admin_config/places.html",
        {"form": form, "page": page, "query_string": query_string},
    )


@login_required
def place_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place = create_place(
                by=user,
                kind=data.get("kind") or "",
                district=data.get("district") or "",
                name=data.get("name") or "",
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新增“%(name)s”。") % {"name": place.name})
            return redirect("web:admin_places")
    return render(request, "admin_config/place_form.html", {"form": form, "place": None})


@login_required
def place_edit(request: AuthenticatedRequest, place_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    with not_found_as_404():
        place = get_place(user=user, place_id=place_id)
    visits = list(visit_locations(user=user, place=place))
    initial = {
        "district": place.district,
        "name": place.name,
        "latitude": "" if place.latitude is None else str(place.latitude),
        "longitude": "" if place.longitude is None else str(place.longitude),
    }
    form = PlaceForm(request.POST or None, initial=initial, visits=visits, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        latitude, longitude, source = data.get("latitude"), data.get("longitude"), "typed"
        try:
            if data.get("visit"):
                picked = visit_location(user=user, place=place, touchpoint_id=data["visit"])
                latitude, longitude, source = picked.latitude, picked.longitude, "visit"
            place = update_place(
                by=user,
                place_id=place.pk,
                district=data.get("district") or "",
                name=data.get("name") or "",
                latitude=latitude,
                longitude=longitude,
                location_source=source,
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": place.name})
            return redirect("web:admin_place", place.pk)
    return render(
        request,
        "admin_config/place_form.html",
        {
            "form": form,
            "place": place,
            "customer_count": place_customer_count(place=place),
            "visits": visits,
        },
    )


@login_required
def place_merge(request: AuthenticatedRequest, place_id: int) -> HttpResponse:
    """Step 1 (GET, no ``keep``): pick the spelling to keep. Step 2 (GET with ``keep``): the
    confirmation, with how many customers move. Step 3 (POST): the merge."""
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    with not_found_as_404():
        place = get_place(user=user, place_id=place_id)
    others = company_places(user=user, kind=place.kind).exclude(pk=place.pk)
    form = MergeForm(request.POST or request.GET or None, places=others)
    keep = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("keep"):
        with not_found_as_404():
            keep = get_place(user=user, place_id=form.cleaned_data["keep"])
    if request.method == "POST" and keep is not None:
        try:
            kept, moved = merge_places(by=user, keep_id=keep.pk, remove_id=place.pk)
        except DomainError as error:
            attach_error(form, error, {"keep_id": "keep"})
        else:
            messages.success(
                request,
                _("已合并：%(count)s 位客户移到“%(name)s”。") % {"count": moved, "name": kept},
            )
            return redirect("web:admin_place", kept.pk)
    return render(
        request,
        "admin_config/place_merge.html",
        {
            "form": form,
            "place": place,
            "keep": keep,
            "moving": place_customer_count(place=place),
            "has_others": others.exists(),
        },
    )
