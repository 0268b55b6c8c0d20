"""Typed services (issue 7, item 17): every write that acts for someone takes ``by: User`` (the
organisation's user model), ids as ``int``, and nothing typed ``Any`` at its boundary, so that
mypy checks each view and route that calls it (and they need no ``type: ignore``)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import lianyi
from lianyi.org.models import User

SRC = Path(lianyi.__file__).resolve().parent
# Who calls services without their own types: pages and routes (checked by mypy), the demo.
NOT_SERVICES = ("lianyi.web", "lianyi.api", "lianyi.demo", "lianyi.core.management")
# Below org in the layers, core cannot name its User: its job primitives take the settings' user
# (and a job's JSON parameters).
ALLOWED_ANY = {"lianyi.core.services.create_job": {"by", "params"}}


def acting_functions() -> Iterator[tuple[str, Callable[..., object]]]:
    """Every public function of lianyi's domain modules that takes a ``by``."""
    for module_info in pkgutil.walk_packages(lianyi.__path__, "lianyi."):
        name = module_info.name
        if name.startswith(NOT_SERVICES) or ".migrations" in name or name.endswith(".tests"):
            continue
        module = importlib.import_module(name)
        for fname, function in vars(module).items():
            if (
                inspect.isfunction(function)
                and function.__module__ == name
                and not fname.startswith("_")
                and "by" in inspect.signature(function).parameters
            ):
                yield f"{name}.{fname}", function


def problems(qualname: str, function: Callable[..., object]) -> list[str]:
    hints = typing.get_type_hints(function)
    allowed = ALLOWED_ANY.get(qualname, set())
    found = []
    for parameter in inspect.signature(function).parameters.values():
        hint = hints.get(parameter.name)
        if hint is None:
            found.append(f"{parameter.name} has no type")
            continue
        if parameter.name in allowed:
            continue
        if "Any" in str(hint):
            found.append(f"{parameter.name}: {hint}")
        elif parameter.name == "by" and hint is not User:
            found.append(f"by: {hint} (not User)")
        elif parameter.name.endswith("_id") and hint not in (int, int | None):
            found.append(f"{parameter.name}: {hint} (an id is an int)")
        elif parameter.name.endswith("_ids") and not re.search(r"\[int\]$", str(hint)):
            found.append(f"{parameter.name}: {hint} (ids are ints)")
    if "return" not in hints:
        found.append("no return type")
    return found


def test_every_service_takes_by_user_and_int_ids_and_no_any():
    functions = dict(acting_functions())
    assert "lianyi.gatherings.services.checkin.check_in" in functions  # the walk finds services
    assert "lianyi.journey.services.register_customer" in functions
    bad = {
        name: found for name, function in functions.items() if (found := problems(name, function))
    }
    assert bad == {}


def test_the_check_catches_an_untyped_service():
    def sloppy(*, by: typing.Any, customer_id: str, rep_ids: list[str]) -> None:
        pass

    def unannotated(*, by):  # type: ignore[no-untyped-def]
        pass

    assert problems("x.sloppy", sloppy) == [
        "by: typing.Any",
        "customer_id: <class 'str'> (an id is an int)",
        "rep_ids: list[str] (ids are ints)",
    ]
    assert problems("x.unannotated", unannotated) == ["by has no type", "no return type"]


def test_services_do_not_coerce_ids_again():
    # URLs and schemas convert ids; a service that calls int() on one hides a caller's wrong type.
    pattern = re.compile(r"\bint\(\s*\w*_id\b")
    services = [*SRC.glob("*/services.py"), *SRC.glob("*/services/**/*.py")]
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in services
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_pages_and_routes_call_services_without_silencing_mypy():
    # A `type: ignore` or a `user: Any = request.user` in a view would let a wrong type reach a
    # service unchecked: pages declare AuthenticatedRequest, routes use current_user().
    silenced = re.compile(r"type: ignore|: Any = request\.(user|auth)")
    callers = [*(SRC / "web" / "views").glob("*.py"), *(SRC / "api").glob("*.py")]
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in callers
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if silenced.search(line)
    ]
    assert found == []
