"""Forms of the sales and after-sales rules on the rules page. They parse (whole numbers
within their column, money with at most two decimals); the services in
lianyi.sales.services.rules and lianyi.aftercare.services.rules decide the bounds (the law's 30
days for unopened goods among them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.aftercare.services.rules import AFTERCARE_RULE_FIELDS
from lianyi.core.fields import SMALLINT_MAX, MoneyField, int_field, text_field
from lianyi.sales.rules import sales_rules_of
from lianyi.sales.services.rules import NUMBER_BOUNDS

NUMBER_ATTRS = {"inputmode": "numeric"}


def _number(label: Any, help_text: Any = "") -> forms.IntegerField:
    return int_field(
        min_value=0,
        max_value=SMALLINT_MAX,
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs=NUMBER_ATTRS),
    )


class SalesRulesForm(forms.Form):
    senior_age = _number(_("老年客户年龄（周岁）"), _("按出生年份计算。"))
    confirmation_min_amount = MoneyField(
        label=_("需回访确认的金额（元）"),
        required=False,
        help_text=_("老年客户的订单达到这个金额，送货前须由客服回访确认。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    confirmation_repeat_days = _number(
        _("再次下单需回访（天内）"), _("同一客户在这么多天内再次下单，也须回访确认。")
    )
    confirmation_within_hours = _number(_("回访确认期限（小时）"))
    return_unopened_days = _number(
        _("未拆封退货期限（天）"), _("自购买之日起；不能少于法定的 30 天。")
    )
    return_senior_days = _number(_("老年客户无理由退货期限（天）"), _("自送货之日起。"))
    service_address = text_field(label=_("售后服务地址"), required=False, max_length=200)
    service_phone = text_field(label=_("售后服务电话"), required=False, max_length=30)

    @classmethod
    def of_company(cls, company_id: int) -> SalesRulesForm:
        rules = sales_rules_of(company_id)
        names = [*NUMBER_BOUNDS, "confirmation_min_amount", "service_address", "service_phone"]
        return cls(initial={name: getattr(rules, name) for name in names})


class AftercareRulesForm(forms.Form):
    programme_calls = _number(_("送货后电话次数"))
    programme_calls_by_days = _number(_("电话完成于第几天"), _("以送货当天为第 0 天。"))
    programme_first_visit_by_days = _number(_("第一次回访完成于第几天"))
    programme_second_visit_by_days = _number(_("第二次回访完成于第几天"))
    programme_monthly_contacts = _number(_("每月联系次数"))
    programme_months = _number(_("持续月数"))
    contact_cap_per_week = _number(
        _("每周最多联系次数"), _("公司的频率上限：任何 7 天内的售后联系不超过这个次数。")
    )
    referral_ask_within_days = _number(_("满意客户询问转介绍期限（天）"))
    case_rep_hours = _number(_("专员处理时限（小时）"))
    case_supervisor_hours = _number(_("主管处理时限（小时）"))
    case_manager_hours = _number(_("经理处理时限（小时）"))

    @classmethod
    def of_company(cls, company_id: int) -> AftercareRulesForm:
        rules = aftercare_rules_of(company_id)
        return cls(initial={name: getattr(rules, name) for name in AFTERCARE_RULE_FIELDS})
