"""Template context every page needs: the user's roles and the navigation.

Each app may offer a ``nav.py`` with ``items(user) -> list[tuple[label, url]]``; the header shows them in
the order of ``INSTALLED_APPS``, so apps add menu entries without editing a shared template.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def _nav_modules() -> list[Any]:
    modules = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("kechuang."):
            continue
        try:
            modules.append(importlib.import_module(f"{app}.nav"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.nav":
                raise
    return modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    from kechuang.accounts.selectors import user_is_platform_admin
    from kechuang.core.models import Notification
    from kechuang.registry.selectors import user_is_expert, user_is_officer, user_memberships

    user = request.user
    items: list[tuple[str, str]] = []
    for module in _nav_modules():
        items.extend(module.items(user))
    if not user.is_authenticated:
        return {"nav": {"anonymous": True, "items": items}}
    return {
        "nav": {
            "anonymous": False,
            "items": items,
            "is_admin": user_is_platform_admin(user),
            "is_officer": user_is_officer(user),
            "is_org": bool(user_memberships(user)),
            "is_expert": user_is_expert(user),
            # Called only when the header renders it (templates call callables): one query per full page.
            "unread": lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        }
    }
