"""The one error type services raise for expected, user-facing failures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class ApplicationError(Exception):
    """A failure the user can understand and act on.

    ``message`` is already translated (services wrap it in ``gettext``); ``extra`` carries structured
    details such as per-field or per-row errors. The API renders it as ``{"message", "extra"}``, pages
    show ``message`` as a form error.
    """

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message


def raise_problems(problems: Mapping[str, str]) -> None:
    """Refuse with every problem of an input at once, if there is any: the first one is the message,
    ``extra["field"]`` names its field and ``extra["fields"]`` holds them all (field → message)."""
    if problems:
        field, message = next(iter(problems.items()))
        raise ApplicationError(message, extra={"field": field, "fields": dict(problems)})


def collect(problems: dict[str, str], field: str, clean: Callable[[], T]) -> T | None:
    """``clean()``'s value; or ``None``, with its refusal recorded as ``field``'s problem (for inputs whose
    problems are all reported at once with :func:`raise_problems`)."""
    try:
        return clean()
    except ApplicationError as exc:
        problems[field] = exc.message
        return None
