"""主管工作日志: a supervisor's work diary, one entry a day (plan, summary, the main points of the
talks with each staff member); edits after the day keep the text they replaced as a version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The bounds of the diary's text (the forms' fields and the services' checks share them).
DIARY_TEXT_MAX = 2_000
DIARY_TALK_MAX = 1_000


class DiaryEntry(models.Model):
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="diary_entries",
        verbose_name=_("主管"),
    )
    day = models.DateField(_("日期"))
    plan = models.TextField(_("工作计划"), max_length=DIARY_TEXT_MAX, blank=True)
    summary = models.TextField(_("工作总结"), max_length=DIARY_TEXT_MAX, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "day"], name="diary_one_entry_per_day")
        ]
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")

    def __str__(self) -> str:
        return f"{self.author} {self.day:%Y-%m-%d}"


class DiaryTalk(models.Model):
    """The main points of the day's talk with one staff member of the team."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="talks")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("员工"),
    )
    points = models.TextField(_("谈话要点"), max_length=DIARY_TALK_MAX)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "staff"], name="diary_talk_once_per_staff")
        ]
        verbose_name = _("谈话要点")
        verbose_name_plural = _("谈话要点")

    def __str__(self) -> str:
        return f"{self.entry} · {self.staff}"


class DiaryVersion(models.Model):
    """The text an edit after the day replaced (version ``version`` of the entry)."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    plan = models.TextField(_("工作计划"), blank=True)
    summary = models.TextField(_("工作总结"), blank=True)
    # [{"staff_id": 3, "staff": "王明", "points": "..."}], as it read then
    talks = models.JSONField(default=list)
    saved_at = models.DateTimeField(_("保存时间"))
    replaced_at = models.DateTimeField(_("被修改时间"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="diary_version_unique")
        ]
        verbose_name = _("日志历史版本")
        verbose_name_plural = _("日志历史版本")

    def __str__(self) -> str:
        return f"{self.entry} v{self.version}"
