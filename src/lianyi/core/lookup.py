"""The one "get by id or NotFound": every selector that fetches one record by an id from a
request goes through :func:`get_by_id` on a queryset already limited to what the user may see
(``org.scoping.owner_scope`` or ``company_scope``), so that a missing id, an id out of scope and
a value that is no id at all answer the same :class:`NotFound` (a 404 everywhere)."""

from __future__ import annotations

from collections.abc import Iterable
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


def ids_or_not_found(values: Iterable[Any]) -> list[int]:
    """``values`` as primary keys in their order, repeats dropped; NotFound when there is none
    or one of them is no id."""
    pks = [as_id(value) for value in values]
    if not pks or any(pk is None for pk in pks):
        raise NotFound()
    return list(dict.fromkeys(pk for pk in pks if pk is not None))


def get_all_by_ids(rows: models.QuerySet[M], ids: Iterable[Any]) -> list[M]:
    """The rows of ``rows`` named by ``ids``, in that order; NotFound when any of them is
    missing, out of scope or no id (a batch is all in scope or refused whole)."""
    pks = ids_or_not_found(ids)
    found = {row.pk: row for row in rows.filter(pk__in=pks)}
    if any(pk not in found for pk in pks):
        raise NotFound()
    return [found[pk] for pk in pks]
