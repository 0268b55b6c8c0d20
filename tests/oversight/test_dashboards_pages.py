"""The dashboards' pages: who sees what (a role x object matrix for figures, links and
exports), bad input answered with a clear message, exports audited with their filter and
refused over the row limit, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from lianyi.core.models import AuditEntry
from lianyi.gatherings.models import Gathering
from tests.conftest import make_customer
from tests.factories import GatheringFactory
from tests.oversight.dashboard_data import build

pytestmark = pytest.mark.django_db

SECTIONS = ["journey", "aftercare", "gatherings"]


def period(**extra):
    today = timezone.localdate()
    return {
        "start": (today - dt.timedelta(days=30)).isoformat(),
        "end": (today + dt.timedelta(days=20)).isoformat(),
        **extra,
    }


def other_gathering(world) -> int:
    gathering = cast(Gathering, GatheringFactory(company=world.outsider_admin.company))
    return gathering.pk


def names_in(response):
    return [c.name for c in response.context["paged"].items]


@pytest.mark.parametrize("role", ["rep", "service", "event_staff"])
def test_roles_without_dashboards_get_404_for_pages_links_and_exports(world, client, role):
    client.force_login(getattr(world, role))
    for url in [
        "/dashboards/",
        "/dashboards/aftercare/",
        "/dashboards/customers/?figure=funnel.registered",
        "/dashboards/customers.xlsx?figure=funnel.registered",
        "/dashboards/export/funnel.xlsx",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_draws_its_charts_from_json_and_shows_the_tables(world, client, section):
    client.force_login(world.supervisor)
    response = client.get(f"/dashboards/{section}/", period())
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/echarts.min.js" in html and "js/dashboards.js" in html
    for item in response.context["figures"]:
        assert f'id="table-{item["figure"].key}"' in html


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("supervisor", ["乙五", "乙八", "甲一", "甲二", "甲三", "甲四"]),
        ("supervisor_other_team", ["丙六"]),
        ("manager", ["丙六", "乙五", "乙八", "甲一", "甲二", "甲三", "甲四"]),
        ("manager_other_dept", ["丁七"]),
        ("admin", ["丁七", "丙六", "乙五", "乙八", "甲一", "甲二", "甲三", "甲四"]),
        ("outsider_admin", []),
    ],
)
def test_links_list_only_the_customers_in_the_viewers_scope(world, client, viewer, expected):
    build(world)
    client.force_login(getattr(world, viewer))
    response = client.get("/dashboards/customers/", period(figure="funnel.registered"))
    assert response.status_code == 200
    assert sorted(names_in(response)) == sorted(expected)
    assert response.context["paged"].total == len(expected)


@pytest.mark.parametrize(
    ("viewer", "narrow"),
    [
        ("supervisor", {"team": "team_other"}),
        ("supervisor", {"rep": "rep_other_team"}),
        ("manager", {"rep": "rep_other_dept"}),
        ("manager", {"team": "team_other_dept"}),
        ("admin", {"gathering": "other_gathering"}),
        ("admin", {"rep": "missing"}),
    ],
)
def test_filters_out_of_scope_answer_like_missing_ones(world, client, viewer, narrow):
    ids = {
        "team_other": world.rep_other_team.team_id,
        "team_other_dept": world.rep_other_dept.team_id,
        "rep_other_team": world.rep_other_team.pk,
        "rep_other_dept": world.rep_other_dept.pk,
        "other_gathering": other_gathering(world),
        "missing": 999_999,
    }
    params = {key: ids[value] for key, value in narrow.items()}
    client.force_login(getattr(world, viewer))
    for url in ["/dashboards/", "/dashboards/customers/", "/dashboards/export/funnel.xlsx"]:
        assert client.get(url, period(figure="funnel.registered", **params)).status_code == 404


def test_a_rep_of_another_team_than_the_chosen_team_is_not_found(world, client):
    client.force_login(world.manager)
    params = period(team=world.rep.team_id, rep=world.rep_other_team.pk)
    assert client.get("/dashboards/", params).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "end"),
        ({"start": "2023-01-01", "end": "2026-01-02"}, "start"),
        ({"start": "not-a-date"}, "start"),
        ({"team": "abc"}, "team"),
    ],
)
def test_bad_periods_get_a_clear_message_not_a_500(world, client, params, field):
    client.force_login(world.supervisor)
    response = client.get("/dashboards/", params)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert response.context["figures"] == []


def test_the_period_may_be_exactly_two_years_and_defaults_to_the_last_30_days(world, client):
    client.force_login(world.supervisor)
    assert (
        client.get("/dashboards/", {"start": "2024-01-02", "end": "2026-01-02"}).status_code == 200
    )
    response = client.get("/dashboards/")
    f = response.context["filter"]
    assert (f.end - f.start).days == 29 and f.end == timezone.localdate()


def test_unknown_figures_and_sections_are_not_found(world, client):
    client.force_login(world.supervisor)
    assert client.get("/dashboards/nowhere/").status_code == 404
    assert client.get("/dashboards/customers/", {"figure": "funnel.nowhere"}).status_code == 404
    assert client.get("/dashboards/export/nowhere.xlsx").status_code == 404


def test_the_customer_export_holds_the_scoped_customers_and_is_audited_with_its_filter(
    world, client
):
    build(world)
    client.force_login(world.supervisor)
    params = period(figure="funnel.registered", rep=world.rep.pk)
    response = client.get("/dashboards/customers.xlsx", params)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=3, values_only=True))
    assert names == sorted(["甲一", "甲二", "甲三", "甲四"])
    entry = AuditEntry.objects.get(action="oversight.dashboard.customers_exported")
    assert entry.actor == world.supervisor
    assert entry.data["filter"]["rep"] == str(world.rep.pk)
    assert entry.data["filter"]["start"] == params["start"]
    assert entry.data["rows"] == 4


def test_a_figure_export_is_audited_with_its_filter(world, client):
    build(world)
    client.force_login(world.manager)
    response = client.get("/dashboards/export/funnel.xlsx", period())
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == [7, 6, 6, 4, 3, 1, 1, 0]
    entry = AuditEntry.objects.get(action="oversight.dashboard.exported")
    assert entry.data["figure"] == "funnel" and entry.data["filter"]["end"] == period()["end"]


def test_an_export_over_the_row_limit_is_refused_not_cut_short(world, client, settings):
    build(world)
    settings.LIANYI_EXPORT_MAX_ROWS = 3
    client.force_login(world.supervisor)
    response = client.get("/dashboards/customers.xlsx", period(figure="funnel.registered"))
    assert response.status_code == 400
    assert response.context["code"] == "oversight.export_too_large"
    assert not AuditEntry.objects.filter(action__startswith="oversight.dashboard").exists()


@pytest.mark.parametrize("section", SECTIONS)
def test_the_query_count_does_not_grow_with_the_data(world, client, section):
    client.force_login(world.admin)
    client.get(f"/dashboards/{section}/", period())  # warm the session and caches
    make_customer(world, step=5, name="一")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/dashboards/{section}/", period()).status_code == 200
    build(world)
    for owner in (world.rep_other_team, world.rep_other_dept):
        make_customer(world, owner=owner, step=4, name="二")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/dashboards/{section}/", period()).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(("role", "shown"), [("supervisor", True), ("admin", True), ("rep", False)])
def test_the_more_page_links_the_dashboards_for_those_who_may_see_them(world, client, role, shown):
    client.force_login(getattr(world, role))
    assert ('id="link-dashboards"' in client.get("/more/").content.decode()) is shown
