"""Page guards built on the directory's role rules: who counts as an officer for a page.

``officer_required`` keeps a page to officers (a role in some department) and platform admins: anonymous
users are sent to sign in, everyone else gets the 404 of a hidden page. ``user_is_officer_or_admin`` is
the same rule for a page that only shows or hides a button. Two permission rules every app's records
share: ``public_read_rule`` (anyone reads, platform admins do the rest) and ``department_rule(field)`` (a
department's records, for its officers).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import Rule, role_required
from kechuang.registry.selectors import officer_department_ids, user_is_officer


def user_is_officer_or_admin(user: Any) -> bool:
    """Officers of any department and platform admins (who may do what an officer may)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user_is_platform_admin(user) or user_is_officer(user)
    )


officer_required = role_required(user_is_officer_or_admin)


def public_read_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """The rule of public records (reference tables, a carrier's hosts and history…): anyone may
    ``view``; any other action is the platform admins'."""
    if action == "view" or user_is_platform_admin(user):
        return qs
    return qs.none()


def department_rule(field: str = "department_id", actions: Collection[str] = ("view", "manage")) -> Rule:
    """The rule of a department's records (a project list, a review panel): the officers of the department
    in ``field`` may do ``actions``; platform admins anything; nobody else anything."""

    def rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
        if user_is_platform_admin(user):
            return qs
        if action in actions:
            return qs.filter(**{f"{field}__in": officer_department_ids(user)})
        return qs.none()

    return rule
