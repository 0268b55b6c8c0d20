"""List routes make a number of queries that does not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_customer


def warm(api):
    """The first request stamps the token's last use; later ones within a minute do not."""
    api.get("/me")
    return api


def queries_for(api, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/customers", "/agenda", "/customers?q=zgl", "/audit"])
def test_list_queries_do_not_grow_with_rows(world, api_client_for, path):
    user = world.admin if path == "/audit" else world.rep
    api = warm(api_client_for(user))
    make_customer(world, step=4)
    few = queries_for(api, path)
    for _ in range(4):
        make_customer(world, step=4)
    many = queries_for(api, path)
    assert many == few


def test_timeline_queries_do_not_grow_with_touchpoints(world, api_client_for):
    api = warm(api_client_for(world.rep))
    short = make_customer(world, step=1)
    long = make_customer(world, step=5)
    assert queries_for(api, f"/customers/{long.pk}/timeline") == queries_for(
        api, f"/customers/{short.pk}/timeline"
    )
