"""Choices and the workflows of science & technology programs (科技计划项目) as data.

An application (项目申报书)::

    draft ─► submitted ─► recommended ─► formal_check ─► in_review ─► approved ─► publicity ─► issued
      │        │   │                      │     │            │                       │
      ▼        ▼   ▼                      ▼     ▼            ▼                       ▼
    withdrawn  withdrawn  returned ◄──────┘   rejected     rejected                rejected
                          (resubmit ─► submitted, or withdrawn)

``submitted → returned`` is the recommending unit (推荐/归口单位) sending it back; ``formal_check →
returned`` the bureau's formal check (形式审查).  ``issued`` (下达) creates the project.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已截止")


CALL_TRANSITIONS: dict[str, frozenset[str]] = {
    CallStatus.DRAFT: frozenset({CallStatus.PUBLISHED}),
    CallStatus.PUBLISHED: frozenset({CallStatus.CLOSED}),
    CallStatus.CLOSED: frozenset(),
}
CALL_TERMINAL: frozenset[str] = frozenset({CallStatus.CLOSED})


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待推荐")
    RECOMMENDED = "recommended", _("已推荐")
    FORMAL_CHECK = "formal_check", _("形式审查中")
    RETURNED = "returned", _("退回修改")
    IN_REVIEW = "in_review", _("专家评审中")
    APPROVED = "approved", _("拟立项")
    REJECTED = "rejected", _("未立项")
    PUBLICITY = "publicity", _("立项公示中")
    ISSUED = "issued", _("已下达")
    WITHDRAWN = "withdrawn", _("已撤回")


S = ApplicationStatus

APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.RECOMMENDED, S.RETURNED, S.WITHDRAWN}),
    S.RECOMMENDED: frozenset({S.FORMAL_CHECK}),
    S.FORMAL_CHECK: frozenset({S.IN_REVIEW, S.RETURNED, S.REJECTED}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.PUBLICITY}),
    S.PUBLICITY: frozenset({S.ISSUED, S.REJECTED}),
    S.ISSUED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
APPLICATION_TERMINAL: frozenset[str] = frozenset(
    s for s, targets in APPLICATION_TRANSITIONS.items() if not targets
)

# States in which the applicant may edit the application.
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})
# States that count toward a leader's 限项 limit (the application is pending or about to become a project).
PENDING: frozenset[str] = frozenset(
    {S.SUBMITTED, S.RECOMMENDED, S.FORMAL_CHECK, S.IN_REVIEW, S.APPROVED, S.PUBLICITY}
)
# Moves whose note is mandatory (the applicant must learn why).
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {
        (S.SUBMITTED, S.RETURNED),
        (S.FORMAL_CHECK, S.RETURNED),
        (S.FORMAL_CHECK, S.REJECTED),
        (S.IN_REVIEW, S.REJECTED),
        (S.PUBLICITY, S.REJECTED),
    }
)


class ProjectStatus(models.TextChoices):
    EXECUTING = "executing", _("执行中")
    ACCEPTING = "accepting", _("验收中")
    RECTIFYING = "rectifying", _("整改中")
    ACCEPTED = "accepted", _("已验收")
    FAILED = "failed", _("验收不通过")
    TERMINATED = "terminated", _("已终止")


P = ProjectStatus
# Execution: the acceptance application (验收申请) moves executing → accepting; the panel's conclusion moves
# accepting → accepted (通过) / rectifying (需要整改) / failed (不通过); after rectification the project
# applies again.  Termination (终止) is possible while executing or rectifying.  See choices_execution.py.
PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    P.EXECUTING: frozenset({P.ACCEPTING, P.TERMINATED}),
    P.ACCEPTING: frozenset({P.ACCEPTED, P.RECTIFYING, P.FAILED}),
    P.RECTIFYING: frozenset({P.ACCEPTING, P.TERMINATED}),
    P.ACCEPTED: frozenset(),
    P.FAILED: frozenset(),
    P.TERMINATED: frozenset(),
}
PROJECT_TERMINAL: frozenset[str] = frozenset({P.ACCEPTED, P.FAILED, P.TERMINATED})


class PartnerRole(models.TextChoices):
    CO_APPLICANT = "co_applicant", _("联合申报单位")
    PARTICIPANT = "participant", _("参与单位")


class BudgetCategory(models.TextChoices):
    """The standard categories of a project budget (直接费用 and 间接费用)."""

    EQUIPMENT = "equipment", _("设备费")
    OPERATIONS = "operations", _("业务费")
    LABOUR = "labour", _("劳务费")
    INDIRECT = "indirect", _("间接费用")


class DuplicateDecision(models.TextChoices):
    """An officer's reading of a 查重 flag."""

    OPEN = "open", _("待核实")
    CONFIRMED = "confirmed", _("确认重复")
    CLEARED = "cleared", _("排除（不属重复）")


# Objections to 立项公示: the review app's table, shared with recognition's 认定公示 (re-exported here, where
# the pinned workflow tests and the state diagram name it).
from kechuang.review.choices import (  # noqa: E402
    OBJECTION_TERMINAL as OBJECTION_TERMINAL,
)
from kechuang.review.choices import (  # noqa: E402
    OBJECTION_TRANSITIONS as OBJECTION_TRANSITIONS,
)
from kechuang.review.choices import (  # noqa: E402
    ObjectionStatus as ObjectionStatus,
)

# The score sheet a call's expert review uses when the officer has set none (满分即权重).
DEFAULT_REVIEW_INDICATORS: tuple[tuple[str, str, int], ...] = (
    ("innovation", "技术创新性与先进性", 30),
    ("feasibility", "实施方案与技术路线可行性", 25),
    ("team", "承担单位基础与团队", 20),
    ("benefit", "预期经济社会效益", 25),
)


# The execution half's tables live in choices_execution.py; re-exported so the workflow tests find them.
from kechuang.programs.choices_execution import (  # noqa: E402, F401
    CHANGE_TERMINAL,
    CHANGE_TRANSITIONS,
    CONTRACT_TERMINAL,
    CONTRACT_TRANSITIONS,
    REPORT_TERMINAL,
    REPORT_TRANSITIONS,
)
from kechuang.programs.choices_reserve import (  # noqa: E402, F401
    HIGHER_TERMINAL,
    HIGHER_TRANSITIONS,
    RESERVE_TERMINAL,
    RESERVE_TRANSITIONS,
)
