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
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Region
from kechuang.targets.catalogue import CONFIDENTIAL, get_catalogue
from kechuang.targets.metrics import parse
from kechuang.targets.models import Allocation, Plan, SupervisionRecord, ValueSnapshot
from kechuang.targets.permissions import can_compute_metric_for, can_read_metric_field, metric_region_paths
from tests import app_factories as af
from tests import factories as f
from tests.rule_grid import USERS, Grid, make_grid

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


# ------------------------------------------------------------------------------------------ metric rules

RD = {"op": "sum", "model": "yearly_statistics", "field": "rd_expenditure"}  # a confidential figure
COUNT = {"op": "count", "model": "yearly_statistics"}


def _quality_officer(grid, code="220100"):  # type: ignore[no-untyped-def]
    department = f.DepartmentFactory(region=Region.objects.get(code=code), kind=DepartmentKind.QUALITY)
    return f.OfficerFactory(department=department).user


def test_aggregates_are_for_government_staff_and_confidential_figures_for_some_departments(grid):
    """Rule: any officer may aggregate registry records; confidential statistics (R&D, profit, tax) only
    officers of the departments that administer them — not, say, a quality bureau; nobody else either."""
    model = get_catalogue().get("yearly_statistics")
    assert model is not None
    confidential = next(s for s in model.fields if s.permission == CONFIDENTIAL)
    plain = next(s for s in model.fields if not s.permission)
    quality = _quality_officer(grid)
    names = [*USERS, "quality"]

    def who(field):  # type: ignore[no-untyped-def]
        return {
            n
            for n in names
            if can_read_metric_field(quality if n == "quality" else grid.user(n), model, field)
        }

    officers = {"officer", "district_officer", "other_dept_officer", "other_officer", "province_officer"}
    assert who(None) == {"admin", "quality"} | officers
    assert who(plain) == {"admin", "quality"} | officers
    assert who(confidential) == {"admin"} | officers


def test_a_metric_is_computed_within_the_regions_whose_department_may_read_all_of_it(grid):
    """Rule: platform admins everywhere (None); an officer in the subtrees of those assignments whose
    department may read every field the metric reads; anyone else nowhere."""
    catalogue = get_catalogue()
    rd, count = parse(RD, catalogue), parse(COUNT, catalogue)
    both = _quality_officer(grid, "220100")
    f.OfficerFactory(user=both, department=grid.cast.other_officer.officer_assignments.get().department)
    assert metric_region_paths(grid.cast.admin, rd) is None
    assert metric_region_paths(grid.cast.officer, rd) == ["220000/220100/"]
    assert metric_region_paths(grid.cast.org_admin, count) == []
    assert sorted(metric_region_paths(both, count)) == ["220000/220100/", "220000/220200/"]
    assert metric_region_paths(both, rd) == ["220000/220200/"]


def test_a_metric_is_computed_for_a_region_inside_the_users_area_only(grid):
    """Rule: can_compute_metric_for = the region lies in one of the user's metric subtrees (admins: all)."""
    rd = parse(RD, get_catalogue())
    nanguan, jilin = "220000/220100/220102/", "220000/220200/"
    assert can_compute_metric_for(grid.cast.admin, rd, jilin)
    assert can_compute_metric_for(grid.cast.officer, rd, nanguan)
    assert not can_compute_metric_for(grid.cast.officer, rd, jilin)
    assert not can_compute_metric_for(_quality_officer(grid), rd, nanguan)
    assert not can_compute_metric_for(grid.cast.org_admin, rd, nanguan)
