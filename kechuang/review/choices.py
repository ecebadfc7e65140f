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
