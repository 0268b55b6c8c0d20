"""Engagement through the API."""

from __future__ import annotations

from tests.api.conftest import assert_error
from tests.conftest import World, make_customer
from tests.gatherings.door import admit


def test_a_rep_sets_signals_and_lists_their_households(world: World, api_client_for) -> None:  # type: ignore[no-untyped-def]
    invitation = admit(
        make_customer(world, step=5), by=world.event_staff, gathering=world.gathering
    )
    api = api_client_for(world.rep)
    response = api.post(
        f"/invitations/{invitation.pk}/engagement", {"signals": ["asked_questions", "listened"]}
    )
    assert response.status_code == 200
    assert response.json()["signals"] == ["listened", "asked_questions"]
    rows = api.get(f"/gatherings/{world.gathering.pk}/engagement").json()
    assert [r["invitation_id"] for r in rows] == [invitation.pk]
    bad = api.post(f"/invitations/{invitation.pk}/engagement", {"signals": ["rich"]})
    assert_error(bad, 400, "gatherings.engagement_signal_unknown")
    other = api_client_for(world.rep_same_team)
    assert_error(
        other.post(f"/invitations/{invitation.pk}/engagement", {"signals": []}), 404, "not_found"
    )
