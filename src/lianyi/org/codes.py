from enum import StrEnum


class OrgCode(StrEnum):
    NAME_TAKEN = "org.name_taken"
    NOT_EMPTY = "org.not_empty"
    USERNAME_TAKEN = "org.username_taken"
    USERNAME_INVALID = "org.username_invalid"
    TEAM_REQUIRED = "org.team_required"
    DEPARTMENT_REQUIRED = "org.department_required"
    PASSWORD_INVALID = "org.password_invalid"
    PASSWORD_MISMATCH = "org.password_mismatch"
    PASSWORD_WRONG = "org.password_wrong"
    SELF_DEACTIVATION = "org.self_deactivation"
    ROLE_INVALID = "org.role_invalid"
    COMPANY_EXISTS = "org.company_exists"
