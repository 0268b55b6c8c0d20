"""Writes on people: starting a company with its first administrator, creating and editing
users, passwords, deactivating and reactivating, and the login lockout (django-axes). Each write
is one transaction and one audit entry."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, Problems
from lianyi.core.models import AuditEntry
from lianyi.core.validation import clean_text, require_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.codes import OrgCode
from lianyi.org.locks import (
    lock_admins,
    lock_colleague,
    lock_placement_department,
    lock_placement_team,
    lock_user,
)
from lianyi.org.models import Company, Department, Role, Team, User
from lianyi.org.selectors import username_exists

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@+-]{2,40}$")
TEAM_ROLES = frozenset({Role.REP, Role.SUPERVISOR})
DEPARTMENT_ROLES = frozenset({Role.MANAGER})
# Random passwords are shown once: 12 characters without look-alikes (0/O, 1/l).
RANDOM_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RANDOM_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class Placement:
    """Where a user sits in the tree, as their role needs it."""

    role: str
    team_id: int | None = None
    department_id: int | None = None


def clean_username(username: str) -> str:
    name = require_text(username, field="username", label=_("用户名"), max_length=40)
    if not USERNAME_PATTERN.match(name):
        raise DomainError(
            _("用户名只能用 2 到 40 个字母、数字或 _ . @ + -。"),
            code=OrgCode.USERNAME_INVALID,
            extra={"field": "username"},
        )
    if username_exists(name):
        raise _username_taken(name)
    return name


def _username_taken(name: str) -> DomainError:
    return DomainError(
        _("用户名“%(username)s”已被使用。") % {"username": name},
        code=OrgCode.USERNAME_TAKEN,
        extra={"field": "username"},
    )


def check_password(password: str, *, user: User | None = None, field: str = "password") -> str:
    """Django's password validators, as one refusal with all their messages."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            " ".join(error.messages), code=OrgCode.PASSWORD_INVALID, extra={"field": field}
        ) from None
    return password


def random_password() -> str:
    return "".join(secrets.choice(RANDOM_PASSWORD_ALPHABET) for _ in range(RANDOM_PASSWORD_LENGTH))


def _placement(company_id: int, placement: Placement) -> tuple[Team | None, Department | None]:
    if placement.role not in Role.values:
        raise DomainError(_("请选择角色。"), code=OrgCode.ROLE_INVALID, extra={"field": "role"})
    if placement.role in TEAM_ROLES:
        team = lock_placement_team(company_id, placement.team_id or 0)
        if team is None:
            raise DomainError(
                _("服务专员和主管必须属于一个小组。"),
                code=OrgCode.TEAM_REQUIRED,
                extra={"field": "team"},
            )
        return team, None
    if placement.role in DEPARTMENT_ROLES:
        department = lock_placement_department(company_id, placement.department_id or 0)
        if department is None:
            raise DomainError(
                _("部门经理必须属于一个部门。"),
                code=OrgCode.DEPARTMENT_REQUIRED,
                extra={"field": "department"},
            )
        return None, department
    return None, None


def _ensure_another_admin(admins: list[int], user: User) -> None:
    """Refuse to take away the company's last active administrator."""
    if user.pk in admins and not [pk for pk in admins if pk != user.pk]:
        raise DomainError(
            _("这是公司最后一位在用的管理员，不能停用或改为其他角色。"),
            code=OrgCode.LAST_ADMIN,
        )


def end_sessions(user: User) -> int:
    """Delete every stored session of ``user`` (the database session backend)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def create_company(
    *, name: str, admin_username: str, admin_password: str, admin_display_name: str = ""
) -> tuple[Company, User]:
    """A company and its first administrator, on an empty database or beside other companies.
    Nobody is logged in yet, so the audit entry has no actor."""
    company_name = require_text(name, field="name", label=_("公司名称"), max_length=100)
    if Company.objects.filter(name=company_name).exists():
        raise DomainError(
            _("已有名为“%(name)s”的公司。") % {"name": company_name},
            code=OrgCode.COMPANY_EXISTS,
            extra={"field": "name"},
        )
    username = clean_username(admin_username)
    display = clean_text(admin_display_name, field="display_name", label=_("姓名"), max_length=50)
    company = Company.objects.create(name=company_name)
    admin = User(username=username, display_name=display, role=Role.ADMIN, company=company)
    check_password(admin_password, user=admin)
    admin.set_password(admin_password)
    admin.save()
    audit(
        None,
        "org.company.created",
        company,
        company=company,
        data={"name": company_name, "admin_id": admin.pk, "admin_username": username},
    )
    return company, admin


@transaction.atomic
def create_user(
    *,
    by: User,
    username: str,
    display_name: str,
    phone: str,
    placement: Placement,
    password: str = "",
) -> tuple[User, str]:
    """A new colleague in ``by``'s company. Without ``password`` a random one is made and
    returned so that it can be shown once."""
    require_capability(by, Capability.ORG_MANAGE)
    problems = Problems()  # every problem of the form at once
    name = display = mobile = ""
    team: Team | None = None
    department: Department | None = None
    with problems.check():
        name = clean_username(username)
    with problems.check():
        display = require_text(display_name, field="display_name", label=_("姓名"), max_length=50)
    with problems.check():
        mobile = clean_text(phone, field="phone", label=_("手机"), max_length=20)
    with problems.check():
        team, department = _placement(by.company_id or 0, placement)
    chosen = password or random_password()
    user = User(
        username=name,
        display_name=display,
        phone=mobile,
        role=placement.role,
        team=team,
        department=department,
        company_id=by.company_id,
    )
    if password:
        with problems.check():
            check_password(password, user=user)
    problems.raise_any()
    user.set_password(chosen)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same username saved by another request since the check
        raise _username_taken(name) from None
    audit(
        by,
        "org.user.created",
        user,
        company=by.company,
        data={
            "username": name,
            "role": placement.role,
            "team_id": team.pk if team else None,
            "department_id": department.pk if department else None,
        },
    )
    return user, ("" if password else chosen)


@transaction.atomic
def update_user(
    *, by: User, user_id: int, display_name: str, phone: str, placement: Placement
) -> User:
    """Name, phone, role and place in the tree. Customers stay with their owner."""
    require_capability(by, Capability.ORG_MANAGE)
    admins = lock_admins(by.company_id or 0)
    user = lock_colleague(by, user_id)
    if user.pk == by.pk and placement.role != user.role:
        raise DomainError(
            _("不能修改自己的角色。"), code=OrgCode.ROLE_INVALID, extra={"field": "role"}
        )
    if placement.role != Role.ADMIN:
        _ensure_another_admin(admins, user)
    before = {
        "display_name": user.display_name,
        "phone": user.phone,
        "role": user.role,
        "team_id": user.team_id,
        "department_id": user.department_id,
    }
    team, department = _placement(by.company_id or 0, placement)
    user.display_name = require_text(
        display_name, field="display_name", label=_("姓名"), max_length=50
    )
    user.phone = clean_text(phone, field="phone", label=_("手机"), max_length=20)
    user.role = placement.role
    user.team = team
    user.department = department
    changes = {
        key: [old, getattr(user, key)] for key, old in before.items() if getattr(user, key) != old
    }
    user.save(update_fields=["display_name", "phone", "role", "team", "department"])
    audit(by, "org.user.updated", user, company=by.company, changes=changes)
    return user


@transaction.atomic
def reset_password(*, by: User, user_id: int, password: str = "") -> str:
    """Set a new password for a colleague (their sessions end with the old one). Without
    ``password`` a random one is made and returned, to be shown once."""
    require_capability(by, Capability.ORG_MANAGE)
    user = lock_colleague(by, user_id)
    if password:
        check_password(password, user=user)
    chosen = password or random_password()
    user.set_password(chosen)
    user.save(update_fields=["password"])
    ended = end_sessions(user)
    audit(
        by,
        "org.user.password_reset",
        user,
        company=by.company,
        data={"random": not password, "sessions_ended": ended},
    )
    return "" if password else chosen


@transaction.atomic
def deactivate_user(*, by: User, user_id: int) -> User:
    """The user can no longer log in; their sessions end now and their API tokens stop working
    (both check ``is_active``). Their customers stay where they are, for a handover."""
    require_capability(by, Capability.ORG_MANAGE)
    admins = lock_admins(by.company_id or 0)
    user = lock_colleague(by, user_id)
    if user.pk == by.pk:
        raise DomainError(_("不能停用自己的账号。"), code=OrgCode.SELF_DEACTIVATION)
    _ensure_another_admin(admins, user)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = end_sessions(user)
    audit(by, "org.user.deactivated", user, company=by.company, data={"sessions_ended": ended})
    return user


@transaction.atomic
def reactivate_user(*, by: User, user_id: int) -> User:
    require_capability(by, Capability.ORG_MANAGE)
    user = lock_colleague(by, user_id)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit(by, "org.user.reactivated", user, company=by.company)
    return user


@transaction.atomic
def change_own_password(*, user: User, old_password: str, new_password: str, repeat: str) -> User:
    """Anyone changes their own password. Sessions made with the old one end; the page keeps
    its own with ``update_session_auth_hash``."""
    user = lock_user(user.pk)
    if not user.check_password(old_password):
        raise DomainError(
            _("原密码不正确。"), code=OrgCode.PASSWORD_WRONG, extra={"field": "old_password"}
        )
    if new_password != repeat:
        raise DomainError(
            _("两次输入的新密码不一致。"),
            code=OrgCode.PASSWORD_MISMATCH,
            extra={"field": "new_password2"},
        )
    check_password(new_password, user=user, field="new_password1")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit(user, "org.user.password_changed", user, company=user.company)
    return user


@transaction.atomic
def unlock_login(*, by: User, user_id: int) -> User:
    """Lift the login lockout of a colleague's account (django-axes' failed attempts)."""
    require_capability(by, Capability.ORG_MANAGE)
    user = lock_colleague(by, user_id)
    cleared = reset(username=user.username)
    audit(by, "org.user.login_unlocked", user, company=by.company, data={"attempts": cleared})
    return user


def forget_login_failures(*, username: str, ip_address: str) -> int:
    """After a successful login: delete the failed attempts of ``username`` from ``ip_address``
    only. Failures on other accounts from that address still count towards the address's lock,
    and failures on this account from elsewhere towards the account's (axes' own reset on
    success deleted both). Bookkeeping of the login, so no audit entry."""
    deleted, _rows = AccessAttempt.objects.filter(username=username, ip_address=ip_address).delete()
    return deleted


@transaction.atomic
def record_login_lockout(*, username: str, ip_address: str | None) -> None:
    """The audit entry for a lockout (axes reports it through its user_locked_out signal, on
    the failure that locks and again on every attempt while locked: only the first is kept, so
    that hammering a locked account does not flood the log)."""
    name = (username or "")[:150]
    since = now() - settings.AXES_COOLOFF_TIME
    if AuditEntry.objects.filter(
        action="org.login.locked_out", at__gte=since, data__username=name
    ).exists():
        return
    user = User.objects.filter(username=name).select_related("company").first()
    audit(
        None,
        "org.login.locked_out",
        user,
        company=user.company if user else None,
        data={"username": name, "ip_address": ip_address or ""},
    )
