"""Review services against the database: each conflict rule, declines, shortfalls, permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kechuang.carriers.services import alliance_create, alliance_member_add
from kechuang.core.errors import ApplicationError
from kechuang.registry.models import Department, ExpertConflict, ExpertCooperation
from kechuang.registry.services_experts import expert_declare_conflict
from kechuang.review.choices import AssignmentStatus, PanelStatus
from kechuang.review.models import ReviewAssignment
from kechuang.review.services import (
    assignment_decline,
    panel_add_item,
    panel_assign,
    panel_close,
    panel_create,
    panel_open,
    score_submit,
)
from tests import factories as f

from .conftest import INDICATORS, expert


def assigned_names(panel):
    return sorted(ReviewAssignment.objects.filter(item__panel=panel).values_list("expert__name", flat=True))


def test_same_organization_is_avoided(panel, cast):
    conflicted = expert("同单位", org=cast.org)
    clean = expert("外单位")
    panel_assign(panel=panel, actor=cast.officer, experts=[conflicted, clean])
    assert assigned_names(panel) == ["外单位"]


def test_recent_cooperation(panel, cast):
    recent = expert("近期合作")
    ExpertCooperation.objects.create(
        expert=recent, organization=cast.org, occurred_on=timezone.localdate() - dt.timedelta(days=400)
    )
    with pytest.raises(ApplicationError) as exc:
        panel_assign(panel=panel, actor=cast.officer, experts=[recent])
    assert (
        exc.value.message == "有1个评审对象无法配齐无利益冲突的专家（如：光华），请扩充专家库或放宽地区回避。"
    )
    assert ReviewAssignment.objects.count() == 0
    old = expert("早年合作")
    ExpertCooperation.objects.create(
        expert=old, organization=cast.org, occurred_on=timezone.localdate() - dt.timedelta(days=365 * 4)
    )
    panel_assign(panel=panel, actor=cast.officer, experts=[recent, old])
    assert assigned_names(panel) == ["早年合作"]


def test_declared_conflict_is_avoided(panel, cast):
    declared = expert("已声明")
    expert_declare_conflict(expert=declared, organization=cast.org, reason="亲属任职", actor=None)
    clean = expert("无关")
    panel_assign(panel=panel, actor=cast.officer, experts=[declared, clean])
    assert assigned_names(panel) == ["无关"]


def test_same_alliance_is_avoided(panel, cast):
    uni = f.OrganizationFactory(name="联盟大学", kind="university")
    alliance = alliance_create(
        name="光电子产业技术创新联盟", lead=cast.org, region=cast.org.region, actor=cast.admin
    )
    alliance_member_add(alliance=alliance, organization=uni, actor=cast.admin)
    member = expert("联盟成员", org=uni)
    clean = expert("非成员")
    panel_assign(panel=panel, actor=cast.officer, experts=[member, clean])
    assert assigned_names(panel) == ["非成员"]


def test_same_region_exclusion_is_optional(panel, cast):
    local = expert("本市专家", region="220104")  # 长春市朝阳区, applicant in 长春市南关区
    panel_assign(panel=panel, actor=cast.officer, experts=[local])
    assert assigned_names(panel) == ["本市专家"]
    ReviewAssignment.objects.all().delete()
    type(panel).objects.filter(pk=panel.pk).update(same_region_digits=4)
    panel.refresh_from_db()
    remote = expert("吉林市专家", region="220202")
    panel_assign(panel=panel, actor=cast.officer, experts=[local, remote])
    assert assigned_names(panel) == ["吉林市专家"]


def test_decline_records_conflict_and_assigns_replacement(panel, cast):
    a, b = expert("甲"), expert("乙")
    panel_assign(panel=panel, actor=cast.officer, experts=[a])
    panel_open(panel=panel, actor=cast.officer)
    assignment = ReviewAssignment.objects.get(expert=a)
    with pytest.raises(ApplicationError) as exc:
        assignment_decline(assignment=assignment, actor=a.user, reason=" ")
    assert exc.value.message == "请说明回避原因。"
    replacement = assignment_decline(assignment=assignment, actor=a.user, reason="曾为该企业提供咨询")
    assert replacement is not None and replacement.expert == b
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    assert ExpertConflict.objects.filter(expert=a, organization=cast.org).exists()


def test_only_the_department_manages_the_panel(panel, cast):
    e = expert("甲")
    for who in (cast.other_officer, cast.org_admin, cast.norole):
        with pytest.raises(ApplicationError) as exc:
            panel_assign(panel=panel, actor=who, experts=[e])
        assert exc.value.message == "您无权执行此操作。"


def test_open_needs_full_complement(panel, cast):
    with pytest.raises(ApplicationError) as exc:
        panel_open(panel=panel, actor=cast.officer)
    assert exc.value.message == "还有1个评审对象未配齐专家，请先分配专家。"
    panel.refresh_from_db()
    assert panel.status == PanelStatus.FORMING


def test_no_items_added_after_scoring_started(panel, cast):
    panel_assign(panel=panel, actor=cast.officer, experts=[expert("甲")])
    panel_open(panel=panel, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:
        panel_add_item(
            panel=panel, subject=cast.other_org, organization=cast.other_org, label="x", actor=cast.officer
        )
    assert exc.value.message == "评审组已开始评审，不能再加入评审对象。"


def test_score_api_validates_range_and_owner(client, panel, cast):
    a, b = expert("甲"), expert("乙")
    panel_assign(panel=panel, actor=cast.officer, experts=[a])
    panel_open(panel=panel, actor=cast.officer)
    assignment = ReviewAssignment.objects.get(expert=a)
    url = f"/api/v1/review/assignments/{assignment.pk}/scores/"
    client.force_login(b.user)
    assert (
        client.post(
            url, {"scores": {"q": "50"}, "comment": "好"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(a.user)
    response = client.post(url, {"scores": {"q": "101"}, "comment": "好"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"message": "“质量”的得分必须在0到100之间。", "extra": {"field": "q"}}
    response = client.post(url, {"scores": {"q": "88.5"}, "comment": "好"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["total"] == "88.50"
    mine = client.get("/api/v1/review/assignments/").json()
    assert [m["id"] for m in mine] == [assignment.pk]


def test_closing_flags_the_items_whose_experts_disagree_beyond_the_panel_threshold(cast):
    """Rule: closing a panel flags (需复议) every item whose experts' totals spread strictly beyond the
    panel's own ``spread_threshold``, and stores that spread; an item at or below it is not flagged."""
    department = Department.objects.get(region_id="220100", kind="science")
    panel = panel_create(
        owner=department,
        name="分差评审组",
        department=department,
        indicators=INDICATORS,
        actor=cast.officer,
        experts_per_item=2,
        method="mean",
        spread_threshold=Decimal("20"),
    )
    far = panel_add_item(
        panel=panel, subject=cast.org, organization=cast.org, label="光华", actor=cast.officer
    )
    near = panel_add_item(
        panel=panel, subject=cast.other_org, organization=cast.other_org, label="北方", actor=cast.officer
    )
    a, b = expert("甲"), expert("乙")
    panel_assign(panel=panel, actor=cast.officer, experts=[a, b])
    panel_open(panel=panel, actor=cast.officer)
    given = {(far.pk, a.pk): 60, (far.pk, b.pk): 90, (near.pk, a.pk): 70, (near.pk, b.pk): 90}
    for assignment in ReviewAssignment.objects.filter(item__panel=panel).select_related("expert__user"):
        score_submit(
            assignment=assignment,
            actor=assignment.expert.user,
            scores={"q": given[assignment.item_id, assignment.expert_id]},
            comment="意见",
        )
    results = panel_close(panel=panel, actor=cast.officer)
    assert results[far.pk].flagged is True and results[near.pk].flagged is False
    far.refresh_from_db()
    near.refresh_from_db()
    assert (far.spread, far.flagged) == (Decimal("30"), True)
    assert (near.spread, near.flagged) == (Decimal("20"), False)  # at the threshold: not beyond it
