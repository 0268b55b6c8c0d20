"""Median latency of customer search and of a rep's today page, each as a ratio to an empty
logged-in view of the same server, measured in the same run (``make bench``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench .venv/bin/python bench/run.py

It starts ``manage.py runserver --noreload --nothreading`` on a free port of 127.0.0.1 (DEBUG
off, LIANYI_BENCH=1 to mount /bench/ping, persistent database connections), logs in as a rep
and as a supervisor through the login page, then requests every endpoint in rounds (shuffled
within each round, after a warm-up) and reports the median. An endpoint that answers 404 is
reported as "missing" (a page not built yet) and the others are still measured.

The official figures are taken on PostgreSQL (bench/generate.py's 200,000 customers). On
SQLite it warns and writes bench/results/sqlite.json instead of bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Settings refuse to start without DEBUG and a real key: a throwaway one serves a bench run.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

RESULTS = ROOT / "bench" / "results"
PING = "/bench/ping"
# (name, who, path); {initials} and {tail} are filled with search terms that match something
# in the rep's own customers. Each row's ratio is to the empty view as the same user.
ENDPOINTS = [
    ("empty view", "rep", PING),
    ("search pinyin initials (API)", "rep", "/api/customers?q={initials}"),
    ("search phone tail (API)", "rep", "/api/customers?q={tail}"),
    ("search pinyin initials (page)", "rep", "/customers/?q={initials}"),
    ("today page", "rep", "/"),
    ("empty view", "supervisor", PING),
    ("search pinyin initials (API)", "supervisor", "/api/customers?q={initials}"),
    ("search phone tail (API)", "supervisor", "/api/customers?q={tail}"),
    # a run of digits from the middle of a number, as displayed ("159 9490"): trigram indexes
    ("search phone digits (page)", "supervisor", "/customers/?q=130+3806"),
    # the team's whole list: its total is a COUNT over the team's customers
    ("customer list (page)", "supervisor", "/customers/"),
    ("today page", "supervisor", "/"),
]
REP_LOGINS = ["bench-rep001", "rep01"]
SUPERVISOR_LOGINS = ["bench-sup1", "sup1"]
PASSWORD = "lianyi-demo"


@dataclass
class Result:
    name: str
    who: str
    path: str
    status: str = "ok"  # ok, missing (404), error
    http_status: int = 0
    samples_ms: list[float] = field(default_factory=list)
    median_ms: float | None = None
    p90_ms: float | None = None
    ratio: float | None = None
    body_bytes: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        env = dict(os.environ)
        env.update(
            DJANGO_DEBUG="0",
            LIANYI_BENCH="1",
            DATABASE_CONN_MAX_AGE="600",
            PYTHONUNBUFFERED="1",
        )
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--nothreading",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited; see {self.log.name}")
            try:
                status, _h, _b = request(self.port, "GET", PING)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 404:
                raise SystemExit(f"{PING} is not mounted (LIANYI_BENCH=1 not honoured?)")
            return
        raise SystemExit("the server did not come up in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def request(
    port: int, method: str, path: str, *, cookies: dict[str, str] | None = None, body: str = ""
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Connection": "close", "Accept-Language": "zh-hans"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}/"
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def set_cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def login(port: int, username: str) -> tuple[dict[str, str], str]:
    """Log in through the login page like a browser; if there is no usable login page yet,
    open a session directly (noted in the results)."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    try:
        login_path = reverse(settings.LOGIN_URL)
    except NoReverseMatch:
        login_path = ""
    if login_path:
        status, headers, body = request(port, "GET", login_path)
        jar = set_cookies(headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status == 200 and token and "csrftoken" in jar:
            form = urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1).decode(),
                    "username": username,
                    "password": PASSWORD,
                }
            )
            status, headers, _b = request(port, "POST", login_path, cookies=jar, body=form)
            jar.update(set_cookies(headers))
            if status in (302, 303) and settings.SESSION_COOKIE_NAME in jar:
                return jar, "login page"
    return {settings.SESSION_COOKIE_NAME: session_for(username)}, "session opened directly"


def session_for(username: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lianyi.org.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


def pick_user(candidates: list[str], given: str | None) -> str:
    from lianyi.org.models import User

    for username in [given] if given else candidates:
        if User.objects.filter(username=username, is_active=True).exists():
            return username
    raise SystemExit(f"no user among {candidates}: run bench/generate.py (or make run) first")


def search_terms(rep: str) -> tuple[str, str]:
    """The most common pinyin initials and a phone tail among the rep's own customers, so that
    every search finds something whoever runs it."""
    from django.db.models import Count

    from lianyi.customers.models import Customer

    own = Customer.objects.filter(owner__username=rep)
    initials = (
        own.exclude(pinyin_initials="")
        .values("pinyin_initials")
        .annotate(n=Count("id"))
        .order_by("-n", "pinyin_initials")
        .values_list("pinyin_initials", flat=True)
        .first()
    )
    tail = own.exclude(mobile_tail="").order_by("id").values_list("mobile_tail", flat=True).first()
    return initials or "zgl", tail or "8000"


def measure(
    port: int, endpoints: list[Result], jars: dict[str, dict[str, str]], rounds: int, warmup: int
) -> None:
    rng = random.Random(0)
    live = list(endpoints)
    for round_no in range(warmup + rounds):
        rng.shuffle(live)
        for result in list(live):
            started = time.perf_counter()
            status, headers, body = request(port, "GET", result.path, cookies=jars[result.who])
            elapsed = (time.perf_counter() - started) * 1000
            result.http_status = status
            if status == 404:
                result.status = "missing"
            elif status >= 300:
                where = headers.get("Location", "")
                result.status = f"error: HTTP {status} {where}".strip()
            if result.status != "ok":
                live.remove(result)
                continue
            result.body_bytes = len(body)
            if round_no >= warmup:
                result.samples_ms.append(elapsed)


def summarise(endpoints: list[Result]) -> None:
    baseline = {
        r.who: statistics.median(r.samples_ms) for r in endpoints if r.path == PING and r.samples_ms
    }
    for r in endpoints:
        if not r.samples_ms:
            continue
        r.median_ms = round(statistics.median(r.samples_ms), 2)
        r.p90_ms = round(statistics.quantiles(r.samples_ms, n=10)[-1], 2)
        if r.who in baseline:
            r.ratio = round(statistics.median(r.samples_ms) / baseline[r.who], 2)


def table(endpoints: list[Result]) -> str:
    lines = [
        "| endpoint | as | path | median ms | p90 ms | × empty view |",
        "|---|---|---|---:|---:|---:|",
    ]
    for r in endpoints:
        if r.status != "ok":
            lines.append(f"| {r.name} | {r.who} | `{r.path}` | {r.status} | | |")
            continue
        lines.append(
            f"| {r.name} | {r.who} | `{r.path}` | {r.median_ms:.1f} | {r.p90_ms:.1f} "
            f"| {r.ratio:.2f} |"
        )
    return "\n".join(lines)


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="measured rounds")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured rounds first")
    parser.add_argument("--rep", help="rep login (default bench-rep001, else rep01)")
    parser.add_argument("--supervisor", help="supervisor login (default bench-sup1, else sup1)")
    parser.add_argument(
        "--endpoint",
        action="append",
        default=[],
        metavar="WHO:PATH",
        help="measure this path too (WHO is rep or supervisor); may repeat",
    )
    parser.add_argument("--output", type=Path, help="where to write the JSON results")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    official = connection.vendor == "postgresql"
    if not official:
        print(
            "WARNING: the official figures are taken on PostgreSQL (set DATABASE_URL);"
            " these SQLite figures go to bench/results/sqlite.json.",
            file=sys.stderr,
        )
    output = args.output or RESULTS / ("latest.json" if official else "sqlite.json")
    users = {
        "rep": pick_user(REP_LOGINS, args.rep),
        "supervisor": pick_user(SUPERVISOR_LOGINS, args.supervisor),
    }
    initials, tail = search_terms(users["rep"])
    from lianyi.customers.models import Customer

    customers = Customer.objects.count()
    connection.close()

    endpoints = [
        Result(name, who, path.format(initials=quote(initials), tail=quote(tail)))
        for name, who, path in ENDPOINTS
    ]
    for extra in args.endpoint:
        who, _, path = extra.partition(":")
        endpoints.append(Result("extra", who, path))

    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = Server(port, RESULTS / "server.log")
    try:
        server.wait()
        jars, how = {}, {}
        for who, username in users.items():
            jars[who], how[who] = login(port, username)
        measure(port, endpoints, jars, args.requests, args.warmup)
    finally:
        server.stop()
    summarise(endpoints)

    print(
        f"\n{customers:,} customers on {connection.vendor} "
        f"({connection.settings_dict['NAME']}); {args.requests} requests each after "
        f"{args.warmup} warm-up rounds; q={initials} and q={tail}; logins: "
        + ", ".join(f"{users[w]} ({how[w]})" for w in users)
        + "\n"
    )
    print(table(endpoints))
    report: dict[str, Any] = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "official": official,
        "commit": git_commit(),
        "database": {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])},
        "customers": customers,
        "requests": args.requests,
        "warmup": args.warmup,
        "search_terms": {"initials": initials, "tail": tail},
        "logins": {w: {"username": users[w], "how": how[w]} for w in users},
        "server": "manage.py runserver --noreload --nothreading, DEBUG off, CONN_MAX_AGE=600",
        "python": platform.python_version(),
        "results": [{k: v for k, v in asdict(r).items() if k != "samples_ms"} for r in endpoints],
    }
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    for r in endpoints:
        if r.ratio is not None and r.ratio > 5:
            print(f"above the 5x aim: {r.name} as {r.who} ({r.ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
