"""The sales and after-sales rules on the rules page: each form saves on its own and is audited,
wrong input is shown next to its field (the law's 30 days among them), and only an
administrator reaches them."""

from __future__ import annotations

from typing import Any

import pytest

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.aftercare.services.rules import AFTERCARE_RULE_FIELDS
from lianyi.core.errors import CoreCode
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.rules import sales_rules_of


def sales_post(**changes: Any) -> dict[str, Any]:
    data = {
        "senior_age": "60",
        "confirmation_min_amount": "3000.00",
        "confirmation_repeat_days": "30",
        "confirmation_within_hours": "72",
        "return_unopened_days": "30",
        "return_senior_days": "7",
        "service_address": "幸福路 1 号",
        "service_phone": "0571-88886666",
    }
    data.update(changes)
    return data


def aftercare_post(**changes: Any) -> dict[str, Any]:
    defaults = aftercare_rules_of(0)
    data = {name: str(getattr(defaults, name)) for name in AFTERCARE_RULE_FIELDS}
    data.update(changes)
    return data


def codes(response: Any, form: str, field: str) -> list[str]:
    return [e.code for e in response.context[form].errors.as_data().get(field, [])]


def test_the_rules_page_shows_the_sales_and_aftercare_rules_as_saved(world, login):
    page = login(world.admin).get("/admin/rules/")
    assert page.context["sales_form"].initial["return_unopened_days"] == 30
    assert page.context["aftercare_form"].initial["case_supervisor_hours"] == 48
    html = page.content.decode()
    assert 'id="sales-rules-form"' in html and 'id="aftercare-rules-form"' in html


def test_saving_the_sales_rules_changes_them_and_audits(world, login):
    response = login(world.admin).post(
        "/admin/rules/sales/", sales_post(confirmation_min_amount="2500", return_senior_days="10")
    )
    assert response.status_code == 302
    rules = sales_rules_of(world.company.pk)
    assert str(rules.confirmation_min_amount) == "2500.00" and rules.return_senior_days == 10
    assert AuditEntry.objects.filter(action="sales.rules.updated").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"return_unopened_days": "29"}, "return_unopened_days", SalesCode.RETURN_WINDOW_BELOW_LAW),
        ({"return_senior_days": "-1"}, "return_senior_days", "min_value"),
        ({"confirmation_min_amount": "-100"}, "confirmation_min_amount", CoreCode.MONEY_INVALID),
        (
            {"confirmation_min_amount": "3000.005"},
            "confirmation_min_amount",
            CoreCode.MONEY_PRECISION,
        ),
        ({"confirmation_min_amount": "0"}, "confirmation_min_amount", SalesCode.RULE_OUT_OF_RANGE),
        ({"senior_age": ""}, "senior_age", CoreCode.REQUIRED),
        (
            {"confirmation_within_hours": "1000"},
            "confirmation_within_hours",
            SalesCode.RULE_OUT_OF_RANGE,
        ),
    ],
)
def test_wrong_sales_rules_are_refused_next_to_their_field(world, login, changes, field, code):
    response = login(world.admin).post("/admin/rules/sales/", sales_post(**changes))
    assert response.status_code == 200
    assert codes(response, "sales_form", field) == [code]
    assert sales_rules_of(world.company.pk).pk is None
    # the company's rules form on the same page is shown as saved, untouched
    assert response.context["form"].initial["protection_days"] == 30


def test_every_wrong_sales_rule_is_shown_at_once(world, login):
    response = login(world.admin).post(
        "/admin/rules/sales/", sales_post(return_unopened_days="7", senior_age="200")
    )
    assert codes(response, "sales_form", "return_unopened_days") == [
        SalesCode.RETURN_WINDOW_BELOW_LAW
    ]
    assert codes(response, "sales_form", "senior_age") == [SalesCode.RULE_OUT_OF_RANGE]


def test_saving_the_aftercare_rules_changes_them_and_wrong_ones_are_refused(world, login):
    client = login(world.admin)
    wrong = client.post(
        "/admin/rules/aftercare/",
        aftercare_post(case_rep_hours="0", programme_second_visit_by_days="5"),
    )
    assert wrong.status_code == 200
    assert codes(wrong, "aftercare_form", "case_rep_hours") == [AftercareCode.RULE_OUT_OF_RANGE]
    assert codes(wrong, "aftercare_form", "programme_second_visit_by_days") == [
        AftercareCode.RULE_ORDER
    ]
    saved = client.post("/admin/rules/aftercare/", aftercare_post(contact_cap_per_week="2"))
    assert saved.status_code == 302
    assert aftercare_rules_of(world.company.pk).contact_cap_per_week == 2
    assert AuditEntry.objects.filter(action="aftercare.rules.updated").count() == 1


@pytest.mark.parametrize("who", ["rep", "supervisor", "manager", "service"])
def test_only_an_administrator_changes_the_sales_and_aftercare_rules(world, login, who):
    client = login(getattr(world, who))
    assert client.post("/admin/rules/sales/", sales_post()).status_code == 404
    assert client.post("/admin/rules/aftercare/", aftercare_post()).status_code == 404
    assert sales_rules_of(world.company.pk).pk is None
