"""PostgreSQL statements are bound on the server and prepared after five runs on a connection,
so that PostgreSQL plans the scan's statements once per connection (issue 6, point 12);
DATABASE_SERVER_SIDE_BINDING=0 turns it off (behind a pooler in transaction mode)."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from tests.platform.test_production_settings import GOOD_KEY, clean_env, python

PRINT_OPTIONS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)
A_POSTGRES_URL = "postgres://lianyi@127.0.0.1:5432/lianyi"  # never connected to here


def options(**env: str) -> dict:
    result = python(PRINT_OPTIONS, clean_env(DJANGO_SECRET_KEY=GOOD_KEY, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_binds_on_the_server_and_prepares_by_default():
    found = options(DATABASE_URL=A_POSTGRES_URL)
    assert found["server_side_binding"] is True
    assert found["prepare_threshold"] == 5


def test_server_side_binding_can_be_turned_off():
    found = options(DATABASE_URL=A_POSTGRES_URL, DATABASE_SERVER_SIDE_BINDING="0")
    assert "server_side_binding" not in found
    assert "prepare_threshold" not in found


def test_sqlite_gets_no_postgresql_options():
    assert "server_side_binding" not in options()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_statement_run_five_times_is_prepared_once():
    marker = "select 1 + %s as lianyi_prepare_probe"
    with connection.cursor() as cursor:
        for n in range(7):
            cursor.execute(marker, [n])
            assert cursor.fetchone() == (1 + n,)
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%lianyi_prepare_probe%"],
        )
        assert cursor.fetchone() == (1,)
