"""Programs' share of a user's workbench: the officer's queue by state, the recommending unit's waiting
applications, the applicant's drafts and returned applications with the call's deadline."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.work import WorkItem, WorkList
from kechuang.programs.choices import ApplicationStatus as S
from kechuang.programs.selectors import my_applications, officer_recommendable_count, officer_status_counts
from kechuang.programs.selectors_deciding import recommend_queue, user_is_recommender
from kechuang.programs.work_execution import pending_for as execution_pending_for
from kechuang.registry.selectors import user_is_officer, user_organization_ids

# Waiting states the officer acts on, with the next step.
OFFICER_WAITING: dict[str, tuple[Any, Any]] = {
    S.SUBMITTED: (gettext_lazy("待推荐的项目申报"), gettext_lazy("审核后推荐或退回修改")),
    S.RECOMMENDED: (gettext_lazy("已推荐待受理的项目申报"), gettext_lazy("受理后进行形式审查")),
    S.FORMAL_CHECK: (gettext_lazy("待形式审查的项目申报"), gettext_lazy("通过后进入专家评审，或退回")),
    S.APPROVED: (gettext_lazy("拟立项待公示的项目"), gettext_lazy("发布立项公示")),
    S.PUBLICITY: (gettext_lazy("立项公示中的项目"), gettext_lazy("处理异议，公示期满后下达")),
}


def pending_for(user: Any) -> list[WorkItem]:
    """One query for the officer's counts by state; one for the applicant's open applications."""
    items = WorkList(_("科技计划"))
    if user_is_officer(user):
        for status, _label, n in officer_status_counts(user=user):
            if status == S.SUBMITTED:  # those sent to a recommending unit wait for the unit, not for us
                n = officer_recommendable_count(user=user) if n else 0
            if status in OFFICER_WAITING:
                title, hint = OFFICER_WAITING[status]
                url = reverse("programs:officer_queue") + f"?status={status}"
                items.add(str(title), count=n, url=url, hint=str(hint))
    if user_is_recommender(user):
        items.add(
            _("待本单位推荐的项目申报"),
            count=recommend_queue(user=user, status=S.SUBMITTED).count(),
            url=reverse("programs:recommend_queue"),
            hint=_("审核后推荐或退回修改"),
        )
    if user_organization_ids(user, admin_only=True):
        today = timezone.localdate()
        for app in my_applications(user=user).filter(status__in=[S.DRAFT, S.RETURNED])[:20]:
            closes = timezone.localtime(app.topic.call.closes_at).date()
            returned = app.status == S.RETURNED
            items.add(
                (_("退回修改的项目申报：%(t)s") if returned else _("未提交的项目申报：%(t)s"))
                % {"t": app.topic.call.title},
                count=1,
                url=reverse("programs:application_detail", args=[app.pk]),
                hint=_("按意见修改后重新提交") if returned else _("填写完整后提交"),
                due=closes,
                overdue=closes < today,
            )
    return [*items, *execution_pending_for(user)]
