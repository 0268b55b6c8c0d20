"""Background work of the journey: each task takes a primary key and calls one service."""

from __future__ import annotations

from django_tasks import task

from lianyi.journey.next_round import catch_up_journey


@task()
def catch_up_journey_task(customer_id: int) -> None:
    catch_up_journey(customer_id=customer_id)
