"""What stand staff type, as a Registration with sensible defaults, for tests to vary."""

from __future__ import annotations

from typing import Any

from lianyi.customers.services import Registration
from tests.conftest import next_mobile


def registration(world: Any, **overrides: Any) -> Registration:
    values: dict[str, Any] = {
        "name": "张桂兰",
        "sex": "F",
        "phone": next_mobile(),
        "consent_items": ["contact", "profile"],
        "stand_id": world.stand.pk,
        "birth_year": 1956,
    }
    values.update(overrides)
    return Registration(**values)
