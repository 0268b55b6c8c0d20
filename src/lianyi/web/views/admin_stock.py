"""库房和库存: store rooms, and for each its stock per product, a receipt of goods (入库), a
correction to the counted stock (盘点更正, with its reason) and the history of movements, for
administrators (``Capability.CATALOGUE_MANAGE``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.core.lookup import get_by_id
from lianyi.org.capabilities import Capability
from lianyi.sales.models import StoreRoom
from lianyi.sales.selectors import catalogue_products, stock_levels, stock_movements, store_rooms
from lianyi.sales.services import catalogue_changes, stock
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.admin_catalogue import CorrectionForm, ReceiptForm, StoreRoomForm
from lianyi.web.paging import paginate

PER_PAGE = 30
MOVEMENTS_PER_PAGE = 30


@login_required
@require_GET
def store_room_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.CATALOGUE_MANAGE)
    paged = paginate(request, store_rooms(user=request.user), per_page=PER_PAGE)
    return render(request, "admin_catalogue/store_rooms.html", {"paged": paged})


@login_required
def store_room_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.CATALOGUE_MANAGE)
    form = StoreRoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room = stock.create_store_room(
                by=request.user, name=form.cleaned_data.get("name") or ""
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新增库房“%(name)s”。") % {"name": room.name})
            return redirect("web:admin_store_room", room.pk)
    return render(request, "admin_catalogue/store_room_new.html", {"form": form})


def _room_page(
    request: AuthenticatedRequest,
    room: StoreRoom,
    *,
    rename: StoreRoomForm | None = None,
    receipt: ReceiptForm | None = None,
    correction: CorrectionForm | None = None,
) -> HttpResponse:
    user = request.user
    products = list(catalogue_products(user=user).filter(is_active=True))
    context: dict[str, Any] = {
        "room": room,
        "rename": rename or StoreRoomForm(initial={"name": room.name}, prefix="room"),
        "receipt": receipt or ReceiptForm(products=products, prefix="receipt"),
        "correction": correction or CorrectionForm(products=products, prefix="correction"),
        "levels": list(stock_levels(user=user, store_room_id=room.pk).order_by("product__name")),
        "movements": paginate(
            request, stock_movements(user=user, store_room_id=room.pk), per_page=MOVEMENTS_PER_PAGE
        ),
    }
    return render(request, "admin_catalogue/store_room.html", context)


def _room(request: AuthenticatedRequest, store_room_id: int) -> StoreRoom:
    require(request.user, Capability.CATALOGUE_MANAGE)
    with not_found_as_404():
        return get_by_id(store_rooms(user=request.user), store_room_id)


@login_required
@require_GET
def store_room_detail(request: AuthenticatedRequest, store_room_id: int) -> HttpResponse:
    return _room_page(request, _room(request, store_room_id))


@login_required
@require_POST
def store_room_rename(request: AuthenticatedRequest, store_room_id: int) -> HttpResponse:
    room = _room(request, store_room_id)
    form = StoreRoomForm(request.POST, prefix="room")
    if form.is_valid():
        try:
            room = catalogue_changes.rename_store_room(
                by=request.user, store_room_id=room.pk, name=form.cleaned_data.get("name") or ""
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存库房“%(name)s”。") % {"name": room.name})
            return redirect("web:admin_store_room", room.pk)
    return _room_page(request, room, rename=form)


@login_required
@require_POST
def stock_receipt(request: AuthenticatedRequest, store_room_id: int) -> HttpResponse:
    room = _room(request, store_room_id)
    products = list(catalogue_products(user=request.user).filter(is_active=True))
    form = ReceiptForm(request.POST, products=products, prefix="receipt")
    if form.is_valid():
        data = form.cleaned_data
        try:
            movement = stock.receive_stock(
                by=request.user,
                store_room_id=room.pk,
                product_id=data["product"],
                quantity=data.get("quantity") or 0,
                note=data.get("note") or "",
            )
        except DomainError as error:
            attach_error(form, error, {"product_id": "product"})
        else:
            messages.success(
                request,
                _("已入库 %(count)s，现有库存 %(after)s。")
                % {"count": movement.change, "after": movement.quantity_after},
            )
            return redirect("web:admin_store_room", room.pk)
    return _room_page(request, room, receipt=form)


@login_required
@require_POST
def stock_correction(request: AuthenticatedRequest, store_room_id: int) -> HttpResponse:
    room = _room(request, store_room_id)
    products = list(catalogue_products(user=request.user).filter(is_active=True))
    form = CorrectionForm(request.POST, products=products, prefix="correction")
    if form.is_valid():
        data = form.cleaned_data
        counted = data.get("counted")
        try:
            movement = stock.correct_stock(
                by=request.user,
                store_room_id=room.pk,
                product_id=data["product"],
                counted=-1 if counted is None else counted,
                note=data.get("note") or "",
            )
        except DomainError as error:
            attach_error(form, error, {"product_id": "product"})
        else:
            messages.success(
                request,
                _("已更正库存（%(change)s），现有库存 %(after)s。")
                % {"change": f"{movement.change:+d}", "after": movement.quantity_after},
            )
            return redirect("web:admin_store_room", room.pk)
    return _room_page(request, room, correction=form)
