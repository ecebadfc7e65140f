"""``application_transition``: the one way to move an application, with the side effects of the state
it enters (snapshot, review panel, quota, publicity window, certificate, carrier)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.carriers.choices import CARRIER_TRANSITIONS, CarrierStatus
from kechuang.carriers.services import carrier_record_recognition, carrier_transition
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import can, restrict
from kechuang.core.services import notification_send
from kechuang.core.workflow import status_label, transition
from kechuang.recognition.certificate import chinese_date, new_verification_code
from kechuang.recognition.choices import (
    REASON_REQUIRED,
    TRANSITION_ACTORS,
    TRANSITIONS,
    Actor,
    ApplicationStatus,
    CallStatus,
    ObjectionStatus,
    ReEvaluationOutcome,
)
from kechuang.recognition.indicators import parse_indicator_system, score_figures
from kechuang.recognition.models import Application, Call, Certificate, ReEvaluation
from kechuang.recognition.services import trademarks
from kechuang.recognition.services._common import check_version, window_message, window_open
from kechuang.recognition.services.eligibility import eligibility_check, latest_figures
from kechuang.registry.choices import MembershipRole
from kechuang.registry.models import OfficerAssignment
from kechuang.registry.selectors import membership_list
from kechuang.registry.services import ensure_can_apply
from kechuang.registry.services_designations import designation_end, designation_grant
from kechuang.review.choices import PanelStatus
from kechuang.review.models import Panel
from kechuang.review.selectors import item_for_subject, panel_for_owner
from kechuang.review.services import panel_add_item, panel_create, panel_remove_item

S = ApplicationStatus


def _build_snapshot(application: Application) -> tuple[int | None, dict[str, Any], Decimal]:
    org = application.organization
    year, figures = latest_figures(org)
    system = parse_indicator_system(application.call.indicator_system)
    score = score_figures(system, figures)
    data = {
        "organization": {
            "name": org.name,
            "uscc": org.uscc,
            "region": org.region_id,
            "industry": org.industry_id,
            "size": org.size,
            "founded_on": org.founded_on.isoformat() if org.founded_on else None,
        },
        "year": year,
        "figures": {k: (str(v) if v is not None else None) for k, v in figures.items()},
        "indicator_scores": [
            {
                "code": line.code,
                "name": line.name,
                "value": str(line.value) if line.value is not None else None,
                "unit": line.unit,
                "points": str(line.points),
                "max": str(line.max_score),
            }
            for line in score.lines
        ],
        "attachments": [a.title for a in application.attachments.all()],
        "taken_at": timezone.now().isoformat(),
    }
    return year, data, score.points


def _actor_kind_allowed(application: Application, actor: Any, source: str, target: str) -> None:
    kind = TRANSITION_ACTORS.get((source, target))
    if kind == Actor.APPLICANT:
        if not can(actor, application, "submit"):
            raise ApplicationError(_("只有申报单位管理员可以执行此操作。"))
    elif not can(actor, application, "decide"):
        raise ApplicationError(_("只有主管部门的工作人员可以执行此操作。"))


def _call_panel(call: Call, actor: Any) -> Panel | None:
    """The call's review panel (created on first use from the scheme's expert indicators)."""
    panel = panel_for_owner(owner=call)
    if panel is not None:
        return panel
    system = parse_indicator_system(call.indicator_system)
    indicators = [
        {"code": i.code, "name": i.name, "max_score": str(i.max_score)} for i in system.expert_indicators
    ]
    if not indicators:
        return None
    return panel_create(
        owner=call,
        name=_("%(call)s 专家评审组") % {"call": call.title},
        department=call.scheme.department,
        indicators=indicators,
        actor=actor,
        experts_per_item=5,
        spread_threshold=Decimal(sum(Decimal(i["max_score"]) for i in indicators) * Decimal("0.3")).quantize(
            Decimal("0.01")
        ),
    )


def _on_enter(
    application: Application, source: str, target: str, actor: Any, note: str, today: dt.date
) -> dict[str, Any]:
    """Side effects and field updates of entering ``target``; returns the fields to save."""
    call = application.call
    scheme = call.scheme
    updates: dict[str, Any] = {}
    if target == S.SUBMITTED:
        now = timezone.now()
        if source == S.DRAFT and not window_open(call, now):
            raise ApplicationError(window_message(call, now))
        if source == S.RETURNED and call.status == CallStatus.ARCHIVED:
            raise ApplicationError(_("申报批次已归档，不能再提交。"))
        ensure_can_apply(application.organization)
        unmet = eligibility_check(call=call, organization=application.organization, today=today)
        if unmet:
            raise ApplicationError(
                _("不符合申报条件：%(reasons)s") % {"reasons": "；".join(unmet)}, extra={"unmet": unmet}
            )
        if not application.attachments.exists():
            raise ApplicationError(_("请至少上传一份申报材料后再提交。"))
        trademarks.check_submission(application, today)
        year, data, auto = _build_snapshot(application)
        updates.update(snapshot=data, snapshot_year=year, auto_score=auto, submitted_at=now, last_note="")
    elif target == S.RETURNED:
        updates["last_note"] = note
    elif target == S.EXPERT_REVIEW:
        panel = _call_panel(call, actor)
        if panel is not None:
            if panel.status != PanelStatus.FORMING:
                raise ApplicationError(_("本批次专家评审已开始，不能再加入新的申请。"))
            if item_for_subject(subject=application) is None:
                panel_add_item(
                    panel=panel,
                    subject=application,
                    organization=application.organization,
                    label=application.title,
                    actor=actor,
                )
    elif target == S.DECISION:
        item = item_for_subject(subject=application)
        expert = None
        if item is not None:
            if item.panel.status != PanelStatus.CLOSED:
                raise ApplicationError(_("专家评审尚未结束，评分封存中，不能进入审定。"))
            expert = item.score
            updates["score_flagged"] = item.flagged
        updates["expert_score"] = expert
        updates["total_score"] = (application.auto_score or Decimal(0)) + (expert or Decimal(0))
    elif target == S.PUBLICITY:
        if call.quota is not None:
            taken = (
                Application.objects.filter(
                    call=call, status__in=[S.PUBLICITY, S.RECOGNISED, S.RE_EVALUATION, S.WARNED]
                )
                .exclude(pk=application.pk)
                .count()
            )
            if taken >= call.quota:
                raise ApplicationError(
                    _("本批次认定名额（%(quota)d个）已满，不能再列入公示。") % {"quota": call.quota}
                )
        updates["publicity_starts_on"] = today
        updates["publicity_ends_on"] = today + dt.timedelta(days=scheme.publicity_days)
    elif target == S.RECOGNISED and source == S.PUBLICITY:
        if application.publicity_ends_on and today <= application.publicity_ends_on:
            raise ApplicationError(
                _("公示期至%(date)s结束，公示期满后才能认定。")
                % {"date": chinese_date(application.publicity_ends_on)}
            )
        if application.objections.filter(status=ObjectionStatus.OPEN).exists():
            raise ApplicationError(_("还有未处理的公示异议，处理完毕后才能认定。"))
        if application.objections.filter(status=ObjectionStatus.UPHELD).exists():
            raise ApplicationError(_("公示异议成立，不能认定。"))
    return updates


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _after_enter(
    application: Application, source: str, target: str, actor: Any, note: str, today: dt.date
) -> None:
    scheme = application.call.scheme
    if target == S.RECOGNISED and source == S.PUBLICITY:
        valid_until = _add_years(today, scheme.validity_years) - dt.timedelta(days=1)
        seq = Certificate.objects.filter(application__call=application.call).count() + 1
        number = f"{scheme.code.upper()}-{application.call.year}-{seq:04d}"
        while Certificate.objects.filter(number=number).exists():
            seq += 1
            number = f"{scheme.code.upper()}-{application.call.year}-{seq:04d}"
        code = new_verification_code()
        while Certificate.objects.filter(verification_code=code).exists():  # pragma: no cover - 31^16 space
            code = new_verification_code()
        certificate = Certificate(
            application=application,
            number=number,
            verification_code=code,
            issued_on=today,
            valid_until=valid_until,
        )
        clean_and_save(certificate)
        if scheme.carrier_kind:
            carrier = carrier_record_recognition(
                organization=application.organization,
                kind=scheme.carrier_kind,
                tier=scheme.tier,
                name=f"{application.organization.name}{scheme.recognition_title}",
                actor=actor,
                responsible_department=scheme.department,
                certificate_no=number,
                recognised_on=today,
                valid_until=valid_until,
            )
            Application.objects.filter(pk=application.pk).update(carrier=carrier)
            application.carrier = carrier
        if scheme.designation_kind:
            designation_grant(
                organization=application.organization,
                actor=actor,
                kind=scheme.designation_kind,
                certificate_no=number,
                issuer=scheme.department.name,
                valid_from=today,
                valid_to=valid_until,
            )
        trademarks.on_recognised(application, certificate, actor)
        audit_log(actor=actor, action="certificate.issue", target=application, after={"number": number})
    elif target == S.RECOGNISED and source == S.RE_EVALUATION:
        _carrier_status(application, CarrierStatus.ACTIVE, actor, note)
    elif target == S.RE_EVALUATION:
        ReEvaluation.objects.create(application=application, year=today.year)
    elif target == S.WARNED:
        _carrier_status(application, CarrierStatus.WARNED, actor, note)
    elif target == S.REVOKED:
        Certificate.objects.filter(application=application, revoked_on__isnull=True).update(revoked_on=today)
        _carrier_status(application, CarrierStatus.REVOKED, actor, note)
        _end_designation(application, actor, note, today)
        trademarks.on_revoked(application, actor, note, today)
    if source == S.RE_EVALUATION:
        outcomes: dict[str, str] = {
            S.RECOGNISED: ReEvaluationOutcome.PASS,
            S.WARNED: ReEvaluationOutcome.WARNING,
            S.REVOKED: ReEvaluationOutcome.REVOCATION,
        }
        outcome = outcomes[target]
        ReEvaluation.objects.filter(application=application, outcome="").update(
            outcome=outcome, note=note, decided_by=actor, decided_at=timezone.now()
        )
    if target in (S.REJECTED, S.WITHDRAWN):
        item = item_for_subject(subject=application)
        if item is not None and item.panel.status == PanelStatus.FORMING:
            panel_remove_item(item=item, actor=actor)


def _end_designation(application: Application, actor: Any, note: str, today: dt.date) -> None:
    """A revocation ends the designation the recognition granted (matched by its certificate)."""
    kind = application.call.scheme.designation_kind
    certificate = Certificate.objects.filter(application=application).first()
    if kind and certificate is not None:
        designation_end(
            organization=application.organization,
            actor=actor,
            kind=kind,
            certificate_no=certificate.number,
            on=today,
            reason=note,
        )


def _carrier_status(application: Application, status: str, actor: Any, note: str) -> None:
    carrier = application.carrier
    if carrier is None:
        return
    carrier.refresh_from_db()
    if carrier.status == status or status not in CarrierStatus.values:
        return
    if status in CARRIER_TRANSITIONS.get(carrier.status, ()):
        carrier_transition(
            carrier=carrier, to=status, actor=actor, note=note or status, check_permission=False
        )


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    """Move an application one step.  Raises :class:`ApplicationError` with a translated reason."""
    today = today or timezone.localdate()
    locked = (
        Application.objects.select_for_update()
        .select_related("call__scheme", "organization")
        .get(pk=application.pk)
    )
    check_version(locked, expected_version)
    source = locked.status
    if to not in S.values:
        raise ApplicationError(_("目标状态不正确。"))
    if to not in TRANSITIONS.get(source, ()):
        raise ApplicationError(
            _("不能从“%(from)s”变更为“%(to)s”。")
            % {"from": status_label(locked, source), "to": status_label(locked, to)},
            extra={"from": source, "to": to},
        )
    _actor_kind_allowed(locked, actor, source, to)
    note = note.strip()
    if (source, to) in REASON_REQUIRED and not note:
        raise ApplicationError(_("请填写意见或理由。"), extra={"field": "note"})
    updates = _on_enter(locked, source, to, actor, note, today)
    if updates:
        Application.objects.filter(pk=locked.pk).update(**updates)
        for k, v in updates.items():
            setattr(locked, k, v)
    transition(
        obj=locked,
        to=to,
        actor=actor,
        transitions=TRANSITIONS,
        note=note,
        expected_version=locked.version,
    )
    _after_enter(locked, source, to, actor, note, today)
    if TRANSITION_ACTORS.get((source, to)) != Actor.APPLICANT:
        _notify_applicant(locked, to, note)
    elif to == S.SUBMITTED:
        _notify_officers(locked)
    locked.refresh_from_db()
    return locked


def _notify_officers(application: Application) -> None:
    """An application was submitted: the officers of the call's department whose region covers the
    applicant are told it waits for them."""
    officers = OfficerAssignment.objects.filter(
        ended_on__isnull=True, department_id=application.call.scheme.department_id
    ).select_related("user", "region")
    title = _("新的认定申请待受理：%(org)s（%(call)s）") % {
        "org": application.organization.name,
        "call": application.call.title,
    }
    link = reverse("recognition:application_detail", args=[application.pk])
    told: set[int] = set()
    for officer in officers:
        if application.region_path.startswith(officer.region.path) and officer.user_id not in told:
            told.add(officer.user_id)
            notification_send(recipient=officer.user, title=title, link=link, kind="recognition.submitted")


def _notify_applicant(application: Application, to: str, note: str) -> None:
    """The officer moved the application: the applicant's admins learn the new state (and, when it is
    returned, that they must act), with a link to the application."""
    title = (
        _("认定申请被退回修改，请按意见修改后重新提交：%(call)s")
        if to == S.RETURNED
        else _("认定申请状态更新为“%(status)s”：%(call)s")
    ) % {"status": status_label(application, to), "call": application.call.title}
    link = reverse("recognition:application_detail", args=[application.pk])
    for membership in membership_list(organization=application.organization).filter(
        role=MembershipRole.ADMIN
    ):
        notification_send(
            recipient=membership.user, title=title, body=note, link=link, kind="recognition.application"
        )


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def application_bulk_transition(
    *, application_ids: Iterable[int], to: str, actor: Any, note: str = "", today: dt.date | None = None
) -> BulkResult:
    """Apply one move to many applications; each succeeds or fails alone, failures say why."""
    result = BulkResult()
    ids = sorted({int(x) for x in application_ids})
    visible = dict(
        (a.pk, a)
        for a in restrict(Application.objects.filter(pk__in=ids), actor, "decide").select_related("call")
    )
    for pk in ids:
        application = visible.get(pk)
        if application is None:
            result.failed.append((pk, _("对象不存在或无权访问。")))
            continue
        try:
            application_transition(application=application, to=to, actor=actor, note=note, today=today)
        except ApplicationError as exc:
            result.failed.append((pk, exc.message))
        else:
            result.done.append(pk)
    return result
