"""The scanner page: choosing the list (the door, or boarding a bus), manual entry, the answer
shown big and coloured, the counts beside it, and who may open it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from lianyi.gatherings.models import CheckIn, GatheringState, Invitation
from tests.conftest import make_customer
from tests.factories import GatheringFactory, add_bus, put_on_bus
from tests.gatherings.door import in_checkin_window


@pytest.fixture(autouse=True)
def _scanning_open(world):
    """Every test here scans inside the check-in window (its edges: tests/gatherings)."""
    with in_checkin_window(world.gathering):
        yield


@pytest.fixture
def invitation(world) -> Invitation:
    return make_customer(world, step=5, name="张桂兰", mobile="13900004321").invitations.get()


def page_url(world, **params) -> str:
    url = reverse("web:checkin_scanner", args=[world.gathering.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{query}" if query else url


def scan_url(world) -> str:
    return reverse("web:checkin_scan", args=[world.gathering.pk])


def post_scan(client, world, htmx=True, **data):
    data.setdefault("list", "door")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(scan_url(world), data, headers=headers)


def test_the_scanner_page_offers_both_lists_the_camera_and_manual_entry(login, world):
    response = login(world.event_staff).get(page_url(world))

    assert response.status_code == 200
    html = response.content.decode()
    for marker in ('id="list-door"', 'id="list-boarding"', 'id="scan-video"', 'id="manual-form"'):
        assert marker in html
    assert "vendor/jsQR.js" in html  # the decoder where BarcodeDetector is missing
    assert "js/checkin.js" in html
    assert 'name="client_nonce"' in html
    assert response.context["door"].expected_households == 0


def test_manual_entry_by_token_shows_admitted_then_already_admitted(login, world, invitation):
    client = login(world.event_staff)

    first = post_scan(client, world, token=invitation.token, client_nonce="a")
    second = post_scan(client, world, token=invitation.token, client_nonce="b")

    html = first.content.decode()
    assert 'data-answer="admitted"' in html and "scan-result--ok" in html
    assert "张桂兰、李建国" in html
    assert 'id="door-count"' in html  # the counts come back with the answer
    assert first.context["door"].admitted_guests == 2
    html = second.content.decode()
    assert 'data-answer="already_admitted"' in html and "scan-result--warn" in html
    assert str(world.event_staff) in html
    assert CheckIn.objects.get().method == "manual"


def test_manual_entry_by_mobile_tail_and_surname(login, world, invitation):
    response = post_scan(login(world.rep), world, mobile_tail="4321", surname="张")
    assert 'data-answer="admitted"' in response.content.decode()
    assert CheckIn.objects.get().invitation == invitation


def test_a_refusal_is_red_and_names_nobody(login, world, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(state="revoked")
    html = post_scan(login(world.rep), world, token=invitation.token).content.decode()
    assert 'data-answer="revoked"' in html and "scan-result--error" in html
    assert "张桂兰" not in html


def test_a_rep_of_another_team_finds_nobody_by_manual_search(login, world, invitation):
    response = post_scan(login(world.rep_other_team), world, mobile_tail="4321", surname="张")
    html = response.content.decode()
    assert 'data-answer="unknown"' in html
    assert "张桂兰" not in html and "李建国" not in html
    assert not CheckIn.objects.exists()


def test_without_javascript_the_form_posts_and_the_whole_page_shows_the_answer(
    login, world, invitation
):
    response = post_scan(login(world.event_staff), world, htmx=False, token=invitation.token)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="manual-form"' in html and 'data-answer="admitted"' in html


def test_the_boarding_view_asks_for_a_bus_and_shows_its_headcount(login, world, invitation):
    coach = add_bus(world.gathering, by=world.admin)
    put_on_bus(invitation, coach, by=world.admin)
    client = login(world.event_staff)

    no_bus = client.get(page_url(world, list="boarding")).content.decode()
    assert 'id="bus-select"' in no_bus and 'id="manual-form"' not in no_bus

    page = client.get(page_url(world, list="boarding", bus=coach.pk))
    assert 'id="manual-form"' in page.content.decode()
    assert page.context["headcounts"][0].manifest_guests == 2

    response = post_scan(client, world, list="boarding", bus=coach.pk, token=invitation.token)
    html = response.content.decode()
    assert 'data-answer="admitted"' in html
    row = response.context["headcounts"][0]
    assert (row.boarded_guests, row.manifest_guests) == (2, 2)
    assert f'id="headcount-{coach.pk}"' in html


def test_boarding_without_a_bus_is_explained(login, world, invitation):
    html = post_scan(login(world.rep), world, list="boarding", token=invitation.token)
    assert "gatherings.scan_bus_required" in html.content.decode()
    assert not CheckIn.objects.exists()


def test_a_bus_that_is_not_one_of_the_gatherings_counts_as_no_bus(login, world, invitation):
    client = login(world.event_staff)
    for bad in ["²", "abc", "99999999999999999999"]:
        page = client.get(page_url(world, list="boarding", bus=bad))
        assert page.status_code == 200 and page.context["bus_id"] is None
    html = post_scan(client, world, list="boarding", bus="²", token=invitation.token)
    assert "gatherings.scan_bus_required" in html.content.decode()
    assert not CheckIn.objects.exists()


def test_a_closed_gathering_answers_closed(login, world, invitation):
    world.gathering.state = GatheringState.CLOSED
    world.gathering.save(update_fields=["state"])
    html = post_scan(login(world.rep), world, token=invitation.token).content.decode()
    assert 'data-answer="closed"' in html


@pytest.mark.parametrize("role", ["service", "manager", "admin"])
def test_roles_without_check_in_do_not_get_the_page(login, world, role):
    client = login(getattr(world, role))
    assert client.get(page_url(world)).status_code == 404
    assert post_scan(client, world, token="A" * 32).status_code == 404


def test_a_gathering_of_another_company_is_not_found(login, world):
    other = GatheringFactory()
    client = login(world.rep)
    assert client.get(reverse("web:checkin_scanner", args=[other.pk])).status_code == 404


def test_the_choice_of_gathering_skips_itself_when_there_is_one(login, world):
    client = login(world.rep)
    response = client.get(reverse("web:checkin"))
    assert response.status_code == 302
    assert response["Location"] == page_url(world)

    GatheringFactory(company=world.company, name="冬季联谊会")
    closed = GatheringFactory(company=world.company, name="夏季联谊会", state="closed")
    html = client.get(reverse("web:checkin")).content.decode()
    assert "冬季联谊会" in html and "金秋联谊会" in html
    assert closed.name not in html


def test_anonymous_users_are_sent_to_log_in(client, world):
    response = client.get(page_url(world))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_scanner_and_its_answers_are_english(world, invitation):
    from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

    coach = add_bus(world.gathering, by=world.admin)
    other = add_bus(world.gathering, by=world.admin, name="2号车")
    put_on_bus(invitation, coach, by=world.admin)
    client = english_client(world.event_staff)
    data = [*user_data(world, invitation.customer), "1号车", "2号车", world.gathering.name]

    GatheringFactory(company=world.company, name="冬季联谊会")
    assert_english(client.get(reverse("web:checkin")), [*data, "冬季联谊会"])
    assert_english(client.get(page_url(world)), data)
    assert_english(client.get(page_url(world, list="boarding")), data)
    assert_english(client.get(page_url(world, list="boarding", bus=coach.pk)), data)
    for bus, answer in [(other, "wrong_bus"), (coach, "admitted"), (coach, "already_admitted")]:
        response = client.post(
            scan_url(world),
            {"list": "boarding", "bus": bus.pk, "token": invitation.token},
            headers={"HX-Request": "true"},
        )
        assert f'data-answer="{answer}"' in response.content.decode()
        page = client.post(
            scan_url(world), {"list": "boarding", "bus": bus.pk, "token": invitation.token}
        )
        assert_english(page, data)
    html = assert_english(
        client.post(scan_url(world), {"list": "door", "mobile_tail": "12", "surname": "x"}), data
    )
    assert 'data-answer="malformed"' in html


def test_the_more_page_links_the_scanner_for_those_who_check_in(login, world):
    assert 'id="link-checkin"' in login(world.event_staff).get(reverse("web:more")).content.decode()
    assert 'id="link-checkin"' not in login(world.service).get(reverse("web:more")).content.decode()


def test_the_gathering_page_links_its_scanner_for_those_who_check_in(login, world):
    url = reverse("web:gathering", args=[world.gathering.pk])
    scanner = reverse("web:checkin_scanner", args=[world.gathering.pk])
    html = login(world.supervisor).get(url).content.decode()
    assert 'id="link-checkin"' in html and scanner in html
    assert 'id="link-checkin"' not in login(world.manager).get(url).content.decode()


def test_the_scanner_page_shows_the_window_and_a_refusal_outside_it(world, invitation, login):
    client = login(world.event_staff)
    url = reverse("web:checkin_scanner", args=[world.gathering.pk])
    scan_url = reverse("web:checkin_scan", args=[world.gathering.pk])

    with time_machine.travel(world.gathering.starts_at - timedelta(days=10), tick=False):
        page = client.get(url).content.decode()
        refused = client.post(
            scan_url, {"list": "door", "token": invitation.token}, headers={"HX-Request": "true"}
        ).content.decode()

    assert 'id="checkin-window"' in page
    assert "scanner__window--before" in page
    assert 'data-answer="gatherings.checkin_not_open"' in refused
    assert not CheckIn.objects.filter(invitation=invitation).exists()


def test_past_gatherings_leave_the_choice_of_gathering(login, world):
    from django.utils import timezone

    now = timezone.now()
    GatheringFactory(company=world.company, name="冬季联谊会")
    GatheringFactory(
        company=world.company,
        name="上周联谊会",
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7) + timedelta(hours=3),
    )
    GatheringFactory(
        company=world.company,
        name="昨日联谊会",
        starts_at=now - timedelta(days=1),
        ends_at=None,
    )
    # ended a moment ago: the door stays open a while after the end for late guests
    GatheringFactory(
        company=world.company,
        name="刚散场联谊会",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(minutes=5),
    )
    html = login(world.rep).get(reverse("web:checkin")).content.decode()
    assert "冬季联谊会" in html and "金秋联谊会" in html and "刚散场联谊会" in html
    assert "上周联谊会" not in html and "昨日联谊会" not in html
