"""Reads of gatherings, one module per topic."""

from lianyi.gatherings.selectors.invitations import open_invitation_for, upcoming_gatherings

__all__ = ["open_invitation_for", "upcoming_gatherings"]
