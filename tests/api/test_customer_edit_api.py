"""PATCH /api/customers/{id}: only what is sent changes; refusals are 4xx with stable codes."""

from __future__ import annotations

import pytest

from lianyi.core.models import AuditEntry
from tests.api.conftest import assert_error
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def test_patch_changes_only_the_fields_sent(world, api_client_for):
    customer = make_customer(world, step=0, name="张桂兰")
    api = api_client_for(world.rep)

    response = api.patch(f"/customers/{customer.pk}", {"name": "张桂芳", "birth_year": None})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "张桂芳"
    assert body["birth_year"] is None
    assert body["compound"] == "幸福里小区"  # not sent, kept
    entry = AuditEntry.objects.get(action="customers.customer.details_changed")
    assert entry.changes == {"name": ["张桂兰", "张桂芳"], "birth_year": [1956, None]}


def test_patch_of_another_reps_customer_answers_like_a_missing_one(world, api_client_for):
    customer = make_customer(world, owner=world.rep_other_team, step=0)
    api = api_client_for(world.rep)

    assert_error(api.patch(f"/customers/{customer.pk}", {"name": "某某"}), 404, "not_found")
    assert_error(api.patch("/customers/999999", {"name": "某某"}), 404, "not_found")


def test_patch_to_a_duplicate_mobile_is_a_409_with_the_field(world, api_client_for):
    make_customer(world, owner=world.rep_other_team, step=0, mobile="13900008888")
    customer = make_customer(world, step=0)
    api = api_client_for(world.rep)

    body = assert_error(
        api.patch(f"/customers/{customer.pk}", {"mobile": "139 0000 8888"}),
        409,
        "customers.duplicate_mobile",
    )
    assert body["extra"]["field"] == "mobile"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"birth_year": 1800}, "customers.birth_year_invalid"),
        ({"sex": "X"}, "required"),
        ({"name": "x" * 51}, "text_too_long"),
        ({"name": "a\x00b"}, "invalid_characters"),
        ({"birth_year": 10**9}, "invalid"),
    ],
)
def test_patch_with_bad_input_is_a_400_never_a_500(world, api_client_for, payload, code):
    customer = make_customer(world, step=0)
    api = api_client_for(world.rep)

    response = api.patch(f"/customers/{customer.pk}", payload)

    assert 400 <= response.status_code < 500, response.content
    assert response.json()["code"] == code
