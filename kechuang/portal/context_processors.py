"""Template context every page needs: the user's roles and the navigation (see ``kechuang.portal.menu``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.models import Notification
from kechuang.portal import menu
from kechuang.registry.selectors import user_is_expert, user_is_officer, user_memberships


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    groups = menu.groups(user, request.path)
    items = [(e.label, e.url) for g in groups for e in g.entries]
    if not user.is_authenticated:
        return {"nav": {"anonymous": True, "items": items, "groups": groups}}
    return {
        "nav": {
            "anonymous": False,
            "items": items,
            "groups": groups,
            "is_admin": user_is_platform_admin(user),
            "is_officer": user_is_officer(user),
            "is_org": bool(user_memberships(user)),
            "is_expert": user_is_expert(user),
            # Called only when the header renders it (templates call callables): one query per full page.
            "unread": lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        }
    }
