"""Menu entries of the quality app: the member's own 知识产权 page, complaints (投诉与维权), events, and for
officers the standards coverage and complaint statistics are linked from the complaints page, the public
verification page from the events and complaints pages (the header stays short)."""

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
    out.append((_("宣传与科普活动"), reverse("quality:event_list")))
    return out
