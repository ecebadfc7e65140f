"""Choices and the recognition workflow (认定流程) as data.

One table serves every scheme (企业技术中心, 工程研究中心, 名牌产品, 知识产权示范企业…)::

    draft ─► submitted ─► formal_check ─► expert_review ─► decision ─► publicity ─► recognised
      │          │            │   ▲ │                         │            │            │  ▲
      ▼          ▼            ▼   │ ▼                         ▼            ▼            ▼  │ pass
    withdrawn  withdrawn    returned (resubmit)             rejected     rejected    re_evaluation
                               │                                                      │     │
                               ▼                                                      ▼     ▼
                            withdrawn                                              warned  revoked
                                                                                      │
                                                                             re_evaluation / revoked

``TRANSITIONS`` maps a state to the states it may move to; ``TRANSITION_ACTORS`` says who may make
each move (the applicant enterprise or an officer of the responsible department); ``TERMINAL`` states
have no way out.  The transition service checks all three.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    FORMAL_CHECK = "formal_check", _("形式审查中")
    RETURNED = "returned", _("退回修改")
    EXPERT_REVIEW = "expert_review", _("专家评审中")
    DECISION = "decision", _("待审定")
    PUBLICITY = "publicity", _("公示中")
    RECOGNISED = "recognised", _("已认定")
    RE_EVALUATION = "re_evaluation", _("复核中")
    WARNED = "warned", _("警告整改")
    REVOKED = "revoked", _("已撤销")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


S = ApplicationStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.FORMAL_CHECK, S.WITHDRAWN}),
    S.FORMAL_CHECK: frozenset({S.RETURNED, S.EXPERT_REVIEW, S.REJECTED}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.EXPERT_REVIEW: frozenset({S.DECISION}),
    S.DECISION: frozenset({S.PUBLICITY, S.REJECTED}),
    S.PUBLICITY: frozenset({S.RECOGNISED, S.REJECTED}),
    S.RECOGNISED: frozenset({S.RE_EVALUATION, S.REVOKED}),
    S.RE_EVALUATION: frozenset({S.RECOGNISED, S.WARNED, S.REVOKED}),
    S.WARNED: frozenset({S.RE_EVALUATION, S.REVOKED}),
    S.REVOKED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

TERMINAL: frozenset[str] = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("申报单位")
    OFFICER = "officer", _("主管部门")


_APPLICANT_MOVES = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.RETURNED, S.SUBMITTED),
    (S.RETURNED, S.WITHDRAWN),
}

TRANSITION_ACTORS: dict[tuple[str, str], str] = {
    (source, target): (Actor.APPLICANT if (source, target) in _APPLICANT_MOVES else Actor.OFFICER)
    for source, targets in TRANSITIONS.items()
    for target in targets
}

# Moves whose note is mandatory (the applicant or the public must learn why).
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {
        (S.FORMAL_CHECK, S.RETURNED),
        (S.FORMAL_CHECK, S.REJECTED),
        (S.DECISION, S.REJECTED),
        (S.PUBLICITY, S.REJECTED),
        (S.RE_EVALUATION, S.WARNED),
        (S.RE_EVALUATION, S.REVOKED),
        (S.WARNED, S.REVOKED),
        (S.RECOGNISED, S.REVOKED),
    }
)

# States in which the applicant may still edit the application and its attachments.
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})
# States that count toward a call's quota of recognitions.
HOLDS_RECOGNITION: frozenset[str] = frozenset({S.RECOGNISED, S.RE_EVALUATION, S.WARNED})


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    OPEN = "open", _("已发布")
    CLOSED = "closed", _("已截止")
    ARCHIVED = "archived", _("已归档")


CALL_TRANSITIONS: dict[str, frozenset[str]] = {
    CallStatus.DRAFT: frozenset({CallStatus.OPEN}),
    CallStatus.OPEN: frozenset({CallStatus.CLOSED}),
    CallStatus.CLOSED: frozenset({CallStatus.OPEN, CallStatus.ARCHIVED}),
    CallStatus.ARCHIVED: frozenset(),
}
CALL_TERMINAL: frozenset[str] = frozenset({CallStatus.ARCHIVED})


# Objections to the notice: the review app's table, shared with programs' 立项公示 (re-exported here, where
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


class ScoringMethod(models.TextChoices):
    THRESHOLD = "threshold", _("按指标阈值自动计分")
    EXPERT = "expert", _("专家打分")


class ReEvaluationOutcome(models.TextChoices):
    PASS = "pass", _("复核通过")
    WARNING = "warning", _("警告整改")
    REVOCATION = "revocation", _("撤销认定")


RE_EVALUATION_TARGET: dict[str, str] = {
    ReEvaluationOutcome.PASS: S.RECOGNISED,
    ReEvaluationOutcome.WARNING: S.WARNED,
    ReEvaluationOutcome.REVOCATION: S.REVOKED,
}
