"""How pages show a refusal from a service: next to the field it names, or at the top; an id
that is missing or out of scope becomes the one 404 page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django import forms
from django.http import Http404

from lianyi.core.errors import CoreCode, DomainError, InvalidInput


def is_not_found(error: DomainError) -> bool:
    """A missing id, an id out of scope and a missing capability all answer 404 on pages."""
    return error.status == 404 or error.code == CoreCode.FORBIDDEN


@contextmanager
def not_found_as_404() -> Iterator[None]:
    try:
        yield
    except DomainError as error:
        if is_not_found(error):
            raise Http404(error.message) from None
        raise


def attach_error(
    form: forms.BaseForm, error: DomainError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show ``error.message`` next to the field named in ``error.extra["field"]`` (through
    ``aliases`` when the service's name differs from the form's), else at the top. Several
    refusals at once (``InvalidInput``) are each shown next to their field; a field that the
    form already refused keeps only the form's message (the same problem, said once)."""
    if is_not_found(error):
        raise Http404(error.message)
    for one in error.errors if isinstance(error, InvalidInput) else [error]:
        field = str(one.extra.get("field") or "")
        field = (aliases or {}).get(field, field)
        target = field if field in form.fields else None
        if target is not None and target in form.errors:
            continue
        # The code travels with the message so that tests can assert it rather than the wording.
        form.add_error(target, forms.ValidationError(one.message, code=one.code))
