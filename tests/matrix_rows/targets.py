"""Targets: a plan is seen by officers whose region lies on its branch of the region tree (any department)
and by officers of the units named on it; it is managed by the officers of its department within its
region; a unit's officers report on what their unit leads or joins (kechuang/targets/permissions.py).
Enterprises and experts see nothing. A plan an officer may see but not manage answers 302 with a message
on a page and 400 in the API.
"""

from __future__ import annotations

import datetime as dt

from kechuang.core.models import BackgroundJob
from kechuang.targets.models import Allocation, Indicator, Plan, ProgressReport, Task
from tests.matrix import LOGIN, SIGNED_IN, Row, any_officer, officers_of_region, only_own

COUNT = {"op": "count", "model": "organization"}
# A plan of 长春市: officers whose region is on its branch of the tree (长春市's, its districts', the
# province's) see it, whatever their department.
BRANCH = any_officer(200)


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


ROWS = [
    Row("targets:plan_list", SIGNED_IN, why="the plans the user may see (none: empty)"),
    Row("targets:mine", SIGNED_IN, why="what the user's units are responsible for (none: empty)"),
    Row("targets:plan_dashboard", BRANCH, own="officer", kwargs=_pk("plan")),
    Row("targets:indicator_new", only_own(200), own="officer", kwargs=_pk("plan")),
    Row("targets:indicator_import", only_own(200), own="officer", kwargs=_pk("plan")),
    Row("targets:indicator_revise", only_own(200), own="officer", kwargs=_pk("indicator")),
    Row(
        "targets-plan-publish",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"pk": w.draft_plan.pk},
        method="POST",
        effect=lambda w: type(w.draft_plan).objects.get(pk=w.draft_plan.pk).status == "published",
    ),
    Row("targets-indicator-versions", BRANCH, own="officer", kwargs=_pk("indicator")),
    Row(
        "targets-indicator-versions",
        only_own(201, other_department=400, other_region=400),
        own="officer",
        kwargs=_pk("indicator"),
        method="POST",
        data=lambda w: {
            "valid_from": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
            "reason": "市政府提高目标",
            "target_value": "999",
        },
        effect=lambda w: w.indicator.versions.filter(target_value=999).exists(),
        why="officers who see the plan may read its indicator; only its managers revise it (others: the refusal, 400)",
    ),
    Row(
        "targets:plan_publish",
        only_own(302),
        own="officer",
        kwargs=lambda w: {"pk": w.draft_plan.pk},
        method="POST",
        effect=lambda w: type(w.draft_plan).objects.get(pk=w.draft_plan.pk).status == "published",
        why="a draft is hidden from everyone but its managers (404), who publish it",
    ),
    Row(
        "targets:plan_snapshot",
        any_officer(302),
        own="officer",
        kwargs=_pk("plan"),
        method="POST",
        setup=lambda w: w.indicator,
        effect=lambda w: BackgroundJob.objects.filter(kind="targets.snapshot").exists(),
        why="officers on the plan's branch see it but only its managers take a snapshot (others: refused "
        "with a message, no job)",
    ),
    Row("targets:allocation_import", only_own(200), own="officer", kwargs=_pk("plan")),
    Row("targets:plan_report_xlsx", BRANCH, own="officer", kwargs=_pk("plan")),
    Row("targets:plan_report_pdf", BRANCH, own="officer", kwargs=_pk("plan")),
    Row("targets:indicator_detail", BRANCH, own="officer", kwargs=_pk("indicator")),
    Row("targets:task_detail", BRANCH, own="officer", kwargs=_pk("task")),
    Row(
        "targets:task_status",
        any_officer(302),
        own="officer",
        kwargs=_pk("task"),
        method="POST",
        data=lambda w: {"to": "done", "note": "已完成"},
        effect=lambda w: Task.objects.get(pk=w.task.pk).status == "done",
        writers=frozenset({"other_region", "own"}),
        why="the district officer serves the lead unit (科学技术局): may mark it done; another department "
        "sees it but may not",
    ),
    Row(
        "targets:report_review",
        only_own(302, other_region=302),
        own="officer",
        kwargs=_pk("report"),
        method="POST",
        data=lambda w: {"decision": "accept", "note": ""},
        effect=lambda w: ProgressReport.objects.get(pk=w.report.pk).status == "accepted",
        why="the reporting unit's officers see the report; only the plan's managers review it",
    ),
    # API
    Row("targets-plan-list", SIGNED_IN),
    Row("targets-plan-dashboard", BRANCH, own="officer", kwargs=_pk("plan")),
    Row(
        "targets-indicator-create",
        officers_of_region(201, other_region=400, other_department=400),
        own="officer",
        kwargs=_pk("plan"),
        method="POST",
        data=lambda w: {
            "code": "G99",
            "name": "技术合同成交额",
            "unit": "亿元",
            "target_value": "10",
            "target_date": "2026-12-31",
            "baseline_date": "2024-12-31",
        },
        effect=lambda w: Indicator.objects.filter(plan=w.plan, code="G99").exists(),
    ),
    Row(
        "targets-metric-validate",
        any_officer(200, norole=400, other_org=400),
        own="officer",
        method="POST",
        data=lambda w: {"definition": COUNT},
        why="aggregates over the registry are for government staff (a refusal names the field: 400)",
    ),
    Row(
        "targets-metric-compute",
        any_officer(200, norole=400, other_org=400),
        own="officer",
        method="POST",
        data=lambda w: {"definition": COUNT, "regions": ["220104"]},
        why="aggregates over the registry are for government staff (a refusal names the field: 400); "
        "朝阳区 lies in every officer's area here",
    ),
    Row(
        "targets-report-submit",
        (LOGIN, 404, 404, 201, 400, 201),
        own="officer",
        method="POST",
        writers=frozenset({"other_region", "own"}),
        data=lambda w: {
            "task": w.task.pk,
            "department": w.science.pk,
            "as_of": "2025-06-30",
            "narrative": "平台已完成选址。",
        },
        effect=lambda w: ProgressReport.objects.filter(task=w.task).exists(),
        why="the task's lead unit's officers (the district officer too); another department sees the task "
        "but may not report on it (400)",
    ),
    Row(
        "targets-report-review",
        only_own(200, other_region=400),
        own="officer",
        kwargs=_pk("report"),
        method="POST",
        data=lambda w: {"accept": True},
        effect=lambda w: ProgressReport.objects.get(pk=w.report.pk).status == "accepted",
    ),
    # entering plans: for one of the officer's departments, within their region; tasks and allocations by
    # the plan's managers
    Row(
        "targets:plan_new",
        (LOGIN, 404, 404, 200, 200, 302),
        own="officer",
        method="POST",
        data=lambda w: {
            "kind": "annual",
            "title": "矩阵测试年度计划",
            "department": w.science.pk,
            "region": "220100",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        effect=lambda w: Plan.objects.filter(title="矩阵测试年度计划").exists(),
        why="朝阳区's officer may not plan for 长春市; another department is not in the officer's picker",
    ),
    Row("targets:task_new", only_own(200), own="officer", kwargs=_pk("plan")),
    Row("targets:indicator_allocations", only_own(200), own="officer", kwargs=_pk("indicator")),
    Row(
        "targets-plan-list",
        (LOGIN, 404, 404, 400, 404, 201),
        own="officer",
        method="POST",
        data=lambda w: {
            "kind": "annual",
            "title": "接口录入的年度计划",
            "department": w.science.pk,
            "region": "220100",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        effect=lambda w: Plan.objects.filter(title="接口录入的年度计划").exists(),
    ),
    Row(
        "targets-indicator-allocations",
        officers_of_region(200, other_region=400, other_department=400),
        own="officer",
        kwargs=_pk("indicator"),
        method="POST",
        data=lambda w: {"allocations": [{"region": "220102", "target_value": "12"}]},
        effect=lambda w: Allocation.objects.filter(indicator=w.indicator, region_id="220102").exists(),
    ),
]
