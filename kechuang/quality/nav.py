"""Menu entries of the quality app: the member's own 知识产权 page and the complaints (投诉与维权)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.selectors import user_organization_ids


def items(user: Any) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return []
    out = []
    if user_organization_ids(user):
        out.append((_("知识产权"), reverse("quality:my_ip")))
    out.append((_("投诉与维权"), reverse("quality:complaint_list")))
    return out
