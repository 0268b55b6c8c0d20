"""The one place where input is cleaned and bounded: text, whole numbers, money, dates and
moments. The API's schemas use the pydantic types (``Text``, ``PositiveInt``, ``Moment``, ...),
the page forms the Django form fields built on the same checks (``text_field``,
``int_field``, ...), so a new endpoint or form gets the bounds by using them.

A check refuses, it never repairs: text with a NUL byte or a lone surrogate, a number past its
column, a date outside ``MIN_YEAR``..``MAX_YEAR``, money with more than two decimals (never
rounded) are errors with a stable code, and a message that echoes at most ``ECHO_LENGTH``
characters of what was sent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, cast

from annotated_types import GroupedMetadata
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from lianyi.core.errors import CoreCode, DomainError

# Free text without a column limit of its own (notes): the services' limit.
from lianyi.core.validation import MAX_NOTE_LENGTH

# The columns' ranges (PostgreSQL's smallint, integer and bigint).
SMALLINT_MAX = 32_767
INT_MAX = 2_147_483_647
BIGINT_MAX = 9_223_372_036_854_775_807
# Dates and moments outside these years are typing mistakes (or probes), never a gathering.
MIN_YEAR = 2000
MAX_YEAR = 2100
# Money columns are yuan with two places; ten digits is far above any amount we handle.
MONEY_MAX_DIGITS = 10
MONEY_PLACES = 2
# An error message shows at most this much of what was sent.
ECHO_LENGTH = 30


def echo(value: object) -> str:
    """What an error message may quote of an input: its first ``ECHO_LENGTH`` characters."""
    text = str(value)
    return text if len(text) <= ECHO_LENGTH else text[:ECHO_LENGTH] + "…"


class FieldError(ValueError):
    """One refused input: ``code`` is stable (a CoreCode), ``message`` is for the user."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = str(message)
        self.params = params


# --- the checks, shared by both sides ---------------------------------------------------


def check_text(value: str, *, max_length: int) -> str:
    if "\x00" in value:
        raise FieldError(CoreCode.INVALID_CHARACTERS, _("内容含有不允许的字符（NUL）。"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(
            CoreCode.INVALID_CHARACTERS, _("内容含有无效的字符（单独的代理码位）。")
        ) from None
    if len(value) > max_length:
        raise FieldError(
            CoreCode.TEXT_TOO_LONG,
            _("不能超过 %(max)s 个字符（现在 %(length)s 个）。")
            % {"max": max_length, "length": len(value)},
            max_length=max_length,
            length=len(value),
        )
    return value


def check_int(value: int, *, min_value: int, max_value: int) -> int:
    if not min_value <= value <= max_value:
        raise FieldError(
            CoreCode.INVALID,
            _("应为 %(min)s 到 %(max)s 之间的整数。") % {"min": min_value, "max": max_value},
            min_value=min_value,
            max_value=max_value,
        )
    return value


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise FieldError(
            CoreCode.DATE_OUT_OF_RANGE,
            _("日期应在 %(min)s 年到 %(max)s 年之间。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            min_year=MIN_YEAR,
            max_year=MAX_YEAR,
        )


def check_day(value: date) -> date:
    _check_year(value.year)
    return value


def check_moment(value: datetime) -> datetime:
    # The year before any arithmetic: 9999-12-31T23:00-08:00 overflows when made UTC.
    _check_year(value.year)
    return value


def require_moment_in_range(value: datetime, *, field: str) -> datetime:
    """For services given a moment by other code than a schema or a form."""
    try:
        return check_moment(value)
    except FieldError as error:
        raise DomainError(error.message, code=error.code, extra={"field": field}) from None


def check_money(value: object, *, max_value: Decimal | None = None) -> Decimal:
    """Yuan with at most two decimals, not negative, within the column; never rounded."""
    if isinstance(value, (bool, float)):
        # A float has already been rounded by whoever wrote it (0.1 + 0.2): a string is exact.
        value = repr(value)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise FieldError(CoreCode.MONEY_INVALID, _("请填写金额（元），例如 299.00。")) from None
    if not amount.is_finite() or amount < 0:
        raise FieldError(CoreCode.MONEY_INVALID, _("请填写金额（元），例如 299.00。"))
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONEY_PLACES:
        raise FieldError(
            CoreCode.MONEY_PRECISION,
            _("金额最多两位小数（分），不会四舍五入：%(value)s。") % {"value": echo(value)},
        )
    limit = max_value if max_value is not None else Decimal(10 ** (MONEY_MAX_DIGITS - 2))
    if amount > limit:
        raise FieldError(
            CoreCode.MONEY_INVALID,
            _("金额不能超过 %(max)s 元。") % {"max": limit},
            max_value=str(limit),
        )
    return amount.quantize(Decimal("0.01"))  # exact: at most two places were given


# --- pydantic types for the API ---------------------------------------------------------


def _pydantic(check: Any, **bounds: Any) -> Any:
    def validate(value: Any) -> Any:
        try:
            return check(value, **bounds)
        except FieldError as error:
            # The template is used as is (no braces in our messages); ctx carries the bounds.
            raise PydanticCustomError(
                error.code, error.message.replace("{", "("), error.params
            ) from None

    return validate


@dataclass(frozen=True)
class TextLimit(GroupedMetadata):
    """``name: Annotated[str, TextLimit(50)]``: a string without NUL or lone surrogates, at most
    ``max_length`` characters (its column's)."""

    max_length: int

    def __iter__(self) -> Iterator[Any]:
        yield AfterValidator(_pydantic(check_text, max_length=self.max_length))
        yield WithJsonSchema({"type": "string", "maxLength": self.max_length})


Note = Annotated[str, TextLimit(MAX_NOTE_LENGTH)]
PositiveSmallInt = Annotated[int, Field(ge=0, le=SMALLINT_MAX)]
PositiveInt = Annotated[int, Field(ge=0, le=INT_MAX)]
# A record's id (in a path or a body): past bigint no row can have it.
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]


NUMERIC = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _refuse_timestamps(kind: str) -> Any:
    def validate(value: Any) -> Any:
        # pydantic would read a number (or a string of digits) as a Unix timestamp: -1 would be
        # 1969-12-31T23:59:59Z. A timestamp is no way to say when a gathering starts.
        if isinstance(value, (int, float, Decimal)) or (
            isinstance(value, str) and NUMERIC.match(value)
        ):
            raise PydanticCustomError(
                CoreCode.TIMESTAMP_REFUSED,
                _("请用 ISO 8601 格式，例如 %(example)s；不接受 Unix 时间戳。") % {"example": kind},
            )
        return value

    return validate


Moment = Annotated[
    AwareDatetime,
    BeforeValidator(_refuse_timestamps("2026-03-01T15:00:00+08:00")),
    AfterValidator(_pydantic(check_moment)),
]
Day = Annotated[
    date,
    BeforeValidator(_refuse_timestamps("2026-03-01")),
    AfterValidator(_pydantic(check_day)),
]


def _money(value: Any, max_value: Decimal | None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise PydanticCustomError(CoreCode.MONEY_INVALID, _("请填写金额（元），例如 299.00。"))
    return cast(Decimal, _pydantic(check_money, max_value=max_value)(value))


@dataclass(frozen=True)
class MoneyLimit(GroupedMetadata):
    """``value: Annotated[Decimal, MoneyLimit(Decimal("50000"))]``: yuan as a decimal string
    ("299.00"; a JSON number is read as written), at most two decimals, never rounded."""

    max_value: Decimal | None = None

    def __iter__(self) -> Iterator[Any]:
        yield PlainValidator(lambda value: _money(value, self.max_value))
        yield WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"})


# --- Django form fields on the same checks ----------------------------------------------


def _django(check: Any, **bounds: Any) -> Any:
    def validate(value: Any) -> None:
        if value in (None, ""):
            return
        try:
            check(value, **bounds)
        except FieldError as error:
            raise ValidationError(error.message, code=error.code) from None

    return validate


def text_field(*, max_length: int, **kwargs: Any) -> forms.CharField:
    """A CharField bounded to its column, refusing NUL and lone surrogates."""
    field = forms.CharField(max_length=max_length, **kwargs)  # and the input's maxlength
    # One refusal each, with the API's codes: text_too_long and invalid_characters.
    field.validators = [
        v
        for v in field.validators
        if not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator)
    ]
    field.validators.append(_django(check_text, max_length=max_length))
    return field


def int_field(*, min_value: int = 0, max_value: int = INT_MAX, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(min_value=min_value, max_value=max_value, **kwargs)


class MomentField(forms.DateTimeField):
    """A date and time typed on a page, refused outside ``MIN_YEAR``..``MAX_YEAR`` before it is
    made aware (year 1 minus the UTC offset does not exist)."""

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str) and value.strip():
            year = value.strip()[:4]
            # isdecimal(), not isdigit(): '²' is a digit that int() refuses (a 500), while a
            # decimal digit of any script is read by int() as by strptime ('٠٠٠١' is year 1).
            if year.isdecimal():
                _django(_check_year_of_int)(int(year))
        return super().to_python(value)

    default_validators = [_django(check_moment)]


class DayField(forms.DateField):
    default_validators = [_django(check_day)]


def _check_year_of_int(year: int) -> int:
    _check_year(year)
    return year


class MoneyField(forms.CharField):
    """Yuan typed as text: "299", "299.5", "299.00"; more than two decimals is refused."""

    def __init__(self, *, max_value: Decimal | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        # The length is checked on the text in to_python; the cleaned value is a Decimal.
        self.validators = []
        self.max_value = max_value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            check_text(str(text), max_length=self.max_length or 20)
            return check_money(text, max_value=self.max_value)
        except FieldError as error:
            raise ValidationError(error.message, code=error.code) from None
