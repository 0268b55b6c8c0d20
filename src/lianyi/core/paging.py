"""A page of a list and the list's total in one query: the rows come with ``COUNT(*) OVER ()``,
so that a page that shows "20 of 508" reads the list once instead of counting it first."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

MAX_PAGE = 1_000_000  # beyond it, the offset is not asked of the database


def counted_page(rows: QuerySet[Any], number: object, per_page: int) -> Page:
    """Page ``number`` (as ``Paginator.get_page`` takes it: anything not a whole number is the
    first page, a number below one or past the end the last) of ``rows``, an ordered
    ``values_list`` queryset, whose tuples become the page's items."""
    _ordering(rows)
    paginator = Paginator(rows, per_page)
    try:
        wanted = int(str(number))
    except ValueError:
        wanted = 1
    if wanted < 1 or wanted > MAX_PAGE:
        # as Django answers them: the last page (a number past any page, and one too large for
        # the database's OFFSET, is counted first)
        return paginator.get_page(wanted)
    found, total = _window(rows, offset=(wanted - 1) * per_page, limit=per_page)
    if not found and wanted > 1:
        return paginator.get_page(wanted)  # past the end: count, then the last page
    paginator.__dict__["count"] = total  # Paginator.count is a cached property
    return Page(found, wanted, paginator)


def _window(rows: QuerySet[Any], *, offset: int, limit: int) -> tuple[list[tuple[Any, ...]], int]:
    query = rows.query
    ordering = _ordering(rows)
    inner = rows.order_by()
    connection = connections[rows.db]
    sql, params = inner.query.get_compiler(using=rows.db).as_sql()
    # the names of the selected columns, in their order (a union: its first part's)
    first = query.combined_queries[0] if query.combinator else query
    if not first.selected:
        raise ValueError("counted_page needs a values_list queryset")
    columns = list(first.selected)
    qn = connection.ops.quote_name
    order = ", ".join(
        f"u.{qn(name.lstrip('-'))}{' DESC' if name.startswith('-') else ''}" for name in ordering
    )
    select = ", ".join(f"u.{qn(c)}" for c in columns)
    wrapped = (
        f"SELECT {select}, COUNT(*) OVER () FROM ({sql}) u ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(wrapped, (*params, limit, offset))
        fetched = cursor.fetchall()
    if not fetched:
        return [], 0
    return [tuple(row[:-1]) for row in fetched], fetched[0][-1]


def _ordering(rows: QuerySet[Any]) -> list[str]:
    ordering = [name for name in rows.query.order_by if isinstance(name, str)]
    if not ordering or len(ordering) != len(rows.query.order_by):
        raise ValueError("counted_page needs rows ordered by column names")
    return ordering
