"""Seating pages: tables with households and existing customers, refusals and the print list."""

from __future__ import annotations

from django.urls import reverse

from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.seating import seat_existing_customer, seat_household
from tests.conftest import make_customer
from tests.web.conftest import field_codes


def table(world, seats: int):
    return planning.add_table(
        by=world.admin, gathering_id=world.gathering.pk, number=1, seats=seats
    )


def test_seating_a_household_from_the_page(world, login):
    t = table(world, seats=8)
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:gathering_seat", args=[world.gathering.pk, "household"])
    response = login(world.supervisor).post(
        url, {"household-table_id": str(t.pk), "household-invitation_id": str(invitation.pk)}
    )
    assert response.status_code == 302
    assert t.seated.get().invitation == invitation


def test_a_full_table_shows_the_code(world, login):
    t = table(world, seats=1)
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:gathering_seat", args=[world.gathering.pk, "household"])
    response = login(world.supervisor).post(
        url, {"household-table_id": str(t.pk), "household-invitation_id": str(invitation.pk)}
    )
    assert response.status_code == 400
    assert field_codes(response, "table_id") == [GatheringCode.TABLE_FULL]


def test_the_printed_seating_list_introduces_existing_customers(world, login):
    t = table(world, seats=8)
    regular = make_customer(world, step=1, name="刘老师")
    seat_existing_customer(
        by=world.admin, gathering_id=world.gathering.pk, table_id=t.pk, customer_id=regular.pk
    )
    response = login(world.supervisor).get(
        reverse("web:gathering_seating_print", args=[world.gathering.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "刘老师" in html
    assert "老顾客" in html
    assert "@media print" in html


def test_a_rep_sees_their_households_and_only_the_count_of_the_rest_but_cannot_seat(world, login):
    t = table(world, seats=8)
    invitation = make_customer(world, step=4).invitations.get()
    mine = make_customer(world, step=4, name="欧阳英").invitations.get()
    theirs = make_customer(world, owner=world.rep_other_team, step=4, name="王秀英")
    for seated in (mine, theirs.invitations.get()):
        seat_household(
            by=world.admin, gathering_id=world.gathering.pk, table_id=t.pk, invitation_id=seated.pk
        )
    client = login(world.rep)
    page = client.get(reverse("web:gathering_seating", args=[world.gathering.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "欧阳英" in html and "王秀英" not in html
    assert f'id="table-{t.pk}-others"' in html
    hidden = theirs.invitations.get().seat
    assert f'id="seat-{hidden.pk}"' not in html  # not even its id
    url = reverse("web:gathering_seat", args=[world.gathering.pk, "household"])
    response = client.post(
        url, {"household-table_id": str(t.pk), "household-invitation_id": str(invitation.pk)}
    )
    assert response.status_code == 404


def test_the_seating_list_prints_one_table_per_page_on_request(world, login):
    table(world, seats=8)
    url = reverse("web:gathering_seating_print", args=[world.gathering.pk])
    client = login(world.supervisor)
    assert b'class="per-page"' not in client.get(url).content
    assert b'class="per-page"' in client.get(url, {"per_page": "1"}).content
