"""The short code printed under the QR code (issue 7, point 10): no look-alike characters, read
back case-insensitively."""

from __future__ import annotations

import re

from lianyi.gatherings import documents
from lianyi.gatherings.models import new_token
from lianyi.gatherings.services.checkin import short_code, token_from_scan


def test_new_tokens_and_their_printed_codes_have_no_look_alikes():
    for _ in range(200):
        token = new_token()
        printed = documents.short_token(token)
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", printed), printed
        assert token_from_scan(token) == token  # the QR code still scans
        assert short_code(printed) == token[:8]


def test_a_typed_code_is_read_in_one_spelling():
    assert short_code("7kq2-m01x") == "7KQ2M01X"
    assert short_code(" 7KQ2 MOIX ") == "7KQ2M01X"
    assert short_code("7kq2_mo1l") == "7KQ2M011"
    assert short_code("7KQ2M01") is None


def test_an_old_token_prints_in_the_spelling_that_is_typed_back():
    printed = documents.short_token("aO1l_IxZ" + "q" * 24)

    assert printed == "A011--1XZ"
    assert short_code(printed) == short_code("aO1l_IxZ") == "A011-1XZ"
