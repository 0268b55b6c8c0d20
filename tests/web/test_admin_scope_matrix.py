"""Role x object matrix of the administration pages: every page and every action on a record
of the company (a user, a team, a department, a stand, a place, a merge) answers 404 to an
administrator of another company and to every other role of the company, exactly like an id
that does not exist, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lianyi.core.models import AuditEntry
from lianyi.customers.models import Place, PlaceKind
from lianyi.org.models import User
from tests.factories import add_place

MISSING = 987_654_321
VIEWERS = ["outsider_admin", "rep", "supervisor", "manager", "service", "event_staff"]


def _records(world: Any) -> dict[str, int]:
    compound = add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里")
    return {
        "user": world.rep.pk,
        "team": world.rep.team_id,
        "department": world.rep.team.department_id,
        "stand": world.stand.pk,
        "place": compound.pk,
    }


def _requests(ids: dict[str, int]) -> list[tuple[str, str, dict[str, Any]]]:
    user, team, dept = ids["user"], ids["team"], ids["department"]
    stand, place = ids["stand"], ids["place"]
    return [
        ("get", f"/admin/users/{user}/", {}),
        ("post", f"/admin/users/{user}/", {"action": "deactivate"}),
        ("post", f"/admin/users/{user}/", {"action": "reactivate"}),
        ("post", f"/admin/users/{user}/", {"action": "unlock"}),
        ("post", f"/admin/users/{user}/", {"action": "reset_password", "password": ""}),
        (
            "post",
            f"/admin/users/{user}/",
            {"action": "update", "edit-display_name": "改名", "edit-role": "service"},
        ),
        ("get", f"/admin/org/teams/{team}/", {}),
        ("post", f"/admin/org/teams/{team}/", {"action": "rename", "rename-name": "改名"}),
        ("post", f"/admin/org/teams/{team}/", {"action": "delete"}),
        ("get", f"/admin/org/departments/{dept}/", {}),
        ("post", f"/admin/org/departments/{dept}/", {"action": "rename", "rename-name": "改名"}),
        ("post", f"/admin/org/departments/{dept}/", {"action": "team", "team-name": "新组"}),
        ("post", f"/admin/org/departments/{dept}/", {"action": "delete"}),
        ("get", f"/admin/stands/{stand}/", {}),
        (
            "post",
            f"/admin/stands/{stand}/",
            {"name": "改名", "place": "某处", "held_on": "2026-12-01"},
        ),
        ("post", f"/admin/stands/{stand}/close/", {}),
        ("post", f"/admin/stands/{stand}/open/", {}),
        ("get", f"/admin/places/{place}/", {}),
        ("post", f"/admin/places/{place}/", {"district": "朝阳区", "name": "改名"}),
        ("get", f"/admin/places/{place}/merge/", {}),
        ("post", f"/admin/places/{place}/merge/", {"keep": place}),
    ]


def _state() -> tuple[Any, ...]:
    users = tuple(
        User.objects.order_by("pk").values_list(
            "pk", "display_name", "role", "is_active", "password"
        )
    )
    places = tuple(Place.objects.order_by("pk").values_list("pk", "name"))
    return users, places, AuditEntry.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("who", VIEWERS)
def test_records_of_the_company_answer_404_to_anyone_but_its_administrators(world, who):
    ids = _records(world)
    client = Client()
    client.force_login(getattr(world, who))
    before = _state()
    for method, path, data in _requests(ids):
        response = getattr(client, method)(path, data)
        assert response.status_code == 404, (who, method, path, data)
    assert _state() == before


@pytest.mark.django_db
def test_a_missing_id_answers_the_same_404_to_the_companys_administrator(world):
    client = Client()
    client.force_login(world.admin)
    ids = dict.fromkeys(("user", "team", "department", "stand", "place"), MISSING)
    for method, path, data in _requests(ids):
        assert getattr(client, method)(path, data).status_code == 404, (method, path)


@pytest.mark.django_db
def test_merging_into_another_companys_place_is_a_404(world):
    theirs = add_place(
        by=world.outsider_admin,
        kind=PlaceKind.COMPOUND,
        district="朝阳区",
        name="别家",
    )
    ours = add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="朝阳区", name="幸福里")
    client = Client()
    client.force_login(world.admin)
    audited = AuditEntry.objects.count()
    response = client.post(f"/admin/places/{ours.pk}/merge/", {"keep": theirs.pk})
    # not offered as a choice: the page is shown again with the refusal, nothing merged
    assert response.status_code != 302
    assert response.context["form"].errors
    assert Place.objects.filter(pk__in=[ours.pk, theirs.pk]).count() == 2
    assert AuditEntry.objects.count() == audited
