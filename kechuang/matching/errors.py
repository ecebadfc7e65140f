"""Errors raised by the matching engine.  All carry a plain, user-facing message."""

from __future__ import annotations


class MatchingError(Exception):
    """Base class; ``str(exc)`` is the message shown to the user."""


class QueryError(MatchingError):
    """The query is empty, too long, or names an unknown filter."""


class DocumentError(MatchingError):
    """A document is malformed (missing id, wrong type of field…)."""


class IndexCorruptError(MatchingError):
    """The on-disk index cannot be read."""
