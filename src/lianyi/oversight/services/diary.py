"""主管工作日志: a supervisor writes, per day, a plan, a summary and the main points of the talks
with each staff member of the team. No diary for a day to come; an edit after the day keeps the
text it replaces as a version (edits on the day itself are drafting and overwrite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, NotFound, Problems
from lianyi.core.validation import clean_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.days import company_today, require_past_or_today
from lianyi.oversight.locks import lock_diary_day
from lianyi.oversight.models import DiaryEntry, DiaryTalk, DiaryVersion
from lianyi.oversight.models.diary import DIARY_TALK_MAX, DIARY_TEXT_MAX
from lianyi.oversight.selectors.diary import diary_staff


def _talks_of(entry: DiaryEntry) -> dict[int, str]:
    return {t.staff_id: t.points for t in entry.talks.all()}


@transaction.atomic
def write_diary(
    *,
    by: User,
    day: dt.date,
    plan: str,
    summary: str,
    talks: Mapping[int, str],
    expected_version: int | None = None,
) -> DiaryEntry:
    """Write (or change) ``by``'s diary of ``day``. ``talks`` maps a staff member's id to the
    main points of the talk with them (empty: no talk that day). ``expected_version``, when
    given, refuses to overwrite an entry saved meanwhile from another tab."""
    require_capability(by, Capability.DIARY_WRITE)
    staff = {person.pk: person for person in diary_staff(user=by)}
    if any(staff_id not in staff for staff_id in talks):
        raise NotFound()
    problems = Problems()
    with problems.check():
        day = require_past_or_today(by.company, day)
    with problems.check():
        plan = clean_text(plan, field="plan", label=_("工作计划"), max_length=DIARY_TEXT_MAX)
    with problems.check():
        summary = clean_text(
            summary, field="summary", label=_("工作总结"), max_length=DIARY_TEXT_MAX
        )
    cleaned: dict[int, str] = {}
    for staff_id, points in talks.items():
        with problems.check():
            text = clean_text(
                points,
                field=f"talk_{staff_id}",
                label=_("谈话要点"),
                max_length=DIARY_TALK_MAX,
            )
            if text:
                cleaned[staff_id] = text
    problems.raise_any()

    moment = now()
    entry = lock_diary_day(by, day)
    if entry is None:
        entry = DiaryEntry.objects.create(
            company_id=company_id_of(by),
            author=by,
            day=day,
            plan=plan,
            summary=summary,
            created_at=moment,
            updated_at=moment,
        )
        DiaryTalk.objects.bulk_create(
            [DiaryTalk(entry=entry, staff_id=k, points=v) for k, v in cleaned.items()]
        )
        audit(
            by,
            "oversight.diary.written",
            entry,
            data={"day": day, "talks": sorted(cleaned), "late": day < company_today(by.company)},
        )
        return entry

    if expected_version is not None and expected_version != entry.version:
        raise Conflict(
            _("这篇日志在别处已被修改：请重新打开后再改。"),
            code=OversightCode.DIARY_STALE,
            extra={"version": entry.version},
        )
    before = _talks_of(entry)
    # A talk with someone no longer in the team stays as written: only the form's staff change.
    after = {k: v for k, v in before.items() if k not in staff} | cleaned
    if (entry.plan, entry.summary, before) == (plan, summary, after):
        return entry  # nothing changed: nothing written
    late = day < company_today(by.company)
    changes = {
        name: [old, new]
        for name, old, new in (("plan", entry.plan, plan), ("summary", entry.summary, summary))
        if old != new
    }
    changed_talks = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if late:
        names = {t.staff_id: str(t.staff) for t in entry.talks.select_related("staff")}
        DiaryVersion.objects.create(
            entry=entry,
            version=entry.version,
            plan=entry.plan,
            summary=entry.summary,
            talks=[
                {"staff_id": k, "staff": names.get(k, ""), "points": v} for k, v in before.items()
            ],
            saved_at=entry.updated_at,
            replaced_at=moment,
            replaced_by=by,
        )
        entry.version += 1
    entry.plan, entry.summary, entry.updated_at = plan, summary, moment
    entry.save(update_fields=["plan", "summary", "version", "updated_at"])
    entry.talks.all().delete()
    DiaryTalk.objects.bulk_create(
        [DiaryTalk(entry=entry, staff_id=k, points=v) for k, v in after.items()]
    )
    audit(
        by,
        "oversight.diary.edited",
        entry,
        changes=changes,
        data={"day": day, "talks_changed": changed_talks, "late": late, "version": entry.version},
    )
    return entry
