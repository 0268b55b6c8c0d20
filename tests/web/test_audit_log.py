"""The audit log reads to a person: each action by a label in the reader's language (every action
written in src/ has one), times and changed values in the company's zone, filters by action,
person, customer and days, the total and pages."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lianyi.core.audit import audit
from lianyi.core.models import AuditEntry
from lianyi.web.audit_display import ACTION_LABELS, action_label
from tests.conftest import SHANGHAI, make_customer

URL = reverse("web:audit")
SRC = Path(settings.BASE_DIR) / "src" / "lianyi"
# The services pass their action on to a helper that writes the entry: the helper's action
# parameter is the action.
ACTION_PARAMETERS = {"action"}


def audited_actions() -> set[str]:
    """Every action code a service writes: the literal second argument (or ``action=``) of each
    audit(...) call, and the literal passed for a parameter named ``action`` to a helper."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = _helpers_taking_action(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            if name == "audit":
                values = node.args[1:2] + [k.value for k in node.keywords if k.arg == "action"]
            elif name in helpers:
                position = helpers[name]
                values = node.args[position : position + 1] if position is not None else []
                values += [k.value for k in node.keywords if k.arg in ACTION_PARAMETERS]
            else:
                continue
            found |= {v.value for v in values if isinstance(v, ast.Constant)}
    return {a for a in found if isinstance(a, str)}


def _called(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _helpers_taking_action(tree: ast.AST) -> dict[str, int | None]:
    helpers: dict[str, int | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name != "audit":
            positional = [a.arg for a in node.args.args]
            keyword = [a.arg for a in node.args.kwonlyargs]
            if "action" in positional:
                helpers[node.name] = positional.index("action")
            elif "action" in keyword:
                helpers[node.name] = None
    return helpers


def test_every_action_written_in_src_has_a_label():
    actions = audited_actions()
    assert "customers.customer.registered" in actions  # the scan finds them
    assert "journey.first_call.recorded" in actions  # through _finish(..., action)
    assert "customers.stand.opened" in actions  # through _set_open(action=...)
    missing = sorted(actions - set(ACTION_LABELS))
    assert missing == [], f"add these to lianyi/web/audit_display.py ACTION_LABELS: {missing}"


def test_action_labels_are_in_the_readers_language():
    with translation.override("zh-hans"):
        assert action_label("customers.customer.registered") == "登记客户"
    with translation.override("en"):
        english = action_label("customers.customer.registered")
    assert english != "登记客户" and english.isascii()
    assert action_label("some.unknown.code") == "some.unknown.code"


def test_the_page_shows_labels_not_codes_and_local_times(world, login):
    customer = make_customer(world, step=1)
    response = login(world.admin).get(URL)
    html = response.content.decode()
    assert "登记客户" in html and "记录现场沟通" in html
    assert "<code>customers.customer.registered</code>" not in html
    # the journey's changes hold UTC ISO moments: shown in Shanghai time, never as +00:00
    assert "+00:00" not in html
    entry = next(
        e for e in AuditEntry.objects.all() if "+00:00" in str(e.changes.get("last_contact_at"))
    )
    moment = dt.datetime.fromisoformat(entry.changes["last_contact_at"][1])
    assert moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in html
    # field names by their label, the step and the next action by their names
    assert "最近联系" in html and "应办时间" in html and "当前步骤" in html
    assert f"现场沟通 → {customer.get_step_display()}" in html


def test_an_owner_change_names_the_people(world, login):
    customer = make_customer(world, step=0)
    audit(
        world.supervisor,
        "customers.customer.reassigned",
        customer,
        changes={"owner": [world.rep.pk, world.rep_same_team.pk]},
    )
    html = login(world.admin).get(URL).content.decode()
    assert f"{world.rep} → {world.rep_same_team}" in html


def test_filters_by_person_customer_and_action(world, login):
    mine = make_customer(world, step=1, name="甲")
    other = make_customer(world, step=0, name="乙", owner=world.rep_same_team)
    client = login(world.admin)
    by_person = client.get(URL, {"actor": world.rep_same_team.pk}).context["rows"]
    assert {r["entry"].actor_id for r in by_person} == {world.rep_same_team.pk}
    about = client.get(URL, {"customer": mine.pk}).context["rows"]
    actions = {r["entry"].action for r in about}
    # the customer's own entries and the touchpoints recorded for them
    assert actions == {"customers.customer.registered", "journey.stand_note.recorded"}
    assert all(
        (r["entry"].object_type, r["entry"].object_id) == ("customers.customer", str(mine.pk))
        or r["entry"].data.get("customer") == mine.pk
        for r in about
    )
    assert other.pk != mine.pk and len(about) == 3
    # each entry about a customer links to the log of that customer
    html = client.get(URL).content.decode()
    assert f'href="?customer={mine.pk}" data-role="customer-entries"' in html
    assert f'href="?customer={other.pk}" data-role="customer-entries"' in html
    area = client.get(URL, {"action": "journey."}).context["rows"]
    assert {r["entry"].action for r in area} == {"journey.stand_note.recorded"}


def test_filters_by_a_range_of_local_days(world, login):
    # 2026-11-10 23:30 in Shanghai is still 10 November there, 15:30 UTC
    for moment in (
        dt.datetime(2026, 11, 9, 12, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 11, 10, 23, 30, tzinfo=SHANGHAI),
        dt.datetime(2026, 11, 11, 0, 30, tzinfo=SHANGHAI),
    ):
        with time_machine.travel(moment, tick=False):
            audit(world.admin, "org.user.updated", world.rep, data={"at": moment.isoformat()})
    client = login(world.admin)
    rows = client.get(URL, {"since": "2026-11-10", "until": "2026-11-10"}).context["rows"]
    assert [r["entry"].data["at"] for r in rows] == ["2026-11-10T23:30:00+08:00"]
    assert len(client.get(URL, {"since": "2026-11-10"}).context["rows"]) == 2
    assert len(client.get(URL, {"until": "2026-11-10"}).context["rows"]) == 2


@pytest.mark.parametrize(
    "params",
    [
        {"action": "nope"},
        {"actor": "abc"},
        {"actor": "99999999"},
        {"customer": "x"},
        {"customer": "99999999999999999999999"},
        {"since": "2026/13/40"},
        {"since": "0001-01-01"},
        {"since": "2026-11-10", "until": "2026-11-01"},
    ],
)
def test_a_bad_filter_value_is_a_message_next_to_its_field(world, login, params):
    make_customer(world, step=0)
    response = login(world.admin).get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "field__error" in response.content.decode()


def test_an_actor_of_another_company_is_not_offered(world, login):
    response = login(world.admin).get(URL, {"actor": world.outsider_admin.pk})
    assert response.context["form"].errors["actor"]


def test_52_entries_show_the_total_and_the_51st_on_page_two(world, login):
    for i in range(52):
        audit(world.admin, "org.user.updated", world.rep, data={"i": i})
    client = login(world.admin)
    first = client.get(URL)
    assert first.context["paged"].total == 52
    assert 'data-total="52"' in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert [r["entry"].data["i"] for r in second.context["rows"]] == [1, 0]
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert client.get(URL, {"page": "999999"}).context["paged"].number == 2


def test_the_log_costs_the_same_queries_for_few_or_many_entries(world, login):
    client = login(world.admin)
    make_customer(world, step=0)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(12):
        customer = make_customer(world, step=1, name=f"客户{n}")
        audit(
            world.supervisor,
            "customers.customer.reassigned",
            customer,
            changes={"owner": [world.rep.pk, world.rep_same_team.pk]},
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["paged"].total > 30
    assert len(many.captured_queries) == len(few.captured_queries) + 1  # the owners' names
