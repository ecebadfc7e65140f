"""Choices and workflows of the review machinery (panels, assignments, score sheets)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PanelStatus(models.TextChoices):
    """A panel is formed, scores while open, and is closed (scores unsealed) at the end."""

    FORMING = "forming", _("组建中")
    SCORING = "scoring", _("评审中")
    CLOSED = "closed", _("已结束")


PANEL_TRANSITIONS: dict[str, frozenset[str]] = {
    PanelStatus.FORMING: frozenset({PanelStatus.SCORING}),
    PanelStatus.SCORING: frozenset({PanelStatus.CLOSED}),
    PanelStatus.CLOSED: frozenset(),
}
PANEL_TERMINAL: frozenset[str] = frozenset({PanelStatus.CLOSED})


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("已分配")
    DECLINED = "declined", _("已回避")
    SUBMITTED = "submitted", _("已评分")


ASSIGNMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AssignmentStatus.ASSIGNED: frozenset({AssignmentStatus.DECLINED, AssignmentStatus.SUBMITTED}),
    AssignmentStatus.DECLINED: frozenset(),
    AssignmentStatus.SUBMITTED: frozenset(),
}
ASSIGNMENT_TERMINAL: frozenset[str] = frozenset({AssignmentStatus.DECLINED, AssignmentStatus.SUBMITTED})


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("算术平均")
    TRIMMED_MEAN = "trimmed_mean", _("去掉最高分和最低分后平均")


class ObjectionStatus(models.TextChoices):
    """An objection lodged during a public notice (公示异议) and the officer's answer — shared by every
    app that publishes a list before deciding (recognition's 认定公示, programs' 立项公示)."""

    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


OBJECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ObjectionStatus.OPEN: frozenset({ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED}),
    ObjectionStatus.UPHELD: frozenset(),
    ObjectionStatus.DISMISSED: frozenset(),
}
OBJECTION_TERMINAL: frozenset[str] = frozenset({ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED})
