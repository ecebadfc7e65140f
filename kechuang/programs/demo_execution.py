"""Demo projects of several past years in the demo region (吉林省), in every execution state: imported
history (2019–2020), and projects of 2021–2025 walked through the real services — task contracts drafted,
confirmed and signed, funds disbursed, yearly reports, a mid-term check, change requests, acceptance panels
scored by the demo expert pool with each conclusion (通过 / 需要整改 / 不通过), a termination with funds to
return, an achievement published to the market, a project list with two versions and the day's supervision."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.core.errors import ApplicationError
from kechuang.market.services import achievement_review
from kechuang.programs.models import ProgramType, Project
from kechuang.programs.services import (
    acceptance_apply,
    acceptance_decide,
    acceptance_panel,
    change_decide,
    change_request_submit,
    contract_confirm,
    contract_prepare,
    contract_sign,
    disbursement_record,
    milestone_add,
    project_achievement_publish,
    project_archive_create,
    project_list_create,
    project_list_revise,
    project_supervise,
    project_terminate,
    report_review,
    report_submit,
)
from kechuang.registry.choices import MembershipRole, VerificationStatus
from kechuang.registry.models import Membership
from kechuang.review.selectors import panel_assignments
from kechuang.review.services import panel_assign, panel_close, panel_open, score_submit

TITLES = [
    "高强度汽车轻量化铝合金构件成形技术", "玉米淀粉基全生物降解材料产业化", "人参皂苷高效提取与精制关键技术",
    "轨道客车智能运维系统研制", "光电子器件封装测试平台建设", "寒地水稻抗逆品种选育与示范",
    "汽车线控底盘关键部件研发", "医用高分子材料产业化示范", "长白山中药材标准化种植技术",
    "工业机器人视觉检测系统", "碳纤维复合材料汽车部件制造", "农产品冷链物流智能监控平台",
    "生物发酵法生产丁二酸技术", "大功率半导体激光器研制", "智能网联汽车测试评价技术",
    "秸秆综合利用成套装备研发", "新型动物疫苗研制与产业化", "精密光学元件超精密加工技术",
    "石墨烯改性防腐涂料开发", "氢燃料电池电堆关键材料",
]  # fmt: skip
# (year, plan): each plan is the state the project is walked to.
PLAN = {
    2021: ["accepted", "accepted", "failed", "terminated"],
    2022: ["accepted", "rectifying", "accepting", "terminated"],
    2023: ["reports", "change", "review", "confirmed"],
    2024: ["reports", "draft", "signed", "signed"],
    2025: ["issued", "issued", "draft", "signed"],
}
BUDGET = (("equipment", Decimal("0.5")), ("operations", Decimal("0.3")), ("labour", Decimal("0.1")),
          ("indirect", Decimal("0.1")))  # fmt: skip


def _milestones(project: Project, admin: Any) -> None:
    for year in range(project.starts_on.year, project.ends_on.year + 1):
        due = max(project.starts_on, min(dt.date(year, 11, 30), project.ends_on))
        milestone_add(project=project, actor=admin, due_on=due, title=f"{year}年度阶段目标")


def _sign(project: Project, admin: Any, officer: Any) -> None:
    contract = contract_prepare(project=project, actor=admin)
    _milestones(project, admin)
    contract_confirm(contract=contract, actor=admin)
    contract_sign(contract=project.contract, actor=officer)


def _reports(project: Project, admin: Any, officer: Any, today: dt.date, *, review: bool = True) -> None:
    spent = Decimal("0")
    for year in range(project.starts_on.year, min(project.ends_on.year, today.year - 1) + 1):
        paid = sum((d.amount for d in project.disbursements.all()), Decimal("0"))
        spent = min(spent + project.application.requested_funds * Decimal("0.2"), paid)
        lines = {c: (str((spent * share).quantize(Decimal("0.01"))), "0") for c, share in BUDGET}
        done = [m.pk for m in project.milestones.filter(due_on__year=year)]
        report = report_submit(project=project, actor=admin, kind="annual", year=year, spent=lines,
                               content=f"{year}年完成年度研究任务，按计划推进。", completed_milestones=done)  # fmt: skip
        if review:
            report_review(report=report, actor=officer, accept=True)


def _panel(project: Project, admin: Any, officer: Any, score: int, conclusion: str, seed: int) -> None:
    achieved = {
        line.pk: str(line.quantity if score >= 80 else line.quantity / 2)
        for line in project.indicator_lines.all()
    }
    acceptance = acceptance_apply(project=project, actor=admin, summary="完成任务书规定的研究内容。",
                                  final_accounts="专项经费全部到位，按预算执行。", achieved=achieved)  # fmt: skip
    if conclusion == "apply":
        return
    panel = acceptance_panel(acceptance=acceptance, actor=officer)
    panel_assign(panel=panel, actor=officer, seed=seed)
    panel.refresh_from_db()
    panel_open(panel=panel, actor=officer)
    for assignment in panel_assignments(panel=panel).select_related("expert__user"):
        part = {"goals": 40, "funds": 30, "outputs": 30}
        scores = {k: str(round(v * score / 100)) for k, v in part.items()}
        score_submit(
            assignment=assignment, actor=assignment.expert.user, scores=scores, comment="同意专家组意见。"
        )
    panel.refresh_from_db()
    panel_close(panel=panel, actor=officer)
    note = {
        "passed": "",
        "rectify": "部分考核指标未完成，限期六个月整改。",
        "failed": "主要考核指标未完成。",
    }[conclusion]
    acceptance_decide(acceptance=acceptance, actor=officer, conclusion=conclusion, note=note)


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random) -> None:
    program_type = ProgramType.objects.filter(code="jl-key-rd").first()
    if program_type is None or Project.objects.exists():
        stdout.write("  programs (execution): already present or no program, skipped\n")
        return
    officer = User.objects.get(username="province")
    memberships = list(
        Membership.objects.filter(
            role=MembershipRole.ADMIN, organization__kind="enterprise",
            organization__verification_status=VerificationStatus.VERIFIED,
            organization__region_path__startswith=program_type.department.region.path,
        ).select_related("user", "organization").order_by("organization_id")[:300]
    )  # fmt: skip
    rng.shuffle(memberships)
    today = timezone.localdate()
    counter, projects = 0, []
    for year in (2019, 2020):  # imported history: final states only
        for status in ("accepted", "accepted", "terminated"):
            m = memberships[counter % len(memberships)]
            counter += 1
            funds = Decimal(rng.choice([50, 80, 100]))
            projects.append(
                project_archive_create(
                    actor=officer, program_type=program_type, year=year, organization=m.organization,
                    code=f"JL{year}ZD{counter:03d}", title=TITLES[counter % len(TITLES)] + "（历史）",
                    leader_name=rng.choice("王李张刘陈杨赵") + rng.choice(["明", "伟", "芳", "军"]),
                    leader_identifier=f"2201021975{counter:08d}", special_funds=funds, self_funds=funds,
                    starts_on=dt.date(year, 7, 1), ends_on=dt.date(year + 3, 6, 30), status=status,
                )
            )  # fmt: skip
    for year, plans in PLAN.items():
        for plan in plans:
            m = memberships[counter % len(memberships)]
            counter += 1
            admin = m.user
            funds = Decimal(rng.choice([60, 80, 100, 120]))
            project = project_archive_create(
                actor=officer, program_type=program_type, year=year, organization=m.organization,
                code=f"JL{year}ZD{counter:03d}", title=TITLES[counter % len(TITLES)],
                summary="围绕产业关键技术开展攻关，形成自主知识产权并实现产业化。",
                leader_name=rng.choice("王李张刘陈杨赵") + rng.choice(["建国", "志强", "海燕", "晓东"]),
                leader_identifier=f"2201021980{counter:08d}", special_funds=funds, self_funds=funds,
                starts_on=dt.date(year, 7, 1), ends_on=dt.date(year + 3, 6, 30), status="executing",
                budget=[(c, funds * share, funds * share) for c, share in BUDGET],
                indicators=[("申请发明专利", Decimal(rng.choice([2, 3, 5])), "项"), ("新产品", Decimal(2), "个"),
                            ("新增销售收入", Decimal(rng.choice([500, 1000, 2000])), "万元")],
            )  # fmt: skip
            projects.append(project)
            if plan == "issued":
                continue
            if plan == "draft":
                contract_prepare(project=project, actor=admin)
                continue
            if plan == "confirmed":
                contract = contract_prepare(project=project, actor=admin)
                _milestones(project, admin)
                contract_confirm(contract=contract, actor=admin)
                continue
            _sign(project, admin, officer)
            disbursement_record(project=project, actor=officer, amount=funds * Decimal("0.6"),
                                paid_on=dt.date(year, 9, 1), note="首期拨付")  # fmt: skip
            if plan == "signed":
                continue
            _reports(project, admin, officer, today, review=plan != "review")
            if plan in {"reports", "review"}:
                continue
            if plan == "change":
                change = change_request_submit(project=project, actor=admin, kind="extension",
                                               reason="关键设备进口受阻，试验推迟。", payload={"months": "6"})  # fmt: skip
                if rng.random() < 0.5:
                    change_decide(change=change, actor=officer, approve=True, note="同意延期")
                continue
            disbursement_record(project=project, actor=officer, amount=funds * Decimal("0.4"),
                                paid_on=dt.date(year + 1, 9, 1), note="二期拨付")  # fmt: skip
            if plan == "terminated":
                project_terminate(project=project, actor=officer, reason="承担单位经营困难，无法继续实施。")
                continue
            outcome = {"accepted": (88, "passed"), "rectifying": (70, "rectify"), "failed": (50, "failed"),
                       "accepting": (0, "apply")}[plan]  # fmt: skip
            try:
                with transaction.atomic():
                    _panel(project, admin, officer, outcome[0], outcome[1], counter)
            except (
                ApplicationError
            ) as exc:  # a small expert pool (--apps without review): left under acceptance
                stdout.write(f"  programs (execution): {project.code} left under acceptance: {exc.message}\n")
                project.refresh_from_db()
                _panel(project, admin, officer, 0, "apply", counter)
    accepted = [p for p in Project.objects.filter(status="accepted", acceptances__isnull=False)]
    if accepted:
        first = accepted[0]
        admin = Membership.objects.filter(
            organization=first.application.organization, role=MembershipRole.ADMIN
        ).first()
        if admin is not None:
            achievement = project_achievement_publish(
                project=first, actor=admin.user,
                data={"maturity": "industrial", "trl": 8, "transfer_modes": ["许可", "技术服务"], "keywords": "产业化"},
            )  # fmt: skip
            achievement_review(achievement=achievement, actor=officer, approve=True)
    listed = project_list_create(
        actor=officer, department_id=program_type.department_id, name="省级重点项目清单",
        description="需重点督导的省级科技计划项目。", project_ids=[p.pk for p in projects[6:14]],
    )  # fmt: skip
    project_list_revise(project_list=listed, actor=officer, add=[p.pk for p in projects[14:18]],
                        remove=[projects[6].pk], reason="修订项目清单，补充新项目。")  # fmt: skip
    records = project_supervise(today=today, actor=officer)
    stdout.write(
        f"  programs (execution): {len(projects)} projects, 1 project list, {len(records)} supervision records\n"
    )
