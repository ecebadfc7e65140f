"""The buttons of a project's execution: the lead organization's admins (``submit``) confirm the task
contract, apply for acceptance and withdraw change requests; officers (``decide``) sign contracts, review
reports, approve changes, terminate projects and record the acceptance conclusion."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.programs.choices import PROJECT_TRANSITIONS, ProjectStatus
from kechuang.programs.choices_execution import (
    CHANGE_TRANSITIONS,
    CONTRACT_TRANSITIONS,
    REPORT_TRANSITIONS,
    ChangeStatus,
    ContractStatus,
    ReportStatus,
)
from kechuang.programs.models import ChangeRequest, ProgressReport, Project, TaskContract

P = ProjectStatus

register_actions(
    Project,
    transitions=PROJECT_TRANSITIONS,
    actions=[
        Action("apply_acceptance", to=P.ACCEPTING, permission="submit", label=_("申请验收"), own_form=True),
        Action("terminate", to=P.TERMINATED, permission="decide", label=_("终止项目"), own_form=True),
        Action("conclude", to=P.ACCEPTED, permission="decide", label=_("验收结论"), own_form=True),
    ],
)

register_actions(
    TaskContract,
    transitions=CONTRACT_TRANSITIONS,
    actions=[
        Action("confirm", to=ContractStatus.CONFIRMED, permission="submit", label=_("确认任务书")),
        Action("sign", to=ContractStatus.SIGNED, permission="decide", label=_("签订任务书")),
        Action("return", to=ContractStatus.DRAFT, permission="decide", label=_("退回修改"), own_form=True),
    ],
)

register_actions(
    ProgressReport,
    transitions=REPORT_TRANSITIONS,
    actions=[
        Action("review", to=ReportStatus.ACCEPTED, permission="decide", label=_("审核报告"), own_form=True),
        Action(
            "resubmit", to=ReportStatus.SUBMITTED, permission="submit", label=_("重新报送"), own_form=True
        ),
    ],
)

register_actions(
    ChangeRequest,
    transitions=CHANGE_TRANSITIONS,
    actions=[
        Action("decide", to=ChangeStatus.APPROVED, permission="decide", label=_("审批"), own_form=True),
        Action("withdraw", to=ChangeStatus.WITHDRAWN, permission="submit", label=_("撤回申请")),
    ],
)
