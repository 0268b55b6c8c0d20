"""Recording that a customer withdrew consent: one rule in the service, the same for the page
and the API. Whoever hears the customer ask (their rep, the supervisor, the manager, customer
service) records it; the configuration-only administrator does not."""

from __future__ import annotations

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.models import Customer
from lianyi.journey.services import withdraw_consent
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def test_the_administrator_cannot_record_a_withdrawal_and_nothing_changes(world):
    customer = make_customer(world)
    with pytest.raises(DomainError) as refused:
        withdraw_consent(by=world.admin, customer_id=customer.pk)
    assert refused.value.code == "forbidden"
    assert Customer.objects.get(pk=customer.pk).consent_contact
    assert not AuditEntry.objects.filter(action="customers.consent.withdrawn").exists()


def test_customer_service_records_a_withdrawal_from_the_customer_page(world, login):
    customer = make_customer(world)
    client = login(world.service)
    assert b"withdraw-consent" in client.get(f"/customers/{customer.pk}/").content
    response = client.post(f"/customers/{customer.pk}/withdraw-consent/")
    assert response.status_code == 302
    assert not Customer.objects.get(pk=customer.pk).consent_contact
    assert AuditEntry.objects.filter(action="customers.consent.withdrawn").count() == 1


def test_the_administrator_sees_no_withdraw_button(world, login):
    customer = make_customer(world)
    page = login(world.admin).get(f"/customers/{customer.pk}/").content
    assert b"withdraw-consent" not in page
