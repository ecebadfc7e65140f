"""The execution half: task contract, funds, reports, changes, termination, acceptance with its panel,
publishing to the market, supervision — each rule with its exact message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.market.choices import AchievementStatus
from kechuang.programs import services
from kechuang.programs.choices import ProjectStatus
from kechuang.programs.models import Project, ProjectBudget, ProjectSupervision, TaskContract
from kechuang.review.selectors import panel_for_owner
from tests import app_factories as af
from tests.program_projects import issued_project, run_panel, signed_project

pytestmark = pytest.mark.django_db


def _error(call, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        call(**kw)
    return exc.value.message


def test_contract_needs_a_milestone_each_year_then_is_signed_and_frozen(cast):
    project = issued_project(cast)
    contract = services.contract_prepare(project=project, actor=cast.org_admin)
    assert [(b.category, b.special_funds) for b in project.budget.all()] == [
        ("equipment", Decimal("60")), ("operations", Decimal("30")), ("indirect", Decimal("10"))
    ]  # fmt: skip
    assert _error(services.contract_confirm, contract=contract, actor=cast.org_admin) == (
        "以下年度还没有进度安排：2026年、2027年、2028年。"
    )
    assert (
        _error(
            services.milestone_add,
            project=project,
            actor=cast.org_admin,
            due_on=dt.date(2030, 1, 1),
            title="x",
        )
        == "计划完成日期应在项目实施期内（2026年1月1日至2028年12月31日）。"
    )
    for year in (2026, 2027, 2028):
        services.milestone_add(
            project=project, actor=cast.org_admin, due_on=dt.date(year, 6, 1), title="阶段目标"
        )
    assert _error(services.contract_sign, contract=contract, actor=cast.officer) == (
        "不能从“待承担单位确认”变更为“已签订”。"
    )
    assert (
        _error(services.contract_confirm, contract=contract, actor=cast.other_org_admin)
        == "您无权执行此操作。"
    )
    services.contract_confirm(contract=contract, actor=cast.org_admin)
    assert (
        _error(services.contract_return, contract=contract, actor=cast.officer, note=" ")
        == "请填写退回理由。"
    )
    assert _error(services.contract_sign, contract=contract, actor=cast.other_officer) == "您无权执行此操作。"
    services.contract_sign(contract=contract, actor=cast.officer)
    contract = TaskContract.objects.get(pk=contract.pk)
    assert contract.content["indicators"][0] == {"text": "申请发明专利", "quantity": "3", "unit": "项"}
    assert (
        _error(
            services.milestone_add,
            project=project,
            actor=cast.org_admin,
            due_on=dt.date(2027, 1, 1),
            title="x",
        )
        == "任务书已签订，如需调整请提交变更申请。"
    )


def test_disbursements_stay_within_the_approved_funds_and_spending_within_disbursed(cast):
    project = signed_project(cast)
    services.disbursement_record(
        project=project, actor=cast.officer, amount="60", paid_on=dt.date(2026, 2, 1)
    )
    assert (
        _error(
            services.disbursement_record,
            project=project,
            actor=cast.officer,
            amount="50",
            paid_on=dt.date(2026, 3, 1),
        )
        == "拨付总额不能超过批准的专项经费100万元（已拨付60万元，最多还可拨付40万元）。"
    )
    assert (
        _error(
            services.disbursement_record,
            project=project,
            actor=cast.org_admin,
            amount="1",
            paid_on=dt.date(2026, 3, 1),
        )
        == "您无权执行此操作。"
    )
    assert _error(
        services.report_submit, project=project, actor=cast.org_admin, kind="annual", year=2026, content="进展",
        spent={"equipment": ("50", "0"), "operations": ("20", "0")},
    ) == "专项经费累计支出70万元，超过已拨付的60万元，请核对。"  # fmt: skip
    milestone = project.milestones.first()
    report = services.report_submit(
        project=project, actor=cast.org_admin, kind="annual", year=2026, content="完成样片流片。",
        spent={"equipment": ("40", "10"), "operations": ("15", "5")}, completed_milestones=[milestone.pk],
    )  # fmt: skip
    assert ProjectBudget.objects.get(project=project, category="equipment").spent_special == Decimal("40")
    assert project.milestones.get(pk=milestone.pk).completed_on is not None
    assert (
        _error(
            services.report_submit,
            project=project,
            actor=cast.org_admin,
            kind="annual",
            year=2026,
            content="再报",
        )
        == "该年度的此类报告已报送。"
    )
    assert (
        _error(services.report_review, report=report, actor=cast.officer, accept=False)
        == "退回时请填写审核意见。"
    )
    services.report_review(report=report, actor=cast.officer, accept=True)
    termination = services.project_terminate(
        project=project, actor=cast.officer, reason="核心人员流失，无法继续实施。"
    )
    assert termination.refund_due == Decimal("5")  # 60 disbursed − 55 spent
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.TERMINATED
    assert (
        _error(
            services.refund_record,
            termination=termination,
            actor=cast.officer,
            amount="6",
            refunded_on=dt.date(2026, 9, 1),
        )
        == "退回金额超过尚未退回的5万元。"
    )
    services.refund_record(
        termination=termination, actor=cast.officer, amount="5", refunded_on=dt.date(2026, 9, 1)
    )


def test_changes_extension_budget_leader_indicator_and_their_rules(cast):
    project = signed_project(cast)
    submit = services.change_request_submit
    assert _error(submit, project=project, actor=cast.org_admin, kind="extension", reason="设备延迟到货",
                  payload={"months": "13"}) == "延期累计不得超过12个月（已延期0个月），本次最多可申请12个月。"  # fmt: skip
    extension = submit(
        project=project,
        actor=cast.org_admin,
        kind="extension",
        reason="设备延迟到货",
        payload={"months": "6"},
    )
    assert extension.summary == "延期6个月：结束日期由2028年12月31日改为2029年6月28日"
    assert _error(submit, project=project, actor=cast.org_admin, kind="extension", reason="再延",
                  payload={"months": "1"}) == "同类变更申请正在审批中，请等待审批结果。"  # fmt: skip
    assert (
        _error(services.change_decide, change=extension, actor=cast.officer, approve=False)
        == "不予批准时请填写审批意见。"
    )
    services.change_decide(change=extension, actor=cast.officer, approve=True)
    assert Project.objects.get(pk=project.pk).ends_on == dt.date(2029, 6, 28)
    assert _error(submit, project=project, actor=cast.org_admin, kind="budget", reason="调剂",
                  payload={"from": "equipment", "to": "indirect", "amount": "5"}) == "“间接费用”只能调减，不能调增。"  # fmt: skip
    budget = submit(project=project, actor=cast.org_admin, kind="budget", reason="测试费增加",
                    payload={"from": "equipment", "to": "operations", "amount": "10"})  # fmt: skip
    services.change_decide(change=budget, actor=cast.officer, approve=True, note="同意")
    assert dict(project.budget.values_list("category", "special_funds")) == {
        "equipment": Decimal("50"), "operations": Decimal("40"), "indirect": Decimal("10")
    }  # fmt: skip
    leader = submit(project=project, actor=cast.org_admin, kind="leader", reason="调动",
                    payload={"leader_name": "王五", "leader_identifier": "220102198502021111"})  # fmt: skip
    services.change_decide(change=leader, actor=cast.officer, approve=True)
    assert Project.objects.get(pk=project.pk).application.leader_name == "王五"
    line = project.indicator_lines.first()
    indicator = submit(project=project, actor=cast.org_admin, kind="indicator", reason="市场变化",
                       payload={"indicator": str(line.pk), "quantity": "2"})  # fmt: skip
    services.change_decide(change=indicator, actor=cast.officer, approve=False, note="考核指标不得调减")
    assert project.indicator_lines.get(pk=line.pk).quantity == Decimal("3")
    partner = submit(project=project, actor=cast.org_admin, kind="partner", reason="引入高校",
                     payload={"action": "add", "organization": cast.other_org.uscc})  # fmt: skip
    services.change_decide(change=partner, actor=cast.officer, approve=True)
    assert project.application.partners.filter(organization=cast.other_org).exists()
    assert AuditRecord.objects.filter(action="program_change.apply_extension").exists()


def test_acceptance_needs_every_indicator_and_a_closed_panel_then_publishes_to_market(cast):
    project = signed_project(cast)
    lines = list(project.indicator_lines.all())
    message = _error(services.acceptance_apply, project=project, actor=cast.org_admin, summary="", final_accounts="决算",
                     achieved={lines[0].pk: "3"})  # fmt: skip
    assert message == "请填写项目完成情况。 请填写“新产品”的完成数量。"
    acceptance = services.acceptance_apply(
        project=project, actor=cast.org_admin, summary="全部完成。", final_accounts="专项经费支出100万元。",
        achieved={lines[0].pk: "4", lines[1].pk: "2"},
    )  # fmt: skip
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.ACCEPTING
    assert _error(
        services.acceptance_decide, acceptance=acceptance, actor=cast.officer, conclusion="passed"
    ) == ("验收专家组尚未完成评审，请先组织专家评审并结束评审。")
    panel = services.acceptance_panel(acceptance=acceptance, actor=cast.officer)
    assert panel_for_owner(owner=acceptance) == panel
    run_panel(panel, cast.officer)
    assert _error(
        services.acceptance_decide, acceptance=acceptance, actor=cast.officer, conclusion="rectify"
    ) == ("结论为需要整改或不通过时，请填写验收意见。")
    services.acceptance_decide(acceptance=acceptance, actor=cast.officer, conclusion="passed", note="")
    acceptance.refresh_from_db()
    assert (acceptance.conclusion, acceptance.panel_score) == ("passed", Decimal("90.00"))
    assert len(acceptance.certificate_code) == 19
    assert Notification.objects.filter(recipient=cast.org_admin, kind="programs.acceptance").exists()
    project = Project.objects.get(pk=project.pk)
    assert project.status == ProjectStatus.ACCEPTED
    data = {"maturity": "pilot", "trl": 7, "transfer_modes": ["许可"], "keywords": "功率芯片"}
    achievement = services.project_achievement_publish(project=project, actor=cast.org_admin, data=data)
    assert (achievement.status, achievement.owner) == (AchievementStatus.SUBMITTED, cast.org)
    assert "申请发明专利4项" in achievement.summary
    assert _error(services.project_achievement_publish, project=project, actor=cast.org_admin, data=data) == (
        "本项目的成果已发布到科技大市场。"
    )


def test_rectification_then_second_round(cast):
    project = signed_project(cast)
    lines = {line.pk: "1" for line in project.indicator_lines.all()}
    first = services.acceptance_apply(
        project=project, actor=cast.org_admin, summary="部分完成", final_accounts="略", achieved=lines
    )
    run_panel(services.acceptance_panel(acceptance=first, actor=cast.officer), cast.officer, score="15")
    services.acceptance_decide(
        acceptance=first, actor=cast.officer, conclusion="rectify", note="指标未完成，限期整改。"
    )
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.RECTIFYING
    second = services.acceptance_apply(project=Project.objects.get(pk=project.pk), actor=cast.org_admin, summary="整改完成",
                                       final_accounts="略", achieved=lines)  # fmt: skip
    assert second.round == 2


def test_supervision_reminds_then_escalates_once(cast):
    project = signed_project(cast, starts_on=dt.date(2025, 1, 1))
    milestone = f"milestone-{project.milestones.first().pk}"  # due 2025-12-01
    created = services.project_supervise(today=dt.date(2026, 1, 24))  # the 2025 report is due 2026-01-31
    assert {(r.key, r.kind, r.days_before) for r in created} == {
        ("report-2025", "reminder", 7), (milestone, "escalation", -1)
    }  # fmt: skip
    assert services.project_supervise(today=dt.date(2026, 1, 24)) == []
    late = services.project_supervise(today=dt.date(2026, 3, 1))
    assert {(r.key, r.kind) for r in late} == {("report-2025", "escalation")}
    assert services.project_supervise(today=dt.date(2026, 3, 2)) == []
    escalation = ProjectSupervision.objects.get(project=project, key="report-2025", kind="escalation")
    assert escalation.recipients == 2  # the organization's admin and the responsible officer
    assert Notification.objects.filter(recipient=cast.officer, kind="programs.escalation").count() == 2


def test_the_command_enqueues_supervision(cast):
    from io import StringIO

    from django.core.management import call_command

    signed_project(cast, starts_on=dt.date(2025, 1, 1))
    out = StringIO()
    call_command("programs_supervise", "--date", "2026-01-24", stdout=out)
    assert "supervise_projects enqueued" in out.getvalue()
    assert ProjectSupervision.objects.filter(key="report-2025", kind="reminder").exists()


def test_midterm_check_with_experts_waits_for_the_panel(cast):
    project = signed_project(cast)
    annual = services.report_submit(
        project=project, actor=cast.org_admin, kind="annual", year=2026, content="进展"
    )
    assert (
        _error(services.midterm_panel, report=annual, actor=cast.officer)
        == "只有中期检查报告可以组织专家检查。"
    )
    report = services.report_submit(
        project=project, actor=cast.org_admin, kind="midterm", year=2026, content="中期"
    )
    panel = services.midterm_panel(report=report, actor=cast.officer)
    assert services.midterm_panel(report=report, actor=cast.officer) == panel
    assert _error(services.report_review, report=report, actor=cast.officer, accept=True, rating="good") == (
        "中期检查专家组尚未结束评审，请待专家评分并结束评审后再审核。"
    )
    run_panel(panel, cast.officer, score="20")
    report.refresh_from_db()
    assert (
        _error(services.report_review, report=report, actor=cast.officer, accept=True)
        == "请选择中期检查结论。"
    )
    services.report_review(report=report, actor=cast.officer, accept=True, rating="good")


def test_a_project_under_acceptance_or_rectification_still_counts_toward_the_limit(cast):
    from kechuang.programs.tests.conftest import fill

    project = signed_project(cast)
    draft = services.application_create(
        topic=af.TopicFactory(), organization=cast.org, actor=cast.org_admin, title="新申报",
        leader_name="张三", leader_identifier=project.application.leader_identifier,
    )  # fmt: skip
    fill(draft, cast.org_admin)
    limit = "项目负责人张三已承担或申报1个项目，达到本指南的限项数（1项）。"
    for status, counts in (("accepting", True), ("rectifying", True), ("failed", False), ("accepted", False)):
        Project.objects.filter(pk=project.pk).update(status=status)
        assert (limit in services.application_problems(application=draft)) is counts, status


def test_workbench_shows_what_is_due_and_the_officer_queues(cast):
    from kechuang.programs.work import pending_for

    project = issued_project(cast)
    services.contract_prepare(project=project, actor=cast.org_admin)
    assert [i.title for i in pending_for(cast.org_admin)] == ["待确认的任务书：车规级功率芯片研发及产业化"]
    signed = signed_project(cast)
    services.change_request_submit(project=signed, actor=cast.org_admin, kind="extension", reason="延期",
                                   payload={"months": "3"})  # fmt: skip
    assert ("待审批的项目变更申请", 1) in [(i.title, i.count) for i in pending_for(cast.officer)]
