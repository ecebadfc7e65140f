"""Programs' execution share of a workbench: the officer's queues (contracts to sign, reports, changes,
acceptances) with counts; the applicant's projects with what is due next (contract to confirm, reports,
milestones, acceptance at the period's end)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.work import WorkItem, WorkList
from kechuang.programs.choices import ProjectStatus
from kechuang.programs.choices_execution import ContractStatus
from kechuang.programs.selectors_execution import contract_of, due_items, my_projects, officer_counts
from kechuang.registry.selectors import user_is_officer, user_organization_ids

OFFICER_QUEUES: dict[str, tuple[Any, Any]] = {
    "contracts": (gettext_lazy("待签订的项目任务书"), gettext_lazy("核对后签订或退回")),
    "reports": (gettext_lazy("待审核的项目进展报告"), gettext_lazy("审核通过或退回修改")),
    "changes": (gettext_lazy("待审批的项目变更申请"), gettext_lazy("批准或不予批准")),
    "acceptance": (gettext_lazy("验收中的项目"), gettext_lazy("组织验收专家组并填写验收结论")),
}


def pending_for(user: Any) -> list[WorkItem]:
    items = WorkList(_("科技计划项目"))
    if user_is_officer(user):
        for key, n in officer_counts(user=user).items():
            title, hint = OFFICER_QUEUES[key]
            url = reverse("programs:officer_execution") + f"?queue={key}"
            items.add(str(title), count=n, url=url, hint=str(hint))
    if user_organization_ids(user, admin_only=True):
        today = timezone.localdate()
        projects = (
            my_projects(user=user)
            .filter(status__in=[ProjectStatus.EXECUTING, ProjectStatus.RECTIFYING])
            .prefetch_related("reports", "milestones")[:20]
        )
        for project in projects:
            url = reverse("programs:project_detail", args=[project.pk])
            name = project.application.title
            contract = contract_of(project)
            if contract is None or contract.status == ContractStatus.DRAFT:
                items.add(_("待确认的任务书：%(t)s") % {"t": name}, count=1, url=url,
                          hint=_("填写年度进度安排后确认任务书"))  # fmt: skip
                continue
            due = due_items(project)
            if due:
                first = due[0]
                items.add(f"{first.subject}：{name}", count=len(due), url=url, hint=_("按期报送"),
                          due=first.due_on, overdue=first.due_on < today)  # fmt: skip
            elif project.ends_on <= today + dt.timedelta(days=60):
                items.add(_("项目即将到期，请申请验收：%(t)s") % {"t": name}, count=1, url=url,
                          hint=_("提交验收申请"), due=project.ends_on, overdue=project.ends_on < today)  # fmt: skip
    return items
