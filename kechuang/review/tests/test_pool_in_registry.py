"""Review uses the registry's expert pool and writes to it only through its audited services."""

from __future__ import annotations

import pytest

from kechuang.core.models import AuditRecord
from kechuang.registry.models import Department, Region
from kechuang.registry.services_experts import expert_create, expert_set_active
from kechuang.review.models import ReviewAssignment
from kechuang.review.services import (
    assignment_decline,
    panel_add_item,
    panel_assign,
    panel_create,
    panel_open,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

INDICATORS = [{"code": "q", "name": "质量", "max_score": "100"}]


@pytest.fixture
def panel(cast):
    department = Department.objects.get(region_id="220100", kind="science")
    panel = panel_create(
        owner=department,
        name="测试评审组",
        department=department,
        indicators=INDICATORS,
        actor=cast.officer,
        experts_per_item=1,
    )
    panel_add_item(panel=panel, subject=cast.org, organization=cast.org, label="光华", actor=cast.officer)
    return panel


def _expert(name):
    return expert_create(
        name=name,
        user=f.UserFactory(username=f"u_{name}"),
        region=Region.objects.get(code="220104"),
        actor=None,
    )


def test_a_decline_declares_the_conflict_through_the_audited_registry_service(panel, cast):
    a, _b = _expert("甲"), _expert("乙")
    panel_assign(panel=panel, actor=cast.officer, experts=[a])
    panel_open(panel=panel, actor=cast.officer)
    assignment_decline(
        assignment=ReviewAssignment.objects.get(expert=a), actor=a.user, reason=" 曾为该企业提供咨询 "
    )
    record = AuditRecord.objects.get(action="expert.declare_conflict")
    assert (record.actor, record.target_type, record.target_id) == (a.user, "registry.expert", str(a.pk))
    assert record.after == {"organization": cast.org.pk}
    assert a.conflicts.get().reason == "曾为该企业提供咨询"


def test_experts_out_of_the_pool_are_not_assigned(panel, cast):
    a, b = _expert("甲"), _expert("乙")
    expert_set_active(expert=a, actor=cast.admin, active=False)
    panel_assign(panel=panel, actor=cast.officer)
    assert list(ReviewAssignment.objects.values_list("expert", flat=True)) == [b.pk]
