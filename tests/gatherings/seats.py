"""Seats of three teams for the scope tests (service, API and pages): who may remove a seat of
world.rep's customer, and who reads which names on the seating list."""

from __future__ import annotations

from dataclasses import dataclass

from lianyi.gatherings.models import Seat
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.seating import seat_existing_customer, seat_household
from tests.conftest import make_customer

# Who may remove a seat of world.rep's customer (team 1a, department 1).
REMOVERS = {
    "supervisor": True,
    "manager": True,
    "admin": True,
    "supervisor_other_team": False,  # same department, another team
    "manager_other_dept": False,
    "outsider_admin": False,
}


def a_table(world, number: int = 1, seats: int = 8):
    return planning.add_table(
        by=world.admin, gathering_id=world.gathering.pk, number=number, seats=seats
    )


def seat_of(world, kind: str, owner=None, name: str = "张桂兰") -> Seat:
    """A seat of ``owner``'s customer (default world.rep), placed by the administrator."""
    owner = owner or world.rep
    table = a_table(world, number=Seat.objects.count() + 1)
    if kind == "household":
        invitation = make_customer(world, owner=owner, step=4, name=name).invitations.get()
        return seat_household(
            by=world.admin,
            gathering_id=world.gathering.pk,
            table_id=table.pk,
            invitation_id=invitation.pk,
        )
    customer = make_customer(world, owner=owner, step=1, name=name)
    return seat_existing_customer(
        by=world.admin, gathering_id=world.gathering.pk, table_id=table.pk, customer_id=customer.pk
    )


@dataclass
class Hall:
    """One table: a household of team 1a, one of team 1b, an existing customer of team 2a."""

    names: dict[str, str]


def make_hall(world) -> Hall:
    table = a_table(world, seats=10)
    gid = world.gathering.pk
    names = {"rep": "张桂兰", "rep_other_team": "王秀英", "rep_other_dept": "赵淑芬"}
    for owner in ("rep", "rep_other_team"):
        invitation = make_customer(
            world, owner=getattr(world, owner), step=4, name=names[owner]
        ).invitations.get()
        seat_household(
            by=world.admin, gathering_id=gid, table_id=table.pk, invitation_id=invitation.pk
        )
    regular = make_customer(world, owner=world.rep_other_dept, step=1, name=names["rep_other_dept"])
    seat_existing_customer(
        by=world.admin, gathering_id=gid, table_id=table.pk, customer_id=regular.pk
    )
    return Hall(names=names)


EVERYONE = {"rep", "rep_other_team", "rep_other_dept"}
READERS = [
    ("rep", {"rep"}),
    ("rep_same_team", set()),
    ("rep_other_team", {"rep_other_team"}),
    ("rep_other_dept", {"rep_other_dept"}),
    ("supervisor", {"rep"}),
    ("supervisor_other_team", {"rep_other_team"}),
    ("manager", {"rep", "rep_other_team"}),
    ("manager_other_dept", {"rep_other_dept"}),
    ("admin", EVERYONE),
    ("service", EVERYONE),
    ("event_staff", set()),
]
# household guests: the customer and the companion (李建国); the existing customer comes alone
GUESTS = {"rep": 2, "rep_other_team": 2, "rep_other_dept": 1}


def _named(hall: Hall, owners: set[str]) -> set[str]:
    return {hall.names[o] for o in owners}
