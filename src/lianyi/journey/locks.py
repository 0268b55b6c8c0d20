"""Row locks of the journey (see ``gatherings/locks.py`` for the order across apps): the
customer first (``customers.locks.lock_customer``), then one of its touchpoints."""

from __future__ import annotations

from lianyi.journey.models import Touchpoint


def lock_touchpoint(touchpoint_id: int) -> Touchpoint:
    """A recorded call or visit, locked for its correction; take the customer's lock first."""
    return Touchpoint.objects.select_for_update().get(pk=touchpoint_id)
