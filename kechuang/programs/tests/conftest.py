from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kechuang.programs import services
from tests import app_factories as af


def fill(application, actor, **data):  # type: ignore[no-untyped-def]
    """A complete application: 80万元 asked with 80万元 自筹, budget and one indicator."""
    values = {"requested_funds": "80", "self_funds": "80", **data}
    return services.application_update(
        application=application,
        actor=actor,
        data=values,
        budget=[
            {"category": "equipment", "special_funds": "50", "self_funds": "30"},
            {"category": "operations", "special_funds": "30", "self_funds": "50"},
        ],
        indicators=[{"text": "申请发明专利", "quantity": "3", "unit": "项"}],
    )


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    topic = af.TopicFactory(funding_cap=Decimal("100"), co_funding_ratio=Decimal("1"))
    draft = services.application_create(
        topic=topic,
        organization=cast.org,
        actor=cast.org_admin,
        title="车规级功率芯片研发及产业化",
        leader_name="李四",
        leader_identifier="220102198001011234",
    )
    return SimpleNamespace(topic=topic, call=topic.call, draft=draft)
