"""A month of the supervisors' daily duties in the demo company: each day of the past 30 a VIP
profile taken from most reps (offered by the rep, or picked by the supervisor from the day's
home visits), a few days missing, and each supervisor's work diary for most days (a few days
missing, one entry corrected the next morning, so that its versions show)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta, tzinfo

from lianyi.core.clock import now
from lianyi.org.models import User
from lianyi.oversight.models import DiaryEntry
from lianyi.oversight.selectors.profiles import subordinates, visited_customers
from lianyi.oversight.services.diary import write_diary
from lianyi.oversight.services.profiles import offer_profile, take_profile

DAYS = 30
PLANS = [
    "上午组内晨会，布置回访；下午跟 {rep} 一起上门两户。",
    "检查本周邀请函送达情况，和 {rep} 对一遍联谊会名单。",
    "收齐昨天的贵宾档案，下午陪 {rep} 做第二次家访。",
    "梳理售后回访表，提醒大家不要在午休时间打电话。",
    "和 {rep} 一起整理老顾客资料，按小区分好。",
    "上午培训：如何介绍退货规定；下午抽查两份家访记录。",
]
SUMMARIES = [
    "家访按计划完成，{rep} 的客户反馈不错；有一位阿姨想先和子女商量，不催。",
    "两位客户改了家访时间，已重新约好；邀请函还差三份没送到。",
    "售后回访都打到了，一位叔叔说磁疗枕用着舒服，愿意介绍邻居来。",
    "今天雨大，上门少了两户，改到明天上午。",
    "{rep} 的一位客户家里有事，改约下周；其余家访顺利。",
    "核对了联谊会的座位和接送车，{rep} 负责的小区名单已齐。",
    "两位老顾客问售后，已转给客服部回访；没有投诉。",
]
TALKS = [
    "家访前先确认客户方便的时间，不要临时上门。",
    "说话慢一点，把价格和退货规定讲清楚，客户想考虑就让他考虑。",
    "二次电话要在家访后一两天内打，别拖。",
    "这周的档案写得很细，继续保持。",
]


def load_duties(
    *,
    supervisors: list[User],
    today: date,
    tz: tzinfo,
    seed: int,
    clock_at: Callable[[datetime], AbstractContextManager[None]],
) -> dict[str, int]:
    """Take the profiles and write the diaries of the past ``DAYS`` days, each at its evening."""
    rng = random.Random(seed)
    real_now = now()
    counts = {"taken": 0, "offered": 0, "missing": 0, "diaries": 0, "diary_gaps": 0}
    for supervisor in supervisors:
        reps = subordinates(user=supervisor)
        corrected = False
        for day in _days(today):
            evening = datetime.combine(day, time(18, 30), tzinfo=tz)
            if evening > real_now:  # today, before its evening: only what is done by now
                evening = real_now
            with clock_at(evening):
                for rep in reps:
                    counts[_profile(supervisor, rep, day, rng)] += 1
                if evening.astimezone(tz).hour < 17:
                    continue  # today's diary is written in the evening
                if rng.random() < 0.1 and day != today:
                    counts["diary_gaps"] += 1
                    continue
                entry = _diary(supervisor, reps, day, rng)
                counts["diaries"] += 1
            if not corrected and day < today - timedelta(days=3) and rng.random() < 0.2:
                # corrected the next morning: the day's first text stays as a version
                with clock_at(evening + timedelta(hours=15)):
                    write_diary(
                        by=supervisor,
                        day=day,
                        plan=entry.plan,
                        summary=entry.summary + "（补记：下午的家访改到了第二天上午。）",
                        talks={t.staff_id: t.points for t in entry.talks.all()},
                        expected_version=entry.version,
                    )
                corrected = True
    return counts


def _days(today: date) -> Iterator[date]:
    for back in range(DAYS, -1, -1):
        yield today - timedelta(days=back)


def _profile(supervisor: User, rep: User, day: date, rng: random.Random) -> str:
    visited = visited_customers(user=supervisor, rep=rep, day=day)
    if not visited or rng.random() < 0.12:
        return "missing"
    chosen = rng.choice(visited)
    if rng.random() < 0.6:
        offer_profile(by=rep, customer_id=chosen.customer.pk, day=day)
        if rng.random() < 0.15:
            return "offered"  # the supervisor has not taken it yet
        take_profile(by=supervisor, rep_id=rep.pk, day=day)
    else:
        take_profile(by=supervisor, rep_id=rep.pk, day=day, customer_id=chosen.customer.pk)
    return "taken"


def _diary(supervisor: User, reps: list[User], day: date, rng: random.Random) -> DiaryEntry:
    rep = rng.choice(reps) if reps else supervisor
    name = str(rep)  # the display name
    talked = rng.sample(reps, k=min(len(reps), rng.randint(1, 3)))
    return write_diary(
        by=supervisor,
        day=day,
        plan=rng.choice(PLANS).format(rep=name),
        summary=rng.choice(SUMMARIES).format(rep=name),
        talks={r.pk: rng.choice(TALKS) for r in talked},
    )
