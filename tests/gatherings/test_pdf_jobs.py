"""A batch of more than 20 invitations becomes one PDF made in the background, with progress;
the file is private to the person who asked for it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry, Job, JobState
from lianyi.core.services import private_dir
from lianyi.gatherings import documents
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import InvitationState
from lianyi.gatherings.services import printing
from lianyi.gatherings.services.printing import (
    PDF_IN_REQUEST_MAX,
    request_invitations_pdf,
    revoke_invitation,
)
from lianyi.gatherings.tasks import invitations_pdf_task
from tests.conftest import make_customer

needs_cjk_font = pytest.mark.skipif(
    not documents.cjk_font_available(), reason="no CJK font installed (fc-list :lang=zh)"
)

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


def batch(world, n: int = PDF_IN_REQUEST_MAX + 1) -> list[int]:  # type: ignore[no-untyped-def]
    return [
        make_customer(world, step=4, name=f"{SURNAMES[i]}桂兰").invitations.get().pk
        for i in range(n)
    ]


@needs_cjk_font
def test_a_large_batch_is_rendered_by_the_task_with_progress_and_marked_printed(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    ids = batch(world)
    seen: list[tuple[int, int]] = []
    real = documents.render_invitations_pdf

    def watched(invitations, *, progress=None):  # type: ignore[no-untyped-def]
        def report(done: int, total: int) -> None:
            assert progress is not None
            progress(done, total)
            job = Job.objects.get()
            seen.append((job.done, job.total))

        return real(invitations, progress=report)

    monkeypatch.setattr(printing, "render_invitations_pdf", watched)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_invitations_pdf(by=world.rep, invitation_ids=ids)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    # progress counted invitations laid out, chunk by chunk, up to all of them
    assert seen == [(10, 21), (20, 21), (21, 21)]
    path = private_dir() / job.result_ref
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    assert len(pages) == len(ids)
    assert "桂兰" in (pages[-1].extract_text() or "")
    states = set(world.gathering.invitations.values_list("state", flat=True))
    assert states == {InvitationState.PRINTED}
    assert AuditEntry.objects.filter(action="gatherings.invitations.pdf_requested").count() == 1
    assert AuditEntry.objects.filter(action="gatherings.invitation.printed").count() == len(ids)


def test_a_batch_is_checked_at_once(world):
    ids = batch(world, 2)
    revoke_invitation(by=world.rep, invitation_id=ids[1], reason="改期")
    with pytest.raises(DomainError) as error:
        request_invitations_pdf(by=world.rep, invitation_ids=ids)
    assert error.value.code == GatheringCode.INVITATION_REVOKED
    with pytest.raises(DomainError) as error:
        request_invitations_pdf(by=world.rep_other_team, invitation_ids=ids[:1])
    assert error.value.code == CoreCode.NOT_FOUND
    assert not Job.objects.exists()


@needs_cjk_font
def test_one_revoked_before_the_worker_runs_fails_the_job_and_marks_nothing(world):
    ids = batch(world, 3)
    job = request_invitations_pdf(by=world.rep, invitation_ids=ids)
    revoke_invitation(by=world.rep, invitation_id=ids[0], reason="改期")
    invitations_pdf_task.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_code == GatheringCode.INVITATION_REVOKED
    assert job.message == "邀请函已作废，不能打印。"
    states = set(world.gathering.invitations.values_list("state", flat=True))
    assert InvitationState.PRINTED not in states
    assert not (private_dir() / "jobs").exists() or not any((private_dir() / "jobs").iterdir())
