"""Small helpers every page view uses: POST actions, service errors onto forms, htmx detection, keyset
parameters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

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


Target = str | HttpResponse


def _response(target: Target) -> HttpResponse:
    return target if isinstance(target, HttpResponse) else redirect(target)


def page_action(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None,
    redirect_to: Target | Callable[[Any], Target],
    error_redirect: Target | Callable[[ApplicationError], Target] | None = None,
) -> HttpResponse:
    """A page's POST action in one call: run the service, flash its outcome, redirect.

    ``action`` does the write (usually a lambda around one service call). When it returns, ``success`` is
    shown (a function of the action's result when the message quotes it; ``None`` when the next page shows
    the outcome itself) and the browser goes to
    ``redirect_to`` (a URL, a URL name, a response, or a function of the result). When it raises
    :class:`ApplicationError` its message is shown and the browser goes to ``error_redirect`` (default: the
    same place; a function of the error when it says where to go). A form value that does not parse
    (``ValueError``, e.g. a forged version number) is answered like a stale page.
    """
    try:
        result = action()
    except (ApplicationError, ValueError) as exc:
        error = (
            exc
            if isinstance(exc, ApplicationError)
            else ApplicationError(_("操作不正确，请刷新页面后重试。"))
        )
        messages.error(request, error.message)
        target = redirect_to if error_redirect is None else error_redirect
        if callable(target):
            if error_redirect is None:
                raise TypeError(
                    "page_action: a redirect_to that needs the result needs an error_redirect"
                ) from exc
            target = target(error)
        return _response(target)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return _response(redirect_to(result) if callable(redirect_to) else redirect_to)


def form_data(form: forms.Form, *, invalid: str) -> dict[str, Any]:
    """The form's cleaned data, or :class:`ApplicationError` with ``invalid`` (for :func:`page_action`)."""
    if not form.is_valid():
        raise ApplicationError(invalid)
    return form.cleaned_data


def save_form(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    redirect_to: Target | Callable[[Any], Target],
    fields: dict[str, str] | None = None,
) -> HttpResponse | None:
    """A form page's POST in one call: on a valid POST run ``save(cleaned_data)``, flash ``success`` and
    return the redirect to ``redirect_to`` (either may be a function of what ``save`` returned).

    Returns ``None`` when the page should be shown (a GET, an invalid form, or a service error, which
    :func:`add_service_error` puts on the form)::

        if saved := save_form(request, form, lambda data: services.park_create(...), success=…, redirect_to=…):
            return saved
        return render(request, "…", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ApplicationError as exc:
        add_service_error(form, exc, fields=fields)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return _response(redirect_to(result) if callable(redirect_to) else redirect_to)
