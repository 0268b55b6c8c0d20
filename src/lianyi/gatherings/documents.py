"""The printed invitation: its QR code (segno) and the A5 page, as HTML for the browser's print
dialog or as a PDF (WeasyPrint) with a CJK font from the system. Everything is rendered in
Chinese whatever the user's language, since the guests read it."""

from __future__ import annotations

import base64
import functools
import io
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.customers.names import polite_address
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Invitation, normal_short_code

DOCUMENT_LANGUAGE = "zh-hans"
PDF_TEMPLATE = "gatherings/printing_document.html"


@functools.cache
def cjk_font_families() -> tuple[str, ...]:
    """Font families that cover Chinese, as ``fc-list :lang=zh`` reports them (cached)."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    families: list[str] = []
    for line in out.splitlines():
        for name in line.split(","):
            name = name.strip()
            if name and name not in families:
                families.append(name)
    # Simplified Chinese faces first, so the glyphs are the mainland forms.
    families.sort(key=lambda n: (" SC" not in n and "CN" not in n, n))
    return tuple(families)


def cjk_font_available() -> bool:
    return bool(cjk_font_families())


def ensure_cjk_font() -> None:
    if not cjk_font_available():
        raise DomainError(
            _("服务器没有中文字体，无法生成邀请函 PDF，请管理员安装（如 fonts-noto-cjk）。"),
            code=GatheringCode.NO_CJK_FONT,
            status=503,
        )


def short_token(token: str) -> str:
    """The first eight characters of the token, in two groups of four, for reading aloud: in
    the one spelling that typing it back accepts (upper case, no look-alikes)."""
    code = normal_short_code(token[:8])
    return f"{code[:4]}-{code[4:8]}"


def qr_svg(token: str) -> str:
    """Inline SVG of the token's QR code, for the browser's print page."""
    return segno.make(token, error="m").svg_inline(scale=4, border=2)


def qr_png_data_uri(token: str) -> str:
    out = io.BytesIO()
    segno.make(token, error="m").save(out, kind="png", scale=8, border=2)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@dataclass
class InvitationCard:
    invitation: Invitation
    greeting: str
    guests: list[str]
    gathering: Any
    bus: Any
    stop: Any
    short_token: str
    qr: str  # inline SVG or a PNG data URI


def greeting_for(invitation: Invitation) -> str:
    """刘阿姨、郭叔叔: the customer by the polite address their sex gives, and so the companion
    when the rep recorded the companion's sex. A companion whose sex is not recorded keeps
    the full name: guessing it (a spouse of the other sex) would sometimes address a guest
    wrongly on the very invitation."""
    customer = invitation.customer
    names = list(invitation.guest_names or [])
    if not names:
        return ""
    polite = [polite_address(names[0], customer.sex)]
    for name in names[1:]:
        known = customer.companion_sex and name == customer.companion_name
        polite.append(polite_address(name, customer.companion_sex) if known else name)
    return "、".join(polite)


def cards(invitations: list[Invitation], *, qr_as: str = "svg") -> list[InvitationCard]:
    make_qr = qr_svg if qr_as == "svg" else qr_png_data_uri
    with translation.override(DOCUMENT_LANGUAGE):
        return [
            InvitationCard(
                invitation=inv,
                greeting=greeting_for(inv),
                guests=list(inv.guest_names or []),
                gathering=inv.gathering,
                bus=inv.bus,
                stop=inv.stop,
                short_token=short_token(inv.token),
                qr=make_qr(inv.token),
            )
            for inv in invitations
        ]


def render_invitations_html(
    invitations: list[Invitation],
    *,
    qr_as: str = "svg",
    template: str = PDF_TEMPLATE,
    extra: dict[str, Any] | None = None,
    request: Any = None,
) -> str:
    context = {
        "cards": cards(invitations, qr_as=qr_as),
        "fonts": cjk_font_families(),
        "for_pdf": qr_as == "png",
        **(extra or {}),
    }
    with translation.override(DOCUMENT_LANGUAGE), timezone.override("Asia/Shanghai"):
        return render_to_string(template, context, request=request)


# A batch is laid out this many invitations at a time, so that its progress can be told.
PDF_CHUNK = 10


def render_invitations_pdf(
    invitations: list[Invitation],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One A5 page per invitation. Refuses (``gatherings.no_cjk_font``) rather than print boxes
    where the Chinese should be. ``progress(done, total)`` is told after each chunk."""
    # WeasyPrint loads Pango and its fonts on import (0.6-0.8 s and ~40 MB of memory here):
    # only a process that lays out a PDF pays for it, not every web worker at start.
    from weasyprint import HTML

    ensure_cjk_font()
    if progress is None:
        return HTML(string=render_invitations_html(invitations, qr_as="png")).write_pdf()
    documents = []
    total = len(invitations)
    for start in range(0, total, PDF_CHUNK):
        chunk = invitations[start : start + PDF_CHUNK]
        documents.append(HTML(string=render_invitations_html(chunk, qr_as="png")).render())
        progress(start + len(chunk), total)
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
