"""Schemes set up and changed by officers: every problem at once, the score-sheet preview, versions that
apply to future calls only, retiring."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.recognition import services
from kechuang.recognition.models import Scheme
from kechuang.recognition.services.transitions import _build_snapshot
from kechuang.recognition.tests.builders import make_call
from kechuang.registry.models import Department
from tests.matrix_rows.recognition import scheme_post

pytestmark = pytest.mark.django_db

EXPERT_ONLY = {"indicators": [{"code": "q", "name": "技术水平", "max_score": "100", "method": "expert"}]}


def test_every_problem_of_the_indicator_system_at_once(world, cast):
    bad = {
        "indicators": [
            {
                "code": "a",
                "name": "甲",
                "max_score": "30",
                "method": "threshold",
                "metric": "nope",
                "bands": [],
            },
            {"code": "b", "name": "乙", "max_score": "-1", "method": "expert"},
        ]
    }
    with pytest.raises(ApplicationError) as caught:
        services.scheme_create(
            code="x",
            name="x",
            department=world.department,
            tier="municipal",
            recognition_title="x",
            indicator_system=bad,
            eligibility={"min": {"unknown": 1}},
            actor=cast.officer,
        )
    problems = caught.value.extra["problems"]
    assert len(problems) == 3, problems
    assert any("未知的数据项" in p for p in problems)
    assert any("满分必须是正数" in p for p in problems)
    assert not Scheme.objects.filter(code="x").exists()


def test_only_the_departments_officers_set_up_its_schemes(world, cast):
    with pytest.raises(ApplicationError):
        services.scheme_create(
            code="jl",
            name="吉林市认定",
            department=world.department,
            tier="municipal",
            recognition_title="x",
            indicator_system=EXPERT_ONLY,
            actor=cast.other_officer,
        )


def test_a_changed_indicator_system_applies_to_future_calls_only(world, cast):
    scheme, old_call = world.scheme, world.call
    assert old_call.scheme_version.number == 1
    services.scheme_update(
        scheme=scheme, actor=cast.officer, data={"indicator_system": EXPERT_ONLY}, note="改为全部专家打分"
    )
    scheme.refresh_from_db()
    assert scheme.indicator_system == EXPERT_ONLY
    assert list(scheme.versions.values_list("number", flat=True)) == [2, 1]
    new_call = make_call(scheme=scheme, actor=cast.officer, year=2027)
    assert new_call.scheme_version.number == 2
    old_call.refresh_from_db()
    assert old_call.scheme_version.number == 1
    assert old_call.indicator_system != EXPERT_ONLY  # still the threshold indicators it was published with
    audit = AuditRecord.objects.filter(action="scheme.update").get()
    assert audit.after["version"] == 2


def test_an_application_is_scored_by_its_calls_version(world, cast, draft):
    services.scheme_update(scheme=world.scheme, actor=cast.officer, data={"indicator_system": EXPERT_ONLY})
    _year, snapshot, points = _build_snapshot(draft)
    assert snapshot["indicator_scores"], "the old call's threshold indicators still score"
    assert points > Decimal(0)


def test_unchanged_particulars_make_no_version(world, cast):
    services.scheme_update(scheme=world.scheme, actor=cast.officer, data={"publicity_days": 10})
    assert world.scheme.versions.count() == 1


def test_a_retired_scheme_takes_no_new_call(world, cast):
    services.scheme_set_active(scheme=world.scheme, actor=cast.officer, active=False)
    with pytest.raises(ApplicationError, match="已停用"):
        make_call(scheme=world.scheme, actor=cast.officer, year=2030)
    assert AuditRecord.objects.filter(action="scheme.retire").exists()


def test_the_editor_previews_the_score_sheet_then_saves(client, cast):
    client.force_login(cast.officer)
    science = Department.objects.get(region_id="220100", kind="science")
    world = type("W", (), {"science": science})
    data = {**scheme_post(world, code="page-etc"), "preview": "1"}
    del data["save"]
    page = client.post(reverse("recognition:scheme_new"), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "评分表预览" in html and "达到1.5%得20分" in html and "专家打分" in html
    assert not Scheme.objects.filter(code="page-etc").exists()
    saved = client.post(reverse("recognition:scheme_new"), scheme_post(world, code="page-etc"))
    scheme = Scheme.objects.get(code="page-etc")
    assert saved.status_code == 302
    assert scheme.indicator_system["indicators"][0]["bands"][0] == {"min": "1.5", "score": "20"}
    assert scheme.eligibility == {"organization_kinds": ["enterprise"], "verified_only": True}


def test_the_editor_shows_every_error_at_once(client, cast):
    client.force_login(cast.officer)
    science = Department.objects.get(region_id="220100", kind="science")
    world = type("W", (), {"science": science})
    data = {**scheme_post(world, code="bad-etc"), "ind-0-bands": "1.5得20", "ind-1-max_score": "10"}
    data["name"] = ""
    page = client.post(reverse("recognition:scheme_new"), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "应写成“界限=分值”" in html
    assert html.count('class="errors" role="alert"') >= 2, "the name's error and the row's error"
    assert not Scheme.objects.filter(code="bad-etc").exists()
