"""Customer search by name, pinyin (full or initials) and mobile (whole or last 4 digits), within
the searcher's scope; and the polite address a rep uses."""

from __future__ import annotations

import pytest
from django.utils import translation

from lianyi.customers.names import pinyin_keys, polite_address, surname_of
from lianyi.customers.selectors import search_customers
from tests.conftest import make_customer


@pytest.fixture
def people(world):
    return {
        "张桂兰": make_customer(world, step=0, name="张桂兰", sex="F", mobile="13800138000"),
        "单丽华": make_customer(world, step=0, name="单丽华", sex="F", mobile="13911112222"),
        "欧阳娜娜": make_customer(world, step=0, name="欧阳娜娜", sex="F", mobile="13722223333"),
        "李建国": make_customer(world, step=0, name="李建国", sex="M", mobile="13633334444"),
        "曾国强": make_customer(world, step=0, name="曾国强", sex="M", mobile="13544445555"),
    }


def found(world, query, user=None) -> list[str]:
    return [c.name for c in search_customers(user=user or world.rep, query=query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("桂兰", ["张桂兰"]),  # part of the name
        ("张桂兰", ["张桂兰"]),
        ("zhangguilan", ["张桂兰"]),  # full pinyin
        ("zhang gui lan", ["张桂兰"]),  # as some people type it
        ("ZGL", ["张桂兰"]),  # initials, any case
        ("zgl", ["张桂兰"]),
        ("shanlihua", ["单丽华"]),  # 单 as a surname is shan, not dan
        ("slh", ["单丽华"]),
        ("ouyang", ["欧阳娜娜"]),  # a compound surname
        ("oynn", ["欧阳娜娜"]),
        ("欧阳", ["欧阳娜娜"]),
        ("zengguoqiang", ["曾国强"]),  # 曾 as a surname is zeng, not ceng
        ("ljg", ["李建国"]),
    ],
)
def test_search_by_name_and_pinyin(world, people, query, expected):
    assert found(world, query) == expected


def test_a_surname_heteronym_is_not_found_by_its_everyday_reading(world, people):
    assert found(world, "danlihua") == []


@pytest.mark.parametrize(
    "query", ["13800138000", "138 0013 8000", "+86 138-0013-8000", "0086 13800138000", "8000"]
)
def test_search_by_mobile_whole_in_any_format_or_by_its_last_four_digits(world, people, query):
    assert found(world, query) == ["张桂兰"]


def test_search_by_a_landline(world):
    make_customer(world, step=0, name="王建国", sex="M", mobile="010-6552 9988")
    assert found(world, "010 6552 9988") == ["王建国"]
    assert found(world, "9988") == ["王建国"]


def test_a_number_nobody_has_finds_nobody(world, people):
    assert found(world, "13800000000") == []
    assert found(world, "1234") == []
    assert found(world, "139001") == []
    assert found(world, "138") == []  # fewer than 4 digits is not a phone search


@pytest.mark.parametrize(
    "query", ["0013 8000", "00138000", "138 0013", "1380013", "3800-1380", "0013"]
)
def test_search_finds_a_mobile_by_any_run_of_four_or_more_of_its_digits(world, people, query):
    # as the number is displayed ("138 0013 8000"), with or without the spaces and dashes
    assert found(world, query) == ["张桂兰"]


def test_a_digit_run_finds_every_customer_whose_number_holds_it(world, people):
    assert found(world, "1111") == ["单丽华"]
    assert sorted(found(world, "3333")) == sorted(["欧阳娜娜", "李建国"])


def test_a_digit_run_finds_a_landline_too(world):
    make_customer(world, step=0, name="王建国", sex="M", mobile="010-6552 9988")
    assert found(world, "6552 99") == ["王建国"]


def test_search_stays_inside_the_searchers_scope(world, people):
    mine = make_customer(world, owner=world.rep_same_team, step=0, name="张桂芳")
    # a colleague in the same team does not find rep's customers
    assert found(world, "zhanggui", user=world.rep_same_team) == ["张桂芳"]
    assert found(world, "8000", user=world.rep_same_team) == []
    assert found(world, "张桂兰", user=world.rep_same_team) == []
    # their supervisor finds both, another team's supervisor neither
    assert found(world, "zhanggui", user=world.supervisor) == ["张桂兰", "张桂芳"]
    assert found(world, "zhanggui", user=world.supervisor_other_team) == []
    assert found(world, "13800138000", user=world.outsider_admin) == []
    assert mine.owner == world.rep_same_team


def test_an_empty_search_lists_the_newest_in_scope(world, people):
    assert set(found(world, "")) == set(people)
    assert found(world, "", user=world.rep_other_team) == []


# ---- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("张桂兰", ("zhangguilan", "zgl")),
        ("单丽华", ("shanlihua", "slh")),
        ("欧阳娜娜", ("ouyangnana", "oynn")),
        ("解小东", ("xiexiaodong", "xxd")),
        ("尉迟敬德", ("yuchijingde", "ycjd")),
        ("万俟雪", ("moqixue", "mqx")),
    ],
)
def test_pinyin_keys_read_surnames_as_surnames(name, keys):
    assert pinyin_keys(name) == keys


@pytest.mark.parametrize(
    ("name", "sex", "address"),
    [
        ("张桂兰", "F", "张阿姨"),
        ("李建国", "M", "李叔叔"),
        ("欧阳娜娜", "F", "欧阳阿姨"),
        ("司马光明", "M", "司马叔叔"),
        ("万俟雪", "F", "万俟阿姨"),
        ("单丽华", "F", "单阿姨"),
    ],
)
def test_polite_address_from_surname_and_sex(name, sex, address):
    assert polite_address(name, sex) == address


@pytest.mark.parametrize(
    ("name", "sex", "address"),
    [
        ("赵芳", "F", "Mrs Zhao"),
        ("李建国", "M", "Mr Li"),
        ("欧阳娜娜", "F", "Mrs Ouyang"),
        ("单丽华", "F", "Mrs Shan"),
    ],
)
def test_the_english_polite_address_spells_the_surname_in_pinyin(name, sex, address):
    with translation.override("en"):
        assert polite_address(name, sex) == address


def test_a_two_character_name_starting_like_a_compound_surname_keeps_one_character():
    # 欧阳 alone is more likely the given name 阳 of a 欧
    assert surname_of("欧阳") == "欧"
