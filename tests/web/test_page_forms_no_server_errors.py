"""No page answers 5xx to hostile input, and no refused input leaves a half-written record.

The pages are enumerated from the ``web`` URL patterns (a new page is covered by being
there); every id in a path gets a real record of the user's company, one of another company
and a number past bigint. As an administrator, a supervisor and a rep, each page is read with
hostile query values, then every form the page shows (found in its HTML) is posted: once with
every field set to the same hostile value, and once per field with the page's own values
around it, so the hostile value reaches the service past the form's other checks.

"Half-written": the services write exactly one audit entry with every change, so a request
that wrote no audit entry must leave the counts of the records unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from lianyi.core.errors import Conflict
from lianyi.core.models import AuditEntry
from lianyi.core.services import create_job, finish_job, start_job, store_job_file
from lianyi.customers.models import Claim, PlaceKind
from lianyi.customers.services import Registration
from lianyi.gatherings.models import Invitation
from lianyi.journey.services import register_customer
from tests.conftest import make_customer
from tests.factories import (
    DepartmentFactory,
    GatheringFactory,
    StandFactory,
    TeamFactory,
    UserFactory,
    add_bus,
    add_place,
    add_table,
    open_shop,
    place_test_order,
    seat_at,
)

SURROGATE = "\ud800"  # sent as %ED%A0%80, the UTF-8 of a lone surrogate
HOSTILE = [
    "名字\x00",
    SURROGATE,
    "x" * 100_000,
    "99999999999999999999",
    "-1",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "²",
    "",
    "no-such-choice",
]
# Pages that would end the session or leave the site: not form input.
SKIPPED_ACTIONS = {"web:logout"}


def encode(value: str) -> str:
    if value == SURROGATE:
        return "%ED%A0%80"
    return quote(value, safe="")


def body(fields: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in fields).encode("ascii")


# --- the forms a page shows ------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, the page's value)
    choices: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            action = attrs.get("action") or attrs.get("hx-post") or self.page
            self.forms.append(Form(action=action, method=(attrs.get("method") or "get").lower()))
            if attrs.get("hx-post"):
                self.forms[-1].method = "post"
            return
        if not self.forms or "name" not in attrs:
            return
        form = self.forms[-1]
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                form.choices.setdefault(name, []).append(attrs.get("value", "on"))
                return
            if kind in ("submit", "button") and not attrs.get("value"):
                return
            form.kinds[name] = kind
            form.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea":
            form.fields.append((name, ""))
        elif tag == "select":
            self.select = name
            form.fields.append((name, ""))
        elif tag == "button" and attrs.get("value"):
            form.fields.append((name, attrs["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


class OptionParser(FormParser):
    """Selected options (and the first one of a select) as the page's value."""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        if tag == "option" and self.select and self.forms:
            attrs = {k: v or "" for k, v in attrs_list}
            form = self.forms[-1]
            value = attrs.get("value", "")
            form.choices.setdefault(self.select, []).append(value)
            index = max(i for i, (name, _) in enumerate(form.fields) if name == self.select)
            if "selected" in attrs or not form.fields[index][1]:
                form.fields[index] = (self.select, value)
            return
        super().handle_starttag(tag, attrs_list)


def forms_of(page: str, html: str) -> list[Form]:
    parser = OptionParser(page)
    parser.feed(html)
    return parser.forms


# --- the pages -------------------------------------------------------------------------


def web_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "web" and entry.name:
                yield f"web:{entry.name}", entry

    yield from walk(get_resolver().url_patterns, "")


TOO_BIG = 99999999999999999999


@dataclass
class Ids:
    own: dict[str, int]
    other: dict[str, int]
    words: dict[str, list[str]]


@pytest.fixture
def ids(world, settings, tmp_path) -> Ids:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    customer = make_customer(world, step=5, name="王秀英", health_consent=True)
    with pytest.raises(Conflict):
        register_customer(
            by=world.rep_same_team,
            data=Registration(
                name="王秀英",
                sex="F",
                phone=customer.mobile,
                consent_items=["contact", "profile"],
                stand_id=world.stand.pk,
            ),
        )
    claim = Claim.objects.get(customer=customer)
    place = add_place(by=world.admin, kind=PlaceKind.COMPOUND, district="西湖区", name="翠苑一区")
    bus = add_bus(world.gathering, by=world.admin)
    job, _ = create_job(by=world.supervisor, kind="gatherings.invitations.pdf", total=30)
    start_job(job_id=job.pk)
    ref = store_job_file(job_id=job.pk, data=b"%PDF-1.4", suffix=".pdf")
    finish_job(job_id=job.pk, result_ref=ref)
    invitation = Invitation.objects.filter(customer=customer).first()
    table = add_table(world.gathering, by=world.admin)
    seat = seat_at(invitation, table, by=world.admin)
    other = world.outsider_admin.company
    other_dept = DepartmentFactory(company=other, name="外部门")
    other_team = TeamFactory(department=other_dept, name="外组")
    other_gathering = GatheringFactory(company=other)
    other_user = UserFactory(username="outsider_rep", company=other, team=other_team)
    other_job, _ = create_job(by=other_user, kind="gatherings.invitations.pdf", total=30)
    order = place_test_order(open_shop(world.admin), customer, by=world.rep, socks=2)
    return Ids(
        own={
            "customer_id": customer.pk,
            "claim_id": claim.pk,
            "department_id": world.rep.team.department_id,
            "team_id": world.rep.team_id,
            "user_id": world.rep.pk,
            "stand_id": world.stand.pk,
            "place_id": place.pk,
            "gathering_id": world.gathering.pk,
            "invitation_id": invitation.pk if invitation else 1,
            "job_id": job.pk,
            "pk": bus.pk,
            "plan_id": 1,
            "seat_id": seat.pk,
            # the first call, which the rep recorded and may still correct (更正)
            "touchpoint_id": customer.touchpoints.get(kind="first_call").pk,
            "order_id": order.pk,
        },
        other={
            "department_id": other_dept.pk,
            "team_id": other_team.pk,
            "user_id": other_user.pk,
            "stand_id": StandFactory(company=other).pk,
            "gathering_id": other_gathering.pk,
            "job_id": other_job.pk,
        },
        words={
            "what": ["programme", "staff", "bus", "stop", "table", "no-such-thing"],
            "who": ["household", "existing", "nobody"],
            "commitment": ["0" * 64, "x" * 300],
            "list_kind": ["door", "boarding", "no-such-list"],
            "day": ["2026-01-05", "2026-02-30", "0001-01-01", "9999-12-31", "x" * 300],
            "key": ["funnel", "gatherings", "no-such-figure"],  # a dashboard figure
            "section": ["journey", "aftercare", "gatherings", "no-such-section"],
            # the team board's lists: a figure of a rep, team or department
            "figure": ["due", "confirmations", "no-such-figure"],
            "level": ["reps", "teams", "departments", "all", "no-such-level"],
        },
    )


def urls_of(name: str, pattern: URLPattern, ids: Ids) -> Iterator[str]:
    """The page with the user's own records, then with other ids in one place at a time."""
    converters = pattern.pattern.converters  # type: ignore[union-attr]
    own: dict[str, Any] = {}
    for key, converter in converters.items():
        own[key] = ids.own.get(key, 1) if converter.regex == "[0-9]+" else ids.words[key][0]
    yield reverse(name, kwargs=own)
    for key, converter in converters.items():
        variants: list[Any]
        if converter.regex == "[0-9]+":
            variants = [TOO_BIG] + ([ids.other[key]] if key in ids.other else [])
        else:
            variants = ids.words[key][1:]
        for variant in variants:
            yield reverse(name, kwargs={**own, key: variant})


# --- the invariants --------------------------------------------------------------------

COUNTED = [
    model
    for model in apps.get_models()
    if model._meta.app_label in {"org", "customers", "journey", "gatherings", "core"}
    and model is not AuditEntry
]


def counts() -> tuple[int, ...]:
    """The number of rows of every table, in one statement."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in COUNTED]
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


class Checker:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.failures: list[str] = []
        self.requests = 0

    def send(self, method: str, url: str, fields: list[tuple[str, str]]) -> Any:
        audits, before = AuditEntry.objects.count(), counts()
        self.requests += 1
        if method == "get":
            query = body(fields).decode()
            response = self.client.get(url + ("?" + query if query else ""))
        else:
            response = self.client.post(
                url, body(fields), content_type="application/x-www-form-urlencoded"
            )
        shown = [(n, v[:20]) for n, v in fields]
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            where = repr(error[1])[:120] if error else ""
            self.failures.append(f"{response.status_code} {method.upper()} {url} {shown} {where}")
        elif AuditEntry.objects.count() == audits and counts() != before:
            after = counts()
            changed = {
                model._meta.label: (b, a)
                for model, b, a in zip(COUNTED, before, after, strict=True)
                if b != a
            }
            self.failures.append(f"unaudited write {method.upper()} {url} {shown}: {changed}")
        return response


def is_web_page(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    name = f"{match.namespace}:{match.url_name}"
    return name if match.namespace == "web" and name not in SKIPPED_ACTIONS else None


def plausible(name: str, kind: str) -> str:
    """A value the form would take for an empty field, so that the one hostile field among
    them is what the form, and past it the service, has to deal with."""
    soon = timezone.localtime() + dt.timedelta(days=3)
    if kind == "date" or name.endswith(("_date", "day", "_on", "_from")):
        return soon.strftime("%Y-%m-%d")
    if kind == "datetime-local" or name.endswith("_at"):
        return soon.strftime("%Y-%m-%dT%H:%M")
    if kind == "time" or name.endswith(("_start", "_end", "start", "end")):
        return "10:00"
    if kind == "tel" or name.endswith(("phone", "mobile")):
        return "13912345678"
    if name.endswith("password") or name.endswith(("password1", "password2")):
        return "Lianyi-2026-ok"
    if kind == "number" or name.endswith(("_year", "count", "seats", "capacity", "position")):
        return "3"
    return "测试"


POSTED_KEYS = (
    "round",
    "signal",
    "on",
    "invitation",
    "to_rep",
    "reason",
    "token",
    "code",
    "list",
    "bus",
    "day",
    "ids",
    "page",
    "next",
    "action",
    "name",
)
QUERY_KEYS = ("page", "day", "q", "team", "role", "district", "ids", "per_page", "list")


def probe(checker: Checker, url: str, seen: set[Any], shared: set[Any], turn: int) -> None:
    """The page, its query with hostile values, then each form it shows posted with them: every
    field at once with each hostile value (by the first role to see the form: ``shared``), then
    each field alone among the page's own values (by every role; ``turn`` shifts which hostile
    value each field gets, so the roles try different ones)."""
    page = checker.send("get", url, [])
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    if ("query", url) not in shared:
        shared.add(("query", url))
        for value in ("99999999999999999999", "9999-12-31", "名字\x00", "x" * 100_000):
            checker.send("get", url, [(key, value) for key in QUERY_KEYS])
    for form in forms_of(url, page.content.decode()):
        action = form.action if form.action.startswith("/") else url
        if not is_web_page(action):
            continue
        names = tuple(
            sorted(({n for n, _ in form.fields} | set(form.choices)) - {"csrfmiddlewaretoken"})
        )
        key = (urlsplit(action).path, form.method, names)
        if key in seen or not names:
            continue
        seen.add(key)
        method = "post" if form.method == "post" else "get"
        if key not in shared:
            shared.add(key)
            for value in HOSTILE:
                checker.send(method, action, [(name, value) for name in names])
        defaults = [(n, v or plausible(n, form.kinds.get(n, ""))) for n, v in form.fields]
        defaults += [(n, c[0]) for n, c in form.choices.items() if c]
        for index, name in enumerate(names):
            value = HOSTILE[(index + turn) % len(HOSTILE)]
            checker.send(
                method, action, [(n, v) for n, v in defaults if n != name] + [(name, value)]
            )


ROLES = ["admin", "supervisor", "rep"]
# Where each role's forms are posted: the administrator's own pages (the planning pages take
# the same forms as the supervisor's, who posts them); the supervisor and the rep everywhere.
FORMS_OF = {
    "admin": ("/admin/", "/more/", "/audit/", "/claims/"),
    "supervisor": ("/",),
    "rep": ("/",),
}


def test_no_page_answers_a_server_error_to_hostile_input(world, ids):
    client = Client(raise_request_exception=False)
    checker = Checker(client)
    shared: set[Any] = set()
    for turn, role in enumerate(ROLES):
        user = getattr(world, role)
        seen: set[tuple[str, str, tuple[str, ...]]] = set()
        for name, pattern in web_patterns():
            if name in SKIPPED_ACTIONS:
                continue
            own, *others = urls_of(name, pattern, ids)
            client.force_login(user)  # a page may have ended the session (own password)
            if own.startswith(FORMS_OF[role]):
                probe(checker, own, seen, shared, turn=turn * 4)
            else:
                checker.send("get", own, [])
            if not any(key[0] == urlsplit(own).path for key in seen):
                # An action without a form of its own (htmx buttons, a scan): the names it reads.
                for value in ("99999999999999999999", "名字\x00", "²", "x" * 100_000):
                    checker.send("post", own, [(key, value) for key in POSTED_KEYS])
            for url in others:  # another company's record, an id past bigint: 404, never 500
                if str(TOO_BIG) not in url:
                    checker.send("get", url, [])
                elif ("too big", url) not in shared:  # the same for every role
                    shared.add(("too big", url))
                    checker.send("get", url, [])
                    checker.send("post", url, [])
    assert checker.requests > 1000
    assert not checker.failures, "\n".join(checker.failures)


@pytest.mark.parametrize("locked", [False, True])
def test_the_login_page_answers_hostile_input_also_under_lockout(world, locked):
    checker = Checker(Client(raise_request_exception=False))
    login = reverse("web:login")
    for _ in range(11 if locked else 0):  # ten failures lock the account and the address
        checker.send("post", login, [("username", "rep_a"), ("password", "wrong")])
    if locked:
        assert (
            checker.send("post", login, [("username", "rep_a"), ("password", "x")]).status_code
            == 429
        )
    for value in HOSTILE:
        checker.send("post", login, [("username", value), ("password", value)])
        checker.send("post", login, [("username", "rep_a"), ("password", value), ("next", value)])
        checker.send("get", login, [("next", value)])
    assert not checker.failures, "\n".join(checker.failures)


def test_a_body_past_the_limit_is_413_on_every_page(world, login):
    client = login(world.admin)
    big = b"name=" + b"x" * (3 * 1024 * 1024)
    for url in (reverse("web:admin_stand_new"), reverse("web:register"), reverse("web:login")):
        response = client.post(url, big, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 413, url
