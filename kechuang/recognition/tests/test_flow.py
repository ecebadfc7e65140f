"""A municipal enterprise tech center call end to end through the services, with the review panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kechuang.carriers.choices import CarrierKind, CarrierStatus, Tier
from kechuang.carriers.selectors import carrier_history, enterprise_ladder
from kechuang.carriers.services import carrier_record_recognition
from kechuang.carriers.tests.builders import make_carrier
from kechuang.core.errors import ApplicationError
from kechuang.policies.services import measure_save_rule
from kechuang.recognition.choices import ApplicationStatus, ObjectionStatus, ReEvaluationOutcome
from kechuang.recognition.models import Application, Certificate, ReEvaluation
from kechuang.recognition.services import (
    application_bulk_transition,
    application_create,
    application_transition,
    attachment_add,
    eligibility_check,
    objection_lodge,
    objection_resolve,
    re_evaluation_decide,
)
from kechuang.recognition.tests.builders import make_call, make_scheme
from kechuang.review.choices import PanelStatus
from kechuang.review.models import ReviewAssignment
from kechuang.review.selectors import item_assignments, panel_for_owner
from kechuang.review.services import panel_assign, panel_close, panel_open, score_submit

S = ApplicationStatus
FULL = {"organisation": "18", "capability": "22", "outlook": "12"}


def to_expert_review(application, cast):
    application = application_transition(application=application, to=S.SUBMITTED, actor=cast.org_admin)
    application = application_transition(application=application, to=S.FORMAL_CHECK, actor=cast.officer)
    return application_transition(application=application, to=S.EXPERT_REVIEW, actor=cast.officer)


def score_all(panel, scores=FULL):
    for a in ReviewAssignment.objects.filter(item__panel=panel).select_related("expert__user"):
        score_submit(assignment=a, actor=a.expert.user, scores=scores, comment="组织健全，建议认定。")


def test_end_to_end(draft, world, cast):
    application = to_expert_review(draft, cast)
    panel = panel_for_owner(owner=world.call)
    assert panel is not None and panel.status == PanelStatus.FORMING
    assert [i["code"] for i in panel.indicators] == ["organisation", "capability", "outlook"]

    # a decision before the panel closes is refused: scores are sealed
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=S.DECISION, actor=cast.officer)
    assert exc.value.message == "专家评审尚未结束，评分封存中，不能进入审定。"

    result = panel_assign(panel=panel, actor=cast.officer)
    assert result.shortfalls == {}
    panel_open(panel=panel, actor=cast.officer)
    assignments = list(ReviewAssignment.objects.filter(item__panel=panel).select_related("expert__user"))
    assert len(assignments) == 5

    first, second = assignments[0], assignments[1]
    # range validation, exact messages, nothing written
    with pytest.raises(ApplicationError) as exc:
        score_submit(
            assignment=first, actor=first.expert.user, scores={**FULL, "capability": "26"}, comment="好"
        )
    assert exc.value.message == "“技术创新能力与水平”的得分必须在0到25之间。"
    with pytest.raises(ApplicationError) as exc:
        score_submit(
            assignment=first, actor=first.expert.user, scores={**FULL, "outlook": "-1"}, comment="好"
        )
    assert exc.value.message == "“发展规划与示范作用”的得分必须在0到15之间。"
    with pytest.raises(ApplicationError) as exc:
        score_submit(assignment=first, actor=first.expert.user, scores={"organisation": "10"}, comment="好")
    assert exc.value.message == "请为“技术创新能力与水平”打分。"
    first.refresh_from_db()
    assert first.status == "assigned" and first.scores == {}

    # an expert may not score someone else's assignment
    with pytest.raises(ApplicationError) as exc:
        score_submit(assignment=second, actor=first.expert.user, scores=FULL, comment="好")
    assert exc.value.message == "您无权执行此操作。"

    score_submit(assignment=first, actor=first.expert.user, scores=FULL, comment="好")
    # sealed: the second expert and the officer do not see the first expert's scores yet
    item = first.item
    seen_by_second = {r["expert"].pk: r for r in item_assignments(user=second.expert.user, item=item)}
    assert first.expert.pk not in seen_by_second  # other experts' sheets are not even listed
    seen_by_officer = {r["expert"].pk: r for r in item_assignments(user=cast.officer, item=item)}
    assert seen_by_officer[first.expert.pk]["scores"] is None
    assert seen_by_officer[first.expert.pk]["total"] is None
    own = {r["expert"].pk: r for r in item_assignments(user=first.expert.user, item=item)}
    assert own[first.expert.pk]["total"] == Decimal("52.00")

    with pytest.raises(ApplicationError) as exc:
        panel_close(panel=panel, actor=cast.officer)
    assert exc.value.message == "还有4份评分表未提交，不能结束评审。"

    for a, total in zip(assignments[1:], ["10", "12", "14", "20"], strict=True):
        score_submit(
            assignment=a,
            actor=a.expert.user,
            scores={"organisation": total, "capability": "20", "outlook": "10"},
            comment="基本符合。",
        )
    results = panel_close(panel=panel, actor=cast.officer)
    # expert totals 52, 40, 42, 44, 50 -> trimmed (drop 52 and 40) mean of 42, 44, 50
    assert results[item.pk].total == Decimal("45.33")
    seen_by_officer = {r["expert"].pk: r for r in item_assignments(user=cast.officer, item=item)}
    assert seen_by_officer[first.expert.pk]["total"] == Decimal("52.00")

    with pytest.raises(ApplicationError) as exc:
        score_submit(assignment=first, actor=first.expert.user, scores=FULL, comment="改分")
    assert exc.value.message == "评审已结束，评分已封存，不能再提交或修改。"

    application = application_transition(application=application, to=S.DECISION, actor=cast.officer)
    assert application.expert_score == Decimal("45.33")
    assert application.total_score == Decimal("72.33")  # 27 from figures + 45.33 from experts

    application = application_transition(application=application, to=S.PUBLICITY, actor=cast.officer)
    today = timezone.localdate()
    objection = objection_lodge(
        application=application,
        name="王先生",
        contact="13800000000",
        content="该企业研发人员数据与社保记录不符。",
    )
    with pytest.raises(ApplicationError) as exc:
        application_transition(
            application=application, to=S.RECOGNISED, actor=cast.officer, today=today + dt.timedelta(days=8)
        )
    assert exc.value.message == "还有未处理的公示异议，处理完毕后才能认定。"
    with pytest.raises(ApplicationError) as exc:
        objection_resolve(objection=objection, actor=cast.other_officer, upheld=False, resolution="不成立")
    assert exc.value.message == "只有主管部门的工作人员可以执行此操作。"
    objection = objection_resolve(
        objection=objection,
        actor=cast.officer,
        upheld=False,
        resolution="经核查社保记录，数据一致，异议不成立。",
    )
    assert objection.status == ObjectionStatus.DISMISSED

    application = application_transition(
        application=application, to=S.RECOGNISED, actor=cast.officer, today=today + dt.timedelta(days=8)
    )
    certificate = Certificate.objects.get(application=application)
    assert certificate.number == "CCETC-2026-0001"
    assert len(certificate.verification_code) == 19
    carrier = application.carrier
    assert carrier.tier == Tier.MUNICIPAL and carrier.status == CarrierStatus.ACTIVE
    assert carrier.name == "长春光华微电子有限公司长春市企业技术中心"
    ladder = enterprise_ladder(organization=cast.org)
    assert [(r.label, r.held) for r in ladder[0].rungs] == [
        ("市级", True),
        ("省级", False),
        ("国家级", False),
    ]

    # re-evaluation: warning, then pass; then revocation
    application = application_transition(application=application, to=S.RE_EVALUATION, actor=cast.officer)
    application = re_evaluation_decide(
        application=application,
        outcome=ReEvaluationOutcome.WARNING,
        actor=cast.officer,
        note="研发投入下降，限期整改。",
    )
    carrier.refresh_from_db()
    assert carrier.status == CarrierStatus.WARNED
    application = application_transition(application=application, to=S.RE_EVALUATION, actor=cast.officer)
    application = re_evaluation_decide(
        application=application, outcome=ReEvaluationOutcome.PASS, actor=cast.officer
    )
    carrier.refresh_from_db()
    assert carrier.status == CarrierStatus.ACTIVE
    assert list(ReEvaluation.objects.filter(application=application).values_list("outcome", flat=True)) == [
        "pass",
        "warning",
    ]
    application = application_transition(
        application=application, to=S.REVOKED, actor=cast.officer, note="弄虚作假，撤销认定。"
    )
    carrier.refresh_from_db()
    certificate.refresh_from_db()
    assert carrier.status == CarrierStatus.REVOKED
    assert certificate.revoked_on == today
    titles = [row["title"] for row in carrier_history(carrier=carrier)]
    assert "认定为市级企业技术中心" in titles  # dated today + 8 (the recognition day in this test)
    assert titles.count("有效 → 警告") == 1
    assert "有效 → 警告" in titles and "警告 → 有效" in titles and "有效 → 已撤销" in titles


def test_upheld_objection_blocks_recognition(draft, world, cast):
    Application.objects.filter(pk=draft.pk).update(status=S.DECISION)
    draft.refresh_from_db()
    application = application_transition(application=draft, to=S.PUBLICITY, actor=cast.officer)
    objection = objection_lodge(
        application=application, name="李女士", contact="li@example.cn", content="申报专利已失效，数据不实。"
    )
    objection_resolve(
        objection=objection, actor=cast.officer, upheld=True, resolution="经核实专利已失效，异议成立。"
    )
    with pytest.raises(ApplicationError) as exc:
        application_transition(
            application=application,
            to=S.RECOGNISED,
            actor=cast.officer,
            today=timezone.localdate() + dt.timedelta(days=8),
        )
    assert exc.value.message == "公示异议成立，不能认定。"
    application = application_transition(
        application=application, to=S.REJECTED, actor=cast.officer, note="公示异议成立，不予认定。"
    )
    assert application.status == S.REJECTED


def test_objection_outside_publicity_and_bad_input(draft, cast):
    with pytest.raises(ApplicationError) as exc:
        objection_lodge(application=draft, name="王", contact="1", content="数据不实数据不实数据不实")
    assert exc.value.message == "该申请不在公示期内，不能提出异议。"
    Application.objects.filter(pk=draft.pk).update(status=S.DECISION)
    draft.refresh_from_db()
    application = application_transition(application=draft, to=S.PUBLICITY, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:
        objection_lodge(application=application, name="王", contact="1", content="太短")
    assert exc.value.message == "异议内容至少10个字，请写明事实和理由。"
    assert application.objections.count() == 0


def test_bulk_transition_reports_each_failure(world, cast, draft):
    from .conftest import pdf_file

    other = application_create(
        call=world.call, organization=cast.other_org, title="北方化工中心", actor=cast.other_org_admin
    )
    attachment_add(application=other, actor=cast.other_org_admin, title="材料", file=pdf_file())
    application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    result = application_bulk_transition(
        application_ids=[draft.pk, other.pk, 999999], to=S.FORMAL_CHECK, actor=cast.officer
    )
    assert result.done == [draft.pk]
    assert result.failed == [
        (other.pk, "不能从“草稿”变更为“形式审查中”。"),
        (999999, "对象不存在或无权访问。"),
    ]
    # another region's officer sees none of them
    result = application_bulk_transition(
        application_ids=[draft.pk], to=S.EXPERT_REVIEW, actor=cast.other_officer
    )
    assert result.failed == [(draft.pk, "对象不存在或无权访问。")]


def test_provincial_ladder_requires_municipal_tier(world, cast):
    scheme = make_scheme(
        department=world.department,
        actor=cast.admin,
        code="jlpetc",
        name="省级企业技术中心认定",
        tier=Tier.PROVINCIAL,
        recognition_title="吉林省企业技术中心",
        eligibility={"requires_tier": "municipal"},
    )
    call = make_call(scheme=scheme, actor=cast.officer)
    assert eligibility_check(call=call, organization=cast.org) == ["须已获得市级认定。"]
    carrier = make_carrier(organization=cast.org, actor=cast.admin, name="光华市级中心")
    assert eligibility_check(call=call, organization=cast.org) == []
    upgraded = carrier_record_recognition(
        organization=cast.org,
        kind=CarrierKind.ENTERPRISE_TECH_CENTER,
        tier=Tier.PROVINCIAL,
        name="光华省级中心",
        actor=cast.admin,
        responsible_department=world.department,
        certificate_no="P-1",
        recognised_on=timezone.localdate(),
        valid_until=None,
    )
    assert upgraded.pk == carrier.pk and upgraded.tier == Tier.PROVINCIAL
    ladder = enterprise_ladder(organization=cast.org)
    assert [(r.label, r.held) for r in ladder[0].rungs] == [("市级", True), ("省级", True), ("国家级", False)]
    assert [row["title"] for row in carrier_history(carrier=carrier)] == [
        "认定为市级企业技术中心",
        "升级为省级",
    ]


POLICY_RULE = """
id: cc-etc-precheck
title: 长春市企业技术中心申报条件
source:
  document: 长春市企业技术中心认定管理办法（测试）
  number: 长科发〔2026〕1号
  issuer: 长春市科学技术局
  article: 第五条
effective: {from: 2020-01-01, to: null}
benefit: {type: recognition, text: 市级企业技术中心}
mode: apply
rule:
  all:
    - label: 上年度研发费用不低于500万元
      when: stats[last_year].rd_expenditure >= 500万
"""


def test_scheme_eligibility_can_use_a_policy_rule(world, cast):
    measure_save_rule(actor=cast.admin, rule_source=POLICY_RULE)
    scheme = make_scheme(
        department=world.department,
        actor=cast.admin,
        code="ccetc2",
        eligibility={"measure": "cc-etc-precheck"},
    )
    call = make_call(scheme=scheme, actor=cast.officer, year=2027)
    today = dt.date(2026, 11, 26)
    unmet = eligibility_check(call=call, organization=cast.org, today=today)
    assert len(unmet) == 1 and "上年度研发费用不低于500万元" in unmet[0]
    cast.org.statistics.filter(year=2025).update(rd_expenditure=6_000_000)
    assert eligibility_check(call=call, organization=cast.org, today=today) == []
    cast.org.statistics.all().delete()
    assert eligibility_check(call=call, organization=cast.other_org, today=today) == [
        "上年度研发费用不低于500万元：2025年研发费用 320万元，要求 ≥ 500万元"
    ]
    unmet = eligibility_check(call=call, organization=cast.org, today=today)
    assert unmet[0].startswith("缺少判断所需的数据：")
