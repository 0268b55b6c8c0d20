"""The attendance report's "profile taken" column: the daily profiles taken since the previous
gathering, compared with who came to this one (主管日常规定: keep them until after the next
gathering, then compare)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from lianyi.journey.models import Touchpoint
from lianyi.journey.steps import TouchpointKind
from lianyi.oversight.days import local_day_of
from lianyi.oversight.selectors.attendance import attendance_report
from lianyi.oversight.services.attendance import export_attendance
from lianyi.oversight.services.profiles import take_profile
from tests.conftest import World, make_customer
from tests.factories import GatheringFactory
from tests.gatherings.door import admit


def take_on_visit(world: World, customer, kind: str) -> dt.date:  # type: ignore[no-untyped-def]
    visit = Touchpoint.objects.get(customer=customer, kind=kind)
    day = local_day_of(world.company, visit.occurred_at)
    take_profile(by=world.supervisor, rep_id=customer.owner_id, day=day, customer_id=customer.pk)
    return day


def test_profiles_taken_since_the_previous_gathering_are_compared_with_attendees(
    world: World,
) -> None:
    # given a previous gathering 8 days ago (between make_customer's two visits)
    today = timezone.localdate()
    GatheringFactory(company=world.company, starts_at=timezone.now() - dt.timedelta(days=8))
    came = make_customer(world, step=5, name="王秀英")
    stayed_home = make_customer(world, step=5, owner=world.rep_same_team, name="李淑珍")
    before = make_customer(world, step=5, name="赵玉兰")
    admit(came, by=world.event_staff, gathering=world.gathering)
    # profiles taken on the second visits' day (after the previous gathering) ...
    assert take_on_visit(world, came, TouchpointKind.SECOND_VISIT) == today - dt.timedelta(days=7)
    take_on_visit(world, stayed_home, TouchpointKind.SECOND_VISIT)
    # ... and one on the first visits' day, before the previous gathering: not this round's
    take_on_visit(world, before, TouchpointKind.FIRST_VISIT)

    report = attendance_report(user=world.supervisor, gathering_id=world.gathering.pk)

    flags = {h.customer_name: h.profile_taken for h in report.households}
    assert flags == {"王秀英": True, "李淑珍": True, "赵玉兰": False}
    rep = next(t for t in report.reps if t.label == str(world.rep))
    other = next(t for t in report.reps if t.label == str(world.rep_same_team))
    assert (rep.profiles_taken, rep.profiles_came) == (1, 1)
    assert (other.profiles_taken, other.profiles_came) == (1, 0)
    assert (report.total.profiles_taken, report.total.profiles_came) == (2, 1)
    assert report.teams[0].profiles_taken == 2
    assert report.profiles_after == today - dt.timedelta(days=8)

    _, content = export_attendance(by=world.supervisor, gathering_id=world.gathering.pk)
    summary, details = load_workbook(BytesIO(content)).worksheets
    assert [c.value for c in summary[2]][-2:] == ["已收贵宾档案", "档案客户到场"]
    total_row = [c.value for c in summary[summary.max_row]]
    assert total_row[-2:] == [2, 1]
    profiled = {r[2]: r[-1] for r in details.iter_rows(min_row=2, values_only=True)}
    assert profiled == {"王秀英": "是", "李淑珍": "是", "赵玉兰": "否"}


def test_the_report_page_shows_the_profile_column(world: World, client) -> None:  # type: ignore[no-untyped-def]
    came = make_customer(world, step=5, name="王秀英")
    admit(came, by=world.event_staff, gathering=world.gathering)
    take_on_visit(world, came, TouchpointKind.SECOND_VISIT)
    client.force_login(world.supervisor)
    html = client.get(f"/gatherings/{world.gathering.pk}/attendance/").content.decode()
    assert "已收贵宾档案" in html and f'data-profile-taken="{came.pk}"' in html
