"""Two administrators acting on each other's accounts at the same moment on PostgreSQL (a
password reset, an unlock): both go through. The user row is locked FOR NO KEY UPDATE, which
does not stop the other's audit entry from naming its actor (a foreign key check takes KEY
SHARE on the actor's row); FOR UPDATE did, and the two waited for each other until PostgreSQL
broke the deadlock with a 500."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.org import accounts
from lianyi.org.models import Role, User
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _each_on_the_other(world, step: Callable[..., object], n: int) -> list[str]:  # type: ignore[no-untyped-def]
    second = UserFactory(username=f"admin{n + 2}", role=Role.ADMIN, company=world.company)
    start = threading.Barrier(2)

    def one(pair: tuple[User, User]) -> str:
        try:
            start.wait()
            step(by=pair[0], user_id=pair[1].pk)
            return "done"
        except Exception as error:  # the outcome, whatever it is, is what the test compares
            return type(error).__name__
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, [(world.admin, second), (second, world.admin)]))


@pytest.mark.parametrize("step", [accounts.reset_password, accounts.unlock_login])
def test_two_administrators_acting_on_each_other_at_once_both_succeed(world, step):
    for attempt in range(3):
        assert _each_on_the_other(world, step, attempt) == ["done", "done"]
