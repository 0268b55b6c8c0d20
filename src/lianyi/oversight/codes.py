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
