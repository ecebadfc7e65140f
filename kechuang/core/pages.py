"""Small helpers every page view uses: POST actions, service errors onto forms, htmx detection, keyset
parameters."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


def add_service_error(
    form: forms.Form, exc: ApplicationError, *, fields: dict[str, str] | None = None
) -> None:
    """Show a service's :class:`ApplicationError` on the form: on its field if the form has it, else on top.

    ``fields`` maps service field names to form field names when they differ. When the service names every
    problem at once (``extra["fields"]``: field → message), each lands beside its own field.
    """
    problems = exc.extra.get("fields")
    if isinstance(problems, dict) and problems:
        # every problem a resolver found at once, each beside its field
        for name, message in problems.items():
            name = fields.get(name, name) if fields else name
            form.add_error(name if name in form.fields else None, message)
        return
    field = exc.extra.get("field")
    if fields and field in fields:
        field = fields[field]
    form.add_error(field if field in form.fields else None, exc.message)


def checked_by_service(form: forms.Form, *names: str) -> None:
    """Mark ``names`` required on the page but leave the check to the service's resolver, so an empty one
    is reported together with every other problem of the form rather than alone."""
    for name in names:
        form.fields[name].required = False
        form.fields[name].widget.attrs["data_required"] = "1"


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def int_param(request: HttpRequest, name: str) -> int | None:
    """A positive integer query parameter, or None when absent or malformed (a forged cursor is ignored)."""
    value = request.GET.get(name, "")
    if not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def region_code_param(request: HttpRequest, name: str = "region") -> str:
    """A region code from the query string: six digits (a 行政区划代码), else "" (the filter is ignored)."""
    value = request.GET.get(name, "").strip()
    return value if len(value) == 6 and value.isascii() and value.isdigit() else ""


def section_param(request: HttpRequest, name: str = "section") -> str:
    """An industry section (门类) from the query string: one Latin letter, upper-cased, else ""."""
    value = request.GET.get(name, "").strip()
    return value.upper() if len(value) == 1 and value.isascii() and value.isalpha() else ""


def page_size(request: HttpRequest) -> int:
    size = int_param(request, "size")
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


def cleaned(form: forms.Form, name: str, default: Any = "") -> Any:
    """A cleaned value that survived validation (invalid fields fall back to ``default``)."""
    data = getattr(form, "cleaned_data", {}) or {}
    value = data.get(name)
    return default if value is None else value


Target = str | HttpResponse
Message = str | Promise  # a message, possibly lazy (``gettext_lazy`` in a decorator)


def _response(target: Target) -> HttpResponse:
    return target if isinstance(target, HttpResponse) else redirect(target)


def page_action(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    success: Message | Callable[[Any], Message] | None,
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
        messages.success(request, str(success(result) if callable(success) else success))
    return _response(redirect_to(result) if callable(redirect_to) else redirect_to)


def post_action(
    *,
    success: Message | Callable[[Any], Message] | None,
    redirect_to: str | Callable[..., Target],
    error_redirect: str | Callable[..., Target] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """:func:`page_action` declared on a view: sign-in and POST required, the view does the write and
    returns its result, the decorator shows the message and redirects.

    ``redirect_to`` (and ``error_redirect``) is a URL name reversed with the view's own arguments (the
    detail page of the object acted on) or a function of the request and those arguments. ``success`` is
    lazy text or a function of the view's result::

        @post_action(success=gettext_lazy("需求已关闭。"), redirect_to="market:demand_detail")
        def demand_close(request, pk):
            demand = selectors.demand_get(user=request.user, pk=pk, action="close")
            return services.demand_close(demand=demand, actor=request.user)
    """

    def target(spec: str | Callable[..., Target], request: HttpRequest, args: Any, kwargs: Any) -> Target:
        return spec(request, *args, **kwargs) if callable(spec) else reverse(spec, args=args, kwargs=kwargs)

    def decorator(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def act(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return page_action(
                request,
                lambda: view(request, *args, **kwargs),
                success=success,
                redirect_to=target(redirect_to, request, args, kwargs),
                error_redirect=None
                if error_redirect is None
                else target(error_redirect, request, args, kwargs),
            )

        return login_required(require_POST(act))

    return decorator


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
    success: Message | Callable[[Any], Message],
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
    messages.success(request, str(success(result) if callable(success) else success))
    return _response(redirect_to(result) if callable(redirect_to) else redirect_to)
