"""The choices of the journey fields a customer stores: the step it is at and the action due
next. ``journey.progress`` derives them from the touchpoints and the journey services are their
only writer; they live here, below the journey, because the customer's columns use them
(``lianyi.journey.steps`` names them too)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.IntegerChoices):
    """The step a customer is at: the next thing to do."""

    STAND = 0, _("现场沟通")
    FIRST_CALL = 1, _("第一次电话·预热")
    FIRST_VISIT = 2, _("第一次家访·了解")
    SECOND_CALL = 3, _("第二次电话·邀请")
    SECOND_VISIT = 4, _("第二次家访·送函")
    GATHERING = 5, _("待参加联谊会")


class NextAction(models.TextChoices):
    """What the agenda shows for a customer: the action due next."""

    FIRST_CALL = "first_call", _("打第一次电话")
    FIRST_VISIT = "first_visit", _("第一次家访")
    SECOND_CALL = "second_call", _("打第二次电话（邀请）")
    SECOND_VISIT = "second_visit", _("第二次家访（送邀请函）")
