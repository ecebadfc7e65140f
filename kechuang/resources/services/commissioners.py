"""Science and technology commissioners: officers put people of universities and institutes in the pool,
send them to an enterprise, a park or a village under an agreement for a period, and assess them each year;
a commissioner logs the work, and the host confirms (with a rating) or disputes each log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can, not_allowed
from kechuang.core.workflow import transition
from kechuang.registry.models import Membership, Organization, Park, Region
from kechuang.registry.selectors import user_officer_roles
from kechuang.resources.choices import (
    DISPATCH_TRANSITIONS,
    LOG_TRANSITIONS,
    DispatchStatus,
    HostKind,
    LogStatus,
)
from kechuang.resources.models_commissioners import Assessment, Commissioner, Dispatch, WorkLog
from kechuang.resources.services.rating import check_rating

HOME_KINDS = ("university", "institute")


def _ensure_officer_of(actor: Any, path: str) -> None:
    """The actor serves a science department over a region subtree holding ``path`` (or is a platform
    admin): the commissioner programme is the science departments'."""
    if user_is_platform_admin(actor):
        return
    if not any(
        path.startswith(role.region.path) and role.department.kind == "science"
        for role in user_officer_roles(actor)
    ):
        raise not_allowed()


@transaction.atomic
def commissioner_add(*, actor: Any, user: Any, home: Organization, expertise: str) -> Commissioner:
    """An officer of the home's region puts a member of a university or institute in the pool."""
    _ensure_officer_of(actor, home.region_path)
    if home.kind not in HOME_KINDS:
        raise ApplicationError(_("科技特派员须来自高等院校或科研院所。"), extra={"field": "home"})
    if not Membership.objects.filter(user=user, organization=home).exists():
        raise ApplicationError(
            _("该用户不是%(home)s的成员。") % {"home": home.name}, extra={"field": "username"}
        )
    if not expertise.strip():
        raise ApplicationError(_("请填写专业领域。"), extra={"field": "expertise"})
    if Commissioner.objects.filter(user=user).exists():
        raise ApplicationError(_("该用户已在科技特派员库中。"), extra={"field": "username"})
    commissioner = Commissioner(user=user, home=home, expertise=expertise.strip())
    commissioner.full_clean()
    commissioner.save()
    audit_log(actor=actor, action="commissioner.add", target=commissioner, after={"home": home.pk})
    return commissioner


@transaction.atomic
def dispatch_create(
    *,
    actor: Any,
    commissioner: Commissioner,
    host_kind: str,
    agreement_no: str,
    agreement_summary: str,
    starts_on: dt.date,
    ends_on: dt.date,
    organization: Organization | None = None,
    park: Park | None = None,
    village: str = "",
    village_region: Region | None = None,
) -> Dispatch:
    """An officer of the host's region sends a commissioner in the pool to the host."""
    if not commissioner.active:
        raise ApplicationError(_("该特派员已不在库中。"), extra={"field": "commissioner"})
    if host_kind == HostKind.ENTERPRISE and organization is not None:
        path = organization.region_path
    elif host_kind == HostKind.PARK and park is not None:
        path = park.region.path
    elif host_kind == HostKind.VILLAGE and village.strip() and village_region is not None:
        path = village_region.path
    else:
        raise ApplicationError(_("请填写派驻对象。"), extra={"field": "host_kind"})
    _ensure_officer_of(actor, path)
    if ends_on < starts_on:
        raise ApplicationError(_("派驻结束日期不能早于开始日期。"), extra={"field": "ends_on"})
    if not agreement_no.strip() or not agreement_summary.strip():
        raise ApplicationError(_("请填写协议编号和服务内容。"), extra={"field": "agreement_no"})
    dispatch = Dispatch(
        commissioner=commissioner,
        host_kind=host_kind,
        organization=organization if host_kind == HostKind.ENTERPRISE else None,
        park=park if host_kind == HostKind.PARK else None,
        village=village.strip() if host_kind == HostKind.VILLAGE else "",
        region_path=path,
        agreement_no=agreement_no.strip(),
        agreement_summary=agreement_summary.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        dispatched_by=actor,
    )
    dispatch.full_clean()
    dispatch.save()
    audit_log(
        actor=actor,
        action="commissioner.dispatch",
        target=dispatch,
        after={"commissioner": commissioner.pk, "host": dispatch.host_name, "ends_on": ends_on},
    )
    return dispatch


@transaction.atomic
def dispatch_transition(*, actor: Any, dispatch: Dispatch, to: str, note: str = "") -> Dispatch:
    """The officer ends a dispatch: completed (period over) or terminated (with a reason)."""
    ensure_can(actor, dispatch, "manage")
    if to == DispatchStatus.TERMINATED and not note.strip():
        raise ApplicationError(_("请填写终止派驻的理由。"), extra={"field": "note"})
    transition(obj=dispatch, to=to, actor=actor, transitions=DISPATCH_TRANSITIONS, note=note)
    return dispatch


@transaction.atomic
def worklog_submit(
    *,
    actor: Any,
    dispatch: Dispatch,
    kind: str,
    worked_on: dt.date,
    summary: str,
    problems_solved: int = 0,
    trainees: int = 0,
    technologies: int = 0,
) -> WorkLog:
    """The commissioner logs a piece of work within the dispatch's period."""
    ensure_can(actor, dispatch, "log")
    if dispatch.status != DispatchStatus.ACTIVE:
        raise ApplicationError(_("派驻已结束，不能再填写工作记录。"))
    if not dispatch.starts_on <= worked_on <= min(dispatch.ends_on, timezone.localdate()):
        raise ApplicationError(
            _("日期须在派驻期内（%(start)s至%(end)s）且不晚于今天。")
            % {"start": f"{dispatch.starts_on:%Y年%-m月%-d日}", "end": f"{dispatch.ends_on:%Y年%-m月%-d日}"},
            extra={"field": "worked_on"},
        )
    if not summary.strip():
        raise ApplicationError(_("请填写工作内容。"), extra={"field": "summary"})
    log = WorkLog(
        dispatch=dispatch,
        kind=kind,
        worked_on=worked_on,
        summary=summary.strip(),
        problems_solved=problems_solved,
        trainees=trainees,
        technologies=technologies,
    )
    log.full_clean()
    log.save()
    audit_log(
        actor=actor, action="commissioner.log", target=log, after={"kind": kind, "worked_on": worked_on}
    )
    return log


@transaction.atomic
def worklog_confirm(*, actor: Any, log: WorkLog, rating: int, comment: str = "") -> WorkLog:
    """The host confirms a log and rates the work (1–5)."""
    ensure_can(actor, log, "confirm")
    check_rating(rating)
    transition(obj=log, to=LogStatus.CONFIRMED, actor=actor, transitions=LOG_TRANSITIONS)
    log.rating, log.host_comment = rating, comment.strip()
    log.save(update_fields=["rating", "host_comment", "updated_at"])
    return log


@transaction.atomic
def worklog_dispute(*, actor: Any, log: WorkLog, comment: str) -> WorkLog:
    """The host disputes a log, saying why."""
    ensure_can(actor, log, "confirm")
    if not comment.strip():
        raise ApplicationError(_("请说明异议。"), extra={"field": "comment"})
    transition(obj=log, to=LogStatus.DISPUTED, actor=actor, transitions=LOG_TRANSITIONS, note=comment)
    WorkLog.objects.filter(pk=log.pk).update(host_comment=comment.strip())
    return log


@transaction.atomic
def assessment_record(
    *, actor: Any, commissioner: Commissioner, year: int, grade: str, note: str = ""
) -> Assessment:
    """An officer of the commissioner's region records the year's grade (once a year)."""
    ensure_can(actor, commissioner, "manage")
    if year > timezone.localdate().year:
        raise ApplicationError(_("不能考核尚未开始的年度。"), extra={"field": "year"})
    assessment = Assessment(
        commissioner=commissioner, year=year, grade=grade, note=note.strip(), assessed_by=actor
    )
    assessment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise ApplicationError(_("该特派员本年度已有考核结果。"), extra={"field": "year"}) from None
    audit_log(
        actor=actor, action="commissioner.assess", target=assessment, after={"year": year, "grade": grade}
    )
    return assessment
