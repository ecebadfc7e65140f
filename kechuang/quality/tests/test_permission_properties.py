"""The quality registers', credit and complaint rules as properties, over tests/rule_grid.py (issue 19).

``org`` lies in 南关区 (220102): the officers whose region subtree holds it are ``officer``,
``other_dept_officer`` and ``province_officer``. An assigned complaint belongs to its department's
officers whatever region they serve (``district_officer`` included), not to the region's other departments.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.quality.choices import ComplaintStatus, CreditEventKind, CreditGradeValue
from kechuang.quality.models import CreditEvent, CreditGrade
from kechuang.quality.permissions import organization_scope
from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

REGION = {"admin", "officer", "other_dept_officer", "province_officer"}
MEMBERS = {"org_admin", "org_member"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


def test_a_register_is_seen_by_members_and_changed_by_admins_and_the_region(grid):
    """Rule: patents (trademarks, standards): members see, admins change; the region's officers both."""
    patent = af.PatentFactory(organization=grid.cast.org)
    assert grid.allowed(patent, "view") == REGION | MEMBERS
    assert grid.allowed(patent, "change") == REGION | {"org_admin"}
    assert grid.allowed(patent, "nonsense") == {"admin"}


@pytest.mark.parametrize(
    ("action", "expected"),
    [("view", REGION | MEMBERS), ("change", REGION | {"org_admin"}), ("credit", REGION)],
)
def test_the_organization_scope_is_the_registers_rule_for_one_organization(grid, action, expected):
    """Rule: organization_scope answers for an organization as the register rule does for its rows;
    ``credit`` (record credit events about it) is the region's officers' only."""
    got = {name for name in USERS if organization_scope(grid.user(name), grid.cast.org, action)}
    assert got == expected


def test_credit_records_are_kept_by_the_region_and_seen_by_the_organization(grid):
    """Rule: credit events and grades: the organization's members see them; only the region's officers
    record them (an organization does not grade itself)."""
    event = CreditEvent.objects.create(
        organization=grid.cast.org,
        kind=CreditEventKind.INSPECTION_PASSED,
        occurred_on=dt.date(2025, 3, 1),
        source="市场监管局",
    )
    grade = CreditGrade.objects.create(
        organization=grid.cast.org, grade=CreditGradeValue.A, reason="抽检合格"
    )
    for row in (event, grade):
        assert grid.allowed(row, "view") == REGION | MEMBERS
        assert grid.allowed(row, "change") == REGION
        assert grid.allowed(row, "nonsense") == {"admin"}


def test_an_unassigned_complaint_is_the_lodgers_and_the_regions(grid):
    """Rule: a lodged complaint: the lodger (and the lodging organization's members) follow and close it;
    the officers of its region see and assign it."""
    complaint = af.ComplaintFactory(lodged_by=grid.cast.norole, lodging_organization=grid.cast.org)
    assert grid.allowed(complaint, "view") == REGION | MEMBERS | {"norole"}
    assert grid.allowed(complaint, "assign") == REGION
    assert grid.allowed(complaint, "close") == MEMBERS | {"admin", "norole"}
    assert grid.allowed(complaint, "answer") == {"admin"}
    assert grid.allowed(complaint, "nonsense") == {"admin"}


def test_an_assigned_complaint_is_its_departments_whatever_region(grid):
    """Rule: once assigned, the department's officers (any region they serve) see and answer it; the
    region's other departments no longer see it (the workflow refuses a second assignment)."""
    complaint = af.ComplaintFactory(
        lodged_by=grid.cast.norole, department=grid.science, status=ComplaintStatus.ASSIGNED
    )
    assert grid.allowed(complaint, "view") == {"admin", "officer", "district_officer", "norole"}
    assert grid.allowed(complaint, "answer") == {"admin", "officer", "district_officer"}
    assert grid.allowed(complaint, "close") == {"admin", "norole"}
