"""Fill the customers' visit location (``customers.0008``) from the touchpoints recorded so far:
the latest touchpoint with a location, as ``refresh_progress`` writes it from now on."""

from django.db import migrations


def copy_latest_visit_location(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    Touchpoint = apps.get_model("journey", "Touchpoint")
    located = (
        Touchpoint.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("customer_id", "-occurred_at", "-id")
        .values_list("customer_id", "latitude", "longitude")
    )
    seen = set()
    for customer_id, latitude, longitude in located.iterator(chunk_size=2000):
        if customer_id in seen:
            continue
        seen.add(customer_id)
        Customer.objects.filter(pk=customer_id).update(
            visit_latitude=latitude, visit_longitude=longitude
        )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0008_customer_visit_location"),
        ("journey", "0002_initial"),
    ]

    operations = [migrations.RunPython(copy_latest_visit_location, migrations.RunPython.noop)]
