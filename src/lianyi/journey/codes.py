from enum import StrEnum


class JourneyCode(StrEnum):
    STEP_OUT_OF_ORDER = "journey.step_out_of_order"
    NO_INVITE_ON_FIRST_CALL = "journey.no_invite_on_first_call"
    OUTCOME_INVALID = "journey.outcome_invalid"
    SLOT_REQUIRED = "journey.slot_required"
    SLOT_INVALID = "journey.slot_invalid"
    SLOT_IN_QUIET_HOURS = "journey.slot_in_quiet_hours"
    SLOT_IN_PAST = "journey.slot_in_past"
    SECOND_CALL_TOO_EARLY = "journey.second_call_too_early"
    REPEAT_REASON_REQUIRED = "journey.repeat_reason_required"
    ALREADY_RECORDED = "journey.already_recorded"
    DURATION_INVALID = "journey.duration_invalid"
    LOCATION_INVALID = "journey.location_invalid"
    INVITATION_ANSWER_REQUIRED = "journey.invitation_answer_required"
    INVITATION_NOT_HANDED_OVER = "journey.invitation_not_handed_over"
    NOT_FROM_STAND = "journey.not_from_stand"
    DESK_INVALID = "journey.desk_invalid"
    CALL_BACK_IN_PAST = "journey.call_back_in_past"
    CALL_BACK_TOO_FAR = "journey.call_back_too_far"
    CALL_BACK_IN_QUIET_HOURS = "journey.call_back_in_quiet_hours"
    CALL_BACK_NOT_EXPECTED = "journey.call_back_not_expected"
