"""The menu: each app's ``nav.py`` offers ``items(user) -> list[tuple[label, url]]``; the portal groups
them by capability (a side menu for signed-in users, one row for visitors).

``SECTIONS`` lists the groups in the order the menu shows them, each with the apps' ``items`` it gathers.
A new app with a ``nav.py`` adds one import and its function to a group below. Which entries a user sees
is the app's decision (``items`` shows only what the user may open); the portal drops empty groups and
marks exactly one entry active: the one whose address is the longest prefix of the current page's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kechuang.market import nav as market_nav
from kechuang.policies import nav as policies_nav
from kechuang.portal import nav as portal_nav
from kechuang.programs import nav as programs_nav
from kechuang.quality import nav as quality_nav
from kechuang.recognition import nav as recognition_nav
from kechuang.registry import nav as registry_nav
from kechuang.resources import nav as resources_nav
from kechuang.targets import nav as targets_nav

NavItems = Callable[[Any], list[tuple[str, str]]]

SECTIONS: tuple[tuple[Promise, tuple[NavItems, ...]], ...] = (
    (_("主体与园区"), (registry_nav.items,)),
    (_("认定与评审"), (recognition_nav.items,)),  # recognition's entries also link carriers and review
    (_("成果转化"), (market_nav.items,)),
    (_("政策服务"), (policies_nav.items,)),
    (_("科技计划"), (programs_nav.items,)),
    (_("知识产权与维权"), (quality_nav.items,)),
    (_("目标考核"), (targets_nav.items,)),
    (_("资源共享"), (resources_nav.items,)),
    (_("公开信息"), (portal_nav.items,)),  # announcements, guides, search: last, for everyone
)


@dataclass
class Entry:
    label: str
    url: str
    active: bool = False


@dataclass
class Group:
    label: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(e.active for e in self.entries)


def groups(user: Any, path: str = "") -> list[Group]:
    """The menu for ``user`` on the page at ``path``: non-empty groups, one entry (at most) active."""
    out: list[Group] = []
    for label, sources in SECTIONS:
        group = Group(str(label))
        seen: set[str] = set()
        for source in sources:
            for entry_label, url in source(user):
                if url not in seen:
                    seen.add(url)
                    group.entries.append(Entry(entry_label, url))
        if group.entries:
            out.append(group)
    best: Entry | None = None
    for group in out:
        for entry in group.entries:
            if path.startswith(entry.url) and (best is None or len(entry.url) > len(best.url)):
                best = entry
    if best is not None:
        best.active = True
    return out


def items(user: Any) -> list[tuple[str, str]]:
    """Every entry for ``user`` (anonymous or signed in), group after group."""
    return [(e.label, e.url) for group in groups(user) for e in group.entries]
