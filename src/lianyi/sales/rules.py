"""The company's selling rules, or the defaults when it never changed them."""

from __future__ import annotations

from lianyi.org.scoping import of_company
from lianyi.sales.models import SalesRules


def sales_rules_of(company_id: int) -> SalesRules:
    """The company's ``SalesRules`` row, or an unsaved one holding the defaults."""
    found = SalesRules.objects.filter(of_company(company_id)).first()
    return found if found is not None else SalesRules(company_id=company_id)
