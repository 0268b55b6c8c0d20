"""贵宾档案表: filled in at the first visit (in its transaction), updated at later visits and
from the customer page, audited with old and new values; never anything about illness,
medicines, wealth or debts."""

from __future__ import annotations

import re

import pytest

from lianyi.api.schemas.customers import VipProfileIn, VipProfileOut
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import VipProfile
from lianyi.customers.profiles import FamilyMember, ProfileChange, update_vip_profile
from lianyi.customers.selectors import vip_profile_for
from lianyi.journey import services as journey
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.services import Contact, withdraw_consent
from lianyi.journey.steps import Step, TouchpointKind
from lianyi.web.forms.customers import ProfileForm
from lianyi.web.forms.journey import FirstVisitForm, SecondVisitForm
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db

PROFILE = ProfileChange(
    interests="广场舞、书法",
    family_members=[FamilyMember("李建国", "老伴"), FamilyMember("", "")],
    contact_times="工作日上午",
    contact_channel="phone",
    products_owned="远红外护膝，很喜欢",
    heard_from="社区健康咨询点",
)

# Words (English field names, Chinese labels) that would make the profile a record of a
# household's health or money: DOMAIN.md, "What Lianyi will not do".
FORBIDDEN = re.compile(
    r"ill|disease|sick|medic|drug|pill|diagnos|health|wealth|income|salary|asset|saving|debt|"
    r"loan|money|pension|property|病|药|诊|健康|收入|工资|财产|存款|资产|债|贷|养老金|房产",
    re.IGNORECASE,
)


def first_visit(world, customer, profile=PROFILE):  # type: ignore[no-untyped-def]
    return journey.record_first_visit(
        by=world.rep,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=False,
        contact=Contact(notes="聊得很好"),
        profile=profile,
    )


def test_the_first_visit_saves_the_profile_and_counts_it_as_filled_in(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)

    visit = first_visit(world, customer)

    assert visit.profile_completed is True
    profile = vip_profile_for(customer=customer)
    assert profile is not None
    assert profile.interests == "广场舞、书法"
    assert profile.family_members == [{"name": "李建国", "relation": "老伴"}]
    assert profile.contact_channel == "phone"
    entry = AuditEntry.objects.get(action="customers.vip_profile.created")
    assert entry.changes["interests"] == ["", "广场舞、书法"]


def test_a_first_visit_without_a_profile_is_not_counted_as_filled_in(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)

    visit = first_visit(world, customer, profile=ProfileChange(interests="  "))

    assert visit.profile_completed is False
    assert vip_profile_for(customer=customer) is None


def test_a_refused_first_visit_keeps_no_profile(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)

    with pytest.raises(DomainError) as caught:
        journey.record_first_visit(
            by=world.rep,
            customer_id=customer.pk,
            duration_minutes=None,
            profile_completed=False,
            contact=Contact(),
            profile=PROFILE,
        )

    assert caught.value.code == JourneyCode.DURATION_INVALID
    assert not VipProfile.objects.exists()


def test_the_second_visit_updates_the_profile_with_old_and_new_values(world):
    customer = make_customer(world, step=Step.SECOND_VISIT)
    update_vip_profile(by=world.rep, customer_id=customer.pk, change=PROFILE)

    journey.record_second_visit(
        by=world.rep,
        customer_id=customer.pk,
        invitation_handed_over=True,
        unprinted_confirmed=True,
        contact=Contact(),
        profile=ProfileChange(interests="广场舞、书法、太极", contact_channel="visit"),
    )

    profile = vip_profile_for(customer=customer)
    assert profile is not None and profile.interests == "广场舞、书法、太极"
    assert profile.contact_times == "工作日上午"  # not changed, kept
    entry = AuditEntry.objects.get(action="customers.vip_profile.updated")
    assert entry.changes == {
        "interests": ["广场舞、书法", "广场舞、书法、太极"],
        "contact_channel": ["phone", "visit"],
    }
    assert Touchpoint.objects.filter(customer=customer, kind=TouchpointKind.SECOND_VISIT).exists()


def test_saving_the_same_profile_writes_no_audit_entry(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)
    update_vip_profile(by=world.rep, customer_id=customer.pk, change=PROFILE)

    update_vip_profile(by=world.rep, customer_id=customer.pk, change=PROFILE)

    assert AuditEntry.objects.filter(action__startswith="customers.vip_profile").count() == 1


def test_the_supervisor_may_update_and_another_rep_gets_not_found(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)

    update_vip_profile(
        by=world.supervisor, customer_id=customer.pk, change=ProfileChange(heard_from="朋友介绍")
    )
    with pytest.raises(NotFound):
        update_vip_profile(
            by=world.rep_same_team, customer_id=customer.pk, change=ProfileChange(interests="x")
        )

    profile = vip_profile_for(customer=customer)
    assert profile is not None and profile.heard_from == "朋友介绍" and profile.interests == ""


def test_a_family_member_needs_a_name_and_the_channel_a_known_value(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)

    with pytest.raises(DomainError) as caught:
        update_vip_profile(
            by=world.rep,
            customer_id=customer.pk,
            change=ProfileChange(family_members=[FamilyMember("", "女儿")]),
        )
    assert caught.value.code == CustomerCode.PROFILE_FAMILY_INVALID
    assert caught.value.extra["field"] == "family_1_name"

    with pytest.raises(DomainError) as caught:
        update_vip_profile(
            by=world.rep, customer_id=customer.pk, change=ProfileChange(contact_channel="fax")
        )
    assert caught.value.code == CustomerCode.PROFILE_CHANNEL_INVALID
    assert not VipProfile.objects.exists()


def test_no_profile_is_kept_after_consent_was_withdrawn(world):
    customer = make_customer(world, step=Step.FIRST_VISIT)
    withdraw_consent(by=world.rep, customer_id=customer.pk)

    with pytest.raises(DomainError) as caught:
        update_vip_profile(by=world.rep, customer_id=customer.pk, change=PROFILE)

    assert caught.value.code == CustomerCode.NOT_CONTACTABLE


def test_the_profile_has_no_field_for_illness_medicines_wealth_or_debts():
    model_words = [
        word
        for f in VipProfile._meta.get_fields()
        for word in (f.name, str(getattr(f, "verbose_name", "")))
    ]
    form_words = [
        word
        for form in (ProfileForm(), FirstVisitForm(), SecondVisitForm())
        for name, field in form.fields.items()
        for word in (name, str(field.label or ""), str(field.help_text or ""))
        if name not in ("notes",)  # the visit's own notes, checked by the claims checker
    ]
    schema_words = [*VipProfileIn.model_fields, *VipProfileOut.model_fields]

    offending = [w for w in model_words + form_words + schema_words if FORBIDDEN.search(w)]

    assert offending == []
