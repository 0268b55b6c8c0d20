"""Role x object: who sees a case of rep_a's customer, on the pages and through the API. Everyone
else gets the same answer as for a case that does not exist (pages 404; the API 404, or 403 for
a role that never handles cases, before any id is looked up)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lianyi.aftercare.services.cases import open_case
from lianyi.org.services import issue_api_token
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db

# role -> (sees the case, handles cases at all)
MATRIX = {
    "rep": (True, True),
    "rep_same_team": (False, True),
    "rep_other_team": (False, True),
    "rep_other_dept": (False, True),
    "supervisor": (True, True),
    "supervisor_other_team": (False, True),
    "manager": (True, True),
    "manager_other_dept": (False, True),
    "service": (True, True),
    "admin": (False, False),
    "event_staff": (False, False),
    "outsider_admin": (False, False),
}


@pytest.fixture
def case(world):
    customer = make_customer(world)
    return open_case(by=world.rep, customer_id=customer.pk, source="complaint", summary="坏了")


@pytest.mark.parametrize("role", list(MATRIX))
def test_case_page_scope(world, case, role):
    sees, _handles = MATRIX[role]
    client = Client()
    client.force_login(getattr(world, role))
    page = client.get(reverse("web:case", args=[case.pk]))
    assert page.status_code == (200 if sees else 404)
    listed = client.get(reverse("web:cases"))
    if listed.status_code == 200:
        assert ({r["case"].pk for r in listed.context["rows"]} == {case.pk}) is sees
    else:
        assert not sees and listed.status_code == 404
    note = client.post(reverse("web:case_note", args=[case.pk]), {"note": "跟进"})
    assert note.status_code == (302 if sees else 404)


@pytest.mark.parametrize("role", list(MATRIX))
def test_case_api_scope(world, case, role):
    sees, handles = MATRIX[role]
    _token, key = issue_api_token(by=getattr(world, role), name="matrix")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    found = api.get(f"/api/cases/{case.pk}")
    missing = api.get("/api/cases/999999")
    if sees:
        assert found.status_code == 200 and found.json()["id"] == case.pk
    else:
        assert found.status_code == missing.status_code == (404 if handles else 403)
        assert found.json() == missing.json()
    listed = api.get("/api/cases")
    if handles:
        assert ({i["id"] for i in listed.json()["items"]} == {case.pk}) is sees
    else:
        assert listed.status_code == 403
