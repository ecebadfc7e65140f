"""Change requests (变更申请) after the task contract is signed: extension (延期), project leader, partner,
budget adjustment between categories (预算调剂) and indicators.  The lead organization asks, an officer
approves or rejects; an approved change is applied in the same transaction and its before/after kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.workflow import transition
from kechuang.programs.choices import BudgetCategory, PartnerRole
from kechuang.programs.choices_execution import (
    CHANGE_TRANSITIONS,
    EXTENSION_MAX_MONTHS,
    NO_INCREASE_CATEGORIES,
    ChangeKind,
    ChangeStatus,
)
from kechuang.programs.models import ChangeRequest, Partner, Project, ProjectBudget, ProjectIndicator
from kechuang.programs.services._common import check_version, ensure_allowed, wan
from kechuang.programs.services.execution_contract import chinese_date, ensure_signed
from kechuang.programs.services.execution_funds import OPEN_STATES, _amount
from kechuang.programs.services.transitions import _add_months
from kechuang.registry.models import Organization

K = ChangeKind


def _text(payload: dict[str, Any], key: str, label: str, max_length: int = 60) -> str:
    value = str(payload.get(key) or "").strip()
    if not value or len(value) > max_length:
        raise ApplicationError(
            _("请填写“%(label)s”（不超过%(n)d字）。") % {"label": label, "n": max_length},
            extra={"field": key},
        )
    return value


def _int(payload: dict[str, Any], key: str, label: str) -> int:
    try:
        return int(str(payload.get(key, "")).strip())
    except ValueError:
        raise ApplicationError(_("“%(label)s”应为整数。") % {"label": label}, extra={"field": key}) from None


def _extended_months(project: Project) -> int:
    return sum(
        int(c.payload.get("months", 0))
        for c in project.change_requests.filter(kind=K.EXTENSION, status=ChangeStatus.APPROVED)
    )


def _plan(project: Project, kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    """``(clean payload, before, summary)`` of a change, checked against the project as it is now."""
    if kind == K.EXTENSION:
        months = _int(payload, "months", _("延期月数"))
        used = _extended_months(project)
        if not 1 <= months <= EXTENSION_MAX_MONTHS - used:
            raise ApplicationError(
                _("延期累计不得超过%(max)d个月（已延期%(used)d个月），本次最多可申请%(left)d个月。")
                % {"max": EXTENSION_MAX_MONTHS, "used": used, "left": max(EXTENSION_MAX_MONTHS - used, 0)},
                extra={"field": "months"},
            )
        new_end = _add_months(project.ends_on, months)
        return (
            {"months": months, "ends_on": new_end.isoformat()},
            {"ends_on": project.ends_on.isoformat()},
            _("延期%(m)d个月：结束日期由%(a)s改为%(b)s")
            % {"m": months, "a": chinese_date(project.ends_on), "b": chinese_date(new_end)},
        )
    if kind == K.LEADER:
        application = project.application
        name = _text(payload, "leader_name", _("新项目负责人"))
        identifier = _text(payload, "leader_identifier", _("新负责人证件号"), 40)
        if identifier == application.leader_identifier:
            raise ApplicationError(_("新负责人与现负责人相同。"), extra={"field": "leader_identifier"})
        return (
            {"leader_name": name, "leader_identifier": identifier},
            {"leader_name": application.leader_name, "leader_identifier": application.leader_identifier},
            _("项目负责人由%(a)s变更为%(b)s") % {"a": application.leader_name, "b": name},
        )
    if kind == K.PARTNER:
        action = payload.get("action")
        ref = str(payload.get("organization") or "").strip().upper()
        org = (
            Organization.objects.filter(uscc=ref).first()
            if len(ref) == 18
            else Organization.objects.filter(pk=_int(payload, "organization", _("合作单位"))).first()
        )
        if org is None:
            raise ApplicationError(_("合作单位不存在。"), extra={"field": "organization"})
        partners = project.application.partners
        if action == "add":
            if org.pk == project.application.organization_id or partners.filter(organization=org).exists():
                raise ApplicationError(
                    _("该单位已是本项目的承担或合作单位。"), extra={"field": "organization"}
                )
            return {"action": "add", "organization": org.pk}, {}, _("增加合作单位：%(o)s") % {"o": org.name}
        if action == "remove":
            if not partners.filter(organization=org).exists():
                raise ApplicationError(_("该单位不是本项目的合作单位。"), extra={"field": "organization"})
            return (
                {"action": "remove", "organization": org.pk},
                {},
                _("退出合作单位：%(o)s") % {"o": org.name},
            )
        raise ApplicationError(_("请选择增加或退出合作单位。"), extra={"field": "action"})
    if kind == K.BUDGET:
        labels = dict(BudgetCategory.choices)
        source, target = payload.get("from"), payload.get("to")
        lines = {b.category: b for b in project.budget.all()}
        if source not in lines or target not in labels or source == target:
            raise ApplicationError(
                _("请选择调出和调入的两个不同预算科目（调出科目须在预算中）。"), extra={"field": "from"}
            )
        if target in NO_INCREASE_CATEGORIES:
            raise ApplicationError(
                _("“%(c)s”只能调减，不能调增。") % {"c": labels[target]}, extra={"field": "to"}
            )
        amount = _amount(payload.get("amount"), "amount", _("调剂金额"))
        if amount <= 0 or amount > lines[source].special_funds - lines[source].spent_special:
            raise ApplicationError(
                _("调剂金额应大于零且不超过“%(c)s”尚未支出的专项经费%(left)s万元。")
                % {
                    "c": labels[source],
                    "left": wan(lines[source].special_funds - lines[source].spent_special),
                },
                extra={"field": "amount"},
            )
        return (
            {"from": source, "to": target, "amount": str(amount)},
            {c: str(b.special_funds) for c, b in lines.items()},
            _("从“%(a)s”调剂%(m)s万元至“%(b)s”")
            % {"a": labels[source], "m": wan(amount), "b": labels[target]},
        )
    if kind == K.INDICATOR:
        line = ProjectIndicator.objects.filter(
            project=project, pk=_int(payload, "indicator", _("考核指标"))
        ).first()
        if line is None:
            raise ApplicationError(_("考核指标不属于本项目。"), extra={"field": "indicator"})
        quantity = _amount(payload.get("quantity"), "quantity", _("调整后数量"))
        if quantity == line.quantity:
            raise ApplicationError(_("调整后数量与原数量相同。"), extra={"field": "quantity"})
        return (
            {"indicator": line.pk, "quantity": str(quantity)},
            {"quantity": str(line.quantity)},
            _("考核指标“%(t)s”由%(a)s%(u)s调整为%(b)s%(u)s")
            % {"t": line.text, "a": wan(line.quantity), "b": wan(quantity), "u": line.unit},
        )
    raise ApplicationError(_("请选择变更类型。"), extra={"field": "kind"})


@transaction.atomic
def change_request_submit(
    *, project: Project, actor: Any, kind: str, reason: str, payload: dict[str, Any]
) -> ChangeRequest:
    """The lead organization asks for a change; one open request of each kind at a time."""
    ensure_allowed(actor, project, "submit")
    project = Project.objects.select_for_update().get(pk=project.pk)
    ensure_signed(project)
    if project.status not in OPEN_STATES:
        raise ApplicationError(_("项目已%(s)s，不能再申请变更。") % {"s": project.get_status_display()})
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("请填写变更理由。"), extra={"field": "reason"})
    if project.change_requests.filter(kind=kind, status=ChangeStatus.SUBMITTED).exists():
        raise ApplicationError(_("同类变更申请正在审批中，请等待审批结果。"), extra={"field": "kind"})
    clean, before, summary = _plan(project, kind, payload)
    change = ChangeRequest(
        project=project, kind=kind, reason=reason, payload=clean, before=before, summary=summary[:300],
        created_by=actor,
    )  # fmt: skip
    clean_and_save(change)
    audit_log(actor=actor, action="program_change.create", target=change, after=snapshot(change))
    return change


def _apply(change: ChangeRequest, actor: Any) -> None:
    project = change.project
    data = change.payload
    if change.kind == K.EXTENSION:
        before = snapshot(project, ["ends_on"])
        Project.objects.filter(pk=project.pk).update(ends_on=data["ends_on"])
        target: Any = project
        after: dict[str, Any] = {"ends_on": data["ends_on"]}
    elif change.kind == K.LEADER:
        target = project.application
        before = snapshot(target, ["leader_name", "leader_identifier"])
        for key in ("leader_name", "leader_identifier"):
            setattr(target, key, data[key])
        target.save(update_fields=["leader_name", "leader_identifier", "updated_at"])
        after = dict(data)
    elif change.kind == K.PARTNER:
        target = project.application
        before, after = {}, dict(data)
        if data["action"] == "add":
            partner = Partner(
                application=target, organization_id=data["organization"], role=PartnerRole.PARTICIPANT
            )
            clean_and_save(partner)
        else:
            Partner.objects.filter(application=target, organization_id=data["organization"]).delete()
    elif change.kind == K.BUDGET:
        amount = Decimal(data["amount"])
        source = ProjectBudget.objects.select_for_update().get(project=project, category=data["from"])
        if amount > source.special_funds - source.spent_special:
            raise ApplicationError(_("调出科目尚未支出的专项经费已不足，不能批准，请退回。"))
        dest, _created = ProjectBudget.objects.get_or_create(project=project, category=data["to"])
        target, before = project, dict(change.before)
        source.special_funds -= amount
        dest.special_funds += amount
        clean_and_save(source)
        clean_and_save(dest)
        after = {b.category: str(b.special_funds) for b in project.budget.all()}
    else:
        target = ProjectIndicator.objects.get(pk=data["indicator"], project=project)
        before = snapshot(target, ["quantity"])
        target.quantity = Decimal(data["quantity"])
        clean_and_save(target)
        after = {"quantity": data["quantity"]}
    audit_log(
        actor=actor, action=f"program_change.apply_{change.kind}", target=target, before=before, after=after
    )


@transaction.atomic
def change_decide(
    *, change: ChangeRequest, actor: Any, approve: bool, note: str = "", expected_version: int | None = None
) -> ChangeRequest:
    """An officer approves (the change is applied now) or rejects (a reason is required) the request."""
    ensure_allowed(actor, change.project, "decide")
    note = note.strip()
    if not approve and not note:
        raise ApplicationError(_("不予批准时请填写审批意见。"), extra={"field": "note"})
    check_version(change, expected_version)
    transition(
        obj=change,
        to=ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
        actor=actor,
        transitions=CHANGE_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    ChangeRequest.objects.filter(pk=change.pk).update(
        decision_note=note[:500], decided_by=actor, decided_at=timezone.now()
    )
    change.refresh_from_db()
    if approve:
        _apply(change, actor)
    return change


@transaction.atomic
def change_withdraw(*, change: ChangeRequest, actor: Any) -> ChangeRequest:
    ensure_allowed(actor, change.project, "submit")
    transition(obj=change, to=ChangeStatus.WITHDRAWN, actor=actor, transitions=CHANGE_TRANSITIONS)
    return change
