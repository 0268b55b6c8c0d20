"""counted_page: a page of a list and its total in one query, as Django's Paginator would give
them in two (the same items, the same total, the same answer to a bad or too large number)."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, IntegerField, Value
from django.test.utils import CaptureQueriesContext

from lianyi.core.paging import counted_page
from lianyi.customers.models import Customer
from tests.conftest import World, make_customer


def keys(world: World):  # type: ignore[no-untyped-def]
    """A union like the today page's: two kinds of row, each with its own due column."""
    mine = Customer.objects.filter(owner=world.rep)
    first = (
        mine.filter(step__lte=2)
        .order_by()
        .annotate(row_kind=Value(0, output_field=IntegerField()), row_due=F("created_at"))
        .values_list("row_kind", "id", "row_due")
    )
    second = (
        mine.filter(step__gt=2)
        .order_by()
        .annotate(row_kind=Value(1, output_field=IntegerField()), row_due=F("created_at"))
        .values_list("row_kind", "id", "row_due")
    )
    return first.union(second, all=True).order_by("row_kind", "-id")


@pytest.fixture
def listed(world: World) -> World:
    for step in (0, 1, 2, 3, 4, 5, 1):
        make_customer(world, step=step)
    return world


@pytest.mark.parametrize(
    "number", [1, 2, 3, "2", None, "", "x", "0", "-1", "4", "999", "99999999999999999999"]
)
def test_a_counted_page_is_the_paginators_page(listed: World, number: object) -> None:
    expected = Paginator(keys(listed), 3).get_page(number)
    page = counted_page(keys(listed), number, 3)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == 7
    assert [row[:2] for row in page.object_list] == [row[:2] for row in expected.object_list]
    assert (page.has_next(), page.has_previous()) == (expected.has_next(), expected.has_previous())
    assert (page.start_index(), page.end_index()) == (expected.start_index(), expected.end_index())


def test_a_page_and_its_total_are_one_query(listed: World) -> None:
    with CaptureQueriesContext(connection) as ctx:
        page = counted_page(keys(listed), 2, 3)
        assert page.paginator.count == 7 and len(page.object_list) == 3
        assert page.has_next()
    assert len(ctx.captured_queries) == 1


def test_an_empty_list_is_one_empty_first_page(world: World) -> None:
    page = counted_page(keys(world), 1, 3)
    assert page.paginator.count == 0 and list(page.object_list) == []
    assert page.number == 1 and not page.has_next()


def test_rows_without_an_ordering_are_refused(listed: World) -> None:
    with pytest.raises(ValueError):
        counted_page(keys(listed).order_by(), 1, 3)
