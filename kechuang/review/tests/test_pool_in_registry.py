"""Review uses the registry's expert pool and writes to it only through its audited services."""

from __future__ import annotations

import pytest

from kechuang.core.models import AuditRecord
from kechuang.registry.services_experts import expert_set_active
from kechuang.review.models import ReviewAssignment
from kechuang.review.services import (
    assignment_decline,
    panel_assign,
    panel_open,
)

from .conftest import expert

pytestmark = pytest.mark.django_db


def test_a_decline_declares_the_conflict_through_the_audited_registry_service(panel, cast):
    a, _b = expert("甲"), expert("乙")
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
    a, b = expert("甲"), expert("乙")
    expert_set_active(expert=a, actor=cast.admin, active=False)
    panel_assign(panel=panel, actor=cast.officer)
    assert list(ReviewAssignment.objects.values_list("expert", flat=True)) == [b.pk]
