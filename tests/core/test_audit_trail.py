"""Every write leaves an audit entry: who, when, what action, on which object, what changed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Claim, Customer
from lianyi.customers.services import reassign_customer, resolve_claim
from lianyi.journey import services as journey
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.services import Contact, register_customer, withdraw_consent
from lianyi.journey.steps import Step
from tests.conftest import at_local, make_customer
from tests.customers.registrations import registration


def tomorrow(hour: int) -> dt.datetime:
    return at_local(timezone.localdate() + dt.timedelta(days=1), hour)


class AuditWatch:
    """The entries written since it was made."""

    def __init__(self) -> None:
        self.last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def entries(self) -> list[AuditEntry]:
        return list(AuditEntry.objects.filter(id__gt=self.last_id).order_by("id"))

    def actions(self) -> Counter[str]:
        return Counter(e.action for e in self.entries())

    def only(self, action: str) -> AuditEntry:
        (entry,) = [e for e in self.entries() if e.action == action]
        return entry


def test_registration_leaves_one_entry(world):
    watch = AuditWatch()
    customer = register_customer(by=world.rep, data=registration(world))
    assert watch.actions() == Counter({"customers.customer.registered": 1})
    entry = watch.only("customers.customer.registered")
    assert entry.actor == world.rep
    assert entry.company == world.company
    assert (entry.object_type, entry.object_id) == ("customers.customer", str(customer.pk))
    assert entry.data["owner"] == world.rep.pk
    assert entry.data["consent_items"] == ["contact", "profile"]


def test_a_refused_duplicate_leaves_only_the_claim_entry(world):
    make_customer(world, mobile="13800138000")
    watch = AuditWatch()
    with pytest.raises(DomainError) as refused:
        register_customer(by=world.rep_other_team, data=registration(world, phone="13800138000"))
    assert refused.value.code == CustomerCode.DUPLICATE_MOBILE
    assert watch.actions() == Counter({"customers.claim.opened": 1})
    assert watch.only("customers.claim.opened").actor == world.rep_other_team


@pytest.mark.parametrize("desk", ["checkup", "registration"])
def test_a_stand_note_leaves_one_entry(world, desk):
    customer = make_customer(world, step=0)
    watch = AuditWatch()
    journey.record_stand_note(by=world.rep, customer_id=customer.pk, desk=desk, contact=Contact())
    assert watch.actions() == Counter({"journey.stand_note.recorded": 1})
    entry = watch.only("journey.stand_note.recorded")
    assert entry.object_type == "journey.touchpoint"
    assert entry.data["customer"] == customer.pk
    assert "last_contact_at" in entry.changes


def test_a_checkup_note_with_text_also_audits_the_health_note(world):
    customer = make_customer(world, step=0, health_consent=True)
    watch = AuditWatch()
    journey.record_stand_note(
        by=world.rep, customer_id=customer.pk, desk="checkup", contact=Contact(notes="血压偏高")
    )
    assert watch.actions() == Counter(
        {"journey.stand_note.recorded": 1, "customers.health_note.written": 1}
    )


def test_the_first_call_leaves_one_entry_with_the_step_change(world):
    customer = make_customer(world, step=1)
    watch = AuditWatch()
    journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        visit_slot=(tomorrow(15), tomorrow(16)),
    )
    assert watch.actions() == Counter({"journey.first_call.recorded": 1})
    entry = watch.only("journey.first_call.recorded")
    assert entry.actor == world.rep
    assert entry.data["outcome"] == "agreed"
    assert entry.changes["step"] == [Step.FIRST_CALL, Step.FIRST_VISIT]
    assert entry.changes["next_action"] == ["first_call", "first_visit"]


def test_a_do_not_contact_call_records_the_flag_in_the_changes(world):
    customer = make_customer(world, step=1)
    watch = AuditWatch()
    journey.record_first_call(
        by=world.rep, customer_id=customer.pk, outcome="do_not_contact", contact=Contact()
    )
    entry = watch.only("journey.first_call.recorded")
    assert entry.changes["do_not_contact"] == [False, True]
    assert entry.changes["next_action"] == ["first_call", ""]


def test_the_first_visit_leaves_one_entry_with_the_step_change(world):
    customer = make_customer(world, step=2)
    watch = AuditWatch()
    journey.record_first_visit(
        by=world.rep,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        contact=Contact(),
    )
    assert watch.actions() == Counter({"journey.first_visit.recorded": 1})
    assert watch.only("journey.first_visit.recorded").changes["step"] == [
        Step.FIRST_VISIT,
        Step.SECOND_CALL,
    ]


def test_the_second_call_leaves_one_entry_and_the_invitation_its_own(world):
    customer = make_customer(world, step=3)
    watch = AuditWatch()
    journey.record_second_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        invitation_accepted=True,
        delivery_slot=(tomorrow(15), tomorrow(16)),
        gathering_id=world.gathering.pk,
    )
    assert watch.actions() == Counter(
        {"journey.second_call.recorded": 1, "gatherings.invitation.issued": 1}
    )
    assert watch.only("journey.second_call.recorded").changes["step"] == [
        Step.SECOND_CALL,
        Step.SECOND_VISIT,
    ]


def test_the_second_visit_leaves_one_entry_and_the_delivery_its_own(world):
    customer = make_customer(world, step=4)
    watch = AuditWatch()
    journey.record_second_visit(
        by=world.rep,
        customer_id=customer.pk,
        invitation_handed_over=True,
        contact=Contact(),
        unprinted_confirmed=True,
    )
    assert watch.actions() == Counter(
        {"journey.second_visit.recorded": 1, "gatherings.invitation.delivered": 1}
    )
    delivered = watch.only("gatherings.invitation.delivered")
    assert delivered.changes == {"state": ["issued", "delivered"]}
    assert delivered.data == {"unprinted": True}


@pytest.mark.parametrize("transfer", [True, False])
def test_resolving_a_claim_leaves_one_entry(world, transfer):
    customer = make_customer(world, mobile="13800138000")
    with pytest.raises(DomainError):  # the duplicate opens the claim to resolve
        register_customer(by=world.rep_same_team, data=registration(world, phone="13800138000"))
    claim = Claim.objects.get(customer=customer)
    world.company.protection_days = 5  # the last contact was 10 days ago: a transfer may go
    world.company.save(update_fields=["protection_days"])
    watch = AuditWatch()
    resolve_claim(by=world.supervisor, claim_id=claim.pk, transfer=transfer, note="同组调整")
    assert watch.actions() == Counter({"customers.claim.resolved": 1})
    entry = watch.only("customers.claim.resolved")
    assert entry.actor == world.supervisor
    assert (entry.object_type, entry.object_id) == ("customers.claim", str(claim.pk))
    if transfer:
        assert entry.changes == {"owner": [world.rep.pk, world.rep_same_team.pk]}
        assert entry.data["state"] == "transferred"
    else:
        assert entry.changes == {}
        assert entry.data["state"] == "kept"


def test_a_reassignment_leaves_one_entry_with_the_owner_change(world):
    customer = make_customer(world, step=0)
    Customer.objects.filter(pk=customer.pk).update(
        created_at=timezone.now() - dt.timedelta(days=40)
    )
    watch = AuditWatch()
    reassign_customer(
        by=world.supervisor, customer_id=customer.pk, to_user_id=world.rep_same_team.pk,
        reason="原专员离职",
    )  # fmt: skip
    assert watch.actions() == Counter({"customers.customer.reassigned": 1})
    entry = watch.only("customers.customer.reassigned")
    assert entry.changes == {"owner": [world.rep.pk, world.rep_same_team.pk]}
    assert entry.data["reason"] == "原专员离职"


def test_withdrawing_consent_leaves_one_entry_with_the_consent_change(world):
    customer = make_customer(world, step=3)
    watch = AuditWatch()
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    assert watch.actions() == Counter({"customers.consent.withdrawn": 1})
    entry = watch.only("customers.consent.withdrawn")
    assert entry.changes["consent_contact"] == [True, False]
    assert entry.changes["next_action"] == ["second_call", ""]
    assert entry.object_id == str(customer.pk)


def test_withdrawing_consent_again_is_audited_as_changing_nothing(world):
    customer = make_customer(world, step=3, health_consent=True)
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    first = AuditEntry.objects.filter(action="customers.consent.withdrawn").get()
    assert first.changes["consent_health"] == [True, False]
    watch = AuditWatch()
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    assert watch.only("customers.consent.withdrawn").changes == {}


def test_a_refused_write_leaves_no_entry(world):
    customer = make_customer(world, step=1)
    watch = AuditWatch()
    with pytest.raises(DomainError) as refused:
        journey.record_first_visit(
            by=world.rep,
            customer_id=customer.pk,
            duration_minutes=45,
            profile_completed=True,
            contact=Contact(),
        )
    assert refused.value.code == JourneyCode.STEP_OUT_OF_ORDER
    assert watch.entries() == []
    assert not Touchpoint.objects.filter(customer=customer, kind="first_visit").exists()


def test_issuing_and_revoking_an_api_token_each_leave_one_entry_without_the_key(world):
    from lianyi.org.services import issue_api_token, revoke_api_token

    watch = AuditWatch()
    token, key = issue_api_token(by=world.rep, name="手机")
    issued = watch.only("org.api_token.issued")
    assert (issued.actor, issued.company) == (world.rep, world.company)
    assert (issued.object_type, issued.object_id) == ("org.apitoken", str(token.pk))
    assert issued.data == {"name": "手机"}
    assert key not in str(issued.data) + str(issued.changes) + issued.object_repr
    revoke_api_token(by=world.rep, token_id=token.pk)
    assert watch.actions() == Counter({"org.api_token.issued": 1, "org.api_token.revoked": 1})
    assert watch.only("org.api_token.revoked").object_id == str(token.pk)


def test_an_audit_entry_is_one_insert_and_reads_back_as_written(world):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lianyi.core.audit import audit

    customer = make_customer(world)
    moment = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        entry = audit(
            world.rep,
            "tests.audit.written",
            customer,
            company=world.company,
            changes={"step": [1, 2]},
            data={"at": moment, "amount": Decimal("1.50"), "names": ("甲", "乙"), "none": None},
        )
    assert len(queries.captured_queries) == 1
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert entry.pk is not None and not entry._state.adding
    assert (stored.company_id, stored.actor_id, stored.action) == (
        world.company.pk,
        world.rep.pk,
        "tests.audit.written",
    )
    assert (stored.object_type, stored.object_id, stored.object_repr) == (
        "customers.customer",
        str(customer.pk),
        str(customer)[:200],
    )
    assert stored.changes == {"step": [1, 2]}
    assert stored.data == {
        "at": moment.isoformat(),
        "amount": "1.50",
        "names": ["甲", "乙"],
        "none": None,
    }
    assert stored.at == entry.at and stored.at.tzinfo is not None
    assert abs(stored.at - moment) < dt.timedelta(seconds=5)
    # an entry with no actor and no object (a system write) still goes in
    bare = audit(None, "tests.audit.system", company=world.company)
    assert AuditEntry.objects.get(pk=bare.pk).actor_id is None
