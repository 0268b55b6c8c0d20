"""Made-up people of one city (Hangzhou): names whose given name fits the sex, birth years,
valid mobile numbers, districts with compounds (小区) and work units (单位) and coordinates.

Everything is drawn from one seeded ``random.Random``, so the same seed gives the same people
on every machine. Surnames and their frequencies come from Faker's zh_CN data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from faker.providers.person.zh_CN import Provider as ZhCnPersonProvider

CITY = "杭州市"

# District -> (latitude, longitude) of its centre, roughly.
DISTRICTS: dict[str, tuple[float, float]] = {
    "上城区": (30.2425, 120.1693),
    "拱墅区": (30.3193, 120.1419),
    "西湖区": (30.2594, 120.1300),
    "滨江区": (30.2084, 120.2119),
    "萧山区": (30.1851, 120.2648),
    "余杭区": (30.4187, 120.2999),
}

COMPOUNDS: dict[str, list[str]] = {
    "上城区": ["采荷新村", "景芳三区", "南星桥小区", "望江家园", "近江东园", "紫阳小区"],
    "拱墅区": ["和睦新村", "大关西苑", "德胜新村", "米市巷小区", "朝晖九区", "湖墅嘉园"],
    "西湖区": ["翠苑一区", "文鼎苑", "古荡新村", "蓝天花园", "嘉绿苑", "文新小区"],
    "滨江区": ["江南春城", "缤纷小区", "闻涛苑", "东信和创园", "星耀城", "浦沿新村"],
    "萧山区": ["城厢新村", "金色钱塘", "潘水苑", "育才小区", "北干花园", "银河小区"],
    "余杭区": ["临平新城", "南苑小区", "星桥花苑", "良渚文化村", "五常雅苑", "闲林山水"],
}

WORK_UNITS: dict[str, list[str]] = {
    "上城区": ["杭州丝绸印染厂", "上城区邮电局", "杭州第十四中学"],
    "拱墅区": ["杭州重型机械厂", "拱墅区供销社", "杭州橡胶厂"],
    "西湖区": ["杭州制氧机厂", "西湖区教育局", "浙江麻纺厂"],
    "滨江区": ["杭州汽车运输公司", "滨江街道办事处", "杭州钢铁厂"],
    "萧山区": ["萧山化纤厂", "萧山棉纺织厂", "萧山区人民医院"],
    "余杭区": ["余杭粮食局", "临平水泥厂", "余杭区第一中学"],
}

# Given names common in the generation born 1950–1985, by sex; a few are written by both.
GIVEN_FEMALE = [
    "桂兰", "秀英", "玉兰", "桂英", "秀兰", "凤英", "淑珍", "玉珍", "丽华", "素芬",
    "美华", "秀珍", "淑英", "桂芳", "玉梅", "秀芳", "翠兰", "金凤", "凤兰", "红梅",
    "秀梅", "玉英", "兰英", "春梅", "淑华", "桂珍", "丽萍", "慧敏", "雪梅", "彩霞",
    "月娥", "爱华", "美玲", "丽娟", "琴", "芳", "萍", "霞", "梅", "英",
]  # fmt: skip
GIVEN_MALE = [
    "建国", "建华", "国强", "志强", "德明", "国华", "建军", "建平", "卫东", "志明",
    "文华", "永强", "振华", "国庆", "红军", "德胜", "福生", "长林", "宝山", "立新",
    "新民", "志刚", "建新", "保国", "金华", "树林", "海涛", "建伟", "俊峰", "庆华",
    "明德", "荣生", "水根", "伟", "军", "强", "勇", "斌", "刚", "平",
]  # fmt: skip

# Prefixes libphonenumber knows as Chinese mobile numbers.
MOBILE_PREFIXES = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "185", "186", "187", "188", "189",
]  # fmt: skip


# Faker's zh_CN surnames with their frequencies: drawn with our own seeded random, since
# picking through Faker costs more than everything else about a person.
_SURNAMES = list(ZhCnPersonProvider.last_names)
_SURNAME_CUM_WEIGHTS = list(accumulate(ZhCnPersonProvider.last_names.values()))


@dataclass(frozen=True)
class PlaceSpec:
    kind: str  # "compound" or "work_unit" (customers.PlaceKind values)
    district: str
    name: str
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class Person:
    name: str
    sex: str  # "F" or "M"
    birth_year: int
    mobile: str  # 11 digits, as a rep would type it
    district: str
    compound: str
    work_unit: str
    building: str
    companion_name: str
    health_consent: bool


def places(seed: int = 7) -> list[PlaceSpec]:
    """Every compound and work unit of the city, with coordinates near its district centre."""
    rng = random.Random(seed)
    specs: list[PlaceSpec] = []
    for kind, table in (("compound", COMPOUNDS), ("work_unit", WORK_UNITS)):
        for district, names in table.items():
            lat, lng = DISTRICTS[district]
            for name in names:
                specs.append(
                    PlaceSpec(
                        kind=kind,
                        district=district,
                        name=name,
                        latitude=Decimal(f"{lat + rng.uniform(-0.02, 0.02):.6f}"),
                        longitude=Decimal(f"{lng + rng.uniform(-0.02, 0.02):.6f}"),
                    )
                )
    return specs


class People:
    """An endless, reproducible supply of distinct people (no mobile number twice)."""

    def __init__(self, rng: random.Random, *, health_consent_share: float = 0.1) -> None:
        self.rng = rng
        self.health_consent_share = health_consent_share
        self._mobiles: set[str] = set()
        self._districts = list(DISTRICTS)

    def full_name(self, sex: str) -> str:
        given = GIVEN_FEMALE if sex == "F" else GIVEN_MALE
        return self.surname() + self.rng.choice(given)

    def surname(self) -> str:
        return self.rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._mobiles:
                self._mobiles.add(number)
                return number

    def person(self) -> Person:
        rng = self.rng
        sex = "F" if rng.random() < 0.62 else "M"  # more women than men come to the stands
        district = rng.choice(self._districts)
        has_compound = rng.random() < 0.9
        compound = rng.choice(COMPOUNDS[district]) if has_compound else ""
        work_unit = rng.choice(WORK_UNITS[district]) if rng.random() < 0.25 or not compound else ""
        building = ""
        if compound:
            floor, room = rng.randint(1, 18), rng.randint(1, 4)
            building = f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{floor}{room:02d}室"
        companion = self.full_name("M" if sex == "F" else "F") if rng.random() < 0.7 else ""
        return Person(
            name=self.full_name(sex),
            sex=sex,
            birth_year=int(rng.triangular(1950, 1985.99, 1957)),
            mobile=self.mobile(),
            district=district,
            compound=compound,
            work_unit=work_unit,
            building=building,
            companion_name=companion,
            health_consent=rng.random() < self.health_consent_share,
        )


# What reps write down. Plain, factual, no health claims about products (DOMAIN.md).
INTERESTS = [
    "喜欢跳广场舞",
    "每天早上在公园打太极",
    "平时帮女儿带外孙",
    "喜欢养花，阳台上种了很多月季",
    "爱好书法，在老年大学上课",
    "喜欢下象棋",
    "退休前是中学老师",
    "想了解远红外护膝的材质",
    "问了磁疗枕的价格和尺寸",
    "喜欢旅游，去年刚去过云南",
]
CHECKUP_NOTES = [
    "血压 138/86，建议定期复查。",
    "血压正常，颈肩有些酸，平时低头看手机多。",
    "视力检测正常，戴老花镜。",
    "骨密度检测偏低，已建议到社区医院咨询医生。",
]
