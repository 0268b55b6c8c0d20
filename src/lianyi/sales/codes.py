from enum import StrEnum


class SalesCode(StrEnum):
    NUMBER_REQUIRED = "sales.number_required"  # a medical device or health food without its number
    ALREADY_EXISTS = "sales.already_exists"
    PACKAGE_EMPTY = "sales.package_empty"
    NOT_IN_CATALOGUE = "sales.not_in_catalogue"
    PRICE_LIST_DATES = "sales.price_list_dates"
    PRICE_LIST_EMPTY = "sales.price_list_empty"
    QUANTITY_INVALID = "sales.quantity_invalid"
    STOCK_SHORT = "sales.stock_short"
    ORDER_EMPTY = "sales.order_empty"  # no package or product on the order
    ORDER_TOO_LONG = "sales.order_too_long"
    DISCOUNT_INVALID = "sales.discount_invalid"  # negative, or more than the list price
    DISCOUNT_REASON_REQUIRED = "sales.discount_reason_required"
    NOT_CHECKED_IN = (
        "sales.not_checked_in"  # a gathering order for a guest not admitted at the door
    )
    PAYMENT_TERMS_INVALID = "sales.payment_terms_invalid"
    AMOUNT_INVALID = "sales.amount_invalid"  # zero, negative or more than two decimals
    PAYMENT_ABOVE_DUE = "sales.payment_above_due"
    PAYMENT_KEY_REUSED = "sales.payment_key_reused"  # the same key with another amount
    SUBMISSION_REUSED = "sales.submission_reused"  # an order form's key used for another customer
    ORDER_STATE = "sales.order_state"  # the order cannot move to that state from where it is
    NO_CJK_FONT = "sales.no_cjk_font"  # the server cannot print a receipt in Chinese (503)
