"""Rule guarded: owners never review their own items — no member or admin of the organization that owns
an achievement may approve or return it in review, whatever other role they hold (even an officer of the
owner's region); the region's other officers may.
"""

from __future__ import annotations

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can
from kechuang.market import services
from kechuang.market.choices import AchievementStatus
from kechuang.registry.choices import MembershipRole
from tests import factories as f

from .conftest import achievement_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(cast, university, uni_admin):
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    services.achievement_submit(achievement=a, actor=uni_admin)
    a.refresh_from_db()
    assert a.status == AchievementStatus.SUBMITTED
    return a


def _owner_side(cast, university, uni_admin):
    """Everyone who belongs to the owning organization, including one who is also the region's officer."""
    member = f.MembershipFactory(organization=university, role=MembershipRole.MEMBER).user
    officer_and_member = f.MembershipFactory(organization=university, user=cast.officer).user
    return {
        "owner admin": uni_admin,
        "owner member": member,
        "officer who is an owner member": officer_and_member,
    }


@pytest.mark.parametrize("approve", [True, False], ids=["approve", "return"])
def test_no_one_of_the_owning_organization_may_review_it(cast, university, uni_admin, submitted, approve):
    for label, user in _owner_side(cast, university, uni_admin).items():
        assert can(user, submitted, "review") is False, label
        with pytest.raises(ApplicationError) as exc:
            services.achievement_review(achievement=submitted, actor=user, approve=approve, note="自审")
        assert exc.value.message == "您无权执行此操作。", label
        submitted.refresh_from_db()
        assert submitted.status == AchievementStatus.SUBMITTED, label


def test_an_officer_of_the_region_outside_the_organization_may_review(cast, submitted):
    other = f.OfficerFactory(department=cast.officer.officer_assignments.first().department).user
    assert can(other, submitted, "review") is True
    services.achievement_review(achievement=submitted, actor=other, approve=True)
    submitted.refresh_from_db()
    assert submitted.status == AchievementStatus.PUBLISHED
