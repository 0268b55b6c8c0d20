"""Runs the web server and the background worker side by side, as `make run` does:

    python -m lianyi.core.launch 'web=gunicorn config.wsgi' 'worker=python manage.py db_worker'

Each command runs in its own process group, so Ctrl-C in the terminal reaches only this launcher,
which then asks every command to stop once (SIGTERM: gunicorn stops its workers, the task worker
finishes the task in hand), waits up to ``--grace`` seconds and kills what is left. When one
command ends on its own the others are stopped the same way, and the launcher exits with the
first one's status, so a crashed worker never leaves a server running without it (or the other
way round). On Linux each command also gets SIGTERM if the launcher itself is killed.

Standard library only: no Django, no new dependency."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: a new process group, and SIGTERM when the launcher dies."""
    os.setpgrp()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def parse_command(spec: str) -> tuple[str, list[str]]:
    name, sep, command = spec.partition("=")
    if not sep or not name.strip() or not command.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=COMMAND, got {spec!r}")
    return name.strip(), shlex.split(command)


class Launcher:
    def __init__(self, commands: Sequence[tuple[str, list[str]]], *, grace: float) -> None:
        self.commands = list(commands)
        self.grace = grace
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stop_reason: str | None = None

    def say(self, text: str) -> None:
        print(f"launch: {text}", file=sys.stderr, flush=True)

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stop_reason is None:
            self.stop_reason = signal.Signals(signum).name

    def run(self) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.on_signal)
        for name, argv in self.commands:
            try:
                process = subprocess.Popen(argv, preexec_fn=_die_with_parent)
            except OSError as exc:
                self.say(f"{name}: cannot start {argv[0]}: {exc.strerror}")
                self.stop_reason = "start failure"
                break
            self.processes[name] = process
            self.say(f"{name} started (pid {process.pid}): {shlex.join(argv)}")
        status = 0
        first_exit: str | None = None
        while self.stop_reason is None:
            for name, process in self.processes.items():
                code = process.poll()
                if code is not None:
                    first_exit = name
                    status = code or 1
                    self.stop_reason = f"{name} exited with status {code}"
                    break
            else:
                time.sleep(0.2)
        if first_exit is None and self.stop_reason == "start failure":
            status = 1
        self.say(f"stopping ({self.stop_reason})")
        self.stop(exclude=first_exit)
        return status

    def stop(self, *, exclude: str | None) -> None:
        running = {
            name: p for name, p in self.processes.items() if name != exclude and p.poll() is None
        }
        for name, process in running.items():
            self.say(f"{name}: SIGTERM")
            self._signal(process, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for name, process in running.items():
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{name}: still running after {self.grace:g}s, SIGKILL")
                self._signal(process, signal.SIGKILL)
                process.wait()
            self.say(f"{name} stopped")

    @staticmethod
    def _signal(process: subprocess.Popen[bytes], signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lianyi.core.launch", description=__doc__)
    parser.add_argument("commands", nargs="+", type=parse_command, metavar="NAME=COMMAND")
    parser.add_argument(
        "--grace", type=float, default=30.0, help="seconds to wait before SIGKILL (default 30)"
    )
    args = parser.parse_args(argv)
    return Launcher(args.commands, grace=args.grace).run()


if __name__ == "__main__":
    sys.exit(main())
