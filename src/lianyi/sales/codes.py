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
