"""With DEBUG off (as `make run` and production serve) an unknown address answers the own 404
page, never Django's technical page that lists every route; a bug answers the own 500 page, which
renders without a request context or a database."""

from __future__ import annotations

import pytest
from django.db import connections
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation


@pytest.fixture
def failing_urls(settings):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.platform.urls"


def test_an_unknown_address_answers_the_own_404_page_without_the_url_list(db, settings):
    assert settings.DEBUG is False
    response = Client().get("/no-such-page/at-all")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'id="not-found"' in body
    assert "找不到该记录或页面" in body
    assert "URLconf" not in body
    assert "api/" not in body  # no route of the project is listed


def test_a_logged_in_user_also_gets_the_own_404_page(world):
    client = Client()
    client.force_login(world.rep)
    response = client.get("/customers/no-such-thing/")
    assert response.status_code == 404
    assert 'id="not-found"' in response.content.decode()


def test_a_bug_answers_the_own_500_page(db, failing_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/platform-test/broken")
    assert response.status_code == 500
    body = response.content.decode()
    assert 'id="server-error"' in body
    assert "服务器出错了" in body
    assert "a bug" not in body and "Traceback" not in body


def test_the_500_page_renders_with_no_request_and_no_database(monkeypatch):
    def no_database(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the 500 page must not query the database")

    monkeypatch.setattr(connections["default"], "cursor", no_database)
    body = render_to_string("500.html")
    assert 'id="server-error"' in body
    assert "{%" not in body


def test_the_500_page_speaks_english_too():
    with translation.override("en"):
        body = render_to_string("500.html")
    assert "Server error" in body
    assert "服务器" not in body
