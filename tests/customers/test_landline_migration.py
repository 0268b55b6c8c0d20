"""The data migration that normalises stored landlines before they become unique per company:
the first customer keeps a shared landline, the others' is set aside in the audit log."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from lianyi.core.models import AuditEntry
from lianyi.customers.models import Customer
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db(transaction=True)


def test_stored_landlines_are_normalised_and_a_shared_one_is_kept_by_the_first(world):
    # given: the schema before the constraint, with landlines stored as they were typed
    # (the customers are registered first, through today's services and schema)
    first, second, third, alone = (
        make_customer(world, owner=owner, step=0, name=name)
        for owner, name in (
            (world.rep, "张桂兰"),
            (world.rep_other_team, "王秀英"),
            (world.rep_other_dept, "赵淑芬"),
            (world.rep, "刘老师"),
        )
    )
    call_command("migrate", "customers", "0003", verbosity=0)
    for customer, stored in (
        (first, "021-6234 5678"),
        (second, "(021) 62345678"),
        (third, "+86 21 6234 5678"),
        (alone, "010 6552 9988"),
    ):
        Customer.objects.filter(pk=customer.pk).update(landline=stored)

    # when (every app: going back to customers 0003 also unapplied the migrations that depend
    # on later customers ones, such as the orders')
    call_command("migrate", verbosity=0)

    # then: one holder per normalised landline, the others' recorded in the audit log
    landlines = dict(Customer.objects.values_list("pk", "landline"))
    assert landlines[first.pk] == "+862162345678"
    assert landlines[second.pk] == landlines[third.pk] == ""
    assert landlines[alone.pk] == "+861065529988"
    set_aside = AuditEntry.objects.filter(action="customers.landline.set_aside")
    assert {(e.object_id, e.changes["landline"][0]) for e in set_aside} == {
        (str(second.pk), "(021) 62345678"),
        (str(third.pk), "+86 21 6234 5678"),
    }
    assert {e.data["kept_by_customer"] for e in set_aside} == {first.pk}
    assert {e.data["landline"] for e in set_aside} == {"+862162345678"}
    assert all(e.company_id == world.company.pk for e in set_aside)
    # the mobiles they also have are untouched
    assert Customer.objects.filter(pk=second.pk).values_list("mobile", flat=True).get()
