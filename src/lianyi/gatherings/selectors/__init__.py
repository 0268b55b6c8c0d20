"""Reads of gatherings, one module per topic."""

from lianyi.gatherings.selectors.invitations import (
    gathering_ends,
    open_invitation_for,
    upcoming_gatherings,
)

__all__ = ["gathering_ends", "open_invitation_for", "upcoming_gatherings"]
