"""The scanner's manual entry: the token, or the mobile's last 4 digits and the surname. The
list, the bus and the nonce travel as hidden fields; the service checks everything."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import text_field


class ScanForm(forms.Form):
    token = text_field(
        label=_("邀请码"),
        required=False,
        max_length=500,
        help_text=_("二维码下方的 8 位短码（如 7KQ2-M9XD，不分大小写），或完整的邀请码。"),
    )
    mobile_tail = text_field(
        label=_("手机尾号"),
        required=False,
        max_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}
        ),
    )
    surname = text_field(
        label=_("姓氏"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    list = text_field(required=False, max_length=20, widget=forms.HiddenInput)
    bus = text_field(required=False, max_length=20, widget=forms.HiddenInput)
    method = text_field(required=False, max_length=20, widget=forms.HiddenInput)
    # A fresh nonce per rendered form: resubmitting the same page (a reload) is a retry.
    # The page's script sets a new one for every scan it sends.
    client_nonce = text_field(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["token"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        )
        if not self.is_bound:
            self.initial.setdefault("client_nonce", uuid.uuid4().hex)


class UndoCheckInForm(forms.Form):
    """Why a check-in is undone; the service checks it again."""

    reason = text_field(
        label=_("撤销原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：扫错了邀请函、客户没有进场。"),
    )
