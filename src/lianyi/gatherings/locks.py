"""Row locks of the gatherings, each a named helper (as Saleor's ``lock_objects.py``): a service
that decides on a row's current state takes the row through one of these first.

The order, the same everywhere so that two writers wait for each other instead of
deadlocking (a writer takes only the ones it needs, in this order):

1. the customer (``customers.locks.lock_customer``): the journey's steps, seating, delivery;
2. the gathering (its capacity, the draw's publication);
3. the draw (a round locks it; undoing a check-in takes it before the invitation);
4. the invitation, or several in id order (issue, deliver, print, seat, bus, scan, engagement;
   the scan's own written-out lock is ``services.checkin.lookup.locked_invitation``);
5. the table or the bus whose seats are counted.

Orders and stock (the ``sales`` app) come after the invitation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from lianyi.core.errors import NotFound
from lianyi.core.lookup import as_id
from lianyi.gatherings.models import Bus, Draw, Gathering, Invitation, Table


def lock_gathering_row(gathering_id: int) -> Gathering:
    return Gathering.objects.select_for_update().get(pk=gathering_id)


def lock_draw_row(gathering: Gathering) -> Draw | None:
    """The gathering's draw, if it has one, locked."""
    return Draw.objects.select_for_update().filter(gathering=gathering).first()


def lock_invitation(invitation_id: int) -> Invitation:
    return Invitation.objects.select_for_update(of=("self",)).get(pk=invitation_id)


def lock_invitations_in(rows: QuerySet[Invitation], ids: Iterable[int]) -> dict[int, Invitation]:
    """The invitations of ``rows`` (a scope: ``visible_invitations``, ``owner_scope``) among
    ``ids``, locked in id order. Only the invitation rows: the scope joins the customer and its
    owner, whose rows a plain FOR UPDATE would lock too on PostgreSQL, holding up every other
    write on that customer."""
    locked = rows.select_for_update(of=("self",)).filter(pk__in=sorted(set(ids))).order_by("pk")
    return {i.pk: i for i in locked}


def lock_all_invitations(rows: QuerySet[Invitation]) -> list[Invitation]:
    """Every invitation of ``rows`` (a scope already filtered), locked in id order, only the
    invitation rows (see :func:`lock_invitations_in`)."""
    return list(rows.select_for_update(of=("self",)).order_by("pk"))


def lock_invitation_in(rows: QuerySet[Invitation], invitation_id: Any) -> Invitation:
    """One invitation of ``rows`` (a scope), locked; NotFound for a missing, out-of-scope or
    malformed id alike."""
    pk = as_id(invitation_id)
    found = None if pk is None else lock_invitations_in(rows, [pk]).get(pk)
    if found is None:
        raise NotFound()
    return found


def lock_table(*, gathering: Gathering, table_id: Any) -> Table:
    """One of the gathering's tables, locked while its seats are counted; NotFound otherwise."""
    pk = as_id(table_id)
    found = (
        None
        if pk is None
        else Table.objects.select_for_update().filter(pk=pk, gathering=gathering).first()
    )
    if found is None:
        raise NotFound()
    return found


def lock_bus(bus_id: int) -> Bus:
    return Bus.objects.select_for_update().get(pk=bus_id)
