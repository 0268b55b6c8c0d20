"""The draw, engagement and attendance pages in English show no Chinese but user data."""

from __future__ import annotations

from django.urls import reverse

from lianyi.gatherings.models import Draw
from lianyi.gatherings.services.draw import (
    Prize,
    lock_draw,
    publish_draw_rules,
    reveal_seed,
    run_draw_round,
)
from lianyi.gatherings.services.engagement import set_engagement
from tests.conftest import World, make_customer
from tests.gatherings.door import admit, start_gathering
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data


def test_draw_engagement_and_attendance_pages_are_english(world: World) -> None:
    gid = world.gathering.pk
    customer = make_customer(world, step=5)
    stayed_home = make_customer(world, step=5, name="王秀英")
    data = [*user_data(world, customer, stayed_home), "Rice cooker", "One number per household."]
    client = english_client(world.supervisor)
    assert_english(client.get(reverse("web:draw", args=[gid])), data)
    publish_draw_rules(
        by=world.supervisor,
        gathering_id=gid,
        rules="One number per household.",
        prizes=[Prize("Rice cooker", "299", 1)],
    )
    lock_draw(by=world.supervisor, gathering_id=gid)
    invitation = admit(customer, by=world.event_staff, gathering=world.gathering)
    set_engagement(
        by=world.rep, invitation_id=invitation.pk, signals=["listened", "asks_after_sales"]
    )
    start_gathering(world.gathering)
    preview = assert_english(client.get(reverse("web:draw", args=[gid])), data)
    assert 'id="draw-next-eligible"' in preview
    run_draw_round(by=world.supervisor, gathering_id=gid, round_no=1)
    commitment = Draw.objects.get().seed_commitment
    pages = [
        reverse("web:draw", args=[gid]),
        reverse("web:engagement", args=[gid]),
        reverse("web:attendance", args=[gid]),
        reverse("web:customer", args=[customer.pk]),
        reverse("web:draw_public", args=[commitment]),
    ]
    for url in pages:
        assert_english(client.get(url), data)
    reveal_seed(by=world.supervisor, gathering_id=gid)
    html = assert_english(english_client().get(reverse("web:draw_public", args=[commitment])), data)
    assert "Verified" in html
