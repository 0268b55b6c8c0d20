"""老顾客资料: the existing-customer directory by compound and by work unit. Who is listed (those
who bought), who sees whose phone (a rep: their own only; the limited rows never carry it), the
page, the customer page's box, and the exports (a real workbook and PDF, one copy per rep,
allowed to few and audited with the filter used)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry, Job, JobState
from lianyi.customers.models import Customer, PlaceKind
from lianyi.customers.phones import display_phone
from lianyi.customers.selectors import get_customer
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.selectors.directory import (
    DirectoryFilters,
    clean_filters,
    entries_of,
    existing_customers,
    nearby_existing_customers,
)
from lianyi.oversight.services.directory import export_directory
from lianyi.sales.models import OrderState
from tests.conftest import World, make_customer
from tests.factories import OrderFactory, Shop, add_place, open_shop, place_test_order

COMPOUND = "幸福里小区"


@dataclass
class Town:
    world: World
    shop: Shop
    own: Customer  # world.rep's, bought
    mate: Customer  # world.rep_same_team's, bought
    mate_not_bought: Customer
    mate_cancelled: Customer
    other_team: Customer  # rep_other_team's (same department), bought
    other_dept: Customer  # rep_other_dept's, bought


def buy(shop: Shop, customer: Customer, *, by: Any, packages: int = 0) -> None:
    place_test_order(shop, customer, by=by, packages=packages, socks=1)


@pytest.fixture
def town(world: World) -> Town:
    shop = open_shop(world.admin)
    own = make_customer(world, name="张桂兰", compound=COMPOUND)
    buy(shop, own, by=world.rep, packages=1)
    mate = make_customer(world, owner=world.rep_same_team, name="王秀英", compound=COMPOUND)
    buy(shop, mate, by=world.rep_same_team)
    mate_not_bought = make_customer(world, owner=world.rep_same_team, name="李淑珍")
    mate_cancelled = make_customer(world, owner=world.rep_same_team, name="赵玉梅")
    OrderFactory(customer=mate_cancelled, state=OrderState.CANCELLED)
    other_team = make_customer(
        world, owner=world.rep_other_team, name="孙凤英", compound="阳光花园"
    )
    buy(shop, other_team, by=world.rep_other_team)
    other_dept = make_customer(world, owner=world.rep_other_dept, name="周建国", sex="M")
    buy(shop, other_dept, by=world.rep_other_dept)
    return Town(world, shop, own, mate, mate_not_bought, mate_cancelled, other_team, other_dept)


def listed(user: Any, **filters: Any) -> dict[str, bool]:
    rows = existing_customers(user=user, filters=DirectoryFilters(**filters))
    return {r["name"]: bool(r["full"]) for r in rows}


def phone_of(customer: Customer) -> str:
    assert customer.mobile
    return customer.mobile


def phone_texts(customer: Customer) -> list[str]:
    """The phone as stored and as shown (both must be absent where it may not appear)."""
    raw = phone_of(customer)
    return [raw, raw[-8:], display_phone(raw)]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- who is listed, who sees what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("rep", {"张桂兰": True, "王秀英": False}),
        ("rep_same_team", {"张桂兰": False, "王秀英": True}),
        ("rep_other_team", {"孙凤英": True}),
        ("supervisor", {"张桂兰": True, "王秀英": True}),
        ("supervisor_other_team", {"孙凤英": True}),
        ("manager", {"张桂兰": True, "王秀英": True, "孙凤英": True}),
        ("manager_other_dept", {"周建国": True}),
    ],
)
def test_the_directory_lists_who_bought_in_scope_and_which_rows_are_full(
    town: Town, who: str, expected: dict[str, bool]
) -> None:
    # not bought and only a cancelled order are not existing customers
    assert listed(getattr(town.world, who)) == expected


def test_a_customer_who_withdrew_consent_or_asked_not_to_be_contacted_is_not_listed(
    town: Town,
) -> None:
    Customer.objects.filter(pk=town.mate.pk).update(consent_contact=False)
    Customer.objects.filter(pk=town.own.pk).update(do_not_contact=True)
    assert listed(town.world.supervisor) == {}


@pytest.mark.parametrize("who", ["admin", "service", "event_staff", "outsider_admin"])
def test_roles_without_the_directory_are_refused(town: Town, who: str) -> None:
    with pytest.raises(DomainError) as refused:
        listed(getattr(town.world, who))
    assert refused.value.code == CoreCode.FORBIDDEN


def test_a_limited_row_does_not_even_carry_the_phone_or_the_address(town: Town) -> None:
    rows = list(existing_customers(user=town.world.rep, filters=DirectoryFilters()))
    mate = next(r for r in rows if r["name"] == "王秀英")
    own = next(r for r in rows if r["name"] == "张桂兰")
    assert (mate["shown_mobile"], mate["shown_landline"], mate["shown_building"]) == ("", "", "")
    assert mate["shown_district"] == ""
    assert "mobile" not in mate and "building" not in mate
    assert own["shown_mobile"] == phone_of(town.own)
    assert own["shown_building"] == "3号楼2单元501"
    entries = {e.name: e for e in entries_of(rows)}
    assert entries["王秀英"].phone == "" and entries["王秀英"].building == ""
    assert entries["王秀英"].place.endswith(COMPOUND)  # the compound is shown
    assert entries["王秀英"].owner == str(town.world.rep_same_team)
    assert entries["王秀英"].polite == "王阿姨"
    assert entries["张桂兰"].phone == display_phone(phone_of(town.own))


def test_products_bought_are_the_packages_and_products_of_orders_not_cancelled(
    town: Town,
) -> None:
    OrderFactory(customer=town.mate, state=OrderState.CANCELLED)  # no lines: changes nothing
    rows = list(existing_customers(user=town.world.supervisor, filters=DirectoryFilters()))
    products = {e.name: e.products for e in entries_of(rows)}
    assert products["张桂兰"] == tuple(sorted(["大全套", "保暖袜"]))
    assert products["王秀英"] == ("保暖袜",)


def test_grouped_by_work_unit_lists_those_with_one(town: Town) -> None:
    unit = add_place(by=town.world.admin, name="市第一医院", kind=PlaceKind.WORK_UNIT)
    Customer.objects.filter(pk=town.mate.pk).update(work_unit=unit)
    rows = list(
        existing_customers(user=town.world.rep, filters=DirectoryFilters(by=PlaceKind.WORK_UNIT))
    )
    by_name = {r["name"]: r for r in rows}
    assert by_name["王秀英"]["place_id"] == unit.pk
    assert by_name["张桂兰"]["place_id"] is None
    # the place filter narrows to the unit (and sets the grouping to its kind)
    filters = clean_filters(user=town.world.rep, place_id=unit.pk)
    assert filters.by == PlaceKind.WORK_UNIT
    assert listed(town.world.rep, by=filters.by, place_id=filters.place_id) == {"王秀英": False}


def test_filters_out_of_scope_are_answered_like_missing_ones(town: Town) -> None:
    world = town.world
    foreign = add_place(by=world.outsider_admin, name="别家小区")
    for bad in (foreign.pk, 999999):
        with pytest.raises(NotFound):
            clean_filters(user=world.rep, place_id=bad)
    client = client_for(world.rep)
    for raw in ("abc", "-1", "0", str(foreign.pk)):
        assert client.get(reverse("web:directory"), {"place": raw}).status_code == 404
    # the owner filter: team-mates for a rep, the team for a supervisor
    assert clean_filters(user=world.rep, owner_id=world.rep_same_team.pk).owner_id
    for user, owner in (
        (world.rep, world.rep_other_team),
        (world.supervisor, world.rep_other_dept),
    ):
        with pytest.raises(NotFound):
            clean_filters(user=user, owner_id=owner.pk)
    assert listed(world.supervisor, owner_id=world.rep_same_team.pk) == {"王秀英": True}


# --- the page ----------------------------------------------------------------------------------


def test_the_rep_page_shows_own_phones_and_never_a_team_mates(town: Town) -> None:
    html = client_for(town.world.rep).get(reverse("web:directory")).content.decode()
    assert "王秀英" in html and "张桂兰" in html
    assert display_phone(phone_of(town.own)) in html
    for text in phone_texts(town.mate):
        assert text not in html
    assert "3号楼2单元501" in html  # the own customer's building, once
    assert html.count("3号楼2单元501") == 1
    assert 'id="directory-export"' not in html  # reps do not export
    assert 'data-total="2"' in html


def test_the_page_groups_switch_and_filters(town: Town) -> None:
    client = client_for(town.world.supervisor)
    html = client.get(reverse("web:directory"), {"by": "work_unit"}).content.decode()
    assert 'id="by-work-unit" aria-current="page"' in html
    assert "未填单位" in html
    assert client.get(reverse("web:directory"), {"place": "999999"}).status_code == 404
    other = town.world.rep_other_dept.pk
    assert client.get(reverse("web:directory"), {"owner": other}).status_code == 404
    html = client.get(reverse("web:directory")).content.decode()
    assert 'id="directory-export"' in html
    assert 'data-places="1"' in html


@pytest.mark.parametrize("who", ["admin", "service", "event_staff"])
def test_the_page_is_not_found_for_roles_without_the_directory(town: Town, who: str) -> None:
    response = client_for(getattr(town.world, who)).get(reverse("web:directory"))
    assert response.status_code == 404


def test_the_page_pages_and_shows_the_group_total(town: Town, settings: Any) -> None:
    from lianyi.web.views import oversight_directory

    world = town.world
    for name in ("钱桂芝", "吴秀兰"):
        buy(town.shop, make_customer(world, name=name, compound=COMPOUND), by=world.rep)
    original = oversight_directory.PER_PAGE
    oversight_directory.PER_PAGE = 2
    try:
        html = client_for(world.rep).get(reverse("web:directory")).content.decode()
        second = client_for(world.rep).get(reverse("web:directory"), {"page": 2}).content.decode()
    finally:
        oversight_directory.PER_PAGE = original
    assert 'data-total="4"' in html  # the directory's total and the compound's, on every page
    assert html.count('data-customer="') == 2
    assert second.count('data-customer="') == 2
    assert 'rel="next"' in html


def test_query_count_does_not_grow_with_rows(town: Town) -> None:
    world = town.world
    client = client_for(world.rep)
    url = reverse("web:directory")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        compound = COMPOUND if n % 2 else f"小区{n}"
        owner = world.rep if n % 3 else world.rep_same_team
        buy(
            town.shop,
            make_customer(world, owner=owner, name=f"刘{n}英", compound=compound),
            by=owner,
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert 'data-total="8"' in html
    assert len(many) == len(few)


# --- the customer page's box ---------------------------------------------------------------


def test_a_new_customers_page_shows_the_existing_customers_of_the_compound_limited(
    town: Town,
) -> None:
    world = town.world
    new = make_customer(world, name="陈桂香", compound=COMPOUND)
    boxes = nearby_existing_customers(user=world.rep, customer=new)
    assert [b.kind for b in boxes] == [PlaceKind.COMPOUND]
    assert boxes[0].total == 2
    assert {e.name for e in boxes[0].entries} == {"张桂兰", "王秀英"}
    html = client_for(world.rep).get(reverse("web:customer", args=[new.pk])).content.decode()
    assert 'id="nearby-compound" data-total="2"' in html
    link = f"{reverse('web:directory')}?by=compound&amp;place={new.compound_id}"
    assert link in html
    for text in phone_texts(town.mate):
        assert text not in html
    # the customer themself is not "nearby"; without the directory there is no box
    own_boxes = nearby_existing_customers(user=world.rep, customer=town.own)
    assert {e.name for e in own_boxes[0].entries} == {"王秀英"}
    assert nearby_existing_customers(user=world.service, customer=new) == []


# --- exports -------------------------------------------------------------------------------


def sheet_rows(content: bytes, title: str) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


def test_the_excel_export_is_one_sheet_per_rep_with_each_reps_view(town: Town) -> None:
    world = town.world
    made = export_directory(
        by=world.supervisor, filters=DirectoryFilters(), rep_id=None, file_format="xlsx"
    )
    workbook = load_workbook(io.BytesIO(made.content))
    assert set(workbook.sheetnames) == {"汇总", "rep_a", "rep_a2", "sup_a"}
    rep_rows = sheet_rows(made.content, "rep_a")
    names = {row[1]: row for row in rep_rows[1:]}
    assert set(names) == {"张桂兰", "王秀英"}
    assert names["王秀英"][3] == "保暖袜" and names["王秀英"][4] == "rep_a2"
    every_cell = " ".join(str(c) for row in rep_rows for c in row if c is not None)
    for text in phone_texts(town.mate):
        assert text not in every_cell
    assert display_phone(phone_of(town.own)) in every_cell
    mate_rows = sheet_rows(made.content, "rep_a2")
    assert display_phone(phone_of(town.mate)) in " ".join(str(c) for r in mate_rows for c in r)
    entry = AuditEntry.objects.get(action="oversight.directory.exported")
    assert entry.actor == world.supervisor
    assert entry.data["format"] == "xlsx"
    assert entry.data["filter"] == {
        "by": "compound",
        "place_id": None,
        "owner_id": None,
        "rep_id": None,
    }
    assert entry.data["copies"] == 3 and entry.data["rows"] == 6


@pytest.mark.usefixtures("cjk_font")
def test_the_pdf_of_one_reps_copy_has_their_phones_and_not_others(town: Town) -> None:
    world = town.world
    client = client_for(world.supervisor)
    response = client.get(
        reverse("web:directory_pdf"), {"rep": str(world.rep.pk), "by": "compound"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    ).replace(" ", "")
    assert "张桂兰" in text and "王秀英" in text and "保暖袜" in text
    assert display_phone(phone_of(town.own)).replace(" ", "") in text
    for phone in phone_texts(town.mate):
        assert phone.replace(" ", "") not in text
    entry = AuditEntry.objects.get(action="oversight.directory.exported")
    assert entry.data["format"] == "pdf" and entry.data["filter"]["rep_id"] == world.rep.pk


@pytest.mark.usefixtures("cjk_font")
def test_every_copy_is_one_pdf_made_by_the_worker_each_rep_from_a_new_page(
    town: Town, django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    settings.VAR_DIR = tmp_path
    client = client_for(town.world.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("web:directory_pdf"))
    job = Job.objects.get(kind="oversight.directory.pdf")
    assert response.status_code == 302 and response["Location"] == reverse("web:job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == JobState.DONE and (job.done, job.total) == (3, 3)
    page = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert reverse("web:job_file", args=[job.pk]) in page
    download = client.get(reverse("web:job_file", args=[job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    pages = [p.extract_text().replace(" ", "") for p in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) == 3
    mate_phone = phone_of(town.mate)[-8:]
    # rep_a's copy, rep_a2's, then the supervisor's own (their team in full)
    assert ["rep_a2" in p.split("\n")[0] for p in pages] == [False, True, False]
    assert [mate_phone in p for p in pages] == [False, True, True]
    entry = AuditEntry.objects.get(action="oversight.directory.exported")
    assert entry.data["format"] == "pdf" and entry.data["job"] == job.pk
    assert entry.data["copies"] == 3
    # the file is its asker's only
    other = client_for(town.world.supervisor_other_team)
    assert other.get(reverse("web:job_file", args=[job.pk])).status_code == 404


def test_only_roles_allowed_may_export(town: Town) -> None:
    world = town.world
    with pytest.raises(DomainError) as refused:
        export_directory(by=world.rep, filters=DirectoryFilters(), rep_id=None, file_format="xlsx")
    assert refused.value.code == CoreCode.FORBIDDEN
    assert client_for(world.rep).get(reverse("web:directory_xlsx")).status_code == 404
    assert client_for(world.admin).get(reverse("web:directory_xlsx")).status_code == 404
    # a copy for a rep out of scope is not found, like a missing one
    response = client_for(world.supervisor).get(
        reverse("web:directory_xlsx"), {"rep": world.rep_other_team.pk}
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="oversight.directory.exported").exists()


def test_the_managers_export_holds_a_copy_per_rep_of_the_department(town: Town) -> None:
    response = client_for(town.world.manager).get(reverse("web:directory_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"rep_a", "rep_a2", "rep_b", "sup_a", "sup_b"} <= set(workbook.sheetnames)
    assert "rep_c" not in workbook.sheetnames
    rows = sheet_rows(response.content, "rep_b")
    assert {r[1] for r in rows[1:]} == {"孙凤英"}


def test_an_export_over_the_row_limit_is_refused_with_a_clear_message(
    town: Town, settings: Any
) -> None:
    settings.LIANYI_EXPORT_MAX_ROWS = 3
    with pytest.raises(DomainError) as refused:
        export_directory(
            by=town.world.supervisor, filters=DirectoryFilters(), rep_id=None, file_format="xlsx"
        )
    assert refused.value.code == OversightCode.EXPORT_TOO_LARGE
    response = client_for(town.world.supervisor).get(reverse("web:directory_xlsx"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("web:directory"))
    assert "超过上限" in response.content.decode()
    # one rep's copy fits
    one = export_directory(
        by=town.world.supervisor,
        filters=DirectoryFilters(),
        rep_id=town.world.rep.pk,
        file_format="xlsx",
    )
    assert one.rows == 2


def test_export_and_box_query_counts_do_not_grow_with_rows(town: Town) -> None:
    world = town.world
    new = make_customer(world, name="陈桂香", compound=COMPOUND)
    # as the customer page reads it: through the one door, its places joined
    new = get_customer(user=world.rep, customer_id=new.pk)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as export_queries:
            export_directory(
                by=world.supervisor, filters=DirectoryFilters(), rep_id=None, file_format="xlsx"
            )
        with CaptureQueriesContext(connection) as box_queries:
            nearby_existing_customers(user=world.rep, customer=new)
        return len(export_queries), len(box_queries)

    few = count()
    for n in range(5):
        owner = world.rep if n % 2 else world.rep_same_team
        buy(
            town.shop,
            make_customer(world, owner=owner, name=f"郑{n}兰", compound=COMPOUND),
            by=owner,
        )
    assert count() == few
    boxes = nearby_existing_customers(user=world.rep, customer=new)
    assert boxes[0].total == 7 and len(boxes[0].entries) == 5  # a few names, the count


def test_the_supervisor_page_query_count_does_not_grow_with_rows(town: Town) -> None:
    world = town.world
    client = client_for(world.supervisor)
    url = reverse("web:directory")
    client.get(url, {"by": "work_unit"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"by": "work_unit"})
    for n in range(4):
        buy(town.shop, make_customer(world, name=f"冯{n}芳", compound=f"新村{n}"), by=world.rep)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"by": "work_unit"}).content.decode()
    assert 'data-total="6"' in html
    assert len(many) == len(few)
