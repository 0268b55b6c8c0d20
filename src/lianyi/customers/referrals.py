"""Reads of referrals (转介绍): whom a customer referred, and the referral trees of the customers
a user may see. Display only: no reward of any kind hangs on a referral (DOMAIN.md).

A tree is built from one query of the visible customers that referred someone or were referred,
and one query counting every referral of those customers (the viewer's or not), then assembled
in Python: the number of queries does not grow with the number of customers. A referred customer
the viewer may not see is counted under their referrer, never named, and their own referrals are
not followed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from lianyi.customers.models import Customer
from lianyi.customers.selectors import visible_customers

# Referral chains are short in practice; a deeper one (or a cycle written by hand in the
# database) stops here instead of recursing without end.
MAX_DEPTH = 10


@dataclass(frozen=True)
class Referred:
    """Whom one customer referred: those the viewer may see, and how many others; and whether
    the viewer may open the page of the customer's own referrer."""

    visible: list[Customer]
    hidden: int
    referrer_visible: bool = False

    @property
    def total(self) -> int:
        return len(self.visible) + self.hidden


def referred_by(*, user: Any, customer: Customer) -> Referred:
    """The customers ``customer`` referred: the ones ``user`` may see, by name, and a count of
    the rest (the caller has ``customer`` through the scoping door already)."""
    visible = list(visible_customers(user=user).filter(referrer=customer).order_by("name", "pk"))
    every = Customer.objects.filter(referrer=customer).count()
    referrer_visible = (
        customer.referrer_id is not None
        and visible_customers(user=user).filter(pk=customer.referrer_id).exists()
    )
    return Referred(
        visible=visible, hidden=max(every - len(visible), 0), referrer_visible=referrer_visible
    )


@dataclass
class ReferralNode:
    """One customer in a referral tree: the visible customers they referred (nested), and how
    many they referred directly and in all (their descendants, through visible customers)."""

    customer: Customer
    children: list[ReferralNode] = field(default_factory=list)
    hidden: int = 0  # referred directly but outside the viewer's scope
    direct: int = 0
    descendants: int = 0
    truncated: bool = False  # the tree stops here: MAX_DEPTH, or a cycle


def referral_trees(*, user: Any) -> list[ReferralNode]:
    """The referral trees of the customers ``user`` may see, one per root (a visible customer who
    referred someone and whose own referrer is none or not visible), the largest first."""
    rows = list(
        visible_customers(user=user)
        .filter(
            Q(referrer__isnull=False)
            | Q(pk__in=Customer.objects.filter(referrer__isnull=False).values("referrer_id"))
        )
        .order_by("name", "pk")
    )
    referred_counts = dict(
        Customer.objects.filter(referrer_id__in=visible_customers(user=user).values("pk"))
        .values("referrer_id")
        .annotate(n=Count("pk"))
        .values_list("referrer_id", "n")
    )
    by_pk = {c.pk: c for c in rows}
    children: dict[int, list[Customer]] = {}
    for c in rows:
        if c.referrer_id in by_pk:
            children.setdefault(c.referrer_id, []).append(c)
    roots = [
        c
        for c in rows
        if referred_counts.get(c.pk, 0) > 0
        and (c.referrer_id is None or c.referrer_id not in by_pk)
    ]
    trees = [_node(c, children, referred_counts, depth=1, seen=set()) for c in roots]
    trees.sort(key=lambda t: (-t.descendants, t.customer.name, t.customer.pk))
    return trees


def _node(
    customer: Customer,
    children: dict[int, list[Customer]],
    referred_counts: dict[int, int],
    *,
    depth: int,
    seen: set[int],
) -> ReferralNode:
    seen.add(customer.pk)
    direct = referred_counts.get(customer.pk, 0)
    kids = children.get(customer.pk, [])
    node = ReferralNode(customer=customer, direct=direct, hidden=max(direct - len(kids), 0))
    if depth >= MAX_DEPTH:
        node.truncated = bool(kids)
        node.descendants = direct
        return node
    for kid in kids:
        if kid.pk in seen:
            node.truncated = True
            continue
        child = _node(kid, children, referred_counts, depth=depth + 1, seen=seen)
        node.children.append(child)
        node.descendants += 1 + child.descendants
    node.descendants += node.hidden
    return node


def referral_total(trees: list[ReferralNode]) -> int:
    """How many customers were referred in all the trees."""
    return sum(t.descendants for t in trees)
