"""Every error the API answers is ``{"code", "message", "extra"}`` with a 4xx (or a bare 500
for a real bug, without its details)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lianyi.api.codes import ApiCode
from lianyi.core.errors import CoreCode, DomainError, NotFound

logger = logging.getLogger("lianyi.api")


def error_body(code: str, message: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": str(code), "message": str(message), "extra": extra or {}}


MAX_MESSAGE_LENGTH = 200


def echo_bounded(message: object) -> str:
    text = str(message or "")
    return text if len(text) <= MAX_MESSAGE_LENGTH else text[:MAX_MESSAGE_LENGTH] + "…"


def request_too_large_body() -> dict[str, Any]:
    return error_body(
        CoreCode.REQUEST_TOO_LARGE,
        _("提交的内容太大（上限 %(max)s MB）。")
        % {"max": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1)},
    )


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    # ("body", "payload", "visit_slot_start") -> "visit_slot_start"; ("query", "day") -> "day"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "header")]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, exc.status, exc.as_dict())

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, NotFound().as_dict())

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = [
            {
                "field": _field_of(e.get("loc", ())),
                "type": e.get("type", ""),
                # pydantic's own messages never quote the input; ours quote at most a few
                # characters. The bound is for anything else that might.
                "msg": echo_bounded(e.get("msg")),
            }
            for e in exc.errors
        ]
        types = {f["type"] for f in fields}
        if "timezone_aware" in types:
            return respond(
                request,
                422,
                error_body(
                    ApiCode.NAIVE_DATETIME,
                    _("时间需带时区，例如 2026-03-01T15:00:00+08:00。"),
                    {"fields": fields},
                ),
            )
        names = "、".join(sorted({f["field"] for f in fields if f["field"]}))
        if types == {CoreCode.TEXT_TOO_LONG.value}:
            # The same answer as a service's clean_text: 400 text_too_long naming the field.
            first = next(e for e in exc.errors if e.get("type") == CoreCode.TEXT_TOO_LONG)
            ctx = first.get("ctx") or {}
            return respond(
                request,
                400,
                error_body(
                    CoreCode.TEXT_TOO_LONG,
                    _("%(fields)s：%(message)s") % {"fields": names, "message": fields[0]["msg"]},
                    {
                        "field": fields[0]["field"],
                        "max_length": ctx.get("max_length"),
                        "length": ctx.get("length"),
                        "fields": fields,
                    },
                ),
            )
        # One kind of refusal of ours (NUL, a date out of range, money with three decimals)
        # answers its own code; a mixture, or pydantic's own kinds, answer ``invalid``.
        code = CoreCode.INVALID.value
        if len(types) == 1 and next(iter(types)) in set(CoreCode):
            code = next(iter(types))
        return respond(
            request,
            422,
            error_body(
                code,
                _("请求数据有误，请检查：%(fields)s。") % {"fields": names},
                {"fields": fields},
            ),
        )

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, request_too_large_body())

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Too many fields in a query string, and the like: Django's own refusals, a 400.
        return respond(request, 400, error_body(ApiCode.HTTP_ERROR, _("请求无法处理。")))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            body = error_body(ApiCode.UNAUTHENTICATED, _("请先登录，或提供有效的 API 令牌。"))
        elif exc.status_code == 400 and "parse" in exc.message.lower():
            body = error_body(ApiCode.MALFORMED_JSON, _("请求内容不是有效的 JSON。"))
        elif exc.status_code == 403 and "csrf" in exc.message.lower():
            body = error_body(ApiCode.CSRF_FAILED, _("CSRF 校验失败，请刷新页面后重试。"))
        else:
            body = error_body(ApiCode.HTTP_ERROR, _("请求无法处理。"))
        return respond(request, exc.status_code, body)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled API error on %s %s", request.method, request.path)
        return respond(
            request, 500, error_body(ApiCode.SERVER_ERROR, _("服务器出错了，请稍后再试。"))
        )


def unknown_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/ that no route serves: the same JSON 404 body as a missing record,
    whatever the method, instead of the HTML page."""
    return JsonResponse(error_body(ApiCode.UNKNOWN_ROUTE, _("没有这个接口。")), status=404)
