"""Menu entries of the policies app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_memberships


def items(user: Any) -> list[tuple[str, str]]:
    out = [(_("政策"), reverse("policies:measure_list"))]
    if user.is_authenticated and user_memberships(user):
        out.append((_("我的政策"), reverse("policies:my_policies")))
    if user_is_officer_or_admin(user):
        out.append((_("政策兑现审核"), reverse("policies:review_queue")))
        out.append((_("政策文件库"), reverse("policies:document_list")))
    return out
