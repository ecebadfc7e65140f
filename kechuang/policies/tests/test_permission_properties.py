"""The policies' permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

A measure is changed by officers of its region subtree *or* of its department: the two are varied apart
(a measure of 吉林市 run by 长春市科学技术局, one of 南关区 run by 长春市工业和信息化局).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.policies.choices import MeasureStatus
from kechuang.policies.models import Disbursement, PolicyStatistics, PushNotice
from kechuang.registry.models import Region
from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
OFFICERS = {"officer", "district_officer", "other_dept_officer", "other_officer", "province_officer"}
REGION = {"admin", "officer", "other_dept_officer", "province_officer"}  # over 南关区 220102
MEMBERS = {"org_admin", "org_member"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


def test_documents_are_public_and_changed_by_officers(grid):
    """Rule: policy documents are public; any officer (and platform admins) change them."""
    document = af.PolicyDocumentFactory()
    assert grid.allowed(document, "view") == EVERYONE
    assert grid.allowed(document, "change") == {"admin"} | OFFICERS
    assert grid.allowed(document, "nonsense") == {"admin"}


def test_a_published_measure_is_public_and_a_draft_is_for_officers(grid):
    """Rule: published measures are public; drafts are for officers and platform admins."""
    published = af.MeasureFactory()
    draft = af.MeasureFactory(status=MeasureStatus.DRAFT)
    assert grid.allowed(published, "view") == EVERYONE
    assert grid.allowed(draft, "view") == {"admin"} | OFFICERS


def test_selecting_with_a_measure_is_for_officers(grid):
    """Rule: select/push/what-if with a measure = officers and platform admins (the organisations reached
    are limited by the registry's own rule)."""
    measure = af.MeasureFactory()
    assert grid.allowed(measure, "select") == {"admin"} | OFFICERS
    assert grid.allowed(measure, "nonsense") == {"admin"}


def test_a_measure_is_changed_by_its_region_or_its_department(grid):
    """Rule: change a measure = an officer of its region subtree OR of its department, each on its own."""
    jilin = Region.objects.get(code="220202")
    by_department = af.MeasureFactory(region=jilin, department=grid.science)
    by_region = af.MeasureFactory(region=Region.objects.get(code="220102"), department=grid.other_dept)
    assert grid.allowed(by_department, "change") == {
        "admin",
        "officer",
        "district_officer",
        "other_officer",
        "province_officer",
    }
    assert grid.allowed(by_region, "change") == REGION
    version = af.MeasureRuleVersionFactory(measure=by_region)
    assert grid.allowed(version, "view") == REGION
    assert grid.allowed(version, "change") == {"admin"}


DESK = REGION - {"other_dept_officer"}  # the region's science bureau (and above), not 工信局


def test_a_claim_is_seen_by_the_organization_moved_by_its_admins_and_reviewed_by_the_desk(grid):
    """Rule: a claim: the claiming organisation's members see it, only its admins act on it (apply); the
    officers of its region subtree see and review it when they serve a science bureau (the 政策兑现 desk)
    or the measure's own department — another department of the same region does not."""
    claim = af.ClaimFactory(organization=grid.cast.org)
    assert grid.allowed(claim, "view") == DESK | MEMBERS
    assert grid.allowed(claim, "apply") == {"admin", "org_admin"}
    assert grid.allowed(claim, "review") == DESK
    assert grid.allowed(claim, "nonsense") == {"admin"}


def test_a_measures_own_department_reviews_its_claims(grid):
    """Rule: the measure's responsible department (here 长春市工业和信息化局) reviews the claims of its
    measure in its region, beside the science bureau; not another measure's."""
    own = af.ClaimFactory(organization=grid.cast.org, measure=af.MeasureFactory(department=grid.other_dept))
    assert grid.allowed(own, "review") == DESK | {"other_dept_officer"}
    assert grid.allowed(af.ClaimFactory(organization=grid.cast.org), "review") == DESK


def test_a_disbursement_follows_its_claim(grid):
    """Rule: a disbursement is seen by the claim's organisation and the officers who review the claim."""
    claim = af.ClaimFactory(organization=grid.cast.org)
    row = Disbursement.objects.create(
        claim=claim, amount=Decimal("1000"), paid_on=dt.date(2025, 6, 1), recorded_by=grid.cast.officer
    )
    assert grid.allowed(row, "view") == DESK | MEMBERS
    assert grid.allowed(row, "change") == {"admin"}


def test_a_push_notice_is_seen_by_its_organization_and_region(grid):
    """Rule: a push notice: the organisation it went to and the officers of its region."""
    notice = PushNotice.objects.create(
        measure=af.MeasureFactory(),
        organization=grid.cast.org,
        region_path=grid.cast.org.region_path,
        sent_by=grid.cast.officer,
    )
    assert grid.allowed(notice, "view") == REGION | MEMBERS
    assert grid.allowed(notice, "change") == {"admin"}


def test_policy_statistics_are_seen_by_members_and_changed_by_admins_and_the_region(grid):
    """Rule: an organisation's policy figures: members and the region see them; admins and the region
    change them."""
    row = PolicyStatistics.objects.create(organization=grid.cast.org, year=2025)
    assert grid.allowed(row, "view") == REGION | MEMBERS
    assert grid.allowed(row, "change") == REGION | {"org_admin"}
