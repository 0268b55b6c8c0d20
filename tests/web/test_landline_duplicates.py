"""撞单 by landline on the registration page: a landline typed another way is the same
customer's, and one without its area code is refused next to the field."""

from __future__ import annotations

from django.urls import reverse

from lianyi.customers.models import Claim, Customer
from tests.web.conftest import field_codes
from tests.web.test_customers import registration


def test_a_landline_registered_by_another_team_in_another_format_opens_a_claim(world, login):
    client = login(world.rep)
    assert client.post(reverse("web:register"), registration(world, mobile="021-6234 5678"))
    first = Customer.objects.get()
    assert first.landline == "+862162345678"

    response = login(world.rep_other_team).post(
        reverse("web:register"), registration(world, mobile="(021) 62345678")
    )
    assert response.status_code == 200
    assert field_codes(response, "mobile") == ["customers.duplicate_mobile"]
    assert 'id="id_mobile_error"' in response.content.decode()
    assert list(Customer.objects.all()) == [first]
    assert Claim.objects.get().claimant == world.rep_other_team


def test_a_landline_without_area_code_is_refused_next_to_the_field(world, login):
    response = login(world.rep).post(
        reverse("web:register"), registration(world, mobile="6234 5678")
    )
    assert response.status_code == 200
    assert field_codes(response, "mobile") == ["customers.area_code_required"]
    assert "区号" in response.content.decode()
    assert not Customer.objects.exists()


def test_search_finds_a_landline_typed_any_way(world, login):
    login(world.rep).post(reverse("web:register"), registration(world, mobile="02162345678"))
    for typed in ("021-6234 5678", "(021) 62345678", "+86 21 6234 5678", "（021）62345678"):
        response = login(world.rep).get(reverse("web:customers"), {"q": typed})
        assert "张桂兰" in response.content.decode(), typed
