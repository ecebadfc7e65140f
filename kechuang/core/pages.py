"""Small helpers every page view uses: service errors onto forms, htmx detection, keyset parameters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from kechuang.core.errors import ApplicationError

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


def add_service_error(
    form: forms.Form, exc: ApplicationError, *, fields: dict[str, str] | None = None
) -> None:
    """Show a service's :class:`ApplicationError` on the form: on its field if the form has it, else on top.

    ``fields`` maps service field names to form field names when they differ.
    """
    field = exc.extra.get("field")
    if fields and field in fields:
        field = fields[field]
    form.add_error(field if field in form.fields else None, exc.message)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def int_param(request: HttpRequest, name: str) -> int | None:
    """A positive integer query parameter, or None when absent or malformed (a forged cursor is ignored)."""
    value = request.GET.get(name, "")
    if not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def page_size(request: HttpRequest) -> int:
    size = int_param(request, "size")
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


def cleaned(form: forms.Form, name: str, default: Any = "") -> Any:
    """A cleaned value that survived validation (invalid fields fall back to ``default``)."""
    data = getattr(form, "cleaned_data", {}) or {}
    value = data.get(name)
    return default if value is None else value
