"""编辑资料 from the customer page: prefilled, saved, refusals next to their field."""

from __future__ import annotations

import pytest

from lianyi.customers.codes import CustomerCode
from tests.conftest import make_customer
from tests.web.conftest import field_codes

pytestmark = pytest.mark.django_db


def form_data(customer, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "name": customer.name,
        "sex": customer.sex,
        "birth_year": str(customer.birth_year or ""),
        "mobile": customer.mobile or "",
        "landline": "",
        "district": customer.district,
        "compound": customer.compound.name if customer.compound else "",
        "work_unit": "",
        "building": customer.building,
        "companion_name": customer.companion_name,
        "companion_sex": customer.companion_sex,
    }
    data.update(overrides)
    return data


def test_the_customer_page_links_to_the_prefilled_edit_form(world, login):
    customer = make_customer(world, step=0, name="张桂兰")
    client = login(world.rep)

    page = client.get(f"/customers/{customer.pk}/")
    assert f'href="/customers/{customer.pk}/edit/"' in page.content.decode()

    form = client.get(f"/customers/{customer.pk}/edit/")
    assert form.status_code == 200
    assert form.context["form"]["name"].value() == "张桂兰"


def test_saving_the_form_changes_the_customer_and_returns_to_the_page(world, login):
    customer = make_customer(world, step=0)
    client = login(world.supervisor)

    response = client.post(
        f"/customers/{customer.pk}/edit/", form_data(customer, building="5号楼302")
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.building == "5号楼302"


def test_a_duplicate_mobile_is_shown_next_to_the_mobile_field_keeping_what_was_typed(world, login):
    make_customer(world, owner=world.rep_other_team, step=0, mobile="13900009999")
    customer = make_customer(world, step=0)
    client = login(world.rep)

    response = client.post(
        f"/customers/{customer.pk}/edit/",
        form_data(customer, mobile="139 0000 9999", building="5号楼302"),
    )

    assert response.status_code == 200
    assert field_codes(response, "mobile") == [CustomerCode.DUPLICATE_MOBILE]
    assert response.context["form"]["building"].value() == "5号楼302"
    customer.refresh_from_db()
    assert customer.building == "3号楼2单元501"


def test_another_reps_customer_edit_page_is_404(world, login):
    customer = make_customer(world, owner=world.rep_same_team, step=0)
    client = login(world.rep)

    assert client.get(f"/customers/{customer.pk}/edit/").status_code == 404
    assert client.post(f"/customers/{customer.pk}/edit/", {"name": "x"}).status_code == 404


def test_customer_service_sees_no_edit_link_and_gets_404(world, login):
    customer = make_customer(world, step=0)
    client = login(world.service)

    page = client.get(f"/customers/{customer.pk}/")
    assert "/edit/" not in page.content.decode()
    assert client.get(f"/customers/{customer.pk}/edit/").status_code == 404
