"""The answer to a scan: one of :class:`ScanAnswer` with the message a scanner shows and the
data it lists (who, how many, the table, the bus and stop), admitted or refused alike."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.gatherings.models import CheckIn, CheckInList, Gathering, Invitation, Seat
from lianyi.gatherings.selectors.checkin import CheckInWindow

logger = logging.getLogger("lianyi.gatherings.checkin")


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


def list_label(list_kind: str) -> str:
    return str(CheckInList(list_kind).label)


def log_refusal(answer: ScanAnswer, *, gathering_id: int, list_kind: str, method: str) -> None:
    # No token, name or mobile in the log: only what happened, where and how.
    logger.info(
        "scan refused: %s (gathering %s, list %s, method %s)",
        answer,
        gathering_id,
        list_kind,
        method,
    )


def refused(
    answer: ScanAnswer,
    message: str,
    *,
    gathering: Gathering,
    list_kind: str,
    method: str,
    data: dict[str, Any] | None = None,
) -> ScanResult:
    log_refusal(answer, gathering_id=gathering.pk, list_kind=list_kind, method=method)
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


def outside_window(window: CheckInWindow, at: datetime) -> tuple[ScanAnswer, str] | None:
    """The refusal of a scan at ``at`` outside ``window``, or None inside it."""
    if at < window.opens_at:
        return ScanAnswer.NOT_OPEN, _("签到尚未开始：%(opens)s 开始签到。") % {
            "opens": _moment(window.opens_at)
        }
    if at > window.closes_at:
        return ScanAnswer.WINDOW_CLOSED, _("签到已于 %(closed)s 结束。") % {
            "closed": _moment(window.closes_at)
        }
    return None


def _check_in_data(check_in: CheckIn) -> dict[str, Any]:
    return {
        "list": check_in.list_kind,
        "at": check_in.at,
        "by": str(check_in.by),
        "checked_in_bus": check_in.bus.name if check_in.bus_id and check_in.bus else None,
    }


def already(invitation: Invitation, check_in: CheckIn) -> ScanResult:
    data = _guests(invitation) | _check_in_data(check_in)
    where = list_label(check_in.list_kind)
    if data["checked_in_bus"]:
        where = f"{where} · {data['checked_in_bus']}"
    message = _("已签到过：%(time)s 由 %(by)s 在%(where)s登记。") % {
        "time": _when(check_in.at),
        "by": check_in.by,
        "where": where,
    }
    return ScanResult(ScanAnswer.ALREADY_ADMITTED, message, data)


def admitted(invitation: Invitation, check_in: CheckIn, *, not_delivered: bool) -> ScanResult:
    data = _guests(invitation) | _check_in_data(check_in) | {"not_delivered": not_delivered}
    names = _("、").join(invitation.guest_names)
    if check_in.list_kind == CheckInList.BOARDING:
        message = _("请上车：%(names)s") % {"names": names}
    else:
        message = _("欢迎入场：%(names)s") % {"names": names}
    return ScanResult(ScanAnswer.ADMITTED, message, data)
