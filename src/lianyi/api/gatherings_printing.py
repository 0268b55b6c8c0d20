"""Printing invitations: the user's invitations to a gathering (a rep their own customers', a
supervisor their team's), marking them printed, the A5 PDF (one page each; marks them printed;
503 ``gatherings.no_cjk_font`` when the server has no Chinese font), and revoking with a
reason. A revoked invitation answers 409 ``gatherings.invitation_revoked``; an invitation out
of scope 404 like a missing one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from lianyi.api.jobs import queued
from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_printing import (
    InvitationIdsIn,
    PrintableInvitationOut,
    RevokeIn,
)
from lianyi.api.schemas.jobs import JobQueuedOut
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.gatherings.models import InvitationState
from lianyi.gatherings.selectors.printing import invitations_to_print
from lianyi.gatherings.services.printing import (
    PDF_IN_REQUEST_MAX,
    mark_printed,
    print_invitations_pdf,
    request_invitations_pdf,
    revoke_invitation,
)
from lianyi.org.capabilities import Capability, require_capability

router = Router(tags=["invitations"])


@router.get(
    "/gatherings/{gathering_id}/invitations",
    response={200: list[PrintableInvitationOut], **ERRORS},
)
def list_invitations(
    request: HttpRequest, gathering_id: Id, state: InvitationState | None = None
) -> list:
    """The printable (not revoked) invitations, in one state when ``state`` is given."""
    user = current_user(request)
    require_capability(user, Capability.GATHERINGS_PRINT)
    rows = invitations_to_print(user=user, gathering_id=gathering_id, state=state or "")
    return list(rows)


@router.post("/invitations/printed", response={200: list[PrintableInvitationOut], **ERRORS})
def printed(request: HttpRequest, payload: InvitationIdsIn) -> list:
    return mark_printed(by=current_user(request), invitation_ids=payload.ids)


@router.post(
    "/invitations/pdf", response={200: None, 202: JobQueuedOut, **ERRORS, 503: ERRORS[400]}
)
def pdf(request: HttpRequest, payload: InvitationIdsIn) -> object:
    """The PDF itself for up to 20 invitations; more are made in the background: 202 with the
    job and its status URL (``/api/jobs/{id}``), whose file is then downloaded from the page."""
    user = current_user(request)
    if len(set(payload.ids)) > PDF_IN_REQUEST_MAX:
        return queued(request_invitations_pdf(by=user, invitation_ids=payload.ids))
    data = print_invitations_pdf(by=user, invitation_ids=payload.ids)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="invitations.pdf"'
    return response


@router.post(
    "/invitations/{invitation_id}/revoke", response={200: PrintableInvitationOut, **ERRORS}
)
def revoke(request: HttpRequest, invitation_id: Id, payload: RevokeIn) -> object:
    return revoke_invitation(
        by=current_user(request), invitation_id=invitation_id, reason=payload.reason
    )
