"""Two organisers pressing "run round 1" at the same moment on PostgreSQL: the draw row lock
and the (draw, round) constraint keep exactly one run; the other is refused."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import DrawRun
from lianyi.gatherings.services.draw import Prize, lock_draw, publish_draw_rules, run_draw_round
from tests.conftest import make_customer
from tests.gatherings.door import admit, start_gathering

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def test_a_round_run_many_times_at_once_is_drawn_once(world):
    publish_draw_rules(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        rules="每户一个号。",
        prizes=[Prize("保温杯", "59", 1)],
    )
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    for _ in range(3):
        admit(make_customer(world, step=5), by=world.event_staff, gathering=world.gathering)
    start_gathering(world.gathering)
    start = threading.Barrier(THREADS)

    def one(_: int) -> str:
        try:
            start.wait()
            run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
            return "ran"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(one, range(THREADS)))

    assert outcomes.count("ran") == 1
    assert outcomes.count(GatheringCode.DRAW_ROUND_DONE) == THREADS - 1
    assert DrawRun.objects.count() == 1
