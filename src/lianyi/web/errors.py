"""How pages show a refusal from a service: next to the field it names, or at the top; an id
that is missing or out of scope becomes the one 404 page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django import forms
from django.http import Http404

from lianyi.core.errors import CoreCode, DomainError


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
    ``aliases`` when the service's name differs from the form's), else at the top."""
    if is_not_found(error):
        raise Http404(error.message)
    field = str(error.extra.get("field") or "")
    field = (aliases or {}).get(field, field)
    # The code travels with the message so that tests can assert it rather than the wording.
    message = forms.ValidationError(error.message, code=error.code)
    form.add_error(field if field in form.fields else None, message)
