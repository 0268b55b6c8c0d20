"""lianyi.core.rows.from_row: a row of written-out SQL becomes the instance the ORM would make."""

from __future__ import annotations

from django.db import connection

from lianyi.core.rows import from_row
from lianyi.gatherings.models import Invitation
from tests.conftest import make_customer


def test_a_row_in_any_column_order_loads_those_fields_converted(world):
    invitation = make_customer(world, step=5).invitations.get()
    names = ("state", "guest_names", "id", "issued_at")  # not in the model's order
    fields = [Invitation._meta.get_field(name) for name in names]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(q(f.column) for f in fields)} "
            f"FROM {q(Invitation._meta.db_table)} WHERE id = %s",
            [invitation.pk],
        )
        row = cursor.fetchone()

    loaded = from_row(Invitation, fields, row)

    stored = Invitation.objects.get(pk=invitation.pk)
    assert (loaded.pk, loaded.state, loaded.guest_names, loaded.issued_at) == (
        stored.pk,
        stored.state,
        stored.guest_names,
        stored.issued_at,
    )
    assert isinstance(loaded.guest_names, list)
    assert loaded.issued_at.tzinfo is not None
    assert loaded.get_deferred_fields() >= {"token", "customer_id"}
    assert not loaded._state.adding
