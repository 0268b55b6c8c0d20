"""The catalogue as it stands on a day (default: today in the company's time zone): packages
with their contents, products with the number their category requires, gifts with their
value, each package and product with the price of the list valid that day (``null``: not on
it, not for sale that day). Everyone of the company reads it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.sales import CatalogueOut
from lianyi.api.security import current_user
from lianyi.core.fields import Day
from lianyi.org.capabilities import Capability, require_capability
from lianyi.sales.selectors import catalogue_on

router = Router(tags=["sales"])


@router.get("/catalogue", response={200: CatalogueOut, **ERRORS})
def catalogue(request: HttpRequest, day: Day | None = None) -> dict[str, object]:
    user = current_user(request)
    require_capability(user, Capability.CUSTOMERS_VIEW)
    found = catalogue_on(user=user, day=day or timezone.localdate())
    return {
        "day": found.day,
        "price_list": found.price_list,
        "packages": [
            {
                "id": package.pk,
                "name": package.name,
                "description": package.description,
                "items": [
                    {"product_id": i.product_id, "name": i.product.name, "quantity": i.quantity}
                    for i in package.items.all()
                ],
                "price": price,
            }
            for package, price in found.packages
        ],
        "products": [
            {
                "id": p.pk,
                "name": p.name,
                "category": p.category,
                "registration_number": p.registration_number,
                "approval_number": p.approval_number,
                "unit": p.unit,
                "price": price,
            }
            for p, price in found.products
        ],
        "gifts": found.gifts,
    }
