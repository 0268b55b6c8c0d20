"""Referral trees (转介绍): who referred whom, counted directly and in all, within the viewer's
scope, in a number of queries that does not grow with the customers."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianyi.customers.referrals import referral_total, referral_trees, referred_by
from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from tests.conftest import make_customer, next_mobile


def refer(world, referrer, name, *, by=None, owner=None):  # type: ignore[no-untyped-def]
    """A customer registered by referral from ``referrer``, by ``by`` (default its owner's rep)
    for ``owner``."""
    return register_customer(
        by=by or world.rep,
        data=Registration(
            name=name,
            sex="F",
            phone=next_mobile(),
            consent_items=["contact", "profile"],
            referrer_id=referrer.pk,
            owner_id=owner.pk if owner else None,
        ),
    )


def test_a_two_level_tree_counts_direct_and_all_referrals(world):
    # given 王 referred 李 and 赵; 李 referred 孙
    wang = make_customer(world, name="王秀英", step=0)
    li = refer(world, wang, "李淑珍")
    refer(world, wang, "赵桂芳")
    refer(world, li, "孙玉兰")
    # when
    trees = referral_trees(user=world.rep)
    # then one root: 王, 2 direct, 3 in all; 李 below it with 1
    assert [t.customer.pk for t in trees] == [wang.pk]
    root = trees[0]
    assert (root.direct, root.descendants, root.hidden) == (2, 3, 0)
    assert [c.customer.name for c in root.children] == ["李淑珍", "赵桂芳"]
    li_node = root.children[0]
    assert (li_node.direct, li_node.descendants) == (1, 1)
    assert [c.customer.name for c in li_node.children] == ["孙玉兰"]
    assert referral_total(trees) == 3


def test_a_rep_sees_only_their_own_customers_trees(world):
    wang = make_customer(world, name="王秀英", step=0)
    refer(world, wang, "李淑珍")
    other = make_customer(world, owner=world.rep_other_team, name="周凤英", step=0)
    refer(world, other, "吴美兰", by=world.rep_other_team)
    assert [t.customer.pk for t in referral_trees(user=world.rep)] == [wang.pk]
    assert [t.customer.pk for t in referral_trees(user=world.rep_other_team)] == [other.pk]
    # the team supervisor sees the team's tree, not the other team's
    assert [t.customer.pk for t in referral_trees(user=world.supervisor)] == [wang.pk]
    # the manager of the department sees both
    assert {t.customer.pk for t in referral_trees(user=world.manager)} == {wang.pk, other.pk}
    assert referral_trees(user=world.manager_other_dept) == []


def test_a_referred_customer_of_another_rep_is_counted_not_named(world):
    # given the supervisor registers 李, referred by rep's 王, for rep_same_team
    wang = make_customer(world, name="王秀英", step=0)
    refer(world, wang, "赵桂芳")
    hidden = refer(world, wang, "李淑珍", by=world.supervisor, owner=world.rep_same_team)
    # when
    root = referral_trees(user=world.rep)[0]
    # then 2 referred directly, one of them not shown
    assert (root.direct, root.descendants, root.hidden) == (2, 2, 1)
    assert [c.customer.name for c in root.children] == ["赵桂芳"]
    referred = referred_by(user=world.rep, customer=wang)
    assert [c.name for c in referred.visible] == ["赵桂芳"]
    assert referred.hidden == 1 and referred.total == 2
    assert hidden.pk not in {c.pk for c in referred.visible}


def test_building_the_trees_costs_the_same_queries_for_few_or_many(world):
    wang = make_customer(world, name="王秀英", step=0)
    refer(world, wang, "李淑珍")
    with CaptureQueriesContext(connection) as few:
        referral_trees(user=world.rep)
    for n in range(6):
        root = make_customer(world, name=f"钱{n}", step=0)
        child = refer(world, root, f"钱{n}子")
        refer(world, child, f"钱{n}孙")
    with CaptureQueriesContext(connection) as many:
        trees = referral_trees(user=world.rep)
    assert len(trees) == 7
    assert len(many.captured_queries) == len(few.captured_queries) <= 2


def test_a_chain_deeper_than_the_cap_stops_there(world):
    from lianyi.customers.referrals import MAX_DEPTH

    current = make_customer(world, name="链0", step=0)
    for n in range(1, MAX_DEPTH + 3):
        current = refer(world, current, f"链{n}")
    node = referral_trees(user=world.rep)[0]
    depth = 1
    while node.children:
        node = node.children[0]
        depth += 1
    assert depth == MAX_DEPTH and node.truncated
