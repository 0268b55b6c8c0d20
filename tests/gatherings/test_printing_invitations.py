"""Printing invitations (issued -> printed), revoking them, and the A5 PDF in Chinese."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings import documents
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import InvitationState, Seat
from lianyi.gatherings.selectors.printing import invitations_to_print
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.printing import mark_printed, revoke_invitation
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from tests.conftest import make_customer

# A missing font fails these (naming the package), never a silent skip: tests/conftest.py.
needs_cjk_font = pytest.mark.usefixtures("cjk_font")


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    return error.value


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def test_printing_an_issued_invitation_marks_it_printed(world):
    invitation = make_customer(world, step=4).invitations.get()
    mark_printed(by=world.rep, invitation_ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PRINTED
    assert invitation.printed_at is not None
    entry = AuditEntry.objects.get(action="gatherings.invitation.printed")
    assert entry.changes == {"state": ["issued", "printed"]}


def test_a_reprint_keeps_the_state_and_is_audited_as_a_reprint(world):
    invitation = make_customer(world, step=5).invitations.get()
    mark_printed(by=world.rep, invitation_ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DELIVERED
    assert AuditEntry.objects.get(action="gatherings.invitation.printed").data == {"reprint": True}


def test_a_printed_invitation_is_still_delivered_at_the_second_visit(world):
    customer = make_customer(world, step=4)
    invitation = customer.invitations.get()
    mark_printed(by=world.rep, invitation_ids=[invitation.pk])
    journey.record_second_visit(
        by=world.rep, customer_id=customer.pk, invitation_handed_over=True, contact=Contact()
    )
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DELIVERED


def test_revoking_needs_a_reason_and_is_audited(world):
    invitation = make_customer(world, step=4).invitations.get()
    missing = refused(revoke_invitation, by=world.rep, invitation_id=invitation.pk, reason=" ")
    assert missing.code == CoreCode.REQUIRED
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="客户住院，不能参加")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED
    assert invitation.revoke_reason == "客户住院，不能参加"
    entry = AuditEntry.objects.get(action="gatherings.invitation.revoked")
    assert entry.data == {"reason": "客户住院，不能参加"}


def test_a_revoked_invitation_cannot_be_printed_nor_revoked_again(world):
    invitation = make_customer(world, step=4).invitations.get()
    other = make_customer(world, step=4, name="王秀英").invitations.get()
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="改期")
    error = refused(mark_printed, by=world.rep, invitation_ids=[other.pk, invitation.pk])
    assert error.code == GatheringCode.INVITATION_REVOKED
    other.refresh_from_db()
    assert other.state == InvitationState.ISSUED  # a batch is all or nothing
    again = refused(revoke_invitation, by=world.rep, invitation_id=invitation.pk, reason="改期")
    assert again.code == GatheringCode.NOT_REVOCABLE
    assert invitation.pk not in invitations_to_print(
        user=world.rep, gathering_id=world.gathering.pk
    ).values_list("pk", flat=True)


def test_a_revoked_invitation_cannot_be_delivered(world):
    customer = make_customer(world, step=4)
    invitation = customer.invitations.get()
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="改期")
    with pytest.raises(DomainError):
        journey.record_second_visit(
            by=world.rep, customer_id=customer.pk, invitation_handed_over=True, contact=Contact()
        )
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED


def test_revoking_frees_the_bus_seat_and_the_table(world):
    from lianyi.gatherings.services.seating import seat_household

    invitation = make_customer(world, step=4).invitations.get()
    bus = planning.add_bus(by=world.admin, gathering_id=world.gathering.pk, name="1号车", seats=2)
    table = planning.add_table(by=world.admin, gathering_id=world.gathering.pk, number=1, seats=2)
    planning.assign_bus(by=world.admin, invitation_id=invitation.pk, bus_id=bus.pk)
    seat_household(
        by=world.admin,
        gathering_id=world.gathering.pk,
        table_id=table.pk,
        invitation_id=invitation.pk,
    )
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="改期")
    invitation.refresh_from_db()
    assert invitation.bus is None
    assert not Seat.objects.filter(table=table).exists()


@pytest.mark.parametrize("who", ["rep_other_team", "rep_same_team", "supervisor_other_team"])
def test_only_the_owner_and_their_supervisor_print_or_revoke(world, who):
    invitation = make_customer(world, step=4).invitations.get()
    outsider = getattr(world, who)
    assert refused(mark_printed, by=outsider, invitation_ids=[invitation.pk]).code == "not_found"
    error = refused(revoke_invitation, by=outsider, invitation_id=invitation.pk, reason="改期")
    assert error.code == CoreCode.NOT_FOUND
    mark_printed(by=world.supervisor, invitation_ids=[invitation.pk])


def test_the_greeting_is_polite_to_the_customer_and_names_the_companion(world):
    invitation = make_customer(world, step=4).invitations.get()
    assert invitation.guest_names == ["张桂兰", "李建国"]
    assert documents.greeting_for(invitation) == "张阿姨、李建国"


def test_the_greeting_is_polite_to_a_companion_whose_sex_was_recorded(world):
    invitation = make_customer(world, step=4, companion_sex="M").invitations.get()
    assert invitation.customer.companion_sex == "M"
    assert documents.greeting_for(invitation) == "张阿姨、李叔叔"


def test_a_companion_sex_other_than_man_or_woman_is_refused(world):
    error = refused(make_customer, world, step=0, companion_sex="X")
    assert error.code == CoreCode.INVALID
    assert error.extra["field"] == "companion_sex"


@needs_cjk_font
def test_the_pdf_has_the_guests_and_the_venue_in_chinese(world):
    invitation = make_customer(world, step=4).invitations.get()
    pages = pdf_text(documents.render_invitations_pdf([invitation]))
    assert len(pages) == 1
    text = re.sub(r"\s+", "", pages[0])
    for expected in ("张桂兰", "李建国", world.gathering.venue, "张阿姨", "邀请函"):
        assert expected in text
    assert documents.short_token(invitation.token) in text


@needs_cjk_font
def test_a_batch_has_one_page_per_invitation(world):
    invitations = [
        make_customer(world, step=4, name=name).invitations.get()
        for name in ("张桂兰", "王秀英", "赵淑芬")
    ]
    pages = pdf_text(documents.render_invitations_pdf(invitations))
    assert len(pages) == 3
    assert "王秀英" in pages[1]


def test_without_a_cjk_font_the_pdf_is_refused_with_a_clear_code(world, monkeypatch):
    monkeypatch.setattr(documents, "cjk_font_families", lambda: ())
    invitation = make_customer(world, step=4).invitations.get()
    error = refused(documents.render_invitations_pdf, [invitation])
    assert error.code == GatheringCode.NO_CJK_FONT


def test_the_qr_code_carries_the_token(world):
    invitation = make_customer(world, step=4).invitations.get()
    svg = documents.qr_svg(invitation.token)
    assert svg.startswith("<svg")
    assert documents.qr_png_data_uri(invitation.token).startswith("data:image/png;base64,")


# --- delivered without ever being printed: only with a confirmation -----------------------


def test_an_unprinted_invitation_is_not_delivered_without_a_confirmation(world):
    from lianyi.journey.models import Touchpoint

    customer = make_customer(world, step=4)
    error = refused(
        journey.record_second_visit,
        by=world.rep,
        customer_id=customer.pk,
        invitation_handed_over=True,
        contact=Contact(),
    )
    assert error.code == GatheringCode.INVITATION_NOT_PRINTED
    assert error.extra["field"] == "unprinted_confirmed"
    invitation = customer.invitations.get()
    assert invitation.state == InvitationState.ISSUED
    assert invitation.delivered_at is None
    assert not Touchpoint.objects.filter(customer=customer, kind="second_visit").exists()
    assert not AuditEntry.objects.filter(action="gatherings.invitation.delivered").exists()


def test_an_unprinted_invitation_confirmed_is_delivered_and_the_audit_says_unprinted(world):
    customer = make_customer(world, step=4)
    journey.record_second_visit(
        by=world.rep,
        customer_id=customer.pk,
        invitation_handed_over=True,
        contact=Contact(),
        unprinted_confirmed=True,
    )
    invitation = customer.invitations.get()
    assert invitation.state == InvitationState.DELIVERED
    entry = AuditEntry.objects.get(action="gatherings.invitation.delivered")
    assert entry.data == {"unprinted": True}


def test_a_printed_invitation_needs_no_confirmation_and_its_audit_says_nothing_of_it(world):
    customer = make_customer(world, step=4)
    mark_printed(by=world.rep, invitation_ids=[customer.invitations.get().pk])
    journey.record_second_visit(
        by=world.rep, customer_id=customer.pk, invitation_handed_over=True, contact=Contact()
    )
    entry = AuditEntry.objects.get(action="gatherings.invitation.delivered")
    assert entry.data == {}
