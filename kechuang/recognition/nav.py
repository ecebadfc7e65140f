"""Menu entries of recognition (and its review pages)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.selectors import user_is_expert, user_is_officer, user_memberships


def items(user: Any) -> list[tuple[str, str]]:
    out = [
        (_("认定"), reverse("recognition:index")),
        (_("创新载体"), reverse("carriers:carrier_list")),
        (_("创新联盟"), reverse("carriers:alliance_list")),
    ]
    if getattr(user, "is_authenticated", False):
        if user_memberships(user):
            out.append((_("我的申报"), reverse("recognition:my_applications")))
        if user_is_officer(user):
            out.append((_("认定管理"), reverse("recognition:officer_calls")))
            out.append((_("认定类别"), reverse("recognition:scheme_list")))
        if user_is_expert(user):
            out.append((_("评审任务"), reverse("review:my_assignments")))
    return out
