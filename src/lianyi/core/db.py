"""Which database connection a read uses. Reporting (the dashboards) reads through
:func:`reporting_alias`: the read replica when ``DATABASE_REPLICA_URL`` is set, else the one
database; writes always go to ``default``."""

from __future__ import annotations

from django.conf import settings
from django.db import connections


def reporting_alias() -> str:
    alias = str(getattr(settings, "LIANYI_REPORTING_DATABASE", "default"))
    return alias if alias in connections.settings else "default"
