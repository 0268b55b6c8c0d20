"""The bearer-token lookup that every API request makes: one written-out statement that hands
back the token, its user and the user's company as the ORM would (issue 6, point 12)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianyi.org.models import ApiToken, Company
from lianyi.org.selectors import token_for_key
from lianyi.org.services import authenticate_api_key, issue_api_token


def test_the_token_user_and_company_come_in_one_statement(world):
    world.company.office_latitude = Decimal("30.274085")
    world.company.save(update_fields=["office_latitude"])
    issued, key = issue_api_token(by=world.rep, name="phone")
    ApiToken.objects.filter(pk=issued.pk).update(last_used_at=issued.created_at)

    with CaptureQueriesContext(connection) as queries:
        token = token_for_key(key)
        assert token is not None
        user, company = token.user, token.user.company
        # what the routes read of the user and the company, and what the ORM would have made
        seen = (
            token.pk,
            token.last_used_at,
            user.pk,
            user.role,
            user.team_id,
            user.is_active,
            user.date_joined,
            str(user),
            company.pk,
            company.quiet_windows,
            company.office_latitude,
            company.checkin_opens_minutes_before,
        )
    assert len(queries.captured_queries) == 1
    fresh_user = get_user_model().objects.get(pk=world.rep.pk)
    fresh_company = Company.objects.get(pk=world.company.pk)
    assert seen == (
        issued.pk,
        ApiToken.objects.get(pk=issued.pk).last_used_at,
        fresh_user.pk,
        fresh_user.role,
        fresh_user.team_id,
        True,
        fresh_user.date_joined,
        str(fresh_user),
        fresh_company.pk,
        fresh_company.quiet_windows,
        fresh_company.office_latitude,
        fresh_company.checkin_opens_minutes_before,
    )
    assert isinstance(token.last_used_at, datetime) and token.last_used_at.tzinfo is not None
    assert isinstance(company.quiet_windows, list)
    assert isinstance(user.is_active, bool)
    assert user.check_password("pw") == fresh_user.check_password("pw")


def test_a_user_without_a_company_has_none(world):
    loner = get_user_model().objects.create_user(username="loner", password="x")
    _token, key = issue_api_token(by=loner)
    token = token_for_key(key)
    assert token is not None
    with CaptureQueriesContext(connection) as queries:
        assert token.user.company is None
    assert not queries.captured_queries


def test_unknown_keys_and_inactive_users_find_nothing(world):
    _token, key = issue_api_token(by=world.rep)
    assert token_for_key("") is None
    assert token_for_key(key + "x") is None
    world.rep.is_active = False
    world.rep.save(update_fields=["is_active"])
    assert token_for_key(key) is None
    assert authenticate_api_key(key) is None


def test_the_stamp_is_written_once_then_compared_as_aware(world):
    _token, key = issue_api_token(by=world.rep)
    assert authenticate_api_key(key) == world.rep
    with CaptureQueriesContext(connection) as queries:
        assert authenticate_api_key(key) == world.rep  # stamped a moment ago: no UPDATE
    assert len(queries.captured_queries) == 1
