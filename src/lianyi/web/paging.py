"""One way to page a list: the page size, the total, the previous and next pages, and links that
keep the list's filters. ``?page=abc`` is the first page, ``?page=999999`` the last: a page number
never answers 500. The pager template is ``web/_pager.html``; with ``target`` its links also swap
just the list through htmx (and push the address, so reload and back land on the same page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 50
# A page number longer than this is not a page number (and int() of it costs time).
MAX_PAGE_PARAM = 9


@dataclass(frozen=True)
class Paged:
    """One page of a list and what the pager shows."""

    page: Page[Any]
    query: str  # the other GET parameters, urlencoded, without ``page``

    @property
    def items(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def total(self) -> int:
        return int(self.page.paginator.count)

    @property
    def number(self) -> int:
        return int(self.page.number)

    @property
    def num_pages(self) -> int:
        return int(self.page.paginator.num_pages)

    @property
    def first(self) -> int:
        return int(self.page.start_index())

    @property
    def last(self) -> int:
        return int(self.page.end_index())

    @property
    def previous_query(self) -> str:
        return self._with_page(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_query(self) -> str:
        return self._with_page(self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def paged(self) -> bool:
        return self.num_pages > 1

    def _with_page(self, number: int) -> str:
        return f"?{self.query}&page={number}" if self.query else f"?page={number}"


def page_number(request: HttpRequest, name: str = "page") -> str:
    """The page asked for, as the paginator's ``get_page`` takes it (it turns a bad value into the
    first page and one past the end into the last)."""
    raw = str(request.GET.get(name) or "1").strip()
    return raw if raw.isdigit() and len(raw) <= MAX_PAGE_PARAM else "1"


def filters_query(request: HttpRequest, drop: Sequence[str] = ("page",)) -> str:
    """The request's GET parameters without the page (and anything else in ``drop``), with the
    empty ones left out, for the pager's links."""
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key in drop:
            continue
        kept = [v for v in values if v != ""]
        if kept:
            query.setlist(key, kept)
    return query.urlencode()


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int = PAGE_SIZE,
) -> Paged:
    """The requested page of ``rows`` (a queryset is counted with one COUNT and sliced with one
    LIMIT/OFFSET; the selector has already joined what the rows show)."""
    page = Paginator(rows, per_page).get_page(page_number(request))
    return Paged(page=page, query=filters_query(request))
