"""送函路线 page: plan a day, see each rep's ordered stops with map links, move a stop."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.urls import reverse

from lianyi.gatherings.models import DeliveryPlan, RouteStop
from lianyi.gatherings.services import routes as route_services
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401

FAST = mock.patch.object(route_services, "SEARCH_SECONDS", 0.3)


def url(world, day):  # type: ignore[no-untyped-def]
    return f"{reverse('web:gathering_routes', args=[world.gathering.pk])}?day={day}"


def test_supervisor_plans_a_day_and_sees_each_reps_stops_with_map_links(
    world,
    login,
    delivery_day,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    client = login(world.supervisor)
    assert 'id="routes-empty"' in client.get(url(world, delivery_day)).content.decode()

    with FAST, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world, delivery_day), {"day": delivery_day.isoformat(), "reps": [world.rep.pk]}
        )
    # the page went at once to the job's progress page, which leads to the routes when done
    assert response["Location"].startswith("/jobs/")
    response = client.get(response["Location"], follow=True)

    content = response.content.decode()
    invitation = customer.invitations.get()
    assert f'id="stop-{invitation.pk}"' in content
    assert "https://uri.amap.com/marker?position=120.16" in content
    assert "张阿姨" in content
    assert DeliveryPlan.objects.filter(gathering=world.gathering, day=delivery_day).count() == 1


def test_a_refusal_is_shown_next_to_the_field(world, login, delivery_day):  # noqa: F811
    response = login(world.supervisor).post(
        url(world, delivery_day), {"day": delivery_day.isoformat(), "reps": [world.rep.pk]}
    )
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["day"]] == ["gatherings.routes_nothing_to_deliver"]
    assert not DeliveryPlan.objects.exists()


def test_each_rep_sees_only_their_own_route_and_no_planning_form(world, login, delivery_day):  # noqa: F811
    invited(world, delivery_day, name="张桂兰", where=("30.28", "120.16"))
    invited(
        world, delivery_day, owner=world.rep_same_team, name="王秀英", where=("30.21", "120.10")
    )
    route_services.plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk, world.rep_same_team.pk],
        seconds=0.3,
    )
    stops = list(RouteStop.objects.filter(plan=DeliveryPlan.objects.get()))
    for rep in (world.rep, world.rep_same_team):
        content = login(rep).get(url(world, delivery_day)).content.decode()
        assert 'id="plan-form"' not in content
        for stop in stops:
            assert (f'id="stop-{stop.invitation_id}"' in content) == (stop.rep_id == rep.pk)


def test_moving_a_stop_replans(world, login, delivery_day, django_capture_on_commit_callbacks):  # noqa: F811
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    route_services.plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    plan = DeliveryPlan.objects.get()
    invitation = customer.invitations.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.supervisor).post(
            reverse("web:gathering_route_move", args=[world.gathering.pk, plan.pk]),
            {"invitation": invitation.pk, "to_rep": world.rep_same_team.pk, "day": delivery_day},
        )
    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    newest = DeliveryPlan.objects.order_by("-id").first()
    assert newest.pk != plan.pk
    assert RouteStop.objects.get(plan=newest, invitation=invitation).rep == world.rep_same_team


def test_another_companys_admin_gets_404(world, login, delivery_day):  # noqa: F811
    assert login(world.outsider_admin).get(url(world, delivery_day)).status_code == 404
    assert login(world.rep).get(reverse("web:gathering_routes", args=[999_999])).status_code == 404
    _ = dt


def test_the_routes_page_is_english_when_asked(world, delivery_day):  # noqa: F811
    from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    nowhere = invited(world, delivery_day, name="钱玉梅", compound=False)
    route_services.plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    response = english_client(world.supervisor).get(url(world, delivery_day))
    data = [*user_data(world, customer, nowhere), world.gathering.name, world.gathering.venue]
    html = assert_english(response, data)
    assert "Delivery routes" in html and "No location" in html


def plan_for(world, day, reps):  # type: ignore[no-untyped-def]
    return route_services.plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=day,
        rep_ids=[r.pk for r in reps],
        seconds=0.3,
    )


def test_a_rep_with_no_day_lands_on_the_next_day_with_their_route_and_sees_its_days(
    world,
    login,
    delivery_day,  # noqa: F811
):
    later = delivery_day + dt.timedelta(days=1)
    first = invited(world, delivery_day, name="张桂兰", where=("30.28", "120.16"))
    second = invited(world, later, name="王秀英", where=("30.29", "120.17"))
    plan_for(world, delivery_day, [world.rep])
    plan_for(world, later, [world.rep])
    response = login(world.rep).get(reverse("web:gathering_routes", args=[world.gathering.pk]))
    content = response.content.decode()
    assert response.context["day"] == delivery_day
    assert f'id="stop-{first.invitations.get().pk}"' in content
    assert f'id="stop-{second.invitations.get().pk}"' not in content
    assert response.context["days"] == [delivery_day, later]
    assert f'href="?day={later.isoformat()}"' in content


def test_a_rep_with_no_day_sees_todays_route_first(world, login, delivery_day):  # noqa: F811
    import time_machine
    from django.utils import timezone

    from tests.conftest import at_local

    later = delivery_day + dt.timedelta(days=1)
    today = invited(world, delivery_day, name="张桂兰", where=("30.28", "120.16"))
    invited(world, later, name="王秀英", where=("30.29", "120.17"))
    plan_for(world, delivery_day, [world.rep])
    plan_for(world, later, [world.rep])
    # on the delivery day, early (still the day before in UTC) and later in the morning
    for hour in (7, 10):
        with time_machine.travel(at_local(delivery_day, hour), tick=False):
            assert (timezone.now().date() < delivery_day) == (hour < 8)
            response = login(world.rep).get(
                reverse("web:gathering_routes", args=[world.gathering.pk])
            )
        assert response.context["day"] == delivery_day, hour
        assert f'id="stop-{today.invitations.get().pk}"' in response.content.decode()


def test_a_rep_is_offered_only_the_days_where_the_latest_plan_gives_them_stops(
    world,
    login,
    delivery_day,  # noqa: F811
):
    later = delivery_day + dt.timedelta(days=1)
    invited(world, delivery_day, name="张桂兰", where=("30.28", "120.16"))
    invited(world, later, name="王秀英", where=("30.29", "120.17"))
    plan_for(world, delivery_day, [world.rep])
    plan_for(world, later, [world.rep])
    plan_for(world, later, [world.rep_same_team])  # re-planned: the day went to a colleague
    response = login(world.rep).get(reverse("web:gathering_routes", args=[world.gathering.pk]))
    assert response.context["days"] == [delivery_day]
    colleague = login(world.rep_same_team).get(
        reverse("web:gathering_routes", args=[world.gathering.pk])
    )
    assert colleague.context["days"] == [later]
    assert colleague.context["day"] == later
    supervisor = login(world.supervisor).get(
        reverse("web:gathering_routes", args=[world.gathering.pk])
    )
    assert supervisor.context["days"] == [delivery_day, later]


def test_the_day_field_holds_an_iso_date_in_chinese_and_in_english(world, delivery_day):  # noqa: F811
    from django.test import Client

    for language in ("zh-CN,zh;q=0.9", "en"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(world.supervisor)
        content = client.get(url(world, delivery_day)).content.decode()
        assert f'value="{delivery_day.isoformat()}"' in content, language
