"""Item 3 of issue 7 for the admin's new-user form: the service refuses every problem at once."""

from __future__ import annotations

import pytest

from lianyi.core.errors import InvalidInput
from lianyi.org.accounts import Placement, create_user
from lianyi.org.codes import OrgCode
from lianyi.org.models import Role, User


def test_a_new_user_with_several_problems_is_refused_with_all_of_them(world):
    before = User.objects.count()
    with pytest.raises(InvalidInput) as caught:
        create_user(
            by=world.admin,
            username=world.rep.username,  # taken
            display_name="新专员",
            phone="",
            placement=Placement(role=Role.REP),  # a rep without a team
        )
    codes = {e.code for e in caught.value.errors}
    assert codes == {OrgCode.USERNAME_TAKEN, OrgCode.TEAM_REQUIRED}
    assert User.objects.count() == before
