from enum import StrEnum


class GatheringCode(StrEnum):
    NO_GATHERING = "gatherings.no_gathering"
    INVITATION_EXISTS = "gatherings.invitation_exists"
    GUESTS_INVALID = "gatherings.guests_invalid"
    SLOT_AFTER_GATHERING = "gatherings.slot_after_gathering"
    INVITATION_NOT_DELIVERABLE = "gatherings.invitation_not_deliverable"
    # delivered by hand although never printed: only with an explicit confirmation
    INVITATION_NOT_PRINTED = "gatherings.invitation_not_printed"
    # planning
    ENDS_BEFORE_START = "gatherings.ends_before_start"
    STARTS_IN_PAST = "gatherings.starts_in_past"
    TOO_LONG = "gatherings.too_long"
    CAPACITY_EXCEEDED = "gatherings.capacity_exceeded"
    OUTSIDE_GATHERING = "gatherings.outside_gathering"
    STAFF_NOT_IN_COMPANY = "gatherings.staff_not_in_company"
    ALREADY_PLANNED = "gatherings.already_planned"
    PICKUP_AFTER_START = "gatherings.pickup_after_start"
    STOP_NOT_ON_BUS = "gatherings.stop_not_on_bus"
    BUS_FULL = "gatherings.bus_full"
    NOBODY_TO_ASSIGN = "gatherings.nobody_to_assign"
    HOLDS_OTHER_GUESTS = "gatherings.holds_other_guests"
    # printing
    INVITATION_REVOKED = "gatherings.invitation_revoked"
    NOT_REVOCABLE = "gatherings.not_revocable"
    NO_CJK_FONT = "gatherings.no_cjk_font"
    # seating
    TABLE_FULL = "gatherings.table_full"
    ALREADY_SEATED = "gatherings.already_seated"
    # draw
    DRAW_LOCKED = "gatherings.draw_locked"
    DRAW_NOT_LOCKED = "gatherings.draw_not_locked"
    DRAW_TOO_LATE = "gatherings.draw_too_late"
    DRAW_NOT_STARTED = "gatherings.draw_not_started"
    DRAW_NO_ELIGIBLE = "gatherings.draw_no_eligible"
    DRAW_PRIZE_INVALID = "gatherings.draw_prize_invalid"
    DRAW_PRIZE_OVER_CAP = "gatherings.draw_prize_over_cap"
    DRAW_ROUND_DONE = "gatherings.draw_round_done"
    DRAW_ROUND_UNKNOWN = "gatherings.draw_round_unknown"
    DRAW_REVEALED = "gatherings.draw_revealed"
    DRAW_NOT_FINISHED = "gatherings.draw_not_finished"
    # engagement
    ENGAGEMENT_NOT_CHECKED_IN = "gatherings.engagement_not_checked_in"
    ENGAGEMENT_SIGNAL_UNKNOWN = "gatherings.engagement_signal_unknown"
    # delivery routes
    OFFICE_LOCATION_MISSING = "gatherings.office_location_missing"
    ROUTES_NO_REPS = "gatherings.routes_no_reps"
    ROUTES_NOTHING_TO_DELIVER = "gatherings.routes_nothing_to_deliver"
    ROUTES_DAY_INVALID = "gatherings.routes_day_invalid"
    ROUTES_PLANNING_RUNNING = "gatherings.routes_planning_running"
    # undoing a check-in (issue 7, point 10)
    CHECK_IN_UNDO_REASON_REQUIRED = "gatherings.check_in_undo_reason_required"
    CHECK_IN_UNDO_AFTER_DRAW = "gatherings.check_in_undo_after_draw"
