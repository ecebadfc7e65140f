"""Shared builders for the review tests: a one-item panel of the science bureau and pool experts."""

from __future__ import annotations

import pytest

from kechuang.registry.models import Department, Region
from kechuang.registry.services_experts import expert_create
from kechuang.review.services import panel_add_item, panel_create
from tests import factories as f

INDICATORS = [{"code": "q", "name": "质量", "max_score": "100"}]


@pytest.fixture
def panel(cast):
    """A panel of the city's science bureau (which also owns it) with one item, one expert per item."""
    department = Department.objects.get(region_id="220100", kind="science")
    panel = panel_create(
        owner=department,  # any model instance can own a panel
        name="测试评审组",
        department=department,
        indicators=INDICATORS,
        actor=cast.officer,
        experts_per_item=1,
    )
    panel_add_item(panel=panel, subject=cast.org, organization=cast.org, label="光华", actor=cast.officer)
    return panel


def expert(name, org=None, region="220104", **kw):
    """An expert in the registry's pool with a user account named after them."""
    return expert_create(
        name=name,
        user=f.UserFactory(username=f"u_{name}"),
        organization=org,
        region=Region.objects.get(code=region),
        actor=None,
        **kw,
    )
