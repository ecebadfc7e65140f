"""The buttons of tasks and progress reports, from their tables and the targets rules: the lead unit and
the plan's managers mark a task done or reopen it, managers cancel it and review reports."""

from __future__ import annotations

from kechuang.core.workflow import Action, register_actions
from kechuang.targets.choices import (
    PLAN_TRANSITIONS,
    REPORT_TRANSITIONS,
    TASK_TRANSITIONS,
    PlanStatus,
    ReportStatus,
    TaskStatus,
)
from kechuang.targets.models import Plan, ProgressReport, Task

register_actions(
    Task,
    transitions=TASK_TRANSITIONS,
    actions=[
        Action("cancel", to=TaskStatus.CANCELLED, permission="change"),
        Action("done", to=TaskStatus.DONE, permission="complete"),
        Action("reopen", to=TaskStatus.OPEN, permission="complete"),
    ],
)

register_actions(
    ProgressReport,
    transitions=REPORT_TRANSITIONS,
    actions=[Action("review", to=ReportStatus.ACCEPTED, permission="review", own_form=True)],
)

register_actions(
    Plan,
    transitions=PLAN_TRANSITIONS,
    actions=[Action("publish", to=PlanStatus.PUBLISHED, permission="change")],
)
