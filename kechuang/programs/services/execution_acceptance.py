"""Acceptance (验收/结题): the lead organization reports achieved vs promised indicators and the final
accounts; an expert acceptance panel (the review app: conflict-free assignment, sealed score sheets) scores
it; an officer records the panel's conclusion — 通过 / 需要整改 / 不通过 — which moves the project; a passed
project gets a certificate and may publish its achievement to the technology market in one step."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.market.models import Achievement
from kechuang.market.services import achievement_create, achievement_submit
from kechuang.programs.choices import PROJECT_TRANSITIONS, ProjectStatus
from kechuang.programs.choices_execution import AcceptanceConclusion
from kechuang.programs.models import AcceptanceRequest, Project, ProjectIndicator, ProjectOutput
from kechuang.programs.services._common import check_version, ensure_allowed, project_panel, wan
from kechuang.programs.services.execution_contract import ensure_signed
from kechuang.programs.services.execution_funds import _amount
from kechuang.registry.choices import MembershipRole
from kechuang.registry.selectors import membership_list
from kechuang.review.choices import PanelStatus
from kechuang.review.models import Panel
from kechuang.review.selectors import item_for_subject, panel_for_owner

P = ProjectStatus
C = AcceptanceConclusion
# The acceptance panel's score sheet (验收评分表).
ACCEPTANCE_SHEET = [
    {"code": "goals", "name": "任务目标与考核指标完成情况", "max_score": 40},
    {"code": "funds", "name": "经费使用与管理", "max_score": 30},
    {"code": "outputs", "name": "成果水平与应用前景", "max_score": 30},
]
CONCLUSION_MOVES: dict[str, str] = {C.PASSED: P.ACCEPTED, C.RECTIFY: P.RECTIFYING, C.FAILED: P.FAILED}
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def current_acceptance(project: Project) -> AcceptanceRequest | None:
    return project.acceptances.order_by("-round").first()


@transaction.atomic
def acceptance_apply(
    *,
    project: Project,
    actor: Any,
    summary: str,
    final_accounts: str,
    achieved: Mapping[int, Any],
    expected_version: int | None = None,
) -> AcceptanceRequest:
    """The lead organization applies for acceptance (验收申请): every indicator's achieved figure, the
    summary and the final accounts (决算) are required."""
    ensure_allowed(actor, project, "submit")
    check_version(project, expected_version)
    ensure_signed(project)
    if project.status not in {P.EXECUTING, P.RECTIFYING}:
        raise ApplicationError(_("项目%(s)s，不能申请验收。") % {"s": project.get_status_display()})
    problems: list[str] = []
    if not summary.strip():
        problems.append(_("请填写项目完成情况。"))
    if not final_accounts.strip():
        problems.append(_("请填写经费决算说明。"))
    lines = list(ProjectIndicator.objects.select_for_update().filter(project=project))
    values = {}
    for line in lines:
        raw = achieved.get(line.pk)
        if raw in (None, ""):
            problems.append(_("请填写“%(t)s”的完成数量。") % {"t": line.text})
            continue
        try:
            values[line.pk] = _amount(raw, f"achieved_{line.pk}", line.text)
        except ApplicationError as exc:
            problems.append(exc.message)
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
    rows = []
    for line in lines:
        line.achieved = values[line.pk]
        clean_and_save(line)
        rows.append(
            {
                "text": line.text,
                "unit": line.unit,
                "promised": wan(line.quantity),
                "achieved": wan(values[line.pk]),
            }
        )
    acceptance = AcceptanceRequest(
        project=project,
        round=project.acceptances.count() + 1,
        summary=summary.strip(),
        final_accounts=final_accounts.strip(),
        achieved=rows,
        submitted_by=actor,
    )
    clean_and_save(acceptance)
    audit_log(actor=actor, action="program_acceptance.create", target=acceptance, after=snapshot(acceptance))
    transition(obj=project, to=P.ACCEPTING, actor=actor, transitions=PROJECT_TRANSITIONS)
    return acceptance


@transaction.atomic
def acceptance_panel(*, acceptance: AcceptanceRequest, actor: Any, experts_per_item: int = 3) -> Panel:
    """Form the expert acceptance panel (验收专家组) in the review app; experts are then assigned free of
    conflicts, score, and the panel is closed on the review app's panel page.  Idempotent."""
    project = acceptance.project
    ensure_allowed(actor, project, "decide")
    if acceptance.conclusion or project.status != P.ACCEPTING:
        raise ApplicationError(_("该验收申请已有结论，不能再组织专家组。"))
    return project_panel(
        project=project,
        owner=acceptance,
        name=_("%(t)s验收专家组") % {"t": project.application.title},
        indicators=ACCEPTANCE_SHEET,
        actor=actor,
        experts_per_item=experts_per_item,
    )


def _certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def acceptance_decide(
    *, acceptance: AcceptanceRequest, actor: Any, conclusion: str, note: str = "",
    expected_version: int | None = None,
) -> AcceptanceRequest:  # fmt: skip
    """Record the panel's conclusion: 通过 → accepted (certificate), 需要整改 → rectifying (the project
    applies again), 不通过 → failed.  The panel must have closed; a reason is required unless passed."""
    project = acceptance.project
    ensure_allowed(actor, project, "decide")
    if conclusion not in CONCLUSION_MOVES:
        raise ApplicationError(_("请选择验收结论。"), extra={"field": "conclusion"})
    note = note.strip()
    if conclusion != C.PASSED and not note:
        raise ApplicationError(_("结论为需要整改或不通过时，请填写验收意见。"), extra={"field": "note"})
    locked = AcceptanceRequest.objects.select_for_update().get(pk=acceptance.pk)
    if locked.conclusion:
        raise ApplicationError(_("该验收申请已有结论。"))
    panel = panel_for_owner(owner=locked)
    if panel is None or panel.status != PanelStatus.CLOSED:
        raise ApplicationError(_("验收专家组尚未完成评审，请先组织专家评审并结束评审。"))
    item = item_for_subject(subject=locked)
    transition(
        obj=project,
        to=CONCLUSION_MOVES[conclusion],
        actor=actor,
        transitions=PROJECT_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    locked.conclusion = conclusion
    locked.conclusion_note = note[:500]
    locked.panel_score = item.score if item is not None else None
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.certificate_code = _certificate_code() if conclusion == C.PASSED else ""
    clean_and_save(locked)
    audit_log(actor=actor, action="program_acceptance.decide", target=locked, after=snapshot(locked))
    title = _("项目验收结论：%(c)s（%(t)s）") % {"c": C(conclusion).label, "t": project.application.title}
    link = reverse("programs:project_detail", args=[project.pk])
    for m in membership_list(organization=project.application.organization).filter(role=MembershipRole.ADMIN):
        notification_send(recipient=m.user, title=title, body=note, link=link, kind="programs.acceptance")
    return locked


@transaction.atomic
def project_achievement_publish(*, project: Project, actor: Any, data: Mapping[str, Any]) -> Achievement:
    """An accepted project's achievement to the technology market in one step: the market's achievement is
    drafted from the project (title, summary, promised and achieved indicators) and sent to the market's
    review — the market's officers publish it like any other achievement."""
    ensure_allowed(actor, project, "submit")
    if project.status != P.ACCEPTED:
        raise ApplicationError(_("项目通过验收后才能发布成果。"))
    if project.outputs.exists():
        raise ApplicationError(_("本项目的成果已发布到科技大市场。"))
    application = project.application
    indicators = "；".join(
        f"{i.text}{i.achieved.normalize():f}{i.unit}"
        for i in project.indicator_lines.all()
        if i.achieved is not None
    )
    fields = {
        "title": data.get("title") or application.title,
        "summary": data.get("summary")
        or _("%(s)s（%(p)s项目“%(t)s”，项目编号%(c)s，已通过验收。主要成果：%(i)s）")
        % {
            "s": application.summary,
            "p": application.topic.call.program_type.name,
            "t": application.title,
            "c": project.code,
            "i": indicators or _("见项目验收材料"),
        },
        "keywords": data.get("keywords") or "",
        "field": application.organization.industry.code if application.organization.industry else None,
        "maturity": data.get("maturity"),
        "trl": data.get("trl"),
        "patents": data.get("patents") or "",
        "transfer_modes": data.get("transfer_modes"),
        "price": data.get("price"),
        "inventors": application.leader_name,
    }
    achievement = achievement_create(
        actor=actor,
        owner=application.organization,
        data=fields,
        source=_("科技计划项目%(c)s") % {"c": project.code},
    )
    achievement_submit(achievement=achievement, actor=actor)
    output = ProjectOutput(project=project, achievement=achievement)
    clean_and_save(output)
    audit_log(
        actor=actor, action="program_project.publish_achievement", target=output, after=snapshot(output)
    )
    return achievement
