"""One piece of waiting work on a user's workbench (工作台): what, how many, by when, and where to do it.

Each app's ``selectors.pending_for(user)`` returns a list of these for the work it owns; the portal's home
page composes them. The kernel knows no domain: the labels come from the apps, already translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    """``count`` things of one kind wait for the user at ``url``.

    ``section`` names the capability (认定, 政策兑现 …) the item belongs to; ``title`` says what waits
    (待形式审查的认定申请); ``hint`` the next step in a few words; ``due`` the earliest deadline among them,
    ``overdue`` whether one has passed. ``count`` 0 is never listed: an app leaves such items out.
    """

    section: str
    title: str
    count: int
    url: str
    hint: str = ""
    due: dt.date | None = None
    overdue: bool = False


class WorkList(list[WorkItem]):
    """The items one app lists for a user in one ``section``; ``add`` leaves out what counts 0."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section

    def add(
        self,
        title: str,
        *,
        count: int,
        url: str,
        hint: str = "",
        due: dt.date | None = None,
        overdue: bool = False,
    ) -> None:
        if count:
            self.append(
                WorkItem(
                    section=self.section,
                    title=title,
                    count=count,
                    url=url,
                    hint=hint,
                    due=due,
                    overdue=overdue,
                )
            )
