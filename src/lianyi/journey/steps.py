"""The 2+2+2 steps. A customer's step is derived from recorded touchpoints (see
``journey.progress``), never typed by anyone."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The step and the next action are stored on the customer (a cache the journey writes), so
# their choices live with the customer, below the journey; they are named here too.
from lianyi.customers.steps import NextAction, Step

__all__ = [
    "CALL_KINDS",
    "STAND_KINDS",
    "VISIT_KINDS",
    "CallOutcome",
    "NextAction",
    "ReferralAnswer",
    "Step",
    "TouchpointKind",
]


class TouchpointKind(models.TextChoices):
    STAND_CHECKUP = "stand_checkup", _("现场沟通·检测台")
    STAND_REGISTRATION = "stand_registration", _("现场沟通·登记台")
    FIRST_CALL = "first_call", _("第一次电话·预热")
    FIRST_VISIT = "first_visit", _("第一次家访·了解")
    SECOND_CALL = "second_call", _("第二次电话·邀请")
    SECOND_VISIT = "second_visit", _("第二次家访·送函")
    # Asked of every customer, bought or not; never moves the 2+2+2 step (journey.referral_asks).
    REFERRAL_ASK = "referral_ask", _("询问转介绍")


CALL_KINDS = frozenset({TouchpointKind.FIRST_CALL, TouchpointKind.SECOND_CALL})
VISIT_KINDS = frozenset({TouchpointKind.FIRST_VISIT, TouchpointKind.SECOND_VISIT})
STAND_KINDS = frozenset({TouchpointKind.STAND_CHECKUP, TouchpointKind.STAND_REGISTRATION})


class CallOutcome(models.TextChoices):
    AGREED = "agreed", _("接通，已约定")
    NO_ANSWER = "no_answer", _("未接通")
    CALL_BACK = "call_back", _("接通，约好再联系")
    DECLINED = "declined", _("接通，婉拒")
    DO_NOT_CONTACT = "do_not_contact", _("要求不再联系")


class ReferralAnswer(models.TextChoices):
    """What the customer answered when asked for a referral (转介绍)."""

    GAVE_CONTACT = "gave_contact", _("介绍了朋友")
    WILL_THINK = "will_think", _("考虑一下")
    DECLINED = "declined", _("婉拒")
