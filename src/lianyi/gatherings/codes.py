from enum import StrEnum


class GatheringCode(StrEnum):
    NO_GATHERING = "gatherings.no_gathering"
    INVITATION_EXISTS = "gatherings.invitation_exists"
    GUESTS_INVALID = "gatherings.guests_invalid"
    SLOT_AFTER_GATHERING = "gatherings.slot_after_gathering"
    INVITATION_NOT_DELIVERABLE = "gatherings.invitation_not_deliverable"
