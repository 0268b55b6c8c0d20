"""A request body past ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before anything reads it:
Django would raise RequestDataTooBig from whichever code touched the body first (the CSRF
check, the API's parser), each answering in its own way. The API answers 413 with the error
body ``{"code": "request_too_large", ...}``, a page 413 with a message."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lianyi.core.errors import CoreCode


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _max_megabytes() -> float:
    return round((settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / 1024 / 1024, 1)


class RequestTooLargeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Uploaded files are streamed to disk and bounded by their own form; the limit is for
        # what is held in memory.
        multipart = request.content_type == "multipart/form-data"
        if limit is not None and not multipart and _content_length(request) > limit:
            message = _("提交的内容太大（上限 %(max)s MB）。") % {"max": _max_megabytes()}
            if request.path.startswith("/api/"):
                body = {"code": CoreCode.REQUEST_TOO_LARGE.value, "message": message, "extra": {}}
                return JsonResponse(body, status=413)
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)
