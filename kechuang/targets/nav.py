"""Menu entries of the targets app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.guards import user_is_officer_or_admin


def items(user: Any) -> list[tuple[str, str]]:
    if user_is_officer_or_admin(user):
        return [(_("目标考核"), reverse("targets:plan_list"))]
    return []
