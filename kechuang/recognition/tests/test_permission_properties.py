"""Recognition's permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

An application is decided by officers of the scheme's department *and* of a region subtree holding the
applicant: the same department in another district (``district_officer``), another department of the same
city (``other_dept_officer``) and the province's department (``province_officer``) may not.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kechuang.core.permissions import restrict
from kechuang.recognition.choices import ApplicationStatus, CallStatus
from kechuang.recognition.models import Application, ApplicationAttachment, Certificate, ReEvaluation
from kechuang.review.choices import AssignmentStatus
from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
DEPARTMENT = {"admin", "officer", "district_officer"}  # 长春市科学技术局, whatever region
MEMBERS = {"org_admin", "org_member"}
EXPERT = ("expert_user",)


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


@pytest.fixture
def application(grid):  # type: ignore[no-untyped-def]
    call = af.CallFactory(scheme=af.SchemeFactory(department=grid.science))
    return af.ApplicationFactory(
        call=call, organization=grid.cast.org, status=ApplicationStatus.EXPERT_REVIEW
    )


def _assign(grid, application, status=AssignmentStatus.ASSIGNED):  # type: ignore[no-untyped-def]
    item = af.PanelItemFactory(panel=af.PanelFactory(department=grid.science), subject=application)
    return af.ReviewAssignmentFactory(item=item, expert=grid.expert, status=status)


def test_a_scheme_is_public_and_managed_by_its_department(grid):
    """Rule: schemes are public; manage = the scheme's department's officers, in any region."""
    scheme = af.SchemeFactory(department=grid.science)
    assert grid.allowed(scheme, "view") == EVERYONE
    assert grid.allowed(scheme, "manage") == DEPARTMENT
    assert grid.allowed(scheme, "nonsense") == {"admin"}


def test_a_published_call_is_public_and_a_draft_is_its_departments(grid):
    """Rule: published calls are public; draft calls only for the scheme's department's officers."""
    scheme = af.SchemeFactory(department=grid.science)
    open_call = af.CallFactory(scheme=scheme)
    draft = af.CallFactory(scheme=scheme, status=CallStatus.DRAFT)
    assert grid.allowed(open_call, "view") == EVERYONE
    assert grid.allowed(draft, "view") == DEPARTMENT
    assert grid.allowed(open_call, "manage") == DEPARTMENT
    assert grid.allowed(open_call, "nonsense") == {"admin"}


def test_an_application_is_decided_by_the_department_and_region_together(grid, application):
    """Rule: decide = an officer of the scheme's department AND of a region subtree holding the applicant."""
    assert grid.allowed(application, "decide", more=EXPERT) == {"admin", "officer"}


def test_an_application_is_seen_by_the_applicant_the_deciding_officers_and_its_experts(grid, application):
    """Rule: view = the applicant's members, the officers who decide it, the experts assigned to it."""
    assert grid.allowed(application, "view", more=EXPERT) == {"admin", "officer"} | MEMBERS
    _assign(grid, application)
    assert grid.allowed(application, "view", more=EXPERT) == {"admin", "officer", "expert_user"} | MEMBERS
    assert grid.allowed(application, "review", more=EXPERT) == {"admin", "expert_user"}


def test_an_expert_who_declined_neither_sees_nor_reviews_the_application(grid, application):
    """Rule: a declined assignment (回避) gives no access to the application."""
    _assign(grid, application, AssignmentStatus.DECLINED)
    assert grid.allowed(application, "view", more=EXPERT) == {"admin", "officer"} | MEMBERS
    assert grid.allowed(application, "review", more=EXPERT) == {"admin"}


@pytest.mark.parametrize("action", ["change", "submit"])
def test_an_application_is_changed_and_submitted_by_the_applicants_admins(grid, application, action):
    """Rule: change/submit = the applicant organization's admins (not its plain members, not officers)."""
    assert grid.allowed(application, action, more=EXPERT) == {"admin", "org_admin"}


def test_an_unknown_action_on_an_application_fails_closed(grid, application):
    """Rule: an action the rule does not name is refused (platform admins excepted)."""
    assert grid.allowed(application, "nonsense", more=EXPERT) == {"admin"}


def test_attachments_and_re_evaluations_follow_their_application(grid, application):
    """Rule: an attachment or a re-evaluation answers for each action as its application does."""
    _assign(grid, application)
    attachment = ApplicationAttachment.objects.create(
        application=application, title="营业执照", file="x.pdf", size=1, uploaded_by=grid.cast.org_admin
    )
    evaluation = ReEvaluation.objects.create(application=application, year=2026)
    for row in (attachment, evaluation):
        assert grid.allowed(row, "view", more=EXPERT) == {"admin", "officer", "expert_user"} | MEMBERS
        assert grid.allowed(row, "change", more=EXPERT) == {"admin", "org_admin"}
        assert grid.allowed(row, "decide", more=EXPERT) == {"admin", "officer"}


def test_objections_are_for_the_officers_who_decide_the_application(grid, application):
    """Rule: an objection is handled by the officers who decide its application (the public only lodges)."""
    objection = af.ObjectionFactory(application=application)
    assert grid.allowed(objection, "view", more=EXPERT) == {"admin", "officer"}


def test_a_certificate_is_downloaded_by_those_who_see_its_application(grid, application):
    """Rule: a certificate follows the view right on its application."""
    certificate = Certificate.objects.create(
        application=application,
        number="长科认〔2026〕001号",
        verification_code="PROP-2026-ABCD-EFGH",
        issued_on="2026-01-01",
        valid_until="2028-12-31",
    )
    assert grid.allowed(certificate, "view", more=EXPERT) == {"admin", "officer"} | MEMBERS


@pytest.mark.parametrize("caller", [None, SimpleNamespace(pk=1)], ids=["none", "not_a_user"])
def test_a_caller_that_is_not_a_signed_in_user_sees_no_application(grid, application, caller):
    """Rule: no user at all, or an object that does not say it is authenticated, gets no application."""
    assert restrict(Application.objects.all(), caller, "view").count() == 0
