"""Exporting the existing-customer directory (老顾客资料): "one copy per rep", as one Excel
workbook with a sheet per rep or as one PDF with each rep's copy starting on a new page.

Each rep's copy is the directory as that rep sees it (``rep_copy``): their own customers in full,
their team-mates' limited to the name, the compound or work unit, the products and the owner. A
supervisor hands every rep their own copy, so a printed sheet never carries another rep's
customers' phones. One file rather than a zip of files: one download, one audit entry with the
filter used, and the supervisor prints or forwards the rep's sheet (or asks for one rep's copy
with the rep filter).

Exports leave the system with customers' names in them: only users with both the directory and
the export capability may make one, each is audited, and one over ``LIANYI_EXPORT_MAX_ROWS`` rows is
refused (a clear message, never a half file)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.models import Job
from lianyi.core.services import (
    count_progress,
    create_job,
    enqueue_on_commit,
    run_job,
    store_job_file,
)
from lianyi.customers.models import PlaceKind
from lianyi.gatherings.documents import cjk_font_available, cjk_font_families
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.models import User
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.selectors.directory import (
    DirectoryEntry,
    DirectoryFilters,
    directory_reps,
    rep_copy,
    rep_copy_size,
)
from lianyi.oversight.services.attendance import XLSX_CONTENT_TYPE

__all__ = [
    "PDF_JOB",
    "XLSX_CONTENT_TYPE",
    "DirectoryExport",
    "export_directory",
    "request_directory_pdf",
]

DOCUMENT_LANGUAGE = "zh-hans"
PDF_TEMPLATE = "oversight/directory_document.html"
# Every rep's copy in one PDF takes seconds (WeasyPrint lays out a page per rep or more): it is
# a background job with a progress page; one rep's copy is made in the request.
PDF_JOB = "oversight.directory.pdf"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def export_max_rows() -> int:
    """The most rows one export may hold (the same setting as the dashboards' exports)."""
    return int(settings.LIANYI_EXPORT_MAX_ROWS)


@dataclass(frozen=True)
class RepCopy:
    rep: User
    entries: list[DirectoryEntry]


@dataclass(frozen=True)
class DirectoryExport:
    content: bytes
    content_type: str
    filename: str
    copies: int
    rows: int


def copies_for(*, by: User, filters: DirectoryFilters, rep_id: int | None) -> list[RepCopy]:
    """Every rep's copy (or the one of ``rep_id``, NotFound outside ``by``'s directory)."""
    reps = directory_reps(user=by).filter(is_active=True)
    if rep_id is not None:
        reps = reps.filter(pk=rep_id)
    chosen = [r for r in reps if has_capability(r, Capability.DIRECTORY_VIEW)]
    if rep_id is not None and not chosen:
        raise NotFound()
    # Counted before anything is read: a refused export never loads its rows.
    rows = sum(rep_copy_size(rep=rep, filters=filters) for rep in chosen)
    limit = export_max_rows()
    if rows > limit:
        raise DomainError(
            _("导出共 %(rows)s 行，超过上限 %(limit)s 行；请按服务专员或小区缩小范围。")
            % {"rows": rows, "limit": limit},
            code=OversightCode.EXPORT_TOO_LARGE,
            extra={"rows": rows, "limit": limit},
        )
    return [RepCopy(rep, rep_copy(rep=rep, filters=filters)) for rep in chosen]


def _append(sheet: Any, row: list[Any]) -> None:
    """Append ``row`` with text kept as text (a name typed as ``=HYPERLINK(...)`` is no
    formula in the spreadsheet of whoever opens it)."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _sheet_title(rep: User, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", str(rep)).strip()[:25] or str(rep.pk)
    title, n = base, 2
    while title in taken:
        title = f"{base} ({n})"
        n += 1
    taken.add(title)
    return title


def _place_heading(filters: DirectoryFilters) -> str:
    return _("小区") if filters.by == PlaceKind.COMPOUND else _("单位")


def directory_workbook(copies: list[RepCopy], filters: DirectoryFilters) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("汇总")
    _append(
        summary, [_("老顾客资料"), _("按小区") if filters.by == PlaceKind.COMPOUND else _("按单位")]
    )
    _append(summary, [_("服务专员"), _("小组"), _("本人客户"), _("其他专员的客户"), _("合计")])
    for cell in summary[2]:
        cell.font = Font(bold=True)
    taken = {summary.title}
    header = [
        _place_heading(filters),
        _("客户"),
        _("称呼"),
        _("已购商品"),
        _("归属专员"),
        _("电话"),
        _("区"),
        _("楼栋门牌"),
    ]
    for copy in copies:
        own = sum(e.full for e in copy.entries)
        _append(
            summary,
            [
                str(copy.rep),
                str(copy.rep.team or ""),
                own,
                len(copy.entries) - own,
                len(copy.entries),
            ],
        )
        sheet = workbook.create_sheet(_sheet_title(copy.rep, taken))
        _append(sheet, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for e in copy.entries:
            _append(
                sheet,
                [
                    e.place or _("未填"),
                    e.name,
                    e.polite,
                    "、".join(e.products),
                    e.owner,
                    e.phone,
                    e.district,
                    e.building,
                ],
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_directory_html(copies: list[RepCopy], filters: DirectoryFilters, *, company: Any) -> str:
    context = {
        "copies": copies,
        "place_heading": _place_heading(filters),
        "by_compound": filters.by == PlaceKind.COMPOUND,
        "fonts": cjk_font_families(),
        "printed_at": now(),
        "company": company,
    }
    with translation.override(DOCUMENT_LANGUAGE), timezone.override(company.time_zone):
        return render_to_string(PDF_TEMPLATE, context)


def ensure_cjk_font() -> None:
    """Refused (``oversight.no_cjk_font``, 503) rather than printing boxes for the Chinese."""
    if not cjk_font_available():
        raise DomainError(
            _("服务器没有中文字体，无法生成 PDF，请管理员安装（如 fonts-noto-cjk）。"),
            code=OversightCode.NO_CJK_FONT,
            status=503,
        )


def directory_pdf(
    copies: list[RepCopy],
    filters: DirectoryFilters,
    *,
    company: Any,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Each rep's copy from a new A4 page; ``progress(done, total)`` after each copy."""
    from weasyprint import HTML  # loads Pango: only the processes that print pay for it

    ensure_cjk_font()
    documents = []
    for done, copy in enumerate(copies, start=1):
        html = render_directory_html([copy], filters, company=company)
        documents.append(HTML(string=html).render())
        if progress is not None:
            progress(done, len(copies))
    if not documents:
        html = render_directory_html([], filters, company=company)
        return bytes(HTML(string=html).write_pdf())
    pages = [page for document in documents for page in document.pages]
    return bytes(documents[0].copy(pages).write_pdf())


@transaction.atomic
def export_directory(
    *, by: User, filters: DirectoryFilters, rep_id: int | None, file_format: str
) -> DirectoryExport:
    """The directory's rep copies as ``xlsx`` or ``pdf``; audited with the filter used."""
    require_capability(by, Capability.DIRECTORY_VIEW)
    require_capability(by, Capability.REPORTS_EXPORT)
    copies = copies_for(by=by, filters=filters, rep_id=rep_id)
    stamp = timezone.localdate()
    if file_format == "pdf":
        content = directory_pdf(copies, filters, company=by.company)
        content_type, ext = "application/pdf", "pdf"
    else:
        content = directory_workbook(copies, filters)
        content_type, ext = XLSX_CONTENT_TYPE, "xlsx"
    rows = sum(len(c.entries) for c in copies)
    _audit_export(
        by,
        file_format=ext,
        filters=filters,
        rep_id=rep_id,
        copies=len(copies),
        rows=rows,
        bytes=len(content),
    )
    return DirectoryExport(
        content=content,
        content_type=content_type,
        filename=f"directory-{filters.by}-{stamp:%Y%m%d}.{ext}",
        copies=len(copies),
        rows=rows,
    )


def _audit_export(
    by: User, *, file_format: str, filters: DirectoryFilters, rep_id: int | None, **data: Any
) -> None:
    audit(
        by,
        "oversight.directory.exported",
        data={"format": file_format, "filter": {**filters.as_audit(), "rep_id": rep_id}, **data},
    )


@transaction.atomic
def request_directory_pdf(*, by: User, filters: DirectoryFilters, rep_id: int | None) -> Job:
    """Every rep's copy as one PDF, made by the worker (a job with a progress page). Scope, the
    row limit and the font are checked now; the export is audited when asked for."""
    from lianyi.oversight.tasks import directory_pdf_task  # the tasks import this module

    require_capability(by, Capability.DIRECTORY_VIEW)
    require_capability(by, Capability.REPORTS_EXPORT)
    copies = copies_for(by=by, filters=filters, rep_id=rep_id)
    ensure_cjk_font()
    params = {"by": filters.by, "place_id": filters.place_id, "rep_id": rep_id}
    job, _created = create_job(by=by, kind=PDF_JOB, params=params, total=len(copies))
    enqueue_on_commit(job, directory_pdf_task)
    _audit_export(
        by,
        file_format="pdf",
        filters=filters,
        rep_id=rep_id,
        copies=len(copies),
        rows=sum(len(c.entries) for c in copies),
        job=job.pk,
    )
    return job


def run_directory_pdf_job(*, job_id: int) -> Job:
    """The worker's side of :func:`request_directory_pdf`: the copies read again (as they are
    now, within the asker's scope now), laid out with progress, stored as the job's file."""

    def work(job: Job) -> str:
        by = job.created_by
        filters = DirectoryFilters(by=job.params["by"], place_id=job.params["place_id"])
        copies = copies_for(by=by, filters=filters, rep_id=job.params["rep_id"])
        pdf = directory_pdf(copies, filters, company=by.company, progress=count_progress(job.pk))
        return store_job_file(job_id=job.pk, data=pdf, suffix=".pdf")

    return run_job(job_id=job_id, work=work)
