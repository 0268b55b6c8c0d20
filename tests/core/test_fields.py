"""The shared field types of lianyi.core.fields, on both sides: the pydantic types of the API
and the Django form fields of the pages refuse the same input with the same codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import pytest
from django import forms
from pydantic import BaseModel, ValidationError

from lianyi.core.fields import (
    ECHO_LENGTH,
    INT_MAX,
    MAX_YEAR,
    MIN_YEAR,
    Day,
    DayField,
    Id,
    Moment,
    MomentField,
    MoneyField,
    MoneyLimit,
    PositiveInt,
    PositiveSmallInt,
    TextLimit,
    echo,
    text_field,
)


class Sample(BaseModel):
    name: Annotated[str, TextLimit(5)] = ""
    small: PositiveSmallInt = 0
    count: PositiveInt = 0
    id: Id = 1
    at: Moment | None = None
    day: Day | None = None
    amount: Annotated[Decimal, MoneyLimit(Decimal("50000"))] = Decimal(0)


def error_type(**data: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        Sample(**data)
    (error,) = refused.value.errors()
    return str(error["type"])


@pytest.mark.parametrize("text", ["a\x00", "\ud800", "x\udfffy"])
def test_text_with_nul_or_a_lone_surrogate_is_refused(text):
    assert error_type(name=text) == "invalid_characters"


def test_text_longer_than_its_column_is_refused_and_its_length_kept_to_itself():
    assert error_type(name="abcdef") == "text_too_long"
    assert Sample(name="王淑珍").name == "王淑珍"


@pytest.mark.parametrize(
    ("field", "value"),
    [("small", 32_768), ("small", 40_000), ("small", -1), ("count", INT_MAX + 1), ("id", 2**63)],
)
def test_integers_past_their_column_are_refused(field, value):
    assert error_type(**{field: value}) == "less_than_equal" if value > 0 else "greater_than_equal"


def test_integers_at_their_column_bounds_are_kept():
    assert Sample(small=32_767, count=INT_MAX).count == INT_MAX


@pytest.mark.parametrize("value", [-1, 0, 1_900_000_000, "-1", "1700000000", 1.5, "1e9"])
def test_a_unix_timestamp_is_no_moment(value):
    assert error_type(at=value) == "timestamp_refused"


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00", "1999-12-31T23:00:00Z"]
)
def test_moments_outside_the_sane_years_are_refused(value):
    assert error_type(at=value) == "date_out_of_range"


def test_moments_within_the_years_keep_their_offset():
    at = Sample(at="2030-03-01T15:00:00+08:00").at
    assert at is not None and at.utcoffset() is not None and at.hour == 15
    assert error_type(at="2030-03-01T15:00:00") == "timezone_aware"


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_days_outside_the_sane_years_are_refused(value):
    assert error_type(day=value) == "date_out_of_range"
    assert str(Sample(day=f"{MIN_YEAR}-01-01").day) == "2000-01-01"
    assert str(Sample(day=f"{MAX_YEAR}-12-31").day) == "2100-12-31"


@pytest.mark.parametrize("value", ["0.005", "50000.005", 0.005, "1.999"])
def test_money_with_more_than_two_decimals_is_refused_never_rounded(value):
    assert error_type(amount=value) == "money_precision"


@pytest.mark.parametrize("value", ["-1", "NaN", "Infinity", "abc", True, [], "50000.01"])
def test_money_that_is_no_amount_or_past_its_limit_is_refused(value):
    assert error_type(amount=value) == "money_invalid"


@pytest.mark.parametrize(("value", "kept"), [("299", "299.00"), (12.5, "12.50"), ("0.10", "0.10")])
def test_money_with_two_decimals_or_fewer_is_kept_exactly(value, kept):
    assert str(Sample(amount=value).amount) == kept


def test_an_echo_keeps_only_the_first_characters():
    assert echo("9" * 1_000_000) == "9" * ECHO_LENGTH + "…"
    assert echo("王淑珍") == "王淑珍"


class SampleForm(forms.Form):
    name = text_field(max_length=5, required=False)
    at = MomentField(required=False, input_formats=["%Y-%m-%dT%H:%M"])
    day = DayField(required=False)
    amount = MoneyField(required=False)


def form_codes(**data: str) -> dict[str, list[str]]:
    form = SampleForm(data)
    form.is_valid()
    return {name: [e.code or "" for e in errors] for name, errors in form.errors.as_data().items()}


def test_the_form_fields_refuse_what_the_api_refuses_with_the_same_codes():
    assert form_codes(name="a\x00") == {"name": ["invalid_characters"]}
    assert form_codes(name="abcdef") == {"name": ["text_too_long"]}
    assert form_codes(at="0001-01-01T00:00") == {"at": ["date_out_of_range"]}
    assert form_codes(at="9999-12-31T23:59") == {"at": ["date_out_of_range"]}
    assert form_codes(day="9999-12-31") == {"day": ["date_out_of_range"]}
    assert form_codes(amount="0.005") == {"amount": ["money_precision"]}
    assert form_codes(name="王淑珍", at="2030-03-01T15:00", amount="299.5") == {}


@pytest.mark.parametrize("value", ["²", "²026-03-01T15:00", "-1", "+1"])
def test_a_moment_whose_year_is_no_number_is_invalid_not_a_server_error(value):
    assert form_codes(at=value) == {"at": ["invalid"]}


def test_a_moment_in_year_1_written_in_other_decimal_digits_is_out_of_range():
    assert form_codes(at="٠٠٠١-01-01T00:00") == {"at": ["date_out_of_range"]}
    assert form_codes(at="٢٠٢٦-03-01T15:00") == {}
