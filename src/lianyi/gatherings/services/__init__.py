"""Writes on gatherings, one module per topic: invitations (issue, deliver, print, revoke),
planning, check-in, engagement, the draw."""

from lianyi.gatherings.services.invitations import (
    MAX_GUESTS,
    choose_gathering,
    clean_guests,
    deliver_invitation,
    issue_invitation,
)

__all__ = [
    "MAX_GUESTS",
    "choose_gathering",
    "clean_guests",
    "deliver_invitation",
    "issue_invitation",
]
