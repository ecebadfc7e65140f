"""The demo's 2026 award calls hold applications in several states, and the officers' and experts'
workbenches show them (著名商标 applications name their trademark)."""

from __future__ import annotations

import io
import random

import pytest

from kechuang.accounts.models import User
from kechuang.portal.workbench import pending_for
from kechuang.recognition import demo as recognition_demo
from kechuang.recognition.models import Application, Call
from kechuang.registry.demo import load as registry_load
from kechuang.review import demo as review_demo
from kechuang.review.models import ReviewAssignment


@pytest.mark.django_db
def test_award_calls_have_live_applications_on_the_workbenches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    rng = random.Random(5)
    registry_load(stdout=out, rng=rng, organizations=400)
    review_demo.load(stdout=out, rng=rng)
    recognition_demo.load(stdout=out, rng=rng)
    codes = ("ccmp", "cczm", "ccipa", "ccqa", "ccsta")
    for code in codes:
        call = Call.objects.get(scheme__code=code, year=2026)
        states = set(Application.objects.filter(call=call).values_list("status", flat=True))
        assert {"draft", "submitted"} <= states and len(states) >= 3, (code, states)
    marks = Application.objects.filter(call__scheme__code="cczm")
    assert marks.exists() and not marks.filter(trademark__isnull=True).exists()
    assert all(a.trademark.organization_id == a.organization_id for a in marks)
    assert Application.objects.filter(call__scheme__code="ccsta", nominator__name="吉林大学").exists()

    def titles(user: User) -> list[str]:
        return [item.title for _section, items in pending_for(user) for item in items]

    officer = titles(User.objects.get(username="officer"))
    assert any("待受理的认定申请（2026年度长春市科学技术奖）" in t for t in officer)
    assert any("待形式审查的认定申请（2026年度长春市科学技术奖）" in t for t in officer)
    admin = titles(User.objects.get(username="admin"))
    for name in (
        "长春市名牌产品认定",
        "长春市著名商标认定",
        "长春市知识产权优势企业认定",
        "长春市市长质量奖",
    ):
        assert any(f"2026年度{name}" in t for t in admin), name
    # experts score the award calls that reached expert review
    scored = ReviewAssignment.objects.filter(
        item__panel__name__contains="2026年度长春市名牌产品认定", status="assigned"
    ).select_related("expert__user")
    assert scored.exists()
    expert = next(a.expert.user for a in scored if a.expert.user_id)
    assert titles(expert)
