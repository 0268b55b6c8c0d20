"""The VIP profile through the API: with the first visit, and PATCH /customers/{id}/vip-profile."""

from __future__ import annotations

import pytest

from lianyi.journey.steps import Step
from tests.api.conftest import assert_error
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def test_the_first_visit_takes_the_profile_and_the_profile_reads_back(world, api_client_for):
    customer = make_customer(world, step=Step.FIRST_VISIT)
    api = api_client_for(world.rep)

    response = api.post(
        f"/customers/{customer.pk}/first-visit",
        {
            "duration_minutes": 45,
            "profile": {
                "interests": "书法",
                "family_members": [{"name": "李建国", "relation": "老伴"}],
                "contact_channel": "phone",
            },
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["touchpoint"]["profile_completed"] is True
    profile = api.get(f"/customers/{customer.pk}/vip-profile").json()
    assert profile["family_members"] == [{"name": "李建国", "relation": "老伴"}]
    assert profile["updated_by"]["id"] == world.rep.pk


def test_patch_changes_only_what_is_sent(world, api_client_for):
    customer = make_customer(world, step=Step.SECOND_CALL)
    api = api_client_for(world.rep)
    api.patch(f"/customers/{customer.pk}/vip-profile", {"interests": "书法", "heard_from": "朋友"})

    response = api.patch(f"/customers/{customer.pk}/vip-profile", {"interests": "太极"})

    assert response.status_code == 200, response.content
    assert response.json()["interests"] == "太极"
    assert response.json()["heard_from"] == "朋友"


def test_profile_refusals_are_4xx_with_codes(world, api_client_for):
    customer = make_customer(world, step=Step.SECOND_CALL)
    other = make_customer(world, owner=world.rep_other_team, step=Step.SECOND_CALL)
    api = api_client_for(world.rep)

    assert_error(api.get(f"/customers/{customer.pk}/vip-profile"), 404, "not_found")
    assert_error(
        api.patch(f"/customers/{other.pk}/vip-profile", {"interests": "x"}), 404, "not_found"
    )
    assert_error(
        api.patch(f"/customers/{customer.pk}/vip-profile", {"contact_channel": "fax"}),
        400,
        "customers.profile_channel_invalid",
    )
    too_many = [{"name": f"家人{n}", "relation": ""} for n in range(5)]
    response = api.patch(f"/customers/{customer.pk}/vip-profile", {"family_members": too_many})
    assert response.status_code == 422  # the schema's bound, as for every list the API takes
