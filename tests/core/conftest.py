"""Fixtures for the domain test areas (core, org, customers, journey, gatherings)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    """The shared world creates a dozen users; PBKDF2 would spend seconds per test on them.
    Hashing strength is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
