"""A customer's whole timeline: the journey's touchpoints with every step of their cases and
every after-sales contact, in time order. The journey sits below the after-sales app and knows
nothing of it, so the merge happens here, above both; the pages and the API read this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from lianyi.aftercare.models import AftercareContact, CaseEvent
from lianyi.customers.models import Customer
from lianyi.journey.models import Touchpoint
from lianyi.journey.selectors import timeline as journey_timeline
from lianyi.org.models import User


@dataclass(frozen=True)
class AftercareEntry:
    """One case step or after-sales contact as the timeline shows it."""

    source: str  # "case" or "aftercare_contact"
    id: int
    at: datetime
    kind: str
    kind_label: str
    by: User | None
    text: str
    case_id: int | None = None
    badge: str = ""  # the satisfaction, or the level a case moved to

    # The customer page's loop tells these from touchpoints by this attribute.
    aftercare_entry = True


def _case_entry(event: CaseEvent) -> AftercareEntry:
    badge = ""
    if event.to_level:
        badge = str(event.get_to_level_display())
    return AftercareEntry(
        source="case",
        id=event.pk,
        at=event.at,
        kind=event.kind,
        kind_label=_("工单：%(step)s") % {"step": event.get_kind_display()},
        by=event.by,
        text=event.note,
        case_id=event.case_id,
        badge=badge,
    )


def _contact_entry(contact: AftercareContact) -> AftercareEntry:
    label = _("售后%(channel)s") % {"channel": contact.get_channel_display()}
    if not contact.reached:
        label = _("%(contact)s（未联系上）") % {"contact": label}
    return AftercareEntry(
        source="aftercare_contact",
        id=contact.pk,
        at=contact.at,
        kind=contact.channel,
        kind_label=label,
        by=contact.by,
        text=contact.notes,
        badge=str(contact.get_satisfaction_display()) if contact.satisfaction else "",
    )


def aftercare_entries(*, customer: Customer) -> list[AftercareEntry]:
    """The case steps and after-sales contacts of a customer already in scope (two queries)."""
    events = CaseEvent.objects.filter(case__customer=customer).select_related("by")
    contacts = AftercareContact.objects.filter(customer=customer).select_related("by")
    return [_case_entry(e) for e in events] + [_contact_entry(c) for c in contacts]


def merged(touchpoints: list[Touchpoint], entries: list[AftercareEntry]) -> list[Any]:
    """Touchpoints and after-sales entries in one list, oldest first."""
    rows: list[Any] = [*touchpoints, *entries]
    rows.sort(key=lambda r: r.occurred_at if isinstance(r, Touchpoint) else r.at)
    return rows


def customer_timeline(
    *, user: Any, customer_id: Any
) -> tuple[Customer, list[Touchpoint], list[Any]]:
    """The customer (through the scoping door), their touchpoints, and the merged timeline."""
    customer, touchpoints = journey_timeline(user=user, customer_id=customer_id)
    rows = list(touchpoints)
    return customer, rows, merged(rows, aftercare_entries(customer=customer))
