"""商品目录管理: products (the category decides which number is required), packages with their
contents, gifts with their value, and price lists valid from a day, for administrators
(``Capability.CATALOGUE_MANAGE``). Lists show their total and page; taking something off sale
asks first; every refusal of a service is shown next to the field it names."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.lookup import get_by_id
from lianyi.org.capabilities import Capability
from lianyi.sales.selectors import (
    catalogue_gifts,
    catalogue_on,
    catalogue_packages,
    catalogue_products,
    price_list_entries,
    price_lists,
)
from lianyi.sales.services import catalogue, catalogue_changes
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.admin_catalogue import GiftForm, PackageForm, PriceListForm, ProductForm
from lianyi.web.paging import paginate

PER_PAGE = 30
# Where a package's or a price list's refusal about its rows is shown: at the top of the form.
ROWS_AT_TOP = {"items": "__all__", "entries": "__all__"}


def _require(request: AuthenticatedRequest) -> None:
    require(request.user, Capability.CATALOGUE_MANAGE)


def _toggled(request: AuthenticatedRequest, name: str, is_active: bool) -> None:
    if is_active:
        messages.success(request, _("“%(name)s”已恢复在售。") % {"name": name})
    else:
        messages.success(request, _("“%(name)s”已停售。") % {"name": name})


# --- products ---------------------------------------------------------------------------------


@login_required
@require_GET
def product_list(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    paged = paginate(request, catalogue_products(user=request.user), per_page=PER_PAGE)
    return render(request, "admin_catalogue/products.html", {"paged": paged})


def _product_values(form: ProductForm) -> dict[str, Any]:
    data = form.cleaned_data
    values: dict[str, Any] = {
        name: data.get(name) or ""
        for name in ("name", "category", "registration_number", "approval_number", "unit")
    }
    values["recall_signal"] = bool(data.get("recall_signal"))
    return values


@login_required
def product_new(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = catalogue.create_product(by=request.user, **_product_values(form))
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新增商品“%(name)s”。") % {"name": product.name})
            return redirect("web:admin_products")
    return render(request, "admin_catalogue/product_form.html", {"form": form, "product": None})


@login_required
def product_edit(request: AuthenticatedRequest, product_id: int) -> HttpResponse:
    _require(request)
    with not_found_as_404():
        product = get_by_id(catalogue_products(user=request.user), product_id)
    initial = {
        "name": product.name,
        "category": product.category,
        "registration_number": product.registration_number,
        "approval_number": product.approval_number,
        "unit": product.unit,
        "recall_signal": product.recall_signal,
    }
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            product = catalogue_changes.update_product(
                by=request.user, product_id=product.pk, **_product_values(form)
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存商品“%(name)s”。") % {"name": product.name})
            return redirect("web:admin_products")
    return render(request, "admin_catalogue/product_form.html", {"form": form, "product": product})


@login_required
@require_POST
def product_active(request: AuthenticatedRequest, product_id: int, is_active: bool) -> HttpResponse:
    _require(request)
    try:
        with not_found_as_404():
            product = catalogue_changes.set_product_active(
                by=request.user, product_id=product_id, is_active=is_active
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _toggled(request, product.name, is_active)
    return redirect("web:admin_product", product_id)


# --- packages ---------------------------------------------------------------------------------


@login_required
@require_GET
def package_list(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    paged = paginate(request, catalogue_packages(user=request.user), per_page=PER_PAGE)
    return render(request, "admin_catalogue/packages.html", {"paged": paged})


@login_required
def package_new(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    products = list(catalogue_products(user=request.user).filter(is_active=True))
    form = PackageForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            package = catalogue.create_package(
                by=request.user,
                name=data.get("name") or "",
                description=data.get("description") or "",
                items=form.items(),
            )
        except DomainError as error:
            attach_error(form, error, ROWS_AT_TOP)
        else:
            messages.success(request, _("已新增套餐“%(name)s”。") % {"name": package.name})
            return redirect("web:admin_packages")
    return render(request, "admin_catalogue/package_form.html", {"form": form, "package": None})


@login_required
def package_edit(request: AuthenticatedRequest, package_id: int) -> HttpResponse:
    _require(request)
    with not_found_as_404():
        package = get_by_id(catalogue_packages(user=request.user), package_id)
    contents = {i.product_id: i.quantity for i in package.items.all()}
    # The products on sale, and any off sale that the package still holds.
    products = [p for p in catalogue_products(user=request.user) if p.is_active or p.pk in contents]
    initial: dict[str, object] = {"name": package.name, "description": package.description}
    initial.update({f"qty_{pk}": n for pk, n in contents.items()})
    form = PackageForm(request.POST or None, initial=initial, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            package = catalogue_changes.update_package(
                by=request.user,
                package_id=package.pk,
                name=data.get("name") or "",
                description=data.get("description") or "",
                items=form.items(),
            )
        except DomainError as error:
            attach_error(form, error, ROWS_AT_TOP)
        else:
            messages.success(request, _("已保存套餐“%(name)s”。") % {"name": package.name})
            return redirect("web:admin_packages")
    return render(request, "admin_catalogue/package_form.html", {"form": form, "package": package})


@login_required
@require_POST
def package_active(request: AuthenticatedRequest, package_id: int, is_active: bool) -> HttpResponse:
    _require(request)
    try:
        with not_found_as_404():
            package = catalogue_changes.set_package_active(
                by=request.user, package_id=package_id, is_active=is_active
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _toggled(request, package.name, is_active)
    return redirect("web:admin_package", package_id)


# --- gifts ------------------------------------------------------------------------------------


@login_required
@require_GET
def gift_list(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    paged = paginate(request, catalogue_gifts(user=request.user), per_page=PER_PAGE)
    return render(request, "admin_catalogue/gifts.html", {"paged": paged})


@login_required
def gift_new(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    form = GiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gift = catalogue.create_gift(
                by=request.user,
                name=data.get("name") or "",
                value="" if data.get("value") is None else data["value"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已新增赠品“%(name)s”。") % {"name": gift.name})
            return redirect("web:admin_gifts")
    return render(request, "admin_catalogue/gift_form.html", {"form": form, "gift": None})


@login_required
def gift_edit(request: AuthenticatedRequest, gift_id: int) -> HttpResponse:
    _require(request)
    with not_found_as_404():
        gift = get_by_id(catalogue_gifts(user=request.user), gift_id)
    form = GiftForm(request.POST or None, initial={"name": gift.name, "value": gift.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gift = catalogue_changes.update_gift(
                by=request.user,
                gift_id=gift.pk,
                name=data.get("name") or "",
                value="" if data.get("value") is None else data["value"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存赠品“%(name)s”。") % {"name": gift.name})
            return redirect("web:admin_gifts")
    return render(request, "admin_catalogue/gift_form.html", {"form": form, "gift": gift})


@login_required
@require_POST
def gift_active(request: AuthenticatedRequest, gift_id: int, is_active: bool) -> HttpResponse:
    _require(request)
    try:
        with not_found_as_404():
            gift = catalogue_changes.set_gift_active(
                by=request.user, gift_id=gift_id, is_active=is_active
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _toggled(request, gift.name, is_active)
    return redirect("web:admin_gift", gift_id)


# --- price lists ------------------------------------------------------------------------------


@login_required
@require_GET
def price_list_list(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    paged = paginate(request, price_lists(user=request.user), per_page=PER_PAGE)
    return render(request, "admin_catalogue/price_lists.html", {"paged": paged})


@login_required
def price_list_new(request: AuthenticatedRequest) -> HttpResponse:
    """A new price list; its prices start from the list that applies today, to change as
    needed. A list is never edited once it applies: the next one replaces it from its day."""
    _require(request)
    user = request.user
    today = catalogue_on(user=user, day=timezone.localdate())
    initial: dict[str, object] = {}
    initial.update({f"package_{p.pk}": price for p, price in today.packages if price})
    initial.update({f"product_{p.pk}": price for p, price in today.products if price})
    form = PriceListForm(
        request.POST or None,
        initial=initial,
        packages=[p for p, _price in today.packages],
        products=[p for p, _price in today.products],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("valid_from") is None:
            form.add_error(
                "valid_from",
                ValidationError(
                    _("请填写%(label)s。") % {"label": _("生效日期")}, code=CoreCode.REQUIRED
                ),
            )
        else:
            try:
                price_list = catalogue.create_price_list(
                    by=user,
                    name=data.get("name") or "",
                    valid_from=data["valid_from"],
                    valid_until=data.get("valid_until"),
                    package_prices=form.prices("package"),
                    product_prices=form.prices("product"),
                )
            except DomainError as error:
                attach_error(form, error, ROWS_AT_TOP)
            else:
                messages.success(request, _("已新增价目表“%(name)s”。") % {"name": price_list.name})
                return redirect("web:admin_price_list", price_list.pk)
    return render(
        request,
        "admin_catalogue/price_list_form.html",
        {"form": form, "current": today.price_list},
    )


@login_required
@require_GET
def price_list_detail(request: AuthenticatedRequest, price_list_id: int) -> HttpResponse:
    _require(request)
    with not_found_as_404():
        price_list = get_by_id(price_lists(user=request.user), price_list_id)
    entries = list(price_list_entries(price_list=price_list))
    return render(
        request,
        "admin_catalogue/price_list.html",
        {"price_list": price_list, "entries": entries},
    )
