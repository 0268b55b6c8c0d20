"""The company-configuration pages: rules, stands and places, for administrators only, on the
phone-first layout; every problem next to its field at once, what was typed kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Customer, Place, PlaceKind, Stand
from lianyi.org.codes import OrgCode
from lianyi.org.models import Company
from tests.conftest import make_customer
from tests.factories import StandFactory, add_place
from tests.web.conftest import field_codes

PAGES = ["/admin/rules/", "/admin/stands/", "/admin/stands/new/", "/admin/places/"]


def rules_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "contact_day_start": "08:30",
        "contact_day_end": "20:30",
        "protection_days": "30",
        "first_call_within_days": "3",
        "second_call_min_days": "1",
        "second_call_max_days": "2",
        "consent_notice_version": "2026-01",
        "office_latitude": "",
        "office_longitude": "",
        "checkin_opens_minutes_before": "180",
        "checkin_closes_minutes_after": "60",
        "windows-TOTAL_FORMS": "3",
        "windows-INITIAL_FORMS": "0",
        "windows-0-start": "07:00",
        "windows-0-end": "08:30",
        "windows-1-start": "11:30",
        "windows-1-end": "14:30",
        "windows-2-start": "18:50",
        "windows-2-end": "19:40",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["rep", "supervisor", "manager", "service"])
@pytest.mark.parametrize("path", PAGES)
def test_the_pages_are_for_administrators_only(world, login, who, path):
    assert login(getattr(world, who)).get(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_an_administrator_opens_each_page(world, login, path):
    assert login(world.admin).get(path).status_code == 200


def test_the_administration_home_links_the_configuration_for_administrators_only(world, login):
    client = login(world.admin)
    assert b'id="link-admin"' in client.get("/more/").content
    home = client.get("/admin/").content
    for link in (b'id="link-admin-rules"', b'id="link-admin-stands"', b'id="link-admin-places"'):
        assert link in home
    assert b'id="link-admin"' not in login(world.supervisor).get("/more/").content
    assert login(world.supervisor).get("/admin/").status_code == 404


# ---- rules ------------------------------------------------------------------------------


def test_the_rules_page_shows_the_saved_rules(world, login):
    page = login(world.admin).get("/admin/rules/")
    assert page.context["form"].initial["protection_days"] == 30
    rows = [f.initial for f in page.context["formset"].initial_forms]
    assert rows[1] == {"start": "11:30", "end": "14:30"}


def test_saving_the_rules_changes_the_windows_and_audits(world, login):
    response = login(world.admin).post(
        "/admin/rules/",
        rules_post(
            **{
                "windows-2-DELETE": "on",
                "protection_days": "45",
                "checkin_opens_minutes_before": "120",
            }
        ),
    )
    assert response.status_code == 302
    company = Company.objects.get(pk=world.company.pk)
    assert company.quiet_windows == [["07:00", "08:30"], ["11:30", "14:30"]]
    assert company.protection_days == 45
    assert company.checkin_opens_minutes_before == 120
    assert AuditEntry.objects.filter(action="org.company.rules_updated").count() == 1


def test_every_rules_error_is_shown_at_once_next_to_its_field_keeping_what_was_typed(world, login):
    response = login(world.admin).post(
        "/admin/rules/",
        rules_post(
            contact_day_end="07:00",
            protection_days="abc",
            second_call_min_days="5",
            office_latitude="100",
            office_longitude="116",
            **{"windows-1-start": "13:00", "windows-1-end": "12:00"},
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field_codes(response, "contact_day_end") == [OrgCode.CONTACT_DAY_ORDER]
    assert field_codes(response, "protection_days") == ["invalid"]  # not a number
    assert field_codes(response, "second_call_max_days") == [OrgCode.SECOND_CALL_RANGE]
    assert field_codes(response, "office_latitude") == [OrgCode.LOCATION_INVALID]
    row = response.context["formset"].forms[1]
    assert [e.code for e in row.errors.as_data()["start"]] == [OrgCode.QUIET_WINDOW_ORDER]
    assert form["office_latitude"].value() == "100"  # what was typed is kept
    assert row["start"].value() == "13:00"
    assert 'value="13:00"' in response.content.decode()
    assert Company.objects.get(pk=world.company.pk).contact_day_end == "20:30"


def test_adding_a_window_keeps_what_was_typed_and_saves_nothing(world, login):
    response = login(world.admin).post(
        "/admin/rules/", rules_post(protection_days="60", add_window="1")
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 4
    assert response.context["form"]["protection_days"].value() == "60"
    assert Company.objects.get(pk=world.company.pk).protection_days == 30


def test_a_new_window_typed_in_the_empty_row_is_saved(world, login):
    response = login(world.admin).post(
        "/admin/rules/",
        rules_post(
            **{"windows-TOTAL_FORMS": "4", "windows-3-start": "16:00", "windows-3-end": "17:00"}
        ),
    )
    assert response.status_code == 302
    assert ["16:00", "17:00"] in Company.objects.get(pk=world.company.pk).quiet_windows


# ---- stands -----------------------------------------------------------------------------


def test_the_stand_list_is_paged_newest_first_with_its_total(
    world, login, django_assert_max_num_queries
):
    today = timezone.localdate()
    for days in range(1, 25):
        StandFactory(
            company=world.company, name=f"收集点{days}", held_on=today - dt.timedelta(days=days)
        )
    StandFactory()  # another company's
    client = login(world.admin)
    with django_assert_max_num_queries(12):
        page = client.get("/admin/stands/")
    stands = list(page.context["page"].object_list)
    assert page.context["page"].paginator.count == 25
    assert stands[0] == world.stand and len(stands) == 20
    assert [s.held_on for s in stands] == sorted((s.held_on for s in stands), reverse=True)
    second = client.get("/admin/stands/?page=2")
    assert len(second.context["page"].object_list) == 5


def test_an_administrator_creates_closes_and_reopens_a_stand_from_the_pages(world, login):
    client = login(world.admin)
    response = client.post(
        "/admin/stands/new/",
        {"name": "秋季义诊", "place": "和平里广场", "held_on": "2026-10-01"},
    )
    assert response.status_code == 302
    stand = Stand.objects.get(name="秋季义诊")
    assert not stand.is_open  # the box was left unticked
    client.post(f"/admin/stands/{stand.pk}/open/")
    assert Stand.objects.get(pk=stand.pk).is_open
    client.post(f"/admin/stands/{stand.pk}/close/")
    assert not Stand.objects.get(pk=stand.pk).is_open


def test_a_stand_form_shows_all_its_errors(world, login):
    response = login(world.admin).post(
        "/admin/stands/new/", {"name": "", "place": "x", "held_on": "1900-01-01"}
    )
    assert response.status_code == 200
    assert field_codes(response, "name") == ["required"]
    assert not Stand.objects.filter(place="x").exists()


def test_another_companys_stand_is_a_404(world, login):
    theirs = StandFactory()
    client = login(world.admin)
    assert client.get(f"/admin/stands/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/stands/{theirs.pk}/close/").status_code == 404
    assert Stand.objects.get(pk=theirs.pk).is_open


def test_closing_needs_a_post(world, login):
    assert login(world.admin).get(f"/admin/stands/{world.stand.pk}/close/").status_code == 405


# ---- places -----------------------------------------------------------------------------


def test_the_place_list_filters_and_pages_with_a_constant_number_of_queries(
    world, login, django_assert_max_num_queries
):
    for n in range(30):
        add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name=f"小区{n:02d}")
    add_place(by=world.admin, kind=PlaceKind.WORK_UNIT, district="东城区", name="机床厂")
    client = login(world.admin)
    with django_assert_max_num_queries(12):
        page = client.get("/admin/places/")
    assert page.context["page"].paginator.count == 31
    assert len(page.context["page"].object_list) == 20
    units = client.get("/admin/places/?kind=work_unit")
    assert [p.name for p in units.context["page"].object_list] == ["机床厂"]
    found = client.get("/admin/places/?district=朝阳区&q=小区0")
    assert found.context["page"].paginator.count == 10


def test_a_place_is_created_and_its_coordinates_typed(world, login):
    client = login(world.admin)
    response = client.post(
        "/admin/places/new/",
        {
            "kind": "compound",
            "district": "朝阳区",
            "name": "和平里",
            "latitude": "39.9",
            "longitude": "",
        },
    )
    assert field_codes(response, "latitude") == [CustomerCode.PLACE_LOCATION_INVALID]
    response = client.post(
        "/admin/places/new/",
        {
            "kind": "compound",
            "district": "朝阳区",
            "name": "和平里",
            "latitude": "39.9",
            "longitude": "116.4",
        },
    )
    assert response.status_code == 302
    assert Place.objects.get(name="和平里").longitude is not None


def test_the_merge_confirmation_shows_how_many_customers_move_then_merges(world, login):
    first, second = make_customer(world, step=0), make_customer(world, step=0)
    remove = first.compound
    keep = add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里")
    client = login(world.admin)
    confirm = client.get(f"/admin/places/{remove.pk}/merge/?keep={keep.pk}")
    assert confirm.context["moving"] == 2
    assert 'id="merge-summary"' in confirm.content.decode()
    assert Place.objects.filter(pk=remove.pk).exists()  # nothing happens before the POST
    response = client.post(f"/admin/places/{remove.pk}/merge/", {"keep": keep.pk})
    assert response.status_code == 302
    assert set(Customer.objects.filter(compound=keep)) == {first, second}
    assert not Place.objects.filter(pk=remove.pk).exists()


def test_a_work_unit_is_not_offered_to_merge_with_a_compound(world, login):
    place = make_customer(world, step=0).compound
    unit = add_place(by=world.admin, kind=PlaceKind.WORK_UNIT, district="朝阳区", name="幸福里")
    client = login(world.admin)
    response = client.post(f"/admin/places/{place.pk}/merge/", {"keep": unit.pk})
    assert response.status_code == 200
    assert field_codes(response, "keep") == ["invalid_choice"]
    assert Place.objects.filter(pk=place.pk).exists()


def test_picking_a_recorded_visit_location_sets_the_coordinates(world, login):
    from decimal import Decimal

    from tests.customers.test_places import visited_with_location

    customer = visited_with_location(world, "39.951111", "116.452222")
    place = customer.compound
    client = login(world.admin)
    page = client.get(f"/admin/places/{place.pk}/")
    [visit] = page.context["visits"]
    response = client.post(
        f"/admin/places/{place.pk}/",
        {
            "district": place.district,
            "name": place.name,
            "latitude": "",
            "longitude": "",
            "visit": visit.pk,
        },
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (Decimal("39.951111"), Decimal("116.452222"))
    entry = AuditEntry.objects.get(action="customers.place.updated")
    assert entry.data == {"location_source": "visit"}


def test_the_stand_form_fills_in_the_date_for_the_browsers_date_picker(world, login):
    html = login(world.admin).get(f"/admin/stands/{world.stand.pk}/").content.decode()
    assert f'value="{world.stand.held_on:%Y-%m-%d}"' in html


def test_admin_forms_refuse_bad_text_and_numbers_with_the_api_codes(world, login):
    """The administration forms use lianyi.core.fields like every other form: a NUL byte is
    invalid_characters (as in the API), a number past its smallint column is max_value."""
    client = login(world.admin)
    response = client.post("/admin/org/", {"department-name": "销售\x00部"})
    assert field_codes(response, "name") == ["invalid_characters"]
    response = client.post(
        "/admin/stands/new/", {"name": "门口\x00", "place": "北门", "held_on": "2026-12-01"}
    )
    assert field_codes(response, "name") == ["invalid_characters"]
    response = client.post("/admin/rules/", rules_post(protection_days="99999999999999999999"))
    assert field_codes(response, "protection_days") == ["max_value"]
    assert Company.objects.get(pk=world.company.pk).protection_days == 30
    response = client.post(
        "/admin/users/new/",
        {"username": "new\x00", "display_name": "王\x00", "role": "rep", "team": ""},
    )
    assert field_codes(response, "display_name") == ["invalid_characters"]


@pytest.mark.parametrize(
    ("page", "back_to"),
    [
        ("2", "/admin/stands/?page=2"),
        ("٣", "/admin/stands/?page=3"),  # a decimal digit, read as Django reads numbers
        ("²", "/admin/stands/"),
        ("3\n", "/admin/stands/?page=3"),
        ("9" * 100_000, "/admin/stands/"),
        ("-1", "/admin/stands/"),
    ],
)
def test_closing_a_stand_returns_to_its_list_page_only_for_a_page_number(
    world, login, page, back_to
):
    response = login(world.admin).post(f"/admin/stands/{world.stand.pk}/close/", {"page": page})
    assert response.status_code == 302
    assert response["Location"] == back_to
    assert not Stand.objects.get(pk=world.stand.pk).is_open
