"""The programs' permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

An application is decided by officers of the program type's department *and* of a region subtree holding
the applicant; the same department in another district, another department of the same city and the
province may not (region and department varied apart).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kechuang.core.permissions import restrict
from kechuang.programs.choices import CallStatus
from kechuang.programs.models import Application, DuplicateFlag
from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
DEPARTMENT = {"admin", "officer", "district_officer"}  # 长春市科学技术局, whatever region
MEMBERS = {"org_admin", "org_member"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


@pytest.fixture
def program_type(grid):  # type: ignore[no-untyped-def]
    return af.ProgramTypeFactory(department=grid.science)


@pytest.fixture
def application(grid, program_type):  # type: ignore[no-untyped-def]
    topic = af.TopicFactory(call=af.ProgramCallFactory(program_type=program_type))
    return af.ProgramApplicationFactory(topic=topic, organization=grid.cast.org)


def test_a_program_type_is_public_and_managed_by_its_department(grid, program_type):
    """Rule: program types are public; manage = their department's officers, in any region."""
    assert grid.allowed(program_type, "view") == EVERYONE
    assert grid.allowed(program_type, "manage") == DEPARTMENT
    assert grid.allowed(program_type, "nonsense") == {"admin"}


def test_published_calls_and_topics_are_public_and_drafts_their_departments(grid, program_type):
    """Rule: calls and topics once published are public; drafts and manage = the department's officers."""
    published = af.ProgramCallFactory(program_type=program_type)
    draft = af.ProgramCallFactory(program_type=program_type, status=CallStatus.DRAFT)
    draft_topic = af.TopicFactory(call=draft)
    assert grid.allowed(published, "view") == EVERYONE
    assert grid.allowed(af.TopicFactory(call=published), "view") == EVERYONE
    assert grid.allowed(draft, "view") == DEPARTMENT
    assert grid.allowed(draft_topic, "view") == DEPARTMENT
    assert grid.allowed(published, "manage") == DEPARTMENT
    assert grid.allowed(draft_topic, "manage") == DEPARTMENT
    assert grid.allowed(published, "nonsense") == {"admin"}


def test_an_application_by_applicant_and_deciding_officers(grid, application):
    """Rule: the lead organization's members view, its admins change and submit; officers of the program
    type's department AND of the applicant's region subtree view and decide; nobody else."""
    assert grid.allowed(application, "view") == {"admin", "officer"} | MEMBERS
    assert grid.allowed(application, "change") == {"admin", "org_admin"}
    assert grid.allowed(application, "submit") == {"admin", "org_admin"}
    assert grid.allowed(application, "decide") == {"admin", "officer"}
    assert grid.allowed(application, "nonsense") == {"admin"}


def test_lines_and_projects_follow_their_application(grid, application):
    """Rule: budget lines, indicator lines, partners and projects answer as their application does."""
    rows = [
        af.ProgramBudgetLineFactory(application=application),
        af.ProgramIndicatorFactory(application=application),
        af.ProjectFactory(application=application),
    ]
    for row in rows:
        assert grid.allowed(row, "view") == {"admin", "officer"} | MEMBERS, type(row).__name__
        assert grid.allowed(row, "change") == {"admin", "org_admin"}, type(row).__name__
        assert grid.allowed(row, "decide") == {"admin", "officer"}, type(row).__name__


def test_a_duplicate_flag_is_for_the_deciding_officers_only(grid, application, program_type):
    """Rule: a 查重 flag is for the officers who decide the flagged application; applicants never see it."""
    other = af.ProgramApplicationFactory(
        topic=af.TopicFactory(call=af.ProgramCallFactory(program_type=program_type)),
        organization=grid.cast.other_org,
    )
    flag = DuplicateFlag.objects.create(application=application, other=other, similarity=Decimal("0.9"))
    assert grid.allowed(flag, "view") == {"admin", "officer"}
    assert grid.allowed(flag, "decide") == {"admin", "officer"}
    assert grid.allowed(flag, "change") == {"admin"}


@pytest.mark.parametrize("caller", [None, SimpleNamespace(pk=1)], ids=["none", "not_a_user"])
def test_a_caller_that_is_not_a_signed_in_user_is_refused(grid, caller):
    """Rule: no user at all, or an object that does not say it is authenticated, gets nothing."""
    af.ProgramApplicationFactory(organization=grid.cast.org)
    for model in (Application,):
        assert restrict(model.objects.all(), caller, "view").count() == 0, model.__name__
