"""The one system-package step (.ci/system-packages) of make run, make test and .ci/run: run as a
check here, never apt. The machine is simulated through the script's probe variables (a Chromium
path that does not exist, a font query that finds nothing, an empty library list) and, for the
install mode, fake `apt-get`, `id` and `sudo` commands first on the PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "system-packages"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "LIANYI_SKIP_BROWSER"}
    full_env.update(env or {})
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A directory of fake commands put first on the PATH; apt-get records its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    apt = bin_dir / "apt-get"
    apt.write_text(f'#!/bin/sh\necho "apt-get $*" >> {log}\n')
    apt.chmod(0o755)
    return bin_dir


def apt_calls(fake_bin: Path) -> list[str]:
    log = fake_bin.parent / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def path_with(fake_bin: Path) -> str:
    return f"{fake_bin}:{os.environ['PATH']}"


MISSING_ALL = {
    "LIANYI_CHROMIUM": "/nonexistent/chromium",
    "LIANYI_FONT_QUERY": "true",
    "LIANYI_LIBRARY_QUERY": "true",
}


def test_the_check_passes_on_this_machine_and_names_nothing():
    result = run("--check", "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "everything test needs is present" in result.stdout


def test_with_everything_present_the_install_mode_calls_no_apt(fake_bin):
    result = run("test", env={"PATH": path_with(fake_bin)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert apt_calls(fake_bin) == []


def test_a_missing_chromium_is_named_with_its_package():
    result = run("--check", "test", env={"LIANYI_CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 1
    assert "chromium: no Chromium at /nonexistent/chromium" in result.stdout
    assert "sudo apt-get install -y chromium\n" in result.stdout + "\n"


def test_the_browser_tests_also_need_the_library_of_playwrights_driver():
    result = run("--check", "test", env={"LIANYI_LIBRARY_QUERY": "true"})
    assert "libatomic1: no libatomic.so.1" in result.stdout
    assert "libatomic1" not in run("--check", "run", env={"LIANYI_LIBRARY_QUERY": "true"}).stdout


def test_make_run_does_not_need_chromium():
    result = run("--check", "run", env={"LIANYI_CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 0, result.stdout


def test_skipping_the_browser_tests_on_purpose_does_not_need_chromium():
    env = {"LIANYI_CHROMIUM": "/nonexistent/chromium", "LIANYI_SKIP_BROWSER": "1"}
    assert run("--check", "test", env=env).returncode == 0


def test_no_cjk_font_names_fonts_noto_cjk():
    result = run("--check", "run", env={"LIANYI_FONT_QUERY": "true"})
    assert result.returncode == 1
    assert "fonts-noto-cjk" in result.stdout


def test_no_pango_names_every_library_weasyprint_loads():
    result = run("--check", "run", env={"LIANYI_LIBRARY_QUERY": "true"})
    assert result.returncode == 1
    command = result.stdout.strip().splitlines()[-1]
    for package in (
        "libglib2.0-0",  # libgobject-2.0, WeasyPrint's first dlopen
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz0b",
        "libfontconfig1",
    ):
        assert package in command


def test_ci_also_needs_postgresql_tools():
    result = run("--check", "ci", env={"LIANYI_COMMAND_PATH": "/nonexistent"})
    assert result.returncode == 1
    assert "postgresql: no psql" in result.stdout
    assert (
        "postgresql"
        not in run("--check", "test", env={"LIANYI_COMMAND_PATH": "/nonexistent"}).stdout
    )


def test_tests_need_gettext_for_the_catalogue_and_a_demo_does_not():
    result = run("--check", "test", env={"LIANYI_COMMAND_PATH": "/nonexistent"})
    assert result.returncode == 1
    assert "gettext: no xgettext" in result.stdout
    assert "install -y gettext" in result.stdout
    assert (
        "gettext" not in run("--check", "run", env={"LIANYI_COMMAND_PATH": "/nonexistent"}).stdout
    )


def test_without_root_or_sudo_it_stops_at_once_with_the_command(fake_bin):
    for name, body in (("id", "echo 1000"), ("sudo", "exit 1")):
        (fake_bin / name).write_text(f"#!/bin/sh\n{body}\n")
        (fake_bin / name).chmod(0o755)
    result = run("test", env={**MISSING_ALL, "PATH": path_with(fake_bin)})
    assert result.returncode == 1
    assert apt_calls(fake_bin) == []
    command = "sudo apt-get update && sudo apt-get install -y chromium libatomic1 fonts-noto-cjk"
    assert command in result.stderr


def test_as_root_it_installs_the_missing_packages_after_one_update(fake_bin):
    (fake_bin / "id").write_text("#!/bin/sh\necho 0\n")
    (fake_bin / "id").chmod(0o755)
    env = {"LIANYI_CHROMIUM": "/nonexistent/chromium", "PATH": path_with(fake_bin)}
    result = run("test", env=env)
    calls = apt_calls(fake_bin)
    assert calls[0] == "apt-get update -q"
    assert calls[1].startswith("apt-get install -y -q --no-install-recommends chromium")
    assert len(calls) == 2
    # The fake apt-get installs nothing, so the re-check says what is still missing.
    assert result.returncode == 1
    assert "still missing after apt-get install" in result.stderr
