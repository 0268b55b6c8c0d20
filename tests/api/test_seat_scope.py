"""The seat scope through the API: another team's seat is removed nowhere and answers like a
missing one; the seating list names only the guests the caller may see."""

from __future__ import annotations

import pytest

from lianyi.core.errors import CoreCode
from lianyi.gatherings.models import Seat
from tests.api.conftest import assert_error
from tests.gatherings.seats import EVERYONE, GUESTS, READERS, REMOVERS, _named, make_hall, seat_of


@pytest.mark.parametrize(("role", "allowed"), REMOVERS.items())
def test_the_api_answers_another_teams_seat_like_a_missing_one(
    world, api_client_for, role, allowed
):
    placed = seat_of(world, "household")
    api = api_client_for(getattr(world, role))
    gid = world.gathering.pk
    missing = api.post(f"/gatherings/{gid}/seats/{placed.pk + 1000}/remove")
    assert_error(missing, 404, CoreCode.NOT_FOUND)
    response = api.post(f"/gatherings/{gid}/seats/{placed.pk}/remove")
    if allowed:
        assert response.status_code == 204, response.content
    else:
        body = assert_error(response, 404, CoreCode.NOT_FOUND)
        assert body == missing.json()
    assert Seat.objects.filter(pk=placed.pk).exists() is not allowed


@pytest.mark.parametrize(("reader", "owners"), READERS)
def test_the_seating_api_names_only_the_guests_the_reader_may_see(
    world, api_client_for, reader, owners
):
    hall = make_hall(world)
    response = api_client_for(getattr(world, reader)).get(
        f"/gatherings/{world.gathering.pk}/seating"
    )
    assert response.status_code == 200, response.content
    (table,) = response.json()
    shown = {name for seat in table["rows"] for name in seat["names"]} - {"李建国"}
    assert shown == _named(hall, owners)
    assert (table["number"], table["seats"], table["taken"]) == (1, 10, 5)
    assert table["others"] == sum(GUESTS[o] for o in EVERYONE - owners)
    for hidden in EVERYONE - owners:
        assert hall.names[hidden] not in response.content.decode()


def test_removing_a_table_with_another_teams_guests_is_a_conflict(world, api_client_for):
    from lianyi.gatherings.codes import GatheringCode

    table = seat_of(world, "household").table
    api = api_client_for(world.supervisor_other_team)
    response = api.post(f"/gatherings/{world.gathering.pk}/tables/{table.pk}/remove")
    assert_error(response, 409, GatheringCode.HOLDS_OTHER_GUESTS)
    assert Seat.objects.filter(table=table).exists()
