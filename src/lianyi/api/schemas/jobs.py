from __future__ import annotations

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime


class JobOut(Schema):
    id: int
    kind: str
    state: str
    done: int
    total: int
    message: str
    error_code: str
    result_ref: str
    created_at: LocalDatetime
    finished_at: LocalDatetime | None


class JobQueuedOut(Schema):
    """202: the work was queued; follow ``status_url`` until ``state`` is done or failed."""

    job: int
    state: str
    status_url: str
