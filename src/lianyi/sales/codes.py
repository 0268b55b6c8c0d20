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
    RULE_OUT_OF_RANGE = "sales.rule_out_of_range"  # a sales rule outside its bounds
    RETURN_WINDOW_BELOW_LAW = "sales.return_window_below_law"  # under the law's 30 days
