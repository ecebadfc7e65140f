"""Who may see and change announcements: a published one is public; drafts and withdrawn ones are seen
and changed by the officers who speak for the issuing department — those appointed to it for its whole
region (a district appointee of the municipal bureau does not publish in the bureau's name) — and by
platform admins."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.portal.choices import AnnouncementStatus
from kechuang.portal.models import Announcement
from kechuang.registry.selectors import user_officer_roles


def departments_spoken_for(user: Any) -> dict[int, Any]:
    """The departments ``user`` may publish for (id → department): appointments covering its region."""
    return {
        role.department_id: role.department
        for role in user_officer_roles(user)
        if role.department.region.path.startswith(role.region.path)
    }


@register_rule(Announcement)
def announcement_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    departments = list(departments_spoken_for(user))
    if action == "view":
        return qs.filter(Q(status=AnnouncementStatus.PUBLISHED) | Q(department_id__in=departments))
    if action in ("change", "publish", "withdraw"):
        return qs.filter(department_id__in=departments)
    return qs.none()
