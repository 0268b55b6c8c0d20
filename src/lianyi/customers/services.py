"""Writes on customers: registration at the stand or by referral, consent, duplicates (撞单)
and reassignment. Each service is one transaction and leaves one audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, CoreCode, DomainError, NotFound, Problems
from lianyi.core.validation import clean_text, require_text
from lianyi.customers.codes import CustomerCode
from lianyi.customers.locks import lock_claim, lock_customer, lock_place_named
from lianyi.customers.models import (
    Claim,
    ClaimState,
    Consent,
    ConsentItem,
    Customer,
    HealthNote,
    Place,
    PlaceKind,
    Sex,
    Source,
    Stand,
)
from lianyi.customers.names import pinyin_keys
from lianyi.customers.phones import Phone, parse_phone
from lianyi.customers.selectors import (
    get_customer,
    may_read_health_notes,
    protection_ends_at,
    visible_claims,
)
from lianyi.customers.stands import ensure_stand_open
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import Company, User
from lianyi.org.scoping import managed_reps, of_company

REQUIRED_CONSENT = frozenset({ConsentItem.CONTACT, ConsentItem.PROFILE})


@dataclass
class Registration:
    """What the stand staff typed. Plain values, validated by :func:`create_customer`."""

    name: str
    sex: str
    phone: str
    consent_items: list[str]
    birth_year: int | None = None
    district: str = ""
    compound: str = ""
    work_unit: str = ""
    building: str = ""
    companion_name: str = ""
    companion_sex: str = ""
    stand_id: int | None = None
    referrer_id: int | None = None
    notice_version: str = ""
    owner_id: int | None = None
    registration_note: str = ""  # step 0b, the registration desk's note, written with the customer
    extra: dict[str, Any] = field(default_factory=dict)


def _company_of(user: User) -> Company:
    if user.company is None:  # only staff of a company pass require_capability; a guard for mypy
        raise NotFound()
    return user.company


def _validate_birth_year(value: int | None) -> int | None:
    if value is None:
        return None
    this_year = timezone.localdate(now()).year  # the local year: 1 Jan starts at 00:00 here
    if not 1900 <= int(value) <= this_year:
        raise DomainError(
            _("出生年份应在 1900 到 %(year)s 之间。") % {"year": this_year},
            code=CustomerCode.BIRTH_YEAR_INVALID,
            extra={"field": "birth_year"},
        )
    return int(value)


def _place(company: Any, kind: str, district: str, name: str) -> Place | None:
    name = clean_text(name, field=kind, label=str(PlaceKind(kind).label), max_length=100)
    if not name:
        return None
    found = lock_place_named(company_id=company.pk, kind=kind, district=district, name=name)
    if found is not None:
        return found
    place, _created = Place.objects.get_or_create(
        company=company, kind=kind, district=district, name=name
    )
    return place


def _owner_for(by: User, owner_id: int | None) -> User:
    if owner_id is None or owner_id == by.pk:
        return by
    owner = managed_reps(by).filter(pk=owner_id).first()
    if owner is None:
        raise DomainError(
            _("只能把客户登记给您所管理的专员。"),
            code=CustomerCode.OWNER_INVALID,
            extra={"field": "owner_id"},
        )
    return owner


@dataclass(frozen=True)
class _CheckedRegistration:
    name: str
    phone: Phone
    birth_year: int | None
    items: list[str]
    district: str
    building: str
    companion: str
    desk_note: str
    notice_version: str
    stand: Stand | None
    referrer: Customer | None
    owner: User


def check_registration(*, by: User, data: Registration) -> None:
    """Every problem of a registration at once, as one ``InvalidInput``; writes nothing. The
    page calls it even when its own fields refused something, so that one submit shows all."""
    _checked_registration(by, data)


def _checked_registration(by: User, data: Registration) -> _CheckedRegistration:
    require_capability(by, Capability.CUSTOMERS_REGISTER)
    company = _company_of(by)
    problems = Problems()
    name = district = building = companion = desk_note = notice_version = ""
    phone: Phone | None = None
    birth_year: int | None = None
    items: list[str] = []
    with problems.check():
        name = require_text(data.name, field="name", label=_("姓名"), max_length=50)
    with problems.check():
        if data.sex not in Sex.values:
            raise DomainError(_("请选择性别。"), code=CoreCode.REQUIRED, extra={"field": "sex"})
    with problems.check():
        if not (data.phone or "").strip():
            raise DomainError(
                _("请填写手机号或座机号。"),
                code=CustomerCode.PHONE_REQUIRED,
                extra={"field": "phone"},
            )
        phone = parse_phone(data.phone, field="phone")
    with problems.check():
        birth_year = _validate_birth_year(data.birth_year)
    with problems.check():
        items = sorted(set(data.consent_items or []))
        unknown = set(items) - set(ConsentItem.values)
        if unknown or not set(items) >= REQUIRED_CONSENT:
            raise DomainError(
                _("登记前需客户同意：电话与上门联系、保存个人资料。"),
                code=CustomerCode.CONSENT_REQUIRED,
                extra={"field": "consent_items"},
            )
    with problems.check():
        district = clean_text(data.district, field="district", label=_("区"), max_length=50)
    with problems.check():
        building = clean_text(data.building, field="building", label=_("楼栋门牌"), max_length=100)
    with problems.check():
        companion = clean_text(
            data.companion_name, field="companion_name", label=_("同伴姓名"), max_length=50
        )
    with problems.check():
        if data.companion_sex not in ("", *Sex.values):
            raise DomainError(
                _("同伴性别只能是男或女。"),
                code=CoreCode.INVALID,
                extra={"field": "companion_sex"},
            )
    with problems.check():
        desk_note = clean_text(
            data.registration_note, field="registration_note", label=_("登记台记录")
        )
        if desk_note and data.referrer_id is not None:
            raise DomainError(
                _("转介绍客户没有现场沟通，不能填写登记台记录。"),
                code=CoreCode.INVALID,
                extra={"field": "registration_note"},
            )
    with problems.check():
        notice_version = clean_text(
            data.notice_version, field="notice_version", label=_("告知书版本"), max_length=20
        )
    stand: Stand | None = None
    referrer: Customer | None = None
    with problems.check():
        if data.referrer_id is not None:
            try:
                referrer = get_customer(user=by, customer_id=data.referrer_id)
            except NotFound:
                raise DomainError(
                    _("找不到该介绍人。"),
                    code=CustomerCode.REFERRER_REQUIRED,
                    extra={"field": "referrer_id"},
                ) from None
        else:
            if data.stand_id is None:
                raise DomainError(
                    _("请选择数据收集点，或填写介绍人。"),
                    code=CustomerCode.STAND_REQUIRED,
                    extra={"field": "stand_id"},
                )
            stand = ensure_stand_open(company_id=company.pk, stand_id=data.stand_id)
    owner = by
    with problems.check():
        owner = _owner_for(by, data.owner_id)
    problems.raise_any()
    assert phone is not None  # parse_phone either returned it or its refusal was raised above
    return _CheckedRegistration(
        name=name,
        phone=phone,
        birth_year=birth_year,
        items=items,
        district=district,
        building=building,
        companion=companion,
        desk_note=desk_note,
        notice_version=notice_version,
        stand=stand,
        referrer=referrer,
        owner=owner,
    )


def create_customer(
    *, by: User, data: Registration, then: Callable[[Customer], object]
) -> Customer:
    """The customer record of a registration (the customer met at a stand, or referred by an
    existing customer) and its consent. ``then`` runs in the same transaction once both exist:
    registering is the journey's first step, and the journey (``journey.services.
    register_customer``, the entry point for pages and the API) passes what starts it (the
    derived progress, the registration desk's note).

    Every problem of the input is refused at once (``InvalidInput``, see
    :func:`check_registration`). A phone number that already belongs to a customer never
    creates a second one: the second rep learns only that it is registered with another rep,
    and the supervisors concerned get a claim to resolve (the claim is kept even though the
    registration is refused)."""
    checked = _checked_registration(by, data)
    company = _company_of(by)
    name, phone, birth_year, items = (
        checked.name,
        checked.phone,
        checked.birth_year,
        checked.items,
    )
    district, building, companion = checked.district, checked.building, checked.companion
    notice_version = checked.notice_version  # the desk note is the journey's (``then``)
    stand, referrer, owner = checked.stand, checked.referrer, checked.owner
    full, initials = pinyin_keys(name)
    mobile = phone.e164 if phone.is_mobile else None
    landline = "" if phone.is_mobile else phone.e164

    existing = _holder_of(company, phone)
    if existing is not None:
        _refuse_duplicate(by=by, existing=existing, submitted_name=name)

    try:
        with transaction.atomic():
            customer = Customer.objects.create(
                company=company,
                owner=owner,
                created_by=by,
                name=name,
                sex=data.sex,
                birth_year=birth_year,
                mobile=mobile,
                mobile_tail=phone.tail,
                landline=landline,
                district=district,
                compound=_place(company, PlaceKind.COMPOUND, district, data.compound),
                work_unit=_place(company, PlaceKind.WORK_UNIT, district, data.work_unit),
                building=building,
                companion_name=companion,
                companion_sex=data.companion_sex if companion else "",
                source=Source.REFERRAL if referrer else Source.STAND,
                stand=stand,
                referrer=referrer,
                pinyin_full=full,
                pinyin_initials=initials,
                consent_contact=True,
                consent_health=ConsentItem.HEALTH_REMARKS in items,
            )
            Consent.objects.create(
                customer=customer,
                items=items,
                notice_version=notice_version or company.consent_notice_version,
                taken_by=by,
                taken_at=now(),
            )
            audit(
                by,
                "customers.customer.registered",
                customer,
                data={
                    "source": customer.source,
                    "owner": owner.pk,
                    "stand": stand.pk if stand else None,
                    "referrer": referrer.pk if referrer else None,
                    "consent_items": items,
                },
            )
            then(customer)
    except IntegrityError:
        # Another registration of the same number won the race: treat it as the duplicate it is.
        # Any other integrity error finds no holder of the number and is raised as it was.
        existing = _holder_of(company, phone)
        if existing is None:
            raise
        _refuse_duplicate(by=by, existing=existing, submitted_name=name)
    return customer


def _holder_of(company: Company, phone: Phone) -> Customer | None:
    """The company's customer who has this number already, as a mobile or as a landline (both
    are unique per company in their normal form)."""
    field = "mobile" if phone.is_mobile else "landline"
    return Customer.objects.filter(of_company(company.pk), **{field: phone.e164}).first()


def _refuse_duplicate(
    *, by: User, existing: Customer, submitted_name: str, claimant: User | None = None
) -> None:
    """Refuse a number that ``existing`` holds: the claimant's own customer is named to them;
    another rep's opens (or joins) a claim for the supervisors, kept although the write is
    refused. The claimant is ``by`` at registration, the customer's owner when details are
    edited (a supervisor editing asks on the owner's behalf)."""
    claimant = claimant or by
    if existing.owner_id == claimant.pk:
        raise Conflict(
            _("该号码已是您的客户“%(name)s”。") % {"name": existing.name},
            code=CustomerCode.ALREADY_YOURS,
            extra={"customer_id": existing.pk},
        )
    with transaction.atomic():
        claim = Claim.objects.filter(
            customer=existing, claimant=claimant, state=ClaimState.OPEN
        ).first()
        if claim is None:
            try:
                with transaction.atomic():
                    claim = Claim.objects.create(
                        company=existing.company,
                        customer=existing,
                        claimant=claimant,
                        owner_at_claim=existing.owner,
                        submitted_name=submitted_name[:50],
                    )
                    audit(by, "customers.claim.opened", claim, company=existing.company)
            except IntegrityError:
                pass  # the same rep's concurrent attempt already opened it
    raise Conflict(
        _("该号码已由其他专员登记，已提交主管处理。"), code=CustomerCode.DUPLICATE_MOBILE
    )


@transaction.atomic
def resolve_claim(*, by: User, claim_id: int, transfer: bool, note: str = "") -> Claim:
    """Keep the customer with its owner, or transfer it to the claimant."""
    require_capability(by, Capability.CLAIMS_RESOLVE)
    claim = visible_claims(user=by, open_only=False).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound()
    claim = lock_claim(claim.pk)
    if claim.state != ClaimState.OPEN:
        raise Conflict(_("该撞单已处理。"), code=CustomerCode.CLAIM_CLOSED)
    customer = lock_customer(claim.customer_id)
    if transfer and customer.owner_id != claim.claimant_id:
        ensure_protection_over(customer)
    claim.resolution_note = clean_text(note, field="note", label=_("处理说明"), max_length=500)
    claim.resolved_by = by
    claim.resolved_at = now()
    claim.state = ClaimState.TRANSFERRED if transfer else ClaimState.KEPT
    claim.save(update_fields=["state", "resolved_by", "resolved_at", "resolution_note"])
    changes: dict[str, Any] = {}
    if transfer and customer.owner_id != claim.claimant_id:
        changes["owner"] = [customer.owner_id, claim.claimant_id]
        customer.owner_id = claim.claimant_id
        customer.save(update_fields=["owner"])
    audit(by, "customers.claim.resolved", claim, changes=changes, data={"state": claim.state})
    return claim


def ensure_protection_over(customer: Customer) -> None:
    """The one rule for taking a customer from its owner (a reassignment or a claim transfer):
    only once the protection period after the last contact has run out. Inside it a supervisor
    may still keep the customer with its owner (reject the claim)."""
    ends = protection_ends_at(customer)
    if now() < ends:
        raise DomainError(
            _("客户仍在原专员的保护期内（至 %(date)s），暂不能转出。")
            % {"date": timezone.localtime(ends).strftime("%Y-%m-%d")},
            code=CustomerCode.PROTECTION_PERIOD,
            extra={"protection_ends_at": ends.isoformat()},
        )


@transaction.atomic
def reassign_customer(*, by: User, customer_id: int, to_user_id: int, reason: str) -> Customer:
    """Give a customer to another rep once the owner's protection period has run out."""
    require_capability(by, Capability.CUSTOMERS_REASSIGN)
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    problems = Problems()  # every problem of the form at once
    reason_text = ""
    with problems.check():
        reason_text = require_text(reason, field="reason", label=_("原因"), max_length=500)
    target = managed_reps(by).filter(pk=to_user_id).first()
    with problems.check():
        if target is None:
            raise DomainError(
                _("只能转给您所管理的专员。"),
                code=CustomerCode.OWNER_INVALID,
                extra={"field": "to_user_id"},
            )
    with problems.check():
        ensure_protection_over(customer)
    problems.raise_any()
    assert target is not None
    old = customer.owner_id
    customer.owner = target
    customer.save(update_fields=["owner"])
    audit(
        by,
        "customers.customer.reassigned",
        customer,
        changes={"owner": [old, target.pk]},
        data={"reason": reason_text},
    )
    return customer


@transaction.atomic
def record_consent_withdrawal(
    *, by: User, customer_id: int, then: Callable[[Customer], object]
) -> Customer:
    """The customer withdrew consent, from now on. ``then`` runs before the audit entry is
    written: the journey (``journey.services.withdraw_consent``, the entry point for pages and
    the API) passes what stops it (the derived next action goes), so that the one entry shows
    that change too."""
    require_capability(by, Capability.CONSENT_WITHDRAW)
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    at = now()
    before = snapshot(customer, ["consent_contact", "consent_health", "next_action"])
    Consent.objects.filter(customer=customer, withdrawn_at__isnull=True).update(
        withdrawn_at=at, withdrawn_by=by
    )
    customer.consent_contact = False
    customer.consent_health = False
    customer.save(update_fields=["consent_contact", "consent_health"])
    then(customer)
    audit(by, "customers.consent.withdrawn", customer, changes=diff(before, customer))
    return customer


def add_health_note(*, by: User, customer: Customer, text: str, at: datetime) -> HealthNote:
    """Called inside the check-up desk's touchpoint transaction, with the customer locked."""
    if not customer.consent_health:
        raise DomainError(
            _("客户未单独同意记录健康备注，不能保存检测备注。"),
            code=CustomerCode.HEALTH_CONSENT_MISSING,
            extra={"field": "notes"},
        )
    note = HealthNote.objects.create(customer=customer, text=text, written_by=by, written_at=at)
    audit(by, "customers.health_note.written", note, company=customer.company)
    return note


def read_health_notes(*, by: User, customer_id: int) -> list[HealthNote]:
    """Health remarks, for the owner and their supervisors only; every read is audited."""
    customer = get_customer(user=by, customer_id=customer_id)
    if not may_read_health_notes(user=by, customer=customer):
        raise NotFound()
    notes = list(HealthNote.objects.filter(customer=customer).select_related("written_by"))
    audit(by, "customers.health_notes.read", customer, data={"count": len(notes)})
    return notes
