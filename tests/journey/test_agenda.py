"""今日: the calls and visits due or overdue, in time order, for their own rep."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lianyi.journey import services as journey
from lianyi.journey.selectors import agenda, is_overdue, upcoming
from lianyi.journey.services import Contact
from tests.conftest import make_customer


def test_agenda_lists_due_and_overdue_actions_in_time_order_for_the_rep_only(world):
    # given a rep's customers at different steps (history from ten days ago)
    second_call_due = make_customer(world, step=3, name="王秀英")  # due day -8, 08:30
    first_call_due = make_customer(world, step=1, name="张桂兰")  # due day -9, 08:30
    first_visit_due = make_customer(world, step=2, name="李淑珍")  # due day -9, 15:00
    make_customer(world, step=0, name="刘建华")  # only registered: nothing due yet
    make_customer(world, step=5, name="陈玉兰")  # invitation delivered: nothing due
    # and customers of other reps, one in the same team
    make_customer(world, owner=world.rep_same_team, step=3, name="赵丽")
    make_customer(world, owner=world.rep_other_team, step=1, name="孙敏")
    # when the rep opens today
    rows = list(agenda(user=world.rep))
    # then exactly their due customers, earliest first
    assert rows == [first_call_due, first_visit_due, second_call_due]
    assert [c.next_due_at for c in rows] == sorted(c.next_due_at for c in rows)
    assert all(is_overdue(c) for c in rows)


def test_a_supervisors_own_agenda_holds_only_their_own_customers(world):
    make_customer(world, step=3)
    own = make_customer(world, owner=world.supervisor, step=3)
    assert list(agenda(user=world.supervisor)) == [own]
    # the team view is there when asked for
    team = agenda(user=world.supervisor, only_own=False)
    assert len(team) == 2


def test_a_retry_due_tomorrow_is_not_on_todays_agenda_but_on_tomorrows(world):
    customer = make_customer(world, step=1)
    journey.record_first_call(
        by=world.rep, customer_id=customer.pk, outcome="no_answer", contact=Contact()
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert customer not in agenda(user=world.rep)
    assert customer in agenda(user=world.rep, day=tomorrow)
    assert customer in upcoming(user=world.rep)
    customer.refresh_from_db()
    assert not is_overdue(customer)


def test_agenda_of_someone_outside_every_team_is_empty(world):
    make_customer(world, step=3)
    assert list(agenda(user=world.event_staff, only_own=False)) == []
