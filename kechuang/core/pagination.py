"""Keyset pagination for pages (the API has its own cursor class in ``kechuang.core.api``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Page:
    """One keyset page: ``rows`` newest first; ``next_after``/``prev_before`` are ids to continue from."""

    rows: list[Any]
    next_after: int | None
    prev_before: int | None


def keyset_page(
    qs: QuerySet,
    *,
    after: int | None = None,
    before: int | None = None,
    size: int = 50,
    oldest_first: bool = False,
) -> Page:
    """Page ``qs`` by id without OFFSET: cost is the same on page 1 and page 2,000. One query.

    Newest first by default (``oldest_first`` for queues). ``after`` continues past an id (next page);
    ``before`` goes back to the rows preceding one (previous page).
    """
    forward, backward = ("id", "-id") if oldest_first else ("-id", "id")
    past, preceding = ("id__gt", "id__lt") if oldest_first else ("id__lt", "id__gt")
    if before is not None:
        rows = list(qs.filter(**{preceding: before}).order_by(backward)[: size + 1])
        has_more = len(rows) > size
        rows = list(reversed(rows[:size]))
        return Page(
            rows=rows, next_after=rows[-1].id if rows else None, prev_before=rows[0].id if has_more else None
        )
    page_qs = qs.order_by(forward)
    if after is not None:
        page_qs = page_qs.filter(**{past: after})
    rows = list(page_qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return Page(
        rows=rows,
        next_after=rows[-1].id if has_more and rows else None,
        prev_before=rows[0].id if after is not None and rows else None,
    )
