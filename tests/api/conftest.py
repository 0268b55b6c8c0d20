"""API clients: a token client per user (the token issued through the org service), the
anonymous client, and a session client that enforces CSRF like a browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lianyi.org.services import issue_api_token


class ApiClient:
    """JSON in, JSON out, against /api/."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(f"/api{path}", params)

    def post(self, path: str, data: Any = None):
        return self.client.post(f"/api{path}", data or {}, content_type="application/json")

    def patch(self, path: str, data: Any = None):
        return self.client.patch(f"/api{path}", data or {}, content_type="application/json")

    def delete(self, path: str):
        return self.client.delete(f"/api{path}")

    def raw_post(self, path: str, body: str):
        return self.client.post(f"/api{path}", body, content_type="application/json")


@pytest.fixture
def api_client_for(db: None) -> Callable[[Any], ApiClient]:
    def make(user: Any) -> ApiClient:
        if user is None:
            return ApiClient(Client())
        _token, key = issue_api_token(by=user, name="tests")
        return ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))

    return make


@pytest.fixture
def anon_api(db: None) -> ApiClient:
    return ApiClient(Client())


def assert_error(response: Any, status: int, code: str) -> dict:
    """The response is the error body {"code", "message", "extra"} with this status and code."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "extra"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["extra"], dict)
    return body
