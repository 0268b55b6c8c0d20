"""The one "get by id or NotFound": every selector that fetches one record by an id from a
request goes through :func:`get_by_id` on a queryset already limited to what the user may see
(``org.scoping.owner_scope`` or ``company_scope``), so that a missing id, an id out of scope and
a value that is no id at all answer the same :class:`NotFound` (a 404 everywhere)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from lianyi.core.errors import NotFound

M = TypeVar("M", bound=models.Model)

# The largest primary key a 64-bit column holds: beyond it the database would raise instead of
# finding nothing.
MAX_ID = 2**63 - 1


def as_id(value: Any) -> int | None:
    """``value`` as a primary key (1 to ``MAX_ID``), or None when it cannot be one."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_ID else None


def get_by_id(rows: models.QuerySet[M], pk: Any) -> M:
    """The row of ``rows`` with id ``pk``; NotFound when there is none (missing or out of the
    scope ``rows`` was limited to) and when ``pk`` is no id."""
    number = as_id(pk)
    found = None if number is None else rows.filter(pk=number).first()
    if found is None:
        raise NotFound()
    return found
