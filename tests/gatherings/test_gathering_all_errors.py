"""Item 3 of issue 7 for the gathering form: the service refuses every problem at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lianyi.core.clock import now
from lianyi.core.errors import CoreCode, InvalidInput
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Gathering
from lianyi.gatherings.services.planning import GatheringData, create_gathering


def test_a_gathering_with_several_problems_is_refused_with_all_of_them(world):
    before = Gathering.objects.count()
    start = now() - timedelta(days=1)
    with pytest.raises(InvalidInput) as caught:
        create_gathering(
            by=world.supervisor,
            data=GatheringData(name=" ", starts_at=start, ends_at=start, venue="", capacity=0),
        )
    codes = {(e.extra.get("field"), e.code) for e in caught.value.errors}
    assert codes == {
        ("name", CoreCode.REQUIRED),
        ("venue", CoreCode.REQUIRED),
        ("ends_at", GatheringCode.ENDS_BEFORE_START),
        ("starts_at", GatheringCode.STARTS_IN_PAST),
        ("capacity", CoreCode.INVALID),
    }
    assert Gathering.objects.count() == before
