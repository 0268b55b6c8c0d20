"""Destructive and irreversible steps ask first, at 360x740: deleting a bus says how many riders
and stops go with it, closing the question keeps everything, confirming removes it (audited
with what was lost); locking the draw says it cannot be undone before it happens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lianyi.core.models import AuditEntry
from lianyi.gatherings.models import Bus, BusStop, Draw
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.draw import Prize, publish_draw_rules
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deleting_a_bus_says_what_goes_with_it_and_cancelling_keeps_it(
    world, live_server, phone_page
):
    # given a bus with one household of two on it and two stops
    gid = world.gathering.pk
    bus = planning.add_bus(by=world.admin, gathering_id=gid, name="2号车", seats=30)
    for position, name in ((1, "幸福里北门"), (2, "银杏小区")):
        planning.add_stop(
            by=world.admin,
            gathering_id=gid,
            bus_id=bus.pk,
            position=position,
            name=name,
            pickup_at=world.gathering.starts_at - timedelta(hours=position),
        )
    invitation = make_customer(world, step=4).invitations.get()
    planning.assign_bus(by=world.admin, invitation_id=invitation.pk, bus_id=bus.pk)
    riders = len(invitation.guest_names)
    page = phone_page
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/gatherings/{gid}/")

    # when the planner taps 删除 beside the bus, nothing is deleted yet: the question shows
    page.click(f"#remove-bus-{bus.pk}-open")
    warning = page.locator(f"#remove-bus-{bus.pk}-warning")
    warning.wait_for()
    assert warning.is_visible()
    text = warning.inner_text()
    assert "2号车" in text and f"{riders} 位乘客" in text and "2 个上车点" in text
    assert Bus.objects.filter(pk=bus.pk).exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "confirm-delete-bus.png"), full_page=True)

    # closing the question keeps the bus
    page.click(f"#remove-bus-{bus.pk}-open")
    assert not warning.is_visible()
    page.reload()
    assert page.locator(f"#bus-{bus.pk}").is_visible()

    # confirming removes it with its stops, and the audit entry says what was lost
    page.click(f"#remove-bus-{bus.pk}-open")
    page.click(f"#remove-bus-{bus.pk}-confirm")
    page.wait_for_url(f"**/gatherings/{gid}/")
    assert page.locator(f"#bus-{bus.pk}").count() == 0
    assert not Bus.objects.filter(pk=bus.pk).exists()
    assert not BusStop.objects.filter(bus_id=bus.pk).exists()
    entry = AuditEntry.objects.get(action="gatherings.bus.removed")
    assert entry.data["guests"] == riders and entry.data["households"] == 1
    assert entry.data["stops"] == ["幸福里北门", "银杏小区"]


def test_locking_the_draw_asks_first_and_says_it_cannot_be_undone(world, live_server, phone_page):
    gid = world.gathering.pk
    publish_draw_rules(
        by=world.supervisor,
        gathering_id=gid,
        rules="每户一个号码。",
        prizes=[Prize("电饭煲", "299", 1)],
    )
    page = phone_page
    login(page, live_server.url, world.supervisor.username)
    page.goto(f"{live_server.url}/gatherings/{gid}/draw/")

    page.click("#draw-lock-open")
    warning = page.locator("#draw-lock-warning")
    warning.wait_for()
    assert "不能撤销" in warning.inner_text()
    assert Draw.objects.get(gathering_id=gid).locked_at is None  # the tap only asked
    page.screenshot(path=str(SCREENSHOTS / "confirm-lock-draw.png"), full_page=True)

    page.click("#draw-lock-confirm")
    page.locator("#draw-commitment").wait_for()
    assert Draw.objects.get(gathering_id=gid).locked_at is not None
