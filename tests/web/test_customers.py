"""客户: list and search, registration at the stand, the customer page and its timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lianyi.core.models import AuditEntry
from lianyi.customers.models import Claim, Customer, HealthNote
from lianyi.journey.models import Touchpoint
from tests.conftest import make_customer
from tests.web.conftest import field_codes

MOBILE = "13800138000"


@pytest.fixture
def zhang(world):  # type: ignore[no-untyped-def]
    return make_customer(world, step=1, name="张桂兰", mobile=MOBILE)


@pytest.mark.parametrize(
    "query",
    [
        "桂兰",
        "zhangguilan",
        "zgl",
        "13800138000",
        "138 0013 8000",
        "+86 138-0013-8000",
        "0086 13800138000",
        "8000",
    ],
)
def test_search_finds_by_name_pinyin_initials_mobile_and_last_four(world, login, zhang, query):
    make_customer(world, step=1, name="李建国", sex="M")
    response = login(world.rep).get(reverse("web:customers"), {"q": query})
    rows = response.context["customers"]
    assert [c.pk for c in rows] == [zhang.pk]


def test_search_returns_only_in_scope_rows(world, login, zhang):
    other = make_customer(world, owner=world.rep_other_team, step=1, name="张桂芳")
    response = login(world.rep).get(reverse("web:customers"), {"q": "zhang"})
    content = response.content.decode()
    assert [c.pk for c in response.context["customers"]] == [zhang.pk]
    assert other.name not in content


def test_live_search_returns_the_partial_and_an_empty_state(world, login, zhang):
    client = login(world.rep)
    partial = client.get(reverse("web:customers"), {"q": "桂兰"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert f'id="customer-{zhang.pk}"' in partial.content.decode()
    empty = client.get(reverse("web:customers"), {"q": "没有这个人"}, HTTP_HX_REQUEST="true")
    assert 'id="customers-empty"' in empty.content.decode()


def registration(world, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "source": "stand",
        "name": "张桂兰",
        "sex": "F",
        "birth_year": "1956",
        "mobile": "138 0013 8000",
        "district": "朝阳区",
        "compound": "幸福里小区",
        "building": "3号楼2单元501",
        "companion_name": "李建国",
        "stand_id": str(world.stand.pk),
        "consent_items": ["contact", "profile"],
        "registration_note": "",
    }
    data.update(overrides)
    return data


def test_register_creates_the_customer_and_shows_their_page(world, login):
    client = login(world.rep)
    response = client.post(reverse("web:register"), registration(world), follow=True)
    customer = Customer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("web:customer", args=[customer.pk])
    assert customer.owner == world.rep and customer.mobile == "+8613800138000"
    content = response.content.decode()
    assert "张阿姨" in content and "已登记客户" in content


def test_register_records_the_companions_sex_for_a_polite_invitation(world, login):
    client = login(world.rep)
    client.post(reverse("web:register"), registration(world, companion_sex="M"))
    assert Customer.objects.get().companion_sex == "M"


def test_register_form_shows_the_stands_and_the_consent_choices(world, login):
    content = login(world.rep).get(reverse("web:register")).content.decode()
    assert world.stand.name in content
    assert 'id="id_consent_items_0"' in content and 'id="id_consent_health"' in content


def test_a_referrer_search_with_a_nul_byte_finds_nobody(world, login, zhang):
    response = login(world.rep).get(reverse("web:referrer_options"), {"referrer_q": "zgl\x00"})
    assert response.status_code == 200
    assert f'value="{zhang.pk}"' not in response.content.decode()


def test_register_by_referral_needs_no_stand_and_enters_at_the_first_call(world, login, zhang):
    client = login(world.rep)
    options = client.get(reverse("web:referrer_options"), {"referrer_q": "zgl"})
    assert f'value="{zhang.pk}"' in options.content.decode()
    data = registration(
        world, source="referral", stand_id="", referrer_id=str(zhang.pk), mobile="13900001111"
    )
    response = client.post(reverse("web:register"), data)
    assert response.status_code == 302
    referred = Customer.objects.get(mobile="+8613900001111")
    assert referred.referrer == zhang and referred.next_action == "first_call"


def test_duplicate_mobile_of_another_rep_shows_the_message_and_creates_no_customer(world, login):
    make_customer(world, owner=world.rep_other_team, step=1, mobile=MOBILE)
    response = login(world.rep).post(
        reverse("web:register"), registration(world, mobile="+86 138-0013-8000")
    )
    assert response.status_code == 200
    assert field_codes(response, "mobile") == ["customers.duplicate_mobile"]
    assert 'id="id_mobile_error"' in response.content.decode()
    assert Customer.objects.count() == 1
    assert Claim.objects.filter(claimant=world.rep).count() == 1
    # the second rep learns nothing about the customer or the other rep
    assert world.rep_other_team.display_name not in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"mobile": "12345"}, "mobile", "customers.mobile_invalid"),
        ({"birth_year": "1899"}, "birth_year", "customers.birth_year_invalid"),
        (
            {"birth_year": str(timezone.now().year + 1)},
            "birth_year",
            "customers.birth_year_invalid",
        ),
        ({"name": "  "}, "name", "required"),
        ({"registration_note": "字" * 10_001}, "registration_note", "text_too_long"),
        ({"consent_items": ["contact"]}, "consent_items", "customers.consent_required"),
        ({"stand_id": ""}, "stand_id", "customers.stand_required"),
        ({"birth_year": "一九五六"}, "birth_year", "invalid"),
    ],
)
def test_register_bad_input_is_shown_next_to_the_field_and_nothing_is_written(
    world, login, overrides, field, code
):
    audit_before = AuditEntry.objects.count()
    response = login(world.rep).post(reverse("web:register"), registration(world, **overrides))
    assert response.status_code == 200
    assert field_codes(response, field) == [code]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Customer.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_html_in_a_note_is_escaped_on_the_timeline(world, login):
    client = login(world.rep)
    note = '<script>alert("x")</script><b>bold</b>'
    client.post(reverse("web:register"), registration(world, registration_note=note))
    customer = Customer.objects.get()
    assert Touchpoint.objects.get(customer=customer).notes == note  # stored as typed
    content = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert "<script>alert" not in content and "<b>bold</b>" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in content


def test_customer_page_shows_header_timeline_and_next_step(world, login):
    customer = make_customer(world, step=4, name="张桂兰")
    content = login(world.rep).get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert "张阿姨" in content and f"tel:{customer.mobile}" in content
    assert "幸福里小区" in content and "李建国" in content
    for label in ("现场沟通·登记台", "第一次电话·预热", "第一次家访·了解", "第二次电话·邀请"):
        assert label in content
    assert content.count('class="timeline__item') == 5
    assert "第二次家访（送邀请函）" in content  # the next due action
    assert reverse("web:record_second_visit", args=[customer.pk]) in content
    assert world.gathering.name in content  # the invitation on the timeline
    assert 'id="show-health-notes"' in content


def test_health_notes_load_on_demand_audited_and_only_for_owner_and_supervisor(world, login):
    customer = make_customer(world, step=0, health_consent=True)
    from lianyi.journey.services import Contact, record_stand_note

    record_stand_note(
        by=world.rep, customer_id=customer.pk, desk="checkup", contact=Contact(notes="血压偏高")
    )
    client = login(world.rep)
    page = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert "血压偏高" not in page
    url = reverse("web:health_notes", args=[customer.pk])
    assert "血压偏高" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="customers.health_notes.read").count() == 1
    assert "血压偏高" in login(world.supervisor).get(url).content.decode()
    response = login(world.manager).get(url)
    assert response.status_code == 404 and "血压偏高" not in response.content.decode()
    assert HealthNote.objects.count() == 1


def test_withdraw_consent_takes_the_customer_off_today(world, login):
    customer = make_customer(world, step=1)
    client = login(world.rep)
    response = client.post(reverse("web:withdraw_consent", args=[customer.pk]))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert not customer.consent_contact
    assert f'id="agenda-{customer.pk}"' not in client.get(reverse("web:today")).content.decode()
    page = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert 'id="not-contactable"' in page and 'id="record-next"' not in page


def test_reassign_shows_the_protection_period_and_its_refusal(world, login):
    customer = make_customer(world, step=1)
    client = login(world.supervisor)
    page = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert 'id="protection-ends"' in page
    response = client.post(
        reverse("web:reassign", args=[customer.pk]),
        {"to_user_id": world.rep_same_team.pk, "reason": "原专员离职"},
    )
    assert response.status_code == 200
    form = response.context["reassign_form"]
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["customers.protection_period"]
    customer.refresh_from_db()
    assert customer.owner == world.rep


def test_reassign_after_the_protection_period_moves_the_customer(world, login):
    customer = make_customer(world, step=1)
    Customer.objects.filter(pk=customer.pk).update(
        last_contact_at=timezone.now() - timezone.timedelta(days=40),
        created_at=timezone.now() - timezone.timedelta(days=40),
    )
    response = login(world.supervisor).post(
        reverse("web:reassign", args=[customer.pk]),
        {"to_user_id": world.rep_same_team.pk, "reason": "原专员离职"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.owner == world.rep_same_team


def test_a_rep_has_no_reassign_form(world, login):
    customer = make_customer(world, step=1)
    page = login(world.rep).get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert 'id="reassign-form"' not in page
