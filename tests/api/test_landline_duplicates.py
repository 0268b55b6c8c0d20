"""撞单 by landline through the API: three formats, two teams, one customer and a claim."""

from __future__ import annotations

from tests.api.conftest import assert_error


def body(world, phone: str) -> dict:
    return {
        "name": "张桂兰",
        "sex": "F",
        "phone": phone,
        "consent_items": ["contact", "profile"],
        "stand_id": world.stand.pk,
    }


def test_a_landline_in_three_formats_from_two_teams_is_one_customer_and_a_claim(
    world, api_client_for
):
    created = api_client_for(world.rep).post("/customers", body(world, "021-6234 5678"))
    assert created.status_code == 201, created.content
    for rep, typed in (
        (world.rep_other_team, "(021) 62345678"),
        (world.rep_same_team, "+86 21 6234 5678"),
    ):
        refused = api_client_for(rep).post("/customers", body(world, typed))
        assert_error(refused, 409, "customers.duplicate_mobile")
        assert "张桂兰" not in refused.json()["message"]
    mine = api_client_for(world.rep).post("/customers", body(world, "02162345678"))
    assert_error(mine, 409, "customers.already_yours")
    claims = api_client_for(world.supervisor).get("/claims").json()
    assert [c["customer_id"] for c in claims] == [created.json()["id"]] * 2  # one per claimant
    found = api_client_for(world.rep).get("/customers", q="(021) 6234-5678").json()
    assert [c["id"] for c in found] == [created.json()["id"]]


def test_a_landline_without_its_area_code_is_a_400_asking_for_it(world, api_client_for):
    response = api_client_for(world.rep).post("/customers", body(world, "62345678"))
    error = assert_error(response, 400, "customers.area_code_required")
    assert error["extra"]["field"] == "phone"
