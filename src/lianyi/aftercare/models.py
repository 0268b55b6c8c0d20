"""The after-sales programme (售后), satisfaction, and cases (complaints and problems).

The programme is generated from the delivery day; a customer's own contact preference and the
company's frequency cap always win over it, and a task that was dropped or moved keeps why.
Cases escalate by themselves when a level's deadline passes and are never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AftercareRules(models.Model):
    """The company's after-sales rules. A company without a row uses the defaults
    (``aftercare.rules.aftercare_rules_of``)."""

    company = models.OneToOneField(
        "org.Company", on_delete=models.CASCADE, related_name="aftercare_rules"
    )
    # The programme from the delivery day D: calls by D+3, a visit by D+6, a second by D+9,
    # then contacts each month for some months.
    programme_calls = models.PositiveSmallIntegerField(_("送货后电话次数"), default=2)
    programme_calls_by_days = models.PositiveSmallIntegerField(_("电话完成于第几天"), default=3)
    programme_first_visit_by_days = models.PositiveSmallIntegerField(
        _("第一次回访完成于第几天"), default=6
    )
    programme_second_visit_by_days = models.PositiveSmallIntegerField(
        _("第二次回访完成于第几天"), default=9
    )
    programme_monthly_contacts = models.PositiveSmallIntegerField(_("每月联系次数"), default=5)
    programme_months = models.PositiveSmallIntegerField(_("持续月数"), default=3)
    # The company's frequency cap: never more after-sales contacts than this in 7 days.
    contact_cap_per_week = models.PositiveSmallIntegerField(_("每周最多联系次数"), default=3)
    referral_ask_within_days = models.PositiveSmallIntegerField(
        _("满意客户询问转介绍期限（天）"), default=30
    )
    # Each level's time to act on a case before it escalates to the next.
    case_rep_hours = models.PositiveSmallIntegerField(_("专员处理时限（小时）"), default=24)
    case_supervisor_hours = models.PositiveSmallIntegerField(_("主管处理时限（小时）"), default=48)
    case_manager_hours = models.PositiveSmallIntegerField(_("经理处理时限（小时）"), default=72)

    class Meta:
        verbose_name = _("售后规则")
        verbose_name_plural = _("售后规则")

    def __str__(self) -> str:
        return str(self.company_id)


class ContactChannel(models.TextChoices):
    ANY = "any", _("电话或上门")
    PHONE = "phone", _("只打电话")
    VISIT = "visit", _("只上门")


class ContactPreference(models.Model):
    """How the customer wants to be contacted after buying, set on their page. Wins over the
    programme: fewer contacts a month, or only one channel."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="contact_preference"
    )
    max_per_month = models.PositiveSmallIntegerField(_("每月最多联系次数"), null=True, blank=True)
    channel = models.CharField(
        _("联系方式"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.ANY
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("联系偏好")
        verbose_name_plural = _("联系偏好")

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.channel}"


class TaskKind(models.TextChoices):
    CALL = "call", _("售后电话")
    VISIT = "visit", _("售后回访")
    CONTACT = "contact", _("售后联系")
    REFERRAL_ASK = "referral_ask", _("询问转介绍")
    FOLLOW_UP = "follow_up", _("跟进沟通")


class TaskState(models.TextChoices):
    OPEN = "open", _("待完成")
    DONE = "done", _("已完成")
    DROPPED = "dropped", _("已取消")


class ProgrammeTask(models.Model):
    """One after-sales contact due between two moments, for the customer's owner. A task
    moved by the customer's preference, the cap or quiet hours keeps ``moved_reason``; a
    dropped one keeps ``dropped_reason``."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="aftercare_tasks"
    )
    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="aftercare_tasks"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=TaskKind.choices)
    sequence = models.PositiveSmallIntegerField(_("序号"), default=0)
    due_from = models.DateTimeField(_("最早"))
    due_until = models.DateTimeField(_("最迟"))
    state = models.CharField(
        _("状态"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    # Where the programme first put it: a later change of the customer's preference re-plans
    # from here, so that relaxing the preference brings moved tasks back to their days.
    planned_kind = models.CharField(max_length=20, choices=TaskKind.choices, blank=True)
    planned_from = models.DateTimeField(null=True, blank=True)
    planned_until = models.DateTimeField(null=True, blank=True)
    moved_reason = models.CharField(_("调整原因"), max_length=200, blank=True)
    dropped_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("售后任务")
        verbose_name_plural = _("售后任务")
        ordering = ["due_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_until__gte=models.F("due_from")), name="task_window_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(state=TaskState.DROPPED) | ~Q(dropped_reason=""),
                name="dropped_task_says_why",
            ),
            # Starting the programme of an order twice never duplicates its tasks.
            models.UniqueConstraint(
                fields=["order", "sequence"],
                condition=Q(order__isnull=False),
                name="one_programme_task_per_order_and_sequence",
            ),
        ]
        indexes = [
            models.Index(fields=["assigned_to", "state", "due_from"], name="aftercare_agenda"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.customer_id} {self.due_from:%Y-%m-%d}"


class Satisfaction(models.TextChoices):
    GOOD = "good", _("满意")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("不满意")


class AftercareContact(models.Model):
    """An after-sales call or visit as it happened, with the satisfaction when asked."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="aftercare_contacts"
    )
    task = models.ForeignKey(
        ProgrammeTask, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))
    channel = models.CharField(
        _("方式"),
        max_length=10,
        choices=[(ContactChannel.PHONE, _("电话")), (ContactChannel.VISIT, _("上门"))],
    )
    reached = models.BooleanField(_("联系上"), default=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=10, choices=Satisfaction.choices, blank=True
    )
    notes = models.TextField(_("记录"), blank=True)

    # Not stored: what ``record_contact`` opened from the satisfaction ({"task": id} or
    # {"case": id}), for the page and the API to say so.
    opened: dict[str, int]

    class Meta:
        verbose_name = _("售后联系")
        verbose_name_plural = _("售后联系")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.customer_id} @ {self.at:%Y-%m-%d}"


class CaseLevel(models.TextChoices):
    """Who holds a case; each level has a deadline, customer service is the last."""

    REP = "rep", _("专员")
    SUPERVISOR = "supervisor", _("主管")
    MANAGER = "manager", _("部门经理")
    SERVICE = "service", _("客服")


class CaseState(models.TextChoices):
    OPEN = "open", _("处理中")
    CLOSED = "closed", _("已结案")


class CaseSource(models.TextChoices):
    SATISFACTION = "satisfaction", _("售后不满意")
    COMPLAINT = "complaint", _("客户投诉")
    RETURN_REFUSED = "return_refused", _("退货超期")
    OTHER = "other", _("其他问题")


class Case(models.Model):
    """A complaint or problem (工单). Closes only with the customer's confirmation of the
    outcome: who spoke with them, when, and what they said. Never deleted."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="cases"
    )
    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=20, choices=CaseSource.choices)
    summary = models.TextField(_("问题描述"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("创建时间"))
    level = models.CharField(
        _("当前处理层级"), max_length=20, choices=CaseLevel.choices, default=CaseLevel.REP
    )
    # The person holding it now; none at the customer-service level (any of them may act).
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_held",
    )
    deadline_at = models.DateTimeField(_("本级期限"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    resolution = models.TextField(_("处理结果"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("与客户确认的人"),
    )
    confirmed_at = models.DateTimeField(_("客户确认时间"), null=True, blank=True)
    customer_said = models.TextField(_("客户的原话"), blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=CaseState.CLOSED)
                | (
                    Q(confirmed_by__isnull=False)
                    & Q(confirmed_at__isnull=False)
                    & ~Q(customer_said="")
                ),
                name="case_closes_with_customer_confirmation",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "deadline_at"], name="case_deadline"),
            models.Index(fields=["holder", "state"], name="case_holder"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.level}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("创建")
    NOTE = "note", _("处理记录")
    ESCALATED = "escalated", _("超时升级")
    HANDED_UP = "handed_up", _("主动上报")
    RESOLVED = "resolved", _("提出处理结果")
    CLOSED = "closed", _("客户确认，结案")


class CaseEvent(models.Model):
    """Every step of a case, for its history and the customer's timeline. ``by`` is empty
    for an escalation made by the clock."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("类型"), max_length=20, choices=CaseEventKind.choices)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_level = models.CharField(max_length=20, choices=CaseLevel.choices, blank=True)
    to_level = models.CharField(max_length=20, choices=CaseLevel.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"
