"""A file answered to a form hands the page's download token back in a cookie, so that the
page can give its buttons back (lianyi.js); without a well-formed token, no cookie."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from lianyi.web.downloads import DOWNLOAD_COOKIE, attachment


def test_a_download_hands_the_token_back_in_a_cookie_the_page_can_read():
    request = RequestFactory().post("/x/", {"download_token": "abc123xyz789"})
    response = attachment(request, HttpResponse(b"%PDF"), filename="a.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    cookie = response.cookies[DOWNLOAD_COOKIE]
    assert cookie.value == "abc123xyz789"
    assert not cookie["httponly"]


def test_a_malformed_or_missing_token_sets_no_cookie():
    for data in ({"download_token": "x; Path=/evil"}, {"download_token": "ab"}, {}):
        request = RequestFactory().post("/x/", data)
        response = attachment(request, HttpResponse(b"%PDF"), filename="a.pdf")
        assert DOWNLOAD_COOKIE not in response.cookies


def test_the_attendance_workbook_hands_the_token_back(world, login):
    from django.urls import reverse

    client = login(world.supervisor)
    url = reverse("web:attendance_export", args=[world.gathering.pk])
    response = client.get(url, {"download_token": "tok12345abc"})
    assert response.status_code == 200
    assert response.cookies[DOWNLOAD_COOKIE].value == "tok12345abc"
