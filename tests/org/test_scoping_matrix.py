"""Who sees whose customers: a rep their own, a supervisor the team's, a manager the department's,
administrators and customer service the company's, everybody else nothing. A forbidden id
answers exactly like a missing one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Customer, HealthNote
from lianyi.customers.selectors import get_customer, visible_customers
from lianyi.customers.services import read_health_notes
from lianyi.journey import services as journey
from lianyi.journey.models import Touchpoint
from lianyi.journey.services import Contact
from lianyi.org.models import Role
from tests.conftest import make_customer
from tests.factories import DepartmentFactory, StandFactory, TeamFactory, UserFactory


@dataclass
class Book:
    """One customer per rep of company A, and one of company B."""

    rep: Customer
    rep_same_team: Customer
    rep_other_team: Customer
    rep_other_dept: Customer
    company_b: Customer


@pytest.fixture
def book(world) -> Book:
    team_b = TeamFactory(department=DepartmentFactory(company=world.outsider_admin.company))
    rep_b = UserFactory(username="rep_b_co", team=team_b, company=world.outsider_admin.company)
    world_b = type(world)(**{**world.__dict__, "stand": StandFactory(company=rep_b.company)})
    return Book(
        rep=make_customer(world, owner=world.rep, step=0),
        rep_same_team=make_customer(world, owner=world.rep_same_team, step=0),
        rep_other_team=make_customer(world, owner=world.rep_other_team, step=0),
        rep_other_dept=make_customer(world, owner=world.rep_other_dept, step=0),
        company_b=make_customer(world_b, owner=rep_b, step=0),
    )


ALL_OF_A = {"rep", "rep_same_team", "rep_other_team", "rep_other_dept"}

MATRIX = [
    ("rep", {"rep"}),
    ("rep_same_team", {"rep_same_team"}),
    ("rep_other_team", {"rep_other_team"}),
    ("supervisor", {"rep", "rep_same_team"}),
    ("supervisor_other_team", {"rep_other_team"}),
    ("manager", {"rep", "rep_same_team", "rep_other_team"}),
    ("manager_other_dept", {"rep_other_dept"}),
    ("admin", ALL_OF_A),
    ("service", ALL_OF_A),
    ("event_staff", set()),
    ("outsider_admin", {"company_b"}),
]


def names_of(book: Book, customers) -> set[str]:
    by_pk = {getattr(book, name).pk: name for name in book.__dataclass_fields__}
    return {by_pk[c.pk] for c in customers}


@pytest.mark.parametrize(("viewer", "sees"), MATRIX)
def test_each_role_sees_exactly_its_branch_of_the_tree(world, book, viewer, sees):
    user = getattr(world, viewer)
    assert names_of(book, visible_customers(user=user)) == sees


@pytest.mark.parametrize(("viewer", "sees"), MATRIX)
def test_get_customer_finds_exactly_what_the_list_shows(world, book, viewer, sees):
    user = getattr(world, viewer)
    for name in book.__dataclass_fields__:
        customer = getattr(book, name)
        if name in sees:
            assert get_customer(user=user, customer_id=customer.pk) == customer
        else:
            with pytest.raises(NotFound):
                get_customer(user=user, customer_id=customer.pk)


def test_an_inactive_user_sees_nothing(world, book):
    world.rep.is_active = False
    world.rep.save()
    assert not visible_customers(user=world.rep).exists()
    with pytest.raises(NotFound):
        get_customer(user=world.rep, customer_id=book.rep.pk)


def test_an_anonymous_user_sees_nothing(world, book):
    assert not visible_customers(user=AnonymousUser()).exists()
    with pytest.raises(NotFound):
        get_customer(user=AnonymousUser(), customer_id=book.rep.pk)


def test_a_supervisor_without_a_team_sees_nothing(world, book):
    loose = UserFactory(role=Role.SUPERVISOR, team=None, company=world.company)
    assert not visible_customers(user=loose).exists()


def test_a_forbidden_id_answers_exactly_like_a_missing_one(world, book):
    missing_id = Customer.objects.order_by("-pk").first().pk + 1000
    answers = []
    for customer_id in (missing_id, book.rep_other_team.pk, book.company_b.pk, "abc", None):
        with pytest.raises(DomainError) as error:
            get_customer(user=world.rep, customer_id=customer_id)
        answers.append((type(error.value), error.value.code, error.value.message))
    assert len(set(answers)) == 1
    assert answers[0][1] == CoreCode.NOT_FOUND


# ---- health notes -------------------------------------------------------------------------------


@pytest.fixture
def noted(world) -> Customer:
    """A customer of world.rep with health consent and one check-up note."""
    customer = make_customer(world, step=0, health_consent=True)
    journey.record_stand_note(
        by=world.rep, customer_id=customer.pk, desk="checkup", contact=Contact(notes="血压偏高")
    )
    return customer


def reads_audited(customer: Customer) -> int:
    return AuditEntry.objects.filter(
        action="customers.health_notes.read", object_id=str(customer.pk)
    ).count()


@pytest.mark.parametrize("reader", ["rep", "supervisor"])
def test_the_owner_and_the_team_supervisor_read_health_notes_and_each_read_is_audited(
    world, noted, reader
):
    user = getattr(world, reader)
    for expected_reads in (1, 2):
        notes = read_health_notes(by=user, customer_id=noted.pk)
        assert [n.text for n in notes] == ["血压偏高"]
        assert reads_audited(noted) == expected_reads
    entry = AuditEntry.objects.filter(action="customers.health_notes.read").first()
    assert entry.actor == user
    assert entry.data == {"count": 1}


@pytest.mark.parametrize(
    "reader",
    [
        "rep_same_team",
        "rep_other_team",
        "supervisor_other_team",
        "manager",
        "manager_other_dept",
        "admin",
        "service",
        "event_staff",
        "outsider_admin",
    ],
)
def test_nobody_else_reads_health_notes_and_the_refusal_looks_like_a_missing_customer(
    world, noted, reader
):
    with pytest.raises(NotFound):
        read_health_notes(by=getattr(world, reader), customer_id=noted.pk)
    assert reads_audited(noted) == 0


def test_a_checkup_note_with_text_needs_health_consent_and_nothing_is_written(world):
    customer = make_customer(world, step=0, health_consent=False)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as error:
        journey.record_stand_note(
            by=world.rep,
            customer_id=customer.pk,
            desk="checkup",
            contact=Contact(notes="血压偏高"),
        )
    assert error.value.code == CustomerCode.HEALTH_CONSENT_MISSING
    assert not HealthNote.objects.filter(customer=customer).exists()
    assert not Touchpoint.objects.filter(customer=customer).exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_checkup_conversation_without_text_needs_no_health_consent(world):
    customer = make_customer(world, step=0, health_consent=False)
    touchpoint = journey.record_stand_note(
        by=world.rep, customer_id=customer.pk, desk="checkup", contact=Contact()
    )
    assert touchpoint.kind == "stand_checkup"
    assert not HealthNote.objects.exists()


def test_the_health_note_is_not_kept_on_the_touchpoint(world, noted):
    touchpoint = Touchpoint.objects.get(customer=noted, kind="stand_checkup")
    assert touchpoint.notes == ""
    assert HealthNote.objects.get(customer=noted).text == "血压偏高"
