from enum import StrEnum


class ApiCode(StrEnum):
    """Codes the API itself answers with (the domain's codes live in each app)."""

    UNAUTHENTICATED = "unauthenticated"
    INVALID = "invalid"
    NAIVE_DATETIME = "naive_datetime"
    MALFORMED_JSON = "malformed_json"
    CSRF_FAILED = "csrf_failed"
    HTTP_ERROR = "http_error"
    SERVER_ERROR = "server_error"
    UNKNOWN_ROUTE = "unknown_route"
