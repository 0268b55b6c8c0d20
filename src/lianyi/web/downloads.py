"""A file answered to a form's submit: the browser saves it and stays on the page, so no new
page comes to re-enable the buttons that ``lianyi.js`` disabled on submit. The script sends a
random ``download_token`` with every posted form; a file response hands it back in a short-lived
cookie, which tells the page that the answer has arrived and its buttons can be used again."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponseBase

DOWNLOAD_COOKIE = "lianyi_download"
DOWNLOAD_TOKEN_FIELD = "download_token"
_TOKEN = re.compile(r"[A-Za-z0-9]{8,40}")


def attachment(
    request: HttpRequest, response: HttpResponseBase, *, filename: str
) -> HttpResponseBase:
    """``response`` as a download named ``filename``, with the page's token handed back."""
    if not response.has_header("Content-Disposition"):  # FileResponse sets its own
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    token = request.POST.get(DOWNLOAD_TOKEN_FIELD) or request.GET.get(DOWNLOAD_TOKEN_FIELD) or ""
    if _TOKEN.fullmatch(token):
        # Read by the page's script, so not HttpOnly; it says only "your file came".
        response.set_cookie(
            DOWNLOAD_COOKIE,
            token,
            max_age=120,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=False,
        )
    return response
