"""每天向下属索要一份贵宾档案: a rep offers the VIP profile of a customer they home-visited that
day, and the supervisor takes it (or picks another customer visited that day). One profile per
rep per day, held by the database; the rep's row is locked before the day's profile is decided."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, DomainError
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer
from lianyi.journey.models import Touchpoint
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.days import company_today, require_past_or_today
from lianyi.oversight.locks import lock_profile_day
from lianyi.oversight.models import DailyProfile, ProfileState
from lianyi.oversight.selectors.profiles import day_visit, get_subordinate


def _visit_of(*, customer: Customer, rep: User, day: dt.date) -> Touchpoint:
    if customer.owner_id != rep.pk:
        raise DomainError(
            _("这位客户不是该服务专员的客户。"),
            code=OversightCode.PROFILE_NOT_REPS_CUSTOMER,
            extra={"field": "customer"},
        )
    visit = day_visit(customer=customer, day=day)
    if visit is None:
        raise DomainError(
            _("这位客户当天没有家访记录：每日贵宾档案只收当天家访过的客户。"),
            code=OversightCode.PROFILE_NOT_VISITED,
            extra={"field": "customer"},
        )
    return visit


def _already_taken(profile: DailyProfile) -> Conflict:
    return Conflict(
        _("这一天的贵宾档案已经收取了（每人每天一份）。"),
        code=OversightCode.PROFILE_ALREADY_TAKEN,
        extra={"profile": profile.pk},
    )


def _create(**fields: object) -> DailyProfile:
    try:
        with transaction.atomic():
            return DailyProfile.objects.create(**fields)
    except IntegrityError:  # the lock makes this unreachable; the constraint is the guarantee
        raise Conflict(
            _("这一天的贵宾档案已经收取了（每人每天一份）。"),
            code=OversightCode.PROFILE_ALREADY_TAKEN,
        ) from None


@transaction.atomic
def offer_profile(*, by: User, customer_id: int, day: dt.date | None = None) -> DailyProfile:
    """The rep ``by`` offers the profile of their customer visited on ``day`` (today by
    default); an earlier offer of the day not taken yet is replaced."""
    require_capability(by, Capability.DAILY_PROFILE_OFFER)
    day = require_past_or_today(by.company, day or company_today(by.company))
    customer = get_customer(user=by, customer_id=customer_id)
    profile = lock_profile_day(by, day)
    if profile is not None and profile.state == ProfileState.TAKEN:
        raise _already_taken(profile)
    visit = _visit_of(customer=customer, rep=by, day=day)
    moment = now()
    replaced = None
    if profile is None:
        profile = _create(
            company_id=company_id_of(by),
            rep=by,
            day=day,
            customer=customer,
            visit=visit,
            state=ProfileState.OFFERED,
            offered_by=by,
            offered_at=moment,
        )
    else:
        replaced = profile.customer_id
        profile.customer, profile.visit = customer, visit
        profile.offered_by, profile.offered_at = by, moment
        profile.save(update_fields=["customer", "visit", "offered_by", "offered_at"])
    audit(
        by,
        "oversight.daily_profile.offered",
        profile,
        data={"day": day, "customer": customer.pk, "replaced_customer": replaced},
    )
    return profile


@transaction.atomic
def take_profile(
    *, by: User, rep_id: int, day: dt.date, customer_id: int | None = None
) -> DailyProfile:
    """The supervisor ``by`` takes ``rep_id``'s profile of ``day``: the one offered when no
    customer is named, else the named customer's (the rep's, visited that day)."""
    require_capability(by, Capability.DAILY_PROFILE_TAKE)
    rep = get_subordinate(user=by, rep_id=rep_id)
    day = require_past_or_today(by.company, day)
    customer = None if customer_id is None else get_customer(user=by, customer_id=customer_id)
    profile = lock_profile_day(rep, day)
    if profile is not None and profile.state == ProfileState.TAKEN:
        raise _already_taken(profile)
    if customer is None:
        if profile is None:
            raise DomainError(
                _("该服务专员这一天还没有提交贵宾档案：请选择一位当天家访过的客户。"),
                code=OversightCode.PROFILE_NOT_VISITED,
                extra={"field": "customer"},
            )
        customer = profile.customer
    visit = _visit_of(customer=customer, rep=rep, day=day)
    offered = profile.customer_id if profile is not None else None
    moment = now()
    if profile is None:
        profile = _create(
            company_id=company_id_of(rep),
            rep=rep,
            day=day,
            customer=customer,
            visit=visit,
            state=ProfileState.TAKEN,
            taken_by=by,
            taken_at=moment,
        )
    else:
        profile.customer, profile.visit = customer, visit
        profile.state, profile.taken_by, profile.taken_at = ProfileState.TAKEN, by, moment
        profile.save(update_fields=["customer", "visit", "state", "taken_by", "taken_at"])
    audit(
        by,
        "oversight.daily_profile.taken",
        profile,
        data={
            "rep": rep.pk,
            "day": day,
            "customer": customer.pk,
            "offered_customer": offered,
            "picked": offered != customer.pk,
        },
    )
    return profile
