"""Exporting the dashboards to Excel (.xlsx, openpyxl): a figure's table, or the customers
behind one of its numbers. Exports name reps and customers, so only roles with the export
capability make them; each is written to the audit log with the filter used; one holding more
rows than ``LIANYI_EXPORT_MAX_ROWS`` is refused, never cut short."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from lianyi.core.audit import audit
from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.selectors.dashboards import Cell, DashboardFilter, Figure
from lianyi.oversight.selectors.dashboards_customers import figure, figure_customers
from lianyi.oversight.services.attendance import _append


def export_row_limit() -> int:
    return int(settings.LIANYI_EXPORT_MAX_ROWS)


def _refuse_over_limit(rows: int) -> None:
    limit = export_row_limit()
    if rows > limit:
        raise DomainError(
            _("导出共 %(rows)s 行，超过每次最多 %(limit)s 行：请缩短时间段或选择小组、专员。")
            % {"rows": rows, "limit": limit},
            code=OversightCode.EXPORT_TOO_LARGE,
            extra={"rows": rows, "limit": limit},
        )


def _plain(value: Any) -> Any:
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _filter_lines(f: DashboardFilter) -> list[list[Any]]:
    return [[_("时间段"), f.start.isoformat(), f.end.isoformat()]]


def figure_workbook(table: Figure, f: DashboardFilter) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.key
    _append(sheet, [table.title])
    for line in _filter_lines(f):
        _append(sheet, line)
    _append(sheet, list(table.columns))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        _append(sheet, [_plain(v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def export_figure(*, by: User, f: DashboardFilter, key: str) -> tuple[Figure, bytes]:
    """One figure's table as an .xlsx file, audited with the filter."""
    require_capability(by, Capability.REPORTS_EXPORT)
    table = figure(user=by, f=f, key=key)
    _refuse_over_limit(len(table.rows))
    content = figure_workbook(table, f)
    audit(
        by,
        "oversight.dashboard.exported",
        data={"figure": key, "filter": f.params(), "rows": len(table.rows)},
    )
    return table, content


@transaction.atomic
def export_figure_customers(*, by: User, f: DashboardFilter, figure_name: str) -> bytes:
    """The customers behind one number as an .xlsx file (name, owner, team, compound, step,
    registration day; no phone or address), audited with the filter; over the row limit it is
    refused before anything is read."""
    require_capability(by, Capability.REPORTS_EXPORT)
    rows = figure_customers(user=by, f=f, figure_name=figure_name)
    total = rows.count()
    _refuse_over_limit(total)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("客户")
    _append(sheet, [figure_name, f.start.isoformat(), f.end.isoformat()])
    _append(
        sheet,
        [
            pgettext("workbook column", "客户"),
            _("服务专员"),
            _("小组"),
            _("小区"),
            _("当前步骤"),
            _("登记日期"),
        ],
    )
    for customer in rows.iterator(chunk_size=2000):
        _append(
            sheet,
            [
                customer.name,
                str(customer.owner),
                str(customer.owner.team or ""),
                str(customer.compound or ""),
                str(customer.get_step_display()),
                customer.created_at.date().isoformat(),
            ],
        )
    buffer = BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    audit(
        by,
        "oversight.dashboard.customers_exported",
        data={"figure": figure_name, "filter": f.params(), "rows": total},
    )
    return content
