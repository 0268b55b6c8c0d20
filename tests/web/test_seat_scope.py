"""The seat scope on the pages: another team's seat answers 404 like a missing one; the seating
page and its print page name only the guests the reader may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.gatherings.models import Seat
from tests.gatherings.seats import EVERYONE, READERS, REMOVERS, make_hall, seat_of


@pytest.mark.parametrize(("role", "allowed"), REMOVERS.items())
def test_the_page_answers_another_teams_seat_like_a_missing_one(world, login, role, allowed):
    placed = seat_of(world, "existing")
    client = login(getattr(world, role))
    url = reverse("web:gathering_seat_remove", args=[world.gathering.pk, placed.pk])
    response = client.post(url)
    assert response.status_code == (302 if allowed else 404)
    assert Seat.objects.filter(pk=placed.pk).exists() is not allowed


@pytest.mark.parametrize("page", ["web:gathering_seating", "web:gathering_seating_print"])
@pytest.mark.parametrize(("reader", "owners"), READERS)
def test_the_seating_pages_name_only_the_guests_the_reader_may_see(
    world, login, page, reader, owners
):
    hall = make_hall(world)
    response = login(getattr(world, reader)).get(reverse(page, args=[world.gathering.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for owner in EVERYONE:
        assert (hall.names[owner] in html) is (owner in owners), owner
    if owners != EVERYONE:
        assert "位其他专员的客人" in html


def test_removing_a_table_with_another_teams_guests_says_why_on_the_page(world, login):
    table = seat_of(world, "household").table
    client = login(world.supervisor_other_team)
    url = reverse("web:gathering_plan_remove", args=[world.gathering.pk, "table", table.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "其他专员的客人" in response.content.decode()
    assert Seat.objects.filter(table=table).exists()
