"""Writes on data-collection stands (数据收集点): created, edited, opened and closed by an
administrator. Registration accepts only an open stand of the user's company."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.validation import require_text
from lianyi.customers.codes import CustomerCode
from lianyi.customers.locks import lock_stand
from lianyi.customers.models import Stand
from lianyi.customers.selectors import get_stand
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of, of_company

STAND_FIELDS = ["name", "place", "held_on", "is_open"]
# A stand's day is recent or planned: years outside this are typing mistakes.
EARLIEST_YEAR = 2000


def _clean(name: str, place: str, held_on: date | None) -> tuple[str, str, date]:
    clean_name = require_text(name, field="name", label=_("名称"), max_length=100)
    clean_place = require_text(place, field="place", label=_("地点"), max_length=200)
    latest = now().year + 1
    if held_on is None or not EARLIEST_YEAR <= held_on.year <= latest:
        raise DomainError(
            _("请填写 %(low)s 到 %(high)s 年之间的日期。") % {"low": EARLIEST_YEAR, "high": latest},
            code=CustomerCode.STAND_DATE_INVALID,
            extra={"field": "held_on"},
        )
    return clean_name, clean_place, held_on


@transaction.atomic
def create_stand(
    *, by: User, name: str, place: str, held_on: date | None, is_open: bool = True
) -> Stand:
    require_capability(by, Capability.COMPANY_CONFIGURE)
    clean_name, clean_place, day = _clean(name, place, held_on)
    stand = Stand.objects.create(
        company_id=company_id_of(by),
        name=clean_name,
        place=clean_place,
        held_on=day,
        is_open=is_open,
    )
    audit(by, "customers.stand.created", stand, data=snapshot(stand, STAND_FIELDS))
    return stand


@transaction.atomic
def update_stand(*, by: User, stand_id: int, name: str, place: str, held_on: date | None) -> Stand:
    require_capability(by, Capability.COMPANY_CONFIGURE)
    stand = lock_stand(get_stand(user=by, stand_id=stand_id).pk)
    clean_name, clean_place, day = _clean(name, place, held_on)
    before = snapshot(stand, STAND_FIELDS)
    stand.name, stand.place, stand.held_on = clean_name, clean_place, day
    stand.save(update_fields=["name", "place", "held_on"])
    audit(by, "customers.stand.updated", stand, changes=diff(before, stand))
    return stand


@transaction.atomic
def open_stand(*, by: User, stand_id: int) -> Stand:
    return _set_open(by=by, stand_id=stand_id, is_open=True, action="customers.stand.opened")


@transaction.atomic
def close_stand(*, by: User, stand_id: int) -> Stand:
    return _set_open(by=by, stand_id=stand_id, is_open=False, action="customers.stand.closed")


def _set_open(*, by: User, stand_id: int, is_open: bool, action: str) -> Stand:
    require_capability(by, Capability.COMPANY_CONFIGURE)
    stand = lock_stand(get_stand(user=by, stand_id=stand_id).pk)
    before = snapshot(stand, ["is_open"])
    if stand.is_open != is_open:
        stand.is_open = is_open
        stand.save(update_fields=["is_open"])
    audit(by, action, stand, changes=diff(before, stand))
    return stand


def ensure_stand_open(*, company_id: int, stand_id: int) -> Stand:
    """The open stand ``stand_id`` of the company; a closed, unknown or other company's stand
    is refused alike (the reply does not tell which)."""
    stand = Stand.objects.filter(of_company(company_id), pk=stand_id, is_open=True).first()
    if stand is None:
        raise DomainError(
            _("该数据收集点已关闭或不存在，请选择正在开放的数据收集点。"),
            code=CustomerCode.STAND_CLOSED,
            extra={"field": "stand_id"},
        )
    return stand
