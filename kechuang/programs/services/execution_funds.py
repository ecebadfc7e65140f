"""Funds of a project: tranches disbursed (拨付), spending reported per budget category (预算执行), and
termination (终止) with the special funds to return (disbursed minus spent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.workflow import transition
from kechuang.programs.choices import PROJECT_TRANSITIONS, BudgetCategory, ProjectStatus
from kechuang.programs.models import BudgetYear, Disbursement, Project, ProjectBudget, Termination
from kechuang.programs.services._common import check_version, ensure_allowed, wan
from kechuang.programs.services.execution_contract import ensure_signed

ZERO = Decimal("0")
CENT = Decimal("0.01")
OPEN_STATES = frozenset({ProjectStatus.EXECUTING, ProjectStatus.ACCEPTING, ProjectStatus.RECTIFYING})


def _sum(qs: Any, field: str) -> Decimal:
    """A sum of amounts to the cent (SQLite sums decimals as floats: 35.99999999999999 back to 36.00)."""
    return Decimal(qs.aggregate(total=Sum(field))["total"] or ZERO).quantize(CENT)


def funds_approved(project: Project) -> Decimal:
    return _sum(project.budget.all(), "special_funds")


def funds_disbursed(project: Project) -> Decimal:
    return _sum(project.disbursements.all(), "amount")


def funds_spent(project: Project) -> Decimal:
    return _sum(project.budget.all(), "spent_special")


def _amount(value: Any, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        amount = Decimal("-1")
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ApplicationError(
            _("“%(label)s”应为不小于零的金额（万元，最多两位小数）。") % {"label": label},
            extra={"field": field},
        )
    return amount


@transaction.atomic
def disbursement_record(
    *, project: Project, actor: Any, amount: Any, paid_on: dt.date, note: str = ""
) -> Disbursement:
    """Record a tranche of special funds paid; all tranches together stay within the approved funds."""
    ensure_allowed(actor, project, "decide")
    project = Project.objects.select_for_update().get(pk=project.pk)
    ensure_signed(project)
    if project.status not in OPEN_STATES:
        raise ApplicationError(
            _("项目已%(status)s，不能再拨付经费。") % {"status": project.get_status_display()}
        )
    value = _amount(amount, "amount", _("拨付金额"))
    if value <= 0:
        raise ApplicationError(_("拨付金额必须大于零。"), extra={"field": "amount"})
    approved, paid = funds_approved(project), funds_disbursed(project)
    if paid + value > approved:
        raise ApplicationError(
            _(
                "拨付总额不能超过批准的专项经费%(approved)s万元（已拨付%(paid)s万元，最多还可拨付%(left)s万元）。"
            )
            % {"approved": wan(approved), "paid": wan(paid), "left": wan(approved - paid)},
            extra={"field": "amount"},
        )
    row = Disbursement(project=project, amount=value, paid_on=paid_on, note=note.strip(), recorded_by=actor)
    clean_and_save(row)
    audit_log(actor=actor, action="program_disbursement.create", target=row, after=snapshot(row))
    return row


def clean_spending(project: Project, spent: Mapping[str, Any]) -> dict[str, tuple[Decimal, Decimal]]:
    """``{category: (special, self)}`` checked: known categories of the budget, amounts ≥ 0, the special
    funds spent in all within what was disbursed."""
    lines = {b.category: b for b in project.budget.all()}
    labels = dict(BudgetCategory.choices)
    cleaned: dict[str, tuple[Decimal, Decimal]] = {}
    for category, pair in spent.items():
        if category not in lines:
            raise ApplicationError(
                _("预算科目“%(name)s”不在任务书预算中。") % {"name": labels.get(category, category)},
                extra={"field": "spent"},
            )
        special, own = pair
        label = str(labels[category])
        cleaned[category] = (
            _amount(special, f"spent_special_{category}", _("%(c)s专项经费支出") % {"c": label}),
            _amount(own, f"spent_self_{category}", _("%(c)s自筹经费支出") % {"c": label}),
        )
    total = sum((v[0] for v in cleaned.values()), ZERO) + sum(
        (b.spent_special for c, b in lines.items() if c not in cleaned), ZERO
    )
    paid = funds_disbursed(project)
    if total > paid:
        raise ApplicationError(
            _("专项经费累计支出%(spent)s万元，超过已拨付的%(paid)s万元，请核对。")
            % {"spent": wan(total), "paid": wan(paid)},
            extra={"field": "spent"},
        )
    return cleaned


def apply_spending(
    *, project: Project, actor: Any, cleaned: dict[str, tuple[Decimal, Decimal]], year: int | None = None
) -> None:
    """Write the cumulative spending per category (inside the caller's transaction, audited) and, for the
    report's ``year``, keep it as that year's figures (``BudgetYear``: spending by year)."""
    for line in ProjectBudget.objects.select_for_update().filter(project=project, category__in=list(cleaned)):
        special, own = cleaned[line.category]
        if year is not None:
            BudgetYear.objects.update_or_create(
                project=project,
                year=year,
                category=line.category,
                defaults={"spent_special": special, "spent_self": own},
            )
        if (line.spent_special, line.spent_self) == (special, own):
            continue
        before = snapshot(line, ["spent_special", "spent_self"])
        line.spent_special, line.spent_self = special, own
        clean_and_save(line)
        audit_log(
            actor=actor,
            action="program_budget.spent",
            target=line,
            before=before,
            after=snapshot(line, ["spent_special", "spent_self"]),
        )


@transaction.atomic
def project_terminate(
    *, project: Project, actor: Any, reason: str, expected_version: int | None = None
) -> Termination:
    """Terminate (终止) the project: the special funds disbursed and not spent are to be returned."""
    ensure_allowed(actor, project, "decide")
    check_version(project, expected_version)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("请填写终止原因。"), extra={"field": "reason"})
    due = max(funds_disbursed(project) - funds_spent(project), ZERO)
    transition(
        obj=project,
        to=ProjectStatus.TERMINATED,
        actor=actor,
        transitions=PROJECT_TRANSITIONS,
        note=reason,
        expected_version=expected_version,
    )
    termination = Termination(project=project, reason=reason, refund_due=due, decided_by=actor)
    clean_and_save(termination)
    audit_log(
        actor=actor, action="program_project.terminate", target=termination, after=snapshot(termination)
    )
    return termination


@transaction.atomic
def refund_record(*, termination: Termination, actor: Any, amount: Any, refunded_on: dt.date) -> Termination:
    """Record funds returned after termination (经费退回); never more than what is due."""
    ensure_allowed(actor, termination.project, "decide")
    termination = Termination.objects.select_for_update().get(pk=termination.pk)
    value = _amount(amount, "amount", _("退回金额"))
    if value <= 0:
        raise ApplicationError(_("退回金额必须大于零。"), extra={"field": "amount"})
    left = termination.refund_due - termination.refunded
    if value > left:
        raise ApplicationError(
            _("退回金额超过尚未退回的%(left)s万元。") % {"left": wan(left)}, extra={"field": "amount"}
        )
    before = snapshot(termination, ["refunded", "refunded_on"])
    termination.refunded += value
    termination.refunded_on = refunded_on
    clean_and_save(termination)
    audit_log(
        actor=actor,
        action="program_project.refund",
        target=termination,
        before=before,
        after=snapshot(termination, ["refunded", "refunded_on"]),
    )
    return termination
