"""Data-collection stands: an administrator creates, edits, opens and closes them; registration
(service, page and API) accepts only an open stand of the user's own company."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Customer, Stand
from lianyi.customers.selectors import stands_for
from lianyi.customers.stands import close_stand, create_stand, open_stand, update_stand
from lianyi.journey.services import register_customer
from tests.conftest import next_mobile
from tests.customers.registrations import registration
from tests.factories import StandFactory


def test_an_administrator_creates_a_stand_and_it_is_audited(world):
    stand = create_stand(
        by=world.admin, name="春季义诊", place="和平里社区广场", held_on=timezone.localdate()
    )
    assert stand.company == world.company
    assert stand.is_open
    entry = AuditEntry.objects.get(action="customers.stand.created")
    assert entry.object_id == str(stand.pk)
    assert entry.data["name"] == "春季义诊"


def test_editing_a_stand_audits_old_and_new_values(world):
    update_stand(
        by=world.admin,
        stand_id=world.stand.pk,
        name="新名称",
        place=world.stand.place,
        held_on=world.stand.held_on,
    )
    entry = AuditEntry.objects.get(action="customers.stand.updated")
    assert entry.changes == {"name": ["幸福里社区健康咨询点", "新名称"]}


@pytest.mark.parametrize(
    ("field", "values", "code"),
    [
        ("name", {"name": " "}, CoreCode.REQUIRED),
        ("name", {"name": "名" * 101}, CoreCode.TEXT_TOO_LONG),
        ("place", {"place": ""}, CoreCode.REQUIRED),
        ("held_on", {"held_on": None}, CustomerCode.STAND_DATE_INVALID),
        ("held_on", {"held_on": dt.date(1, 1, 1)}, CustomerCode.STAND_DATE_INVALID),
        ("held_on", {"held_on": dt.date(9999, 12, 31)}, CustomerCode.STAND_DATE_INVALID),
    ],
)
def test_a_stand_needs_a_name_a_place_and_a_sane_date(world, field, values, code):
    given = {"name": "春季义诊", "place": "广场", "held_on": timezone.localdate(), **values}
    with pytest.raises(DomainError) as error:
        create_stand(by=world.admin, **given)
    assert (error.value.code, error.value.extra["field"]) == (code, field)
    assert Stand.objects.count() == 1  # only the world's


@pytest.mark.parametrize("who", ["rep", "supervisor", "manager"])
def test_only_an_administrator_opens_and_closes_stands(world, who):
    with pytest.raises(DomainError) as error:
        close_stand(by=getattr(world, who), stand_id=world.stand.pk)
    assert error.value.code == CoreCode.FORBIDDEN
    assert Stand.objects.get(pk=world.stand.pk).is_open


def test_another_companys_stand_answers_not_found(world):
    with pytest.raises(DomainError) as error:
        close_stand(by=world.outsider_admin, stand_id=world.stand.pk)
    assert error.value.code == CoreCode.NOT_FOUND


def test_a_closed_stand_is_refused_at_registration_and_offered_no_more(world):
    # given the stand is closed
    close_stand(by=world.admin, stand_id=world.stand.pk)
    # then registration refuses it, writes nothing, and the form no longer offers it
    with pytest.raises(DomainError) as error:
        register_customer(by=world.rep, data=registration(world))
    assert error.value.code == CustomerCode.STAND_CLOSED
    assert error.value.extra["field"] == "stand_id"
    assert not Customer.objects.exists()
    assert list(stands_for(user=world.rep)) == []
    # and opening it again lets the rep register there
    open_stand(by=world.admin, stand_id=world.stand.pk)
    customer = register_customer(by=world.rep, data=registration(world))
    assert customer.stand == world.stand
    actions = list(
        AuditEntry.objects.filter(action__startswith="customers.stand.")
        .order_by("id")
        .values_list("action", "changes")
    )
    assert actions == [
        ("customers.stand.closed", {"is_open": [True, False]}),
        ("customers.stand.opened", {"is_open": [False, True]}),
    ]


def test_an_unknown_stand_is_refused_as_closed(world):
    with pytest.raises(DomainError) as error:
        register_customer(by=world.rep, data=registration(world, stand_id=999_999))
    assert error.value.code == CustomerCode.STAND_CLOSED


def test_registration_offers_only_the_open_stands_of_the_users_company(world):
    closed = StandFactory(company=world.company, is_open=False)
    StandFactory()  # another company's
    assert set(stands_for(user=world.rep)) == {world.stand}
    assert closed not in stands_for(user=world.rep)


def test_the_api_refuses_a_closed_stand_with_its_code(world, client):
    close_stand(by=world.admin, stand_id=world.stand.pk)
    client.force_login(world.rep)
    response = client.post(
        "/api/customers",
        {
            "name": "王秀英",
            "sex": "F",
            "phone": next_mobile(),
            "consent_items": ["contact", "profile"],
            "stand_id": world.stand.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "customers.stand_closed"
    assert not Customer.objects.exists()


def test_the_register_page_offers_only_open_stands_and_refuses_a_closed_one(world, client):
    closed = StandFactory(company=world.company, name="上月的收集点", is_open=False)
    client.force_login(world.rep)
    page = client.get("/customers/new/")
    offered = [value for value, _label in page.context["form"].fields["stand_id"].choices]
    assert offered == ["", world.stand.pk]
    # a POST naming the closed stand (an old tab, a hand-made request) is refused next to it
    response = client.post(
        "/customers/new/",
        {
            "source": "stand",
            "name": "王秀英",
            "sex": "F",
            "mobile": next_mobile(),
            "consent_items": ["contact", "profile"],
            "stand_id": closed.pk,
        },
    )
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["stand_id"]]
    assert codes == [CustomerCode.STAND_CLOSED]
    assert not Customer.objects.exists()


def test_the_api_offers_only_the_open_stands_of_the_users_company(world, client):
    closed = StandFactory(company=world.company, is_open=False)
    StandFactory()  # another company's, open
    client.force_login(world.rep)
    response = client.get("/api/stands")
    assert response.status_code == 200
    assert [s["id"] for s in response.json()] == [world.stand.pk]
    assert closed.pk not in [s["id"] for s in response.json()]
    client.force_login(world.event_staff)  # no registration, no list
    assert client.get("/api/stands").json()["code"] == "forbidden"
