"""The workbench (工作台): what waits for a user across every capability, composed from each app's
``work.pending_for(user)``. The portal imports the apps; the apps never import the portal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kechuang.core.work import WorkItem
from kechuang.market.selectors import work as market_work
from kechuang.policies import work as policies_work
from kechuang.programs import work as programs_work
from kechuang.quality import work as quality_work
from kechuang.recognition import work as recognition_work
from kechuang.registry import work as registry_work
from kechuang.resources import work as resources_work
from kechuang.review import work as review_work
from kechuang.targets import work as targets_work

SOURCES: tuple[Callable[[Any], list[WorkItem]], ...] = (
    registry_work.pending_for,
    review_work.pending_for,
    recognition_work.pending_for,
    policies_work.pending_for,
    market_work.pending_for,
    programs_work.pending_for,
    resources_work.pending_for,
    quality_work.pending_for,
    targets_work.pending_for,
)


def pending_for(user: Any) -> list[tuple[str, list[WorkItem]]]:
    """The user's waiting work grouped by capability, in the sources' order; overdue items first within
    a group, then by due date. Empty for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return []
    groups: dict[str, list[WorkItem]] = {}
    for source in SOURCES:
        for item in source(user):
            if item.count:
                groups.setdefault(item.section, []).append(item)
    return [
        (section, sorted(items, key=lambda i: (not i.overdue, i.due or dt.date.max)))
        for section, items in groups.items()
    ]
