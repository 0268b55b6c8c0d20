"""With a read replica configured, the dashboards read from it and never write to it: the
``replica`` alias of the test settings is a test mirror of the default database (committed
rows, so the test runs outside a transaction)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from lianyi.core.db import reporting_alias
from lianyi.core.models import AuditEntry
from lianyi.oversight.selectors.dashboards_customers import SECTIONS, section_figures
from lianyi.oversight.services.dashboards import export_figure_customers
from tests.conftest import make_customer
from tests.oversight.dashboard_data import wide

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def on_replica(settings):
    settings.LIANYI_REPORTING_DATABASE = "replica"
    assert reporting_alias() == "replica"


def test_without_a_replica_reporting_reads_the_default_database(settings):
    settings.LIANYI_REPORTING_DATABASE = "nowhere"
    assert reporting_alias() == "default"


def test_every_dashboard_reads_from_the_replica(world, on_replica):
    make_customer(world, step=5, name="甲一")
    f = wide(world.supervisor)
    for section in SECTIONS:
        with (
            CaptureQueriesContext(connections["default"]) as default,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            figures = section_figures(user=world.supervisor, f=f, section=section)
        assert figures
        assert len(replica) > 0, section
        assert len(default) == 0, [q["sql"] for q in default]
    funnel = section_figures(user=world.supervisor, f=f, section="journey")[0]
    assert funnel.rows[0][1].value == 1  # the replica sees the committed customer


def test_an_export_reads_from_the_replica_and_writes_its_audit_entry_to_default(world, on_replica):
    make_customer(world, step=5, name="甲一")
    f = wide(world.supervisor)
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        export_figure_customers(by=world.supervisor, f=f, figure_name="funnel.registered")
    assert any("customers_customer" in q["sql"] for q in replica)
    assert not any(q["sql"].lstrip().upper().startswith(WRITES) for q in replica)
    assert any(
        q["sql"].lstrip().upper().startswith("INSERT") and "core_auditentry" in q["sql"]
        for q in default
    )
    assert (
        AuditEntry.objects.using("default")
        .filter(action="oversight.dashboard.customers_exported")
        .exists()
    )
