"""Draw through the API: publish, lock, run, reveal; the public verification needs no token."""

from __future__ import annotations

from tests.api.conftest import assert_error
from tests.conftest import World, make_customer
from tests.gatherings.door import admit, start_gathering

RULES = {"rules": "每户一个号。", "prizes": [{"name": "保温杯", "value": "59.90", "count": 2}]}


def test_the_whole_draw_and_its_public_verification(world: World, api_client_for, anon_api) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.supervisor)
    gid = world.gathering.pk
    published = api.post(f"/gatherings/{gid}/draw", RULES)
    assert published.status_code == 200 and published.json()["prizes"][0]["value"] == "59.90"
    locked = api.post(f"/gatherings/{gid}/draw/lock").json()
    commitment = locked["seed_commitment"]
    assert len(commitment) == 64 and locked["seed"] is None
    for _ in range(3):
        admit(make_customer(world, step=5), by=world.event_staff, gathering=world.gathering)
    start_gathering(world.gathering)
    run = api.post(f"/gatherings/{gid}/draw/rounds/1")
    assert run.status_code == 201 and len(run.json()["winners"]) == 2
    assert_error(api.post(f"/gatherings/{gid}/draw/rounds/1"), 409, "gatherings.draw_round_done")
    before = anon_api.get(f"/draws/{commitment}").json()
    assert before["revealed"] is False and before["draw"]["seed"] is None
    api.post(f"/gatherings/{gid}/draw/reveal")
    after = anon_api.get(f"/draws/{commitment}")
    body = after.json()
    assert after.status_code == 200 and body["verified"] is True
    assert body["rounds"][0]["recomputed"] == [w["id"] for w in run.json()["winners"]]
    assert len(body["draw"]["seed"]) == 64


def test_refusals_carry_their_codes(world: World, api_client_for, anon_api) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.supervisor)
    gid = world.gathering.pk
    over = {"rules": "x", "prizes": [{"name": "车", "value": "50000.01", "count": 1}]}
    assert_error(api.post(f"/gatherings/{gid}/draw", over), 400, "gatherings.draw_prize_over_cap")
    api.post(f"/gatherings/{gid}/draw", RULES)
    start_gathering(world.gathering)
    assert_error(api.post(f"/gatherings/{gid}/draw/rounds/1"), 400, "gatherings.draw_not_locked")
    assert_error(api_client_for(world.rep).get(f"/gatherings/{gid}/draw"), 403, "forbidden")
    assert_error(anon_api.get(f"/draws/{'a' * 64}"), 404, "not_found")
