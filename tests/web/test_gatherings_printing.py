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
    response = login(world.rep).post(url, {"reason": reason})
    assert response.status_code == 200  # the confirm page again, the error by the field
    assert response.context["form"].has_error("reason")
    invitation.refresh_from_db()
    assert invitation.state != InvitationState.REVOKED


# --- the list: total, pages, a filter by state; revoking on a page of its own ---------------


def _list(client, world, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("web:gathering_invitations", args=[world.gathering.pk]), params)


def test_the_list_shows_the_total_and_pages_past_twenty(world, login):
    names = [f"客户{i:02d}" for i in range(23)]
    for name in names:
        make_customer(world, step=4, name=name)
    client = login(world.rep)
    first = _list(client, world)
    assert first.context["page"].paginator.count == 23
    assert len(first.context["invitations"]) == 20
    html = first.content.decode()
    assert 'id="invitations-total"' in html and "23" in html
    assert 'id="invitations-pager"' in html
    second = _list(client, world, page=2)
    assert [i.customer.name for i in second.context["invitations"]] == names[20:]
    # a page number that is not one answers a page, never a 500
    assert _list(client, world, page="abc").status_code == 200
    assert _list(client, world, page="99").context["page"].number == 2


def test_the_list_filters_by_state(world, login):
    from lianyi.gatherings.services.printing import mark_printed

    printed = make_customer(world, step=4, name="张桂兰").invitations.get()
    not_yet = make_customer(world, step=4, name="王秀英").invitations.get()
    mark_printed(by=world.rep, invitation_ids=[printed.pk])
    client = login(world.rep)
    issued = _list(client, world, state="issued")
    assert [i.pk for i in issued.context["invitations"]] == [not_yet.pk]
    assert issued.context["page"].paginator.count == 1
    # the batch PDF/print of "all" follows the filter
    assert 'name="state" value="issued"' in issued.content.decode()
    assert 'class="printed-at"' not in issued.content.decode()
    assert 'class="printed-at"' in _list(client, world, state="printed").content.decode()
    everything = _list(client, world, state="no-such-state")
    assert everything.status_code == 200
    assert everything.context["state"] == ""
    assert everything.context["page"].paginator.count == 2


def test_the_print_page_of_all_follows_the_state_filter(world, login):
    from lianyi.gatherings.services.printing import mark_printed

    printed = make_customer(world, step=4, name="张桂兰").invitations.get()
    make_customer(world, step=4, name="王秀英")
    mark_printed(by=world.rep, invitation_ids=[printed.pk])
    url = reverse("web:gathering_invitations_print", args=[world.gathering.pk])
    html = login(world.rep).get(url, {"state": "printed"}).content.decode()
    assert f'id="invitation-{printed.pk}"' in html
    assert html.count('class="card"') == 1


def test_the_list_query_count_does_not_grow_with_the_invitations(
    world, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.rep)
    make_customer(world, step=4, name="张桂兰")
    with CaptureQueriesContext(connection) as few:
        _list(client, world)
    for i in range(15):
        make_customer(world, step=4, name=f"客户{i:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _list(client, world)
    assert len(response.context["invitations"]) == 16


def test_the_list_has_no_revoke_buttons_only_a_link_to_the_confirm_page(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    html = _list(login(world.rep), world).content.decode()
    assert "btn--danger" not in html
    assert reverse("web:invitation_revoke", args=[invitation.pk]) in html
    assert 'name="reason"' not in html


def test_the_revoke_page_says_what_happens_and_revokes_nothing_on_open(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    response = login(world.rep).get(reverse("web:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="revoke-consequences"' in html
    assert 'id="revoke-form"' in html
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ISSUED


def test_revoking_without_a_reason_shows_the_error_by_the_field(world, login):
    from lianyi.core.errors import CoreCode

    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:invitation_revoke", args=[invitation.pk])
    response = login(world.rep).post(url, {"reason": "  "})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["reason"]] == [
        CoreCode.REQUIRED
    ]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ISSUED


def test_the_revoke_page_of_an_invitation_used_at_the_door_refuses(world, login):
    from tests.gatherings.door import admit

    customer = make_customer(world, step=5)
    invitation = admit(customer, by=world.supervisor, gathering=world.gathering)
    assert invitation.state == InvitationState.CHECKED_IN
    response = login(world.rep).get(reverse("web:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 409
    assert 'id="revoke-form"' not in response.content.decode()


def test_another_teams_rep_cannot_open_the_revoke_page(world, login):
    invitation = make_customer(world, step=4).invitations.get()
    url = reverse("web:invitation_revoke", args=[invitation.pk])
    assert login(world.rep_other_team).get(url).status_code == 404
    assert login(world.rep).get(reverse("web:invitation_revoke", args=[10**9])).status_code == 404


def test_the_print_page_query_count_does_not_grow_with_the_invitations(
    world, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.rep)
    url = reverse("web:gathering_invitations_print", args=[world.gathering.pk])
    make_customer(world, step=4, name="张桂兰")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        make_customer(world, step=4, name=f"客户{i:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == 9
