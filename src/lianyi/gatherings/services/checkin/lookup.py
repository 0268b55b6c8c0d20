"""The lookup: which bus is boarding, and which invitation a scan names.

A token is looked up within the company only, so a token of another company is ``unknown``
like a forged one; the printed short code within the company too; a manual entry (the last 4
digits of the customer's mobile and the surname) searches only the invitations the user may see
(:func:`lianyi.gatherings.selectors.checkin.manual_scope`) and answers ``ambiguous``, with
nothing personal, when more than one household matches. The invitation's row is then read and
locked, with what a scan shows, in one statement (:func:`locked_invitation`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.core.rows import from_row
from lianyi.gatherings.models import Bus, BusStop, CheckInList, Gathering, Invitation, Seat, Table
from lianyi.gatherings.selectors.checkin import manual_matches, short_code_matches
from lianyi.gatherings.services.checkin.answer import ScanAnswer
from lianyi.gatherings.services.checkin.scan import (
    CheckInCode,
    Scan,
    manual_entry_is_valid,
    short_code,
    token_from_scan,
)
from lianyi.org.models import User


def boarding_bus(*, gathering: Gathering, list_kind: str, bus_id: int | None) -> Bus | None:
    """The gathering's bus being boarded (None at the door); a boarding scan without one, or
    with another gathering's, is a :class:`DomainError`."""
    if list_kind != CheckInList.BOARDING:
        return None
    if bus_id is None:
        raise DomainError(
            _("上车签到请先选择车辆。"), code=CheckInCode.BUS_REQUIRED, extra={"field": "bus_id"}
        )
    bus = gathering.buses.filter(pk=bus_id).first()
    if bus is None:
        raise DomainError(
            _("这场联谊会没有这辆车。"), code=CheckInCode.BUS_UNKNOWN, extra={"field": "bus_id"}
        )
    return bus


@dataclass(frozen=True)
class Target:
    """The invitation a scan names: by its full token, or by id (a short code or a manual
    search found it)."""

    token: str | None = None
    invitation_id: int | None = None


@dataclass(frozen=True)
class Miss:
    """A scan that names no single invitation: the refusal to answer."""

    answer: ScanAnswer
    message: str
    data: dict[str, Any] | None = None


def find_target(*, by: User, gathering: Gathering, scan: Scan) -> Target | Miss:
    """What to lock for ``scan``: the token as read, or the id a short code or a manual
    search found; a :class:`Miss` when it cannot be one invitation."""
    if scan.token and (prefix := short_code(scan.token)) is not None:
        # The short code printed under the QR code for reading aloud: the token's start.
        ids = short_code_matches(company_id=gathering.company_id, prefix=prefix)
        if not ids:
            return Miss(ScanAnswer.UNKNOWN, _("找不到这张邀请函。"))
        if len(ids) > 1:  # 48 random bits: practically never
            return Miss(ScanAnswer.AMBIGUOUS, _("有多张邀请函符合，请扫码或输入完整的邀请码。"))
        return Target(invitation_id=ids[0])
    if scan.token:
        found_token = token_from_scan(scan.token)
        if found_token is None:
            return Miss(ScanAnswer.MALFORMED, _("无法识别的邀请码，请重新扫码或手动输入。"))
        return Target(token=found_token)
    if not manual_entry_is_valid(scan):
        return Miss(ScanAnswer.MALFORMED, _("请输入手机号后 4 位数字和客户的姓氏。"))
    here, elsewhere = manual_matches(
        user=by, gathering=gathering, mobile_tail=scan.mobile_tail, surname=scan.surname
    )
    if len(here) > 1:
        return Miss(
            ScanAnswer.AMBIGUOUS,
            _("有多位客户符合，请扫码或输入邀请码。"),
            {"matches": len(here)},
        )
    if not here:
        if elsewhere:
            return Miss(ScanAnswer.OTHER_GATHERING, _("这位客户的邀请函属于另一场联谊会。"))
        return Miss(ScanAnswer.UNKNOWN, _("找不到这张邀请函。"))
    return Target(invitation_id=here[0])


def _lock_sql(*, by_token: bool) -> str:
    """The locking SELECT of :func:`locked_invitation`, written out: it runs on every scan, and
    compiling its ORM form (two joins, a subquery, FOR UPDATE OF) cost more CPU than PostgreSQL
    spent running it."""
    q = connection.ops.quote_name
    invitation, bus, stop = Invitation._meta.db_table, Bus._meta.db_table, BusStop._meta.db_table
    seat, table = Seat._meta.db_table, Table._meta.db_table
    lock = " FOR UPDATE OF i" if connection.features.has_select_for_update_of else ""
    key = "i.token = %s" if by_token else "i.id = %s"
    return (
        "SELECT i.id, i.company_id, i.gathering_id, i.guest_names, i.state, i.delivered_at, "
        "i.bus_id, i.stop_id, b.name AS scan_bus_name, s.name AS scan_stop_name, "
        f"(SELECT t.number FROM {q(seat)} st INNER JOIN {q(table)} t ON t.id = st.table_id "
        "WHERE st.invitation_id = i.id) AS table_number "
        f"FROM {q(invitation)} i LEFT OUTER JOIN {q(bus)} b ON b.id = i.bus_id "
        f"LEFT OUTER JOIN {q(stop)} s ON s.id = i.stop_id "
        f"WHERE i.company_id = %s AND {key} LIMIT 1{lock}"
    )


def locked_invitation(
    *, company_id: int, token: str | None, invitation_id: int | None
) -> Invitation | None:
    """The invitation row, locked until the transaction ends: by its token (unique-indexed)
    within the company, or by id after a manual search. Only this row is locked (not the bus,
    the stop or the seat, which are only shown); with the columns a scan uses, its bus and
    stop (their names) and its table number (``table_number``, None when not seated), in one
    statement. Two joins and no ORDER BY: the token is unique, and PostgreSQL spent more time
    planning the six-table join this replaced (3-5 ms) than running it."""
    params: list[int | str]
    if token is not None:
        sql, params = _lock_sql(by_token=True), [company_id, token]
    elif invitation_id is not None:
        sql, params = _lock_sql(by_token=False), [company_id, invitation_id]
    else:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    fields = _locked_fields()
    invitation = from_row(Invitation, fields, row[: len(fields)])
    bus_name, stop_name, invitation.table_number = row[len(fields) :]
    if invitation.bus_id is not None:
        invitation.bus = Bus(
            pk=invitation.bus_id, gathering_id=invitation.gathering_id, name=bus_name
        )
    if invitation.stop_id is not None:
        invitation.stop = BusStop(pk=invitation.stop_id, name=stop_name)
    return invitation


@functools.cache
def _locked_fields() -> list[Any]:
    """The invitation's fields that :func:`_lock_sql` reads, in its order."""
    names = ("id", "company", "gathering", "guest_names", "state", "delivered_at", "bus", "stop")
    return [Invitation._meta.get_field(name) for name in names]
