"""schemathesis over the API's own OpenAPI document, in process through the WSGI app against the
test database: a bounded, derandomized number of examples per operation, none answering 5xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from lianyi.api.routes import api
from lianyi.org.services import issue_api_token
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def wsgi_app() -> Iterator[object]:
    """The real WSGI app, on this thread's connection (inside the test's transaction): like the
    test client, it must not close the connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_in_any_operation(world, wsgi_app):
    customer = make_customer(world, step=3)
    # The gathering and the customer exist, so that bodies get past the 404 to the services.
    order = place_test_order(open_shop(world.admin), customer, by=world.rep)
    real_ids = {
        "gathering_id": world.gathering.pk,
        "customer_id": customer.pk,
        "order_id": order.pk,
    }
    # Built from the API itself: the served /api/openapi.json may need a login.
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30

    failures = []
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        fixed = {name: value for name, value in real_ids.items() if name in names}
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=fixed),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=fixed),
        )

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def no_server_error(case: schemathesis.Case) -> None:
            # A fresh token each time (DELETE /api/auth/tokens/{id} may revoke the last one), in
            # place of the made-up Authorization a case may carry (the schema declares bearer).
            _token, key = issue_api_token(by=world.supervisor, name="schemathesis")
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {key}"}
            response = case.call(app=wsgi_app)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            no_server_error()
        except Exception as error:  # collect every operation's failure, not just the first
            failures.append(f"{operation.label}: {str(error)[:800]}")
    assert not failures, "\n\n".join(failures)
