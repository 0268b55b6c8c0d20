"""Concurrent scans of one invitation on PostgreSQL: the row lock admits once, the others
answer already admitted (and a retry with the same nonce still answers admitted)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.gatherings.models import CheckIn, CheckInList, InvitationState
from lianyi.gatherings.services.checkin import ScanAnswer, check_in
from tests.conftest import make_customer
from tests.gatherings.door import in_checkin_window

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


def scan_together(world, token: str, nonces: list[str]) -> list[str]:
    start = threading.Barrier(len(nonces))

    def one(nonce: str) -> str:
        try:
            start.wait()
            return check_in(
                by=world.event_staff,
                gathering_id=world.gathering.pk,
                list_kind=CheckInList.DOOR,
                token=token,
                client_nonce=nonce,
            ).answer
        finally:
            connection.close()  # each thread has its own connection

    with in_checkin_window(world.gathering), ThreadPoolExecutor(max_workers=len(nonces)) as pool:
        return list(pool.map(one, nonces))


def test_twenty_scanners_at_once_admit_an_invitation_exactly_once(world):
    invitation = make_customer(world, step=5).invitations.get()

    answers = scan_together(world, invitation.token, [f"nonce-{i}" for i in range(THREADS)])

    assert answers.count(ScanAnswer.ADMITTED) == 1
    assert answers.count(ScanAnswer.ALREADY_ADMITTED) == THREADS - 1
    assert CheckIn.objects.filter(invitation=invitation).count() == 1
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CHECKED_IN


def test_the_same_scan_sent_twenty_times_at_once_answers_admitted_every_time(world):
    invitation = make_customer(world, step=5).invitations.get()

    answers = scan_together(world, invitation.token, ["one-scan"] * THREADS)

    assert answers == [ScanAnswer.ADMITTED] * THREADS
    assert CheckIn.objects.filter(invitation=invitation).count() == 1
