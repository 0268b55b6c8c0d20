"""Exporting the attendance report to Excel (.xlsx, openpyxl). Exports leave the system with
customers' names in them: only users with the export capability may make one, and each is
written to the audit log."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from lianyi.core.audit import audit
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.oversight.selectors.attendance import AttendanceReport, Tally, attendance_report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.0%"
LOCAL_DATETIME = "yyyy-mm-dd hh:mm"


def _company_local(value: datetime, time_zone: str) -> datetime:
    """A spreadsheet has no time zones: write the wall-clock time of the company's own zone
    (09:30 in Shanghai, not 2026-12-12T01:30:00+00:00)."""
    return value.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


def _ratio(value: Any) -> float | None:
    return None if value is None else float(value) / 100


def _summary_row(kind: str, tally: Tally) -> list[Any]:
    return [
        kind,
        tally.team_label,
        tally.label,
        tally.attendees,
        tally.visited,
        tally.visited_and_came,
        len(tally.came_without_visits),
        len(tally.visited_not_came),
        _ratio(tally.attendance_rate),
        _ratio(tally.visited_share),
        tally.profiles_taken,
        tally.profiles_came,
    ]


def _append(sheet: Any, row: list[Any]) -> None:
    """Append ``row`` with its text kept as text: openpyxl stores a string that starts with
    "=" as a formula, and a customer's name is typed by a rep (``=HYPERLINK(...)`` would run
    in the spreadsheet of whoever opens the export)."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def attendance_workbook(report: AttendanceReport) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("汇总")
    gathering = report.gathering
    starts_at = _company_local(gathering.starts_at, gathering.company.time_zone)
    _append(summary, [_("联谊会"), gathering.name, starts_at])
    summary.cell(row=1, column=3).number_format = LOCAL_DATETIME
    _append(
        summary,
        [
            _("范围"),
            _("小组"),
            _("服务专员"),
            _("入场户数"),
            _("两次家访户数"),
            _("家访且到场"),
            _("未家访但到场"),
            _("家访但未到场"),
            _("家访到场率"),
            _("到场中家访占比"),
            _("已收贵宾档案"),
            _("档案客户到场"),
        ],
    )
    for cell in summary[2]:
        cell.font = Font(bold=True)
    rows = [_summary_row(_("专员"), t) for t in report.reps]
    rows += [_summary_row(_("小组"), t) for t in report.teams]
    rows.append(_summary_row(_("合计"), report.total))
    for row in rows:
        _append(summary, row)
        for cell in summary[summary.max_row][8:10]:
            cell.number_format = PERCENT
    details = workbook.create_sheet(_("明细"))
    _append(
        details,
        [
            _("小组"),
            _("服务专员"),
            pgettext("workbook column", "客户"),
            _("两次家访"),
            pgettext("workbook column", "入场"),
            _("情况"),
            _("已收贵宾档案"),
        ],
    )
    for cell in details[1]:
        cell.font = Font(bold=True)
    yes, no = _("是"), _("否")
    for h in report.households:
        if h.attended and not h.visited:
            status = _("未家访但到场")
        elif h.visited and not h.attended:
            status = _("家访但未到场")
        elif h.visited:
            status = _("家访且到场")
        else:
            status = _("未家访、未到场")
        _append(
            details,
            [
                str(h.team or ""),
                str(h.rep),
                h.customer_name,
                yes if h.visited else no,
                yes if h.attended else no,
                status,
                yes if h.profile_taken else no,
            ],
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def export_attendance(*, by: User, gathering_id: int) -> tuple[AttendanceReport, bytes]:
    """The report as an .xlsx file; the export is audited."""
    require_capability(by, Capability.REPORTS_EXPORT)
    report = attendance_report(user=by, gathering_id=gathering_id)
    content = attendance_workbook(report)
    audit(
        by,
        "gatherings.attendance.exported",
        report.gathering,
        data={"households": len(report.households), "bytes": len(content)},
    )
    return report, content
