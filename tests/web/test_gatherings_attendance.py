"""Attendance report page and its Excel download."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from lianyi.core.models import AuditEntry
from tests.conftest import World, make_customer
from tests.gatherings.door import admit


def test_the_supervisor_sees_the_report_and_downloads_a_workbook(world: World, login) -> None:  # type: ignore[no-untyped-def]
    admit(make_customer(world, step=5), by=world.event_staff, gathering=world.gathering)
    make_customer(world, step=5, name="王秀英")
    client = login(world.supervisor)
    page = client.get(reverse("web:attendance", args=[world.gathering.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "王秀英" in html and 'id="attendance-export"' in html
    assert "50.0%" in html  # one of the two visited households came
    response = client.get(reverse("web:attendance_export", args=[world.gathering.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.worksheets[1].max_row == 3
    assert AuditEntry.objects.filter(action="gatherings.attendance.exported").count() == 1


def test_reps_get_404_for_the_report_and_the_export(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.rep)
    assert client.get(reverse("web:attendance", args=[world.gathering.pk])).status_code == 404
    assert (
        client.get(reverse("web:attendance_export", args=[world.gathering.pk])).status_code == 404
    )
    assert not AuditEntry.objects.filter(action="gatherings.attendance.exported").exists()


def test_the_gathering_page_links_to_what_each_role_may_open(world: World, login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("web:gathering", args=[world.gathering.pk])
    supervisor = login(world.supervisor).get(url).content.decode()
    assert all(f'id="link-{name}"' in supervisor for name in ("draw", "engagement", "attendance"))
    rep = login(world.rep).get(url).content.decode()
    assert 'id="link-engagement"' in rep
    assert 'id="link-draw"' not in rep and 'id="link-attendance"' not in rep
