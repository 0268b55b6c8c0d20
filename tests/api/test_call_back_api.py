"""Item 5 of issue 7 through the API: ``call_back_at`` on the call endpoints."""

from __future__ import annotations

from lianyi.journey.codes import JourneyCode
from tests.api.conftest import assert_error
from tests.conftest import make_customer
from tests.journey.test_journey_rules import tomorrow


def test_the_api_takes_a_call_back_time(world, api_client_for):
    customer = make_customer(world, step=1)
    api = api_client_for(world.rep)
    url = f"/customers/{customer.pk}/first-call"
    response = api.post(url, {"outcome": "call_back", "call_back_at": tomorrow(16).isoformat()})
    assert response.status_code == 201, response.content
    assert response.json()["journey"]["next_due_at"] == tomorrow(16).isoformat()
    response = api.post(url, {"outcome": "call_back", "call_back_at": tomorrow(7).isoformat()})
    assert_error(response, 400, JourneyCode.CALL_BACK_IN_QUIET_HOURS)
