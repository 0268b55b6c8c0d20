"""Who directs whom: the one rule behind reassigning, registering for a rep and routing."""

from __future__ import annotations

import pytest

from lianyi.org.scoping import managed_reps


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("supervisor", {"rep_a", "rep_a2", "sup_a"}),
        ("manager", {"rep_a", "rep_a2", "sup_a", "rep_b", "sup_b"}),
        ("admin", {"rep_a", "rep_a2", "sup_a", "rep_b", "sup_b", "rep_c"}),
        ("rep", set()),
        ("service", set()),
        ("event_staff", set()),
        ("outsider_admin", set()),
    ],
)
def test_managed_reps_follow_the_org_tree(world, who, expected):
    assert {u.username for u in managed_reps(getattr(world, who))} == expected


def test_nobody_manages_for_an_inactive_user(world):
    world.supervisor.is_active = False
    assert not managed_reps(world.supervisor).exists()
