"""The API answers its error messages in the request's language: Chinese unless asked."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from lianyi.org.services import issue_api_token

NOT_FOUND = "找不到该记录。"


def api_get(path: str, *, user=None, language: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Accept-Language": language} if language else {}
    if user is not None:
        _token, key = issue_api_token(by=user, name="i18n tests")
        headers["Authorization"] = f"Bearer {key}"
    return Client(headers=headers).get(f"/api{path}")


def english(msgid: str) -> str:
    with translation.override("en"):
        return translation.gettext(msgid)


def test_a_missing_customer_is_explained_in_english_when_asked(world):
    response = api_get("/customers/424242", user=world.rep, language="en")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["message"] == english(NOT_FOUND) == "Record not found."


def test_a_missing_customer_is_explained_in_chinese_by_default(world):
    body = api_get("/customers/424242", user=world.rep).json()
    assert body["code"] == "not_found" and body["message"] == NOT_FOUND


def test_chinese_is_kept_when_the_client_prefers_it(world):
    body = api_get("/customers/424242", user=world.rep, language="zh-CN,en;q=0.5").json()
    assert body["message"] == NOT_FOUND


def test_an_anonymous_request_is_refused_in_english_when_asked(world):
    response = api_get("/me", language="en-GB,en;q=0.9")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    message = response.json()["message"]
    assert message == english("请先登录，或提供有效的 API 令牌。")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in message)
