"""Enumerations and workflow tables of the targets app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    PLAN = "plan", _("规划")
    IMPLEMENTATION = "implementation", _("实施方案")
    ANNUAL = "annual", _("年度工作计划")


PLAN_KIND_BY_LABEL = {
    "规划": PlanKind.PLAN,
    "实施方案": PlanKind.IMPLEMENTATION,
    "年度工作计划": PlanKind.ANNUAL,
}


class PlanStatus(models.TextChoices):
    """A plan entered in the browser starts as a draft its managers shape and preview as its dashboard;
    published, its units and the public see it. Loaders and the API publish at once."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.PUBLISHED},
    PlanStatus.PUBLISHED: set(),
}
PLAN_TERMINAL = {PlanStatus.PUBLISHED}


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("不低于目标")
    AT_MOST = "at_most", _("不高于目标")


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("平台计算")
    REPORTED = "reported", _("单位填报")


class Role(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    PARTICIPATING = "participating", _("参加单位")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("推进中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


TASK_TRANSITIONS: dict[str, set[str]] = {
    TaskStatus.OPEN: {TaskStatus.DONE, TaskStatus.CANCELLED},
    TaskStatus.DONE: {TaskStatus.OPEN},
    TaskStatus.CANCELLED: set(),
}
TASK_TERMINAL = {TaskStatus.CANCELLED}


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.RETURNED},
    ReportStatus.RETURNED: set(),
    ReportStatus.ACCEPTED: set(),
}
REPORT_TERMINAL = {ReportStatus.ACCEPTED, ReportStatus.RETURNED}


class SupervisionKind(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    ESCALATION = "escalation", _("逾期督办")


# Units whose counts cannot be negative (a negative target for a count is refused).
COUNT_UNITS = ("个", "家", "件", "项", "所", "座", "人", "次", "台")

# Days before a deadline on which the responsible units are reminded.
REMINDER_DAYS = (30, 7, 1)
