"""The dashboards' pages put together: which figures each section shows, one figure by its key
(for an export) and the customers behind any number (a scoped list, by name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from lianyi.core.db import reporting_alias
from lianyi.core.errors import NotFound
from lianyi.customers.models import Customer
from lianyi.oversight.selectors import (
    dashboards_adherence,
    dashboards_aftercare,
    dashboards_funnel,
    dashboards_gatherings,
)
from lianyi.oversight.selectors.dashboards import DashboardFilter, Figure, customer_scope

FigureReader = Callable[..., Figure]

SECTIONS: dict[str, list[tuple[str, FigureReader]]] = {
    "journey": [
        ("funnel", dashboards_funnel.funnel),
        ("adherence", dashboards_adherence.adherence),
        ("second_calls", dashboards_adherence.second_call_window),
        ("overdue", dashboards_adherence.overdue),
    ],
    "aftercare": [
        ("tasks", dashboards_aftercare.programme_tasks),
        ("satisfaction", dashboards_aftercare.satisfaction),
        ("cases", dashboards_aftercare.cases),
        ("confirmations", dashboards_aftercare.confirmation_calls),
        ("returns", dashboards_aftercare.returns),
    ],
    "gatherings": [("gatherings", dashboards_gatherings.gatherings)],
}


def section_figures(*, user: Any, f: DashboardFilter, section: str) -> list[Figure]:
    """The figures of one section; an unknown section is NotFound."""
    if section not in SECTIONS:
        raise NotFound()
    return [read(user=user, f=f) for _key, read in SECTIONS[section]]


def figure(*, user: Any, f: DashboardFilter, key: str) -> Figure:
    for figures in SECTIONS.values():
        for name, read in figures:
            if name == key:
                return read(user=user, f=f)
    raise NotFound()


def _behind(user: Any, f: DashboardFilter, name: str) -> QuerySet[Customer]:
    group, _dot, rest = name.partition(".")
    if group == "funnel" and rest in dashboards_funnel.STEP_NAMES:
        return dashboards_funnel.customers_at_step(user=user, f=f, step=rest)
    if group == "adherence" and rest in ("due", "incomplete"):
        rows = dashboards_adherence.due_invitations(user=user, f=f)
        if rest == "incomplete":
            rows = rows.exclude(dashboards_adherence.COMPLETE)
        return Customer.objects.using(reporting_alias()).filter(
            pk__in=rows.order_by().values("customer_id")
        )
    if name == "adherence.late_second_call":
        ids = dashboards_adherence.late_second_call_customers(user=user, f=f)
        return Customer.objects.using(reporting_alias()).filter(pk__in=ids)
    if group == "overdue" and rest in dashboards_adherence.BUCKET_NAMES:
        return dashboards_adherence.overdue_customers(user=user, f=f, bucket=rest)
    if group == "gathering" and rest in dashboards_gatherings.METRIC_NAMES:
        return dashboards_gatherings.gathering_customers(user=user, f=f, metric=rest)
    try:
        return dashboards_aftercare.aftercare_customers(user=user, f=f, figure=name)
    except ValueError:
        raise NotFound() from None


def figure_customers(*, user: Any, f: DashboardFilter, figure_name: str) -> QuerySet[Customer]:
    """The customers behind the number ``figure_name`` names (``funnel.attended``,
    ``overdue.3_7d``...) under the filter, within the viewer's scope, by name; an unknown
    figure is NotFound like a missing record."""
    rows = _behind(user, f, str(figure_name or "")[:64])
    return (
        rows.filter(customer_scope(user, f))
        .select_related("owner__team", "compound")
        .order_by("name", "pk")
    )
