"""Menu entries of the technology market."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_officer, user_is_platform_admin


def items(user: Any) -> list[tuple[str, str]]:
    out = [(_("科技大市场"), reverse("market:home"))]
    if user.is_authenticated and (user_is_officer(user) or user_is_platform_admin(user)):
        out.append((_("成果审核"), reverse("market:review_queue")))
        out.append((_("技术合同统计"), reverse("market:contract_statistics")))
    return out
