"""撤销签到 on a phone at 360x740: a supervisor scans a guest in, follows the answer's undo link,
is stopped without a reason (the error next to the field), then confirms with one and is back
at the scanner with the check-in gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lianyi.gatherings.models import CheckIn, Gathering, InvitationState
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_undoes_a_door_check_in_with_a_reason(world, live_server, phone_page):
    Gathering.objects.filter(pk=world.gathering.pk).update(
        starts_at=timezone.now() + timedelta(hours=1)
    )
    invitation = make_customer(world, step=5, name="张桂兰").invitations.get()
    page = phone_page
    login(page, live_server.url, world.supervisor.username)

    page.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/scan/?list=door")
    page.fill("#id_token", invitation.token)
    page.click("#manual-submit")
    page.locator("#scan-result[data-answer=admitted]").wait_for()
    page.click("#undo-open")

    page.locator("#undo-form").wait_for()
    assert "张桂兰" in page.locator("#undo-guests").inner_text()
    page.click("#undo-confirm")
    error = page.locator("#id_reason_error").first
    error.wait_for()
    assert error.is_visible()
    assert CheckIn.objects.filter(invitation=invitation).exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "checkin-undo-reason-missing.png"), full_page=True)

    page.fill("#id_reason", "扫错了邀请函")
    page.click("#undo-confirm")
    page.wait_for_url("**/scan/?list=door")
    page.screenshot(path=str(SCREENSHOTS / "checkin-undo-done.png"))

    assert not CheckIn.objects.filter(invitation=invitation).exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DELIVERED
