from enum import StrEnum


class OrgCode(StrEnum):
    TIME_INVALID = "org.time_invalid"
    CONTACT_DAY_ORDER = "org.contact_day_order"
    QUIET_WINDOW_ORDER = "org.quiet_window_order"
    QUIET_WINDOW_OUTSIDE_DAY = "org.quiet_window_outside_day"
    QUIET_WINDOW_OVERLAP = "org.quiet_window_overlap"
    DAYS_OUT_OF_RANGE = "org.days_out_of_range"
    SECOND_CALL_RANGE = "org.second_call_range"
    LOCATION_INCOMPLETE = "org.location_incomplete"
    LOCATION_INVALID = "org.location_invalid"
    RULES_INVALID = "org.rules_invalid"
