"""What every page shares about access: the capability check a view declares first. A missing
capability answers the one 404 page, like a missing or out-of-scope id, so a page reveals
nothing to a role that may not use it (``web.errors.not_found_as_404`` turns the services'
NotFound and forbidden refusals into the same page)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianyi.org.capabilities import Capability, has_capability


def require(user: Any, capability: Capability) -> None:
    """Refuse the page (404) unless ``user``'s role has ``capability``."""
    if not has_capability(user, capability):
        raise Http404()
