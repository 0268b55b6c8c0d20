"""Search finds a phone number by any run of its digits ("159 9490"): a substring LIKE on the
E.164 mobile and landline. On PostgreSQL a trigram GIN index serves it (pg_trgm is a trusted
extension: a database owner may create it); SQLite has no such index and scans, which at its
sizes is fine."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS customer_mobile_trgm ON customers_customer "
    "USING gin (mobile gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS customer_landline_trgm ON customers_customer "
    "USING gin (landline gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS customer_landline_trgm",
    "DROP INDEX IF EXISTS customer_mobile_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("customers", "0009_vip_profile")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
