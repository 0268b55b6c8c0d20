"""Login, 更多, 撞单 and the audit log, and the English switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from lianyi.core.audit import audit
from lianyi.core.errors import Conflict
from lianyi.customers.models import Claim, ClaimState
from lianyi.customers.services import Registration, protection_ends_at
from lianyi.journey.services import register_customer
from tests.conftest import make_customer


def test_login_lands_on_today_and_logout_is_a_post(client, world):
    page = client.get(reverse("web:login"))
    assert page.status_code == 200 and 'id="id_username"' in page.content.decode()
    response = client.post(reverse("web:login"), {"username": "rep_a", "password": "pass-1234"})
    assert response.status_code == 302 and response["Location"] == reverse("web:today")
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:today")).status_code == 302


def test_wrong_password_is_refused_on_the_page(client, world):
    response = client.post(reverse("web:login"), {"username": "rep_a", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_more_links_follow_capabilities(world, login):
    rep_page = login(world.rep).get(reverse("web:more")).content.decode()
    assert 'id="link-claims"' not in rep_page and 'id="link-audit"' not in rep_page
    assert 'id="lang-en"' in rep_page and 'id="logout-submit"' in rep_page
    sup_page = login(world.supervisor).get(reverse("web:more")).content.decode()
    assert 'id="link-claims"' in sup_page and 'id="link-audit"' not in sup_page
    admin_page = login(world.admin).get(reverse("web:more")).content.decode()
    assert 'id="link-audit"' in admin_page


@pytest.fixture
def claim(world):  # type: ignore[no-untyped-def]
    customer = make_customer(world, step=1, name="张桂兰", mobile="13700001234")
    with pytest.raises(Conflict):
        register_customer(
            by=world.rep_same_team,
            data=Registration(
                name="张桂兰",
                sex="F",
                phone="13700001234",
                consent_items=["contact", "profile"],
                stand_id=world.stand.pk,
            ),
        )
    return Claim.objects.get(customer=customer)


def run_out_protection(world) -> None:  # type: ignore[no-untyped-def]
    """make_customer's last contact was 10 days ago: a 5-day protection period is over."""
    world.company.protection_days = 5
    world.company.save(update_fields=["protection_days"])


def test_claims_page_lists_open_claims_for_the_supervisor_only(world, login, claim):
    run_out_protection(world)
    page = login(world.supervisor).get(reverse("web:claims")).content.decode()
    assert f'id="claim-{claim.pk}"' in page and "张桂兰" in page
    assert f'id="claim-{claim.pk}-transfer-confirm"' in page
    assert login(world.rep).get(reverse("web:claims")).status_code == 404
    other = login(world.supervisor_other_team).get(reverse("web:claims")).content.decode()
    assert 'id="claims-empty"' in other


def test_a_claim_card_inside_the_protection_period_offers_only_keeping(world, login, claim):
    page = login(world.supervisor).get(reverse("web:claims")).content.decode()
    customer = claim.customer
    ends = timezone.localtime(protection_ends_at(customer)).strftime("%Y-%m-%d")
    assert f"保护期至 {ends}" in page
    assert timezone.localtime(customer.last_contact_at).strftime("%Y-%m-%d %H:%M") in page
    assert str(world.rep.team) in page and str(world.rep_same_team.team) in page
    assert f'href="{reverse("web:customer", args=[customer.pk])}"' in page
    assert f'id="claim-{claim.pk}-keep-confirm"' in page
    assert f'id="claim-{claim.pk}-transfer-confirm"' not in page


def test_transferring_a_claim_inside_the_protection_period_is_refused(world, login, claim):
    response = login(world.supervisor).post(
        reverse("web:resolve_claim", args=[claim.pk]), {"decision": "transfer"}, follow=True
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.state == ClaimState.OPEN
    assert claim.customer.owner == world.rep
    assert f'id="claim-{claim.pk}-keep-confirm"' in response.content.decode()


def test_transferring_a_claim_moves_the_customer_and_closes_it(world, login, claim):
    run_out_protection(world)
    client = login(world.supervisor)
    response = client.post(
        reverse("web:resolve_claim", args=[claim.pk]), {"decision": "transfer"}, follow=True
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.state == ClaimState.TRANSFERRED
    assert claim.customer.owner == world.rep_same_team
    assert 'id="claims-empty"' in response.content.decode()
    again = client.post(reverse("web:resolve_claim", args=[claim.pk]), {"decision": "keep"})
    assert again.status_code == 302  # refused with a message, never a 500
    claim.refresh_from_db()
    assert claim.state == ClaimState.TRANSFERRED


def test_audit_log_is_for_administrators_newest_first_and_filtered(world, login):
    make_customer(world, step=1)
    assert login(world.rep).get(reverse("web:audit")).status_code == 404
    client = login(world.admin)
    response = client.get(reverse("web:audit"))
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert entries and entries == sorted(entries, key=lambda e: (e.at, e.pk), reverse=True)
    filtered = client.get(reverse("web:audit"), {"action": "customers."})
    actions = {e.action for e in filtered.context["page"].object_list}
    assert actions == {"customers.customer.registered"}


def test_audit_log_is_paginated(world, login):
    for i in range(60):
        audit(world.admin, "org.settings.changed", world.stand, data={"i": i})
    client = login(world.admin)
    first = client.get(reverse("web:audit"))
    assert len(first.context["page"].object_list) == 50 and 'rel="next"' in first.content.decode()
    second = client.get(reverse("web:audit"), {"page": 2})
    assert second.context["page"].number == 2


ENGLISH_CATALOGUE = Path(settings.BASE_DIR) / "src/lianyi/locale/en/LC_MESSAGES/django.mo"


@pytest.mark.skipif(not ENGLISH_CATALOGUE.exists(), reason="English catalogue not compiled yet")
def test_today_in_english_after_the_switch(world, login):
    client = login(world.rep)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("web:today")})
    content = client.get(reverse("web:today")).content.decode()
    with translation.override("en"):
        heading = translation.gettext("今日")
        empty = translation.gettext("今天没有到期的电话或家访。可以去客户列表看看，或登记新客户。")
    assert heading != "今日"
    assert '<html lang="en"' in content
    assert heading in content and empty in content


def test_chinese_is_the_default_language(world, login):
    content = login(world.rep).get(reverse("web:today")).content.decode()
    assert '<html lang="zh-hans"' in content and "接下来 7 天" in content
