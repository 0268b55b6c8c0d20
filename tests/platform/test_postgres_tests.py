"""The PostgreSQL tests (row locks, concurrent writers: ``@pytest.mark.postgres``) run in
``make test`` whenever DATABASE_URL points to PostgreSQL, and skip with a reason on SQLite
(issue 7, item 20)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.conftest import postgres_only_skip


def test_on_postgresql_nothing_marked_postgres_is_skipped():
    assert postgres_only_skip("postgresql") is None


def test_on_sqlite_the_skip_says_what_is_needed_and_how():
    skip = postgres_only_skip("sqlite")
    assert skip is not None
    assert "PostgreSQL" in skip.kwargs["reason"] and "DATABASE_URL" in skip.kwargs["reason"]


def test_this_run_skips_the_postgres_tests_exactly_when_the_database_is_not_postgresql(
    request: pytest.FixtureRequest,
):
    marked = [item for item in request.session.items if "postgres" in item.keywords]
    skipped = [item for item in marked if item.get_closest_marker("skip") is not None]
    if connection.vendor == "postgresql":
        assert skipped == []
    else:
        assert skipped == marked
