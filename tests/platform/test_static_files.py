"""Production's static files: `collectstatic` with whitenoise's compressed manifest storage gives
hashed names (cacheable for a year) with gzip and brotli copies, and whitenoise serves them with
DEBUG off. (The rest of the suite uses plain storage: config/settings_test.py.)"""

from __future__ import annotations

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    settings.WHITENOISE_USE_FINDERS = False
    # (changing STORAGES and STATIC_ROOT resets staticfiles_storage: django.test.signals)
    # Without the API docs' 3 MB of scripts, which only slow this down.
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["ninja"])
    return settings.STATIC_ROOT


def test_collectstatic_gives_hashed_compressed_files_that_pages_link_and_whitenoise_serves(
    db, collected
):
    url = staticfiles_storage.url("css/lianyi.css")
    hashed = url.rsplit("/", 1)[-1]
    assert hashed != "lianyi.css" and hashed.startswith("lianyi.") and hashed.endswith(".css")
    assert (collected / "css" / hashed).exists()
    assert (collected / "css" / f"{hashed}.gz").exists()
    assert (collected / "css" / f"{hashed}.br").exists()
    assert not (collected / "css" / "lianyi.css").exists()  # only the hashed names are kept

    page = Client().get("/login/").content.decode()
    assert url in page
    # The middleware reads STATIC_ROOT when it is built: a fresh client builds a new handler.
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
