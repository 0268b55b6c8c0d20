"""The company's selling rules, or the defaults when it never changed them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lianyi.org.scoping import of_company
from lianyi.sales.models import SalesRules


def sales_rules_of(company_id: int) -> SalesRules:
    """The company's ``SalesRules`` row, or an unsaved one holding the defaults."""
    found = SalesRules.objects.filter(of_company(company_id)).first()
    return found if found is not None else SalesRules(company_id=company_id)


def return_policy(rules: SalesRules) -> str:
    """The return policy as the customer hears it on the confirmation call and reads it on the
    receipt, from the company's windows (the law's 30 days is the floor of the first)."""
    return _(
        "未拆封的商品自购买之日起 %(unopened)s 天内可以退货；%(age)s 岁及以上的客户自送货之日起"
        " %(senior)s 天内可以无理由退货。退款按实际支付的价格计算，不因保留赠品而减少。"
    ) % {
        "unopened": rules.return_unopened_days,
        "age": rules.senior_age,
        "senior": rules.return_senior_days,
    }
