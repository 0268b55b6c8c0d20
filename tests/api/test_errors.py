"""The shape of every error answer, authentication (token and session with CSRF) and the
OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import Client

from lianyi.org.models import ApiToken
from lianyi.org.services import issue_api_token
from tests.api.conftest import ApiClient, assert_error
from tests.conftest import make_customer


def registration(world, **overrides):
    return {
        "name": "王淑珍",
        "sex": "F",
        "phone": "13800138000",
        "consent_items": ["contact", "profile"],
        "stand_id": world.stand.pk,
        **overrides,
    }


def test_anonymous_gets_401_with_the_error_body(anon_api):
    body = assert_error(anon_api.get("/me"), 401, "unauthenticated")
    assert body["extra"] == {}


def test_missing_customer_gets_404_with_the_error_body(world, api_client_for):
    assert_error(api_client_for(world.rep).get("/customers/424242"), 404, "not_found")


@pytest.mark.parametrize(
    "phone", ["138 0013 8000", "+86 138-0013-8000", "0086 13800138000", "13800138000 "]
)
def test_duplicate_mobile_gets_409_and_tells_only_that_another_rep_has_it(
    world, api_client_for, phone
):
    first = api_client_for(world.rep).post("/customers", registration(world))
    assert first.status_code == 201
    body = assert_error(
        api_client_for(world.rep_other_team).post("/customers", registration(world, phone=phone)),
        409,
        "customers.duplicate_mobile",
    )
    assert "王淑珍" not in body["message"] and body["extra"] == {}


def test_own_duplicate_gets_409_already_yours(world, api_client_for):
    api = api_client_for(world.rep)
    customer_id = api.post("/customers", registration(world)).json()["id"]
    body = assert_error(api.post("/customers", registration(world)), 409, "customers.already_yours")
    assert body["extra"] == {"customer_id": customer_id}


def test_missing_field_gets_422_invalid_listing_the_field(world, api_client_for):
    payload = registration(world)
    del payload["phone"]
    body = assert_error(api_client_for(world.rep).post("/customers", payload), 422, "invalid")
    assert [f["field"] for f in body["extra"]["fields"]] == ["phone"]


def test_wrong_type_gets_422_invalid_listing_the_field(world, api_client_for):
    payload = registration(world, birth_year="nineteen fifty")
    body = assert_error(api_client_for(world.rep).post("/customers", payload), 422, "invalid")
    assert [f["field"] for f in body["extra"]["fields"]] == ["birth_year"]


def test_wrong_query_type_gets_422_invalid(world, api_client_for):
    body = assert_error(api_client_for(world.rep).get("/agenda", day="tomorrow"), 422, "invalid")
    assert [f["field"] for f in body["extra"]["fields"]] == ["day"]


def test_malformed_json_gets_400(world, api_client_for):
    response = api_client_for(world.rep).raw_post("/customers", '{"name": "王淑珍",')
    assert_error(response, 400, "malformed_json")


def test_naive_datetime_is_refused_with_its_own_code(world, api_client_for):
    customer = make_customer(world, step=1)
    response = api_client_for(world.rep).post(
        f"/customers/{customer.pk}/first-call",
        {"outcome": "no_answer", "occurred_at": "2026-01-05T10:00:00"},
    )
    body = assert_error(response, 422, "naive_datetime")
    assert body["extra"]["fields"][0]["field"] == "occurred_at"


def test_note_over_10000_characters_gets_400_text_too_long(world, api_client_for):
    customer = make_customer(world, step=1)
    response = api_client_for(world.rep).post(
        f"/customers/{customer.pk}/first-call", {"outcome": "no_answer", "notes": "话" * 10_001}
    )
    body = assert_error(response, 400, "text_too_long")
    assert body["extra"]["field"] == "notes"


@pytest.mark.parametrize(
    "location",
    [
        '"latitude": 91, "longitude": 116.4',
        '"latitude": 39.9',
        '"latitude": 39.9, "longitude": 116.4, "accuracy": Infinity',  # what json.dumps writes
        '"latitude": 39.9, "longitude": 116.4, "accuracy": 1e12',
    ],
)
def test_a_visit_with_an_impossible_location_gets_400_and_writes_nothing(
    world, api_client_for, location
):
    from lianyi.journey.models import Touchpoint

    customer = make_customer(world, step=2)
    body = '{"duration_minutes": 45, "profile_completed": true, ' + location + "}"
    response = api_client_for(world.rep).raw_post(f"/customers/{customer.pk}/first-visit", body)
    assert assert_error(response, 400, "journey.location_invalid")["extra"]["field"] == "latitude"
    assert not Touchpoint.objects.filter(customer=customer, kind="first_visit").exists()


def test_a_visit_with_a_real_location_keeps_it(world, api_client_for):
    customer = make_customer(world, step=2)
    response = api_client_for(world.rep).post(
        f"/customers/{customer.pk}/first-visit",
        {"duration_minutes": 45, "latitude": 39.9219, "longitude": 116.4436, "accuracy": 25.7},
    )
    assert response.status_code == 201, response.content
    (touchpoint,) = customer.touchpoints.filter(kind="first_visit")
    assert (str(touchpoint.latitude), str(touchpoint.longitude)) == ("39.921900", "116.443600")
    assert touchpoint.accuracy_m == 25


def test_an_unexpected_error_is_a_500_that_leaks_nothing(world, api_client_for, monkeypatch):
    from lianyi.api import customers as routes

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "search_customers", broken)
    response = api_client_for(world.rep).get("/customers")
    body = assert_error(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert body["extra"] == {}


# --- authentication -------------------------------------------------------------------------


def test_token_authenticates_and_stores_only_the_hash(world):
    token, key = issue_api_token(by=world.rep, name="phone")
    assert key not in {token.key_hash, token.name}
    assert token.key_hash == ApiToken.hash_key(key)
    response = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == world.rep.username


def test_wrong_token_gets_401_even_with_a_session(world):
    client = Client(headers={"Authorization": "Bearer not-a-key"})
    client.force_login(world.rep)
    assert_error(ApiClient(client).get("/me"), 401, "unauthenticated")


def test_token_of_an_inactive_user_gets_401(world):
    _token, key = issue_api_token(by=world.rep)
    world.rep.is_active = False
    world.rep.save(update_fields=["is_active"])
    client = ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))
    assert_error(client.get("/me"), 401, "unauthenticated")


def test_token_use_is_stamped_at_most_once_a_minute(world, api_client_for):
    token, key = issue_api_token(by=world.rep)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    client.get("/api/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == first


def test_token_requests_need_no_csrf(world):
    _token, key = issue_api_token(by=world.rep)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    response = client.post("/api/customers", registration(world), content_type="application/json")
    assert response.status_code == 201


def test_session_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.rep)
    assert client.get("/api/me").status_code == 200  # safe methods need no token
    response = client.post("/api/customers", registration(world), content_type="application/json")
    assert_error(response, 403, "csrf_failed")


def test_session_post_with_csrf_token_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.rep)
    client.get("/api/me")
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf
    response = client.post(
        "/api/customers",
        registration(world),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content


def test_session_user_creates_a_token_shown_once(world):
    client = Client()
    client.force_login(world.rep)
    response = client.post("/api/auth/tokens", {"name": "手机"}, content_type="application/json")
    assert response.status_code == 201
    key = response.json()["key"]
    listed = client.get("/api/auth/tokens").json()
    assert [t["name"] for t in listed] == ["手机"]
    assert "key" not in listed[0]
    me = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me")
    assert me.json()["id"] == world.rep.pk


def test_a_token_cannot_mint_more_tokens(world, api_client_for):
    response = api_client_for(world.rep).post("/auth/tokens", {"name": "more"})
    assert_error(response, 401, "unauthenticated")


# --- OpenAPI --------------------------------------------------------------------------------


def test_openapi_schema_loads_and_lists_the_routes(world):
    client = Client()
    client.force_login(world.rep)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/me",
        "/api/auth/tokens",
        "/api/customers",
        "/api/customers/{customer_id}",
        "/api/customers/{customer_id}/timeline",
        "/api/customers/{customer_id}/health-notes",
        "/api/customers/{customer_id}/stand-notes",
        "/api/customers/{customer_id}/first-call",
        "/api/customers/{customer_id}/first-visit",
        "/api/customers/{customer_id}/second-call",
        "/api/customers/{customer_id}/second-visit",
        "/api/customers/{customer_id}/withdraw-consent",
        "/api/customers/{customer_id}/reassign",
        "/api/agenda",
        "/api/claims",
        "/api/claims/{claim_id}/resolve",
        "/api/audit",
    ):
        assert path in paths, path


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_path_answers_the_json_error_body(client, method):
    response = getattr(client, method)("/api/no-such-route/42")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_route"
    assert set(response.json()) == {"code", "message", "extra"}
