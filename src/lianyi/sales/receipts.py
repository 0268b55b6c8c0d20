"""The receipt (售货凭证) of an order: what was bought at which price, the gifts (each with its
value, given free), the total, what is paid and what is due, the seller, the return policy and
where to turn for service. One template for the browser's print page and the PDF (WeasyPrint,
with a CJK font from the system); always in Chinese, since the customer keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.gatherings.documents import cjk_font_available, cjk_font_families
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Order, SalesRules
from lianyi.sales.rules import sales_rules_of

DOCUMENT_LANGUAGE = "zh-hans"
RECEIPT_TEMPLATE = "orders/receipt_document.html"


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    contents: str  # a package's products, "保暖袜 ×2、磁疗枕 ×1"


@dataclass(frozen=True)
class ReceiptGift:
    name: str
    quantity: int
    unit_value: Decimal
    value: Decimal


@dataclass(frozen=True)
class Receipt:
    order: Order
    company_name: str
    lines: list[ReceiptLine]
    gifts: list[ReceiptGift]
    gifts_value: Decimal
    seller_name: str
    seller_phone: str
    service_address: str
    service_phone: str
    rules: SalesRules
    return_policy: list[str]


def return_policy(rules: SalesRules) -> list[str]:
    """The return policy as the receipt and the order page state it."""
    return [
        _("未拆封的商品，自购买之日起 %(days)s 天内可以退货。")
        % {"days": rules.return_unopened_days},
        _("%(age)s 周岁及以上的客户，自送货之日起 %(days)s 天内可以无理由退货。")
        % {"age": rules.senior_age, "days": rules.return_senior_days},
        _("退款按实际支付的价格计算，不因保留赠品而减少。"),
    ]


def receipt_of(order: Order) -> Receipt:
    """The receipt's content, from an order read through ``visible_orders`` (its lines, gifts
    and payments prefetched)."""
    rules = sales_rules_of(order.company_id)
    with translation.override(DOCUMENT_LANGUAGE):
        lines = []
        for line in order.lines.all():
            if line.package_id is not None:
                package = line.package
                assert package is not None
                contents = "、".join(
                    _("%(name)s ×%(quantity)s") % {"name": i.product.name, "quantity": i.quantity}
                    for i in package.items.all()
                )
                name = package.name
            else:
                assert line.product is not None
                name, contents = line.product.name, ""
            lines.append(
                ReceiptLine(name, line.quantity, line.unit_price, line.line_total, contents)
            )
        gifts = [
            ReceiptGift(g.gift.name, g.quantity, g.gift.value, g.value) for g in order.gifts.all()
        ]
        policy = return_policy(rules)
    seller = order.seller
    return Receipt(
        order=order,
        company_name=order.customer.company.name,
        lines=lines,
        gifts=gifts,
        gifts_value=sum((g.value for g in gifts), Decimal("0.00")),
        seller_name=str(seller),
        seller_phone=seller.phone,
        # The company keeps no address of its own: without a service address the receipt
        # names the company and the seller, whose phone is the way back to it.
        service_address=rules.service_address,
        service_phone=rules.service_phone or seller.phone,
        rules=rules,
        return_policy=policy,
    )


def render_receipt_html(
    order: Order,
    *,
    for_pdf: bool = False,
    template: str = RECEIPT_TEMPLATE,
    request: Any = None,
    extra: dict[str, Any] | None = None,
) -> str:
    context = {
        "receipt": receipt_of(order),
        "fonts": cjk_font_families(),
        "for_pdf": for_pdf,
        **(extra or {}),
    }
    zone = order.customer.company.time_zone
    with translation.override(DOCUMENT_LANGUAGE), timezone.override(zone):
        return render_to_string(template, context, request=request)


def render_receipt_pdf(order: Order) -> bytes:
    """The receipt on one A5 page (more when the order is long). Refused
    (``sales.no_cjk_font``, 503) rather than printing boxes where the Chinese should be."""
    from weasyprint import HTML  # loads Pango: only the processes that print pay for it

    if not cjk_font_available():
        raise DomainError(
            _("服务器没有中文字体，无法生成售货凭证 PDF，请管理员安装（如 fonts-noto-cjk）。"),
            code=SalesCode.NO_CJK_FONT,
            status=503,
        )
    return bytes(HTML(string=render_receipt_html(order, for_pdf=True)).write_pdf())
