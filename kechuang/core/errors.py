"""The one error type services raise for expected, user-facing failures."""

from __future__ import annotations

from typing import Any


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
