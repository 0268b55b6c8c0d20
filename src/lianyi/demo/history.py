"""Histories of made-up customers: which touchpoints happened when, so that the journey derived
from them lands on a chosen step with its next action due today, overdue, later or never.

Every history obeys the process (DOMAIN.md): stand chats on the stand's day, calls only in
contactable hours, agreed slots never in quiet hours, the second call 1–2 days after the first
visit, visits inside their agreed slot, and nothing after ``today`` except agreed slots. All
touchpoints happen before today, so a history loaded at any hour is in the past."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lianyi.demo.people import CHECKUP_NOTES, INTERESTS, Person

# Hour slots that sit wholly inside the default contact day (08:30–11:30, 14:30–18:50).
SLOT_STARTS = [
    time(9, 0), time(9, 30), time(10, 0), time(10, 30),
    time(14, 30), time(15, 0), time(15, 30), time(16, 0), time(16, 30), time(17, 0), time(17, 30),
]  # fmt: skip
SLOT_LENGTH = timedelta(hours=1)
# Calls are made between 09:00–11:00 and 15:00–18:00: inside the contact day, outside quiet hours.
CALL_WINDOWS = [(time(9, 0), 120), (time(15, 0), 180)]
LATEST_HISTORY_DAYS = 13  # the oldest touchpoint of any scenario, before today
WITHDRAW = "withdraw"  # not a touchpoint: the customer withdraws consent


@dataclass
class Action:
    kind: str  # a TouchpointKind value, or WITHDRAW
    at: datetime
    outcome: str = ""
    slot: tuple[datetime, datetime] | None = None
    invitation_accepted: bool | None = None
    duration: int | None = None
    profile_completed: bool | None = None
    notes: str = ""
    repeat_reason: str = ""


@dataclass
class CustomerPlan:
    index: int  # position in the generated set; the referrer is named by its index
    scenario: str
    person: Person
    owner: int  # index into the owners
    registered_at: datetime
    stand: int | None  # index into the stands, for customers met at a stand
    referrer: int | None = None
    actions: list[Action] = field(default_factory=list)


# scenario -> (step it ends on, weight among the random fill)
SCENARIOS: dict[str, tuple[int, float]] = {
    "stand_partial": (0, 6),
    "first_call_overdue": (1, 3),
    "first_call_new_referral": (1, 2),
    "first_call_retry_today": (1, 3),
    "first_call_retry_overdue": (1, 2),
    "first_call_callback_today": (1, 1),
    "first_call_declined": (1, 2),
    "do_not_contact": (1, 0.4),
    "withdrawn": (1, 0.4),
    "first_visit_today": (2, 2),
    "first_visit_upcoming": (2, 4),
    "first_visit_missed": (2, 1),
    "second_call_due_today": (3, 2),
    "second_call_due_window": (3, 2),
    "second_call_overdue": (3, 1),
    "second_call_retry_today": (3, 1),
    "second_call_declined": (3, 1),
    "second_visit_today": (4, 2),
    "second_visit_upcoming": (4, 4),
    "second_visit_missed": (4, 1),
    "delivered": (5, 8),
}
# Every rep of the demo gets these first, so even a small demo has work due today and overdue.
CORE_SCENARIOS = [
    "first_visit_today",
    "second_call_due_today",
    "first_call_retry_today",
    "second_visit_today",
    "first_call_overdue",
    "delivered",
    "stand_partial",
    "first_visit_upcoming",
    "second_call_overdue",
    "first_call_new_referral",
    "second_visit_upcoming",
    "first_visit_missed",
    "second_call_due_window",
    "first_call_callback_today",
    "second_call_retry_today",
    "second_visit_missed",
    "first_call_declined",
    "second_call_declined",
    "first_call_retry_overdue",
]
# Scenarios that start at the stand whatever happens (the rest may start with a referral).
STAND_ONLY = frozenset({"stand_partial", "withdrawn"})
REFERRAL_ONLY = frozenset({"first_call_new_referral"})
REFERRAL_SHARE = 0.15


def pick_scenario(rng: random.Random) -> str:
    names = list(SCENARIOS)
    return rng.choices(names, weights=[SCENARIOS[n][1] for n in names])[0]


class Historian:
    """Writes the history of one customer for a scenario, relative to ``today``."""

    def __init__(
        self, rng: random.Random, *, today: date, tz: ZoneInfo, gathering: str, company: str
    ) -> None:
        self.rng = rng
        self.today = today
        self.tz = tz
        self.gathering = gathering
        self.company = company

    # -- moments -------------------------------------------------------------------------
    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, day: date, moment: time, minutes: int = 0) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz) + timedelta(minutes=minutes)

    def call_at(self, day: date) -> datetime:
        start, length = self.rng.choice(CALL_WINDOWS)
        return self.at(day, start, self.rng.randrange(length))

    def slot_on(self, day: date) -> tuple[datetime, datetime]:
        start = self.at(day, self.rng.choice(SLOT_STARTS))
        return start, start + SLOT_LENGTH

    def ago(self, low: int, high: int) -> int:
        return -self.rng.randint(low, high)

    # -- the plan ------------------------------------------------------------------------
    def plan(
        self,
        *,
        index: int,
        scenario: str,
        person: Person,
        owner: int,
        stand: int,
        stand_day: date,
        referral: bool,
    ) -> CustomerPlan:
        """``stand_day`` must lie at least LATEST_HISTORY_DAYS + 1 days before today."""
        actions = self._steps(scenario, person)
        first = min((a.at for a in actions), default=None)
        if (referral and scenario not in STAND_ONLY) or scenario in REFERRAL_ONLY:
            if first is not None:
                entry_day = first.date() - timedelta(days=self.rng.randint(1, 2))
            elif scenario == "first_call_overdue":  # the first call window has passed
                entry_day = self.day(self.ago(5, 8))
            else:  # referred yesterday: the first call is due from today
                entry_day = self.day(-1)
            registered_at = self.call_at(max(entry_day, stand_day + timedelta(days=1)))
            return CustomerPlan(index, scenario, person, owner, registered_at, None, None, actions)
        registered_at = self.at(stand_day, time(9, 0), self.rng.randrange(420))
        checkup = Action(
            "stand_checkup",
            registered_at + timedelta(minutes=2),
            notes=self.rng.choice(CHECKUP_NOTES) if person.health_consent else "",
        )
        where = person.compound or person.work_unit or person.district
        registration = Action(
            "stand_registration",
            registered_at + timedelta(minutes=self.rng.randint(6, 15)),
            notes=f"住{where}，{self.rng.choice(INTERESTS)}。留了电话，同意我们回访。",
        )
        stand_notes = [checkup, registration]
        if scenario == "stand_partial":
            stand_notes = self.rng.choice([[], [checkup], [registration]])
        return CustomerPlan(
            index, scenario, person, owner, registered_at, stand, None, stand_notes + actions
        )

    def _steps(self, scenario: str, person: Person) -> list[Action]:
        rng = self.rng
        ago = self.ago
        if scenario in ("stand_partial", "first_call_overdue", "first_call_new_referral"):
            return []
        if scenario == "first_call_retry_today":
            calls = [self.first_call(self.day(-1), "no_answer")]
            if rng.random() < 0.3:
                calls.insert(0, self.first_call(self.day(-3), "no_answer"))
            return self._retries(calls)
        if scenario == "first_call_retry_overdue":
            return [self.first_call(self.day(ago(3, 6)), "no_answer")]
        if scenario == "first_call_callback_today":
            call = self.first_call(
                self.day(ago(1, 3)), "call_back", notes="客户在外面，约好今天再打。"
            )
            call.slot = self.slot_on(self.today)
            return [call]
        if scenario == "first_call_declined":
            return [self.first_call(self.day(ago(1, 10)), "declined")]
        if scenario == "do_not_contact":
            return [self.first_call(self.day(ago(1, 10)), "do_not_contact")]
        if scenario == "withdrawn":
            return [Action(WITHDRAW, self.call_at(self.day(ago(1, 10))))]
        if scenario.startswith("first_visit_"):
            visit_day = {
                "first_visit_today": self.today,
                "first_visit_upcoming": self.day(rng.randint(1, 5)),
                "first_visit_missed": self.day(ago(1, 2)),
            }[scenario]
            call_day = min(visit_day, self.today) - timedelta(days=rng.randint(1, 3))
            return [self.first_call(call_day, "agreed", visit_day=visit_day)]
        if scenario.startswith("second_call_"):
            visit_day = {
                "second_call_due_today": self.day(-1),
                "second_call_due_window": self.day(-2),
                "second_call_overdue": self.day(ago(4, 7)),
                "second_call_retry_today": self.day(ago(2, 4)),
                "second_call_declined": self.day(ago(3, 6)),
            }[scenario]
            actions = self._to_first_visit(visit_day)
            if scenario == "second_call_retry_today":
                actions.append(self.second_call(self.day(-1), "no_answer"))
            elif scenario == "second_call_declined":
                call = self.second_call(visit_day + timedelta(days=1), "agreed")
                call.invitation_accepted = False
                call.notes = "客户那天要带外孙，这次联谊会去不了。没关系，欢迎下次再来。"
                actions.append(call)
            return actions
        if scenario == "second_visit_today":
            delivery_day, call_day = self.today, self.day(ago(1, 2))
        elif scenario == "second_visit_upcoming":
            delivery_day, call_day = self.day(rng.randint(1, 5)), self.day(ago(1, 3))
        elif scenario == "second_visit_missed":
            delivery_day, call_day = self.day(ago(1, 2)), self.day(ago(3, 4))
        else:  # delivered
            delivery_day = self.day(ago(1, 4))
            call_day = delivery_day - timedelta(days=rng.randint(1, 2))
        actions = self._to_first_visit(call_day - timedelta(days=rng.randint(1, 2)))
        invite = self.second_call(call_day, "agreed")
        invite.invitation_accepted = True
        invite.slot = self.slot_on(delivery_day)
        invite.notes = (
            f"邀请参加{self.gathering}，"
            f"{'和' + person.companion_name + '一起来' if person.companion_name else '本人来'}，"
            "约好送邀请函的时间。"
        )
        actions.append(invite)
        if scenario == "delivered":
            actions.append(
                Action(
                    "second_visit",
                    invite.slot[0] + timedelta(minutes=rng.randint(0, 15)),
                    duration=rng.randint(10, 25),
                    notes="上门送达邀请函，提醒了时间和乘车地点。",
                )
            )
        return actions

    def _to_first_visit(self, visit_day: date) -> list[Action]:
        call = self.first_call(
            visit_day - timedelta(days=self.rng.randint(1, 3)), "agreed", visit_day=visit_day
        )
        assert call.slot is not None
        visit = Action(
            "first_visit",
            call.slot[0] + timedelta(minutes=self.rng.randint(0, 10)),
            duration=self.rng.randint(40, 50),
            profile_completed=self.rng.random() < 0.9,
            notes="先聊了上次电话里说的事，一起填写了贵宾档案表，介绍了公司和产品理念。"
            "客户说得多，我多听。",
        )
        return [call, visit]

    def first_call(
        self, day: date, outcome: str, *, visit_day: date | None = None, notes: str = ""
    ) -> Action:
        default_notes = {
            "agreed": f"自我介绍：{self.company}服务专员，号码来自数据收集点的登记。"
            "聊得愉快，约好家访，会带上贵宾档案表。",
            "no_answer": "未接通。",
            "declined": "客户说最近忙。没关系，欢迎下次再来。",
            "do_not_contact": "客户要求以后不要再联系，已致歉并记录。",
        }
        action = Action(
            "first_call", self.call_at(day), outcome=outcome, notes=notes or default_notes[outcome]
        )
        if visit_day is not None:
            action.slot = self.slot_on(visit_day)
        return action

    def second_call(self, day: date, outcome: str) -> Action:
        notes = "未接通。" if outcome == "no_answer" else ""
        return Action("second_call", self.call_at(day), outcome=outcome, notes=notes)

    @staticmethod
    def _retries(calls: list[Action]) -> list[Action]:
        for call in calls[1:]:
            call.repeat_reason = "上次未接通"
        return calls
