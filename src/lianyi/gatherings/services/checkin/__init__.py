"""Check-in when boarding a bus and at the door (issue 3, point 4), in parts (issue 7, item 18):

- :mod:`.scan`: parsing the scan (token, URL, short code or manual entry) into a ``Scan``;
- :mod:`.lookup`: the bus being boarded, which invitation the scan names, and its locked read;
- :mod:`.decision`: the locked decision, :func:`perform_checkin`, which takes an invitation
  already looked up and locked (as pretix's ``perform_checkin`` takes an order position);
- :mod:`.answer`: the answer, a ``ScanResult``, and its messages.

:func:`check_in` puts them together. One scan answers one of :class:`ScanAnswer`. Bad requests
(an unknown list, no bus when boarding, nothing to look up) raise :class:`DomainError`; every
other outcome, admitted or refused, is a :class:`ScanResult` so that a scanner shows it the
same way.

Decisions, in the order they are taken:

1. the gathering must be the user's company's (else ``NotFound``) and not closed (``closed``),
   and the scan must fall in its check-in window (:func:`checkin_window`: the company's
   ``checkin_opens_minutes_before`` its start to ``checkin_closes_minutes_after`` its end), else
   ``gatherings.checkin_not_open`` or ``gatherings.checkin_closed`` with the window's ends;
2. the token must look like one (``malformed``); the lookup (:mod:`.lookup`) answers
   ``unknown``, ``ambiguous`` or ``other_gathering`` when the scan names no single invitation
   of this gathering;
3. with the invitation row locked, :func:`perform_checkin`: ``other_gathering``, ``revoked``,
   ``wrong_bus``, then ``already_admitted`` if the list has a check-in for it, else
   ``admitted``.

The token is a secret that reaches a guest only on the invitation itself, so whoever presents
it holds the named invitation, even when its printing or delivery was never recorded; refusing
that guest at the door would punish a missing click. Such an admission says so
(``not_delivered``) and the audit entry keeps the state it came from, so the attendance report
can still tell. Refused scans write nothing; they are logged at INFO without personal data or
tokens.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.clock import now
from lianyi.gatherings.models import GatheringState
from lianyi.gatherings.selectors.checkin import check_in_gathering, checkin_window
from lianyi.gatherings.services.checkin.answer import (
    ScanAnswer,
    ScanResult,
    list_label,
    outside_window,
    refused,
)
from lianyi.gatherings.services.checkin.decision import perform_checkin
from lianyi.gatherings.services.checkin.lookup import (
    Miss,
    boarding_bus,
    find_target,
    locked_invitation,
)
from lianyi.gatherings.services.checkin.scan import (
    CheckInCode,
    ScanMethod,
    ensure_something_to_scan,
    read_scan,
    short_code,
    token_from_scan,
)
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User

__all__ = [
    "CheckInCode",
    "ScanAnswer",
    "ScanMethod",
    "ScanResult",
    "check_in",
    "list_label",
    "locked_invitation",
    "perform_checkin",
    "short_code",
    "token_from_scan",
]


def check_in(
    *,
    by: User,
    gathering_id: int,
    list_kind: str,
    token: str | None = None,
    mobile_tail: str | None = None,
    surname: str | None = None,
    bus_id: int | None = None,
    client_nonce: str = "",
    method: str = ScanMethod.CAMERA,
) -> ScanResult:
    """Scan one invitation onto ``list_kind`` ("boarding" with ``bus_id``, or "door")."""
    require_capability(by, Capability.GATHERINGS_CHECK_IN)
    gathering = check_in_gathering(user=by, gathering_id=gathering_id)
    scan = read_scan(
        list_kind=list_kind,
        token=token,
        mobile_tail=mobile_tail,
        surname=surname,
        client_nonce=client_nonce,
        method=method,
    )
    bus = boarding_bus(gathering=gathering, list_kind=scan.list_kind, bus_id=bus_id)
    ensure_something_to_scan(scan)

    def refuse(answer: ScanAnswer, message: str, data: dict[str, Any] | None = None) -> ScanResult:
        return refused(
            answer,
            message,
            gathering=gathering,
            list_kind=scan.list_kind,
            method=scan.method,
            data=data,
        )

    if gathering.state == GatheringState.CLOSED:
        return refuse(ScanAnswer.CLOSED, _("联谊会已结束，不能再签到。"))
    window = checkin_window(gathering=gathering)
    if (outside := outside_window(window, now())) is not None:
        answer, message = outside
        return refuse(
            answer,
            message,
            {"opens_at": window.opens_at.isoformat(), "closes_at": window.closes_at.isoformat()},
        )

    target = find_target(by=by, gathering=gathering, scan=scan)
    if isinstance(target, Miss):
        return refuse(target.answer, target.message, target.data)
    with transaction.atomic():
        invitation = locked_invitation(
            company_id=gathering.company_id, token=target.token, invitation_id=target.invitation_id
        )
        if invitation is None:
            return refuse(ScanAnswer.UNKNOWN, _("找不到这张邀请函。"))
        return perform_checkin(
            by=by,
            gathering=gathering,
            invitation=invitation,
            list_kind=scan.list_kind,
            bus=bus,
            client_nonce=scan.client_nonce,
            method=scan.method,
        )
