"""Who may see and do what in the review machinery (the expert pool's rules are the registry's).

Panels belong to the department that organises them: its officers manage them.  Experts see only
their own assignments (and, through them, the items).  Score values are sealed until the panel
closes — that is enforced by the selectors, which never hand out other experts' scores early.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.registry.guards import department_rule
from kechuang.registry.selectors import officer_department_ids
from kechuang.review.models import Panel, PanelItem, ReviewAssignment


def _is_user(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


# A panel is its department's: its officers view and manage it.
panel_rule = register_rule(Panel)(department_rule("department_id"))


@register_rule(PanelItem)
def panel_item_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if not _is_user(user):
        return qs.none()
    if action == "view":
        return qs.filter(
            Q(panel__department_id__in=officer_department_ids(user))
            | Q(assignments__expert__user=user, assignments__status__in=["assigned", "submitted"])
        ).distinct()
    if action == "manage":
        return qs.filter(panel__department_id__in=officer_department_ids(user))
    return qs.none()


@register_rule(ReviewAssignment)
def assignment_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if not _is_user(user):
        return qs.none()
    if action == "score":
        return qs.filter(expert__user=user)
    if action == "view":
        if user_is_platform_admin(user):
            return qs
        return qs.filter(
            Q(expert__user=user) | Q(item__panel__department_id__in=officer_department_ids(user))
        )
    return qs.none()
