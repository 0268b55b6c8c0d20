from enum import StrEnum


class SalesCode(StrEnum):
    NUMBER_REQUIRED = "sales.number_required"  # a medical device or health food without its number
    ALREADY_EXISTS = "sales.already_exists"
    ALREADY_IN_STATE = "sales.already_in_state"  # deactivating what is off sale, and back
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
    RULE_OUT_OF_RANGE = "sales.rule_out_of_range"  # a sales rule outside its bounds
    RETURN_WINDOW_BELOW_LAW = "sales.return_window_below_law"  # under the law's 30 days
    # 回访确认 (the confirmation call) and what waits for it
    CONFIRMATION_BY_SELLER = "sales.confirmation_by_seller"  # the seller or the seller's team
    CONFIRMATION_NOT_WAITING = "sales.confirmation_not_waiting"  # no call due on this order
    CONFIRMATION_OUTCOME = "sales.confirmation_outcome"  # not one of the outcomes
    CONFIRMATION_CHECKLIST = "sales.confirmation_checklist"  # a checklist item the outcome needs
    CONFIRMATION_PRESSED = "sales.confirmation_pressed"  # pressed customers are never "confirmed"
    NOT_CONFIRMED = "sales.not_confirmed"  # delivery before the confirmation call
    # Returns (退货)
    RETURN_REASON_INVALID = "sales.return_reason_invalid"  # not one of ReturnReason
    RETURN_NOT_SENIOR = "sales.return_not_senior"  # any-reason return for a customer under the age
    RETURN_BEFORE_DELIVERY = "sales.return_before_delivery"  # not delivered yet: cancel instead
    RETURN_WINDOW_CLOSED = "sales.return_window_closed"  # outside its window: open a case instead
    RETURN_EMPTY = "sales.return_empty"  # no line to take back
    RETURN_QUANTITY_INVALID = "sales.return_quantity_invalid"  # 0, more than bought less returned
    NO_CJK_FONT = "sales.no_cjk_font"  # the server cannot print a receipt in Chinese (503)
