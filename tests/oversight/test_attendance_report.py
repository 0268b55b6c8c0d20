"""The attendance report: who came against who had both home visits, per rep and team; the
Excel export is real, allowed to few and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.oversight.selectors.attendance import attendance_report
from lianyi.oversight.services.attendance import export_attendance
from tests.conftest import World, make_customer
from tests.gatherings.door import admit


def came(world: World, owner=None, step: int = 5):  # type: ignore[no-untyped-def]
    customer = make_customer(world, step=step, owner=owner or world.rep)
    admit(customer, by=world.event_staff, gathering=world.gathering)
    return customer


def came_without_second_visit(world: World, owner=None):  # type: ignore[no-untyped-def]
    """Invited on the second call, but the invitation never handed over at a home visit."""
    customer = make_customer(world, step=4, owner=owner or world.rep)
    admit(customer, by=world.event_staff, gathering=world.gathering)
    return customer


@pytest.fixture
def day(world: World) -> World:
    # rep: 2 visited and came, 1 visited and stayed home, 1 came without the second visit
    came(world)
    came(world)
    make_customer(world, step=5, name="王秀英")
    came_without_second_visit(world)
    # rep_same_team: 1 visited and came
    came(world, owner=world.rep_same_team)
    # rep_other_team (same department): 1 visited, stayed home
    make_customer(world, step=5, owner=world.rep_other_team)
    return world


def test_per_rep_counts_lists_and_rates(day: World) -> None:
    report = attendance_report(user=day.supervisor, gathering_id=day.gathering.pk)
    rep = next(t for t in report.reps if t.label == str(day.rep))
    assert (rep.attendees, rep.visited, rep.visited_and_came) == (3, 3, 2)
    assert [h.customer_name for h in rep.visited_not_came] == ["王秀英"]
    assert len(rep.came_without_visits) == 1
    assert rep.attendance_rate == Decimal("66.7")
    assert rep.visited_share == Decimal("66.7")
    # the supervisor's team only: two reps, one team
    assert {t.label for t in report.reps} == {str(day.rep), str(day.rep_same_team)}
    assert [t.label for t in report.teams] == [str(day.rep.team)]
    assert (report.total.attendees, report.total.visited) == (4, 4)


def test_the_manager_sees_the_department_per_team(day: World) -> None:
    report = attendance_report(user=day.manager, gathering_id=day.gathering.pk)
    assert len(report.teams) == 2
    other = next(t for t in report.teams if t.label == str(day.rep_other_team.team))
    assert (other.attendees, other.visited, other.attendance_rate, other.visited_share) == (
        0,
        1,
        Decimal("0.0"),
        None,
    )


def test_a_rate_with_nothing_to_divide_is_empty_not_zero(world: World) -> None:
    came_without_second_visit(world)
    report = attendance_report(user=world.supervisor, gathering_id=world.gathering.pk)
    assert report.total.attendance_rate is None and report.total.visited_share == Decimal("0.0")


@pytest.mark.parametrize("who", ["rep", "service", "event_staff"])
def test_reps_and_others_do_not_read_the_report(world: World, who: str) -> None:
    with pytest.raises(DomainError) as excinfo:
        attendance_report(user=getattr(world, who), gathering_id=world.gathering.pk)
    assert excinfo.value.code == "forbidden"


def test_another_companys_gathering_is_not_found(world: World) -> None:
    with pytest.raises(DomainError) as excinfo:
        attendance_report(user=world.outsider_admin, gathering_id=world.gathering.pk)
    assert excinfo.value.code == "not_found"


def test_the_export_is_a_real_workbook_and_is_audited(day: World) -> None:
    report, content = export_attendance(by=day.supervisor, gathering_id=day.gathering.pk)
    workbook = load_workbook(BytesIO(content))
    summary, details = workbook.worksheets
    header = [c.value for c in summary[2]]
    assert header[3:6] == ["入场户数", "两次家访户数", "家访且到场"]
    rep_row = next(
        r for r in summary.iter_rows(min_row=3, values_only=True) if r[2] == str(day.rep)
    )
    assert rep_row[3:8] == (3, 3, 2, 1, 1)
    assert rep_row[8] == pytest.approx(2 / 3, abs=0.001)
    assert details.max_row == 1 + len(report.households) == 6
    assert "王秀英" in [r[2] for r in details.iter_rows(min_row=2, values_only=True)]
    entry = AuditEntry.objects.get(action="gatherings.attendance.exported")
    assert entry.actor == day.supervisor and entry.data["households"] == 5


def test_only_users_allowed_to_export_may_export(world: World) -> None:
    with pytest.raises(DomainError) as excinfo:
        export_attendance(by=world.rep, gathering_id=world.gathering.pk)
    assert excinfo.value.code == "forbidden"
    assert not AuditEntry.objects.filter(action="gatherings.attendance.exported").exists()


def test_query_count_does_not_grow_with_rows(world: World) -> None:
    came(world)
    with CaptureQueriesContext(connection) as few:
        attendance_report(user=world.admin, gathering_id=world.gathering.pk)
    for owner in (world.rep, world.rep_same_team, world.rep_other_team, world.rep_other_dept):
        came(world, owner=owner)
        make_customer(world, step=5, owner=owner)
    with CaptureQueriesContext(connection) as many:
        report = attendance_report(user=world.admin, gathering_id=world.gathering.pk)
    assert len(report.households) == 9
    assert len(many) == len(few)


def test_a_name_typed_as_a_formula_is_exported_as_text(world: World) -> None:
    # given a customer whose name a rep typed as a spreadsheet formula
    name = '=HYPERLINK("http://example.com","张")'
    make_customer(world, step=5, name=name)
    # when the report is exported
    _report, content = export_attendance(by=world.supervisor, gathering_id=world.gathering.pk)
    # then the cell holds the text, not a formula that would run when the file is opened
    details = load_workbook(BytesIO(content)).worksheets[1]
    [cell] = [row[2] for row in details.iter_rows(min_row=2) if row[2].value == name]
    assert cell.data_type == "s"


def test_the_workbook_shows_the_start_in_the_companys_local_time(world: World) -> None:
    # given a gathering at 09:30 Shanghai time (01:30 UTC)
    world.gathering.starts_at = dt.datetime(2026, 12, 12, 1, 30, tzinfo=dt.UTC)
    world.gathering.save(update_fields=["starts_at"])
    # when the report is exported
    _report, content = export_attendance(by=world.supervisor, gathering_id=world.gathering.pk)
    # then the cell is the wall-clock time in the company's zone, not a UTC ISO string
    cell = load_workbook(BytesIO(content)).worksheets[0].cell(row=1, column=3)
    assert cell.value == dt.datetime(2026, 12, 12, 9, 30)
    assert cell.number_format == "yyyy-mm-dd hh:mm"
