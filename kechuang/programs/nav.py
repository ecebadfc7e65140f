"""Menu entries of programs: the public guides, the applicant's applications, the officers' queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.programs.selectors_deciding import user_is_recommender
from kechuang.registry.selectors import user_is_expert, user_is_officer, user_memberships


def items(user: Any) -> list[tuple[str, str]]:
    out = [(_("科技计划"), reverse("programs:index"))]
    if getattr(user, "is_authenticated", False):
        if user_memberships(user):
            out.append((_("我的项目申报"), reverse("programs:my_applications")))
            if user_is_recommender(user):
                out.append((_("项目推荐"), reverse("programs:recommend_queue")))
            out.append((_("我的项目"), reverse("programs:my_projects")))
        if user_is_expert(user):
            out.append((_("计划项目评审"), reverse("programs:expert_tasks")))
        if user_is_officer(user):
            out.append((_("项目申报受理"), reverse("programs:officer_queue")))
            out.append((_("计划与指南设置"), reverse("programs:setup_index")))
            out.append((_("项目执行管理"), reverse("programs:officer_execution")))
    return out
