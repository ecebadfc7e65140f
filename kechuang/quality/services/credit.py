"""Quality credit (质量信用): events and the grade recomputed from them on every change.

The published rule (``grade_for``), over the events of the last 24 months (730 days up to ``today``):

* **D** (失信) — any 重大行政处罚;
* **C** — any 行政处罚, or two or more 抽检不合格 / 产品召回 together;
* **B** — one 抽检不合格 or 产品召回;
* **A** — otherwise. 抽检合格 and 质量荣誉 are kept on record but do not lift a lower grade.

A grade is stored as a :class:`~kechuang.quality.models.CreditGrade` row; a recomputation that changes
the grade or its reason adds a row and marks it current, so the history stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.quality.choices import CreditEventKind, CreditGradeValue
from kechuang.quality.models import CreditEvent, CreditGrade
from kechuang.registry.choices import IntegrityKind
from kechuang.registry.models import Organization
from kechuang.registry.services_integrity import integrity_sync

WINDOW = dt.timedelta(days=730)


def grade_for(events: Iterable[tuple[str, dt.date]], *, today: dt.date) -> tuple[str, str]:
    """``(grade, reason)`` for events given as ``(kind, date)`` pairs (the rule in this module's docstring)."""
    since = today - WINDOW
    recent = [kind for kind, on in events if since <= on <= today]
    major = recent.count(CreditEventKind.MAJOR_PENALTY)
    penalties = recent.count(CreditEventKind.PENALTY)
    faults = recent.count(CreditEventKind.INSPECTION_FAILED) + recent.count(CreditEventKind.RECALL)
    if major:
        return CreditGradeValue.D, _("近24个月内有重大行政处罚%(n)d次") % {"n": major}
    if penalties:
        return CreditGradeValue.C, _("近24个月内有行政处罚%(n)d次") % {"n": penalties}
    if faults >= 2:
        return CreditGradeValue.C, _("近24个月内抽检不合格或产品召回%(n)d次") % {"n": faults}
    if faults == 1:
        return CreditGradeValue.B, _("近24个月内抽检不合格或产品召回1次")
    return CreditGradeValue.A, _("近24个月内无不良质量信用记录")


@transaction.atomic
def credit_recompute(*, organization: Organization, actor: Any, today: dt.date | None = None) -> CreditGrade:
    """Recompute the organization's grade; a new current row when the grade or its reason changed."""
    today = today or timezone.localdate()
    events = CreditEvent.objects.filter(organization=organization).values_list("kind", "occurred_on")
    grade, reason = grade_for(events, today=today)
    current = (
        CreditGrade.objects.select_for_update().filter(organization=organization, is_current=True).first()
    )
    if current is not None and current.grade == grade and current.reason == reason:
        return current
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current", "updated_at"])
    row = CreditGrade(organization=organization, grade=grade, reason=reason, is_current=True)
    row.full_clean()
    row.save()
    audit_log(
        actor=actor,
        action="credit_grade.compute",
        target=row,
        before={"grade": current.grade if current else None},
        after={"grade": grade, "reason": reason},
    )
    # A D grade is 失信: it puts the organization on the registry's integrity list (and a better grade takes
    # it off), so every application path refuses it with the same reason.
    integrity_sync(
        actor=actor,
        organization=organization,
        source_key="quality_credit",
        kind=IntegrityKind.QUALITY_CREDIT,
        listed=grade == CreditGradeValue.D,
        reason=reason,
        on=today,
        authority=_("市场监督管理部门（质量信用评级）"),
    )
    return row


def _clean(*, kind: str, occurred_on: dt.date, source: str) -> None:
    if kind not in CreditEventKind.values:
        raise ApplicationError(_("事件类型不正确。"), extra={"field": "kind"})
    check_date_range(occurred_on, field="occurred_on", label=_("发生日期"))
    if occurred_on > timezone.localdate():
        raise ApplicationError(_("发生日期不能晚于今天。"), extra={"field": "occurred_on"})
    if not source.strip():
        raise ApplicationError(_("请填写信息来源。"), extra={"field": "source"})


@transaction.atomic
def credit_event_create(
    *, organization: Organization, actor: Any, kind: str, occurred_on: dt.date, source: str, note: str = ""
) -> CreditEvent:
    _clean(kind=kind, occurred_on=occurred_on, source=source)
    event = CreditEvent(
        organization=organization, kind=kind, occurred_on=occurred_on, source=source.strip(), note=note
    )
    event.full_clean()
    event.save()
    audit_log(actor=actor, action="credit_event.create", target=event, after=snapshot(event))
    credit_recompute(organization=organization, actor=actor)
    return event


@transaction.atomic
def credit_event_update(
    *, event: CreditEvent, actor: Any, kind: str, occurred_on: dt.date, source: str, note: str = ""
) -> CreditEvent:
    _clean(kind=kind, occurred_on=occurred_on, source=source)
    before = snapshot(event)
    event.kind, event.occurred_on, event.source, event.note = kind, occurred_on, source.strip(), note
    event.full_clean()
    event.save()
    audit_log(actor=actor, action="credit_event.update", target=event, before=before, after=snapshot(event))
    credit_recompute(organization=event.organization, actor=actor)
    return event


@transaction.atomic
def credit_event_delete(*, event: CreditEvent, actor: Any) -> None:
    organization = event.organization
    audit_log(actor=actor, action="credit_event.delete", target=event, before=snapshot(event))
    event.delete()
    credit_recompute(organization=organization, actor=actor)
