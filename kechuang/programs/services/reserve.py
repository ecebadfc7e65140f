"""The reserve library (储备项目库) and recommendations to higher-level programs (向上级推荐): every write
audited, every status move through the tables of ``choices_reserve.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.workflow import transition
from kechuang.programs.choices import ApplicationStatus
from kechuang.programs.choices_reserve import (
    HIGHER_TRANSITIONS,
    RESERVE_TRANSITIONS,
    HigherLevel,
    HigherOutcome,
    ReserveSource,
    ReserveStatus,
)
from kechuang.programs.models import Application, HigherRecommendation, ReserveEntry
from kechuang.programs.services._common import ensure_allowed
from kechuang.registry.models import Department, Organization
from kechuang.registry.selectors import user_organization_ids

S = ApplicationStatus
# Applications worth recommending upward: through the bureau's formal check (funded here or not).
RECOMMENDABLE = frozenset({S.IN_REVIEW, S.APPROVED, S.PUBLICITY, S.ISSUED, S.REJECTED})


def _text(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ApplicationError(message, extra={"field": field})
    return value.strip()


def _year(year: int) -> int:
    this = timezone.localdate().year
    if not this - 1 <= year <= this + 3:
        raise ApplicationError(
            _("储备年度应在%(a)d—%(b)d年之间。") % {"a": this - 1, "b": this + 3}, extra={"field": "year"}
        )
    return year


@transaction.atomic
def reserve_from_application(*, application: Application, actor: Any, year: int, reason: str) -> ReserveEntry:
    """An application this bureau did not fund (未立项) kept in its department's reserve library."""
    ensure_allowed(actor, application, "decide")
    locked = (
        Application.objects.select_for_update()
        .select_related("topic__call__program_type")
        .get(pk=application.pk)
    )
    if locked.status != S.REJECTED:
        raise ApplicationError(_("只有未立项的项目申报可以转入储备项目库。"))
    if ReserveEntry.objects.filter(application=locked).exists():
        raise ApplicationError(_("该项目申报已在储备项目库中。"))
    entry = ReserveEntry(
        department=locked.topic.call.program_type.department,
        organization_id=locked.organization_id,
        application=locked,
        source=ReserveSource.NOT_FUNDED,
        title=locked.title,
        summary=locked.summary,
        year=_year(year),
        reason=_text(reason, "reason", _("请填写入库理由。")),
        created_by=actor,
    )
    clean_and_save(entry)
    audit_log(actor=actor, action="programs.reserve_add", target=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def reserve_register(
    *,
    organization: Organization,
    department: Department,
    actor: Any,
    title: str,
    summary: str,
    year: int,
    reason: str,
) -> ReserveEntry:
    """An organization's admin registers a candidate project (候选项目) in a department's reserve library."""
    if organization.pk not in user_organization_ids(actor, admin_only=True):
        raise ApplicationError(_("只有本单位管理员可以登记候选项目。"))
    if not department.program_types.exists():
        raise ApplicationError(_("该部门没有科技计划，不接收候选项目。"), extra={"field": "department"})
    entry = ReserveEntry(
        department=department,
        organization=organization,
        source=ReserveSource.REGISTERED,
        title=_text(title, "title", _("请填写项目名称。"))[:200],
        summary=summary.strip(),
        year=_year(year),
        reason=_text(reason, "reason", _("请填写入库理由。")),
        created_by=actor,
    )
    clean_and_save(entry)
    audit_log(actor=actor, action="programs.reserve_register", target=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def reserve_remove(*, entry: ReserveEntry, actor: Any, reason: str) -> ReserveEntry:
    """出库: the department's officer takes an entry out of the library, with the reason."""
    ensure_allowed(actor, entry, "manage")
    note = _text(reason, "reason", _("请填写出库理由。"))
    locked = ReserveEntry.objects.select_for_update().get(pk=entry.pk)
    ReserveEntry.objects.filter(pk=locked.pk).update(removal_reason=note[:300])
    locked.refresh_from_db()
    transition(obj=locked, to=ReserveStatus.REMOVED, actor=actor, transitions=RESERVE_TRANSITIONS, note=note)
    return locked


@transaction.atomic
def higher_recommend(
    *,
    application: Application,
    actor: Any,
    level: str,
    program_name: str,
    year: int,
    recommended_on: dt.date | None = None,
) -> HigherRecommendation:
    """推荐: the bureau recommends an application to a higher level's program (e.g. 国家重点研发计划)."""
    ensure_allowed(actor, application, "decide")
    if level not in HigherLevel.values:
        raise ApplicationError(_("请选择推荐层级。"), extra={"field": "level"})
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in RECOMMENDABLE:
        raise ApplicationError(
            _("项目申报%(status)s，通过形式审查后才能向上级推荐。") % {"status": locked.get_status_display()}
        )
    name = _text(program_name, "program_name", _("请填写上级计划名称。"))[:120]
    if HigherRecommendation.objects.filter(application=locked, program_name=name, year=year).exists():
        raise ApplicationError(_("该项目本年度已推荐到这一上级计划。"), extra={"field": "program_name"})
    rec = HigherRecommendation(
        application=locked,
        level=level,
        program_name=name,
        year=year,
        recommended_on=recommended_on or timezone.localdate(),
        recommended_by=actor,
    )
    clean_and_save(rec)
    audit_log(actor=actor, action="programs.higher_recommend", target=rec, after=snapshot(rec))
    return rec


@transaction.atomic
def higher_outcome(
    *,
    recommendation: HigherRecommendation,
    actor: Any,
    funded: bool,
    note: str = "",
    on: dt.date | None = None,
) -> HigherRecommendation:
    """Record the higher level's decision: 立项 or 未立项 (未立项 needs the reason given)."""
    ensure_allowed(actor, recommendation, "decide")
    if not funded and not note.strip():
        raise ApplicationError(_("请填写上级未立项的说明。"), extra={"field": "note"})
    locked = HigherRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    HigherRecommendation.objects.filter(pk=locked.pk).update(
        outcome_note=note.strip()[:300], outcome_on=on or timezone.localdate(), decided_by=actor
    )
    locked.refresh_from_db()
    to = HigherOutcome.FUNDED if funded else HigherOutcome.NOT_FUNDED
    transition(obj=locked, to=to, actor=actor, transitions=HIGHER_TRANSITIONS, note=note.strip())
    return locked
