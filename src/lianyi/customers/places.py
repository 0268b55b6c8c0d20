"""Writes on places (小区 and 单位): created and edited by an administrator, coordinates typed
or taken from a rep's recorded visit, and two spellings of one place merged into one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.errors import Conflict, DomainError, NotFound
from lianyi.core.validation import (
    CoordinateInput,
    CoordinateProblem,
    coordinates_problem,
    require_text,
)
from lianyi.customers.codes import CustomerCode
from lianyi.customers.locks import lock_customers_of_place, lock_places
from lianyi.customers.models import Customer, Place, PlaceKind
from lianyi.customers.selectors import get_place
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of

PLACE_FIELDS = ["kind", "district", "name", "latitude", "longitude"]


def _clean(
    kind: str, district: str, name: str, latitude: Any, longitude: Any
) -> tuple[str, str, str, Decimal | None, Decimal | None]:
    if kind not in PlaceKind.values:
        raise DomainError(
            _("请选择小区或单位。"), code=CustomerCode.PLACE_KIND_INVALID, extra={"field": "kind"}
        )
    clean_district = require_text(district, field="district", label=_("区"), max_length=50)
    clean_name = require_text(name, field="name", label=_("名称"), max_length=100)
    lat, lng, problem = coordinates_problem(latitude, longitude)
    if problem is not None:
        message = (
            _("请同时填写纬度和经度，或都不填。")
            if problem == CoordinateProblem.INCOMPLETE
            else _("纬度应在 -90 到 90 之间，经度在 -180 到 180 之间，最多 6 位小数。")
        )
        raise DomainError(
            message, code=CustomerCode.PLACE_LOCATION_INVALID, extra={"field": "latitude"}
        )
    return kind, clean_district, clean_name, lat, lng


def _refuse_existing() -> DomainError:
    return Conflict(
        _("同一区已有同名的小区或单位；如是同一地点，请合并。"),
        code=CustomerCode.PLACE_EXISTS,
        extra={"field": "name"},
    )


def create_place(
    *,
    by: User,
    kind: str,
    district: str,
    name: str,
    latitude: CoordinateInput = None,
    longitude: CoordinateInput = None,
) -> Place:
    require_capability(by, Capability.COMPANY_CONFIGURE)
    values = _clean(kind, district, name, latitude, longitude)
    try:
        with transaction.atomic():
            place = Place.objects.create(
                company_id=company_id_of(by),
                kind=values[0],
                district=values[1],
                name=values[2],
                latitude=values[3],
                longitude=values[4],
            )
            audit(by, "customers.place.created", place, data=snapshot(place, PLACE_FIELDS))
    except IntegrityError:
        raise _refuse_existing() from None
    return place


def update_place(
    *,
    by: User,
    place_id: int,
    district: str,
    name: str,
    latitude: CoordinateInput = None,
    longitude: CoordinateInput = None,
    location_source: str = "typed",
) -> Place:
    """Change a place's district, name or coordinates (typed, or ``location_source="visit"``
    when picked from a recorded visit). The kind stays: a compound never becomes a work unit."""
    require_capability(by, Capability.COMPANY_CONFIGURE)
    try:
        with transaction.atomic():
            found = get_place(user=by, place_id=place_id).pk
            place = lock_places(found).get(found)
            if place is None:  # merged away since it was looked up
                raise NotFound()
            _kind, district_, name_, lat, lng = _clean(
                place.kind, district, name, latitude, longitude
            )
            before = snapshot(place, PLACE_FIELDS)
            place.district, place.name, place.latitude, place.longitude = (
                district_,
                name_,
                lat,
                lng,
            )
            place.save(update_fields=["district", "name", "latitude", "longitude"])
            place.refresh_from_db(fields=["latitude", "longitude"])
            audit(
                by,
                "customers.place.updated",
                place,
                changes=diff(before, place),
                data={"location_source": location_source},
            )
    except IntegrityError:
        raise _refuse_existing() from None
    return place


@transaction.atomic
def merge_places(*, by: User, keep_id: int, remove_id: int) -> tuple[Place, int]:
    """Two spellings of one place: every customer of ``remove_id`` moves to ``keep_id`` and
    ``remove_id`` is deleted. Returns the kept place and how many customers moved."""
    require_capability(by, Capability.COMPANY_CONFIGURE)
    keep_pk = get_place(user=by, place_id=keep_id).pk
    remove_pk = get_place(user=by, place_id=remove_id).pk
    if keep_pk == remove_pk:
        raise DomainError(
            _("不能把地点与它自己合并。"),
            code=CustomerCode.PLACE_MERGE_SELF,
            extra={"field": "keep_id"},
        )
    locked = lock_places(keep_pk, remove_pk)
    if len(locked) != 2:  # deleted by a concurrent merge since it was looked up
        raise NotFound()
    keep, remove = locked[keep_pk], locked[remove_pk]
    if keep.kind != remove.kind:
        raise DomainError(
            _("小区只能与小区合并，单位只能与单位合并。"),
            code=CustomerCode.PLACE_MERGE_KIND,
            extra={"field": "keep_id"},
        )
    # Lock the customers that move, so that no edit of theirs interleaves with the move.
    moving = lock_customers_of_place(remove.pk)
    Customer.objects.filter(pk__in=moving, compound_id=remove.pk).update(compound_id=keep.pk)
    Customer.objects.filter(pk__in=moving, work_unit_id=remove.pk).update(work_unit_id=keep.pk)
    removed = snapshot(remove, PLACE_FIELDS)
    remove_pk_text = remove.pk
    remove.delete()
    audit(
        by,
        "customers.place.merged",
        keep,
        data={
            "removed_id": remove_pk_text,
            "removed": removed,
            "moved_customers": len(moving),
        },
    )
    return keep, len(moving)
