"""The task contract (任务书): drawn up from the issued application (indicators, budget), the yearly
milestones filled in by the lead organization, confirmed by it and signed by the bureau.  Once signed its
content changes only by change request (``execution_changes``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import can, not_allowed
from kechuang.core.workflow import transition
from kechuang.programs.choices_execution import CONTRACT_TRANSITIONS, ContractStatus
from kechuang.programs.models import (
    Milestone,
    Project,
    ProjectBudget,
    ProjectIndicator,
    TaskContract,
)
from kechuang.programs.services._common import check_version, ensure_allowed, wan


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def ensure_signed(project: Project) -> TaskContract:
    """Reports, disbursements and change requests need a signed contract."""
    contract = TaskContract.objects.filter(project=project).first()
    if contract is None or contract.status != ContractStatus.SIGNED:
        raise ApplicationError(_("任务书尚未签订，请先完成任务书签订。"))
    return contract


def _ensure_draft(project: Project) -> TaskContract:
    contract = TaskContract.objects.select_for_update().filter(project=project).first()
    if contract is None:
        raise ApplicationError(_("请先生成任务书。"))
    if contract.status == ContractStatus.SIGNED:
        raise ApplicationError(_("任务书已签订，如需调整请提交变更申请。"))
    if contract.status != ContractStatus.DRAFT:
        raise ApplicationError(_("任务书已确认，待主管部门签订；如需修改请联系主管部门退回。"))
    return contract


@transaction.atomic
def contract_prepare(*, project: Project, actor: Any) -> TaskContract:
    """Draw up the contract from the issued application: the approved indicators and budget are copied to
    the project (they change afterwards only by change request).  Idempotent."""
    if not (can(actor, project, "submit") or can(actor, project, "decide")):
        raise not_allowed()
    existing = TaskContract.objects.filter(project=project).first()
    if existing is not None:
        return existing
    application = project.application
    contract = TaskContract(project=project, goals=application.summary)
    clean_and_save(contract)
    ProjectIndicator.objects.bulk_create(
        ProjectIndicator(project=project, text=i.text, quantity=i.quantity, unit=i.unit)
        for i in application.indicators.all()
    )
    ProjectBudget.objects.bulk_create(
        ProjectBudget(
            project=project, category=b.category, special_funds=b.special_funds, self_funds=b.self_funds
        )
        for b in application.budget_lines.all()
    )
    audit_log(actor=actor, action="program_contract.create", target=contract, after=snapshot(contract))
    return contract


@transaction.atomic
def contract_goals_update(*, project: Project, actor: Any, goals: str) -> TaskContract:
    ensure_allowed(actor, project, "submit")
    contract = _ensure_draft(project)
    goals = goals.strip()
    if not goals:
        raise ApplicationError(_("请填写主要研究内容与目标。"), extra={"field": "goals"})
    before = snapshot(contract, ["goals"])
    contract.goals = goals
    clean_and_save(contract)
    audit_log(
        actor=actor, action="program_contract.update", target=contract, before=before, after={"goals": goals}
    )
    return contract


@transaction.atomic
def milestone_add(*, project: Project, actor: Any, due_on: dt.date, title: str) -> Milestone:
    """A yearly milestone of the draft contract, due within the project's period."""
    ensure_allowed(actor, project, "submit")
    _ensure_draft(project)
    title = title.strip()
    if not title:
        raise ApplicationError(_("请填写进度目标。"), extra={"field": "title"})
    if not project.starts_on <= due_on <= project.ends_on:
        raise ApplicationError(
            _("计划完成日期应在项目实施期内（%(start)s至%(end)s）。")
            % {"start": chinese_date(project.starts_on), "end": chinese_date(project.ends_on)},
            extra={"field": "due_on"},
        )
    milestone = Milestone(project=project, due_on=due_on, title=title)
    clean_and_save(milestone)
    audit_log(actor=actor, action="program_milestone.create", target=milestone, after=snapshot(milestone))
    return milestone


@transaction.atomic
def milestone_remove(*, milestone: Milestone, actor: Any) -> None:
    ensure_allowed(actor, milestone.project, "submit")
    _ensure_draft(milestone.project)
    audit_log(actor=actor, action="program_milestone.delete", target=milestone, before=snapshot(milestone))
    milestone.delete()


def missing_milestone_years(project: Project) -> list[int]:
    """The years of the project's period without a milestone (every year needs one: 年度进度安排)."""
    years = set(project.milestones.values_list("due_on__year", flat=True))
    return [y for y in range(project.starts_on.year, project.ends_on.year + 1) if y not in years]


@transaction.atomic
def contract_confirm(
    *, contract: TaskContract, actor: Any, expected_version: int | None = None
) -> TaskContract:
    """The lead organization confirms the contract (承担单位确认): goals, indicators, a budget and a
    milestone in every year of the period are required."""
    project = contract.project
    ensure_allowed(actor, project, "submit")
    check_version(contract, expected_version)
    problems = []
    if not contract.goals.strip():
        problems.append(_("请填写主要研究内容与目标。"))
    if not project.indicator_lines.exists():
        problems.append(_("任务书没有考核指标。"))
    if not project.budget.exists():
        problems.append(_("任务书没有预算。"))
    missing = missing_milestone_years(project)
    if missing:
        problems.append(
            _("以下年度还没有进度安排：%(years)s。") % {"years": "、".join(f"{y}年" for y in missing)}
        )
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
    transition(obj=contract, to=ContractStatus.CONFIRMED, actor=actor, transitions=CONTRACT_TRANSITIONS)
    TaskContract.objects.filter(pk=contract.pk).update(confirmed_by=actor, confirmed_at=timezone.now())
    contract.refresh_from_db()
    return contract


def contract_content(project: Project, contract: TaskContract) -> dict[str, Any]:
    """What the contract says, as plain data (signed copy, PDF, API)."""
    application = project.application
    return {
        "code": project.code,
        "title": application.title,
        "organization": application.organization.name,
        "leader": application.leader_name,
        "program": application.topic.call.program_type.name,
        "call": application.topic.call.title,
        "department": application.topic.call.program_type.department.name,
        "starts_on": project.starts_on.isoformat(),
        "ends_on": project.ends_on.isoformat(),
        "goals": contract.goals,
        "special_funds": wan(application.requested_funds),
        "self_funds": wan(application.self_funds),
        "partners": [p.organization.name for p in application.partners.select_related("organization")],
        "indicators": [
            {"text": i.text, "quantity": wan(i.quantity), "unit": i.unit}
            for i in project.indicator_lines.all()
        ],
        "budget": [
            {"category": b.get_category_display(), "special": wan(b.special_funds), "self": wan(b.self_funds)}
            for b in project.budget.all()
        ],
        "milestones": [{"due_on": m.due_on.isoformat(), "title": m.title} for m in project.milestones.all()],
    }


@transaction.atomic
def contract_sign(*, contract: TaskContract, actor: Any, expected_version: int | None = None) -> TaskContract:
    """The bureau signs the confirmed contract (主管部门签订); its content is kept as signed."""
    ensure_allowed(actor, contract.project, "decide")
    transition(
        obj=contract,
        to=ContractStatus.SIGNED,
        actor=actor,
        transitions=CONTRACT_TRANSITIONS,
        expected_version=expected_version,
    )
    TaskContract.objects.filter(pk=contract.pk).update(
        signed_by=actor, signed_at=timezone.now(), content=contract_content(contract.project, contract)
    )
    contract.refresh_from_db()
    return contract


@transaction.atomic
def contract_return(
    *, contract: TaskContract, actor: Any, note: str, expected_version: int | None = None
) -> TaskContract:
    """The bureau returns the confirmed contract to the lead organization with a reason."""
    ensure_allowed(actor, contract.project, "decide")
    note = note.strip()
    if not note:
        raise ApplicationError(_("请填写退回理由。"), extra={"field": "note"})
    transition(
        obj=contract,
        to=ContractStatus.DRAFT,
        actor=actor,
        transitions=CONTRACT_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    TaskContract.objects.filter(pk=contract.pk).update(last_note=note[:500])
    contract.refresh_from_db()
    return contract
