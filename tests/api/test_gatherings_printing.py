"""Printing and revoking invitations through the API."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from lianyi.core.errors import CoreCode
from lianyi.gatherings import documents
from lianyi.gatherings.codes import GatheringCode
from tests.api.conftest import assert_error
from tests.conftest import make_customer

# A missing font fails these (naming the package), never a silent skip: tests/conftest.py.
needs_cjk_font = pytest.mark.usefixtures("cjk_font")


def test_a_rep_lists_prints_and_revokes_their_invitations(world, api_client_for):
    mine = make_customer(world, step=4).invitations.get()
    make_customer(world, owner=world.rep_other_team, step=4, name="王秀英")
    api = api_client_for(world.rep)
    listed = api.get(f"/gatherings/{world.gathering.pk}/invitations").json()
    assert [i["id"] for i in listed] == [mine.pk]
    printed = api.post("/invitations/printed", {"ids": [mine.pk]}).json()
    assert printed[0]["state"] == "printed"
    revoked = api.post(f"/invitations/{mine.pk}/revoke", {"reason": "改期"})
    assert revoked.json()["state"] == "revoked"
    response = api.post("/invitations/pdf", {"ids": [mine.pk]})
    assert_error(response, 409, GatheringCode.INVITATION_REVOKED)


@needs_cjk_font
def test_the_pdf_has_one_page_per_invitation(world, api_client_for):
    ids = [make_customer(world, step=4, name=n).invitations.get().pk for n in ("张桂兰", "王秀英")]
    response = api_client_for(world.rep).post("/invitations/pdf", {"ids": ids})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_no_cjk_font_answers_its_code(world, api_client_for, monkeypatch):
    monkeypatch.setattr(documents, "cjk_font_families", lambda: ())
    invitation = make_customer(world, step=4).invitations.get()
    response = api_client_for(world.rep).post("/invitations/pdf", {"ids": [invitation.pk]})
    assert_error(response, 503, GatheringCode.NO_CJK_FONT)


def test_another_teams_rep_gets_404(world, api_client_for):
    invitation = make_customer(world, step=4).invitations.get()
    api = api_client_for(world.rep_other_team)
    assert_error(api.post("/invitations/pdf", {"ids": [invitation.pk]}), 404, CoreCode.NOT_FOUND)
    response = api.post(f"/invitations/{invitation.pk}/revoke", {"reason": "改期"})
    assert_error(response, 404, CoreCode.NOT_FOUND)


# --- scope and state before the font: a server without a CJK font still answers 404/409 ------


@pytest.fixture
def no_cjk_font(monkeypatch):  # type: ignore[no-untyped-def]
    """The machine has no Chinese font (the probe reports none); the feature is untouched."""
    monkeypatch.setattr(documents, "cjk_font_families", lambda: ())


def test_without_the_font_an_out_of_scope_invitation_answers_404(
    world, api_client_for, no_cjk_font
):
    invitation = make_customer(world, step=4).invitations.get()
    response = api_client_for(world.rep_other_team).post(
        "/invitations/pdf", {"ids": [invitation.pk]}
    )
    assert_error(response, 404, CoreCode.NOT_FOUND)


def test_without_the_font_a_missing_invitation_answers_404(world, api_client_for, no_cjk_font):
    response = api_client_for(world.rep).post("/invitations/pdf", {"ids": [987654321]})
    assert_error(response, 404, CoreCode.NOT_FOUND)


def test_without_the_font_a_revoked_invitation_answers_409(world, api_client_for, no_cjk_font):
    invitation = make_customer(world, step=4).invitations.get()
    api = api_client_for(world.rep)
    assert api.post(f"/invitations/{invitation.pk}/revoke", {"reason": "改期"}).status_code == 200
    response = api.post("/invitations/pdf", {"ids": [invitation.pk]})
    assert_error(response, 409, GatheringCode.INVITATION_REVOKED)


def test_without_the_font_nothing_is_marked_printed(world, api_client_for, no_cjk_font):
    invitation = make_customer(world, step=4).invitations.get()
    response = api_client_for(world.rep).post("/invitations/pdf", {"ids": [invitation.pk]})
    assert_error(response, 503, GatheringCode.NO_CJK_FONT)
    invitation.refresh_from_db()
    assert invitation.state == "issued"
    assert invitation.printed_at is None


def test_revoking_through_the_api_requires_the_reason(world, api_client_for):
    invitation = make_customer(world, step=4).invitations.get()
    api = api_client_for(world.rep)
    missing = api.post(f"/invitations/{invitation.pk}/revoke", {})
    assert missing.status_code == 422
    assert missing.json()["code"] == CoreCode.INVALID
    assert_error(
        api.post(f"/invitations/{invitation.pk}/revoke", {"reason": "  "}), 400, CoreCode.REQUIRED
    )
    invitation.refresh_from_db()
    assert invitation.state == "issued"
    assert api.post(f"/invitations/{invitation.pk}/revoke", {"reason": "改期"}).status_code == 200


def test_the_api_delivers_an_unprinted_invitation_only_when_confirmed(world, api_client_for):
    customer = make_customer(world, step=4)
    api = api_client_for(world.rep)
    url = f"/customers/{customer.pk}/second-visit"
    response = api.post(url, {"invitation_handed_over": True})
    assert_error(response, 400, GatheringCode.INVITATION_NOT_PRINTED)
    assert customer.invitations.get().state == "issued"
    confirmed = api.post(url, {"invitation_handed_over": True, "unprinted_confirmed": True})
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["touchpoint"]["invitation"]["state"] == "delivered"


def test_the_api_list_filters_by_state(world, api_client_for):
    printed = make_customer(world, step=4).invitations.get()
    other = make_customer(world, step=4, name="王秀英").invitations.get()
    api = api_client_for(world.rep)
    api.post("/invitations/printed", {"ids": [printed.pk]})
    url = f"/gatherings/{world.gathering.pk}/invitations"
    assert [i["id"] for i in api.get(url, state="issued").json()] == [other.pk]
    assert [i["id"] for i in api.get(url, state="printed").json()] == [printed.pk]
    assert len(api.get(url).json()) == 2
    assert api.get(url, state="nonsense").status_code == 422
