"""A property over every operation of the API: whatever is sent (NUL bytes, lone surrogates,
huge numbers, years 1 and 9999, megabyte strings, wrong types), the answer is never a 5xx, and
an error never echoes a huge value back. The operations are read from the OpenAPI document, so a
new endpoint is fuzzed without a line here."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianyi.api.routes import api
from lianyi.org.services import issue_api_token
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "王\x00淑珍",
    "\ud800",
    "a\udfffb",
    "x" * 100_001,
    "话" * 10_001,
    "²",
    "０",
    "-1",
    "9999999999999999999999",
    "1e309",
    "NaN",
    "0001-01-01T00:00:00+08:00",
    "9999-12-31T23:59:59-08:00",
    "9999-12-31",
    "2026-02-30",
    "%00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "😀" * 5,
]
NASTY_INTS = [0, -1, 1, 32_767, 32_768, 40_000, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30]
NASTY_NUMBERS = [0.005, 50000.005, -0.0, 1e308, 1e-308, float("inf"), float("nan")]

nasty_scalar = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.sampled_from(NASTY_INTS),
    st.sampled_from(NASTY_NUMBERS),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.integers(),
)
anything = st.recursive(
    nasty_scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)

OPENAPI = api.get_openapi_schema()
COMPONENTS = OPENAPI.get("components", {}).get("schemas", {})


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _valid(schema: dict[str, Any], ids: list[int], depth: int = 0) -> st.SearchStrategy[Any]:
    """A plausible value of the declared type, so that the request gets past the schema."""
    schema = _resolve(schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return st.one_of([_valid(option, ids, depth) for option in options])
    kind = schema.get("type")
    if kind == "integer":
        return st.sampled_from(ids) | st.integers(1, 60)
    if kind == "number":
        return st.floats(-90, 90)
    if kind == "string":
        if schema.get("format") == "date-time":
            return st.sampled_from(["2030-03-01T15:00:00+08:00", "2030-03-01T18:00:00+08:00"])
        if schema.get("format") == "date":
            return st.just("2030-03-01")
        if schema.get("pattern"):
            return st.sampled_from(["299.00", "1", "59.9"])
        return st.sampled_from(["王淑珍", "door", "boarding", "no_answer", "reached", "F", "x"])
    if kind == "boolean":
        return st.booleans()
    if kind == "array" and depth < 3:
        return st.lists(_valid(schema.get("items", {}), ids, depth + 1), min_size=1, max_size=2)
    if kind == "object" and depth < 3:
        return _body(schema, ids, depth + 1)
    return st.none()


def _nasty(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the declared type at and past its bounds, or anything at all."""
    schema = _resolve(schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return st.one_of([_nasty(option, depth) for option in options])
    kind = schema.get("type")
    if kind == "integer":
        typed: st.SearchStrategy[Any] = st.sampled_from(NASTY_INTS) | st.integers()
    elif kind == "number":
        typed = st.sampled_from(NASTY_NUMBERS) | st.floats()
    elif kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            typed = st.sampled_from(
                [
                    "0001-01-01T00:00:00+08:00",
                    "9999-12-31T23:59:59-08:00",
                    "2026-03-01T15:00:00",
                    "2000-01-01T00:00:00+08:00",
                    -1,
                    "-1",
                ]
            ) | st.datetimes().map(lambda d: d.isoformat() + "+08:00")
        elif fmt == "date":
            typed = st.sampled_from(["0001-01-01", "9999-12-31", 0]) | st.dates().map(str)
        elif schema.get("pattern"):
            typed = st.sampled_from(["0.005", "50000.005", "1e400", "-1", 0.005, "NaN", "\x00"])
        else:
            typed = st.sampled_from(NASTY_TEXT) | st.text(max_size=30)
    elif kind == "array" and depth < 3:
        typed = st.lists(_nasty(schema.get("items", {}), depth + 1), max_size=4)
    else:
        typed = anything
    return typed | anything


def _body(
    schema: dict[str, Any], ids: list[int], depth: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    """A plausible body with one or two of its fields replaced by nasty values."""
    schema = _resolve(schema)
    properties = schema.get("properties", {})

    @st.composite
    def mutated(draw: st.DrawFn) -> dict[str, Any]:
        body = draw(
            st.fixed_dictionaries({n: _valid(p, ids, depth) for n, p in properties.items()})
        )
        if properties:
            for name in draw(st.lists(st.sampled_from(sorted(properties)), max_size=2)):
                body[name] = draw(_nasty(properties[name], depth))
        return body

    return mutated()


def _quoted(text: str) -> str:
    # As a client would put it on the wire; a lone surrogate becomes its three bytes.
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    operations = []
    for path, methods in OPENAPI["paths"].items():
        for method, operation in methods.items():
            operations.append((method.upper(), path, operation))
    return operations


OPERATIONS = _operations()


@st.composite
def requests(draw: st.DrawFn, real_ids: list[int]) -> tuple[str, str, dict[str, Any], Any]:
    method, path, operation = draw(st.sampled_from(OPERATIONS))
    query: dict[str, Any] = {}
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter["in"] == "path":
            if _resolve(schema).get("type") == "integer":
                value = draw(st.sampled_from(real_ids) | st.sampled_from(NASTY_INTS))
            else:
                value = draw(st.sampled_from(NASTY_TEXT[:20]) | st.text(min_size=1, max_size=10))
            path = path.replace("{" + parameter["name"] + "}", _quoted(str(value)) or "0")
        elif parameter["in"] == "query" and draw(st.booleans()):
            value = draw(_nasty(schema) | _valid(schema, real_ids))
            if value is not None and not isinstance(value, dict | list):
                query[parameter["name"]] = _quoted(str(value))
    body: Any = None
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = draw(_body(content["application/json"]["schema"], real_ids) | anything)
    return method, path, query, body


ROLES = ["rep", "supervisor", "manager", "admin", "event_staff"]


@pytest.mark.parametrize("role", ROLES)
def test_no_input_to_any_operation_answers_a_server_error(world, role):
    # given: a user of the role with a token, and ids that exist (so that the fuzz gets past 404)
    customer = make_customer(world, step=3)
    _token, key = issue_api_token(by=getattr(world, role), name="fuzz")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    shop = open_shop(world.admin)
    order = place_test_order(shop, customer, by=world.rep)
    real_ids = [world.gathering.pk, customer.pk, world.stand.pk, world.rep.pk, order.pk]
    real_ids += [shop.room.pk, shop.socks.pk, shop.big_set.pk, shop.thermos.pk]

    @settings(
        max_examples=120,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests(real_ids))
    def no_server_error(request: tuple[str, str, dict[str, Any], Any]) -> None:
        method, path, query, body = request
        # when
        if method == "GET":
            response = client.get(path + "?" + "&".join(f"{k}={v}" for k, v in query.items()))
        else:
            data = "" if body is None else json.dumps(body)
            response = client.generic(method, path, data, content_type="application/json")
        # then
        assert response.status_code < 500, (method, path, query, response.content[:500])
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            assert len(response.content) < 20_000, (method, path, len(response.content))

    no_server_error()
