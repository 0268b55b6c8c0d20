"""Row locks of the organisation, each a named helper (as Saleor's ``lock_objects.py``): a
service that decides on a row's current state takes the row through one of these first.

The order: the company's administrators (in id order) before the user being changed; a
department or team before its members. Users are locked with NO KEY UPDATE: enough against
another change of the row, and it lets a concurrent write name the user as a foreign key (an
audit entry's actor, a customer's owner), so that two administrators acting on each other's
accounts do not deadlock. A placement's team or department is locked the same way (as deleting
it locks it), so that one deleted meanwhile is refused and a deletion that comes second finds
the new member."""

from __future__ import annotations

from lianyi.core.lookup import get_by_id
from lianyi.org.models import Company, Department, Role, Team, User
from lianyi.org.scoping import company_scope, of_company


def lock_admins(company_id: int) -> list[int]:
    """The company's active administrators, locked in id order. Taken before the user being
    changed, by every write that can take an administrator away, so that two administrators
    removing each other at once wait for one another instead of both succeeding."""
    return list(
        User.objects.select_for_update(no_key=True)
        .filter(of_company(company_id), role=Role.ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_colleague(by: User, user_id: int) -> User:
    """A user of ``by``'s company, locked; NotFound for any other id."""
    rows = User.objects.select_for_update(no_key=True).filter(company_scope(by))
    return get_by_id(rows, user_id)


def lock_user(user_id: int) -> User:
    return User.objects.select_for_update(no_key=True).get(pk=user_id)


def lock_placement_team(company_id: int, team_id: int) -> Team | None:
    return (
        Team.objects.select_for_update(no_key=True, of=("self",))
        .filter(of_company(company_id, prefix="department__"), pk=team_id)
        .select_related("department")
        .first()
    )


def lock_placement_department(company_id: int, department_id: int) -> Department | None:
    return (
        Department.objects.select_for_update(no_key=True)
        .filter(of_company(company_id), pk=department_id)
        .first()
    )


def lock_department(by: User, department_id: int) -> Department:
    """A department of ``by``'s company, locked (renaming, adding a team, deleting)."""
    rows = Department.objects.select_for_update().filter(company_scope(by))
    return get_by_id(rows, department_id)


def lock_team(by: User, team_id: int) -> Team:
    """A team of ``by``'s company, locked (renaming, deleting)."""
    rows = Team.objects.select_for_update().filter(company_scope(by, prefix="department__"))
    return get_by_id(rows, team_id)


def lock_company(company_id: int) -> Company | None:
    return Company.objects.select_for_update().filter(pk=company_id).first()
