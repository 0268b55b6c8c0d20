"""Names: pinyin for search and the polite address a rep uses (张阿姨, 李叔叔)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

# Two-character surnames that a one-character split would cut in half.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "独孤",
        "端木",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "轩辕",
        "钟离",
        "闻人",
        "赫连",
        "澹台",
        "太史",
        "申屠",
        "公冶",
        "濮阳",
        "万俟",
        "第五",
    }
)


def surname_of(name: str) -> str:
    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


# Surnames read differently from the same character in ordinary words (单 is shan, not dan).
SURNAME_READINGS = {
    "单": ["shan"],
    "曾": ["zeng"],
    "解": ["xie"],
    "仇": ["qiu"],
    "朴": ["piao"],
    "查": ["zha"],
    "区": ["ou"],
    "盖": ["ge"],
    "乐": ["yue"],
    "覃": ["qin"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "召": ["shao"],
    "秘": ["bi"],
    "任": ["ren"],
    "曲": ["qu"],
    "种": ["chong"],
    "繁": ["po"],
    "尉迟": ["yu", "chi"],
    "长孙": ["zhang", "sun"],
    "万俟": ["mo", "qi"],
    "重": ["chong"],
    "藏": ["zang"],
    "燕": ["yan"],
    "员": ["yun"],
}


# Customer.pinyin_full's length: a 50-character name can spell up to 300 letters ("zhuang"),
# and a search key only ever matches from the start.
PINYIN_FULL_MAX = 200


def pinyin_keys(name: str) -> tuple[str, str]:
    """("zhangguilan", "zgl") for 张桂兰. Surnames read as surnames (单 -> shan)."""
    name = name.strip()
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    surname = surname_of(name)
    if surname in SURNAME_READINGS and len(syllables) >= len(surname):
        syllables = SURNAME_READINGS[surname] + syllables[len(surname) :]
    full = "".join(syllables).lower()[:PINYIN_FULL_MAX]
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials


def surname_latin(surname: str) -> str:
    """Zhao for 赵, Ouyang for 欧阳, Shan for 单 (its surname reading); as given when it has no
    pinyin."""
    syllables = SURNAME_READINGS.get(surname) or lazy_pinyin(
        surname, style=Style.NORMAL, errors="ignore"
    )
    return "".join(syllables).capitalize() or surname


def polite_address(name: str, sex: str) -> str:
    """张阿姨 for a woman, 张叔叔 for a man; in a language other than Chinese the surname is
    spelt in pinyin ("Mrs Zhao", not "Mrs 赵" beside the full name 赵芳)."""
    surname = surname_of(name)
    if not (get_language() or "zh").startswith("zh"):
        surname = surname_latin(surname)
    if sex == "F":
        return _("%(surname)s阿姨") % {"surname": surname}
    return _("%(surname)s叔叔") % {"surname": surname}
