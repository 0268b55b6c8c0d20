"""What every dashboard shares: the filter (period, team, rep, gathering) checked once where it
enters, the customers it covers within the viewer's scope, and the shape of a figure (a table
with the chart drawn from it).

A supervisor's dashboards cover their team, a manager's their department, an administrator's
the company (``owner_scope``); a team, rep or gathering outside that scope answers exactly like
a missing one. Every read goes to :func:`lianyi.core.db.reporting_alias` (the read replica when
there is one). The figure modules (``dashboards_*.py``) read the raw tables with aggregate
queries whose number does not grow with the data; a summary table can later replace their
source without changing what they return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.core.db import reporting_alias
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.lookup import as_id
from lianyi.gatherings.models import Gathering, Invitation, InvitationState
from lianyi.gatherings.selectors.planning import visible_gatherings
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import Team, User
from lianyi.org.scoping import managed_reps, owner_scope
from lianyi.oversight.codes import OversightCode

DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_YEARS = 2


@dataclass(frozen=True)
class DashboardFilter:
    """A checked filter: a period of whole local days (both included) and, optionally, one team,
    one rep and one gathering, each within the viewer's scope."""

    start: date
    end: date
    time_zone: str
    team_id: int | None = None
    rep_id: int | None = None
    gathering_id: int | None = None

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=ZoneInfo(self.time_zone))

    @property
    def until(self) -> datetime:
        """The first moment after the period (the end day is included)."""
        return datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=ZoneInfo(self.time_zone)
        )

    def params(self) -> dict[str, str]:
        """The filter as the dashboards' query string (and the audit entry of an export)."""
        found = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name, value in (
            ("team", self.team_id),
            ("rep", self.rep_id),
            ("gathering", self.gathering_id),
        ):
            if value is not None:
                found[name] = str(value)
        return found


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def dashboard_teams(*, user: Any) -> QuerySet[Team]:
    """The teams whose figures ``user`` may read: those of the reps they direct."""
    reps = managed_reps(user, include_inactive=True).values("team_id")
    return Team.objects.using(reporting_alias()).filter(pk__in=reps).order_by("name", "pk")


def dashboard_reps(*, user: Any) -> QuerySet[User]:
    """The reps (and supervisors) whose figures ``user`` may read, by name."""
    return managed_reps(user, include_inactive=True).using(reporting_alias())


def dashboard_gatherings(*, user: Any) -> QuerySet[Gathering]:
    return visible_gatherings(user=user).using(reporting_alias())


def dashboard_filter(
    *,
    user: Any,
    start: date | None = None,
    end: date | None = None,
    team_id: Any = None,
    rep_id: Any = None,
    gathering_id: Any = None,
) -> DashboardFilter:
    """The filter the dashboards read, checked: the last 30 days unless told; a period that
    ends before it starts or is longer than two years is refused with a clear message; a team,
    rep or gathering out of scope (or of no one) raises NotFound like a missing one."""
    require_capability(user, Capability.DASHBOARDS_VIEW)
    time_zone = user.company.time_zone
    today = timezone.localdate(timezone=ZoneInfo(time_zone))
    end = end or (today if start is None else max(start, today))
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if end < start:
        raise DomainError(
            _("结束日期早于开始日期，请重新选择时间段。"),
            code=OversightCode.PERIOD_INVALID,
            extra={"field": "end"},
        )
    if start < _years_before(end, MAX_PERIOD_YEARS):
        raise DomainError(
            _("时间段最长 %(years)s 年，请缩短时间段。") % {"years": MAX_PERIOD_YEARS},
            code=OversightCode.PERIOD_INVALID,
            extra={"field": "start"},
        )
    team = _checked_id(dashboard_teams(user=user), team_id)
    rep = _checked_id(dashboard_reps(user=user), rep_id)
    if rep is not None and team is not None:
        # A rep of another team than the one chosen is no rep of this filter.
        _checked_id(dashboard_reps(user=user).filter(team_id=team), rep)
    gathering = _checked_id(dashboard_gatherings(user=user), gathering_id)
    return DashboardFilter(
        start=start,
        end=end,
        time_zone=time_zone,
        team_id=team,
        rep_id=rep,
        gathering_id=gathering,
    )


def _checked_id(rows: QuerySet[Any], value: Any) -> int | None:
    if value is None or value == "":
        return None
    number = as_id(value)
    if number is None or not rows.filter(pk=number).exists():
        raise NotFound()
    return number


def customer_scope(user: Any, f: DashboardFilter, *, prefix: str = "") -> Q:
    """The customers a figure covers (``prefix`` reaches them through a relation): the viewer's
    scope, narrowed to the filter's team, rep and gathering (its invited customers)."""
    condition = owner_scope(user, prefix=prefix)
    if f.team_id is not None:
        condition &= Q(**{f"{prefix}owner__team_id": f.team_id})
    if f.rep_id is not None:
        condition &= Q(**{f"{prefix}owner_id": f.rep_id})
    if f.gathering_id is not None:
        invited = Invitation.objects.filter(gathering_id=f.gathering_id).exclude(
            state=InvitationState.REVOKED
        )
        condition &= Q(**{f"{prefix}pk__in": invited.values("customer_id")})
    return condition


def in_period(f: DashboardFilter, field_name: str) -> Q:
    return Q(**{f"{field_name}__gte": f.since, f"{field_name}__lt": f.until})


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent with one place, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Cell:
    """One number of a table and, when customers stand behind it, the link to them: the
    figure's name and what narrows the filter (``{"rep": "12"}``)."""

    value: Any
    figure: str = ""
    narrow: dict[str, str] = field(default_factory=dict)


@dataclass
class Figure:
    """A table with its chart. ``rows`` hold plain values or :class:`Cell`; ``chart`` is the
    ECharts option the page draws (labels and numbers only, no personal data)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any]
    note: str = ""


def bar_chart(labels: list[str], series: list[tuple[str, list[Any]]]) -> dict[str, Any]:
    """Horizontal bars, one category per label (stacked when there are several series): what
    reads best on a phone 360 pixels wide."""
    stacked = len(series) > 1
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"show": stacked, "top": 0, "type": "scroll"},
        "grid": {
            "left": 8,
            "right": 36,
            "top": 28 if stacked else 8,
            "bottom": 8,
            "containLabel": True,
        },
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": labels, "inverse": True},
        "series": [
            {
                "type": "bar",
                "name": name,
                "data": [float(v) if isinstance(v, Decimal) else (v or 0) for v in values],
                "stack": "all" if stacked else None,
                "label": {"show": not stacked, "position": "right"},
            }
            for name, values in series
        ],
    }


def rep_labels(*, user: Any) -> dict[int, str]:
    """The names of the people whose customers the viewer's figures count, by id."""
    return {u.pk: str(u) for u in dashboard_reps(user=user)}


def customer_ids(rows: QuerySet[Any], field_name: str = "customer_id") -> QuerySet[Any]:
    """The distinct customer ids behind a queryset of records, as a subquery."""
    return rows.order_by().values(field_name)


def value_rows(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    """The rows of a ``values(...).annotate(...)`` query as plain dictionaries."""
    return [dict(row) for row in rows]
