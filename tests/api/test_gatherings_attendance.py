"""The attendance report through the API."""

from __future__ import annotations

from tests.api.conftest import assert_error
from tests.conftest import World, make_customer
from tests.gatherings.door import admit


def test_the_attendance_report_per_rep(world: World, api_client_for) -> None:  # type: ignore[no-untyped-def]
    admit(make_customer(world, step=5), by=world.event_staff, gathering=world.gathering)
    make_customer(world, step=5, name="王秀英")
    body = api_client_for(world.supervisor).get(f"/gatherings/{world.gathering.pk}/attendance")
    report = body.json()
    assert body.status_code == 200
    [rep] = report["reps"]
    assert (rep["attendees"], rep["visited"], rep["visited_and_came"]) == (1, 2, 1)
    assert rep["attendance_rate"] == "50.0" and rep["visited_share"] == "100.0"
    assert [h["customer_name"] for h in rep["visited_not_came"]] == ["王秀英"]
    assert_error(
        api_client_for(world.rep).get(f"/gatherings/{world.gathering.pk}/attendance"),
        403,
        "forbidden",
    )
