"""The locked decision: given an invitation already looked up and locked (as pretix's
``perform_checkin`` takes an order position), admit it onto the list or refuse it.

In this order: ``other_gathering``, ``revoked``, ``wrong_bus`` (boarding a bus that is not the
one the invitation is assigned to; an invitation with no bus may board any bus), then
``already_admitted`` if the list has a check-in for it, else ``admitted``. Which states admit:
issued, printed, delivered, boarded and checked in (the last two only on the list they have not
been admitted on); only revoked invitations are refused (see the package's docstring on why an
undelivered invitation is admitted, saying so).

States only move forward: the door makes an invitation ``checked_in`` (also after boarding);
boarding makes it ``boarded`` unless it is already checked in. A retry with the same
``client_nonce`` answers what the first scan got. Concurrent scans of one invitation admit
once: the caller's row lock serialises them, and the check-in is inserted with ``INSERT ... ON
CONFLICT (invitation, list) DO NOTHING``, so the unique constraint decides; the existing
check-in is read only when the insert meets it."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.gatherings.models import (
    Bus,
    CheckIn,
    CheckInList,
    Gathering,
    Invitation,
    InvitationState,
)
from lianyi.gatherings.services.checkin.answer import (
    ScanAnswer,
    ScanResult,
    admitted,
    already,
    log_refusal,
    refused,
)
from lianyi.org.models import User

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


def perform_checkin(
    *,
    by: User,
    gathering: Gathering,
    invitation: Invitation,
    list_kind: str,
    bus: Bus | None,
    client_nonce: str,
    method: str,
) -> ScanResult:
    """Admit ``invitation`` onto ``list_kind`` of ``gathering`` (boarding ``bus``), or refuse
    it. The caller holds the invitation's row lock (:func:`.lookup.locked_invitation`) in the
    transaction this runs in, and has checked the capability, the gathering and its window."""

    def refuse(answer: ScanAnswer, message: str, data: dict[str, str] | None = None) -> ScanResult:
        return refused(
            answer, message, gathering=gathering, list_kind=list_kind, method=method, data=data
        )

    if invitation.gathering_id != gathering.pk:
        other = Gathering.objects.only("name", "starts_at").get(pk=invitation.gathering_id)
        return refuse(
            ScanAnswer.OTHER_GATHERING,
            _("这张邀请函属于另一场联谊会：%(gathering)s。") % {"gathering": other},
            {"gathering": str(other)},
        )
    if invitation.state == InvitationState.REVOKED:
        return refuse(ScanAnswer.REVOKED, _("这张邀请函已作废，不能签到。"))
    if bus is not None and invitation.bus_id and invitation.bus_id != bus.pk:
        assigned = invitation.bus
        return refuse(
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
        return admitted(invitation, existing, not_delivered=invitation.delivered_at is None)
    log_refusal(
        ScanAnswer.ALREADY_ADMITTED,
        gathering_id=invitation.gathering_id,
        list_kind=list_kind,
        method=method,
    )
    return already(invitation, existing)


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
    by: User,
    gathering: Gathering,
    invitation: Invitation,
    list_kind: str,
    bus: Bus | None,
    client_nonce: str,
    method: str,
) -> ScanResult:
    # The invitation was locked without its gathering; it belongs to this one (checked above),
    # whose row is at hand for the audit entry and the answer.
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
    return admitted(invitation, check_in_row, not_delivered=not_delivered)
