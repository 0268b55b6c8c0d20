"""Engagement page: a rep's checked-in households with toggles; the signals reach the
customer page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.gatherings.models import Engagement, Invitation
from tests.conftest import World, make_customer
from tests.gatherings.door import admit


def admitted(world: World, owner=None) -> Invitation:  # type: ignore[no-untyped-def]
    customer = make_customer(world, step=5, owner=owner or world.rep)
    return admit(customer, by=world.event_staff, gathering=world.gathering)


def test_a_tap_by_htmx_switches_a_signal_and_returns_the_row(world: World, login) -> None:  # type: ignore[no-untyped-def]
    invitation = admitted(world)
    client = login(world.rep)
    page = client.get(reverse("web:engagement", args=[world.gathering.pk]))
    assert f'id="household-{invitation.pk}"' in page.content.decode()
    url = reverse("web:engagement_toggle", args=[invitation.pk])
    response = client.post(url, {"signal": "listened", "on": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<li")
    assert 'aria-pressed="true" data-signal="listened"' in html
    assert Engagement.objects.get().signals == ["listened"]
    client.post(url, {"signal": "listened", "on": "0"}, HTTP_HX_REQUEST="true")
    assert Engagement.objects.get().signals == []


def test_without_javascript_a_tap_posts_and_comes_back(world: World, login) -> None:  # type: ignore[no-untyped-def]
    invitation = admitted(world)
    response = login(world.rep).post(
        reverse("web:engagement_toggle", args=[invitation.pk]),
        {"signal": "tried_product", "on": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:engagement", args=[world.gathering.pk])


def test_another_reps_household_is_404(world: World, login) -> None:  # type: ignore[no-untyped-def]
    invitation = admitted(world, owner=world.rep_same_team)
    response = login(world.rep).post(
        reverse("web:engagement_toggle", args=[invitation.pk]), {"signal": "listened", "on": "1"}
    )
    assert response.status_code == 404 and not Engagement.objects.exists()


def test_an_unknown_signal_shows_its_code_in_the_row(world: World, login) -> None:  # type: ignore[no-untyped-def]
    invitation = admitted(world)
    response = login(world.rep).post(
        reverse("web:engagement_toggle", args=[invitation.pk]),
        {"signal": "rich", "on": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-code="gatherings.engagement_signal_unknown"' in response.content.decode()


def test_the_signals_show_on_the_customer_page(world: World, login) -> None:  # type: ignore[no-untyped-def]
    invitation = admitted(world)
    client = login(world.rep)
    client.post(
        reverse("web:engagement_toggle", args=[invitation.pk]),
        {"signal": "asks_after_sales", "on": "1"},
    )
    html = client.get(reverse("web:customer", args=[invitation.customer_id])).content.decode()
    assert 'id="engagements"' in html and "问售后服务" in html


def test_the_list_query_count_does_not_grow_with_households(world: World, login) -> None:  # type: ignore[no-untyped-def]
    admitted(world)
    client = login(world.rep)
    url = reverse("web:engagement", args=[world.gathering.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        admitted(world)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="card" id="household-') == 5
    assert len(many) == len(few)


def test_managers_cannot_open_the_engagement_page(world: World, login) -> None:  # type: ignore[no-untyped-def]
    assert (
        login(world.manager).get(reverse("web:engagement", args=[world.gathering.pk])).status_code
        == 404
    )


def test_the_supervisor_sees_the_teams_households_with_their_rep(world: World, login) -> None:  # type: ignore[no-untyped-def]
    admitted(world)
    admitted(world, owner=world.rep_same_team)
    html = login(world.supervisor).get(reverse("web:engagement", args=[world.gathering.pk]))
    page = html.content.decode()
    assert page.count('class="card" id="household-') == 2
    for rep in (world.rep, world.rep_same_team):
        assert f" · {rep}</span>" in page
