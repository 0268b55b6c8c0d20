"""Planning pages: the list, the plan of a gathering, its forms and their refusals."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Gathering
from lianyi.gatherings.services import planning
from tests.conftest import make_customer
from tests.web.conftest import field_codes


def local(value: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_staff_see_the_companys_gatherings(world, login):
    response = login(world.rep).get(reverse("web:gatherings"))
    assert response.status_code == 200
    assert world.gathering.name in response.content.decode()
    assert b'id="gathering-new"' not in response.content


def test_a_supervisor_creates_a_gathering_from_the_form(world, login):
    client = login(world.supervisor)
    start = world.gathering.starts_at + dt.timedelta(days=7)
    response = client.post(
        reverse("web:gathering_new"),
        {
            "name": "新春联谊会",
            "starts_at": local(start),
            "ends_at": local(start + dt.timedelta(hours=3)),
            "venue": "区文化馆",
            "capacity": "80",
        },
    )
    gathering = Gathering.objects.get(name="新春联谊会")
    assert response.status_code == 302
    assert response.url == reverse("web:gathering", args=[gathering.pk])


def test_the_form_shows_a_refusal_next_to_the_field(world, login):
    start = world.gathering.starts_at
    response = login(world.supervisor).post(
        reverse("web:gathering_new"),
        {
            "name": "新春联谊会",
            "starts_at": local(start),
            "ends_at": local(start - dt.timedelta(hours=1)),
            "venue": "区文化馆",
            "capacity": "80",
        },
    )
    assert response.status_code == 400
    assert field_codes(response, "ends_at") == [GatheringCode.ENDS_BEFORE_START]


def test_a_gathering_dated_in_the_past_is_refused_next_to_its_start(world, login):
    start = timezone.now() - dt.timedelta(days=1)
    response = login(world.supervisor).post(
        reverse("web:gathering_new"),
        {
            "name": "昨天的联谊会",
            "starts_at": local(start),
            "ends_at": local(start + dt.timedelta(hours=3)),
            "venue": "区文化馆",
            "capacity": "80",
        },
    )
    assert response.status_code == 400
    assert field_codes(response, "starts_at") == [GatheringCode.STARTS_IN_PAST]
    assert not Gathering.objects.filter(name="昨天的联谊会").exists()


def test_a_rep_cannot_open_the_planning_form(world, login):
    assert login(world.rep).get(reverse("web:gathering_new")).status_code == 404


def test_the_plan_shows_buses_with_headcount_against_seats(world, login):
    bus = planning.add_bus(by=world.admin, gathering_id=world.gathering.pk, name="1号车", seats=30)
    invitation = make_customer(world, step=4).invitations.get()
    planning.assign_bus(by=world.admin, invitation_id=invitation.pk, bus_id=bus.pk)
    planning.add_table(by=world.admin, gathering_id=world.gathering.pk, number=3, seats=10)
    response = login(world.supervisor).get(reverse("web:gathering", args=[world.gathering.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1号车" in html
    assert "2 / 30" in html
    assert 'id="table-' in html


def test_adding_a_table_over_capacity_shows_the_code(world, login):
    world.gathering.capacity = 10
    world.gathering.save(update_fields=["capacity"])
    url = reverse("web:gathering_plan_add", args=[world.gathering.pk, "table"])
    response = login(world.supervisor).post(url, {"table-number": "1", "table-seats": "11"})
    assert response.status_code == 400
    assert field_codes(response, "capacity") + field_codes(response, "__all__") == [
        GatheringCode.CAPACITY_EXCEEDED
    ]


def test_several_tables_and_a_compounds_riders_are_added_from_the_page(world, login):
    gid = world.gathering.pk
    client = login(world.supervisor)
    # three tables of ten in one submit, numbered from 1
    url = reverse("web:gathering_plan_add", args=[gid, "table"])
    response = client.post(url, {"table-count": "3", "table-number": "", "table-seats": "10"})
    assert response.status_code == 302
    assert sorted(world.gathering.tables.values_list("number", flat=True)) == [1, 2, 3]
    # the compound form lists 幸福里 with its waiting households and puts them on the bus
    bus = planning.add_bus(by=world.admin, gathering_id=gid, name="1号车", seats=30)
    invitation = make_customer(world, step=4).invitations.get()
    page = client.get(reverse("web:gathering", args=[gid])).content.decode()
    assert 'id="add-riders_by_compound"' in page and "幸福里小区（1 户未安排）" in page
    response = client.post(
        reverse("web:gathering_plan_add", args=[gid, "riders_by_compound"]),
        {
            "riders_by_compound-compound_id": str(invitation.customer.compound_id),
            "riders_by_compound-stop": f"{bus.pk}:",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.bus_id == bus.pk


def test_adding_and_removing_a_programme_item(world, login):
    client = login(world.supervisor)
    start = world.gathering.starts_at
    url = reverse("web:gathering_plan_add", args=[world.gathering.pk, "programme"])
    response = client.post(
        url,
        {
            "programme-kind": "talk",
            "programme-title": "专家讲座",
            "programme-starts_at": local(start),
            "programme-ends_at": local(start + dt.timedelta(hours=1)),
        },
    )
    assert response.status_code == 302
    item = world.gathering.programme.get()
    remove = reverse("web:gathering_plan_remove", args=[world.gathering.pk, "programme", item.pk])
    assert client.post(remove).status_code == 302
    assert not world.gathering.programme.exists()


def test_a_programme_item_after_midnight_is_shown_with_its_date(world, login):
    # given an evening gathering that runs past midnight, with an item on each day
    start = world.gathering.starts_at.replace(hour=12)  # 20:00 in Shanghai
    gathering = planning.create_gathering(
        by=world.supervisor,
        data=planning.GatheringData(
            name="跨年联谊会",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=5),
            venue="区文化馆",
            venue_address="",
            capacity=80,
            delivery_from=world.gathering.delivery_from,
        ),
    )
    items = [
        planning.add_programme_item(
            by=world.supervisor,
            gathering_id=gathering.pk,
            kind="entertainment",
            title=title,
            starts_at=start + dt.timedelta(hours=hours),
            ends_at=start + dt.timedelta(hours=hours, minutes=30),
        )
        for title, hours in (("合唱", 1), ("倒计时", 4))
    ]
    html = login(world.supervisor).get(reverse("web:gathering", args=[gathering.pk])).content
    page = html.decode()
    # then the item on the next day says which day; the one on the gathering's day needs not
    assert f'id="programme-{items[0].pk}-day"' not in page
    next_day = timezone.localtime(items[1].starts_at).strftime("%Y-%m-%d")
    assert f'<span id="programme-{items[1].pk}-day">{next_day}</span>' in page


def test_a_full_bus_refuses_from_the_page(world, login):
    bus = planning.add_bus(by=world.admin, gathering_id=world.gathering.pk, name="1号车", seats=1)
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:gathering_plan_add", args=[world.gathering.pk, "bus_assign"])
    response = login(world.supervisor).post(
        url, {"bus_assign-invitation_id": str(invitation.pk), "bus_assign-stop": f"{bus.pk}:"}
    )
    assert response.status_code == 400
    assert field_codes(response, "__all__") == [GatheringCode.BUS_FULL]


def test_another_companys_gathering_is_404(world, login):
    response = login(world.outsider_admin).get(reverse("web:gathering", args=[world.gathering.pk]))
    assert response.status_code == 404


def test_the_planning_pages_are_all_english(world):
    from lianyi.gatherings.services.seating import seat_existing_customer
    from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

    bus = planning.add_bus(by=world.admin, gathering_id=world.gathering.pk, name="A", seats=30)
    planning.add_stop(
        by=world.admin,
        gathering_id=world.gathering.pk,
        bus_id=bus.pk,
        position=1,
        name="North gate",
        pickup_at=world.gathering.starts_at - dt.timedelta(hours=1),
    )
    table = planning.add_table(by=world.admin, gathering_id=world.gathering.pk, number=1, seats=9)
    customer = make_customer(world, step=4)
    regular = make_customer(world, step=1, name="刘老师")
    seat_existing_customer(
        by=world.admin, gathering_id=world.gathering.pk, table_id=table.pk, customer_id=regular.pk
    )
    data = [*user_data(world, customer, regular), "李建国"]
    client = english_client(world.supervisor)
    gid = world.gathering.pk
    for url in (
        reverse("web:gatherings"),
        reverse("web:gathering_new"),
        reverse("web:gathering", args=[gid]),
        reverse("web:gathering_edit", args=[gid]),
        reverse("web:gathering_invitations", args=[gid]),
        reverse("web:gathering_seating", args=[gid]),
        reverse("web:gathering_seating_print", args=[gid]),
    ):
        assert_english(client.get(url), data)


def test_the_more_page_links_to_the_gatherings(world, login):
    response = login(world.rep).get(reverse("web:more"))
    assert reverse("web:gatherings").encode() in response.content
