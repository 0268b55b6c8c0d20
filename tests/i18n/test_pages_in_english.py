"""In English, the pages show no Chinese but the user's own data: proof the catalogue is complete.

Every visible text and every user-facing attribute (placeholder, aria-label, title, alt,
data-label, button values) is collected; the customer's, the company's and the people's own
names are removed; what is left must hold no CJK character. The language menu's "简体中文"
is the one Chinese word an English page shows on purpose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lianyi.core.errors import Conflict
from lianyi.core.models import AuditEntry
from lianyi.customers.models import Customer
from lianyi.customers.names import surname_latin, surname_of
from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from tests.conftest import World, make_customer

# Han ideographs, CJK symbols and punctuation (、。「」), full-width forms (，：（）).
CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
USER_FACING_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt", "data-label"}
LANGUAGE_NAME = "简体中文"


class VisibleText(HTMLParser):
    """Text a user can see or hear: text nodes outside script/style, labelling attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden_depth += 1
        values = dict(attrs)
        self.parts += [v for k, v in attrs if k in USER_FACING_ATTRIBUTES and v]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data)


def user_data(world: World, *customers: Customer) -> list[str]:
    """What users typed: customers, places, the org tree's and the people's names."""
    values = [world.company.name, world.stand.name, world.stand.place]
    values += [world.gathering.name, world.gathering.venue]
    for customer in customers:
        values += [customer.name, surname_of(customer.name), customer.district]
        values += [customer.building, customer.companion_name]
        for place in (customer.compound, customer.work_unit):
            values += [place.name, place.district] if place else []
    for user in (world.rep, world.supervisor, world.admin):
        values += [user.display_name, user.get_full_name()]
        if user.team:
            values += [user.team.name, user.team.department.name]
        if user.department:
            values.append(user.department.name)
    return sorted({v for v in values if v}, key=len, reverse=True)


def chinese_left(html: str, data: list[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in [*data, LANGUAGE_NAME]:
        text = text.replace(value, " ")
    return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})


def english_client(user: Any = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def assert_english(response: Any, data: list[str]) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert chinese_left(html, data) == []
    return html


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def customers(world: World) -> dict[int, Customer]:
    """One customer at each step a page cares about: stand done, first visit to do, ...
    and one whose invitation is delivered (the fullest timeline)."""
    return {
        step: make_customer(world, step=step, name=name, sex=sex)
        for step, name, sex in [
            (1, "张桂兰", "F"),
            (2, "李建华", "M"),
            (3, "王秀英", "F"),
            (4, "赵德明", "M"),
            (5, "欧阳玉梅", "F"),
        ]
    }


def test_the_check_finds_chinese_that_is_not_user_data():
    html = '<html lang="en"><p title="提示">Hello 张桂兰</p><p>Quiet hours：now</p></html>'
    assert chinese_left(html, ["张桂兰"]) == ["Quiet hours：now", "提示"]


def test_the_english_catalogue_is_loaded():
    with translation.override("en"):
        assert translation.gettext("今日") == "Today"


@pytest.mark.parametrize(
    "page",
    ["web:today", "web:customers", "web:register", "web:more"],
)
def test_the_main_pages_are_all_english(world, customers, page):
    response = english_client(world.rep).get(reverse(page))
    assert_english(response, user_data(world, *customers.values()))


def test_today_lists_due_customers_in_english(world, customers):
    html = assert_english(
        english_client(world.rep).get(reverse("web:today")),
        user_data(world, *customers.values()),
    )
    assert 'data-role="record"' in html  # the cards (with their buttons) are on the page


def test_customer_search_results_are_english(world, customers):
    client = english_client(world.rep)
    data = user_data(world, *customers.values())
    assert_english(client.get(reverse("web:customers"), {"q": "zgl"}), data)
    assert_english(client.get(reverse("web:customers"), {"q": "nobody-matches"}), data)


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_the_customer_page_is_english_at_every_step(world, customers, step):
    customer = customers[step]
    response = english_client(world.rep).get(reverse("web:customer", args=[customer.pk]))
    html = assert_english(response, user_data(world, customer))
    latin = surname_latin(surname_of(customer.name))
    assert f"Mr {latin}" in html or f"Mrs {latin}" in html


def test_the_english_polite_address_spells_the_surname_in_pinyin(world):
    zhao = make_customer(world, step=1, name="赵芳", sex="F")
    html = english_client(world.rep).get(reverse("web:customer", args=[zhao.pk])).content.decode()
    assert "Mrs Zhao" in html
    assert "Mrs 赵" not in html


@pytest.mark.parametrize(
    ("route", "step"),
    [
        ("web:record_stand_note", 0),
        ("web:record_first_call", 1),
        ("web:record_first_visit", 2),
        ("web:record_second_call", 3),
        ("web:record_second_visit", 4),
    ],
)
def test_the_record_forms_are_english(world, customers, route, step):
    customer = customers[step] if step else make_customer(world, step=0, name="孙淑珍")
    response = english_client(world.rep).get(reverse(route, args=[customer.pk]))
    assert_english(response, user_data(world, customer))


def test_a_refused_first_call_shows_its_errors_in_english(world, customers):
    customer = customers[1]
    response = english_client(world.rep).post(
        reverse("web:record_first_call", args=[customer.pk]), {"outcome": ""}
    )
    assert_english(response, user_data(world, customer))
    assert response.context["form"].errors


REGISTRATION = {
    "source": "stand",
    "name": "周美华",
    "sex": "F",
    "mobile": "13912345678",
    "consent_items": ["contact", "profile"],
}


def test_registering_in_english_confirms_in_english(world, customers):
    response = english_client(world.rep).post(
        reverse("web:register"), {**REGISTRATION, "stand_id": world.stand.pk}, follow=True
    )
    assert response.redirect_chain, "the registration was refused"
    assert_english(response, [*user_data(world, *customers.values()), "周美华", "周"])


def test_a_refused_registration_explains_in_english(world, customers):
    data = {**REGISTRATION, "stand_id": world.stand.pk, "consent_items": [], "mobile": "12"}
    response = english_client(world.rep).post(reverse("web:register"), data)
    assert_english(response, [*user_data(world, *customers.values()), "周美华", "周"])
    assert response.context["form"].errors


def test_the_supervisor_and_admin_pages_are_english(world, customers):
    data = user_data(world, *customers.values())
    assert_english(english_client(world.supervisor).get(reverse("web:claims")), data)
    assert_english(english_client(world.supervisor).get(reverse("web:more")), data)
    # an audit entry keeps the object's name as it was written: a snapshot, like user data
    snapshots = list(AuditEntry.objects.values_list("object_repr", flat=True))
    assert_english(english_client(world.admin).get(reverse("web:audit")), snapshots + data)


def test_the_login_page_is_english(world):
    assert_english(english_client().get(reverse("web:login")), [])


def test_a_failed_login_is_english(world):
    response = english_client().post(reverse("web:login"), {"username": "rep_a", "password": "x"})
    assert_english(response, [])


def test_the_not_found_page_is_english(world):
    response = english_client(world.rep).get(reverse("web:customer", args=[424242]))
    assert response.status_code == 404
    assert chinese_left(response.content.decode(), user_data(world)) == []


def test_without_the_cookie_the_pages_stay_chinese(world, customers):
    html = Client()
    html.force_login(world.rep)
    content = html.get(reverse("web:today")).content.decode()
    assert '<html lang="zh-hans"' in content and "今日" in content


def test_an_open_duplicate_claim_is_explained_in_english(world, customers):
    taken = customers[1]
    with pytest.raises(Conflict):
        register_customer(
            by=world.rep_same_team,
            data=Registration(
                name=taken.name,
                sex="F",
                phone=taken.mobile or "",
                consent_items=["contact", "profile"],
                stand_id=world.stand.pk,
            ),
        )
    response = english_client(world.supervisor).get(reverse("web:claims"))
    html = assert_english(response, user_data(world, taken))
    assert 'id="claims-empty"' not in html


def test_the_referrer_picker_is_english(world, customers):
    client = english_client(world.rep)
    data = user_data(world, *customers.values())
    found = client.get(reverse("web:referrer_options"), {"q": "zgl"})
    assert found.status_code == 200 and chinese_left(found.content.decode(), data) == []
    none = client.get(reverse("web:referrer_options"), {"q": "nobody"})
    assert none.status_code == 200 and chinese_left(none.content.decode(), data) == []


def test_the_invitations_pages_are_english(world, customers):
    invitation = customers[4].invitations.get()
    client = english_client(world.rep)
    data = user_data(world, *customers.values())
    list_url = reverse("web:gathering_invitations", args=[world.gathering.pk])
    html = assert_english(client.get(list_url), data)
    assert "Invitations: 2" in html  # steps 4 and 5 hold invitations
    assert_english(client.get(list_url, {"state": "issued"}), data)
    assert_english(client.get(reverse("web:invitation_revoke", args=[invitation.pk])), data)
    refused = client.post(reverse("web:invitation_revoke", args=[invitation.pk]), {"reason": ""})
    assert_english(refused, data)
