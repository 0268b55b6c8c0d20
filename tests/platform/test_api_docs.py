"""The API docs page and the schema are for signed-in users only (the session or a token)."""

from __future__ import annotations

from django.test import Client

from lianyi.org.services import issue_api_token


def test_the_docs_page_sends_a_stranger_to_the_login_page(db):
    response = Client().get("/api/docs")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_the_docs_page_opens_for_a_logged_in_user(world):
    client = Client()
    client.force_login(world.rep)
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert b"cdn.jsdelivr" not in response.content  # served from our static files


def test_the_schema_answers_401_with_the_error_body_to_a_stranger(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_schema_is_readable_with_a_session_or_a_token(world):
    client = Client()
    client.force_login(world.supervisor)
    assert "/api/me" in client.get("/api/openapi.json").json()["paths"]
    _token, key = issue_api_token(by=world.rep, name="schema")
    with_token = Client(headers={"Authorization": f"Bearer {key}"})
    assert "/api/agenda" in with_token.get("/api/openapi.json").json()["paths"]


def test_a_wrong_token_does_not_open_the_schema(db):
    response = Client(headers={"Authorization": "Bearer wrong"}).get("/api/openapi.json")
    assert response.status_code == 401


def test_a_deactivated_users_session_does_not_open_the_docs(world):
    client = Client()
    client.force_login(world.rep)
    world.rep.is_active = False
    world.rep.save(update_fields=["is_active"])
    assert client.get("/api/openapi.json").status_code == 401
