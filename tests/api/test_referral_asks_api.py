"""POST /api/customers/{id}/referral-asks: the touchpoint with the answer, the codes of refusals."""

from __future__ import annotations

from tests.conftest import make_customer


def test_referral_ask_through_the_api(world, api_client_for):
    customer = make_customer(world, step=5)
    api = api_client_for(world.rep)
    path = f"/customers/{customer.pk}/referral-asks"

    response = api.post(path, {"answer": "gave_contact", "notes": "介绍了邻居"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["touchpoint"]["kind"] == "referral_ask"
    assert body["touchpoint"]["referral_answer"] == "gave_contact"
    assert body["journey"]["step"] == customer.step
    timeline = api.get(f"/customers/{customer.pk}/timeline").json()
    assert timeline["touchpoints"][-1]["referral_answer"] == "gave_contact"

    bad = api.post(path, {"answer": "paid_reward"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "journey.referral_answer_invalid"

    other = api_client_for(world.rep_other_team).post(path, {"answer": "declined"})
    assert other.status_code == 404
