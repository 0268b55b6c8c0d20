"""One door for every kind of record: company filters are written only in ``org.scoping``, one
"get by id or NotFound" answers a missing, a forbidden and a malformed id alike, and views take
their capability check from ``web.access``, not from one another."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lianyi.core.errors import NotFound
from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Customer
from lianyi.customers.selectors import visible_customers
from tests.conftest import make_customer

SRC = Path(__file__).resolve().parents[2] / "src" / "lianyi"
DOOR = SRC / "org" / "scoping.py"
# Lookups whose keywords filter rows. get_or_create/update_or_create are left out: their
# keywords are also the values of the row they create, which a Q cannot give.
FILTERING = {"filter", "exclude", "get", "Q"}


def _company_filters(path: Path, root: Path = SRC) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in FILTERING:
            continue
        for keyword in node.keywords:
            arg = keyword.arg or ""
            if arg in ("company", "company_id") or arg.endswith(("__company", "__company_id")):
                found.append(f"{path.relative_to(root)}:{node.lineno} {name}({arg}=...)")
    return found


def _modules() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts]


def test_no_module_outside_the_scoping_door_writes_its_own_company_filter():
    # a query that writes company_id= itself is a second door, with its own guard (or none)
    offenders = [hit for path in _modules() if path != DOOR for hit in _company_filters(path)]
    assert offenders == []


def test_the_company_filter_check_finds_a_hand_written_filter(tmp_path):
    # the check above would pass vacuously if it could not see one
    module = tmp_path / "example.py"
    module.write_text(
        "rows = Gathering.objects.filter(pk=1, company_id=user.company_id)\n"
        "more = Q(gathering__company_id=3)\n"
        "made = Stand.objects.create(company_id=1)\n",
        encoding="utf-8",
    )
    hits = [hit.split(" ", 1)[1] for hit in _company_filters(module, root=tmp_path)]
    assert hits == ["filter(company_id=...)", "Q(gathering__company_id=...)"]


@pytest.mark.parametrize("pk", ["abc", None, "", True, -1, 0, 2**63, 10**30, "1.5", [1]])
def test_get_by_id_answers_a_value_that_is_no_id_like_a_missing_one(world, pk):
    make_customer(world)
    with pytest.raises(NotFound):
        get_by_id(Customer.objects.all(), pk)


def test_get_by_id_answers_an_id_outside_the_scope_like_a_missing_one(world):
    # given a customer of another team's rep
    other = make_customer(world, owner=world.rep_other_team)
    missing = other.pk + 1000
    # then the rep's door answers both the same way, and the owner's door finds it
    for pk in (other.pk, str(other.pk), missing):
        with pytest.raises(NotFound):
            get_by_id(visible_customers(user=world.rep), pk)
    assert get_by_id(visible_customers(user=world.rep_other_team), str(other.pk)) == other


def test_views_take_the_capability_check_from_web_access_not_from_another_view():
    views = SRC / "web" / "views"
    for path in sorted(views.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        ]
        assert not [m for m in imported if m.startswith("lianyi.web.views")], path.name
        defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert "require" not in defined, path.name
