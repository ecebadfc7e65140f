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
    own = user_organization_ids(user)
    if own:
        out.append((_("知识产权"), reverse("quality:organization_ip", kwargs={"pk": own[0]})))
    out.append((_("投诉与维权"), reverse("quality:complaint_list")))
    return out
