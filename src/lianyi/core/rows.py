"""Model instances from the rows of written-out SQL, as the ORM itself would make them: the
statements that run on every request (the bearer token, a door scan) are written out because
compiling their ORM form cost more CPU than the database spent on them, and ``Model.objects.raw``
still maps its columns to fields on every call."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def from_row(model: type[models.Model], fields: Sequence[Any], values: Sequence[Any]) -> Any:
    """An instance of ``model`` with ``fields`` (in the order of ``values``) loaded and its
    other fields deferred; each value goes through the converters the ORM would apply (on
    SQLite datetimes made aware, booleans and decimals; JSON decoded on both databases)."""
    converted = list(values)
    for i, col in _converted_columns(connection.vendor, model, tuple(fields)):
        value = converted[i]
        converters = connection.ops.get_db_converters(col) + col.field.get_db_converters(connection)
        for convert in converters:
            value = convert(value, col, connection)
        converted[i] = value
    order, names = _model_order(model, tuple(fields))
    return model.from_db(connection.alias, names, [converted[i] for i in order])


@functools.cache
def _model_order(model: type[models.Model], fields: tuple[Any, ...]) -> tuple[list[int], list[str]]:
    """``Model.from_db`` takes a subset of the columns in the model's own order: the positions
    of ``fields`` in that order, and their attribute names."""
    position = {f: n for n, f in enumerate(model._meta.concrete_fields)}
    order = sorted(range(len(fields)), key=lambda i: position[fields[i]])
    return order, [fields[i].attname for i in order]


@functools.cache
def _converted_columns(
    vendor: str, model: type[models.Model], fields: tuple[Any, ...]
) -> list[tuple[int, Any]]:
    """The positions of ``fields`` whose values this database's driver does not hand back as
    the ORM would (found once per vendor), with their column expressions."""
    found = []
    for i, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        if connection.ops.get_db_converters(col) or field.get_db_converters(connection):
            found.append((i, col))
    return found


def prefill_related(obj: models.Model, name: str, rows: list[Any]) -> None:
    """Fill ``obj.<name>.all()`` (a reverse foreign key) with ``rows`` just written, as
    ``prefetch_related`` would have read them, so that what answers with ``obj`` does not read
    back what it has written."""
    related = getattr(obj, name)
    queryset = related.get_queryset()  # filtered to obj, not evaluated
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[related.field.remote_field.cache_name] = queryset
