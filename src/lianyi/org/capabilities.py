"""What each role may do. The only place that maps a role to capabilities: code elsewhere asks
``has_capability(user, Capability.X)`` and never compares role names."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from lianyi.core.errors import CoreCode, DomainError
from lianyi.org.models import Role


class Capability(StrEnum):
    CUSTOMERS_VIEW = "customers.view"
    CUSTOMERS_REGISTER = "customers.register"
    CUSTOMERS_REASSIGN = "customers.reassign"
    CUSTOMERS_EDIT = "customers.edit"  # correct details, through the scoping door
    # Whoever hears a customer ask not to be contacted records it: the seller's side and
    # customer service alike (never the configuration-only administrator or event staff).
    CONSENT_WITHDRAW = "customers.consent_withdraw"
    CLAIMS_RESOLVE = "claims.resolve"
    JOURNEY_RECORD = "journey.record"
    HEALTH_NOTES_WRITE = "health_notes.write"
    HEALTH_NOTES_READ = "health_notes.read"  # and only the owner or the team's supervisor
    AUDIT_VIEW = "audit.view"
    GATHERINGS_DRAW = "gatherings.draw"  # publish, lock and run the lucky draw
    GATHERINGS_ENGAGEMENT = "gatherings.engagement"  # their own guests, through the scoping door
    GATHERINGS_ATTENDANCE = "gatherings.attendance"  # the attendance report, scoped
    REPORTS_EXPORT = "reports.export"  # every export is audited
    GATHERINGS_PLAN = "gatherings.plan"
    GATHERINGS_PRINT = "gatherings.print"  # their own invitations, through the scoping door
    GATHERINGS_CHECK_IN = "gatherings.check_in"  # scan at boarding and the door
    COMPANY_CONFIGURE = "company.configure"  # the company's rules, stands and places
    ORG_MANAGE = "org.manage"  # departments, teams, users, passwords, unlocking logins
    CATALOGUE_MANAGE = "sales.catalogue_manage"  # products, packages, gifts, prices, stock
    ORDERS_PLACE = "sales.orders_place"  # for their own customers, through the scoping door
    PAYMENTS_RECORD = "sales.payments_record"  # money collected or refunded, idempotently
    CONFIRMATION_CALL = "sales.confirmation_call"  # 回访确认: never the seller or their team
    RETURNS_RECORD = "sales.returns_record"
    DELIVERY_RECORD = "aftercare.delivery_record"  # 送货上门 with its checklist
    AFTERCARE_RECORD = "aftercare.record"  # after-sales contacts, satisfaction, preferences
    CASES_HANDLE = "aftercare.cases_handle"  # cases they hold (customer service: all)
    # Oversight (issue 9): each through the scoping door (team, department, company).
    TEAM_BOARD_VIEW = "oversight.team_board_view"  # the day of the teams in scope
    DAILY_PROFILE_OFFER = "oversight.daily_profile_offer"  # a rep offers today's VIP profile
    DAILY_PROFILE_TAKE = "oversight.daily_profile_take"  # a supervisor takes one per rep a day
    DIARY_WRITE = "oversight.diary_write"  # a supervisor's own work diary
    DIARY_READ = "oversight.diary_read"  # the diaries of the supervisors in scope
    DIRECTORY_VIEW = "oversight.directory_view"  # 老顾客资料 (others' customers: limited view)
    DASHBOARDS_VIEW = "oversight.dashboards_view"
    HANDOVER = "oversight.handover"  # a leaving rep's customers and work to others


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.REP: frozenset(
        {
            Capability.CUSTOMERS_VIEW,
            Capability.CUSTOMERS_EDIT,
            Capability.CONSENT_WITHDRAW,
            Capability.CUSTOMERS_REGISTER,
            Capability.JOURNEY_RECORD,
            Capability.HEALTH_NOTES_WRITE,
            Capability.HEALTH_NOTES_READ,
            Capability.GATHERINGS_PRINT,
            Capability.GATHERINGS_ENGAGEMENT,
            Capability.GATHERINGS_CHECK_IN,
            Capability.ORDERS_PLACE,
            Capability.PAYMENTS_RECORD,
            Capability.RETURNS_RECORD,
            Capability.DELIVERY_RECORD,
            Capability.AFTERCARE_RECORD,
            Capability.CASES_HANDLE,
            Capability.DAILY_PROFILE_OFFER,
            Capability.DIRECTORY_VIEW,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Capability.CUSTOMERS_VIEW,
            Capability.CUSTOMERS_EDIT,
            Capability.CONSENT_WITHDRAW,
            Capability.CUSTOMERS_REGISTER,
            Capability.JOURNEY_RECORD,
            Capability.HEALTH_NOTES_WRITE,
            Capability.HEALTH_NOTES_READ,
            Capability.CUSTOMERS_REASSIGN,
            Capability.CLAIMS_RESOLVE,
            Capability.GATHERINGS_PLAN,
            Capability.GATHERINGS_PRINT,
            Capability.GATHERINGS_DRAW,
            Capability.GATHERINGS_ENGAGEMENT,
            Capability.GATHERINGS_ATTENDANCE,
            Capability.REPORTS_EXPORT,
            Capability.GATHERINGS_CHECK_IN,
            Capability.ORDERS_PLACE,
            Capability.PAYMENTS_RECORD,
            Capability.RETURNS_RECORD,
            Capability.DELIVERY_RECORD,
            Capability.AFTERCARE_RECORD,
            Capability.CASES_HANDLE,
            Capability.TEAM_BOARD_VIEW,
            Capability.DAILY_PROFILE_TAKE,
            Capability.DIARY_WRITE,
            Capability.DIRECTORY_VIEW,
            Capability.DASHBOARDS_VIEW,
            Capability.HANDOVER,
        }
    ),
    Role.MANAGER: frozenset(
        {
            Capability.CUSTOMERS_VIEW,
            Capability.CUSTOMERS_EDIT,
            Capability.CONSENT_WITHDRAW,
            Capability.CUSTOMERS_REASSIGN,
            Capability.CLAIMS_RESOLVE,
            Capability.GATHERINGS_PLAN,
            Capability.GATHERINGS_DRAW,
            Capability.GATHERINGS_ATTENDANCE,
            Capability.REPORTS_EXPORT,
            Capability.CASES_HANDLE,
            Capability.TEAM_BOARD_VIEW,
            Capability.DIARY_READ,
            Capability.DIRECTORY_VIEW,
            Capability.DASHBOARDS_VIEW,
            Capability.HANDOVER,
        }
    ),
    Role.SERVICE: frozenset(
        {
            Capability.CUSTOMERS_VIEW,
            Capability.CONSENT_WITHDRAW,
            Capability.CONFIRMATION_CALL,
            Capability.PAYMENTS_RECORD,
            Capability.RETURNS_RECORD,
            Capability.CASES_HANDLE,
        }
    ),
    Role.EVENT_STAFF: frozenset({Capability.GATHERINGS_CHECK_IN}),
    Role.ADMIN: frozenset(
        {
            Capability.CUSTOMERS_VIEW,
            Capability.CUSTOMERS_EDIT,
            Capability.CUSTOMERS_REASSIGN,
            Capability.CLAIMS_RESOLVE,
            Capability.AUDIT_VIEW,
            Capability.GATHERINGS_PLAN,
            Capability.GATHERINGS_DRAW,
            Capability.GATHERINGS_ATTENDANCE,
            Capability.REPORTS_EXPORT,
            Capability.COMPANY_CONFIGURE,
            Capability.ORG_MANAGE,
            Capability.CATALOGUE_MANAGE,
            Capability.TEAM_BOARD_VIEW,
            Capability.DIARY_READ,
            Capability.DASHBOARDS_VIEW,
        }
    ),
}


def has_capability(user: Any, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def require_capability(user: Any, capability: Capability) -> None:
    """Refuses (403) an action the role never has. It runs before any object is looked up, so
    the answer is the same whatever id was asked for and reveals nothing about it."""
    if not has_capability(user, capability):
        raise DomainError(_("您没有执行此操作的权限。"), code=CoreCode.FORBIDDEN, status=403)
