"""Who sees what through the API: every route that takes an id, for every role, and every list.

Out of scope answers exactly like a missing id (404 ``not_found``) and never carries the data;
a role that may never do the action gets 403 ``forbidden`` whatever the id; anonymous gets 401.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lianyi.core.errors import Conflict
from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from lianyi.org.capabilities import Capability, has_capability
from tests.api.conftest import assert_error
from tests.conftest import at_local, make_customer

IN_SCOPE = ("owner", "supervisor", "manager", "admin")
OUT_OF_SCOPE = ("rep_other_team", "supervisor_other_team", "manager_other_dept", "outsider_admin")
ROLE_ATTR = {
    "owner": "rep",
    "supervisor": "supervisor",
    "manager": "manager",
    "admin": "admin",
    "rep_other_team": "rep_other_team",
    "supervisor_other_team": "supervisor_other_team",
    "manager_other_dept": "manager_other_dept",
    "outsider_admin": "outsider_admin",
}


def tomorrow(hour: int) -> str:
    return at_local(timezone.localdate() + dt.timedelta(days=1), hour).isoformat()


@dataclass
class Route:
    method: str
    path: str  # "{id}" is the customer's (or the claim's) id
    step: int = 1
    body: Callable[[Any], dict] = lambda world: {}
    allowed: tuple[str, ...] = IN_SCOPE
    status: int = 200
    capability: Capability | None = None
    on_claim: bool = False


ROUTES = {
    "detail": Route("get", "/customers/{id}"),
    "timeline": Route("get", "/customers/{id}/timeline"),
    "health_notes": Route("get", "/customers/{id}/health-notes", allowed=("owner", "supervisor")),
    "stand_note": Route(
        "post",
        "/customers/{id}/stand-notes",
        step=0,
        body=lambda world: {"desk": "registration", "notes": "登记台"},
        allowed=("owner", "supervisor"),
        status=201,
        capability=Capability.JOURNEY_RECORD,
    ),
    "first_call": Route(
        "post",
        "/customers/{id}/first-call",
        step=1,
        body=lambda world: {
            "outcome": "agreed",
            "visit_slot_start": tomorrow(15),
            "visit_slot_end": tomorrow(16),
        },
        allowed=("owner", "supervisor"),
        status=201,
        capability=Capability.JOURNEY_RECORD,
    ),
    "first_visit": Route(
        "post",
        "/customers/{id}/first-visit",
        step=2,
        body=lambda world: {"duration_minutes": 45, "profile_completed": True},
        allowed=("owner", "supervisor"),
        status=201,
        capability=Capability.JOURNEY_RECORD,
    ),
    "second_call": Route(
        "post",
        "/customers/{id}/second-call",
        step=3,
        body=lambda world: {
            "outcome": "agreed",
            "invitation_accepted": True,
            "delivery_slot_start": tomorrow(15),
            "delivery_slot_end": tomorrow(16),
            "gathering_id": world.gathering.pk,
        },
        allowed=("owner", "supervisor"),
        status=201,
        capability=Capability.JOURNEY_RECORD,
    ),
    "second_visit": Route(
        "post",
        "/customers/{id}/second-visit",
        step=4,
        body=lambda world: {"invitation_handed_over": True, "unprinted_confirmed": True},
        allowed=("owner", "supervisor"),
        status=201,
        capability=Capability.JOURNEY_RECORD,
    ),
    "edit_details": Route(
        "patch",
        "/customers/{id}",
        body=lambda world: {"building": "5号楼302"},
        capability=Capability.CUSTOMERS_EDIT,
    ),
    "vip_profile": Route(
        "patch",
        "/customers/{id}/vip-profile",
        body=lambda world: {"interests": "书法"},
        allowed=("owner", "supervisor"),
        capability=Capability.JOURNEY_RECORD,
    ),
    # customer service records a withdrawal too; the administrator (configuration) does not
    "withdraw_consent": Route(
        "post", "/customers/{id}/withdraw-consent", capability=Capability.CONSENT_WITHDRAW
    ),
    "reassign": Route(
        "post",
        "/customers/{id}/reassign",
        body=lambda world: {"to_user_id": world.rep_same_team.pk, "reason": "原专员调岗"},
        allowed=("supervisor", "manager", "admin"),
        capability=Capability.CUSTOMERS_REASSIGN,
    ),
    "resolve_claim": Route(
        "post",
        "/claims/{id}/resolve",
        body=lambda world: {"transfer": True, "note": "客户更愿意由新专员联系"},
        allowed=("supervisor", "manager", "admin"),
        capability=Capability.CLAIMS_RESOLVE,
        on_claim=True,
    ),
}

CUSTOMER_NAME = "欧阳秀英"


def open_claim(world, customer) -> int:
    """rep_same_team tries to register the owner's customer again: a claim opens."""
    with pytest.raises(Conflict):
        register_customer(
            by=world.rep_same_team,
            data=Registration(
                name=CUSTOMER_NAME,
                sex="F",
                phone=customer.mobile,
                consent_items=["contact", "profile"],
                stand_id=world.stand.pk,
            ),
        )
    return customer.claims.get().pk


def call(client, route: Route, target_id: int, world):
    path = route.path.format(id=target_id)
    if route.method == "get":
        return client.get(path)
    if route.method == "patch":
        return client.patch(path, route.body(world))
    return client.post(path, route.body(world))


@pytest.fixture
def target(world):
    def make(route: Route) -> int:
        world.company.protection_days = 0  # the owner's protection period has run out
        world.company.save(update_fields=["protection_days"])
        customer = make_customer(world, step=route.step, name=CUSTOMER_NAME, health_consent=True)
        return open_claim(world, customer) if route.on_claim else customer.pk

    return make


@pytest.mark.parametrize("route_name", ROUTES)
@pytest.mark.parametrize("role", IN_SCOPE + OUT_OF_SCOPE)
def test_id_route_answers_each_role_by_scope(world, api_client_for, target, route_name, role):
    # given
    route = ROUTES[route_name]
    target_id = target(route)
    user = getattr(world, ROLE_ATTR[role])
    # when
    response = call(api_client_for(user), route, target_id, world)
    # then
    if route.capability is not None and not has_capability(user, route.capability):
        assert_error(response, 403, "forbidden")
    elif role in route.allowed:
        assert response.status_code == route.status, response.content
    else:
        assert_error(response, 404, "not_found")
    if role not in route.allowed:
        assert CUSTOMER_NAME not in response.content.decode()


@pytest.mark.parametrize("route_name", ROUTES)
def test_id_route_refuses_anonymous(world, anon_api, target, route_name):
    route = ROUTES[route_name]
    response = call(anon_api, route, target(route), world)
    assert_error(response, 401, "unauthenticated")
    assert CUSTOMER_NAME not in response.content.decode()


@pytest.mark.parametrize("route_name", ROUTES)
def test_id_route_answers_a_missing_id_like_a_forbidden_one(world, api_client_for, route_name):
    route = ROUTES[route_name]
    user = world.supervisor  # has every capability these routes ask for but audit
    assert_error(call(api_client_for(user), route, 999_999, world), 404, "not_found")


# --- lists and search ----------------------------------------------------------------------

LIST_SCOPE = {
    "rep": {"rep"},
    "supervisor": {"rep", "rep_same_team"},
    "manager": {"rep", "rep_same_team", "rep_other_team"},
    "admin": {"rep", "rep_same_team", "rep_other_team", "rep_other_dept"},
    "service": {"rep", "rep_same_team", "rep_other_team", "rep_other_dept"},
    "supervisor_other_team": {"rep_other_team"},
    "manager_other_dept": {"rep_other_dept"},
    "outsider_admin": set(),
    "event_staff": set(),
}
OWNERS = ("rep", "rep_same_team", "rep_other_team", "rep_other_dept")
NAMES = {
    "rep": "张桂兰",
    "rep_same_team": "张秀芳",
    "rep_other_team": "张建华",
    "rep_other_dept": "张玉梅",
}


@pytest.fixture
def customers_of_each_rep(world) -> dict[str, Any]:
    return {
        owner: make_customer(world, owner=getattr(world, owner), name=NAMES[owner])
        for owner in OWNERS
    }


@pytest.mark.parametrize("role", LIST_SCOPE)
def test_customer_list_and_search_return_only_rows_in_scope(
    world, api_client_for, customers_of_each_rep, role
):
    api = api_client_for(getattr(world, role))
    expected = {customers_of_each_rep[o].pk for o in LIST_SCOPE[role]}

    listed = api.get("/customers")
    assert listed.status_code == 200
    assert {row["id"] for row in listed.json()} == expected

    for query in ("张", "zh", "z"):
        found = api.get("/customers", q=query)
        assert {row["id"] for row in found.json()} == expected, query

    for owner, customer in customers_of_each_rep.items():
        by_tail = api.get("/customers", q=customer.mobile[-4:]).json()
        by_pinyin = api.get("/customers", q=customer.pinyin_initials).json()
        should_see = owner in LIST_SCOPE[role]
        assert (customer.pk in {r["id"] for r in by_tail}) is should_see
        assert (customer.pk in {r["id"] for r in by_pinyin}) is should_see


@pytest.mark.parametrize("role", ["rep", "rep_same_team", "rep_other_team", "supervisor"])
def test_agenda_lists_only_the_users_own_due_customers(
    world, api_client_for, customers_of_each_rep, role
):
    agenda = api_client_for(getattr(world, role)).get("/agenda").json()
    expected = {customers_of_each_rep[role].pk} if role in customers_of_each_rep else set()
    assert {item["id"] for item in agenda["items"]} == expected


CLAIM_SEERS = ("rep", "rep_same_team", "supervisor", "manager", "admin")


@pytest.mark.parametrize(
    "role",
    [
        *CLAIM_SEERS,
        "rep_other_team",
        "supervisor_other_team",
        "manager_other_dept",
        "outsider_admin",
    ],
)
def test_claim_list_shows_a_claim_only_to_those_concerned(world, api_client_for, role):
    customer = make_customer(world, name=CUSTOMER_NAME)
    claim_id = open_claim(world, customer)
    claims = api_client_for(getattr(world, role)).get("/claims")
    assert claims.status_code == 200
    ids = {c["id"] for c in claims.json()}
    assert ids == ({claim_id} if role in CLAIM_SEERS else set())


def test_audit_log_shows_an_admin_only_their_own_company(world, api_client_for):
    customer = make_customer(world, name=CUSTOMER_NAME)
    entries = api_client_for(world.admin).get("/audit", object_id=customer.pk).json()
    assert "customers.customer.registered" in {e["action"] for e in entries}

    outsider = api_client_for(world.outsider_admin).get("/audit").json()
    assert all(e["object_repr"] != CUSTOMER_NAME for e in outsider)
    assert not any(e["action"].startswith("customers.") for e in outsider)


@pytest.mark.parametrize("role", ["rep", "supervisor", "manager", "service"])
def test_audit_log_is_refused_to_everyone_but_admins(world, api_client_for, role):
    make_customer(world, name=CUSTOMER_NAME)
    assert_error(api_client_for(getattr(world, role)).get("/audit"), 403, "forbidden")


def test_a_token_can_be_deleted_only_by_its_owner(world, api_client_for):
    from lianyi.org.services import issue_api_token

    token, _key = issue_api_token(by=world.rep, name="phone")
    assert_error(
        api_client_for(world.supervisor).delete(f"/auth/tokens/{token.pk}"), 404, "not_found"
    )
    assert api_client_for(world.rep).delete(f"/auth/tokens/{token.pk}").status_code == 204
    assert_error(api_client_for(world.rep).delete(f"/auth/tokens/{token.pk}"), 404, "not_found")
