"""The programme in the API: the contact preference, a customer's tasks, marking one done, the
agenda's tasks, and what bad input gets."""

from __future__ import annotations

import datetime as dt

import time_machine

from lianyi.aftercare.models import TaskState
from lianyi.aftercare.services.programme import start_programme
from tests.conftest import at_local, make_customer
from tests.factories import OrderFactory

D = dt.date(2026, 3, 2)
NOW = at_local(D + dt.timedelta(days=1), 10)


def _bought(world):
    customer = make_customer(world, step=5, name="王建华", sex="M")
    tasks = start_programme(by=world.rep, order=OrderFactory(customer=customer), delivered_on=D)
    return customer, tasks


def test_preference_replans_the_tasks_and_the_tasks_say_why(world, api_client_for):
    with time_machine.travel(NOW, tick=False):
        customer, _tasks = _bought(world)
        api = api_client_for(world.rep)
        path = f"/customers/{customer.pk}/contact-preference"
        response = api.client.put(
            f"/api{path}",
            {"max_per_month": 1, "channel": "phone", "note": "只在白天打"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["channel"] == "phone"
        body = api.get(f"/customers/{customer.pk}/programme-tasks").json()
    assert body["preference"]["max_per_month"] == 1
    kinds = {t["kind"] for t in body["tasks"] if t["state"] == "open"}
    assert kinds == {"call"}
    dropped = [t for t in body["tasks"] if t["state"] == "dropped"]
    assert dropped and all("每月最多联系 1 次" in t["dropped_reason"] for t in dropped)


def test_bad_preferences_get_4xx_with_stable_codes_and_out_of_scope_is_404(world, api_client_for):
    customer = make_customer(world)
    api = api_client_for(world.rep)

    def put(data, client=api):
        return client.client.put(
            f"/api/customers/{customer.pk}/contact-preference",
            data,
            content_type="application/json",
        )

    negative = put({"max_per_month": -1, "channel": "any"})
    assert negative.status_code == 422
    assert negative.json()["extra"]["fields"][0]["field"] == "max_per_month"
    too_many = put({"max_per_month": 40, "channel": "any"})
    assert too_many.status_code == 400
    assert too_many.json()["code"] == "aftercare.preference_invalid"
    unknown = put({"max_per_month": 2, "channel": "sms"})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "aftercare.channel_invalid"
    outsider = put({"channel": "any"}, client=api_client_for(world.rep_other_team))
    assert outsider.status_code == 404
    assert (
        api_client_for(world.outsider_admin)
        .get(f"/customers/{customer.pk}/programme-tasks")
        .status_code
        == 404
    )


def test_marking_a_task_done_records_its_contact_once(world, api_client_for):
    with time_machine.travel(NOW, tick=False):
        _customer, tasks = _bought(world)
        api = api_client_for(world.rep)
        path = f"/programme-tasks/{tasks[0].pk}/done"
        done = api.post(path, {"notes": "用得好", "satisfaction": "average"})
        assert done.status_code == 201, done.content
        assert done.json()["task"]["state"] == TaskState.DONE
        again = api.post(path, {})
        assert again.status_code == 400
        assert again.json()["code"] == "aftercare.task_not_open"
        bad = api.post(f"/programme-tasks/{tasks[1].pk}/done", {"channel": "sms"})
        assert bad.status_code == 400
        assert bad.json()["code"] == "aftercare.channel_invalid"
        rating = api.post(f"/programme-tasks/{tasks[1].pk}/done", {"satisfaction": "great"})
        assert rating.json()["code"] == "aftercare.satisfaction_invalid"
        outsider = api_client_for(world.rep_other_team).post(
            f"/programme-tasks/{tasks[1].pk}/done", {}
        )
        assert outsider.status_code == 404


def test_the_agenda_lists_the_due_tasks_and_consent_withdrawal_drops_them(world, api_client_for):
    with time_machine.travel(NOW, tick=False):
        customer, tasks = _bought(world)
        api = api_client_for(world.rep)
        agenda = api.get("/agenda").json()
        assert [t["id"] for t in agenda["tasks"]] == [tasks[0].pk]
        assert agenda["tasks"][0]["polite"] == "王叔叔"
        assert api.post(f"/customers/{customer.pk}/withdraw-consent").status_code == 200
        assert api.get("/agenda").json()["tasks"] == []
        body = api.get(f"/customers/{customer.pk}/programme-tasks").json()
    assert {t["state"] for t in body["tasks"]} == {"dropped"}
    assert all(t["dropped_reason"].startswith("客户已撤回同意") for t in body["tasks"])
