"""Printing pages: the rep's invitations, the browser print page, the PDF and revoking."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lianyi.gatherings import documents
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import InvitationState
from lianyi.gatherings.services.printing import revoke_invitation
from tests.conftest import make_customer

# A missing font fails these (naming the package), never a silent skip: tests/conftest.py.
needs_cjk_font = pytest.mark.usefixtures("cjk_font")


def test_a_rep_lists_their_invitations_only(world, login):
    make_customer(world, step=4)
    make_customer(world, owner=world.rep_other_team, step=4, name="王秀英")
    response = login(world.rep).get(reverse("web:gathering_invitations", args=[world.gathering.pk]))
    html = response.content.decode()
    assert "张桂兰" in html
    assert "王秀英" not in html


def test_the_print_page_is_a5_with_the_qr_code(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:gathering_invitations_print", args=[world.gathering.pk])
    response = login(world.rep).get(url, {"ids": invitation.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "size: A5" in html
    assert "<svg" in html
    assert "张阿姨、李建国" in html
    assert documents.short_token(invitation.token) in html


@needs_cjk_font
def test_the_pdf_download_marks_the_batch_printed(world, login):
    invitations = [
        make_customer(world, step=4, name=n).invitations.get() for n in ("张桂兰", "王秀英")
    ]
    url = reverse("web:gathering_invitations_pdf", args=[world.gathering.pk])
    response = login(world.rep).post(url, {"ids": [i.pk for i in invitations]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    for invitation in invitations:
        invitation.refresh_from_db()
        assert invitation.state == InvitationState.PRINTED


def test_no_cjk_font_gives_a_clear_refusal(world, login, monkeypatch):
    monkeypatch.setattr(documents, "cjk_font_families", lambda: ())
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:gathering_invitations_pdf", args=[world.gathering.pk])
    response = login(world.rep).post(url, {"ids": [invitation.pk]})
    assert response.status_code == 503
    assert response.context["error"].code == GatheringCode.NO_CJK_FONT
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ISSUED


def test_a_revoked_invitation_cannot_be_printed_from_the_page(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="改期")
    url = reverse("web:gathering_invitations_print", args=[world.gathering.pk])
    response = login(world.rep).get(url, {"ids": invitation.pk})
    assert response.status_code == 409
    assert response.context["error"].code == GatheringCode.INVITATION_REVOKED


def test_another_teams_rep_gets_404(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    client = login(world.rep_other_team)
    print_url = reverse("web:gathering_invitations_print", args=[world.gathering.pk])
    assert client.get(print_url, {"ids": invitation.pk}).status_code == 404
    pdf_url = reverse("web:gathering_invitations_pdf", args=[world.gathering.pk])
    assert client.post(pdf_url, {"ids": [invitation.pk]}).status_code == 404
    revoke_url = reverse("web:invitation_revoke", args=[invitation.pk])
    assert client.post(revoke_url, {"reason": "改期"}).status_code == 404


def test_ids_that_are_not_invitation_ids_answer_404(world, login):
    client = login(world.rep)
    print_url = reverse("web:gathering_invitations_print", args=[world.gathering.pk])
    for bad in ["abc", str(10**20), str(-(10**20))]:
        assert client.get(print_url, {"ids": bad}).status_code == 404
    printed_url = reverse("web:gathering_invitations_printed", args=[world.gathering.pk])
    assert client.post(printed_url, {"ids": [str(10**20)]}).status_code == 404


def test_revoking_from_the_page(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:invitation_revoke", args=[invitation.pk])
    response = login(world.rep).post(url, {"reason": "客户出远门"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED


def test_marking_printed_from_the_print_page(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:gathering_invitations_printed", args=[world.gathering.pk])
    assert login(world.rep).post(url, {"ids": [invitation.pk]}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PRINTED


@pytest.mark.parametrize("reason", ["改期\x00", "长" * 201])
def test_a_revoke_reason_the_column_cannot_hold_is_refused_and_nothing_is_revoked(
    world, login, reason
):
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:invitation_revoke", args=[invitation.pk])
    response = login(world.rep).post(url, {"reason": reason}, follow=True)
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.state != InvitationState.REVOKED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
