"""Choices and workflows of a project's execution (项目执行): the task contract (任务书), progress reports,
change requests (变更) and acceptance (验收).

A task contract::

    draft ─► confirmed ─► signed          (the lead organization confirms; the bureau signs or returns it)
      ▲          │
      └──────────┘ returned

A progress report (年度进展报告 / 中期检查报告)::  submitted ─► accepted | returned ─► submitted

A change request (变更申请)::  submitted ─► approved | rejected | withdrawn

The project itself (``choices.PROJECT_TRANSITIONS``)::

    executing ─► accepting ─► accepted
        │            ├──────► rectifying ─► accepting (again) | terminated
        │            └──────► failed
        └──────► terminated
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("待承担单位确认")
    CONFIRMED = "confirmed", _("待主管部门签订")
    SIGNED = "signed", _("已签订")


CONTRACT_TRANSITIONS: dict[str, frozenset[str]] = {
    ContractStatus.DRAFT: frozenset({ContractStatus.CONFIRMED}),
    ContractStatus.CONFIRMED: frozenset({ContractStatus.SIGNED, ContractStatus.DRAFT}),
    ContractStatus.SIGNED: frozenset(),
}
CONTRACT_TERMINAL: frozenset[str] = frozenset({ContractStatus.SIGNED})


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度进展报告")
    MIDTERM = "midterm", _("中期检查报告")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("退回修改")


REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.SUBMITTED: frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
    ReportStatus.RETURNED: frozenset({ReportStatus.SUBMITTED}),
    ReportStatus.ACCEPTED: frozenset(),
}
REPORT_TERMINAL: frozenset[str] = frozenset({ReportStatus.ACCEPTED})


class MidtermRating(models.TextChoices):
    """The mid-term check's conclusion (中期检查结论)."""

    GOOD = "good", _("进展良好")
    FAIR = "fair", _("基本正常")
    POOR = "poor", _("进展滞后")


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("项目延期")
    LEADER = "leader", _("变更项目负责人")
    PARTNER = "partner", _("变更合作单位")
    BUDGET = "budget", _("预算调剂")
    INDICATOR = "indicator", _("调整考核指标")


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


CHANGE_TRANSITIONS: dict[str, frozenset[str]] = {
    ChangeStatus.SUBMITTED: frozenset({ChangeStatus.APPROVED, ChangeStatus.REJECTED, ChangeStatus.WITHDRAWN}),
    ChangeStatus.APPROVED: frozenset(),
    ChangeStatus.REJECTED: frozenset(),
    ChangeStatus.WITHDRAWN: frozenset(),
}
CHANGE_TERMINAL: frozenset[str] = frozenset(
    {ChangeStatus.APPROVED, ChangeStatus.REJECTED, ChangeStatus.WITHDRAWN}
)


class AcceptanceConclusion(models.TextChoices):
    """The acceptance panel's conclusion (验收结论)."""

    PASSED = "passed", _("通过")
    RECTIFY = "rectify", _("需要整改")
    FAILED = "failed", _("不通过")


class SupervisionKind(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    ESCALATION = "escalation", _("逾期督办")


# Project states that still count toward a leader's 限项 (the project is not finished).
PROJECT_ONGOING = frozenset({"executing", "accepting", "rectifying"})
# Longest extension one change request may grant, and in all (months); the usual rule of provincial programs.
EXTENSION_MAX_MONTHS = 12
# Budget adjustment between categories (预算调剂): direct categories may move among themselves; the indirect
# costs (间接费用) may only go down — they are a share fixed at approval.
NO_INCREASE_CATEGORIES = frozenset({"indirect"})
# Days before a due date on which a reminder is sent; overdue work is escalated once to the officers.
REMINDER_DAYS = (30, 7, 1)
