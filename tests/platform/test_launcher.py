"""The launcher `make run` uses (lianyi.core.launch): the web server and the worker side by side,
one Ctrl-C (SIGINT to the terminal's process group) stops both, and one of them ending stops the
other. The launcher runs in a subprocess with its own process group, as a terminal would run it;
the two commands are small Python programs that record their pid and how they were stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import os, signal, sys, time
out = sys.argv[1]
def write(path, text):
    # Written whole or not at all: the test polls for the file and reads it at once.
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
def stop(signum, frame):
    write(out + ".stopped", signal.Signals(signum).name)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
write(out, str(os.getpid()))
time.sleep(float(sys.argv[2]))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes; its parent (the launcher) may not have reaped it yet.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def start(tmp_path: Path, web_seconds: float, worker_seconds: float) -> subprocess.Popen[str]:
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    web = f"web={sys.executable} {child} {tmp_path / 'web'} {web_seconds}"
    worker = f"worker={sys.executable} {child} {tmp_path / 'worker'} {worker_seconds}"
    return subprocess.Popen(
        [sys.executable, "-m", "lianyi.core.launch", "--grace", "10", web, worker],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # like a terminal's foreground job: its own process group
    )


def pids(tmp_path: Path) -> dict[str, int]:
    return {name: int((tmp_path / name).read_text()) for name in ("web", "worker")}


@pytest.fixture
def launched(tmp_path):  # type: ignore[no-untyped-def]
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_one_ctrl_c_stops_the_web_server_and_the_worker(tmp_path, launched):
    launcher = start(tmp_path, 600, 600)
    launched.append(launcher)
    assert wait_for(lambda: (tmp_path / "web").exists() and (tmp_path / "worker").exists())
    children = pids(tmp_path)
    assert all(alive(pid) for pid in children.values())

    os.killpg(launcher.pid, signal.SIGINT)  # what Ctrl-C does

    assert launcher.wait(timeout=20) == 0
    assert not any(alive(pid) for pid in children.values())
    # Each got exactly one polite signal from the launcher (not the terminal's SIGINT on top:
    # a second signal makes the task worker abandon the task in hand).
    assert (tmp_path / "web.stopped").read_text() == "SIGTERM"
    assert (tmp_path / "worker.stopped").read_text() == "SIGTERM"
    assert "stopping (SIGINT)" in (launcher.stderr.read() if launcher.stderr else "")


def test_when_the_worker_ends_the_web_server_is_stopped_too(tmp_path, launched):
    launcher = start(tmp_path, 600, 0.5)
    launched.append(launcher)
    assert wait_for(lambda: (tmp_path / "web").exists())
    web = int((tmp_path / "web").read_text())

    status = launcher.wait(timeout=20)

    assert status != 0  # the worker ended on its own: the launcher reports a failure
    assert not alive(web)
    assert "worker exited with status 0" in (launcher.stderr.read() if launcher.stderr else "")


def test_a_command_that_cannot_start_stops_the_others(tmp_path, launched):
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    launcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lianyi.core.launch",
            f"web={sys.executable} {child} {tmp_path / 'web'} 600",
            "worker=/nonexistent/db_worker",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    launched.append(launcher)
    assert launcher.wait(timeout=20) == 1
    assert "worker: cannot start /nonexistent/db_worker" in (launcher.stderr.read() or "")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_real_server_and_worker_start_answer_and_stop_on_one_ctrl_c(tmp_path, launched):
    """What `make run` starts: gunicorn (DEBUG off) and `manage.py db_worker`, on a fresh SQLite
    database; the schema answers 401 to a stranger; SIGINT to the group stops every process."""
    import urllib.error
    import urllib.request

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="launcher-test-" + "k" * 40,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LIANYI_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT / "src"),
    )
    bin_dir = Path(sys.executable).parent
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    port = free_port()
    web = f"web={bin_dir / 'gunicorn'} -c config/gunicorn.py config.wsgi:application"
    web += f" --bind 127.0.0.1:{port} --workers 1"
    worker = f"worker={sys.executable} manage.py db_worker"
    launcher = subprocess.Popen(
        [sys.executable, "-m", "lianyi.core.launch", web, worker],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    launched.append(launcher)

    def schema_status() -> int | None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=5)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return None
        return 200

    assert wait_for(lambda: schema_status() is not None, timeout=60), "gunicorn did not answer"
    assert schema_status() == 401
    group = [
        int(pid)
        for pid in os.listdir("/proc")
        if pid.isdigit() and pid != str(launcher.pid) and _parent_chain_has(int(pid), launcher.pid)
    ]
    assert len(group) >= 3  # gunicorn's master and worker, db_worker

    os.killpg(launcher.pid, signal.SIGINT)

    assert launcher.wait(timeout=60) == 0
    assert wait_for(lambda: not any(alive(pid) for pid in group), timeout=10)


def _parent_chain_has(pid: int, ancestor: int) -> bool:
    while pid > 1:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            return False
        pid = int(stat.rsplit(")", 1)[1].split()[1])
        if pid == ancestor:
            return True
    return False
