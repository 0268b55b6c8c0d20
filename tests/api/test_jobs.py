"""The API's side of background work: a large PDF batch answers 202 with its job, whose state
is read at /api/jobs/{id} by the caller only."""

from __future__ import annotations

import pytest

from lianyi.core.errors import CoreCode
from lianyi.core.models import Job, JobState
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.services.printing import revoke_invitation
from tests.api.conftest import assert_error
from tests.gatherings.test_pdf_jobs import batch, needs_cjk_font


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


@needs_cjk_font
def test_a_large_batch_answers_202_with_the_job_and_its_status_url(
    world, api_client_for, django_capture_on_commit_callbacks
):
    ids = batch(world)
    api = api_client_for(world.rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/invitations/pdf", {"ids": ids})
    assert response.status_code == 202, response.content
    body = response.json()
    job = Job.objects.get()
    assert body == {"job": job.pk, "state": "queued", "status_url": f"/api/jobs/{job.pk}"}
    status = api.get(f"/jobs/{job.pk}").json()
    assert (status["state"], status["done"], status["total"]) == (JobState.DONE, 21, 21)
    assert status["kind"] == "gatherings.invitations.pdf"


def test_a_refused_batch_keeps_the_error_shape_and_queues_nothing(world, api_client_for):
    ids = batch(world)
    revoke_invitation(by=world.rep, invitation_id=ids[0], reason="改期")
    response = api_client_for(world.rep).post("/invitations/pdf", {"ids": ids})
    assert_error(response, 409, GatheringCode.INVITATION_REVOKED)
    assert not Job.objects.exists()


def test_another_users_job_answers_404_like_a_missing_one(world, api_client_for):
    from lianyi.core.services import create_job

    job, _ = create_job(by=world.rep, kind="gatherings.invitations.pdf")
    assert api_client_for(world.rep).get(f"/jobs/{job.pk}").status_code == 200
    for other in (world.supervisor, world.admin, world.outsider_admin):
        assert_error(api_client_for(other).get(f"/jobs/{job.pk}"), 404, CoreCode.NOT_FOUND)
    assert_error(api_client_for(world.rep).get(f"/jobs/{job.pk + 9}"), 404, CoreCode.NOT_FOUND)
