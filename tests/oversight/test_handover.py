"""The handover of a leaving rep (交接): a supervisor previews what moves, confirms with the
preview's token, and everything moves in one step (customers, their open journey step,
invitations not yet used, open programme tasks and referral asks, open cases the rep holds),
one audit entry per customer and one for the handover; the rep can be deactivated with it, after
which neither the login page nor an API token lets them in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianyi.aftercare.models import Case, CaseState, ProgrammeTask, TaskKind, TaskState
from lianyi.aftercare.services.cases import open_case
from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.models import Customer
from lianyi.gatherings.models import Invitation, InvitationState
from lianyi.gatherings.services.routes import plan_deliveries
from lianyi.org.models import User
from lianyi.org.services import issue_api_token
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.selectors.handover import handover_reps, preview_handover
from lianyi.oversight.services.handover import confirm_handover, deactivate_rep
from lianyi.web.forms.oversight_handover import encode_plan
from tests.conftest import make_customer
from tests.factories import ProgrammeTaskFactory, UserFactory
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401


def _book(world: Any) -> dict[str, Customer]:
    """world.rep's customers: one with an invitation not yet used, one bought (a programme task,
    a referral ask, an open case), one only registered, and a colleague's customer."""
    invited = make_customer(world, step=4, name="王秀英")
    bought = make_customer(world, step=3, name="李淑珍")
    ProgrammeTaskFactory(customer=bought)
    ProgrammeTaskFactory(customer=bought, kind=TaskKind.REFERRAL_ASK)
    ProgrammeTaskFactory(customer=bought, state=TaskState.DONE)  # done: stays as history
    open_case(by=world.rep, customer_id=bought.pk, source="complaint", summary="送货晚了")
    fresh = make_customer(world, step=1, name="赵桂芳")
    colleague = make_customer(world, owner=world.rep_same_team, step=0, name="孙玉兰")
    return {"invited": invited, "bought": bought, "fresh": fresh, "colleague": colleague}


def _all_to(customers: list[Customer], to: User) -> dict[int, int]:
    return {c.pk: to.pk for c in customers}


def test_a_handover_moves_customers_items_invitations_tasks_and_cases(world):
    book = _book(world)
    mine = [book["invited"], book["bought"], book["fresh"]]
    moves = _all_to(mine, world.rep_same_team)
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    assert preview.totals.as_dict() == {
        "customers": 3,
        "journey_items": 3,
        "invitations": 1,
        "tasks": 1,
        "referral_asks": 1,
        "cases": 1,
    }

    result = confirm_handover(
        by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token, reason="离职"
    )

    # preview equals result
    assert result.preview.totals == preview.totals and result.preview.token == preview.token
    for customer in mine:
        customer.refresh_from_db()
        assert customer.owner_id == world.rep_same_team.pk
    assert Customer.objects.get(pk=book["colleague"].pk).owner_id == world.rep_same_team.pk
    bought = book["bought"]
    open_tasks = ProgrammeTask.objects.filter(customer=bought, state=TaskState.OPEN)
    assert {t.assigned_to_id for t in open_tasks} == {world.rep_same_team.pk}
    assert ProgrammeTask.objects.get(customer=bought, state=TaskState.DONE).assigned_to == world.rep
    case = Case.objects.get(customer=bought)
    assert case.state == CaseState.OPEN and case.holder_id == world.rep_same_team.pk
    invitation = Invitation.objects.get(customer=book["invited"])
    assert invitation.state == InvitationState.ISSUED
    # the invitation and the next journey step follow the owner: the receiver has them now
    from lianyi.gatherings.selectors.planning import visible_invitations
    from lianyi.journey.selectors import agenda

    assert invitation in visible_invitations(user=world.rep_same_team)
    later = timezone.localdate() + dt.timedelta(days=60)
    assert set(agenda(user=world.rep_same_team, day=later, limit=None)) >= set(mine)
    assert not agenda(user=world.rep, day=later, limit=None).exists()
    assert not Customer.objects.filter(owner=world.rep).exists()


def test_one_audit_entry_per_moved_customer_and_one_for_the_handover(world):
    book = _book(world)
    moves = {book["invited"].pk: world.rep_same_team.pk, book["fresh"].pk: world.supervisor.pk}
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    before = AuditEntry.objects.count()

    confirm_handover(by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token)

    moved = AuditEntry.objects.filter(action="oversight.handover.customer_moved").order_by(
        "object_id"
    )
    assert [(e.object_id, e.changes["owner"]) for e in moved] == sorted(
        [
            (str(book["invited"].pk), [world.rep.pk, world.rep_same_team.pk]),
            (str(book["fresh"].pk), [world.rep.pk, world.supervisor.pk]),
        ]
    )
    assert all(e.actor_id == world.supervisor.pk for e in moved)
    handover = AuditEntry.objects.get(action="oversight.handover.confirmed")
    assert handover.object_id == str(world.rep.pk)
    assert handover.data["totals"]["customers"] == 2 and handover.data["staying"] == 1
    assert AuditEntry.objects.count() == before + 3
    # the customer staying with the rep was not touched
    assert Customer.objects.get(pk=book["bought"].pk).owner_id == world.rep.pk


def test_the_protection_period_does_not_block_a_handover(world):
    customer = make_customer(world, step=3)  # contacted yesterday-ish: protected for days
    from lianyi.customers.services import reassign_customer

    with pytest.raises(DomainError) as error:
        reassign_customer(
            by=world.supervisor,
            customer_id=customer.pk,
            to_user_id=world.rep_same_team.pk,
            reason="试",
        )
    assert error.value.code == "customers.protection_period"
    moves = {customer.pk: world.rep_same_team.pk}
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    confirm_handover(by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token)
    customer.refresh_from_db()
    assert customer.owner_id == world.rep_same_team.pk


def test_a_change_after_the_preview_is_refused_and_nothing_moves(world):
    book = _book(world)
    moves = _all_to([book["bought"], book["fresh"]], world.rep_same_team)
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    ProgrammeTaskFactory(customer=book["bought"])  # a new task meanwhile

    with pytest.raises(DomainError) as error:
        confirm_handover(by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token)

    assert error.value.code == OversightCode.HANDOVER_CHANGED and error.value.status == 409
    assert Customer.objects.filter(owner=world.rep).count() == 3
    assert not AuditEntry.objects.filter(action__startswith="oversight.handover").exists()


def test_confirming_the_same_handover_twice_moves_each_customer_once(world):
    book = _book(world)
    moves = _all_to([book["fresh"]], world.rep_same_team)
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    confirm_handover(by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token)
    with pytest.raises(DomainError) as error:
        confirm_handover(by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token)
    assert error.value.code == OversightCode.HANDOVER_NOT_OWNED
    assert AuditEntry.objects.filter(action="oversight.handover.customer_moved").count() == 1


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("rep", OversightCode.HANDOVER_TO_DEPARTING),
        ("manager", OversightCode.HANDOVER_TARGET_NOT_REP),
        ("service", OversightCode.HANDOVER_TARGET_NOT_REP),
        ("rep_other_team", OversightCode.HANDOVER_TARGET_OUT_OF_SCOPE),
        ("rep_other_dept", OversightCode.HANDOVER_TARGET_OUT_OF_SCOPE),
        ("outsider_admin", CoreCode.NOT_FOUND),
    ],
)
def test_a_handover_to_someone_who_may_not_receive_is_refused(world, target, code):
    customer = make_customer(world, step=0)
    with pytest.raises(DomainError) as error:
        preview_handover(
            user=world.supervisor,
            rep_id=world.rep.pk,
            moves={customer.pk: getattr(world, target).pk},
        )
    assert error.value.code == code
    assert error.value.message  # a sentence in Chinese, for the page
    assert Customer.objects.get(pk=customer.pk).owner_id == world.rep.pk


def test_a_handover_to_a_rep_of_another_company_answers_like_a_missing_one(world):
    customer = make_customer(world, step=0)
    outsider = UserFactory(company=world.outsider_admin.company, role="rep")
    errors = []
    for target_id in (outsider.pk, 9_999_999):  # type: ignore[attr-defined]
        with pytest.raises(DomainError) as error:
            preview_handover(
                user=world.supervisor, rep_id=world.rep.pk, moves={customer.pk: target_id}
            )
        errors.append((error.value.code, error.value.message, error.value.status))
    assert errors[0] == errors[1] and errors[0][2] == 404


def test_a_deactivated_receiver_is_refused(world):
    customer = make_customer(world, step=0)
    deactivate_rep(by=world.supervisor, rep_id=world.rep_same_team.pk)
    with pytest.raises(DomainError) as error:
        preview_handover(
            user=world.supervisor,
            rep_id=world.rep.pk,
            moves={customer.pk: world.rep_same_team.pk},
        )
    assert error.value.code == OversightCode.HANDOVER_TARGET_INACTIVE


def test_customers_not_owned_by_the_departing_rep_are_refused(world):
    book = _book(world)
    other_team = make_customer(world, owner=world.rep_other_team, step=0, name="周秀兰")
    for stranger in (book["colleague"], other_team):
        with pytest.raises(DomainError) as error:
            preview_handover(
                user=world.supervisor,
                rep_id=world.rep.pk,
                moves={book["fresh"].pk: world.rep_same_team.pk, stranger.pk: world.supervisor.pk},
            )
        assert error.value.code == OversightCode.HANDOVER_NOT_OWNED
        assert error.value.extra["customer_ids"] == [stranger.pk]


def test_a_supervisor_hands_over_only_their_teams_reps_and_never_themself(world):
    customer = make_customer(world, owner=world.rep_other_team, step=0)
    with pytest.raises(DomainError) as error:
        preview_handover(
            user=world.supervisor,
            rep_id=world.rep_other_team.pk,
            moves={customer.pk: world.rep.pk},
        )
    assert error.value.code == CoreCode.NOT_FOUND
    with pytest.raises(DomainError) as error:
        preview_handover(user=world.supervisor, rep_id=world.supervisor.pk, moves={1: 2})
    assert error.value.code == OversightCode.HANDOVER_OWN
    with pytest.raises(DomainError) as error:
        preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves={})
    assert error.value.code == OversightCode.HANDOVER_EMPTY


def test_a_manager_hands_over_within_the_department(world):
    customer = make_customer(world, owner=world.rep_other_team, step=0)
    moves = {customer.pk: world.rep.pk}  # team 1b to team 1a, both in department 1
    preview = preview_handover(user=world.manager, rep_id=world.rep_other_team.pk, moves=moves)
    confirm_handover(
        by=world.manager, rep_id=world.rep_other_team.pk, moves=moves, token=preview.token
    )
    assert Customer.objects.get(pk=customer.pk).owner_id == world.rep.pk
    with pytest.raises(DomainError) as error:
        preview_handover(
            user=world.manager,
            rep_id=world.rep.pk,
            moves={customer.pk: world.rep_other_dept.pk},
        )
    assert error.value.code == OversightCode.HANDOVER_TARGET_OUT_OF_SCOPE


@pytest.mark.parametrize("role", ["rep", "service", "admin", "event_staff"])
def test_roles_without_the_handover_duty_are_refused(world, role):
    customer = make_customer(world, step=0)
    with pytest.raises(DomainError) as error:
        preview_handover(
            user=getattr(world, role),
            rep_id=world.rep.pk,
            moves={customer.pk: world.rep_same_team.pk},
        )
    assert error.value.code == CoreCode.FORBIDDEN


def test_the_departed_rep_cannot_log_in_and_their_api_token_stops_working(world):
    customer = make_customer(world, step=0)
    _token, key = issue_api_token(by=world.rep)
    api = Client(headers={"Authorization": f"Bearer {key}"})
    assert api.get("/api/me").status_code == 200
    session = Client()
    session.force_login(world.rep)
    assert session.get(reverse("web:today")).status_code == 200
    moves = {customer.pk: world.rep_same_team.pk}
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)

    result = confirm_handover(
        by=world.supervisor,
        rep_id=world.rep.pk,
        moves=moves,
        token=preview.token,
        deactivate=True,
    )

    assert result.deactivated
    assert api.get("/api/me").status_code == 401
    assert session.get(reverse("web:today")).status_code == 302  # the session ended
    login = Client()
    response = login.post(reverse("web:login"), {"username": "rep_a", "password": "pass-1234"})
    assert response.status_code == 200 and "_auth_user_id" not in login.session
    assert AuditEntry.objects.filter(
        action="oversight.handover.rep_deactivated", object_id=str(world.rep.pk)
    ).exists()
    # a colleague still logs in the same way (the refusal is the deactivation's)
    response = login.post(reverse("web:login"), {"username": "rep_a2", "password": "pass-1234"})
    assert response.status_code == 302


def test_a_deactivated_rep_stays_listed_until_their_customers_are_handed_over(world):
    customer = make_customer(world, step=0)
    deactivate_rep(by=world.supervisor, rep_id=world.rep.pk)
    listed = {u.pk: u.customer_count for u in handover_reps(user=world.supervisor)}  # type: ignore[attr-defined]
    assert listed[world.rep.pk] == 1 and world.supervisor.pk not in listed
    assert world.rep_other_team.pk not in listed
    moves = {customer.pk: world.rep_same_team.pk}
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    confirm_handover(by=world.supervisor, rep_id=world.rep.pk, moves=moves, token=preview.token)
    assert Customer.objects.get(pk=customer.pk).owner_id == world.rep_same_team.pk


def test_the_preview_query_count_does_not_grow_with_customers(world, django_assert_max_num_queries):
    few = [make_customer(world, step=3, name=f"甲{i}") for i in range(2)]
    for customer in few:
        ProgrammeTaskFactory(customer=customer)
    with django_assert_max_num_queries(20) as small:
        preview_handover(
            user=world.supervisor, rep_id=world.rep.pk, moves=_all_to(few, world.rep_same_team)
        )
    many = few + [make_customer(world, step=3, name=f"乙{i}") for i in range(6)]
    for customer in many[2:]:
        ProgrammeTaskFactory(customer=customer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        preview_handover(
            user=world.supervisor, rep_id=world.rep.pk, moves=_all_to(many, world.rep_same_team)
        )


# ---- the pages --------------------------------------------------------------------------


def _page_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_preview_then_confirm_what_was_previewed(world):
    book = _book(world)
    client = _page_client(world.supervisor)
    listing = client.get(reverse("web:handover"))
    assert listing.status_code == 200
    assert f'id="handover-rep-{world.rep.pk}"' in listing.content.decode()
    url = reverse("web:handover_rep", args=[world.rep.pk])
    assert client.get(url).status_code == 200
    data = {"to": str(world.rep_same_team.pk), f"to_{book['fresh'].pk}": "keep"}
    response = client.post(url, data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview is not None and preview.totals.customers == 2 and preview.staying == 1
    page = response.content.decode()
    assert 'id="handover-preview"' in page and 'data-count="invitations">1<' in page
    # nothing moved by the preview
    assert Customer.objects.filter(owner=world.rep).count() == 3

    confirm = response.context["confirm"]
    response = client.post(
        reverse("web:handover_confirm", args=[world.rep.pk]),
        {"plan": confirm["plan"].value(), "token": confirm["token"].value(), "reason": "离职"},
    )

    assert response.status_code == 302
    assert set(Customer.objects.filter(owner=world.rep).values_list("pk", flat=True)) == {
        book["fresh"].pk
    }
    assert AuditEntry.objects.filter(action="oversight.handover.customer_moved").count() == 2


def test_a_stale_token_on_the_page_shows_the_new_preview_and_moves_nothing(world):
    book = _book(world)
    client = _page_client(world.supervisor)
    moves = {book["fresh"].pk: world.rep_same_team.pk}
    response = client.post(
        reverse("web:handover_confirm", args=[world.rep.pk]),
        {"plan": encode_plan(moves), "token": "0" * 64},
    )
    assert response.status_code == 200
    errors = response.context["confirm"].errors.as_data()["__all__"]
    assert errors[0].code == OversightCode.HANDOVER_CHANGED
    assert response.context["preview"].totals.customers == 1
    assert Customer.objects.get(pk=book["fresh"].pk).owner_id == world.rep.pk


def test_a_refused_receiver_is_shown_on_the_page(world):
    customer = make_customer(world, step=0)
    client = _page_client(world.supervisor)
    response = client.post(
        reverse("web:handover_confirm", args=[world.rep.pk]),
        {"plan": encode_plan({customer.pk: world.rep.pk}), "token": "0" * 64},
    )
    assert response.status_code == 200
    errors = response.context["confirm"].errors.as_data()["__all__"]
    assert errors[0].code == OversightCode.HANDOVER_TO_DEPARTING
    assert Customer.objects.get(pk=customer.pk).owner_id == world.rep.pk


@pytest.mark.parametrize("role", ["rep", "service", "admin", "supervisor_other_team"])
def test_the_pages_answer_404_out_of_scope_or_without_the_duty(world, role):
    client = _page_client(getattr(world, role))
    assert client.get(reverse("web:handover_rep", args=[world.rep.pk])).status_code == 404
    response = client.post(reverse("web:handover_deactivate", args=[world.rep.pk]))
    assert response.status_code == 404
    assert User.objects.get(pk=world.rep.pk).is_active


def test_the_deactivate_button_ends_the_reps_account(world):
    client = _page_client(world.supervisor)
    response = client.post(reverse("web:handover_deactivate", args=[world.rep.pk]))
    assert response.status_code == 302
    assert not User.objects.get(pk=world.rep.pk).is_active


def test_the_preview_says_when_moved_invitations_sit_on_the_reps_delivery_route(
    world,
    delivery_day,  # noqa: F811
):
    routed = invited(world, delivery_day, where=("30.280000", "120.160000"))
    fresh = make_customer(world, step=1, name="赵桂芳")
    plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    moves = {routed.pk: world.rep_same_team.pk}
    preview = preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves)
    assert preview.on_routes == 1
    moves = {fresh.pk: world.rep_same_team.pk}
    assert preview_handover(user=world.supervisor, rep_id=world.rep.pk, moves=moves).on_routes == 0
