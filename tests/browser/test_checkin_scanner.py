"""Check-in on a phone at the door, in Debian's Chromium at 360x740: by manual entry, and by
the camera (Chromium's fake camera fed a video of the invitation's QR code, decoded by the
vendored jsQR where the browser has no BarcodeDetector). Each sees "admitted", then "already
admitted" on a second scan."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import segno
from django.utils import timezone

from lianyi.gatherings.models import CheckIn, Gathering, Invitation, InvitationState
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOTS
from tests.browser.test_record_first_call import login
from tests.conftest import make_customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT, FRAMES = 640, 480, 10


@pytest.fixture(autouse=True)
def _gathering_starts_within_the_hour(world):
    """The door opens hours before the start; a browser and a live server do not travel in time
    (tests/gatherings test the window's edges), so this gathering starts in an hour."""
    Gathering.objects.filter(pk=world.gathering.pk).update(
        starts_at=timezone.now() + timedelta(hours=1)
    )
    world.gathering.refresh_from_db()


def scanner_url(base_url: str, invitation: Invitation) -> str:
    return f"{base_url}/gatherings/{invitation.gathering_id}/scan/?list=door"


def write_qr_video(path: Path, text: str) -> Path:
    """A few frames of a still QR code, as the Y4M file Chromium's fake camera plays in a loop."""
    modules = np.array(segno.make(text, error="m").matrix, dtype=bool)
    size = modules.shape[0] + 8  # a quiet zone of four modules each side
    scale = (HEIGHT - 40) // size
    code = np.full((size, size), 235, dtype=np.uint8)
    code[4:-4, 4:-4][modules] = 16
    code = np.kron(code, np.ones((scale, scale), dtype=np.uint8))
    luma = np.full((HEIGHT, WIDTH), 235, dtype=np.uint8)
    top, left = (HEIGHT - code.shape[0]) // 2, (WIDTH - code.shape[1]) // 2
    luma[top : top + code.shape[0], left : left + code.shape[1]] = code
    chroma = np.full((HEIGHT // 2, WIDTH // 2), 128, dtype=np.uint8).tobytes()
    frame = b"FRAME\n" + luma.tobytes() + chroma + chroma
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * FRAMES)
    return path


def settle_and_screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#scan-result").evaluate(
        "el => Promise.all(el.getAnimations().map(a => a.finished))"
    )
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_a_guest_is_admitted_by_manual_entry_then_already_admitted(world, live_server, phone_page):
    invitation = make_customer(world, step=5, name="张桂兰").invitations.get()
    page = phone_page
    login(page, live_server.url, world.rep.username)

    page.goto(scanner_url(live_server.url, invitation))
    page.fill("#id_token", invitation.token)
    page.click("#manual-submit")

    admitted = page.locator("#scan-result[data-answer=admitted]")
    admitted.wait_for()
    assert "张桂兰" in admitted.inner_text()
    assert "1 / 1" not in page.locator("#door-count").inner_text()
    assert page.locator("#door-count").inner_text().startswith("已入场 2 / 2")
    assert page.input_value("#id_token") == ""  # cleared for the next guest
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill("#id_token", invitation.token)
    page.click("#manual-submit")

    again = page.locator("#scan-result[data-answer=already_admitted]")
    again.wait_for()
    assert str(world.rep) in again.inner_text()
    assert CheckIn.objects.filter(invitation=invitation).count() == 1
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CHECKED_IN
    settle_and_screenshot(page, "checkin-already-admitted.png")


def test_a_guest_is_admitted_by_the_camera_then_already_admitted(
    world, live_server, browser, tmp_path
):
    invitation = make_customer(world, step=5, name="王秀英").invitations.get()
    video = write_qr_video(tmp_path / "invitation-qr.y4m", invitation.token)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(
            viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        context.grant_permissions(["camera"])
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, live_server.url, world.event_staff.username)
        page.goto(scanner_url(live_server.url, invitation))

        page.click("#camera-start")

        admitted = page.locator("#scan-result[data-answer=admitted]")
        admitted.wait_for()
        assert "王秀英" in admitted.inner_text()
        # the code stays in front of the camera: after a pause it is scanned again
        page.locator("#scan-result[data-answer=already_admitted]").wait_for()
        row = CheckIn.objects.get(invitation=invitation)
        assert row.method == "camera"
        settle_and_screenshot(page, "checkin-camera.png")
    finally:
        camera_browser.close()


def test_a_scan_whose_answer_is_lost_is_resent_and_still_answers_admitted(
    world, live_server, phone_page
):
    invitation = make_customer(world, step=5, name="李淑珍").invitations.get()
    page = phone_page
    login(page, live_server.url, world.rep.username)
    page.goto(scanner_url(live_server.url, invitation))
    nonces: list[str] = []

    def lose_the_first_answer(route) -> None:  # type: ignore[no-untyped-def]
        found = re.search(r'name="client_nonce"\r\n\r\n([^\r]*)', route.request.post_data or "")
        nonces.append(found.group(1) if found else "")
        if len(nonces) == 1:
            route.fetch()  # the server admits the guest...
            route.abort("connectionreset")  # ...and the phone never hears it
        else:
            route.continue_()

    page.route("**/scan/check/", lose_the_first_answer)
    page.fill("#id_token", invitation.token)
    page.click("#manual-submit")

    page.locator("#scan-result[data-answer=admitted]").wait_for()
    assert len(nonces) == 2 and nonces[0] == nonces[1] != ""
    assert CheckIn.objects.filter(invitation=invitation).count() == 1
