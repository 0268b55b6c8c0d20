from enum import StrEnum


class CustomerCode(StrEnum):
    MOBILE_INVALID = "customers.mobile_invalid"
    PHONE_REQUIRED = "customers.phone_required"
    AREA_CODE_REQUIRED = "customers.area_code_required"
    BIRTH_YEAR_INVALID = "customers.birth_year_invalid"
    DUPLICATE_MOBILE = "customers.duplicate_mobile"  # any phone, mobile or landline (撞单)
    ALREADY_YOURS = "customers.already_yours"
    REFERRER_REQUIRED = "customers.referrer_required"
    STAND_REQUIRED = "customers.stand_required"
    CONSENT_REQUIRED = "customers.consent_required"
    NOT_CONTACTABLE = "customers.not_contactable"
    HEALTH_CONSENT_MISSING = "customers.health_consent_missing"
    CLAIM_CLOSED = "customers.claim_closed"
    PROTECTION_PERIOD = "customers.protection_period"
    OWNER_INVALID = "customers.owner_invalid"
    PLACE_INVALID = "customers.place_invalid"
    STAND_CLOSED = "customers.stand_closed"
    STAND_DATE_INVALID = "customers.stand_date_invalid"
    PLACE_KIND_INVALID = "customers.place_kind_invalid"
    PLACE_EXISTS = "customers.place_exists"
    PLACE_LOCATION_INVALID = "customers.place_location_invalid"
    PLACE_MERGE_SELF = "customers.place_merge_self"
    PLACE_MERGE_KIND = "customers.place_merge_kind"
    PROFILE_FAMILY_INVALID = "customers.profile_family_invalid"
    PROFILE_CHANNEL_INVALID = "customers.profile_channel_invalid"
