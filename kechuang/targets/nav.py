"""Menu entries of the targets app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_officer, user_is_platform_admin


def items(user: Any) -> list[tuple[str, str]]:
    if user.is_authenticated and (user_is_platform_admin(user) or user_is_officer(user)):
        return [(_("目标考核"), reverse("targets:plan_list"))]
    return []
