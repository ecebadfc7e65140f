"""The public achievement list counts what is published and pages through all of it."""

from __future__ import annotations

import pytest

from kechuang.market.choices import AchievementStatus
from tests import app_factories as af
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_public_achievements_are_counted_and_paged(cast):
    owner = af.AchievementFactory(status=AchievementStatus.PUBLISHED).owner
    for _ in range(59):
        af.AchievementFactory(owner=owner, status=AchievementStatus.PUBLISHED)
    first = text(client_for(None).get("/market/achievements/"))
    assert "共 60 项已发布的成果，第 1 / 2 页" in first and "?page=2" in first
    assert first.count("/market/achievements/") >= 50
    second = client_for(None).get("/market/achievements/?page=2")
    assert len(second.context["results"]) == 10 and "上一页" in text(second)
