"""Error codes of the oversight app (stable: the API answers them)."""

from __future__ import annotations

from enum import StrEnum


class OversightCode(StrEnum):
    PERIOD_INVALID = "oversight.period_invalid"  # end before start, or longer than allowed
    # The handover of a leaving rep (services/handover.py)
    HANDOVER_EMPTY = "oversight.handover_empty"  # no customer chosen to move
    HANDOVER_TOO_MANY = "oversight.handover_too_many"  # more customers than one step moves
    HANDOVER_OWN = "oversight.handover_own"  # the supervisor named themself as the leaver
    HANDOVER_NOT_OWNED = "oversight.handover_not_owned"  # a customer not the leaver's
    HANDOVER_TO_DEPARTING = "oversight.handover_to_departing"  # target is the leaver
    HANDOVER_TARGET_NOT_REP = "oversight.handover_target_not_rep"  # cannot own customers
    HANDOVER_TARGET_INACTIVE = "oversight.handover_target_inactive"
    HANDOVER_TARGET_OUT_OF_SCOPE = "oversight.handover_target_out_of_scope"
    HANDOVER_CHANGED = "oversight.handover_changed"  # the data moved on since the preview
    DAY_IN_FUTURE = "oversight.day_in_future"  # a daily profile or a diary for a day to come
    PROFILE_NOT_VISITED = "oversight.profile_not_visited"  # no home visit that day
    PROFILE_NOT_REPS_CUSTOMER = "oversight.profile_not_reps_customer"  # another rep's customer
    PROFILE_ALREADY_TAKEN = "oversight.profile_already_taken"  # one per rep per day
    DIARY_STALE = "oversight.diary_stale"  # edited meanwhile by another tab
    DIARY_NOT_STAFF = "oversight.diary_not_staff"  # talks only with the team's staff
    EXPORT_TOO_LARGE = "oversight.export_too_large"  # more rows than one export may hold
    NO_CJK_FONT = "oversight.no_cjk_font"  # a PDF without a Chinese font would print boxes
