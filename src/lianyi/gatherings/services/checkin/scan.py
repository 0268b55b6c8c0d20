"""Parsing the scan: what a scanner sent (a QR code's token or URL, the short code printed under
it, or a mobile's last four digits and a surname), cleaned into a :class:`Scan` before anything
is looked up. A request a scanner should never send (an unknown list, nothing to look up) is a
:class:`DomainError`; a scan that cannot be an invitation is answered, not raised, by the
lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.gatherings.models import CheckInList, normal_short_code

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TAIL_PATTERN = re.compile(r"^\d{4}$")
SHORT_CODE_LENGTH = 8
SHORT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8}$")
MAX_SURNAME = 20
MAX_NONCE = 64


class CheckInCode(StrEnum):
    """Requests a scanner should never send: errors, not scan answers."""

    LIST_INVALID = "gatherings.scan_list_invalid"
    BUS_REQUIRED = "gatherings.scan_bus_required"
    BUS_UNKNOWN = "gatherings.scan_bus_unknown"
    NOTHING_TO_SCAN = "gatherings.scan_nothing_to_scan"


class ScanMethod(StrEnum):
    CAMERA = "camera"
    MANUAL = "manual"


@dataclass(frozen=True)
class Scan:
    """One scan as sent, cleaned: the list, how it was taken, the scanner's nonce, and what to
    look the invitation up by (``token``: a token, URL or short code; else the mobile's tail
    and the surname)."""

    list_kind: str
    method: ScanMethod
    client_nonce: str
    token: str
    mobile_tail: str
    surname: str


def read_scan(
    *,
    list_kind: str,
    token: str | None,
    mobile_tail: str | None,
    surname: str | None,
    client_nonce: str,
    method: str,
) -> Scan:
    """The scan, cleaned (stripped, the nonce cut to its column, any method but "manual" taken
    as the camera), or a :class:`DomainError` for an unknown list."""
    if list_kind not in CheckInList.values:
        raise DomainError(
            _("请选择上车或入场。"), code=CheckInCode.LIST_INVALID, extra={"field": "list"}
        )
    scan = Scan(
        list_kind=list_kind,
        method=ScanMethod.MANUAL if method == ScanMethod.MANUAL else ScanMethod.CAMERA,
        client_nonce=(client_nonce or "").strip()[:MAX_NONCE],
        token=(token or "").strip(),
        mobile_tail=(mobile_tail or "").strip(),
        surname=(surname or "").strip(),
    )
    return scan


def ensure_something_to_scan(scan: Scan) -> None:
    """A token, or a mobile's tail or a surname to search by: else a :class:`DomainError`."""
    if not scan.token and not (scan.mobile_tail or scan.surname):
        raise DomainError(
            _("请扫码，或输入邀请码，或输入手机尾号和姓氏。"),
            code=CheckInCode.NOTHING_TO_SCAN,
            extra={"field": "token"},
        )


def token_from_scan(text: str) -> str | None:
    """The token in what a scanner read: the bare token, or a URL that ends with it or carries
    it as ``?token=``. None when it cannot be one."""
    text = (text or "").strip()
    if "/" in text or "?" in text:
        parts = urlsplit(text)
        query = parse_qs(parts.query).get("token")
        if query:
            text = query[0]
        else:
            segments = [s for s in parts.path.split("/") if s]
            text = segments[-1] if segments else ""
    return text if TOKEN_PATTERN.match(text) else None


def short_code(text: str) -> str | None:
    """The token's first eight characters, as printed on the invitation ("7KQ2-M9XD", the
    hyphen and spaces optional, any case), in their normal spelling
    (:func:`lianyi.gatherings.models.normal_short_code`), or None when ``text`` is not one."""
    text = "".join((text or "").split())
    if len(text) == SHORT_CODE_LENGTH + 1 and text[4] in "-_":
        text = text[:4] + text[5:]
    return normal_short_code(text) if SHORT_CODE_PATTERN.match(text) else None


def manual_entry_is_valid(scan: Scan) -> bool:
    """A manual entry has four digits and a surname of a sane length."""
    return bool(
        TAIL_PATTERN.match(scan.mobile_tail) and scan.surname and len(scan.surname) <= MAX_SURNAME
    )
