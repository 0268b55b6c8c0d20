"""The call button (tel: link) never shows for a customer who may not be contacted."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from lianyi.gatherings.services import routes as route_services
from lianyi.journey import services as journey
from lianyi.journey.services import Contact, withdraw_consent
from lianyi.web.agenda_rows import agenda_rows
from tests.conftest import make_customer
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401


def refuse(world, customer) -> None:  # type: ignore[no-untyped-def]
    journey.record_first_call(
        by=world.rep, customer_id=customer.pk, outcome="do_not_contact", contact=Contact()
    )


def test_customer_page_has_no_call_button_for_a_customer_who_refused_contact(world, login):
    refused = make_customer(world, step=1, name="周志强", sex="M")
    refuse(world, refused)
    withdrawn = make_customer(world, step=1, name="孙丽华")
    withdraw_consent(by=world.rep, customer_id=withdrawn.pk)
    reachable = make_customer(world, step=1, name="张桂兰")
    client = login(world.rep)
    for customer in (refused, withdrawn):
        content = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
        assert 'id="not-contactable"' in content
        assert "tel:" not in content
    content = client.get(reverse("web:customer", args=[reachable.pk])).content.decode()
    assert f'href="tel:{reachable.mobile}"' in content


def test_agenda_rows_have_no_tel_link_for_a_customer_who_refused_contact(world):
    refused = make_customer(world, step=1, name="周志强", sex="M")
    refuse(world, refused)
    refused.refresh_from_db()
    reachable = make_customer(world, step=1, name="张桂兰")
    rows = agenda_rows([refused, reachable], at=timezone.now())
    assert [bool(r.tel) for r in rows] == [False, True]
    assert rows[0].phone  # the number is still shown, only the call button is gone


def test_routes_page_has_no_call_button_for_a_customer_who_refused_contact(
    world,
    login,
    delivery_day,  # noqa: F811
):
    refused = invited(world, delivery_day, name="周志强", where=("30.28", "120.16"))
    reachable = invited(
        world, delivery_day, name="张桂兰", slot=(17, 18), where=("30.28", "120.17")
    )
    refused.do_not_contact = True  # asked on the doorstep; the invitation still stands
    refused.save(update_fields=["do_not_contact"])
    route_services.plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    url = f"{reverse('web:gathering_routes', args=[world.gathering.pk])}?day={delivery_day}"
    content = login(world.rep).get(url).content.decode()
    assert f'id="stop-{refused.invitations.get().pk}"' in content
    assert f'href="tel:{refused.mobile}"' not in content
    assert f'id="stop-{reachable.invitations.get().pk}"' in content
    assert f'href="tel:{reachable.mobile}"' in content
