"""config/settings.py read from the environment, each case in a fresh interpreter (the settings
are read once per process): the secret key refused with DEBUG off, the session lifetime, the
HTTPS settings, and `check --deploy` clean with the settings the README documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x" * 20 + "-a-secret-key-for-this-test-only-0123456789"
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({n: getattr(settings, n, None) for n in ("
    "'DEBUG', 'SESSION_COOKIE_AGE', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'CSRF_TRUSTED_ORIGINS', "
    "'SECURE_SSL_REDIRECT', 'SECRET_KEY')}))"
)


def clean_env(**extra: str) -> dict[str, str]:
    """The process environment without any Django/Lianyi setting, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "LIANYI_", "DATABASE_URL", "WEB_CONCURRENCY"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(extra)
    return env


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_with(**env: str) -> dict:
    result = python(PRINT_SETTINGS, clean_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "key",
    [None, "", "dev-only-insecure-key-change-me-in-production", "short"],
    ids=["none", "empty", "development-key", "too-short"],
)
def test_with_debug_off_a_missing_or_development_key_is_refused(key):
    env = clean_env() if key is None else clean_env(DJANGO_SECRET_KEY=key)
    result = python(PRINT_SETTINGS, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_with_debug_on_the_development_key_is_allowed():
    assert settings_with(DJANGO_DEBUG="1")["DEBUG"] is True


def test_the_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY + "\n")
    assert settings_with(DJANGO_SECRET_KEY_FILE=str(key_file))["SECRET_KEY"] == GOOD_KEY


def test_an_unreadable_key_file_is_refused_with_its_name(tmp_path):
    result = python(PRINT_SETTINGS, clean_env(DJANGO_SECRET_KEY_FILE=str(tmp_path / "nope")))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert str(tmp_path / "nope") in result.stderr


def test_debug_is_off_by_default_and_sessions_last_12_hours():
    values = settings_with(DJANGO_SECRET_KEY=GOOD_KEY)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_AGE"] == 12 * 3600
    assert values["SESSION_COOKIE_SECURE"] is False  # plain HTTP (make run) keeps cookies usable


def test_the_session_lifetime_is_configurable_in_hours():
    values = settings_with(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_SESSION_HOURS="8")
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600


def test_a_session_lifetime_that_is_not_a_positive_number_is_refused():
    result = python(PRINT_SETTINGS, clean_env(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_SESSION_HOURS="x"))
    assert result.returncode != 0
    assert "DJANGO_SESSION_HOURS" in result.stderr


def test_https_turns_on_secure_cookies_hsts_and_the_proxy_header():
    values = settings_with(
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_HTTPS="1",
        DJANGO_ALLOWED_HOSTS="crm.example.cn,.lianyi.example.cn",
    )
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://crm.example.cn",
        "https://*.lianyi.example.cn",
    ]


def documented_environment() -> dict[str, str]:
    """deploy/lianyi.env.example, which the README's "Running in production" points to."""
    values = {}
    for line in (ROOT / "deploy" / "lianyi.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _sep, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_the_documented_environment_leaves_the_key_to_fill_in():
    env = clean_env(**documented_environment())
    result = python(PRINT_SETTINGS, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    documented = documented_environment()
    assert documented["DJANGO_HTTPS"] == "1"
    # The database is not contacted by the deploy checks; keep the test's own.
    documented.pop("DATABASE_URL")
    documented.update(DJANGO_SECRET_KEY=GOOD_KEY, LIANYI_VAR_DIR=str(tmp_path))
    env = clean_env(**documented)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output
