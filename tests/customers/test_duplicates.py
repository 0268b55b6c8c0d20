"""撞单: one number, one customer. The second rep learns only that the number is taken; the
supervisors concerned get a claim to resolve; the first owner keeps a protection period."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Claim, ClaimState, Customer
from lianyi.customers.phones import parse_phone
from lianyi.customers.selectors import claim_cards, visible_claims
from lianyi.customers.services import (
    Registration,
    protection_ends_at,
    reassign_customer,
    resolve_claim,
)
from lianyi.journey import services as journey
from lianyi.journey.services import Contact, register_customer
from lianyi.org.models import Role
from tests.conftest import at_local, make_customer
from tests.factories import DepartmentFactory, StandFactory, TeamFactory, UserFactory

NUMBER = "+8613800138000"
FORMATS = ["138 0013 8000", "+86 138-0013-8000", "0086 13800138000", "13800138000 "]


def registration(world, phone: str, name: str = "张桂兰") -> Registration:
    return Registration(
        name=name,
        sex="F",
        phone=phone,
        consent_items=["contact", "profile"],
        stand_id=world.stand.pk,
        compound="幸福里小区",
        district="朝阳区",
    )


def register_refused(by, data) -> DomainError:
    with pytest.raises(DomainError) as error:
        register_customer(by=by, data=data)
    return error.value


# ---- normal form -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", FORMATS)
def test_every_common_format_of_a_mobile_gives_one_normal_form(typed):
    phone = parse_phone(typed)
    assert phone.e164 == NUMBER
    assert phone.is_mobile
    assert phone.tail == "8000"


@pytest.mark.parametrize("typed", FORMATS)
def test_a_known_mobile_in_any_format_never_creates_a_second_customer(world, typed):
    # given a customer registered by one rep
    first = register_customer(by=world.rep, data=registration(world, "13800138000"))
    # when another rep registers the same number, typed differently
    error = register_refused(world.rep_other_team, registration(world, typed, name="张桂兰"))
    # then there is still one customer, with its first owner
    assert error.code == CustomerCode.DUPLICATE_MOBILE
    assert Customer.objects.filter(mobile=NUMBER).count() == 1
    first.refresh_from_db()
    assert first.owner == world.rep


def test_the_second_rep_is_not_told_who_owns_the_number(world):
    register_customer(by=world.rep, data=registration(world, "13800138000", name="欧阳娜娜"))
    error = register_refused(world.rep_other_team, registration(world, "138 0013 8000"))
    assert error.code == CustomerCode.DUPLICATE_MOBILE
    for secret in (world.rep.display_name, world.rep.username, "欧阳娜娜", world.rep.team.name):
        assert secret not in error.message
    assert "customer_id" not in error.extra


@pytest.mark.parametrize("typed", FORMATS)
def test_the_same_rep_registering_again_is_told_it_is_already_theirs(world, typed):
    first = register_customer(by=world.rep, data=registration(world, "13800138000"))
    error = register_refused(world.rep, registration(world, typed))
    assert error.code == CustomerCode.ALREADY_YOURS
    assert error.extra["customer_id"] == first.pk
    assert Customer.objects.count() == 1
    assert not Claim.objects.exists()


def test_a_mobile_known_in_another_company_is_not_a_duplicate(world):
    register_customer(by=world.rep, data=registration(world, "13800138000"))
    other_rep = UserFactory(role=Role.REP)  # another company, through its own team
    from tests.factories import StandFactory

    stand = StandFactory(company=other_rep.company)
    data = registration(world, "13800138000")
    data.stand_id = stand.pk
    register_customer(by=other_rep, data=data)
    assert Customer.objects.filter(mobile=NUMBER).count() == 2


# ---- claims -------------------------------------------------------------------------------------


@pytest.fixture
def claim_across_departments(world):
    """rep (team 1a) owns the number; rep_other_dept (team 2a) tried to register it."""
    supervisor_2a = UserFactory(
        username="sup_c",
        role=Role.SUPERVISOR,
        team=world.rep_other_dept.team,
        company=world.company,
    )
    customer = register_customer(by=world.rep, data=registration(world, "13800138000"))
    register_refused(world.rep_other_dept, registration(world, "0086 13800138000", "张贵兰"))
    claim = Claim.objects.get()
    return customer, claim, supervisor_2a


def test_a_duplicate_opens_one_claim_for_the_supervisors_concerned(world, claim_across_departments):
    customer, claim, supervisor_2a = claim_across_departments
    assert claim.customer == customer
    assert claim.claimant == world.rep_other_dept
    assert claim.owner_at_claim == world.rep
    assert claim.submitted_name == "张贵兰"
    assert claim.state == ClaimState.OPEN
    # the owner's supervisor and the claimant's supervisor see it
    assert list(visible_claims(user=world.supervisor)) == [claim]
    assert list(visible_claims(user=supervisor_2a)) == [claim]
    # so do the managers of both departments
    assert list(visible_claims(user=world.manager)) == [claim]
    assert list(visible_claims(user=world.manager_other_dept)) == [claim]
    # an unrelated supervisor, another company and an unrelated rep do not
    assert list(visible_claims(user=world.supervisor_other_team)) == []
    assert list(visible_claims(user=world.outsider_admin)) == []
    assert list(visible_claims(user=world.rep_same_team)) == []


def test_trying_again_does_not_open_a_second_claim(world, claim_across_departments):
    register_refused(world.rep_other_dept, registration(world, "13800138000"))
    assert Claim.objects.count() == 1


def test_keeping_leaves_the_customer_with_its_owner(world, claim_across_departments):
    customer, claim, _sup = claim_across_departments
    resolved = resolve_claim(
        by=world.supervisor, claim_id=claim.pk, transfer=False, note="先到先得"
    )
    customer.refresh_from_db()
    assert resolved.state == ClaimState.KEPT
    assert resolved.resolved_by == world.supervisor
    assert resolved.resolved_at is not None
    assert customer.owner == world.rep


def protection_run_out(world, customer: Customer) -> None:
    """The owner's last contact lies further back than the company's protection period."""
    days = world.company.protection_days + 1
    Customer.objects.filter(pk=customer.pk).update(
        last_contact_at=timezone.now() - dt.timedelta(days=days)
    )


def test_transferring_gives_the_customer_to_the_claimant(world, claim_across_departments):
    customer, claim, _sup = claim_across_departments
    protection_run_out(world, customer)
    resolve_claim(by=world.supervisor, claim_id=claim.pk, transfer=True)
    customer.refresh_from_db()
    assert customer.owner == world.rep_other_dept
    claim.refresh_from_db()
    assert claim.state == ClaimState.TRANSFERRED


def test_a_closed_claim_cannot_be_resolved_again(world, claim_across_departments):
    customer, claim, supervisor_2a = claim_across_departments
    protection_run_out(world, customer)
    resolve_claim(by=world.supervisor, claim_id=claim.pk, transfer=False)
    with pytest.raises(DomainError) as error:
        resolve_claim(by=supervisor_2a, claim_id=claim.pk, transfer=True)
    assert error.value.code == CustomerCode.CLAIM_CLOSED
    claim.refresh_from_db()
    assert claim.state == ClaimState.KEPT


def test_an_unrelated_supervisor_cannot_resolve_a_claim(world, claim_across_departments):
    _customer, claim, _sup = claim_across_departments
    with pytest.raises(NotFound):
        resolve_claim(by=world.supervisor_other_team, claim_id=claim.pk, transfer=True)
    claim.refresh_from_db()
    assert claim.state == ClaimState.OPEN


def test_a_rep_cannot_resolve_a_claim(world, claim_across_departments):
    _customer, claim, _sup = claim_across_departments
    with pytest.raises(DomainError) as error:
        resolve_claim(by=world.rep_other_dept, claim_id=claim.pk, transfer=True)
    assert error.value.code == CoreCode.FORBIDDEN


# ---- landlines and malformed numbers ------------------------------------------------------------


def test_a_landline_is_accepted_and_kept_as_a_landline(world):
    customer = register_customer(by=world.rep, data=registration(world, "010-6552 9988"))
    assert customer.mobile is None
    assert customer.landline == "+861065529988"
    assert customer.mobile_tail == "9988"


LANDLINE = "+862162345678"
LANDLINE_FORMATS = ["021-6234 5678", "(021) 62345678", "02162345678", "+86 21 6234 5678"]


@pytest.mark.parametrize("typed", [*LANDLINE_FORMATS, "（021）6234-5678", "0086 21 62345678"])
def test_every_common_format_of_a_landline_gives_one_normal_form(typed):
    phone = parse_phone(typed)
    assert phone.e164 == LANDLINE
    assert not phone.is_mobile


def test_a_landline_registered_in_three_formats_by_two_teams_is_one_customer_and_a_claim(world):
    # given: a landline-only customer registered by rep (team 1a)
    first = register_customer(by=world.rep, data=registration(world, LANDLINE_FORMATS[0]))
    # when: a rep of another team and then the same rep's teammate type it their own ways
    other_team = register_refused(
        world.rep_other_team, registration(world, LANDLINE_FORMATS[1], "张桂兰")
    )
    same_team = register_refused(
        world.rep_same_team, registration(world, LANDLINE_FORMATS[3], "张桂兰")
    )
    # then: one customer, and each second rep's 撞单 waits for the supervisor
    assert other_team.code == same_team.code == CustomerCode.DUPLICATE_MOBILE
    assert list(Customer.objects.all()) == [first]
    assert first.landline == LANDLINE
    claims = Claim.objects.filter(customer=first, state=ClaimState.OPEN)
    assert {c.claimant for c in claims} == {world.rep_other_team, world.rep_same_team}
    assert first in [c.customer for c in visible_claims(user=world.supervisor)]


def test_the_owner_registering_their_landline_again_is_told_it_is_theirs(world):
    first = register_customer(by=world.rep, data=registration(world, "02162345678"))
    error = register_refused(world.rep, registration(world, "+86 21 6234 5678"))
    assert error.code == CustomerCode.ALREADY_YOURS
    assert error.extra["customer_id"] == first.pk
    assert not Claim.objects.exists()


def test_the_same_landline_in_another_company_is_another_customer(world):
    register_customer(by=world.rep, data=registration(world, "021-6234 5678"))
    team_b = TeamFactory(department=DepartmentFactory(company=world.outsider_admin.company))
    rep_b = UserFactory(team=team_b, company=world.outsider_admin.company, role=Role.REP)
    stand_b = StandFactory(company=rep_b.company)
    data = registration(world, "(021) 62345678")
    data.stand_id = stand_b.pk
    register_customer(by=rep_b, data=data)
    assert Customer.objects.filter(landline=LANDLINE).count() == 2
    assert not Claim.objects.exists()


@pytest.mark.parametrize("typed", ["62345678", "6234 5678", "6234-567"])
def test_a_landline_without_its_area_code_is_refused_with_a_request_for_it(world, typed):
    error = register_refused(world.rep, registration(world, typed))
    assert error.code == CustomerCode.AREA_CODE_REQUIRED
    assert error.extra["field"] == "phone"
    assert not Customer.objects.exists()


def test_the_database_holds_one_landline_per_company(world):
    from django.db import IntegrityError, transaction

    first = register_customer(by=world.rep, data=registration(world, "021-6234 5678"))
    second = register_customer(by=world.rep_other_team, data=registration(world, "13800138000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.filter(pk=second.pk).update(landline=first.landline)


def test_a_failed_landline_registration_is_not_mistaken_for_a_duplicate(world, monkeypatch):
    from django.db import IntegrityError

    from lianyi.customers import services

    register_customer(by=world.rep, data=registration(world, "010-6552 9988", "王建国"))

    def broken(**kwargs):
        raise IntegrityError("some other constraint")

    monkeypatch.setattr(services.Consent.objects, "create", broken)
    with pytest.raises(IntegrityError):
        register_customer(
            by=world.rep_other_team, data=registration(world, "010-6552 7766", "刘秀英")
        )
    assert not Claim.objects.exists()
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("typed", ["12345", "1380013800", "abc", "+1 415 555 0100"])
def test_a_malformed_mobile_is_refused_and_nothing_is_written(world, typed):
    error = register_refused(world.rep, registration(world, typed))
    assert error.code == CustomerCode.MOBILE_INVALID
    assert error.extra["field"] == "phone"
    assert not Customer.objects.exists()


def test_an_empty_phone_is_refused(world):
    assert register_refused(world.rep, registration(world, "  ")).code == (
        CustomerCode.PHONE_REQUIRED
    )


# ---- the protection period ----------------------------------------------------------------------


def contacted_days_ago(world, days: int) -> Customer:
    """A customer whose last recorded contact (both stand conversations) was ``days`` ago."""
    customer = make_customer(world, step=0)
    day = timezone.localdate() - dt.timedelta(days=days)
    for desk in ("checkup", "registration"):
        journey.record_stand_note(
            by=world.rep,
            customer_id=customer.pk,
            desk=desk,
            contact=Contact(occurred_at=at_local(day, 10)),
        )
    customer.refresh_from_db()
    return customer


def reassign(world, customer, by=None) -> Customer:
    return reassign_customer(
        by=by or world.supervisor,
        customer_id=customer.pk,
        to_user_id=world.rep_same_team.pk,
        reason="原专员长期未联系",
    )


def test_reassigning_inside_the_protection_period_is_refused(world):
    customer = contacted_days_ago(world, 29)
    with pytest.raises(DomainError) as error:
        reassign(world, customer)
    assert error.value.code == CustomerCode.PROTECTION_PERIOD
    assert error.value.extra["protection_ends_at"] == protection_ends_at(customer).isoformat()
    customer.refresh_from_db()
    assert customer.owner == world.rep


def test_a_new_customer_without_any_contact_is_protected_from_the_moment_it_is_registered(world):
    customer = make_customer(world, step=0)
    with pytest.raises(DomainError) as error:
        reassign(world, customer)
    assert error.value.code == CustomerCode.PROTECTION_PERIOD


def test_reassigning_after_thirty_days_without_contact_is_allowed(world):
    customer = contacted_days_ago(world, 31)
    reassign(world, customer)
    customer.refresh_from_db()
    assert customer.owner == world.rep_same_team


def test_the_protection_period_is_configured_per_company(world):
    world.company.protection_days = 7
    world.company.save()
    customer = contacted_days_ago(world, 8)
    reassign(world, customer)
    customer.refresh_from_db()
    assert customer.owner == world.rep_same_team


def test_a_longer_protection_period_protects_longer(world):
    world.company.protection_days = 60
    world.company.save()
    customer = contacted_days_ago(world, 31)
    with pytest.raises(DomainError) as error:
        reassign(world, customer)
    assert error.value.code == CustomerCode.PROTECTION_PERIOD


def test_reassigning_to_someone_outside_ones_team_is_refused(world):
    customer = contacted_days_ago(world, 31)
    with pytest.raises(DomainError) as error:
        reassign_customer(
            by=world.supervisor,
            customer_id=customer.pk,
            to_user_id=world.rep_other_dept.pk,
            reason="调整",
        )
    assert error.value.code == CustomerCode.OWNER_INVALID


def test_a_rep_cannot_reassign(world):
    customer = contacted_days_ago(world, 31)
    with pytest.raises(DomainError) as error:
        reassign(world, customer, by=world.rep)
    assert error.value.code == CoreCode.FORBIDDEN


def test_a_supervisor_of_another_team_cannot_even_find_the_customer(world):
    customer = contacted_days_ago(world, 31)
    with pytest.raises(NotFound):
        reassign(world, customer, by=world.supervisor_other_team)


# ---- concurrency (PostgreSQL) ---------------------------------------------------------------


def race(world, reps, phone: str) -> list[BaseException | None]:
    """Each rep registers ``phone`` in its own thread and connection, released together."""
    barrier = threading.Barrier(len(reps))
    results: list[BaseException | None] = [None] * len(reps)

    def attempt(index: int, rep) -> None:
        try:
            barrier.wait(timeout=10)
            register_customer(by=rep, data=registration(world, phone))
        except BaseException as error:  # handed back to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, r)) for i, r in enumerate(reps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reps_registering_one_number_at_once_make_one_customer_and_one_claim(world):
    for attempt in range(5):
        phone = f"1380013{attempt:04d}"
        results = race(world, [world.rep, world.rep_other_team], phone)
        e164 = parse_phone(phone).e164
        customers = list(Customer.objects.filter(mobile=e164))
        assert len(customers) == 1, results
        failures = [r for r in results if r is not None]
        assert len(failures) == 1, results
        assert isinstance(failures[0], DomainError)
        assert failures[0].code == CustomerCode.DUPLICATE_MOBILE
        loser = world.rep if results[0] is not None else world.rep_other_team
        winner = world.rep_other_team if loser == world.rep else world.rep
        assert customers[0].owner == winner
        claims = Claim.objects.filter(customer=customers[0])
        assert claims.count() == 1
        assert claims.get().claimant == loser


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reps_registering_one_landline_at_once_make_one_customer_and_one_claim(world):
    for attempt in range(5):
        typed = f"021-6234 {attempt:04d}"
        results = race(world, [world.rep, world.rep_other_team], typed)
        customers = list(Customer.objects.filter(landline=parse_phone(typed).e164))
        assert len(customers) == 1, results
        failures = [r for r in results if r is not None]
        assert len(failures) == 1, results
        assert isinstance(failures[0], DomainError)
        assert failures[0].code == CustomerCode.DUPLICATE_MOBILE
        loser = world.rep if results[0] is not None else world.rep_other_team
        claims = Claim.objects.filter(customer=customers[0])
        assert claims.count() == 1
        assert claims.get().claimant == loser


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_rep_registering_one_number_twice_at_once_makes_one_customer(world):
    for attempt in range(5):
        phone = f"1390013{attempt:04d}"
        results = race(world, [world.rep, world.rep], phone)
        assert Customer.objects.filter(mobile=parse_phone(phone).e164).count() == 1, results
        failures = [r for r in results if r is not None]
        assert len(failures) == 1, results
        assert isinstance(failures[0], DomainError)
        assert failures[0].code == CustomerCode.ALREADY_YOURS
    assert not Claim.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_rep", [False, True])
def test_the_database_constraint_settles_a_race_past_the_first_check(world, monkeypatch, same_rep):
    """Hold both registrations after their duplicate look-up, so that both insert and the unique
    constraint (not the look-up) has to decide."""
    from lianyi.customers import services

    original = services._place
    held = threading.Barrier(2)
    waited = threading.local()

    def place_after_both_looked(*args, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            held.wait(timeout=10)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_place", place_after_both_looked)
    reps = [world.rep, world.rep] if same_rep else [world.rep, world.rep_other_team]
    results = race(world, reps, "13800138000")
    assert Customer.objects.filter(mobile=NUMBER).count() == 1, results
    failures = [r for r in results if r is not None]
    assert len(failures) == 1, results
    assert isinstance(failures[0], DomainError)
    if same_rep:
        assert failures[0].code == CustomerCode.ALREADY_YOURS
        assert not Claim.objects.exists()
    else:
        assert failures[0].code == CustomerCode.DUPLICATE_MOBILE
        assert Claim.objects.count() == 1


def test_a_claim_transfer_inside_the_protection_period_is_refused_like_a_reassignment(world):
    """The owner's last contact was 2 days ago: neither a claim transfer nor a reassignment may
    take the customer; one rule, the same code and message."""
    customer = contacted_days_ago(world, 2)
    register_refused(world.rep_other_dept, registration(world, customer.mobile, "张贵兰"))
    claim = Claim.objects.get(customer=customer)
    with pytest.raises(DomainError) as transfer:
        resolve_claim(by=world.supervisor, claim_id=claim.pk, transfer=True)
    with pytest.raises(DomainError) as reassignment:
        reassign(world, customer)
    assert transfer.value.code == CustomerCode.PROTECTION_PERIOD
    assert transfer.value.code == reassignment.value.code
    assert transfer.value.message == reassignment.value.message
    assert transfer.value.extra["protection_ends_at"] == protection_ends_at(customer).isoformat()
    claim.refresh_from_db()
    customer.refresh_from_db()
    assert claim.state == ClaimState.OPEN and claim.resolved_by is None
    assert customer.owner == world.rep


def test_inside_the_protection_period_the_supervisor_may_keep_the_owner(world):
    customer = contacted_days_ago(world, 2)
    register_refused(world.rep_other_dept, registration(world, customer.mobile, "张贵兰"))
    claim = Claim.objects.get(customer=customer)
    resolve_claim(by=world.supervisor, claim_id=claim.pk, transfer=False, note="保护期内")
    claim.refresh_from_db()
    assert claim.state == ClaimState.KEPT


def test_a_claim_card_shows_the_protection_and_links_the_customer_only_for_who_may_see_it(
    world, claim_across_departments
):
    customer, _claim, supervisor_2a = claim_across_departments
    [own] = claim_cards(user=world.supervisor)
    assert own.protected and own.customer_visible
    assert own.protection_ends_at == protection_ends_at(customer)
    [other_side] = claim_cards(user=supervisor_2a)  # the claimant's supervisor
    assert not other_side.customer_visible
    protection_run_out(world, customer)
    [after] = claim_cards(user=world.supervisor)
    assert not after.protected
