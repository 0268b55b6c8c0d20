"""后台任务 pages: the progress page polls itself until the job is over, then shows (or goes to)
the result, or the refusal; another user's job is a 404; a big PDF batch goes through it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.core.models import Job, JobState
from lianyi.core.services import create_job, fail_job, finish_job, start_job, store_job_file
from lianyi.gatherings.models import DeliveryPlan
from lianyi.gatherings.services.routes import request_route_plan
from tests.gatherings.test_pdf_jobs import batch, needs_cjk_font
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


def queued_plan(world, day) -> Job:  # type: ignore[no-untyped-def]
    invited(world, day, where=("30.28", "120.16"))
    return request_route_plan(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )


def test_a_queued_job_page_polls_itself_every_second(world, login, delivery_day):  # noqa: F811
    job = queued_plan(world, delivery_day)
    response = login(world.supervisor).get(reverse("web:job", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'hx-get="{reverse("web:job_progress", args=[job.pk])}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'id="job-bar"' in html and "规划送函路线" in html


def test_the_partial_shows_progress_while_running(world, login):
    job, _ = create_job(by=world.rep, kind="gatherings.invitations.pdf", total=30)
    start_job(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(done=10)
    response = login(world.rep).get(reverse("web:job_progress", args=[job.pk]))
    html = response.content.decode()
    assert "<html" not in html  # the fragment alone, for htmx to swap in
    assert 'value="33"' in html and "10 / 30" in html
    assert 'hx-trigger="every 1s"' in html


def test_a_done_plan_goes_to_the_routes_of_its_day(
    world,
    login,
    delivery_day,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        job = queued_plan(world, delivery_day)
    client = login(world.supervisor)
    routes = f"{reverse('web:gathering_routes', args=[world.gathering.pk])}?day={delivery_day}"
    partial = client.get(reverse("web:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert partial["HX-Redirect"] == routes
    assert "hx-trigger" not in partial.content.decode()  # polling stops
    page = client.get(reverse("web:job", args=[job.pk]), follow=True)
    stop = DeliveryPlan.objects.get().stops.get()
    assert f'id="stop-{stop.invitation_id}"' in page.content.decode()


def test_a_failed_job_shows_its_message_and_stops_polling(world, login):
    job, _ = create_job(by=world.supervisor, kind="gatherings.routes.plan")
    job.params = {"gathering": world.gathering.pk, "day": "2026-12-03"}
    job.save(update_fields=["params"])
    start_job(job_id=job.pk)
    fail_job(job_id=job.pk, message="这一天没有约好送达的邀请函。", code="x")
    html = login(world.supervisor).get(reverse("web:job", args=[job.pk])).content.decode()
    assert 'id="job-error"' in html and "这一天没有约好送达的邀请函。" in html
    assert "hx-trigger" not in html


def test_another_users_job_and_its_file_are_404(world, login):
    job, _ = create_job(by=world.rep, kind="gatherings.invitations.pdf", total=21)
    start_job(job_id=job.pk)
    ref = store_job_file(job_id=job.pk, data=b"%PDF-1.7 test", suffix=".pdf")
    finish_job(job_id=job.pk, result_ref=ref)
    for name in ("web:job", "web:job_progress", "web:job_file"):
        for other in (world.supervisor, world.rep_same_team, world.admin):
            assert login(other).get(reverse(name, args=[job.pk])).status_code == 404
        assert login(world.rep).get(reverse(name, args=[job.pk + 99])).status_code == 404
    download = login(world.rep).get(reverse("web:job_file", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"
    assert "attachment" in download["Content-Disposition"]


@needs_cjk_font
def test_printing_more_than_20_goes_to_the_progress_page_and_downloads_the_pdf(
    world, login, django_capture_on_commit_callbacks
):
    ids = batch(world)
    client = login(world.rep)
    url = reverse("web:gathering_invitations_pdf", args=[world.gathering.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"ids": ids})
    job = Job.objects.get()
    assert job.state == JobState.DONE
    assert response.status_code == 302
    assert response["Location"] == reverse("web:job", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("web:job_file", args=[job.pk])}"' in html
    download = client.get(reverse("web:job_file", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@needs_cjk_font
def test_printing_20_still_answers_the_pdf_in_the_request(world, login):
    ids = batch(world, 20)
    url = reverse("web:gathering_invitations_pdf", args=[world.gathering.pk])
    response = login(world.rep).post(url, {"ids": ids})
    assert response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_the_progress_page_is_english_when_asked(world):
    from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

    running, _ = create_job(by=world.rep, kind="gatherings.invitations.pdf", total=30)
    start_job(job_id=running.pk)
    failed, _ = create_job(by=world.rep, kind="gatherings.invitations.pdf", total=30)
    start_job(job_id=failed.pk)
    fail_job(job_id=failed.pk, message="The background job went wrong", code="x")
    client = english_client(world.rep)
    for job in (running, failed):
        html = assert_english(client.get(reverse("web:job", args=[job.pk])), user_data(world))
        assert "Invitations PDF" in html


def test_the_routes_page_points_to_the_plan_being_made(world, login, delivery_day):  # noqa: F811
    job = queued_plan(world, delivery_day)
    routes = f"{reverse('web:gathering_routes', args=[world.gathering.pk])}?day={delivery_day}"
    html = login(world.supervisor).get(routes).content.decode()
    assert f'href="{reverse("web:job", args=[job.pk])}"' in html
    # another planner is not shown someone else's job
    assert 'id="routes-running"' not in login(world.manager).get(routes).content.decode()
