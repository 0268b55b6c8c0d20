"""The company's after-sales rules, or the defaults when it never changed them."""

from __future__ import annotations

from lianyi.aftercare.models import AftercareRules
from lianyi.org.scoping import of_company


def aftercare_rules_of(company_id: int) -> AftercareRules:
    """The company's ``AftercareRules`` row, or an unsaved one holding the defaults."""
    found = AftercareRules.objects.filter(of_company(company_id)).first()
    return found if found is not None else AftercareRules(company_id=company_id)
