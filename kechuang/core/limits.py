"""One bound on every free text a user sends: ``KECHUANG_MAX_TEXT_LENGTH`` characters (50,000 by default —
some twenty-five pages of Chinese; the longest texts the platform keeps, a call's notice or an
application's summary, stay far below). It is the backstop: names, titles and codes have their own,
much shorter, model limits checked by ``full_clean`` in the services, and some long texts a tighter
bound of their own with an in-form message (the market's 20,000); this one reaches the long texts
(``TextField``) and form and serializer fields that declare none.

It is applied where every request passes, so no form or serializer can forget it: the API's parsers
(JSON, form and multipart bodies: :func:`first_overlong` in ``kechuang.core.parsers``) and, for pages,
:class:`TextLengthMiddleware` on form posts. A refused request writes nothing and says which field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def max_text_length() -> int:
    return int(getattr(settings, "KECHUANG_MAX_TEXT_LENGTH", 50_000))


def first_overlong(data: Any, limit: int | None = None) -> str | None:
    """The path (``summary``, ``budget[2].note``) of the first string in ``data`` longer than the limit,
    or None. Walks dicts, lists and QueryDicts without recursion."""
    limit = max_text_length() if limit is None else limit
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if len(value) > limit:
                return path or "body"
        elif hasattr(value, "lists"):  # QueryDict: every value of every key
            stack.extend((str(k), v) for k, vs in value.lists() for v in vs)
        elif isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
            stack.extend(("key", k) for k in value if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
    return None


def overlong_message(field: str) -> str:
    return _("“%(field)s”内容过长：每项文字最多%(limit)s个字符。") % {
        "field": field,
        "limit": max_text_length(),
    }


class TextLengthMiddleware:
    """Pages: a form post with a text field over the bound answers 400 with the message (nothing runs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"POST", "PUT", "PATCH"} and not request.path.startswith("/api/"):
            content_type = request.content_type or ""
            if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                field = first_overlong(request.POST)
                if field is not None:
                    return render(
                        request,
                        "core/input_too_long.html",
                        {"message": overlong_message(field)},
                        status=400,
                    )
        return self.get_response(request)
