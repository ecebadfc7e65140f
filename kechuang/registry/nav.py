"""Menu entries of the registry."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_is_expert, user_memberships


def items(user: Any) -> list[tuple[str, str]]:
    out = []
    officer = user_is_officer_or_admin(user)
    if officer or (user.is_authenticated and user_memberships(user)):
        out.append((_("主体库"), reverse("registry:organization_list")))
    if officer:
        out.append((_("主体统计"), reverse("registry:overview")))
        out.append((_("主体核验"), reverse("registry:verification_queue")))
        out.append((_("Excel导入"), reverse("registry:organization_import")))
        out.append((_("失信名单"), reverse("registry:integrity_list")))
        out.append((_("专家库"), reverse("registry:expert_list")))
        out.append((_("政府部门"), reverse("registry:department_list")))
    out.append((_("园区"), reverse("registry:park_list")))
    if user_is_expert(user):
        out.append((_("我的专家信息"), reverse("registry:my_expert_profile")))
    return out
