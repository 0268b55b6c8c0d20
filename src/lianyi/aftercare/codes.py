"""Error codes of the after-sales app (stable: the API answers them)."""

from __future__ import annotations

from enum import StrEnum


class AftercareCode(StrEnum):
    CONTACT_IN_FUTURE = "aftercare.contact_in_future"
    TASK_NOT_OPEN = "aftercare.task_not_open"
    SATISFACTION_WITHOUT_CONTACT = "aftercare.satisfaction_without_contact"
    CASE_CLOSED = "aftercare.case_closed"
    CASE_NOT_HOLDER = "aftercare.case_not_holder"
    CASE_AT_LAST_LEVEL = "aftercare.case_at_last_level"
    CASE_CONFIRMATION_REQUIRED = "aftercare.case_confirmation_required"
    CASE_CONFIRMATION_IN_FUTURE = "aftercare.case_confirmation_in_future"
    CASE_NOT_RESOLVED = "aftercare.case_not_resolved"
    TEXT_REQUIRED = "aftercare.text_required"
    CHANNEL_INVALID = "aftercare.channel_invalid"
    SATISFACTION_INVALID = "aftercare.satisfaction_invalid"
    CASE_SOURCE_INVALID = "aftercare.case_source_invalid"
    RULE_OUT_OF_RANGE = "aftercare.rule_out_of_range"  # an after-sales rule outside its bounds
    RULE_ORDER = "aftercare.rule_order"  # the programme's days out of order
    PREFERENCE_INVALID = "aftercare.preference_invalid"
    # 送货上门
    DELIVERY_CHECKLIST = "aftercare.delivery_checklist"  # an item of the checklist not done
    ALREADY_DELIVERED = "aftercare.already_delivered"
    DELIVERY_KEY_REQUIRED = "aftercare.delivery_key_required"  # money at the door without a key
