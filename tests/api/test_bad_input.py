"""The outside probe's inputs (issue 6, points 7 and 10), each answered with a 4xx and the error
body, never a 500 and never a half-written record; and wrong input that was accepted."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from lianyi.api.routes import api
from lianyi.customers.models import Customer
from lianyi.gatherings.models import BusStop, Draw, Gathering
from lianyi.journey.models import Touchpoint
from tests.api.conftest import assert_error
from tests.conftest import make_customer

BIG = 2_700_000  # past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)


def iso(value: dt.datetime) -> str:
    return value.isoformat()


def gathering_body(**overrides):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=20)
    return {
        "name": "冬季联谊会",
        "starts_at": iso(start),
        "ends_at": iso(start + dt.timedelta(hours=3)),
        "venue": "市文化宫",
        "capacity": 100,
        **overrides,
    }


def registration(world, **overrides):
    return {
        "name": "王淑珍",
        "sex": "F",
        "phone": "13800138000",
        "consent_items": ["contact", "profile"],
        "stand_id": world.stand.pk,
        **overrides,
    }


# --- NUL bytes and lone surrogates ------------------------------------------------------


@pytest.mark.parametrize("text", ["王\x00淑珍", "\ud800"])
@pytest.mark.parametrize("field", ["name", "district", "compound", "companion_name", "sex"])
def test_nul_or_a_lone_surrogate_in_a_registration_is_refused(world, api_client_for, field, text):
    # json.dumps writes the surrogate as the escape "\ud800", as the probe sent it
    response = api_client_for(world.rep).raw_post(
        "/customers", json.dumps(registration(world, **{field: text}))
    )
    body = assert_error(response, 422, "invalid_characters")
    assert body["extra"]["fields"][0]["field"] == field
    assert not Customer.objects.exists()


@pytest.mark.parametrize("text", ["记录\x00", "\udfff"])
def test_nul_or_a_lone_surrogate_in_call_notes_is_refused(world, api_client_for, text):
    customer = make_customer(world, step=1)
    response = api_client_for(world.rep).raw_post(
        f"/customers/{customer.pk}/first-call",
        json.dumps({"outcome": "no_answer", "notes": text}),
    )
    assert_error(response, 422, "invalid_characters")
    assert not customer.touchpoints.filter(kind="first_call").exists()


def test_nul_in_a_gathering_name_is_refused(world, api_client_for):
    response = api_client_for(world.supervisor).post("/gatherings", gathering_body(name="会\x00"))
    assert_error(response, 422, "invalid_characters")
    assert Gathering.objects.count() == 1  # the world's only


def test_nul_in_the_customer_search_answers_4xx(world, api_client_for):
    response = api_client_for(world.rep).client.get("/api/customers?q=%00")
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"code", "message", "extra"}


def test_nul_in_the_audit_filters_answers_4xx(world, api_client_for):
    response = api_client_for(world.admin).client.get("/api/audit?object_type=%00&action=%00")
    assert_error(response, 422, "invalid_characters")


# --- bodies past 2.5 MB -----------------------------------------------------------------


def _write_operations() -> list[tuple[str, str]]:
    operations = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method in methods:
            if method in ("post", "put", "patch", "delete"):
                segments = ["1" if part.startswith("{") else part for part in path.split("/")]
                operations.append((method.upper(), "/".join(segments)))
    return operations


def test_every_write_endpoint_answers_413_to_a_body_over_two_and_a_half_megabytes(
    world, api_client_for
):
    client = api_client_for(world.supervisor).client
    body = json.dumps({"notes": "x" * BIG})
    operations = _write_operations()
    assert len(operations) >= 24
    for method, url in operations:
        response = client.generic(method, url, body, content_type="application/json")
        assert response.status_code == 413, (method, url, response.status_code)
        assert_error(response, 413, "request_too_large")


def test_a_page_answers_413_with_a_message_to_a_body_over_the_limit(world, client):
    client.force_login(world.rep)
    response = client.post(
        "/customers/new/", "x" * BIG, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "内容太大" in response.content.decode()


# --- numbers past their column ----------------------------------------------------------


def test_a_capacity_past_integer_answers_422_invalid(world, api_client_for):
    response = api_client_for(world.supervisor).post(
        "/gatherings", gathering_body(capacity=2_147_483_648)
    )
    body = assert_error(response, 422, "invalid")
    assert body["extra"]["fields"][0]["field"] == "capacity"
    assert Gathering.objects.count() == 1


def test_a_stop_position_past_smallint_answers_422_invalid(world, api_client_for):
    api_client = api_client_for(world.supervisor)
    gid = world.gathering.pk
    bus = api_client.post(f"/gatherings/{gid}/buses", {"name": "1号车", "seats": 40}).json()
    pickup = world.gathering.starts_at - dt.timedelta(hours=1)
    response = api_client.post(
        f"/gatherings/{gid}/buses/{bus['id']}/stops",
        {"position": 40_000, "name": "小区门口", "pickup_at": iso(pickup)},
    )
    assert_error(response, 422, "invalid")
    assert not BusStop.objects.exists()


def test_an_id_past_bigint_in_the_path_answers_422(world, api_client_for):
    response = api_client_for(world.rep).get(f"/customers/{2**64}")
    assert_error(response, 422, "invalid")


# --- dates past sane years, and Unix timestamps -----------------------------------------


@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00"])
def test_a_gathering_in_year_1_or_9999_is_refused(world, api_client_for, starts_at):
    response = api_client_for(world.supervisor).post(
        "/gatherings", gathering_body(starts_at=starts_at)
    )
    body = assert_error(response, 422, "date_out_of_range")
    assert body["extra"]["fields"][0]["field"] == "starts_at"
    assert Gathering.objects.count() == 1


def test_a_gathering_ending_in_year_9999_is_refused(world, api_client_for):
    response = api_client_for(world.supervisor).post(
        "/gatherings", gathering_body(ends_at="9999-12-31T23:59:59+08:00")
    )
    body = assert_error(response, 422, "date_out_of_range")
    assert body["extra"]["fields"][0]["field"] == "ends_at"


def test_a_gathering_given_as_a_unix_timestamp_is_refused_with_its_own_code(world, api_client_for):
    for value in (-1, "-1", 1_900_000_000):
        response = api_client_for(world.supervisor).post(
            "/gatherings", gathering_body(starts_at=value)
        )
        assert_error(response, 422, "timestamp_refused")
    assert Gathering.objects.count() == 1


def test_a_gathering_planned_in_the_past_is_refused(world, api_client_for):
    start = timezone.now() - dt.timedelta(days=1)
    response = api_client_for(world.supervisor).post(
        "/gatherings",
        gathering_body(starts_at=iso(start), ends_at=iso(start + dt.timedelta(hours=3))),
    )
    assert_error(response, 400, "gatherings.starts_in_past")
    assert Gathering.objects.count() == 1


def test_a_gathering_lasting_days_is_refused(world, api_client_for):
    start = timezone.now() + dt.timedelta(days=3)
    response = api_client_for(world.supervisor).post(
        "/gatherings",
        gathering_body(starts_at=iso(start), ends_at=iso(start + dt.timedelta(days=30))),
    )
    assert_error(response, 400, "gatherings.too_long")


def test_a_second_call_in_year_9999_is_refused_and_writes_nothing(world, api_client_for):
    customer = make_customer(world, step=2)
    response = api_client_for(world.rep).post(
        f"/customers/{customer.pk}/second-call",
        {"outcome": "no_answer", "occurred_at": "9999-12-31T23:59:59-08:00"},
    )
    assert_error(response, 422, "date_out_of_range")
    assert not Touchpoint.objects.filter(customer=customer, kind="second_call").exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_agenda_of_year_9999_answers_4xx(world, api_client_for, day):
    assert_error(api_client_for(world.rep).get("/agenda", day=day), 422, "date_out_of_range")


# --- money ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0.005", "50000.005", 0.005])
def test_a_prize_value_with_three_decimals_is_refused_not_rounded(world, api_client_for, value):
    response = api_client_for(world.supervisor).post(
        f"/gatherings/{world.gathering.pk}/draw",
        {"rules": "每户一个号。", "prizes": [{"name": "保温杯", "value": value, "count": 1}]},
    )
    assert_error(response, 422, "money_precision")
    assert not Draw.objects.exists()


def test_a_prize_value_with_two_decimals_is_kept_exactly(world, api_client_for):
    response = api_client_for(world.supervisor).post(
        f"/gatherings/{world.gathering.pk}/draw",
        {"rules": "每户一个号。", "prizes": [{"name": "保温杯", "value": "0.01", "count": 1}]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["prizes"][0]["value"] == "0.01"


# --- huge values are never echoed whole -------------------------------------------------


@pytest.mark.parametrize("field", ["phone", "name", "notice_version", "sex"])
def test_a_million_character_value_is_not_echoed_back(world, api_client_for, field):
    response = api_client_for(world.rep).post(
        "/customers", registration(world, **{field: "9" * 1_000_000})
    )
    assert 400 <= response.status_code < 500
    assert len(response.content) < 2_000


# --- every input of every operation is bounded ------------------------------------------


def _inputs(schema: dict, components: dict, name: str, seen: set[str]):
    """(name, schema) of every scalar a request can carry, through $refs, unions and arrays."""
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[-1]
        if ref in seen:
            return
        yield from _inputs(components[ref], components, name, seen | {ref})
        return
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from _inputs(option, components, name, seen)
    kind = schema.get("type")
    if kind == "object":
        for prop, sub in schema.get("properties", {}).items():
            yield from _inputs(sub, components, f"{name}.{prop}", seen)
    elif kind == "array":
        assert "maxItems" in schema, f"{name}: a list without maxItems"
        yield from _inputs(schema.get("items", {}), components, f"{name}[]", seen)
    elif kind in ("string", "integer"):
        yield name, schema


def test_every_text_and_number_an_operation_accepts_is_bounded_by_a_shared_field_type():
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    unbounded = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            sources = [(p["name"], p.get("schema", {})) for p in operation.get("parameters", [])]
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                sources.append(("body", content["application/json"]["schema"]))
            for source, schema in sources:
                for name, leaf in _inputs(schema, components, source, set()):
                    bounded = (
                        "maxLength" in leaf
                        or "maximum" in leaf
                        or "pattern" in leaf
                        or "enum" in leaf
                        or leaf.get("format") in ("date", "date-time")
                    )
                    if not bounded:
                        unbounded.append(f"{method.upper()} {path}: {name}")
    assert not unbounded, "use lianyi.core.fields for:\n" + "\n".join(unbounded)
