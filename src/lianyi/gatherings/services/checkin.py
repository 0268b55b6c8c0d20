"""Check-in when boarding a bus and at the door (issue 3, point 4).

One scan answers one of :class:`ScanAnswer`. Bad requests (an unknown list, no bus when
boarding, nothing to look up) raise :class:`DomainError`; every other outcome, admitted or
refused, is a :class:`ScanResult` so that a scanner shows it the same way.

Decisions, in the order they are taken:

1. the gathering must be the user's company's (else ``NotFound``) and not closed (``closed``),
   and the scan must fall in its check-in window (:func:`checkin_window`: the company's
   ``checkin_opens_minutes_before`` its start to ``checkin_closes_minutes_after`` its end), else
   ``gatherings.checkin_not_open`` or ``gatherings.checkin_closed`` with the window's ends;
2. the token must look like one (``malformed``); it is looked up within the company only, so a
   token of another company is ``unknown`` like a forged one; manual entry (last 4 digits of
   the customer's mobile and the surname) searches only the invitations the user may see
   (:func:`lianyi.gatherings.selectors.checkin.manual_scope`) and answers ``ambiguous``, with
   nothing personal, when more than one household matches;
3. with the invitation row locked: ``other_gathering``, ``revoked``, ``wrong_bus`` (boarding a
   bus that is not the one the invitation is assigned to; an invitation with no bus may board
   any bus), then ``already_admitted`` if the list has a check-in for it, else ``admitted``.

Which invitation states admit: issued, printed, delivered, boarded and checked in (the last
two only on the list they have not been admitted on). The token is a secret that reaches a
guest only on the invitation itself, so whoever presents it holds the named invitation, even
when its printing or delivery was never recorded; refusing that guest at the door would punish
a missing click. Such an admission says so (``not_delivered``) and the audit entry keeps the
state it came from, so the attendance report can still tell. Only revoked invitations are
refused.

States only move forward: the door makes an invitation ``checked_in`` (also after boarding);
boarding makes it ``boarded`` unless it is already checked in.

A retry with the same ``client_nonce`` (a scanner that lost the answer to a network error)
answers what the first scan got, ``admitted``, not ``already_admitted``. Concurrent scans of
one invitation admit once: the row lock serialises them, and the check-in is inserted with
``INSERT ... ON CONFLICT (invitation, list) DO NOTHING``, so the unique constraint decides; the
existing check-in is read only when the insert meets it.
Refused scans write nothing; they are logged at INFO without personal data or tokens.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.rows import from_row
from lianyi.gatherings.models import (
    Bus,
    BusStop,
    CheckIn,
    CheckInList,
    Gathering,
    GatheringState,
    Invitation,
    InvitationState,
    Seat,
    Table,
    normal_short_code,
)
from lianyi.gatherings.selectors.checkin import (
    CheckInWindow,
    check_in_gathering,
    checkin_window,
    manual_matches,
    short_code_matches,
)
from lianyi.org.capabilities import Capability, require_capability

logger = logging.getLogger("lianyi.gatherings.checkin")

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TAIL_PATTERN = re.compile(r"^\d{4}$")
SHORT_CODE_LENGTH = 8
SHORT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8}$")
MAX_SURNAME = 20


class ScanAnswer(StrEnum):
    ADMITTED = "admitted"
    ALREADY_ADMITTED = "already_admitted"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    OTHER_GATHERING = "other_gathering"
    WRONG_BUS = "wrong_bus"
    CLOSED = "closed"
    MALFORMED = "malformed"
    AMBIGUOUS = "ambiguous"
    # Outside the check-in window (issue 6, point 11): dotted like the error codes, as issue 6
    # names them, yet answered like every other refusal (the scanner shows them the same way).
    NOT_OPEN = "gatherings.checkin_not_open"
    WINDOW_CLOSED = "gatherings.checkin_closed"


class CheckInCode(StrEnum):
    """Requests a scanner should never send: errors, not scan answers."""

    LIST_INVALID = "gatherings.scan_list_invalid"
    BUS_REQUIRED = "gatherings.scan_bus_required"
    BUS_UNKNOWN = "gatherings.scan_bus_unknown"
    NOTHING_TO_SCAN = "gatherings.scan_nothing_to_scan"


class ScanMethod(StrEnum):
    CAMERA = "camera"
    MANUAL = "manual"


@dataclass(frozen=True)
class ScanResult:
    answer: ScanAnswer
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def admitted(self) -> bool:
        return self.answer == ScanAnswer.ADMITTED

    @property
    def accepted(self) -> bool:
        """The invitation is good for this list: admitted now or before."""
        return self.answer in (ScanAnswer.ADMITTED, ScanAnswer.ALREADY_ADMITTED)


def token_from_scan(text: str) -> str | None:
    """The token in what a scanner read: the bare token, or a URL that ends with it or carries
    it as ``?token=``. None when it cannot be one."""
    text = (text or "").strip()
    if "/" in text or "?" in text:
        parts = urlsplit(text)
        query = parse_qs(parts.query).get("token")
        if query:
            text = query[0]
        else:
            segments = [s for s in parts.path.split("/") if s]
            text = segments[-1] if segments else ""
    return text if TOKEN_PATTERN.match(text) else None


def short_code(text: str) -> str | None:
    """The token's first eight characters, as printed on the invitation ("7KQ2-M9XD", the
    hyphen and spaces optional, any case), in their normal spelling
    (:func:`lianyi.gatherings.models.normal_short_code`), or None when ``text`` is not one."""
    text = "".join((text or "").split())
    if len(text) == SHORT_CODE_LENGTH + 1 and text[4] in "-_":
        text = text[:4] + text[5:]
    return normal_short_code(text) if SHORT_CODE_PATTERN.match(text) else None


def list_label(list_kind: str) -> str:
    return str(CheckInList(list_kind).label)


def _refused(
    answer: ScanAnswer,
    message: str,
    *,
    gathering: Gathering,
    list_kind: str,
    method: str,
    data: dict[str, Any] | None = None,
) -> ScanResult:
    # No token, name or mobile in the log: only what happened, where and how.
    logger.info(
        "scan refused: %s (gathering %s, list %s, method %s)",
        answer,
        gathering.pk,
        list_kind,
        method,
    )
    return ScanResult(answer, message, data or {})


def _table_number(invitation: Invitation) -> int | None:
    if hasattr(invitation, "table_number"):  # read with the lock
        return invitation.table_number
    seat = Seat.objects.filter(invitation=invitation).select_related("table").first()
    return seat.table.number if seat else None


def _guests(invitation: Invitation) -> dict[str, Any]:
    names = list(invitation.guest_names)
    return {
        "invitation_id": invitation.pk,
        "guests": names,
        "companion": names[1] if len(names) > 1 else "",
        "guest_count": len(names),
        "table": _table_number(invitation),
        "bus": invitation.bus.name if invitation.bus else None,
        "stop": invitation.stop.name if invitation.stop else None,
    }


def _when(at: datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M")


def _moment(at: datetime) -> str:
    """A day and time without words, the same in every language: "12-03 07:30"."""
    return timezone.localtime(at).strftime("%m-%d %H:%M")


def _outside_window(window: CheckInWindow, at: datetime) -> tuple[ScanAnswer, str] | None:
    if at < window.opens_at:
        return ScanAnswer.NOT_OPEN, _("签到尚未开始：%(opens)s 开始签到。") % {
            "opens": _moment(window.opens_at)
        }
    if at > window.closes_at:
        return ScanAnswer.WINDOW_CLOSED, _("签到已于 %(closed)s 结束。") % {
            "closed": _moment(window.closes_at)
        }
    return None


def _already(invitation: Invitation, check_in: CheckIn) -> ScanResult:
    data = _guests(invitation) | {
        "list": check_in.list_kind,
        "at": check_in.at,
        "by": str(check_in.by),
        "checked_in_bus": check_in.bus.name if check_in.bus_id and check_in.bus else None,
    }
    where = list_label(check_in.list_kind)
    if data["checked_in_bus"]:
        where = f"{where} · {data['checked_in_bus']}"
    message = _("已签到过：%(time)s 由 %(by)s 在%(where)s登记。") % {
        "time": _when(check_in.at),
        "by": check_in.by,
        "where": where,
    }
    return ScanResult(ScanAnswer.ALREADY_ADMITTED, message, data)


def _admitted(invitation: Invitation, check_in: CheckIn, *, not_delivered: bool) -> ScanResult:
    data = _guests(invitation) | {
        "list": check_in.list_kind,
        "at": check_in.at,
        "by": str(check_in.by),
        "checked_in_bus": check_in.bus.name if check_in.bus_id and check_in.bus else None,
        "not_delivered": not_delivered,
    }
    names = _("、").join(invitation.guest_names)
    if check_in.list_kind == CheckInList.BOARDING:
        message = _("请上车：%(names)s") % {"names": names}
    else:
        message = _("欢迎入场：%(names)s") % {"names": names}
    return ScanResult(ScanAnswer.ADMITTED, message, data)


def _resolve_bus(gathering: Gathering, list_kind: str, bus_id: Any) -> Bus | None:
    if list_kind != CheckInList.BOARDING:
        return None
    if bus_id in (None, ""):
        raise DomainError(
            _("上车签到请先选择车辆。"), code=CheckInCode.BUS_REQUIRED, extra={"field": "bus_id"}
        )
    try:
        pk = int(bus_id)
    except (TypeError, ValueError):
        pk = 0
    bus = gathering.buses.filter(pk=pk).first()
    if bus is None:
        raise DomainError(
            _("这场联谊会没有这辆车。"), code=CheckInCode.BUS_UNKNOWN, extra={"field": "bus_id"}
        )
    return bus


def check_in(
    *,
    by: Any,
    gathering_id: Any,
    list_kind: str,
    token: str | None = None,
    mobile_tail: str | None = None,
    surname: str | None = None,
    bus_id: Any = None,
    client_nonce: str = "",
    method: str = ScanMethod.CAMERA,
) -> ScanResult:
    """Scan one invitation onto ``list_kind`` ("boarding" with ``bus_id``, or "door")."""
    require_capability(by, Capability.GATHERINGS_CHECK_IN)
    gathering = check_in_gathering(user=by, gathering_id=gathering_id)
    if list_kind not in CheckInList.values:
        raise DomainError(
            _("请选择上车或入场。"), code=CheckInCode.LIST_INVALID, extra={"field": "list"}
        )
    method = ScanMethod.MANUAL if method == ScanMethod.MANUAL else ScanMethod.CAMERA
    client_nonce = (client_nonce or "").strip()[:64]
    bus = _resolve_bus(gathering, list_kind, bus_id)
    token = (token or "").strip()
    mobile_tail = (mobile_tail or "").strip()
    surname = (surname or "").strip()
    if not token and not (mobile_tail or surname):
        raise DomainError(
            _("请扫码，或输入邀请码，或输入手机尾号和姓氏。"),
            code=CheckInCode.NOTHING_TO_SCAN,
            extra={"field": "token"},
        )

    def refused(answer: ScanAnswer, message: str, data: dict[str, Any] | None = None) -> ScanResult:
        return _refused(
            answer, message, gathering=gathering, list_kind=list_kind, method=method, data=data
        )

    if gathering.state == GatheringState.CLOSED:
        return refused(ScanAnswer.CLOSED, _("联谊会已结束，不能再签到。"))
    window = checkin_window(gathering=gathering)
    if (outside := _outside_window(window, now())) is not None:
        answer, message = outside
        return refused(
            answer,
            message,
            {"opens_at": window.opens_at.isoformat(), "closes_at": window.closes_at.isoformat()},
        )

    invitation_id: int | None = None
    found_token: str | None = None
    if token and (prefix := short_code(token)) is not None:
        # The short code printed under the QR code for reading aloud: the token's start.
        ids = short_code_matches(company_id=by.company_id, prefix=prefix)
        if not ids:
            return refused(ScanAnswer.UNKNOWN, _("找不到这张邀请函。"))
        if len(ids) > 1:  # 48 random bits: practically never
            return refused(ScanAnswer.AMBIGUOUS, _("有多张邀请函符合，请扫码或输入完整的邀请码。"))
        invitation_id = ids[0]
    elif token:
        found_token = token_from_scan(token)
        if found_token is None:
            return refused(ScanAnswer.MALFORMED, _("无法识别的邀请码，请重新扫码或手动输入。"))
    else:
        if not TAIL_PATTERN.match(mobile_tail) or not surname or len(surname) > MAX_SURNAME:
            return refused(ScanAnswer.MALFORMED, _("请输入手机号后 4 位数字和客户的姓氏。"))
        here, elsewhere = manual_matches(
            user=by, gathering=gathering, mobile_tail=mobile_tail, surname=surname
        )
        if len(here) > 1:
            return refused(
                ScanAnswer.AMBIGUOUS,
                _("有多位客户符合，请扫码或输入邀请码。"),
                {"matches": len(here)},
            )
        if not here:
            if elsewhere:
                return refused(ScanAnswer.OTHER_GATHERING, _("这位客户的邀请函属于另一场联谊会。"))
            return refused(ScanAnswer.UNKNOWN, _("找不到这张邀请函。"))
        invitation_id = here[0]

    with transaction.atomic():
        invitation = locked_invitation(
            company_id=by.company_id, token=found_token, invitation_id=invitation_id
        )
        if invitation is None:
            return refused(ScanAnswer.UNKNOWN, _("找不到这张邀请函。"))
        if invitation.gathering_id != gathering.pk:
            other = Gathering.objects.only("name", "starts_at").get(pk=invitation.gathering_id)
            return refused(
                ScanAnswer.OTHER_GATHERING,
                _("这张邀请函属于另一场联谊会：%(gathering)s。") % {"gathering": other},
                {"gathering": str(other)},
            )
        if invitation.state == InvitationState.REVOKED:
            return refused(ScanAnswer.REVOKED, _("这张邀请函已作废，不能签到。"))
        if bus is not None and invitation.bus_id and invitation.bus_id != bus.pk:
            assigned = invitation.bus
            return refused(
                ScanAnswer.WRONG_BUS,
                _("这张邀请函应乘坐 %(bus)s。") % {"bus": assigned},
                {
                    "bus": str(assigned),
                    "stop": str(invitation.stop.name) if invitation.stop else "",
                },
            )
        return _admit(
            by=by,
            gathering=gathering,
            invitation=invitation,
            list_kind=list_kind,
            bus=bus,
            client_nonce=client_nonce,
            method=method,
        )


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


def _existing(invitation: Invitation, list_kind: str) -> CheckIn | None:
    # A statement of its own, after the lock is held: its snapshot sees a check-in that a
    # concurrent scan committed while this one waited (a subquery in the locking SELECT would
    # not, under READ COMMITTED).
    # Unique per (invitation, list): no ORDER BY, so the unique index answers it.
    found = list(
        CheckIn.objects.filter(invitation=invitation, list_kind=list_kind).select_related(
            "by", "bus"
        )[:1]
    )
    return found[0] if found else None


def _replay_or_already(
    invitation: Invitation, existing: CheckIn, client_nonce: str, list_kind: str, method: str
) -> ScanResult:
    if client_nonce and existing.client_nonce == client_nonce:
        # The same scan again (its answer was lost): the answer it got, not a refusal.
        return _admitted(
            invitation,
            existing,
            not_delivered=invitation.delivered_at is None,
        )
    logger.info(
        "scan refused: %s (gathering %s, list %s, method %s)",
        ScanAnswer.ALREADY_ADMITTED,
        invitation.gathering_id,
        list_kind,
        method,
    )
    return _already(invitation, existing)


CHECK_IN_COLUMNS = (
    "gathering",
    "invitation",
    "list_kind",
    "bus",
    "guests",
    "by",
    "at",
    "client_nonce",
    "method",
)


def _insert_once(row: CheckIn) -> bool:
    """Insert ``row`` unless the list has a check-in for its invitation: one ``INSERT ... ON
    CONFLICT DO NOTHING RETURNING id`` on the (invitation, list) unique constraint, so the
    admitted path reads nothing before writing and a conflict needs no savepoint to roll back
    (PostgreSQL and SQLite 3.35+). True when inserted (``row.pk`` is set)."""
    meta = CheckIn._meta
    fields = [f for f in meta.concrete_fields if f.name in CHECK_IN_COLUMNS]
    by_name = {f.name: str(f.column) for f in fields}
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in by_name.values())}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote(by_name['invitation'])}, {quote(by_name['list_kind'])}) DO NOTHING "
        f"RETURNING {quote('id')}"
    )
    params = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    row.pk = inserted[0]
    row._state.adding = False
    row._state.db = connection.alias
    return True


def _move_state(invitation_id: int, state: str) -> None:
    """The invitation's new state, written out like the insert: the ORM would compile this
    UPDATE again on every scan."""
    quote = connection.ops.quote_name
    sql = f"UPDATE {quote(Invitation._meta.db_table)} SET {quote('state')} = %s WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [state, invitation_id])


def _admit(
    *,
    by: Any,
    gathering: Gathering,
    invitation: Invitation,
    list_kind: str,
    bus: Bus | None,
    client_nonce: str,
    method: str,
) -> ScanResult:
    # The invitation was locked without its gathering; it belongs to this one (checked by the
    # caller), whose row is at hand for the audit entry and the answer.
    invitation.gathering = gathering
    check_in_row = CheckIn(
        gathering=gathering,
        invitation=invitation,
        list_kind=list_kind,
        bus=bus,
        guests=len(invitation.guest_names),
        by=by,
        at=now(),
        client_nonce=client_nonce,
        method=method,
    )
    if not _insert_once(check_in_row):
        # The list has a check-in for it already: read in a statement of its own, after the
        # lock and the insert, so it sees a scan committed while this one waited.
        existing = _existing(invitation, list_kind)
        if existing is None:  # it was there a moment ago: only a deletion gets here
            raise RuntimeError("check-in vanished between the insert and the read")
        return _replay_or_already(invitation, existing, client_nonce, list_kind, method)

    before = invitation.state
    if list_kind == CheckInList.DOOR:
        after = InvitationState.CHECKED_IN
    elif before == InvitationState.CHECKED_IN:
        after = InvitationState.CHECKED_IN  # never backwards: boarding after the door
    else:
        after = InvitationState.BOARDED
    if after != before:
        invitation.state = after
        _move_state(invitation.pk, after)
    not_delivered = invitation.delivered_at is None
    audit(
        by,
        "gatherings.invitation.admitted",
        invitation,
        company=gathering.company,
        changes={"state": [before, after]} if after != before else None,
        data={
            "list": list_kind,
            "bus": bus.pk if bus else None,
            "guests": check_in_row.guests,
            "method": method,
            "check_in": check_in_row.pk,
            "state_before": before,
        },
    )
    return _admitted(invitation, check_in_row, not_delivered=not_delivered)
