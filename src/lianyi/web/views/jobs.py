"""后台任务: the progress page of a job the user asked for (a route plan, a large PDF). It
polls itself with htmx until the job is over, then shows the result (or goes to it), or the
refusal in the user's language; a job's file is downloaded here, by its owner only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lianyi.core.models import Job, JobState
from lianyi.core.selectors import get_job, job_file
from lianyi.web.downloads import attachment
from lianyi.web.errors import not_found_as_404

# What each kind of job is called, where its result is shown, and whether the page goes
# there by itself when the job is done (a plan is shown on the routes page; a file waits for
# the tap that downloads it).
ROUTE_KINDS = {"gatherings.routes.plan", "gatherings.routes.move"}
PDF_KIND = "gatherings.invitations.pdf"
DIRECTORY_PDF_KIND = "oversight.directory.pdf"  # 老顾客资料, every rep's copy
FILE_KINDS = {PDF_KIND, DIRECTORY_PDF_KIND}


def _title(job: Job) -> str:
    if job.kind == "gatherings.routes.plan":
        return _("规划送函路线")
    if job.kind == "gatherings.routes.move":
        return _("改派并重排路线")
    if job.kind == PDF_KIND:
        return _("邀请函 PDF")
    if job.kind == DIRECTORY_PDF_KIND:
        return _("老顾客资料 PDF")
    return _("后台任务")


def _result_url(job: Job) -> str:
    if job.kind in ROUTE_KINDS:
        routes = reverse("web:gathering_routes", args=[job.params["gathering"]])
        return f"{routes}?day={job.params['day']}"
    if job.kind in FILE_KINDS:
        return reverse("web:job_file", args=[job.pk])
    return ""


def _back_url(job: Job) -> str:
    gathering = job.params.get("gathering")
    if job.kind in ROUTE_KINDS:
        return _result_url(job)
    if job.kind == PDF_KIND and gathering:
        return reverse("web:gathering_invitations", args=[gathering])
    if job.kind == DIRECTORY_PDF_KIND:
        return reverse("web:directory")
    return reverse("web:today")


def _context(job: Job) -> dict[str, Any]:
    return {
        "job": job,
        "title": _title(job),
        "result_url": _result_url(job) if job.state == JobState.DONE else "",
        "is_file": job.kind in FILE_KINDS,
        "back_url": _back_url(job),
        "poll_url": reverse("web:job_progress", args=[job.pk]),
    }


@login_required
@require_GET
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    with not_found_as_404():
        job = get_job(user=request.user, job_id=job_id)
    context = _context(job)
    if job.state == JobState.DONE and job.kind in ROUTE_KINDS:
        return redirect(context["result_url"])
    return render(request, "jobs/job.html", context)


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The partial the page polls; once a plan is done, htmx follows to the routes page."""
    with not_found_as_404():
        job = get_job(user=request.user, job_id=job_id)
    context = _context(job)
    response = render(request, "jobs/_progress.html", context)
    if job.state == JobState.DONE and job.kind in ROUTE_KINDS:
        response["HX-Redirect"] = context["result_url"]
    return response


@login_required
@require_GET
def download(request: HttpRequest, job_id: int) -> HttpResponseBase:
    with not_found_as_404():
        job, path = job_file(user=request.user, job_id=job_id)
    name = f"invitations-{job.params.get('gathering') or job.pk}{path.suffix}"
    if job.kind == DIRECTORY_PDF_KIND:
        name = f"directory-{job.pk}{path.suffix}"
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    return attachment(request, response, filename=name)
