"""Settings of the test suite (pytest, and mypy's Django plugin): the production settings, with
DEBUG off as in production, a secret key of the tests' own, and plain static storage so that pages
render without `collectstatic` (production uses whitenoise's manifest; tests/platform checks it
with a real collectstatic)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-never-used-to-serve-0123456789")
os.environ.setdefault(
    "DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

from config.settings import *  # noqa: F403

# No collected files in tests: whitenoise serves the apps' static directories instead.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True

# A second connection alias for the reporting reads, a test mirror of the default database
# (tests/oversight/test_dashboards_replica.py points the dashboards at it). Other tests keep
# reading from "default": inside a test's transaction the mirror's own connection would not see
# the rows the test wrote.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
