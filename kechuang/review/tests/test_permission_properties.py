"""The review machinery's permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

A panel belongs to the department that organises it, whatever region its officers serve; an expert sees an
item only through an assignment that is still live (assigned or submitted) and scores only their own.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kechuang.core.permissions import restrict
from kechuang.review.choices import AssignmentStatus
from kechuang.review.models import PanelItem, ReviewAssignment
from tests import app_factories as af
from tests.rule_grid import Grid, make_grid

pytestmark = pytest.mark.django_db
DEPARTMENT = {"admin", "officer", "district_officer"}  # 长春市科学技术局, in 长春市 and in 朝阳区


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


@pytest.fixture
def panel(grid):  # type: ignore[no-untyped-def]
    return af.PanelFactory(department=grid.science)


def _assignment(grid, panel, status=AssignmentStatus.ASSIGNED):  # type: ignore[no-untyped-def]
    item = af.PanelItemFactory(panel=panel, subject=af.ApplicationFactory(organization=grid.cast.other_org))
    return af.ReviewAssignmentFactory(item=item, expert=grid.expert, status=status)


@pytest.mark.parametrize("action", ["view", "manage"])
def test_a_panel_is_its_departments_whatever_region_the_officer_serves(grid, panel, action):
    """Rule: view/manage a panel = an officer of the organising department (or a platform admin)."""
    assert grid.allowed(panel, action, more=("expert_user",)) == DEPARTMENT


@pytest.mark.parametrize("action", ["score", "delete", "nonsense"])
def test_other_actions_on_a_panel_are_for_platform_admins_only(grid, panel, action):
    """Rule: a panel action the rule does not name fails closed."""
    assert grid.allowed(panel, action, more=("expert_user",)) == {"admin"}


@pytest.mark.parametrize("status", [AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED])
def test_an_item_is_seen_by_its_panels_department_and_its_live_expert(grid, panel, status):
    """Rule: view an item = its panel's department, or an expert assigned to it (assigned or submitted)."""
    item = _assignment(grid, panel, status).item
    assert grid.allowed(item, "view", more=("expert_user",)) == DEPARTMENT | {"expert_user"}
    assert grid.allowed(item, "manage", more=("expert_user",)) == DEPARTMENT


def test_an_expert_who_declined_no_longer_sees_the_item(grid, panel):
    """Rule: a declined assignment (回避) gives no view of the item."""
    item = _assignment(grid, panel, AssignmentStatus.DECLINED).item
    assert grid.allowed(item, "view", more=("expert_user",)) == DEPARTMENT


def test_an_item_with_several_experts_is_listed_once(grid, panel):
    """Rule: the item list has each item once, however many assignments it has."""
    assignment = _assignment(grid, panel)
    af.ReviewAssignmentFactory(item=assignment.item, expert=af.ExpertFactory())
    assert restrict(PanelItem.objects.all(), grid.cast.officer).count() == 1


@pytest.mark.parametrize("action", ["score_all", "nonsense"])
def test_other_actions_on_an_item_are_for_platform_admins_only(grid, panel, action):
    """Rule: an item action the rule does not name fails closed."""
    item = _assignment(grid, panel).item
    assert grid.allowed(item, action, more=("expert_user",)) == {"admin"}


def test_an_assignment_is_scored_by_its_expert_only(grid, panel):
    """Rule: score = the assigned expert, nobody else — not the department, not a platform admin."""
    assignment = _assignment(grid, panel)
    assert grid.allowed(assignment, "score", more=("expert_user",)) == {"expert_user"}


def test_an_assignment_is_seen_by_its_expert_and_the_panels_department(grid, panel):
    """Rule: view an assignment = its expert, the panel's department, platform admins."""
    assignment = _assignment(grid, panel)
    assert grid.allowed(assignment, "view", more=("expert_user",)) == DEPARTMENT | {"expert_user"}


@pytest.mark.parametrize("action", ["manage", "nonsense"])
def test_other_actions_on_an_assignment_are_refused_to_everyone(grid, panel, action):
    """Rule: an assignment action the rule does not name is nobody's, platform admins included."""
    assignment = _assignment(grid, panel)
    assert grid.allowed(assignment, action, more=("expert_user",)) == set()


@pytest.mark.parametrize("caller", [None, SimpleNamespace(pk=1)], ids=["none", "not_a_user"])
def test_a_caller_that_is_not_a_signed_in_user_is_refused(grid, caller):
    """Rule: no user at all, or an object that does not say it is authenticated, gets nothing."""
    _assignment(grid, af.PanelFactory(department=grid.science))
    for model in (PanelItem, ReviewAssignment):
        assert restrict(model.objects.all(), caller, "view").count() == 0, model.__name__
