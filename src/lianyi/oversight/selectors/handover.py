"""The handover of a leaving rep (交接), the reading side: whose customers a supervisor may move,
to whom, and the preview of one handover: per customer what moves with it (the open journey
step, invitations not yet used, open after-sales tasks and referral asks, open cases the rep
holds), the totals per target, and a token that fingerprints all of it.

The confirmation (``services.handover``) computes the same preview again with the rows locked
and refuses when its token differs from the previewed one: what was previewed is what moves.

What moves with a customer follows its owner by itself (the journey's next step, the
invitations: both are read through the customer's owner); what names the rep on its own row
(a programme task's ``assigned_to``, a case's ``holder``) is rewritten by the service. A fixed
number of queries whatever the number of customers."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.aftercare.models import Case, CaseState, ProgrammeTask, TaskKind, TaskState
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.lookup import as_id, get_by_id
from lianyi.customers.models import Customer
from lianyi.customers.selectors import visible_customers
from lianyi.gatherings.models import GatheringState, Invitation, InvitationState, RouteStop
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_scope, managed_reps
from lianyi.oversight.codes import OversightCode

# One step moves at most this many customers (a rep's book is a few hundred).
MAX_HANDOVER_CUSTOMERS = 2000
# An invitation not yet used: issued, printed or delivered, for a gathering not over.
UNUSED_INVITATION = (InvitationState.ISSUED, InvitationState.PRINTED, InvitationState.DELIVERED)


@dataclass(frozen=True)
class CustomerMove:
    """One customer of the handover and what moves with it to ``to``."""

    customer: Customer
    to: User
    journey_items: int  # 1 when the customer has an open next step of the journey
    invitation_ids: tuple[int, ...]
    task_ids: tuple[int, ...]  # open after-sales programme tasks (not referral asks)
    referral_ask_ids: tuple[int, ...]  # open referral asks (a task of kind referral_ask)
    case_ids: tuple[int, ...]  # open cases the leaving rep holds

    def fingerprint(self) -> list[Any]:
        return [
            self.customer.pk,
            self.customer.owner_id,
            self.to.pk,
            self.customer.next_action,
            list(self.invitation_ids),
            list(self.task_ids),
            list(self.referral_ask_ids),
            list(self.case_ids),
        ]


@dataclass
class Counts:
    customers: int = 0
    journey_items: int = 0
    invitations: int = 0
    tasks: int = 0
    referral_asks: int = 0
    cases: int = 0

    def add(self, move: CustomerMove) -> None:
        self.customers += 1
        self.journey_items += move.journey_items
        self.invitations += len(move.invitation_ids)
        self.tasks += len(move.task_ids)
        self.referral_asks += len(move.referral_ask_ids)
        self.cases += len(move.case_ids)

    def as_dict(self) -> dict[str, int]:
        return {
            "customers": self.customers,
            "journey_items": self.journey_items,
            "invitations": self.invitations,
            "tasks": self.tasks,
            "referral_asks": self.referral_asks,
            "cases": self.cases,
        }


@dataclass(frozen=True)
class TargetTotal:
    to: User
    counts: Counts


@dataclass(frozen=True)
class HandoverPreview:
    rep: User
    moves: list[CustomerMove]
    targets: list[TargetTotal]
    totals: Counts
    staying: int  # the rep's customers in scope that this handover leaves with them
    token: str
    # Moved invitations on a delivery route of the leaving rep from today on: the routes are
    # planned per rep, so the day wants planning again (the preview says so).
    on_routes: int = 0


def handover_reps(*, user: Any) -> QuerySet[User]:
    """The people whose customers ``user`` may hand over: the reps and supervisors they direct,
    deactivated ones too (their customers wait for a handover), with their customers counted;
    never ``user`` themself."""
    require_capability(user, Capability.HANDOVER)
    return (
        managed_reps(user, include_inactive=True)
        .exclude(pk=user.pk)
        .annotate(customer_count=Count("customers", distinct=True))
    )


def get_departing_rep(*, user: Any, rep_id: Any) -> User:
    """The leaving rep if ``user`` may hand over their customers; NotFound otherwise (another
    company, another team, a role that owns no customers), except ``user`` themself, which is
    refused with its own code."""
    require_capability(user, Capability.HANDOVER)
    if as_id(rep_id) == user.pk:
        raise DomainError(
            _("不能交接您自己的客户，请由您的上级操作。"), code=OversightCode.HANDOVER_OWN
        )
    return get_by_id(managed_reps(user, include_inactive=True), rep_id)


def handover_targets(*, user: Any, rep: User) -> QuerySet[User]:
    """Who may receive the customers: the active reps and supervisors ``user`` directs, but
    not the leaving rep."""
    return managed_reps(user).exclude(pk=rep.pk)


def rep_customers(*, user: Any, rep: User) -> QuerySet[Customer]:
    """The leaving rep's customers in ``user``'s scope, by name (what the form lists)."""
    return visible_customers(user=user).filter(owner=rep).order_by("name", "pk")


def check_target(*, user: Any, rep: User, target_id: int) -> User:
    """The user ``target_id`` names if a handover by ``user`` may give them customers. One of
    another company answers like a missing one; within the company each refusal says why."""
    target = get_by_id(User.objects.filter(company_scope(user)).select_related("team"), target_id)
    if target.pk == rep.pk:
        raise DomainError(
            _("不能把客户交接给离职的专员本人。"),
            code=OversightCode.HANDOVER_TO_DEPARTING,
            extra={"field": "to", "to": target.pk},
        )
    if not target.is_active:
        raise DomainError(
            _("%(name)s 的账号已停用，不能接收客户。") % {"name": target},
            code=OversightCode.HANDOVER_TARGET_INACTIVE,
            extra={"field": "to", "to": target.pk},
        )
    # Who can work a customer's journey may own customers (reps and supervisors).
    if not has_capability(target, Capability.JOURNEY_RECORD):
        raise DomainError(
            _("%(name)s 不是销售专员，不能接收客户。") % {"name": target},
            code=OversightCode.HANDOVER_TARGET_NOT_REP,
            extra={"field": "to", "to": target.pk},
        )
    if not managed_reps(user).filter(pk=target.pk).exists():
        raise DomainError(
            _("%(name)s 不在您管理的范围内，不能接收客户。") % {"name": target},
            code=OversightCode.HANDOVER_TARGET_OUT_OF_SCOPE,
            extra={"field": "to", "to": target.pk},
        )
    return target


def _targets(user: Any, rep: User, ids: set[int]) -> dict[int, User]:
    return {pk: check_target(user=user, rep=rep, target_id=pk) for pk in sorted(ids)}


def _customers(user: Any, rep: User, ids: list[int]) -> dict[int, Customer]:
    found = {c.pk: c for c in rep_customers(user=user, rep=rep).filter(pk__in=ids)}
    missing = sorted(pk for pk in ids if pk not in found)
    if missing:
        # The same answer for a customer of another rep and one out of scope or missing.
        raise DomainError(
            _("所选客户中有 %(count)s 位不属于该专员（或已被交接），请重新选择。")
            % {"count": len(missing)},
            code=OversightCode.HANDOVER_NOT_OWNED,
            extra={"customer_ids": missing[:50]},
        )
    return found


def _ids_by_customer(rows: Any) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for customer_id, pk in rows:
        grouped[customer_id].append(pk)
    return grouped


def preview_handover(*, user: Any, rep_id: Any, moves: Mapping[int, int]) -> HandoverPreview:
    """What handing over ``moves`` (customer id -> receiving user id) of the rep ``rep_id``
    would move, per customer and kind, with its token. Refused: no customer, too many, a
    customer not the rep's, a receiver who may not take them (see :func:`check_target`)."""
    rep = get_departing_rep(user=user, rep_id=rep_id)
    if not moves:
        raise DomainError(
            _("请至少选择一位要交接的客户。"),
            code=OversightCode.HANDOVER_EMPTY,
            extra={"field": "to"},
        )
    if len(moves) > MAX_HANDOVER_CUSTOMERS:
        raise DomainError(
            _("一次最多交接 %(max)s 位客户。") % {"max": MAX_HANDOVER_CUSTOMERS},
            code=OversightCode.HANDOVER_TOO_MANY,
        )
    targets = _targets(user, rep, set(moves.values()))
    ids = sorted(moves)
    customers = _customers(user, rep, ids)
    invitations = _ids_by_customer(
        Invitation.objects.filter(customer_id__in=ids, state__in=UNUSED_INVITATION)
        .exclude(gathering__state=GatheringState.CLOSED)
        .order_by("pk")
        .values_list("customer_id", "pk")
    )
    open_tasks = ProgrammeTask.objects.filter(
        customer_id__in=ids, assigned_to=rep, state=TaskState.OPEN
    ).order_by("pk")
    tasks = _ids_by_customer(
        open_tasks.exclude(kind=TaskKind.REFERRAL_ASK).values_list("customer_id", "pk")
    )
    asks = _ids_by_customer(
        open_tasks.filter(kind=TaskKind.REFERRAL_ASK).values_list("customer_id", "pk")
    )
    cases = _ids_by_customer(
        Case.objects.filter(customer_id__in=ids, holder=rep, state=CaseState.OPEN)
        .order_by("pk")
        .values_list("customer_id", "pk")
    )
    rows: list[CustomerMove] = []
    totals = Counts()
    per_target: dict[int, Counts] = {pk: Counts() for pk in targets}
    for customer in sorted(customers.values(), key=lambda c: (c.name, c.pk)):
        move = CustomerMove(
            customer=customer,
            to=targets[moves[customer.pk]],
            journey_items=1 if customer.next_action else 0,
            invitation_ids=tuple(invitations.get(customer.pk, [])),
            task_ids=tuple(tasks.get(customer.pk, [])),
            referral_ask_ids=tuple(asks.get(customer.pk, [])),
            case_ids=tuple(cases.get(customer.pk, [])),
        )
        rows.append(move)
        totals.add(move)
        per_target[move.to.pk].add(move)
    staying = rep_customers(user=user, rep=rep).exclude(pk__in=ids).count()
    moved_invitations = [pk for move in rows for pk in move.invitation_ids]
    on_routes = (
        RouteStop.objects.filter(
            rep=rep, invitation_id__in=moved_invitations, plan__day__gte=timezone.localdate(now())
        )
        .values("invitation_id")
        .distinct()
        .count()
        if moved_invitations
        else 0
    )
    return HandoverPreview(
        rep=rep,
        moves=rows,
        targets=[TargetTotal(to=targets[pk], counts=per_target[pk]) for pk in sorted(targets)],
        totals=totals,
        staying=staying,
        token=_token(rep, rows),
        on_routes=on_routes,
    )


def _token(rep: User, rows: list[CustomerMove]) -> str:
    """A fingerprint of everything the preview shows: the same data gives the same token."""
    canonical = json.dumps(
        [rep.pk, sorted(move.fingerprint() for move in rows)], separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
