"""Phone numbers as people type them: one normal form per number, so a duplicate is a duplicate
whatever the spaces, dashes or country prefix."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.core.fields import echo
from lianyi.customers.codes import CustomerCode

_SEPARATORS = re.compile(r"[\s\-()（）.·]")
_LOCAL_LANDLINE = re.compile(r"^[2-9]\d{6,7}$")


@dataclass(frozen=True)
class Phone:
    e164: str
    is_mobile: bool

    @property
    def tail(self) -> str:
        return self.e164[-4:]


def parse_phone(raw: str, *, field: str = "mobile") -> Phone:
    """Parse a Chinese mobile or landline number typed in any common format.

    "138 0013 8000", "+86 138-0013-8000", "0086 13800138000" and "13800138000 " all give
    +8613800138000. Landlines are normalised the same way, area code and number:
    "021-6234 5678", "(021) 62345678", "02162345678" and "+86 21 6234 5678" all give
    +862162345678, flagged as a landline. A landline without its area code is refused.
    """
    text = _SEPARATORS.sub("", raw or "")
    if text.startswith("00"):
        text = "+" + text[2:]
    if _LOCAL_LANDLINE.match(text):
        # 7 or 8 digits is a landline without its area code. The company has no home area code
        # to assume, and guessing one would merge two different numbers: ask for it.
        raise DomainError(
            _("座机号请带上区号，例如 021-6234 5678。"),
            code=CustomerCode.AREA_CODE_REQUIRED,
            extra={"field": field},
        )
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or number.country_code != 86:
        raise DomainError(
            _("“%(raw)s”不是有效的中国手机号或座机号。") % {"raw": echo((raw or "").strip())},
            code=CustomerCode.MOBILE_INVALID,
            extra={"field": field},
        )
    kind = phonenumbers.number_type(number)
    is_mobile = kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), is_mobile)


def display_phone(e164: str) -> str:
    """+8613800138000 -> 138 0013 8000; landlines in their national format."""
    if len(e164) == 14 and e164.startswith("+861"):  # a stored mobile: no parse needed
        national = e164[3:]
        return f"{national[:3]} {national[3:7]} {national[7:]}"
    try:
        number = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    national = str(number.national_number)
    if len(national) == 11 and national.startswith("1"):
        return f"{national[:3]} {national[3:7]} {national[7:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
