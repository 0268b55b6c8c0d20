"""Route planning and stop moves in the background: the request is checked at once and queued,
the task makes the plan, and a day is never planned twice at the same time."""

from __future__ import annotations

from unittest import mock

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry, Job, JobState
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import DeliveryPlan, InvitationState, RouteStop
from lianyi.gatherings.services import routes as route_services
from lianyi.gatherings.services.routes import (
    plan_deliveries,
    request_route_plan,
    request_stop_move,
)
from lianyi.gatherings.tasks import plan_routes_task
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401

FAST = mock.patch.object(route_services, "SEARCH_SECONDS", 0.3)


def ask(world, day, by=None, reps=None):  # type: ignore[no-untyped-def]
    return request_route_plan(
        by=by or world.supervisor,
        gathering_id=world.gathering.pk,
        day=day,
        rep_ids=reps or [world.rep.pk],
        seconds=0.3,
    )


def test_a_plan_request_is_queued_and_the_task_makes_the_plan(
    world,
    delivery_day,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = ask(world, delivery_day)
        # nothing is solved inside the request's transaction
        assert not DeliveryPlan.objects.exists()
    assert len(callbacks) == 1
    job.refresh_from_db()
    plan = DeliveryPlan.objects.get()
    assert (job.state, job.result_ref) == (JobState.DONE, str(plan.pk))
    assert RouteStop.objects.get(plan=plan).invitation == customer.invitations.get()
    assert AuditEntry.objects.filter(action="gatherings.routes.plan_requested").count() == 1
    assert AuditEntry.objects.filter(action="gatherings.routes.planned").count() == 1


def test_a_refusal_is_answered_at_once_and_queues_nothing(world, delivery_day):  # noqa: F811
    with pytest.raises(DomainError) as error:
        ask(world, delivery_day)
    assert error.value.code == GatheringCode.ROUTES_NOTHING_TO_DELIVER
    assert not Job.objects.exists()


def test_the_same_request_again_joins_the_running_job(world, delivery_day):  # noqa: F811
    invited(world, delivery_day, where=("30.28", "120.16"))
    # given a plan queued and not yet picked up by the worker (no commit in this test)
    first = ask(world, delivery_day)
    again = ask(world, delivery_day)
    assert again.pk == first.pk
    assert Job.objects.count() == 1


def test_another_plan_of_the_day_is_refused_while_one_runs(world, delivery_day):  # noqa: F811
    invited(world, delivery_day, where=("30.28", "120.16"))
    first = ask(world, delivery_day)
    # another supervisor of the same scope, or the same one with other reps
    world.manager.refresh_from_db()
    for by, reps in ((world.manager, None), (world.supervisor, [world.rep_same_team.pk])):
        with pytest.raises(DomainError) as error:
            ask(world, delivery_day, by=by, reps=reps)
        assert error.value.code == GatheringCode.ROUTES_PLANNING_RUNNING
    assert list(Job.objects.values_list("pk", flat=True)) == [first.pk]


def test_a_move_waits_for_the_plan_of_the_day_to_finish(world, delivery_day):  # noqa: F811
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    plan = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    ask(world, delivery_day)
    with pytest.raises(DomainError) as error:
        request_stop_move(
            by=world.supervisor,
            plan_id=plan.pk,
            invitation_id=customer.invitations.get().pk,
            to_rep_id=world.rep_same_team.pk,
        )
    assert error.value.code == GatheringCode.ROUTES_PLANNING_RUNNING


def test_a_move_is_queued_and_the_task_replans(
    world,
    delivery_day,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    old = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    invitation = customer.invitations.get()
    with django_capture_on_commit_callbacks(execute=True):
        job = request_stop_move(
            by=world.supervisor,
            plan_id=old.pk,
            invitation_id=invitation.pk,
            to_rep_id=world.rep_same_team.pk,
        )
    job.refresh_from_db()
    new = DeliveryPlan.objects.exclude(pk=old.pk).get()
    assert (job.state, job.result_ref) == (JobState.DONE, str(new.pk))
    assert RouteStop.objects.get(plan=new).rep == world.rep_same_team


def test_what_changed_before_the_worker_ran_fails_the_job_in_chinese(world, delivery_day):  # noqa: F811
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    job = ask(world, delivery_day)
    # the invitation is handed over before the worker picks the job up
    customer.invitations.update(state=InvitationState.DELIVERED)
    plan_routes_task.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_code == GatheringCode.ROUTES_NOTHING_TO_DELIVER
    assert job.message == "这一天没有约好送达的邀请函。"
    assert not DeliveryPlan.objects.exists()


def test_a_job_runs_once_even_when_its_task_is_delivered_twice(world, delivery_day):  # noqa: F811
    invited(world, delivery_day, where=("30.28", "120.16"))
    job = ask(world, delivery_day)
    with FAST:
        plan_routes_task.call(job.pk)
        with pytest.raises(DomainError):
            plan_routes_task.call(job.pk)
    assert DeliveryPlan.objects.count() == 1
