"""The targets' permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

A plan of 长春市 (220100) run by 长春市科学技术局: officers on its branch of the region tree see it (长春市,
朝阳区 below it, 吉林省 above it; not 吉林市 beside it); only officers of its department whose region covers
the plan's manage it (not the same department serving 朝阳区, not the province, not another department of
长春市). Units named on an indicator or a task see the plan and report on what is theirs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.core.permissions import restrict
from kechuang.registry.models import Region
from kechuang.targets.models import Allocation, Plan, SupervisionRecord, ValueSnapshot
from tests import app_factories as af
from tests.rule_grid import Grid, make_grid

pytestmark = pytest.mark.django_db

BRANCH = {"admin", "officer", "district_officer", "other_dept_officer", "province_officer"}
MANAGERS = {"admin", "officer"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


@pytest.fixture
def plan(grid):  # type: ignore[no-untyped-def]
    return af.PlanFactory(department=grid.science)


def _jilin(grid):  # type: ignore[no-untyped-def]
    """吉林市科学技术局: ``other_officer``'s department, off the plan's branch."""
    return grid.cast.other_officer.officer_assignments.get().department


def test_a_plan_is_seen_along_its_branch_of_the_region_tree(grid, plan):
    """Rule: view/export a plan = officers whose region is within the plan's or contains it."""
    assert grid.allowed(plan, "view") == BRANCH
    assert grid.allowed(plan, "export") == BRANCH


@pytest.mark.parametrize("action", ["change", "review", "supervise"])
def test_a_plan_is_managed_by_its_department_over_its_region(grid, plan, action):
    """Rule: manage a plan = an officer of its department AND of a region covering the plan's region."""
    assert grid.allowed(plan, action) == MANAGERS


def test_a_county_plan_is_not_seen_by_a_sibling_county(grid):
    """Rule: the branch is the plan's ancestors and descendants, never a sibling's (南关区 ≠ 朝阳区)."""
    plan = af.PlanFactory(department=grid.science, region=Region.objects.get(code="220102"))
    assert grid.allowed(plan, "view") == {"admin", "officer", "other_dept_officer", "province_officer"}
    assert grid.allowed(plan, "change") == MANAGERS


@pytest.mark.parametrize(
    "where", ["indicator_lead", "indicator_participant", "task_lead", "task_participant"]
)
def test_a_unit_named_on_the_plan_sees_it_from_another_branch(grid, plan, where):
    """Rule: a department named as lead or participating unit of an indicator or task sees the plan."""
    jilin = _jilin(grid)
    kind, role = where.split("_")
    row = (af.IndicatorFactory if kind == "indicator" else af.TaskFactory)(
        plan=plan, **({"lead_unit": jilin} if role == "lead" else {})
    )
    if role == "participant":
        row.participating_units.add(jilin)
    assert grid.allowed(plan, "view") == BRANCH | {"other_officer"}
    assert grid.allowed(plan, "change") == MANAGERS
    assert list(restrict(Plan.objects.all(), grid.cast.other_officer)) == [plan]  # once, however joined


def test_an_indicator_is_seen_by_the_branch_and_its_units_and_reported_by_its_units(grid, plan):
    """Rule: an indicator: the plan's branch and its units see it; its units report on it; managers manage."""
    indicator = af.IndicatorFactory(plan=plan, lead_unit=_jilin(grid))
    assert grid.allowed(indicator, "view") == BRANCH | {"other_officer"}
    assert grid.allowed(indicator, "report") == {"admin", "other_officer"}
    assert grid.allowed(indicator, "change") == MANAGERS
    assert grid.allowed(indicator, "nonsense") == {"admin"}


def test_a_task_is_completed_by_its_lead_unit_or_the_managers_and_cancelled_by_managers(grid, plan):
    """Rule: the lead unit's officers and the plan's managers complete a task; only managers change it;
    a participating unit reports but does not complete."""
    task = af.TaskFactory(plan=plan, lead_unit=_jilin(grid))
    task.participating_units.add(grid.other_dept)
    assert grid.allowed(task, "complete") == MANAGERS | {"other_officer"}
    assert grid.allowed(task, "change") == MANAGERS
    assert grid.allowed(task, "report") == {"admin", "other_officer", "other_dept_officer"}
    assert grid.allowed(task, "view") == BRANCH | {"other_officer"}


def test_allocations_snapshots_and_supervision_follow_the_plan_without_units(grid, plan):
    """Rule: allocations, value snapshots and supervision records: the plan's branch sees them, its managers
    change them; units gain nothing through them and nobody reports on them."""
    jilin = _jilin(grid)
    indicator = af.IndicatorFactory(plan=plan, lead_unit=jilin)
    task = af.TaskFactory(plan=plan, lead_unit=jilin)
    rows = [
        Allocation.objects.create(indicator=indicator, department=jilin, target_value=Decimal("10")),
        ValueSnapshot.objects.create(
            indicator=indicator, region=plan.region, taken_on=dt.date(2025, 6, 30), source="reported"
        ),
        SupervisionRecord.objects.create(
            task=task,
            department=jilin,
            kind="reminder",
            due_date=dt.date(2026, 6, 30),
            days_before=7,
            sent_on=dt.date(2026, 6, 23),
            message="请按期完成",
        ),
    ]
    for row in rows:
        name = type(row).__name__
        assert grid.allowed(row, "view") == BRANCH, name
        assert grid.allowed(row, "supervise") == MANAGERS, name
        assert grid.allowed(row, "report") == {"admin"}, name


def test_a_report_is_seen_by_its_unit_and_reviewed_by_the_managers(grid, plan):
    """Rule: a progress report: the reporting unit's officers and the plan's managers see it; only the
    managers review it."""
    task_report = af.ProgressReportFactory(task=af.TaskFactory(plan=plan, lead_unit=_jilin(grid)))
    indicator_report = af.ProgressReportFactory(
        task=None, indicator=af.IndicatorFactory(plan=plan), department=_jilin(grid)
    )
    for report in (task_report, indicator_report):
        assert grid.allowed(report, "view") == MANAGERS | {"other_officer"}
        assert grid.allowed(report, "review") == MANAGERS
        assert grid.allowed(report, "nonsense") == {"admin"}
