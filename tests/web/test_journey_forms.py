"""Recording each step on the phone, through the forms: refusals shown next to the field,
nothing written when refused, and every entry on the timeline."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lianyi.customers.models import HealthNote
from lianyi.gatherings.models import Invitation, InvitationState
from lianyi.journey.models import Touchpoint
from tests.conftest import make_customer
from tests.web.conftest import field_codes


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def timeline_of(client, customer) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("web:customer", args=[customer.pk])).content.decode()


def test_stand_notes_from_both_desks_with_the_health_note_kept_apart(world, login):
    customer = make_customer(world, step=0, health_consent=True)
    client = login(world.rep)
    url = reverse("web:record_stand_note", args=[customer.pk])
    page = client.get(url).content.decode()
    assert 'id="health-warning"' in page and 'id="id_checkup_notes" rows="4">' in page

    assert client.post(url, {"desk": "checkup", "notes": "血压 150/95"}).status_code == 302
    assert client.post(url, {"desk": "registration", "notes": "喜欢太极"}).status_code == 302

    assert HealthNote.objects.get(customer=customer).text == "血压 150/95"
    content = timeline_of(client, customer)
    assert "现场沟通·检测台" in content and "现场沟通·登记台" in content
    assert "喜欢太极" in content and "血压 150/95" not in content


def test_checkup_note_is_disabled_and_refused_without_health_consent(world, login):
    customer = make_customer(world, step=0, health_consent=False)
    client = login(world.rep)
    url = reverse("web:record_stand_note", args=[customer.pk])
    assert 'id="id_checkup_notes" rows="4" disabled' in client.get(url).content.decode()

    response = client.post(url, {"desk": "checkup", "notes": "血压偏高"})

    assert response.status_code == 200
    assert field_codes(response, "notes") == ["customers.health_consent_missing"]
    assert not Touchpoint.objects.filter(customer=customer).exists()
    assert not HealthNote.objects.exists()


def test_first_call_with_an_agreed_visit_slot_appears_on_the_timeline(world, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:record_first_call", args=[customer.pk])
    assert "给客户两个时间选择" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "outcome": "agreed",
            "slot_date": tomorrow(),
            "slot_start": "15:00",
            "slot_end": "16:00",
            "notes": "约好明天下午上门",
        },
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.next_action == "first_visit"
    content = timeline_of(client, customer)
    assert "约好明天下午上门" in content and f"{tomorrow()} 15:00–16:00" in content


def test_first_call_slot_in_quiet_hours_is_refused_with_the_message_next_to_the_slot(world, login):
    customer = make_customer(world, step=1)
    before = Touchpoint.objects.filter(customer=customer).count()
    response = login(world.rep).post(
        reverse("web:record_first_call", args=[customer.pk]),
        {"outcome": "agreed", "slot_date": tomorrow(), "slot_start": "12:00", "slot_end": "13:00"},
    )
    assert response.status_code == 200
    assert field_codes(response, "slot_start") == ["journey.slot_in_quiet_hours"]
    assert 'id="id_slot_start_error"' in response.content.decode()
    assert Touchpoint.objects.filter(customer=customer).count() == before


def test_quiet_hours_check_warns_before_submit(world, login):
    client = login(world.rep)
    url = reverse("web:slot_check")
    quiet = client.get(url, {"slot_date": tomorrow(), "slot_start": "12:00", "slot_end": "13:00"})
    assert 'id="slot-quiet-warning"' in quiet.content.decode()
    fine = client.get(url, {"slot_date": tomorrow(), "slot_start": "15:00", "slot_end": "16:00"})
    assert 'id="slot-quiet-warning"' not in fine.content.decode()


def test_a_malformed_date_gets_a_chinese_message_next_to_the_field(world, login):
    customer = make_customer(world, step=1)
    response = login(world.rep).post(
        reverse("web:record_first_call", args=[customer.pk]),
        {"outcome": "agreed", "slot_date": "2026-13-45", "slot_start": "15:00", "slot_end": "x"},
    )
    assert response.status_code == 200
    assert field_codes(response, "slot_date") == ["invalid"]
    assert field_codes(response, "slot_end") == ["invalid"]
    assert "有效" in response.content.decode()  # Django's Chinese "输入一个有效的日期。"


def test_first_call_without_outcome_and_repeated_call_without_reason(world, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:record_first_call", args=[customer.pk])
    response = client.post(url, {"notes": "x"})
    assert field_codes(response, "outcome") == ["journey.outcome_invalid"]
    assert client.post(url, {"outcome": "declined"}).status_code == 302
    assert 'id="id_repeat_reason"' in client.get(url).content.decode()
    response = client.post(url, {"outcome": "no_answer"})
    assert field_codes(response, "repeat_reason") == ["journey.repeat_reason_required"]
    assert (
        client.post(url, {"outcome": "no_answer", "repeat_reason": "客户改变主意"}).status_code
        == 302
    )


def test_a_same_day_retry_after_no_answer_needs_no_reason(world, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    url = reverse("web:record_first_call", args=[customer.pk])
    assert client.post(url, {"outcome": "no_answer"}).status_code == 302
    assert 'id="id_repeat_reason"' not in client.get(url).content.decode()
    assert client.post(url, {"outcome": "no_answer"}).status_code == 302
    assert Touchpoint.objects.filter(customer=customer, kind="first_call").count() == 2


def test_first_visit_records_duration_profile_and_location(world, login):
    customer = make_customer(world, step=2)
    client = login(world.rep)
    url = reverse("web:record_first_visit", args=[customer.pk])
    assert "data-geolocate" in client.get(url).content.decode()
    response = client.post(url, {"duration_minutes": "0"})
    assert field_codes(response, "duration_minutes") == ["journey.duration_invalid"]
    response = client.post(
        url,
        {
            "duration_minutes": "45",
            "interests": "广场舞",  # the VIP profile, filled in together, replaces a checkbox
            "family_1_name": "李建国",
            "family_1_relation": "老伴",
            "notes": "一起填了贵宾档案",
            "lat": "39.9",
            "lng": "116.4",
            "accuracy": "20",
        },
    )
    assert response.status_code == 302
    visit = Touchpoint.objects.get(customer=customer, kind="first_visit")
    assert visit.duration_minutes == 45 and visit.profile_completed and visit.accuracy_m == 20
    assert "45 分钟" in timeline_of(client, customer)
    # the same visit twice is refused, not a 500
    response = client.post(url, {"duration_minutes": "45"})
    assert response.status_code == 200
    assert field_codes(response, "__all__") == ["journey.already_recorded"]


def test_second_call_issues_the_named_invitation_with_prefilled_guests(world, login):
    customer = make_customer(world, step=3, name="张桂兰")
    client = login(world.rep)
    url = reverse("web:record_second_call", args=[customer.pk])
    page = client.get(url).content.decode()
    assert 'value="张桂兰"' in page and 'value="李建国"' in page
    assert world.gathering.name in page

    response = client.post(
        url,
        {
            "outcome": "agreed",
            "invitation_accepted": "yes",
            "gathering_id": str(world.gathering.pk),
            "guest_1": "张桂兰",
            "guest_2": "李建国",
            "slot_date": tomorrow(),
            "slot_start": "12:30",
            "slot_end": "13:30",
        },
    )
    assert field_codes(response, "slot_start") == ["journey.slot_in_quiet_hours"]
    assert not Invitation.objects.exists()

    response = client.post(
        url,
        {
            "outcome": "agreed",
            "invitation_accepted": "yes",
            "gathering_id": str(world.gathering.pk),
            "guest_1": "张桂兰",
            "guest_2": "李建国",
            "slot_date": tomorrow(),
            "slot_start": "15:00",
            "slot_end": "16:00",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(customer=customer)
    assert invitation.guest_names == ["张桂兰", "李建国"]
    assert "张桂兰、李建国" in timeline_of(client, customer)


def test_second_call_agreed_needs_an_answer_to_the_invitation(world, login):
    customer = make_customer(world, step=3)
    response = login(world.rep).post(
        reverse("web:record_second_call", args=[customer.pk]), {"outcome": "agreed"}
    )
    assert field_codes(response, "invitation_accepted") == ["journey.invitation_answer_required"]


def test_second_visit_hands_over_the_invitation(world, login):
    customer = make_customer(world, step=4)
    client = login(world.rep)
    url = reverse("web:record_second_visit", args=[customer.pk])
    assert 'id="invitation-info"' in client.get(url).content.decode()
    response = client.post(url, {"notes": "没见到人"})
    assert field_codes(response, "invitation_handed_over") == ["journey.invitation_not_handed_over"]
    assert (
        client.post(url, {"invitation_handed_over": "on", "unprinted_confirmed": "on"}).status_code
        == 302
    )
    assert Invitation.objects.get(customer=customer).state == InvitationState.DELIVERED
    customer.refresh_from_db()
    assert customer.step == 5
    assert "第二次家访·送函" in timeline_of(client, customer)


def test_recording_for_a_customer_who_withdrew_is_refused_without_a_500(world, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    client.post(reverse("web:withdraw_consent", args=[customer.pk]))
    response = client.post(
        reverse("web:record_first_call", args=[customer.pk]), {"outcome": "no_answer"}
    )
    assert response.status_code == 200
    assert field_codes(response, "__all__") == ["customers.not_contactable"]


def test_recording_a_step_out_of_order_is_refused(world, login):
    customer = make_customer(world, step=1)
    response = login(world.rep).post(
        reverse("web:record_first_visit", args=[customer.pk]), {"duration_minutes": "45"}
    )
    assert field_codes(response, "__all__") == ["journey.step_out_of_order"]


def test_second_visit_of_an_unprinted_invitation_says_so_and_asks_for_a_confirmation(world, login):
    customer = make_customer(world, step=4)
    client = login(world.rep)
    url = reverse("web:record_second_visit", args=[customer.pk])
    html = client.get(url).content.decode()
    assert 'id="invitation-unprinted"' in html
    assert 'name="unprinted_confirmed"' in html
    response = client.post(url, {"invitation_handed_over": "on", "notes": "送到了"})
    assert response.status_code == 200
    assert field_codes(response, "unprinted_confirmed") == ["gatherings.invitation_not_printed"]
    assert response.context["form"]["notes"].value() == "送到了"  # what was typed stays
    assert Invitation.objects.get(customer=customer).state == InvitationState.ISSUED
    customer.refresh_from_db()
    assert customer.step == 4
    confirmed = {"invitation_handed_over": "on", "unprinted_confirmed": "on"}
    assert client.post(url, confirmed).status_code == 302
    assert Invitation.objects.get(customer=customer).state == InvitationState.DELIVERED


def test_second_visit_of_a_printed_invitation_asks_nothing_more(world, login):
    from lianyi.gatherings.services.printing import mark_printed

    customer = make_customer(world, step=4)
    mark_printed(by=world.rep, invitation_ids=[customer.invitations.get().pk])
    client = login(world.rep)
    url = reverse("web:record_second_visit", args=[customer.pk])
    html = client.get(url).content.decode()
    assert 'id="invitation-unprinted"' not in html
    assert client.post(url, {"invitation_handed_over": "on"}).status_code == 302
    assert Invitation.objects.get(customer=customer).state == InvitationState.DELIVERED
