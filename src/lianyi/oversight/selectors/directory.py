"""老顾客资料: the directory of existing customers by residential compound (小区) and by work unit
(单位), a supervisor's duty (DOMAIN.md, "Supervisor duties" 3), so that a rep visiting a new
customer knows which existing customers live or work nearby.

An *existing customer* has bought: at least one order that was not cancelled (and has not
withdrawn consent or asked not to be contacted). The directory of a viewer lists the existing
customers of:

- a rep: their team (their own customers and their team-mates');
- a supervisor: their team; a manager: their department (the customers' one door,
  ``owner_scope``).

A row is *full* when its customer is within ``owner_scope`` of the viewer (a rep's own, every
customer of a supervisor's team): name, compound or work unit, products, owner, phone, district
and building. Any other row is *limited*: the name, the compound or work unit, the products and
the owner. The database answers the phone and the address of a limited row as "" (a CASE in the
query), so that no template, PDF or sheet can show what the row does not carry.

Reads are a constant number of queries whatever the number of rows: the rows of a page, their
products, the group sizes and the total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from lianyi.core.errors import NotFound
from lianyi.customers.models import Customer, Place, PlaceKind
from lianyi.customers.names import polite_address
from lianyi.customers.phones import display_phone
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import NOTHING, company_scope, managed_reps, owner_scope
from lianyi.sales.models import Order, OrderLine, OrderState

GROUPINGS = (PlaceKind.COMPOUND, PlaceKind.WORK_UNIT)
NEARBY_LIMIT = 5  # the customer page's box: a few names, the count and a link for the rest


def bought() -> Exists:
    """The customer has an order that was not cancelled (what makes an *existing* customer)."""
    return Exists(
        Order.objects.filter(customer_id=OuterRef("pk")).exclude(state=OrderState.CANCELLED)
    )


def directory_scope(user: Any) -> Q:
    """Whose customers ``user``'s directory lists: those of the one door (a supervisor's team,
    a manager's department, a rep's own) and, for anyone in a team, the team's (a rep's
    team-mates', shown limited)."""
    own = owner_scope(user)
    if own is NOTHING:
        return NOTHING
    if not user.team_id:
        return own
    return own | (company_scope(user) & Q(owner__team_id=user.team_id))


@dataclass(frozen=True)
class DirectoryFilters:
    """``by`` groups by compound or by work unit; ``place_id`` narrows to one of them;
    ``owner_id`` to the customers of one rep (of the viewer's directory)."""

    by: str = PlaceKind.COMPOUND
    place_id: int | None = None
    owner_id: int | None = None

    def as_audit(self) -> dict[str, Any]:
        return {"by": self.by, "place_id": self.place_id, "owner_id": self.owner_id}


@dataclass(frozen=True)
class DirectoryEntry:
    customer_id: int
    name: str
    polite: str  # 张阿姨 / 李叔叔
    place_id: int | None
    place: str  # the compound or the work unit, by the grouping; "" when not given
    products: tuple[str, ...]
    owner_id: int
    owner: str
    full: bool  # the viewer's own (phone and address shown) or limited
    phone: str = ""  # "" on a limited row: never fetched
    district: str = ""
    building: str = ""


@dataclass
class DirectoryGroup:
    place_id: int | None
    place: str
    total: int  # customers of this place in the whole directory, not only on the page
    entries: list[DirectoryEntry] = field(default_factory=list)


def clean_filters(
    *, user: User, grouping: str = "", place_id: int | None = None, owner_id: int | None = None
) -> DirectoryFilters:
    """The filters of a request: an unknown grouping is by compound; a place or an owner out of
    the viewer's scope is ``NotFound``, like a missing one. A place sets the grouping to its
    kind."""
    by = grouping if grouping in GROUPINGS else PlaceKind.COMPOUND
    if place_id is not None:
        kind = (
            Place.objects.filter(company_scope(user), pk=place_id)
            .values_list("kind", flat=True)
            .first()
        )
        if kind is None:
            raise NotFound()
        by = kind
    if owner_id is not None and not directory_reps(user=user).filter(pk=owner_id).exists():
        raise NotFound()
    return DirectoryFilters(by=by, place_id=place_id, owner_id=owner_id)


def directory_reps(*, user: Any) -> QuerySet[User]:
    """The staff whose customers ``user``'s directory lists (the owner filter's choices): those
    ``user`` directs and, for anyone in a team, the team."""
    directed = managed_reps(user, include_inactive=True).values("pk")
    condition = Q(pk__in=directed)
    if user.team_id:
        condition |= Q(team_id=user.team_id)
    return (
        User.objects.filter(company_scope(user))
        .filter(condition)
        .select_related("team")
        .order_by("display_name", "username")
    )


def _place_field(by: str) -> str:
    return "compound" if by == PlaceKind.COMPOUND else "work_unit"


def listed_customers(*, user: Any, filters: DirectoryFilters) -> QuerySet[Customer]:
    """The customers of ``user``'s directory under ``filters``, as plain rows (for counting
    and as a subquery; what a row shows comes from :func:`existing_customers`)."""
    require_capability(user, Capability.DIRECTORY_VIEW)
    place = _place_field(filters.by)
    # A customer who withdrew consent or asked not to be contacted is not passed around as a
    # neighbour to mention (their data is kept for what the law requires, not for selling).
    rows = (
        Customer.objects.filter(directory_scope(user))
        .filter(consent_contact=True, do_not_contact=False)
        .filter(bought())
    )
    if filters.place_id is not None:
        rows = rows.filter(**{f"{place}_id": filters.place_id})
    if filters.owner_id is not None:
        rows = rows.filter(owner_id=filters.owner_id)
    return rows


def existing_customers(*, user: Any, filters: DirectoryFilters) -> QuerySet[Any, Any]:
    """The directory's rows as a queryset of dictionaries: only the columns a row may carry,
    the phone and address blanked by the database outside the viewer's own scope."""
    place = _place_field(filters.by)
    full = owner_scope(user)
    rows = listed_customers(user=user, filters=filters)

    def only_full(name: str) -> Case:
        return Case(When(full, then=F(name)), default=Value(""), output_field=CharField())

    return (
        rows.annotate(
            full=Case(
                When(full, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            place_name=F(f"{place}__name"),
            place_district=F(f"{place}__district"),
            owner_name=F("owner__display_name"),
            owner_username=F("owner__username"),
            shown_mobile=only_full("mobile"),
            shown_landline=only_full("landline"),
            shown_district=only_full("district"),
            shown_building=only_full("building"),
        )
        .order_by(F(f"{place}__name").asc(nulls_last=True), f"{place}_id", "name", "pk")
        .values(
            "pk",
            "name",
            "sex",
            "owner_id",
            "owner_name",
            "owner_username",
            "full",
            "place_name",
            "place_district",
            "shown_mobile",
            "shown_landline",
            "shown_district",
            "shown_building",
            **{"place_id": F(f"{place}_id")},
        )
    )


def products_bought(
    customer_ids: Iterable[int] | QuerySet[Customer],
) -> dict[int, tuple[str, ...]]:
    """The packages and products on each customer's orders that were not cancelled (one query);
    ``customer_ids`` a page's ids or, for a whole copy, a queryset (a subquery, not a list of
    thousands of parameters)."""
    ids: Any = (
        customer_ids.values("pk") if isinstance(customer_ids, QuerySet) else list(customer_ids)
    )
    if isinstance(ids, list) and not ids:
        return {}
    names: dict[int, set[str]] = defaultdict(set)
    lines = (
        OrderLine.objects.filter(order__customer_id__in=ids)
        .exclude(order__state=OrderState.CANCELLED)
        .values_list("order__customer_id", "package__name", "product__name")
    )
    for customer_id, package, product in lines:
        names[customer_id].add(package or product or "")
    return {k: tuple(sorted(n for n in v if n)) for k, v in names.items()}


def entries_of(
    rows: Sequence[dict[str, Any]], *, products: dict[int, tuple[str, ...]] | None = None
) -> list[DirectoryEntry]:
    if products is None:
        products = products_bought(r["pk"] for r in rows)
    entries = []
    for r in rows:
        number = r["shown_mobile"] or r["shown_landline"]
        place = f"{r['place_district']} {r['place_name']}" if r["place_name"] else ""
        entries.append(
            DirectoryEntry(
                customer_id=r["pk"],
                name=r["name"],
                polite=polite_address(r["name"], r["sex"]),
                place_id=r["place_id"],
                place=place,
                products=products.get(r["pk"], ()),
                owner_id=r["owner_id"],
                owner=r["owner_name"] or r["owner_username"],
                full=bool(r["full"]),
                phone=display_phone(number) if number else "",
                district=r["shown_district"],
                building=r["shown_building"],
            )
        )
    return entries


def group_sizes(
    *, user: Any, filters: DirectoryFilters, place_ids: Iterable[int | None]
) -> dict[int | None, int]:
    """How many customers each of ``place_ids`` holds in the whole directory (one query)."""
    wanted = set(place_ids)
    if not wanted:
        return {}
    place = _place_field(filters.by)
    rows = existing_customers(user=user, filters=filters)
    known = [p for p in wanted if p is not None]
    condition = Q(**{f"{place}_id__in": known})
    if None in wanted:
        condition |= Q(**{f"{place}__isnull": True})
    counts = (
        rows.filter(condition)
        .order_by()
        .values(f"{place}_id")
        .annotate(n=Count("pk"))
        .values_list(f"{place}_id", "n")
    )
    return dict(counts)


def grouped(
    *, user: Any, filters: DirectoryFilters, entries: list[DirectoryEntry]
) -> list[DirectoryGroup]:
    """The entries of a page under their compound or work unit, each with its full size."""
    sizes = group_sizes(user=user, filters=filters, place_ids={e.place_id for e in entries})
    groups: dict[int | None, DirectoryGroup] = {}
    for entry in entries:
        if entry.place_id not in groups:
            label = entry.place or (
                _("未填小区") if filters.by == PlaceKind.COMPOUND else _("未填单位")
            )
            groups[entry.place_id] = DirectoryGroup(
                entry.place_id, label, sizes.get(entry.place_id, 0)
            )
        groups[entry.place_id].entries.append(entry)
    return list(groups.values())


def place_count(*, user: Any, filters: DirectoryFilters) -> int:
    """How many compounds (or work units) the whole directory spans."""
    place = _place_field(filters.by)
    rows = existing_customers(user=user, filters=filters)
    return (
        rows.filter(**{f"{place}__isnull": False})
        .order_by()
        .values(f"{place}_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class Nearby:
    """The customer page's box: existing customers of the same compound or work unit."""

    kind: str
    place: Place
    total: int
    entries: list[DirectoryEntry]


def nearby_existing_customers(*, user: Any, customer: Customer) -> list[Nearby]:
    """For a customer read through the one door: the existing customers of their compound and
    of their work unit in ``user``'s directory (the customer themself left out), a few each with
    the count; empty for a viewer without the directory."""
    from lianyi.org.capabilities import has_capability

    if not has_capability(user, Capability.DIRECTORY_VIEW):
        return []
    boxes = []
    for kind, place in (
        (PlaceKind.COMPOUND, customer.compound),
        (PlaceKind.WORK_UNIT, customer.work_unit),
    ):
        if place is None:
            continue
        filters = DirectoryFilters(by=kind, place_id=place.pk)
        rows = existing_customers(user=user, filters=filters).exclude(pk=customer.pk)
        total = rows.count()
        if not total:
            continue
        boxes.append(Nearby(kind, place, total, entries_of(list(rows[:NEARBY_LIMIT]))))
    return boxes


def _copy_filters(filters: DirectoryFilters) -> DirectoryFilters:
    """A rep's copy is their whole directory (of the grouping and place asked for)."""
    return DirectoryFilters(by=filters.by, place_id=filters.place_id)


def rep_copy_size(*, rep: User, filters: DirectoryFilters) -> int:
    return listed_customers(user=rep, filters=_copy_filters(filters)).count()


def rep_copy(*, rep: User, filters: DirectoryFilters) -> list[DirectoryEntry]:
    """One rep's copy of the directory (what the rep would see), for the exports: every row of
    it, in the directory's order (three queries whatever its size)."""
    copy_filters = _copy_filters(filters)
    rows = list(existing_customers(user=rep, filters=copy_filters))
    products = products_bought(listed_customers(user=rep, filters=copy_filters))
    return entries_of(rows, products=products)
