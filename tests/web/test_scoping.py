"""Every page that takes an id: out of scope answers exactly like missing (the same 404 page,
no data); anonymous users are sent to the login; the people concerned get the page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from lianyi.core.errors import Conflict
from lianyi.customers.models import Claim
from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from tests.conftest import make_customer

NAME = "欧阳秀英"


@dataclass(frozen=True)
class IdPage:
    url_name: str
    method: str
    allowed: str  # the World attribute of a user who may use the page
    allowed_status: int
    on_claim: bool = False


PAGES = [
    IdPage("web:customer", "get", "rep", 200),
    IdPage("web:health_notes", "get", "rep", 200),
    IdPage("web:record_stand_note", "get", "rep", 200),
    IdPage("web:record_first_call", "get", "rep", 200),
    IdPage("web:record_first_visit", "get", "rep", 200),
    IdPage("web:record_second_call", "get", "rep", 200),
    IdPage("web:record_second_visit", "get", "rep", 200),
    IdPage("web:edit_customer", "get", "supervisor", 200),
    IdPage("web:vip_profile", "get", "rep", 200),
    IdPage("web:reassign", "post", "supervisor", 200),
    IdPage("web:withdraw_consent", "post", "rep", 302),
    IdPage("web:resolve_claim", "post", "supervisor", 302, on_claim=True),
]
IDS = [p.url_name.split(":")[1] for p in PAGES]


@pytest.fixture
def target(world):  # type: ignore[no-untyped-def]
    customer = make_customer(world, step=1, name=NAME, mobile="13700001234")
    with pytest.raises(Conflict):
        register_customer(
            by=world.rep_same_team,
            data=Registration(
                name=NAME,
                sex="F",
                phone="137 0000 1234",
                consent_items=["contact", "profile"],
                stand_id=world.stand.pk,
            ),
        )
    return customer, Claim.objects.get(customer=customer)


def main_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's content, without the per-request CSRF token and path in the chrome."""
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")]


def url_for(page: IdPage, target) -> str:  # type: ignore[no-untyped-def]
    customer, claim = target
    return reverse(page.url_name, args=[claim.pk if page.on_claim else customer.pk])


def call(client, page: IdPage, url: str):  # type: ignore[no-untyped-def]
    data = {"decision": "keep"} if page.on_claim else {}
    return client.post(url, data) if page.method == "post" else client.get(url)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
@pytest.mark.parametrize("outsider", ["rep_other_team", "supervisor_other_team", "outsider_admin"])
def test_out_of_scope_users_get_the_same_404_as_a_missing_id(world, login, target, page, outsider):
    client = login(getattr(world, outsider))
    response = call(client, page, url_for(page, target))
    assert response.status_code == 404
    assert NAME not in response.content.decode()
    missing = call(client, page, reverse(page.url_name, args=[999_999]))
    assert missing.status_code == 404
    assert main_of(response) == main_of(missing)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_the_login(client, world, target, page):
    response = call(client, page, url_for(page, target))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_people_concerned_get_the_page(world, login, target, page):
    client = login(getattr(world, page.allowed))
    response = call(client, page, url_for(page, target))
    assert response.status_code == page.allowed_status


def test_list_pages_show_only_in_scope_rows(world, login, target):
    client = login(world.rep_other_team)
    for name in ("web:today", "web:customers"):
        assert NAME not in client.get(reverse(name)).content.decode()
    assert NAME not in client.get(reverse("web:customers"), {"q": "oyxy"}).content.decode()
