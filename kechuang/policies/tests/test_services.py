from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.core.workflow import transition
from kechuang.policies import selectors, services
from kechuang.policies.choices import TRANSITIONS, ClaimStatus
from kechuang.policies.models import Claim, Measure, PolicyDocument, PushNotice
from kechuang.registry.models import Designation, YearlyStatistics

from .conftest import ON

pytestmark = pytest.mark.django_db


def test_seeds_and_laws_load_as_they_are(cast):
    n = services.documents_load(actor=cast.admin)
    assert n == 5 + 44
    seed = PolicyDocument.objects.get(source="seed", source_ref="002_faecf0468a71545c.txt")
    assert seed.number == "吉政办发〔2014〕44号"
    assert "關(guān)于" in seed.full_text  # conversion noise kept
    assert PolicyDocument.objects.get(
        source="seed", source_ref="000_8613fc821a6f127f.txt"
    ).full_text.startswith("當前位置")
    law = PolicyDocument.objects.get(title="中华人民共和国科学技术进步法")
    assert "第四十三条" in law.full_text
    assert services.documents_load(actor=cast.admin) == n  # idempotent
    assert PolicyDocument.objects.count() == n


def test_measures_link_to_their_documents(measures):
    assert len(measures) >= 10
    jilin = measures["jilin-enterprise-rd-centre"]
    assert jilin.document.source == "seed" and jilin.region_id == "220000"
    assert measures["luoyang-city-programs"].document.title == "洛阳市科学技术进步条例"
    assert measures["hnte-recognition"].document.number == "国科发火〔2016〕32号"


def test_wrong_rule_is_refused_with_position(cast, measures):
    m = measures["specialized-sme"]
    bad = m.rule_source.replace("stats[last_year].revenue >= 1000万", "stats[last_year].revenu >= 1000万")
    with pytest.raises(ApplicationError) as exc:
        services.measure_save_rule(actor=cast.admin, rule_source=bad, measure=m)
    assert exc.value.extra["reason"] == "未知的年度统计字段“revenu”，是不是“revenue”？"
    assert exc.value.extra["position"] == 17
    assert exc.value.message.startswith("规则有误：rule.all[5]")


def test_overview_eligible_and_almost(cast, srdi):
    mine = selectors.organization_overview(user=cast.org_admin, organization=cast.org, on=ON)
    assert srdi.pk in [a.measure.pk for a in mine["eligible"]]
    theirs = selectors.organization_overview(user=cast.other_org_admin, organization=cast.other_org, on=ON)
    almost = {a.measure.code: a for a in theirs["almost"]}
    assert "specialized-sme" in almost
    assert [c.text for c in almost["specialized-sme"].result.changes] == [
        "（二）上年度研发费用总额不低于100万元：2025年研发费用从 80万元 提高到 100万元"
    ]


def test_qualified_is_scoped_to_the_officers_region(cast, srdi):
    got = set(selectors.qualified_organizations(user=cast.officer, measure=srdi, on=ON))
    assert got == {cast.org}
    assert list(selectors.qualified_organizations(user=cast.other_officer, measure=srdi, on=ON)) == []
    b = selectors.qualified_breakdown(
        selectors.qualified_organizations(user=cast.officer, measure=srdi, on=ON)
    )
    assert b.total == 1 and b.by_region[0][0] == "220102"


def test_what_if_lowering_the_rd_threshold(cast, srdi):
    ths = selectors.measure_thresholds(measure=srdi, on=ON)
    idx = next(t.index for t in ths if "100万元" in t.label)
    result = selectors.what_if(user=cast.officer, measure=srdi, changes={idx: Decimal(800_000)}, on=ON)
    assert (result.before, result.after, result.added, result.removed) == (1, 2, 1, 0)
    assert result.sample_added == [cast.other_org]


def test_what_if_amount_sums_the_formula_in_sql(cast, measures):
    m = measures["rd-super-deduction"]
    for org, rd in ((cast.org, 2_000_000), (cast.other_org, 1_000_000)):
        org.industry_id = "33"
        org.save()
        YearlyStatistics.objects.create(organization=org, year=2025, rd_expenditure=rd)
    r = selectors.what_if(user=cast.officer, measure=m, changes={}, on=ON)
    assert r.before == 2
    assert r.amount_before == Decimal("750000.00")  # (200万 + 100万) × 25%


def test_push_notifies_members_once(cast, srdi):
    assert services.push_send(measure=srdi, actor=cast.officer, on=ON) == 1
    assert PushNotice.objects.get().organization == cast.org
    assert Notification.objects.filter(recipient=cast.org_admin, kind="policy_push").count() == 1
    assert services.push_send(measure=srdi, actor=cast.officer, on=ON) == 0


def test_push_refused_for_enterprise(cast, srdi):
    with pytest.raises(ApplicationError) as exc:
        services.push_send(measure=srdi, actor=cast.org_admin, on=ON)
    assert exc.value.message == "您无权执行此操作。"


def test_claim_lifecycle(cast, srdi):
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    assert claim.status == ClaimStatus.DRAFT and claim.eligibility == "eligible"
    assert claim.facts_snapshot["result"]["status"] == "eligible"
    assert claim.facts_snapshot["facts"]["stats"]["2025"]["revenue"] == "80000000.00"
    with pytest.raises(ApplicationError) as exc:
        services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    assert exc.value.message == "贵单位已有此事项的在办申请。"
    with pytest.raises(ApplicationError) as exc:
        services.claim_submit(claim=claim, actor=cast.org_member, note="请审核")
    assert exc.value.message == "您无权执行此操作。"
    services.claim_submit(claim=claim, actor=cast.org_admin, note="请审核")
    with pytest.raises(ApplicationError) as exc:
        services.claim_review(claim=claim, actor=cast.officer, decision="reject")
    assert exc.value.message == "退回或不予通过时必须填写审核意见。"
    with pytest.raises(ApplicationError) as exc:
        services.claim_review(claim=claim, actor=cast.other_officer, decision="approve")
    assert exc.value.message == "您无权执行此操作。"
    services.claim_review(
        claim=claim, actor=cast.officer, decision="approve", amount_approved=Decimal(300000)
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.amount_approved == Decimal(300000)
    with pytest.raises(ApplicationError) as exc:
        services.disbursement_record(claim=claim, actor=cast.officer, amount=Decimal(400000), paid_on=ON)
    assert exc.value.message == "兑现金额不能超过核定金额。"
    services.disbursement_record(
        claim=claim, actor=cast.officer, amount=Decimal(300000), paid_on=ON, voucher_no="PZ-1"
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISBURSED
    assert AuditRecord.objects.filter(action="disbursement.record").count() == 1


def test_ineligible_claim_is_refused_with_reason(cast, srdi):
    with pytest.raises(ApplicationError) as exc:
        services.claim_start(measure=srdi, organization=cast.other_org, actor=cast.other_org_admin, on=ON)
    assert exc.value.message == (
        "贵单位不符合该事项的条件：（二）上年度研发费用总额不低于100万元：2025年研发费用 80万元，要求 ≥ 100万元"
    )
    assert not Claim.objects.exists()


def test_claim_only_by_the_organizations_admin(cast, srdi):
    for actor in (cast.other_org_admin, cast.org_member):
        with pytest.raises(ApplicationError) as exc:
            services.claim_start(measure=srdi, organization=cast.org, actor=actor, on=ON)
        assert exc.value.message == "只有本单位管理员可以申请。"
    assert not Claim.objects.exists()
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    for action in (services.claim_submit, services.claim_withdraw):
        with pytest.raises(ApplicationError) as exc:
            action(claim=claim, actor=cast.org_member)
        assert exc.value.message == "您无权执行此操作。"
    claim.refresh_from_db()
    assert claim.status == "draft"


def test_unverified_organization_cannot_claim(cast, srdi):
    cast.org.verification_status = "pending"
    cast.org.save()
    with pytest.raises(ApplicationError) as exc:
        services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    assert exc.value.message.startswith("贵单位尚未通过主管部门核验")


def test_automatic_measure_generates_claims(cast, measures):
    m = measures["hnte-income-tax"]
    Designation.objects.create(organization=cast.org, kind="high_tech", valid_from=dt.date(2025, 1, 1),
                               valid_to=dt.date(2027, 12, 31))  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        services.claim_start(measure=m, organization=cast.org, actor=cast.org_admin, on=ON)
    assert exc.value.message == "该事项为“免申即享”，无需申请，符合条件的单位将自动列入兑现清单。"
    assert services.auto_claims_generate(measure=m, actor=cast.officer, on=ON) == 1
    claim = Claim.objects.get()
    assert (claim.organization, claim.status, claim.origin) == (cast.org, "submitted", "automatic")
    assert services.auto_claims_generate(measure=m, actor=cast.officer, on=ON) == 0
    with pytest.raises(ApplicationError) as exc:
        services.auto_claims_generate(measure=measures["specialized-sme"], actor=cast.officer, on=ON)
    assert exc.value.message == "只有“免申即享”事项可以自动生成兑现清单。"


def test_policy_statistics_validation(cast):
    with pytest.raises(ApplicationError) as exc:
        services.policy_statistics_upsert(
            organization=cast.org, actor=cast.org_admin, year=2025, data={"tech_staff": "1.5"}
        )
    assert exc.value.message == "“科技人员（人）”应当是整数。"
    row = services.policy_statistics_upsert(organization=cast.org, actor=cast.org_admin, year=2025,
                                            data={"tech_staff": "12", "total_assets": "1,500,000"})  # fmt: skip
    assert row.tech_staff == 12 and row.total_assets == Decimal("1500000")
    with pytest.raises(ApplicationError):
        services.policy_statistics_upsert(
            organization=cast.org, actor=cast.other_org_admin, year=2025, data={}
        )


def test_measure_status_needs_permission(cast, measures):
    m = measures["luoyang-city-programs"]
    with pytest.raises(ApplicationError):
        services.measure_set_status(
            measure=m, actor=cast.officer, status="retired"
        )  # 长春 officer, 洛阳 measure
    services.measure_set_status(measure=m, actor=cast.admin, status="retired")
    assert Measure.objects.get(pk=m.pk).status == "retired"


@pytest.mark.parametrize("start", [s for s in ClaimStatus.values])
def test_every_claim_transition(cast, srdi, start):
    """Walk every allowed and every forbidden move of the claim workflow."""
    for target in ClaimStatus.values:
        claim = Claim.objects.create(measure=srdi, organization=cast.org, region_path=cast.org.region_path,
                                     status=start)  # fmt: skip
        if target in TRANSITIONS[start]:
            transition(obj=claim, to=target, actor=cast.officer, transitions=TRANSITIONS)
            assert Claim.objects.get(pk=claim.pk).status == target
        else:
            with pytest.raises(ApplicationError) as exc:
                transition(obj=claim, to=target, actor=cast.officer, transitions=TRANSITIONS)
            assert exc.value.message.startswith("不能从“")
        Claim.objects.filter(pk=claim.pk).delete()
