"""Menu entries of the public site: announcements, service guides and search for everyone; the
announcement desk for officers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.guards import user_is_officer_or_admin


def items(user: Any) -> list[tuple[str, str]]:
    out = [
        (_("通知公告"), reverse("portal:notice_list")),
        (_("办事指南"), reverse("portal:guide_list")),
        (_("全站搜索"), reverse("portal:search")),
    ]
    if user_is_officer_or_admin(user):
        out.append((_("发布通知公告"), reverse("portal:notice_manage")))
    return out
